// The publication gate: an article may go out when every check-worthy claim is checked (a note with
// a final verdict given on its current text) or dismissed as not check-worthy, no note's text
// changed since its verdict, and no note has lost its passage (an orphaned note may be a check that
// no longer applies to the text, or one that does and is no longer shown where it belongs).
import { LineIndex, type Report, type ReportClaim, type ReportNote } from './model';
import type { QuoteGateResult } from './quotes';

export interface GateResult {
  passed: boolean;
  /** Claims with no final verdict and no dismissal (claims whose text changed under a verdict are in `changedNotes`). */
  uncheckedClaims: ReportClaim[];
  /** Notes whose text changed since their final verdict (on claims or elsewhere). */
  changedNotes: ReportNote[];
  orphanedNotes: ReportNote[];
}

export function publicationGate(report: Report): GateResult {
  const uncheckedClaims = report.claims.filter((c) => c.status === 'unchecked');
  const placed = [...new Map([...report.claims.flatMap((c) => c.notes), ...report.otherNotes].map((n) => [n.id, n])).values()];
  const changedNotes = placed.filter((n) => n.state === 'changed').sort((a, b) => a.span!.start - b.span!.start);
  const orphanedNotes = report.orphanedNotes;
  return {
    passed: uncheckedClaims.length === 0 && changedNotes.length === 0 && orphanedNotes.length === 0,
    uncheckedClaims,
    changedNotes,
    orphanedNotes,
  };
}

// --- what is left: the gate's findings as one list and counts, shared by `factdesk check` and the
// editor's Desk (the workspace index keeps them per article), so a CI job and the editor agree.

/**
 * Quote problems, when the quotes were checked against the sources (`check --quotes`; the Desk when
 * the workspace holds sources): a quote altered, said by someone else or not found, that no note with
 * a final verdict covers. Named as the quote check's statuses (src/sources/verify.ts).
 */
export const QUOTE_OPEN_KINDS = ['altered', 'wrong-speaker', 'not-found'] as const;
export type QuoteOpenKind = (typeof QUOTE_OPEN_KINDS)[number];

/**
 * Kinds of open items, in the order the Desk and `check` list them: `unverified` is a claim with no
 * final verdict and no dismissal (the gate's "unchecked"), `changed` a note whose text changed since
 * its verdict, `orphaned` a note that lost its passage, then the quote problems.
 */
export const OPEN_ITEM_KINDS = ['unverified', 'changed', 'orphaned', ...QUOTE_OPEN_KINDS] as const;
export type OpenItemKind = (typeof OPEN_ITEM_KINDS)[number];

/** The count field of each quote kind in GateCounts. */
export const QUOTE_COUNT_FIELDS = { altered: 'altered', 'wrong-speaker': 'wrongSpeaker', 'not-found': 'notFound' } as const satisfies Record<
  QuoteOpenKind,
  string
>;

/** One thing that keeps an article from passing the gate. */
export interface OpenItem {
  kind: OpenItemKind;
  /** Where it is now (UTF-16 offsets); absent for an orphaned note, which has no place. */
  start?: number;
  end?: number;
  /** 1-based line and column (UTF-16 units) of `start`. */
  line?: number;
  column?: number;
  /** The claim, a changed note's passage now, the passage an orphaned note was last on, or the quoted words. */
  text: string;
  /** For a changed or an orphaned note: its id. */
  noteId?: string;
}

export interface GateCounts {
  claims: number;
  /** Claims the gate accepts: a final verdict on their current text, or dismissed as not check-worthy. */
  verified: number;
  /** Everything that keeps the article from passing: the sum of the kinds below. */
  left: number;
  /** Claims with no final verdict and no dismissal. */
  unverified: number;
  /** Notes whose text changed since their final verdict. */
  changed: number;
  orphaned: number;
  /** Only when the quotes were checked: quotes altered, said by someone else, not found (no note accepting them). */
  altered?: number;
  wrongSpeaker?: number;
  notFound?: number;
}

/** The quote fields of GateCounts for the failing quotes of a quote gate. */
export function quoteCounts(statuses: Iterable<QuoteOpenKind>): Required<Pick<GateCounts, 'altered' | 'wrongSpeaker' | 'notFound'>> {
  const counts = { altered: 0, wrongSpeaker: 0, notFound: 0 };
  for (const status of statuses) counts[QUOTE_COUNT_FIELDS[status]]++;
  return counts;
}

/** The gate's open items (with the quote gate's failing quotes when the quotes were checked): placed ones in text order, then those without a place. */
export function openItems(gate: GateResult, quotes?: { gate: QuoteGateResult; text: string }): OpenItem[] {
  const placed: OpenItem[] = gate.uncheckedClaims.map((c) => ({
    kind: 'unverified',
    start: c.start,
    end: c.end,
    line: c.line,
    column: c.column,
    text: c.text,
  }));
  for (const n of gate.changedNotes)
    placed.push({ kind: 'changed', start: n.span!.start, end: n.span!.end, line: n.position!.line, column: n.position!.column, text: n.text, noteId: n.id });
  const lines = quotes?.gate.failing.length ? new LineIndex(quotes.text) : undefined;
  for (const q of quotes?.gate.failing ?? []) {
    const at = lines!.at(q.start);
    placed.push({ kind: q.check.status as QuoteOpenKind, start: q.start, end: q.end, line: at.line, column: at.column, text: q.check.text });
  }
  placed.sort((a, b) => a.start! - b.start!);
  const unplaced: OpenItem[] = gate.orphanedNotes.map((n) => ({ kind: 'orphaned', text: n.text, noteId: n.id }));
  return [...placed, ...unplaced];
}

/** Counts of what is left, by kind; with the quote gate (quotes checked), its failing quotes too. */
export function gateCounts(report: Report, gate: GateResult, quotes?: QuoteGateResult): GateCounts {
  const unverified = gate.uncheckedClaims.length;
  const changed = gate.changedNotes.length;
  const orphaned = gate.orphanedNotes.length;
  const verified = report.counts.checkedClaims + report.counts.dismissedClaims;
  const counts: GateCounts = { claims: report.counts.claims, verified, left: unverified + changed + orphaned, unverified, changed, orphaned };
  return quotes ? withQuoteCounts(counts, quoteCounts(quotes.failing.map((q) => q.check.status as QuoteOpenKind))) : counts;
}

/** Counts with the quote fields set (replacing any there were): `left` counts the failing quotes too. */
export function withQuoteCounts(counts: GateCounts, quotes: Required<Pick<GateCounts, 'altered' | 'wrongSpeaker' | 'notFound'>> | undefined): GateCounts {
  const base: GateCounts = {
    claims: counts.claims,
    verified: counts.verified,
    left: counts.unverified + counts.changed + counts.orphaned,
    unverified: counts.unverified,
    changed: counts.changed,
    orphaned: counts.orphaned,
  };
  return quotes ? { ...base, ...quotes, left: base.left + quotes.altered + quotes.wrongSpeaker + quotes.notFound } : base;
}
