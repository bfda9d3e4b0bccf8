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
