// The fact-check report of one article: its check-worthy claims with the notes on them, the notes
// on other passages, the notes that could not be placed, and counts by verdict. Built from what the
// engine and the notes already computed; the renderers (Markdown, HTML, ClaimReview) and the
// publication gate read only this model. Pure: no file system, no editor.
import type { Analysis, ClaimReason, EntityType, HedgeCategory, Span, TextStructure } from '../core/types';
import {
  isFinalVerdict,
  noteStateOf,
  verdictBadge,
  verdictLabel,
  VERDICTS,
  type AnchorResult,
  type AnchorState,
  type Note,
  type NoteState,
  type ReplyNote,
  type Verdict,
} from '../notes';

export { isFinalVerdict, verdictLabel, verdictBadge };

/** 1-based line and column; the column counts UTF-16 code units, as editors (VS Code) do. */
export interface LineColumn {
  line: number;
  column: number;
}

/** Who said a quoted passage, when the engine found the speaker. */
export interface ReportSpeaker {
  name: string;
  /** From the speaker's entity; 'person' when the engine resolved no entity. */
  type: EntityType;
}

export interface ReportReply {
  id: string;
  author?: string;
  created: string;
  modified: string;
  /** Markdown. */
  comment: string;
}

export interface ReportNote {
  id: string;
  verdict: Verdict;
  /** `changed`: placed, but the text is no longer the text the final verdict was given on. */
  state: NoteState;
  /** For a `changed` note: the passage as it read when checked (the current text is `text`). */
  checkedText?: string;
  /** Current place (UTF-16 offsets); absent when orphaned. */
  span?: Span;
  /** Where `span` starts; absent when orphaned. */
  position?: LineColumn;
  /** The text at `span` now; for an orphaned note, the passage as last stored. */
  text: string;
  /** Markdown. */
  comment: string;
  sources: string[];
  author?: string;
  created: string;
  modified: string;
  /** The article the note was written for (the annotation's target source: a file name or a URL). */
  target: string;
  /** The speaker of a quote the note's passage lies in, if any. */
  speaker?: ReportSpeaker;
  replies: ReportReply[];
}

/** A passage dismissed as not check-worthy. */
export interface ReportDismissal {
  id: string;
  state: AnchorState;
  span?: Span;
  position?: LineColumn;
  /** The text at `span` now; when orphaned, the passage as last stored. */
  text: string;
  /** Why it is not check-worthy (may be empty). */
  reason: string;
  author?: string;
  created: string;
  modified: string;
}

/**
 * Where a claim stands for the publication check:
 * - `checked`: a note on it has a final verdict given on its current text;
 * - `changed`: a note on it has a final verdict, but the text under it changed since (fails the check);
 * - `dismissed`: dismissed as not check-worthy (passes the check);
 * - `unchecked`: no final verdict and no dismissal (fails the check).
 */
export type ClaimStatus = 'checked' | 'changed' | 'dismissed' | 'unchecked';

export interface ReportClaim extends Span, LineColumn {
  text: string;
  score: number;
  reasons: ClaimReason[];
  /** The placed notes whose passage overlaps the claim, in text order. */
  notes: ReportNote[];
  /** Placed dismissals overlapping the claim. */
  dismissals: ReportDismissal[];
  status: ClaimStatus;
  /** The publication check accepts the claim: `checked` or `dismissed`. */
  checked: boolean;
}

export interface ReportCounts {
  claims: number;
  checkedClaims: number;
  changedClaims: number;
  dismissedClaims: number;
  uncheckedClaims: number;
  /** Notes on passages (replies not counted). */
  notes: number;
  /** Notes whose text changed since their final verdict. */
  changedNotes: number;
  orphanedNotes: number;
  /** Passages dismissed as not check-worthy (orphaned ones included). */
  dismissals: number;
  /** Every note by verdict, orphaned ones included; every verdict is present (0 when unused). */
  byVerdict: Record<Verdict, number>;
}

/** A quote of the article, for marking it in the annotated text. */
export interface ReportQuote extends Span {
  speaker?: string;
  /** The quote checked against the workspace's sources (src/sources), when the report was given the checks. */
  check?: ReportQuoteCheck;
}

/** A quote's check against the sources, as reports and the quote gate read it. */
export interface ReportQuoteCheck {
  status: 'verbatim' | 'altered' | 'wrong-speaker' | 'not-found';
  /** The quoted words as written. */
  text: string;
  /** The speaker the quote was checked as said by (null: none the checks trust). */
  speaker: string | null;
  source: { file: string; line: number; text: string; speaker: string | null } | null;
  diff: Array<{ op: 'equal' | 'delete' | 'insert'; text: string }>;
  /** One sentence saying why (the source and line, the meaning changes, or what was not found). */
  reason: string;
}

