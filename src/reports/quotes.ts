// Quotes in reports and the publication gate's quote check (`factdesk check --quotes`): a quote
// that is altered, said by someone else or not found in the sources holds the article back, unless
// a note with a final verdict covers it (an editor may accept a paraphrase on the record).
import type { Span } from '../core/types';
import { isFinalVerdict, LineIndex, type LineColumn, type Report, type ReportNote, type ReportQuote, type ReportQuoteCheck } from './model';

export const QUOTE_STATUS_LABELS: Record<ReportQuoteCheck['status'], string> = {
  verbatim: 'verbatim',
  altered: 'altered',
  'wrong-speaker': 'wrong speaker',
  'not-found': 'not found',
};

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

/** The placed notes of a report (on claims and on other passages), each once. */
export function placedNotes(report: Report): ReportNote[] {
  const seen = new Set<string>();
  const out: ReportNote[] = [];
  for (const n of [...report.claims.flatMap((c) => c.notes), ...report.otherNotes]) {
    if (n.span && !seen.has(n.id)) {
      seen.add(n.id);
      out.push(n);
    }
  }
  return out;
}

/** The notes with a final verdict on their current text (not changed since checked) whose passage overlaps the quote. */
export function notesOnQuote(report: Report, quote: Span): ReportNote[] {
  return placedNotes(report).filter((n) => isFinalVerdict(n.verdict) && n.state !== 'changed' && overlaps(n.span!, quote));
}

export interface QuoteGateResult {
  passed: boolean;
  /** Checked quotes that are not verbatim and carry no note with a final verdict. */
  failing: Array<ReportQuote & { check: ReportQuoteCheck }>;
  /** Checked quotes that are not verbatim but a note with a final verdict accepts. */
  accepted: Array<ReportQuote & { check: ReportQuoteCheck }>;
  checked: number;
}

export function quoteGate(report: Report): QuoteGateResult {
  const failing: QuoteGateResult['failing'] = [];
  const accepted: QuoteGateResult['accepted'] = [];
  let checked = 0;
  for (const q of report.quotes) {
    if (!q.check) continue;
    checked++;
    if (q.check.status === 'verbatim') continue;
    const withCheck = q as ReportQuote & { check: ReportQuoteCheck };
    if (notesOnQuote(report, q).length) accepted.push(withCheck);
    else failing.push(withCheck);
  }
  return { passed: failing.length === 0, failing, accepted, checked };
}

/** A diff in one line: omitted words as [-word-], inserted ones as {+word+}. */
export function quoteDiffText(diff: ReportQuoteCheck['diff']): string {
  return diff.map((d) => (d.op === 'equal' ? d.text : d.op === 'delete' ? `[-${d.text}-]` : `{+${d.text}+}`)).join(' ');
}

/** The checked quotes of a report with where each starts, in text order. */
export function checkedQuotes(report: Report): Array<ReportQuote & { check: ReportQuoteCheck; position: LineColumn; accepted: boolean }> {
  const lines = new LineIndex(report.text);
  return report.quotes
    .filter((q): q is ReportQuote & { check: ReportQuoteCheck } => !!q.check)
    .map((q) => ({ ...q, position: lines.at(q.start), accepted: q.check.status !== 'verbatim' && notesOnQuote(report, q).length > 0 }));
}

/** What the quotes section says about the sources the quotes were checked against. */
export function quotesSummary(report: Report): string {
  const n = report.quotesChecked?.sources ?? 0;
  if (!n) return 'No source documents in the workspace: no quote could be checked (put transcripts and statements under sources/).';
  const quotes = checkedQuotes(report);
  const count = (status: ReportQuoteCheck['status']) => quotes.filter((q) => q.check.status === status).length;
  return (
    `Checked against ${n} source document${n === 1 ? '' : 's'}: ` +
    (['verbatim', 'altered', 'wrong-speaker', 'not-found'] as const).map((s) => `${count(s)} ${QUOTE_STATUS_LABELS[s]}`).join(', ') +
    '.'
  );
}
