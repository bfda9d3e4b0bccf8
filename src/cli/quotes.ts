// Quote checks for `factdesk report` and `factdesk check --quotes`: each article's quotes checked
// against the source documents of its workspace (the nearest ancestor holding .factdesk/, else its
// git root, else its folder, as `factdesk lookup` finds it), read once per workspace per run.
import path from 'node:path';
import type { Analysis } from '../core/types';
import type { Report } from '../reports';
import { SourceCorpus, stripMarks, trustedAnalysisSpeaker, verifyQuote } from '../sources';
import {
  decodeArticleBytes,
  DEFAULT_ARTICLE_PATTERNS,
  DEFAULT_SOURCE_PATTERNS,
  findWorkspaceRoot,
  listWorkspaceFiles,
  nodeWorkspaceFileSystem,
  relativePath,
} from '../workspace';

export class CliSources {
  private readonly corpora = new Map<string, SourceCorpus>();

  /** `warn` gets one line per source that cannot be read (it is left out, the others are used). */
  constructor(
    readonly patterns: readonly string[] = DEFAULT_SOURCE_PATTERNS,
    private readonly warn: (line: string) => void = () => undefined,
  ) {}

  /** The source corpus of the workspace `article` lies in. */
  corpusFor(article: string): SourceCorpus {
    const root = findWorkspaceRoot(path.resolve(article), nodeWorkspaceFileSystem);
    let corpus = this.corpora.get(root);
    if (corpus) return corpus;
    corpus = new SourceCorpus();
    const { sources } = listWorkspaceFiles(root, nodeWorkspaceFileSystem, { include: DEFAULT_ARTICLE_PATTERNS, exclude: [], sources: [...this.patterns] });
    for (const file of sources) {
      const rel = relativePath(root, file);
      const bytes = nodeWorkspaceFileSystem.readBytes(file);
      const decoded = bytes ? decodeArticleBytes(bytes) : { error: 'vanished while reading' };
      if ('error' in decoded) this.warn(`source ${rel}: ${decoded.error}; left out of the quote checks`);
      else corpus.add(rel, decoded.text);
    }
    this.corpora.set(root, corpus);
    return corpus;
  }

  /** Checks every quote of the report (titles aside) and records the result on it. */
  attach(report: Report, analysis: Pick<Analysis, 'quotes' | 'entities'>, article: string): void {
    const corpus = this.corpusFor(article);
    const byStart = new Map(analysis.quotes.map((q) => [q.start, q]));
    for (const q of report.quotes) {
      const quote = byStart.get(q.start);
      if (!quote || quote.kind === 'title') continue;
      const text = stripMarks(report.text.slice(q.start, q.end));
      const speaker = trustedAnalysisSpeaker(analysis, quote);
      const check = verifyQuote(corpus, { text, speaker });
      q.check = {
        status: check.status,
        text,
        speaker,
        source: check.source ? { file: check.source.file, line: check.source.line, text: check.source.text, speaker: check.source.speaker } : null,
        diff: check.diff,
        reason: check.reason,
      };
    }
    report.quotesChecked = { sources: corpus.size };
  }
}