/** Hedged wording of the article, for marking it in the annotated text. */
export interface ReportHedge extends Span {
  cue: string;
  category: HedgeCategory;
  explanation: string;
}

export interface Report {
  article: { path: string; format: Analysis['structure']['format']; length: number };
  /** The article text the offsets refer to (the annotated HTML shows it). */
  text: string;
  /** Quotes and hedges in text order (claims and notes are below). */
  quotes: ReportQuote[];
  /** Set when the quotes were checked against the sources (each quote but titles then has `check`). */
  quotesChecked?: { sources: number };
  hedges: ReportHedge[];
  /** The claim threshold the analysis used, when known. */
  threshold?: number;
  claims: ReportClaim[];
  /** Placed notes that overlap no check-worthy claim, in text order. */
  otherNotes: ReportNote[];
  /** Notes whose passage could not be found in the current text: kept, never dropped. */
  orphanedNotes: ReportNote[];
  /** Every dismissal, placed ones in text order, then the orphaned. */
  dismissals: ReportDismissal[];
  counts: ReportCounts;
}

/** What a report reads of an analysis: the engine's Analysis, or the findings the language server sends. */
export type ReportAnalysis = Pick<Analysis, 'claims' | 'quotes' | 'entities'> &
  Partial<Pick<Analysis, 'hedges'>> & { structure: Pick<TextStructure, 'format'> };

export interface ReportInput {
  path: string;
  text: string;
  /** The analysis of `text` (its claims are the check-worthy ones). */
  analysis: ReportAnalysis;
  /** The notes and replies of the article (NotesFile.notes). */
  notes: readonly Note[];
  /** Where each note is now, by note id (NotesFile.anchorNotes); a note missing here is orphaned. */
  anchors: ReadonlyMap<string, AnchorResult>;
  threshold?: number;
}

/** How a claim's status reads: its verdicts when checked ("✗ Mostly false"), else the status in words. */
export function claimStatusLabel(claim: ReportClaim): string {
  const finals = (notes: ReportNote[]) => [...new Set(notes.filter((n) => isFinalVerdict(n.verdict)).map((n) => verdictBadge(n.verdict)))].join(' / ');
  switch (claim.status) {
    case 'checked':
      return finals(claim.notes.filter((n) => n.state !== 'changed'));
    case 'changed':
      return `changed since checked (${finals(claim.notes.filter((n) => n.state === 'changed'))})`;
    case 'dismissed':
      return 'not check-worthy';
    case 'unchecked':
      return 'unchecked';
  }
}

/** "3 checked, 1 changed since checked, 1 not check-worthy, 2 unchecked" (parts that are 0 left out, but always the checked count). */
export function claimCountsText(c: ReportCounts): string {
  const parts = [`${c.checkedClaims} checked`];
  if (c.changedClaims) parts.push(`${c.changedClaims} changed since checked`);
  if (c.dismissedClaims) parts.push(`${c.dismissedClaims} not check-worthy`);
  parts.push(`${c.uncheckedClaims} unchecked`);
  return parts.join(', ');
}

const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;

/** Converts UTF-16 offsets to line and column; line breaks are \n, \r\n and a lone \r, as in editors. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.lineStarts.push(i + 1);
    }
  }

  at(offset: number): LineColumn {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo] + 1 };
  }
}

/** The speaker of the quote that overlaps `span` most, if that quote has one. */
function speakerOf(span: Span, analysis: ReportAnalysis): ReportSpeaker | undefined {
  let best: { overlap: number; speaker: ReportSpeaker } | undefined;
  for (const quote of analysis.quotes) {
    if (!quote.speaker || !overlaps(quote, span)) continue;
    const overlap = Math.min(quote.end, span.end) - Math.max(quote.start, span.start);
    if (best && best.overlap >= overlap) continue;
    const entity = quote.speaker.entityId ? analysis.entities.find((e) => e.id === quote.speaker!.entityId) : undefined;
    // A role noun alone ("a spokeswoman") names nobody: no author to report.
    if (!entity && quote.speaker.via === 'role') continue;
    best = { overlap, speaker: { name: entity?.name ?? quote.speaker.name, type: entity?.type ?? 'person' } };
  }
  return best?.speaker;
}

function byPlace(a: { span?: Span; created: string }, b: { span?: Span; created: string }): number {
  return (a.span?.start ?? Infinity) - (b.span?.start ?? Infinity) || (a.span?.end ?? 0) - (b.span?.end ?? 0) || a.created.localeCompare(b.created);
}

