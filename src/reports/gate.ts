// The publication gate: an article may go out when every check-worthy claim is checked (a note with
// a final verdict given on its current text) or dismissed as not check-worthy, no note's text
// changed since its verdict, and no note has lost its passage (an orphaned note may be a check that
// no longer applies to the text, or one that does and is no longer shown where it belongs).
import type { Report, ReportClaim, ReportNote } from './model';

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
 * Kinds of open items, in the order the Desk and `check` list them: `unverified` is a claim with no
 * final verdict and no dismissal (the gate's "unchecked"), `changed` a note whose text changed since
 * its verdict. Quote verification adds its kinds (altered, unsourced quotes) here and in openItems
 * once it lands in the gate.
 */
export const OPEN_ITEM_KINDS = ['unverified', 'changed', 'orphaned'] as const;
export type OpenItemKind = (typeof OPEN_ITEM_KINDS)[number];

/** One thing that keeps an article from passing the gate. */
export interface OpenItem {
  kind: OpenItemKind;
  /** Where it is now (UTF-16 offsets); absent for an orphaned note, which has no place. */
  start?: number;
  end?: number;
  /** 1-based line and column (UTF-16 units) of `start`. */
  line?: number;
  column?: number;
  /** The claim, a changed note's passage now, or the passage an orphaned note was last on. */
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
}

/** The gate's open items: placed ones in text order, then those without a place. */
export function openItems(gate: GateResult): OpenItem[] {
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
  placed.sort((a, b) => a.start! - b.start!);
  const unplaced: OpenItem[] = gate.orphanedNotes.map((n) => ({ kind: 'orphaned', text: n.text, noteId: n.id }));
  return [...placed, ...unplaced];
}

/** Counts of what is left, by kind. */
export function gateCounts(report: Report, gate: GateResult): GateCounts {
  const unverified = gate.uncheckedClaims.length;
  const changed = gate.changedNotes.length;
  const orphaned = gate.orphanedNotes.length;
  const verified = report.counts.checkedClaims + report.counts.dismissedClaims;
  return { claims: report.counts.claims, verified, left: unverified + changed + orphaned, unverified, changed, orphaned };
}
