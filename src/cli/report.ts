// `factdesk report FILE [--format md|html|claimreview] [-o OUT]`: the fact-check report of an
// article (its check-worthy claims, the notes on them, orphaned notes) from the article and its
// sidecar <file>.factcheck.json.
import fs from 'node:fs';
import type { Command } from 'commander';
import { analyze } from '../core/analyze';
import { DEFAULT_CLAIM_THRESHOLD } from '../core/types';
import { NotesFile } from '../notes';
import { DEFAULT_SOURCE_PATTERNS } from '../workspace';
import { buildReport, renderClaimReview, renderCsv, renderHtml, renderMarkdown, reviewableNotes, serializeJsonLd, type Report } from '../reports';
import { collectArticles, InputError, readArticle } from './input';
import { CliSources } from './quotes';

/** The claim threshold from `--threshold`, a number from 0 to 1. */
export function parseThreshold(value: string | undefined): number {
  if (value === undefined) return DEFAULT_CLAIM_THRESHOLD;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new InputError(`--threshold ${value}: give a number from 0 to 1 (default ${DEFAULT_CLAIM_THRESHOLD})`);
  return n;
}

/**
 * Reads an article and its notes and builds the report. A missing sidecar means no notes; a
 * malformed one is bad input (InputError), never read as "no notes".
 */
export function loadReport(file: string, threshold: number, sources?: CliSources): Report {
  const text = readArticle(file);
  const notesFile = NotesFile.load(file);
  if (notesFile.error) throw new InputError(notesFile.error.message);
  const analysis = analyze(text, { format: /\.(md|markdown)$/i.test(file) ? 'markdown' : undefined, claimThreshold: threshold });
  const report = buildReport({ path: file, text, analysis, notes: notesFile.notes, anchors: notesFile.anchorNotes(text), threshold });
  // The quotes checked against the workspace's sources, when asked (report: always; check: --quotes).
  sources?.attach(report, analysis, file);
  return report;
}

const FORMATS = ['md', 'html', 'claimreview', 'csv'] as const;
/** Formats that take many articles (a folder, a desk) in one output. */
const MULTI_ARTICLE_FORMATS: readonly ReportFormat[] = ['csv'];
type ReportFormat = (typeof FORMATS)[number];

interface ReportOptions {
  format: string;
  output?: string;
  threshold?: string;
  sources?: string[];
  org?: string;
  orgUrl?: string;
  url?: string;
  articleUrl?: string;
}

function absoluteUrl(option: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let protocol = '';
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = '';
  }
  if (protocol !== 'http:' && protocol !== 'https:') throw new InputError(`${option} ${value}: give an absolute http(s) URL`);
  return value;
}

function runReport(paths: string[], opts: ReportOptions): void {
  if (!(FORMATS as readonly string[]).includes(opts.format)) throw new InputError(`--format ${opts.format}: use one of ${FORMATS.join(', ')}`);
  const format = opts.format as ReportFormat;
  const files = collectArticles(paths);
  if (files.length === 0) throw new InputError(`${paths.join(', ')}: no article files (${['.txt', '.md', '.markdown'].join(', ')}) found`);
  if (files.length > 1 && !MULTI_ARTICLE_FORMATS.includes(format)) {
    throw new InputError(`--format ${format} reports on one article (${files.length} given); use --format csv for a folder or several articles`);
  }
  const claimReviewOptions = {
    organization: opts.org,
    organizationUrl: absoluteUrl('--org-url', opts.orgUrl),
    url: absoluteUrl('--url', opts.url),
    articleUrl: absoluteUrl('--article-url', opts.articleUrl),
  };
  const threshold = parseThreshold(opts.threshold);
  const sources = new CliSources(opts.sources ?? DEFAULT_SOURCE_PATTERNS, (line) => process.stderr.write(`factdesk: ${line}\n`));
  if (format === 'csv') {
    writeOutput(renderCsv(files.map((f) => loadReport(f, threshold, sources))), opts.output);
    return;
  }
  const file = files[0];
  const report = loadReport(file, threshold, sources);
  let out: string;
  if (format === 'claimreview') {
    out = serializeJsonLd(renderClaimReview(report, claimReviewOptions));
    const leftOut = report.orphanedNotes.filter((n) => n.verdict !== 'unchecked').length;
    if (leftOut)
      process.stderr.write(
        `factdesk: ${file}: ${leftOut} orphaned note${leftOut === 1 ? '' : 's'} with a verdict left out (re-attach ${leftOut === 1 ? 'it' : 'them'} first)\n`,
      );
    const changed = report.counts.changedNotes;
    if (changed)
      process.stderr.write(
        `factdesk: ${file}: ${changed} note${changed === 1 ? '' : 's'} whose text changed since checked left out (confirm or give the verdict again first)\n`,
      );
    if (!reviewableNotes(report).length) process.stderr.write(`factdesk: ${file}: no note with a final verdict; the ClaimReview list is empty\n`);
  } else {
    out = format === 'html' ? renderHtml(report) : renderMarkdown(report);
  }
  writeOutput(out, opts.output);
}

function writeOutput(out: string, output: string | undefined): void {
  if (!output) {
    process.stdout.write(out);
    return;
  }
  try {
    fs.writeFileSync(output, out);
  } catch (e) {
    throw new InputError(`${output}: cannot write the report (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** Adds `report` to the CLI. */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description(
      'fact-check report: claims with their notes and verdicts (Markdown, HTML with the annotated article, schema.org ClaimReview JSON-LD, or CSV for one article or a whole folder)',
    )
    .argument('<paths...>', 'article file (csv: files or folders)')
    .option('--format <format>', `one of: ${FORMATS.join(', ')}`, 'md')
    .option('-o, --output <file>', 'write the report to a file (default: stdout)')
    .option('--threshold <n>', `claim check-worthiness threshold, 0 to 1 (default ${DEFAULT_CLAIM_THRESHOLD})`)
    .option(
      '--sources <glob...>',
      `globs of the source documents quotes are checked against, relative to the workspace (default: ${DEFAULT_SOURCE_PATTERNS.join(' ')})`,
    )
    .option('--org <name>', 'ClaimReview: the publishing organization (default "FactDesk")')
    .option('--org-url <url>', "ClaimReview: the organization's home page")
    .option('--url <url>', 'ClaimReview: the page that publishes the fact-check (each review gets #note-<id>)')
    .option('--article-url <url>', "ClaimReview: where the article is published (the claim's appearance)")
    .action((paths: string[], opts: ReportOptions) => runReport(paths, opts));
}