export function buildReport(input: ReportInput): Report {
  const { text, analysis } = input;
  const lines = new LineIndex(text);
  const replies = input.notes.filter((n): n is ReplyNote => n.kind === 'reply');
  const notes: ReportNote[] = [];
  const dismissals: ReportDismissal[] = [];
  for (const note of input.notes) {
    if (note.kind === 'reply') continue;
    const anchor = input.anchors.get(note.id);
    const span = anchor?.state !== 'orphaned' && anchor?.span ? { start: anchor.span.start, end: anchor.span.end } : undefined;
    if (note.kind === 'dismissal') {
      dismissals.push({
        id: note.id,
        state: span ? anchor!.state : 'orphaned',
        span,
        position: span ? lines.at(span.start) : undefined,
        text: span ? text.slice(span.start, span.end) : note.selectors.quote.exact,
        reason: note.comment,
        author: note.author,
        created: note.created,
        modified: note.modified,
      });
      continue;
    }
    const state = noteStateOf(note, anchor, text);
    notes.push({
      id: note.id,
      verdict: note.verdict,
      state,
      ...(state === 'changed' ? { checkedText: note.checkedText } : {}),
      span,
      position: span ? lines.at(span.start) : undefined,
      text: span ? text.slice(span.start, span.end) : note.selectors.quote.exact,
      comment: note.comment,
      sources: [...note.sources],
      author: note.author,
      created: note.created,
      modified: note.modified,
      target: note.source,
      speaker: span ? speakerOf(span, analysis) : undefined,
      replies: replies
        .filter((r) => r.parentId === note.id)
        .sort((a, b) => a.created.localeCompare(b.created))
        .map((r) => ({ id: r.id, author: r.author, created: r.created, modified: r.modified, comment: r.comment })),
    });
  }
  notes.sort(byPlace);
  dismissals.sort(byPlace);
  const placed = notes.filter((n) => n.span);
  const placedDismissals = dismissals.filter((d) => d.span);

  const onClaims = new Set<ReportNote>();
  const claims: ReportClaim[] = [...analysis.claims]
    .sort((a, b) => a.start - b.start)
    .map((claim) => {
      const on = placed.filter((n) => overlaps(n.span!, claim));
      for (const n of on) onClaims.add(n);
      const dismissed = placedDismissals.filter((d) => overlaps(d.span!, claim));
      const status = claimStatus(on, dismissed);
      return {
        start: claim.start,
        end: claim.end,
        ...lines.at(claim.start),
        text: text.slice(claim.start, claim.end),
        score: claim.score,
        reasons: [...claim.reasons],
        notes: on,
        dismissals: dismissed,
        status,
        checked: status === 'checked' || status === 'dismissed',
      };
    });

  const byVerdict = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const n of notes) byVerdict[n.verdict]++;
  const count = (status: ClaimStatus) => claims.filter((c) => c.status === status).length;
  const orphanedNotes = notes.filter((n) => !n.span);
  const bySpan = (a: Span, b: Span) => a.start - b.start || a.end - b.end;
  return {
    article: { path: input.path, format: analysis.structure.format, length: text.length },
    text,
    quotes: analysis.quotes.map((q) => ({ start: q.start, end: q.end, speaker: speakerOf(q, analysis)?.name })).sort(bySpan),
    hedges: (analysis.hedges ?? []).map((h) => ({ start: h.start, end: h.end, cue: h.cue, category: h.category, explanation: h.explanation })).sort(bySpan),
    threshold: input.threshold,
    claims,
    otherNotes: placed.filter((n) => !onClaims.has(n)),
    orphanedNotes,
    dismissals,
    counts: {
      claims: claims.length,
      checkedClaims: count('checked'),
      changedClaims: count('changed'),
      dismissedClaims: count('dismissed'),
      uncheckedClaims: count('unchecked'),
      notes: notes.length,
      changedNotes: notes.filter((n) => n.state === 'changed').length,
      orphanedNotes: orphanedNotes.length,
      dismissals: dismissals.length,
      byVerdict,
    },
  };
}

/**
 * A note whose text changed under its verdict outweighs the others (that part of the claim is no
 * longer checked); then a final verdict on the current text; then a dismissal.
 */
function claimStatus(notes: readonly ReportNote[], dismissals: readonly ReportDismissal[]): ClaimStatus {
  if (notes.some((n) => n.state === 'changed')) return 'changed';
  if (notes.some((n) => isFinalVerdict(n.verdict))) return 'checked';
  if (dismissals.length) return 'dismissed';
  return 'unchecked';
}
