// The publication gate: an article may go out when every check-worthy claim carries a note with a
// final verdict and no note has lost its passage (an orphaned note may be a check that no longer
// applies to the text, or one that does and is no longer shown where it belongs).
import type { Report, ReportClaim, ReportNote } from './model';

export interface GateResult {
  passed: boolean;
  unverifiedClaims: ReportClaim[];
  orphanedNotes: ReportNote[];
}

export function publicationGate(report: Report): GateResult {
  const unverifiedClaims = report.claims.filter((c) => !c.verified);
  const orphanedNotes = report.orphanedNotes;
  return { passed: unverifiedClaims.length === 0 && orphanedNotes.length === 0, unverifiedClaims, orphanedNotes };
}

// --- what is left: the gate's findings as one list and counts, shared by `factdesk check` and the
// editor's Desk (the workspace index keeps them per article), so a CI job and the editor agree.

/**
 * Kinds of open items, in the order the Desk and `check` list them. Quote verification adds its
 * kinds (altered, unsourced quotes) here and in openItems once it lands in the gate.
 */
export const OPEN_ITEM_KINDS = ['unverified', 'orphaned'] as const;
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
  /** The claim, or the passage an orphaned note was last on. */
  text: string;
  /** For an orphaned note: its id. */
  noteId?: string;
}

export interface GateCounts {
  claims: number;
  verified: number;
  /** Everything that keeps the article from passing: the sum of the kinds below. */
  left: number;
  unverified: number;
  orphaned: number;
}

/** The gate's open items: placed ones in text order, then those without a place. */
export function openItems(gate: GateResult): OpenItem[] {
  const placed: OpenItem[] = gate.unverifiedClaims.map((c) => ({
    kind: 'unverified',
    start: c.start,
    end: c.end,
    line: c.line,
    column: c.column,
    text: c.text,
  }));
  placed.sort((a, b) => a.start! - b.start!);
  const unplaced: OpenItem[] = gate.orphanedNotes.map((n) => ({ kind: 'orphaned', text: n.text, noteId: n.id }));
  return [...placed, ...unplaced];
}

/** Counts of what is left, by kind. */
export function gateCounts(report: Report, gate: GateResult): GateCounts {
  const unverified = gate.unverifiedClaims.length;
  const orphaned = gate.orphanedNotes.length;
  return { claims: report.counts.claims, verified: report.counts.claims - unverified, left: unverified + orphaned, unverified, orphaned };
}
