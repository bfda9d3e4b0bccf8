// What the editor shows on a claim or a quote: the verification state of the notes on it.
import type { Span } from '../core/types';
import type { AnchorResult, AnchorState } from './anchoring';
import { changedSinceChecked, type AssessingNote, type PassageNote, type Verdict } from './model';

/**
 * What a note's passage is now: where anchoring found it (anchored, moved, orphaned), or `changed`:
 * placed, but its text is no longer the text its final verdict was given on ("changed since checked").
 */
export type NoteState = AnchorState | 'changed';

/** The state of a note (or a dismissal, which is never `changed`) on the current article text. */
export function noteStateOf(note: PassageNote, anchor: AnchorResult | undefined, text: string): NoteState {
  if (!anchor?.span || anchor.state === 'orphaned') return 'orphaned';
  if (note.kind === 'note' && changedSinceChecked(note, text.slice(anchor.span.start, anchor.span.end))) return 'changed';
  return anchor.state;
}

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
