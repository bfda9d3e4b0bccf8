// The quote and claim checks of a workspace, kept in step with its index (src/workspace): the
// source documents' corpus, a corpus of every article's quotes (for drift: the same speaker quoted
// with other words elsewhere) and the noted passages with a final verdict (for "checked before").
// `sync` brings them up to date record by record (a record object that did not change is skipped),
// so the CLI builds them once and the index worker after each change costs only what changed.
import type { Analysis, Quote } from '../core/types';
import { isFinalVerdict } from '../reports/model';
import type { ArticleRecord, IndexedQuote } from '../workspace';
import { SourceCorpus } from './corpus';
import { fragmentsOf, type Fragment } from './normalize';
import { isNamedSpeaker, sameSpeaker } from './speakers';
import { MIN_QUOTE_WORDS } from './verify';
import { VerdictIndex, type CheckedBefore } from './claims';
import { verifyQuote, type DiffOp, type MeaningChange, type QuoteCheck, type QuoteStatus } from './verify';

/** One quote of an article, checked. Offsets UTF-16 in the article. */
export interface CheckedQuote {
  start: number;
  end: number;
  /** The quoted words as written (inside the marks). */
  text: string;
  speaker: string | null;
  status: QuoteStatus;
  source: { file: string; line: number; text: string; speaker: string | null; start: number; end: number; timestamp?: string } | null;
  diff: DiffOp[];
  meaningChanges: MeaningChange[];
  similarity: number;
  reason: string;
}

/** Another article quoting the same speaker with close but different words. */
export interface DriftItem {
  /** The quote of this article. */
  start: number;
  end: number;
  /** The other article's quote. */
  file: string;
  line: number;
  text: string;
  speaker: string | null;
  /** Other article's wording → this article's, word by word. */
  diff: DiffOp[];
  meaningChanges: MeaningChange[];
}

export interface ClaimCheck {
  start: number;
  end: number;
  checkedBefore: CheckedBefore[];
}

export interface ArticleChecks {
  quotes: CheckedQuote[];
  drift: DriftItem[];
  claims: ClaimCheck[];
  /** How many source documents the quotes were checked against. */
  sources: number;
}

/** A quote of an article as the checks read it: its span, words and speaker. */
export interface QuoteOfArticle {
  start: number;
  end: number;
  text: string;
  speaker: string | null;
  kind: 'statement' | 'short' | 'title';
}

/** Other articles' quotes compared precisely per quote, at most (the best-voted). */
const MAX_DRIFT_CANDIDATES = 40;

/** A corpus of one quote, said by its speaker (drift compares two quotes both ways). */
function singleQuoteCorpus(key: string, text: string, speaker: string | null | undefined): SourceCorpus {
  const corpus = new SourceCorpus();
  corpus.addDocument({ file: key, text, turns: [{ speaker: speaker ?? null, start: 0, end: text.length, line: 1 }] });
  return corpus;
}

/** A diff read the other way round. */
const invert = (diff: readonly DiffOp[]): DiffOp[] =>
  diff.map((d) => ({ op: d.op === 'delete' ? 'insert' : d.op === 'insert' ? 'delete' : 'equal', text: d.text }));

/** Key of an article quote in the quote corpus. */
const quoteKey = (file: string, start: number) => `${file}#${start}`;

/** A quote clipped by the index (QUOTE_TEXT_MAX) ends in "…": that is an elision, which the checks read as one. */
const indexedQuoteText = (q: IndexedQuote) => q.text;

export class WorkspaceChecks {
  readonly sources = new SourceCorpus();
  readonly quotes = new SourceCorpus();
  readonly verdicts = new VerdictIndex();
  /** The record each file was last synced from, and the keys it added. */
  private readonly synced = new Map<string, { record: ArticleRecord; quoteKeys: string[]; verdictKeys: string[] }>();
  /** Per quote key: its article, the quote as indexed, and its speaker as the checks trust it (trustedSpeaker). */
  private readonly quoteInfo = new Map<string, { file: string; quote: IndexedQuote; speaker: string | null }>();

