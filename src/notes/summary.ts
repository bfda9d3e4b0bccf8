// What the editor shows on a claim or a quote: the verification state of the notes on it.
import type { Span } from '../core/types';
import type { AnchorResult } from './anchoring';
import type { AssessingNote, Verdict } from './model';

export interface PlacedNote {
  note: AssessingNote;
  anchor: AnchorResult;
}

export interface VerificationState {
  /** The single verdict of the notes on the passage, 'conflicting' if they differ. */
  verdict: Verdict | 'conflicting';
  /** The notes overlapping the passage, in text order. */
  notes: PlacedNote[];
}

/**
 * The verification state of a passage (a claim's or a quote's span), from the notes anchored on
 * text overlapping it; undefined if none is. Orphaned notes never count.
 */
export function verificationStateOf(passage: Span, placed: readonly PlacedNote[]): VerificationState | undefined {
  const on = placed
    .filter((p) => p.anchor.span && p.anchor.span.start < passage.end && passage.start < p.anchor.span.end)
    .sort((a, b) => a.anchor.span!.start - b.anchor.span!.start);
  if (!on.length) return undefined;
  const verdicts = new Set(on.map((p) => p.note.verdict));
  return { verdict: verdicts.size === 1 ? on[0].note.verdict : 'conflicting', notes: on };
}