  /** Brings the checks up to date with the index: O(changed records). */
  sync(index: { allRecords(): Iterable<ArticleRecord> }): void {
    const present = new Set<string>();
    for (const record of index.allRecords()) {
      present.add(record.file);
      if (this.synced.get(record.file)?.record === record) continue;
      this.drop(record.file);
      this.take(record);
    }
    for (const file of [...this.synced.keys()]) if (!present.has(file)) this.drop(file);
  }

  private drop(file: string): void {
    const old = this.synced.get(file);
    if (!old) return;
    this.sources.remove(file);
    for (const key of old.quoteKeys) {
      this.quotes.remove(key);
      this.quoteInfo.delete(key);
    }
    for (const key of old.verdictKeys) this.verdicts.remove(key);
    this.synced.delete(file);
  }

  private take(record: ArticleRecord): void {
    const quoteKeys: string[] = [];
    const verdictKeys: string[] = [];
    if (record.kind === 'source') {
      if (record.text !== undefined) this.sources.add(record.file, record.text);
    } else {
      for (const q of record.quotes) {
        if (q.kind === 'title') continue;
        const key = quoteKey(record.file, q.start);
        const text = indexedQuoteText(q);
        const speaker = trustedSpeaker(record, q);
        this.quotes.addDocument({ file: key, text, turns: [{ speaker, start: 0, end: text.length, line: q.line }] });
        this.quoteInfo.set(key, { file: record.file, quote: q, speaker });
        quoteKeys.push(key);
      }
      for (const n of record.notes) {
        if (!isFinalVerdict(n.verdict) || n.state === 'orphaned' || n.line === undefined) continue;
        const id = `${record.file}#${n.id}`;
        this.verdicts.add({ id, file: record.file, line: n.line, verdict: n.verdict, text: n.text, comment: n.comment, date: n.modified, noteId: n.id });
        verdictKeys.push(id);
      }
    }
    this.synced.set(record.file, { record, quoteKeys, verdictKeys });
  }

  /** Checks one quote against the sources. */
  checkQuote(quote: QuoteOfArticle): CheckedQuote {
    const check: QuoteCheck = verifyQuote(this.sources, { text: quote.text, speaker: quote.speaker });
    return {
      start: quote.start,
      end: quote.end,
      text: quote.text,
      speaker: quote.speaker,
      status: check.status,
      source: check.source,
      diff: check.diff,
      meaningChanges: check.meaningChanges,
      similarity: check.similarity,
      reason: check.reason,
    };
  }

  /**
   * The other articles quoting the same speaker with close but different words. Symmetric: the two
   * quotes are compared both ways (the shorter one located in the longer), so a drifted quote is
   * flagged on both articles; one that is a verbatim part of the other (a truncation) is no drift.
   */
  drift(file: string, quote: QuoteOfArticle): DriftItem[] {
    if (quote.kind === 'title' || !isNamedSpeaker(quote.speaker)) return [];
    const fragments = fragmentsOf(quote.text);
    const words = fragments.flatMap((f) => f.tokens.map((t) => t.norm));
    if (words.length < MIN_QUOTE_WORDS) return [];
    const own = singleQuoteCorpus('self', quote.text, quote.speaker);
    // A quote without elisions, as its words: one holding the other's words in order is a verbatim part of it.
    const plainWords = (parts: readonly Fragment[]) => (parts.length === 1 ? ` ${parts[0].tokens.map((t) => t.norm).join(' ')} ` : undefined);
    const ownPlain = plainWords(fragments);
    const out: DriftItem[] = [];
    const seen = new Set<string>();
    // The article's own quotes would take the votes (they hold every word): they are skipped.
    const ownQuote = (source: { doc: { file: string } }) => this.quoteInfo.get(source.doc.file)?.file === file;
    for (const window of this.quotes.candidates(words, 0, MAX_DRIFT_CANDIDATES, ownQuote)) {
      const key = window.source.doc.file;
      const info = this.quoteInfo.get(key);
      if (seen.has(key) || !info || info.file === file || !info.speaker || !sameSpeaker(quote.speaker, info.speaker)) continue;
      seen.add(key);
      const other = info.quote;
      const otherPlain = ownPlain && plainWords(fragmentsOf(other.text));
      // The same words, or one a truncation of the other: no drift, and no need to align them.
      if (ownPlain && otherPlain && (otherPlain.includes(ownPlain) || ownPlain.includes(otherPlain))) continue;
      const forward = verifyQuote(singleQuoteCorpus(key, other.text, info.speaker), { text: quote.text, speaker: quote.speaker });
      const backward = verifyQuote(own, { text: other.text, speaker: info.speaker });
      if (forward.status === 'verbatim' || backward.status === 'verbatim') continue;
      // Other article's wording → this one's: the forward diff as it is, the backward one turned round.
      const diff = forward.status === 'altered' ? forward.diff : backward.status === 'altered' ? invert(backward.diff) : undefined;
      if (!diff) continue;
      const changes =
        forward.status === 'altered' ? forward.meaningChanges : backward.meaningChanges.map((c) => ({ ...c, removed: c.added, added: c.removed }));
      out.push({
        start: quote.start,
        end: quote.end,
        file: info.file,
        line: other.line,
        text: other.text,
        speaker: info.speaker,
        diff,
        meaningChanges: changes,
      });
    }
    return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  }

  /** Every check of an article: its quotes, drift and claims checked before. */
  checkArticle(file: string, text: string, quotes: readonly QuoteOfArticle[], claims: ReadonlyArray<{ start: number; end: number }>): ArticleChecks {
    const checked: CheckedQuote[] = [];
    const drift: DriftItem[] = [];
    for (const q of quotes) {
      if (q.kind === 'title') continue;
      checked.push(this.checkQuote(q));
      drift.push(...this.drift(file, q));
    }
    const claimChecks = claims.map((c) => ({ start: c.start, end: c.end, checkedBefore: this.verdicts.matches(text.slice(c.start, c.end), file) }));
    return { quotes: checked, drift, claims: claimChecks, sources: this.sources.size };
  }
}

/** The quotes of an indexed article with their full words from its text (the index clips long ones). */
export function quotesOfRecord(record: ArticleRecord, text: string): QuoteOfArticle[] {
  return record.quotes.map((q) => ({
    start: q.start,
    end: q.end,
    text: stripMarks(text.slice(q.start, q.end)),
    speaker: trustedSpeaker(record, q),
    kind: q.kind,
  }));
}

/**
 * The quote's speaker as the checks use it: a person the engine resolved, or a name of two words or
 * more. A one-word speaker with no entity (a pronoun resolved to a capitalized sentence start,
 * "Spending") would make a quote "wrong-speaker" on the engine's guess, so it counts as unknown.
 */
export function trustedSpeaker(record: Pick<ArticleRecord, 'entities'>, q: Pick<IndexedQuote, 'speaker' | 'speakerEntity' | 'speakerGuessed'>): string | null {
  if (!q.speaker) return null;
  if (q.speakerEntity) return record.entities.some((e) => e.local === q.speakerEntity && e.type === 'person') ? q.speaker : null;
  return !q.speakerGuessed && isNamedSpeaker(q.speaker) && q.speaker.trim().includes(' ') ? q.speaker : null;
}

/** A quote's span without its opening and closing marks. */
export function stripMarks(span: string): string {
  return span.replace(/^[\s"'“”‘’«»„‚‹›「」『』]+/u, '').replace(/[\s"'“”‘’«»„‚‹›「」『』]+$/u, '');
}

/** The same rule as trustedSpeaker for a quote of a fresh analysis (the CLI's report and check). */
export function trustedAnalysisSpeaker(analysis: Pick<Analysis, 'entities'>, quote: Pick<Quote, 'speaker'>): string | null {
  const speaker = quote.speaker;
  if (!speaker) return null;
  if (speaker.entityId) return analysis.entities.some((e) => e.id === speaker.entityId && e.type === 'person') ? speaker.name : null;
  return speaker.via !== 'pronoun' && isNamedSpeaker(speaker.name) && speaker.name.trim().includes(' ') ? speaker.name : null;
}
