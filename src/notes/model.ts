// The verification-note model: what an editor records about a passage of an article. Notes are
// stored as W3C Web Annotations (see annotation.ts); this is the shape the rest of the code uses.
import { randomUUID } from 'node:crypto';

export const VERDICTS = ['unchecked', 'true', 'mostly-true', 'mixed', 'mostly-false', 'false', 'misleading', 'unverifiable'] as const;

export type Verdict = (typeof VERDICTS)[number];

export function isVerdict(value: unknown): value is Verdict {
  return typeof value === 'string' && (VERDICTS as readonly string[]).includes(value);
}

export interface VerdictInfo {
  /** How the verdict reads everywhere: editor, reports, CLI. */
  label: string;
  /** A text symbol, so the verdict reads without colour (reports, CLI, badges after a passage). */
  symbol: string;
  /** The VS Code codicon of the verdict (Fact-check view, hovers). */
  icon: string;
  /**
   * A final verdict settles the check of the passage (the publication check counts the claim as
   * checked); 'unchecked' does not. 'false' and 'unverifiable' are final: the gate asks that claims
   * were checked, not that they hold.
   */
  final: boolean;
  /** How the verdict leans, for colours: supported, refuted, in between, or no judgement. */
  tone: 'supported' | 'refuted' | 'mixed' | 'neutral';
}

/** The one table of verdicts every view of a note reads (editor, reports, CLI). */
export const VERDICT_INFO: Readonly<Record<Verdict, VerdictInfo>> = {
  unchecked: { label: 'Unchecked', symbol: '○', icon: 'circle-large-outline', final: false, tone: 'neutral' },
  true: { label: 'True', symbol: '✓', icon: 'pass-filled', final: true, tone: 'supported' },
  'mostly-true': { label: 'Mostly true', symbol: '✓', icon: 'pass', final: true, tone: 'supported' },
  mixed: { label: 'Mixed', symbol: '±', icon: 'circle-slash', final: true, tone: 'mixed' },
  'mostly-false': { label: 'Mostly false', symbol: '✗', icon: 'error', final: true, tone: 'refuted' },
  false: { label: 'False', symbol: '✗', icon: 'close', final: true, tone: 'refuted' },
  misleading: { label: 'Misleading', symbol: '⚠', icon: 'warning', final: true, tone: 'mixed' },
  unverifiable: { label: 'Unverifiable', symbol: '?', icon: 'question', final: true, tone: 'neutral' },
};

/** "Mostly false": the label of a verdict. */
export function verdictLabel(verdict: Verdict): string {
  return VERDICT_INFO[verdict].label;
}

/** "✗ Mostly false": symbol and label, for text without icons (reports, CLI). */
export function verdictBadge(verdict: Verdict): string {
  return `${VERDICT_INFO[verdict].symbol} ${VERDICT_INFO[verdict].label}`;
}

/** A verdict that settles a note: anything but 'unchecked'. */
export function isFinalVerdict(verdict: Verdict): boolean {
  return VERDICT_INFO[verdict].final;
}

/** W3C TextQuoteSelector: the quoted text and the text just around it. */
export interface TextQuote {
  exact: string;
  prefix: string;
  suffix: string;
}

/** W3C TextPositionSelector: offsets in Unicode code points (not UTF-16), end exclusive. */
export interface CodePointRange {
  start: number;
  end: number;
}

/** Where a note sits: the selectors as last written. */
export interface NoteSelectors {
  quote: TextQuote;
  position?: CodePointRange;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

interface NoteBase {
  /** `urn:uuid:...` */
  id: string;
  /** ISO 8601 date-time. */
  created: string;
  /** ISO 8601 date-time; the newest wins when two writers changed the same note. */
  modified: string;
  author?: string;
  /** Markdown. */
  comment: string;
  /**
   * Sources: URLs (stored as SpecificResource) or plain text such as "Phone call with the
   * insurers' press office, 8 Jan" (stored as a TextualBody); both with purpose "linking".
   */
  sources: string[];
  /**
   * The annotation exactly as read from the file, so that fields this tool does not know are
   * written back unchanged. Absent for notes created in this session.
   */
  raw?: JsonObject;
}

interface PassageBase extends NoteBase {
  /** The article file name the note was written for (target.source). */
  source: string;
  selectors: NoteSelectors;
}

/** A note on a passage (motivation "assessing"). */
export interface AssessingNote extends PassageBase {
  kind: 'note';
  verdict: Verdict;
  /**
   * The passage's text when its final verdict was given or confirmed: when the text there changes
   * (beyond white space) the note is "changed since checked". Absent for 'unchecked', and in notes
   * written before it was kept: for those the stored quote stands for it until the store moves the
   * quote (then it is set from the quote, see `withCheckedText`).
   */
  checkedText?: string;
}

/**
 * A passage dismissed as not check-worthy (motivation "classifying"): the publication check
 * accepts the claims it covers. `comment` is the optional reason.
 */
export interface Dismissal extends PassageBase {
  kind: 'dismissal';
}

/** The classification value a dismissal's body carries. */
export const NOT_CHECK_WORTHY = 'not-check-worthy';

/** A reply in a note's discussion (motivation "replying", targeting the parent note's id). */
export interface ReplyNote extends NoteBase {
  kind: 'reply';
  parentId: string;
}

export type Note = AssessingNote | Dismissal | ReplyNote;

/** Notes that stand on a passage of the article (and are anchored): notes and dismissals. */
export type PassageNote = AssessingNote | Dismissal;

export function isPassageNote(note: Note): note is PassageNote {
  return note.kind !== 'reply';
}

/** URL schemes a source is stored as a link for; anything else is a textual source. */
const SOURCE_URL_SCHEMES = new Set(['http:', 'https:', 'ftp:', 'ftps:', 'mailto:', 'tel:', 'urn:', 'doi:', 'file:']);

/**
 * Whether a source is a URL (a SpecificResource in the sidecar) rather than a description such as
 * "Phone call with the insurers' press office, 8 Jan" (a TextualBody). A word before a colon
 * ("Call: 8 Jan", "Interview:mayor") is text, not a URL scheme.
 */
export function isSourceUrl(source: string): boolean {
  if (/\s/.test(source)) return false;
  try {
    return SOURCE_URL_SCHEMES.has(new URL(source).protocol);
  } catch {
    return false;
  }
}

/** Runs of white space count as one space, and none at the ends: re-wrapping text changes nothing. */
export function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Whether the text under a note with a final verdict changed since the verdict was given (or last
 * confirmed). White space alone does not count.
 */
export function changedSinceChecked(note: AssessingNote, currentText: string): boolean {
  return isFinalVerdict(note.verdict) && normalizeSpace(checkedTextOf(note)) !== normalizeSpace(currentText);
}

/** The text a note's final verdict was given on (for notes written before it was kept: the stored quote). */
export function checkedTextOf(note: AssessingNote): string {
  return note.checkedText ?? note.selectors.quote.exact;
}

/**
 * A note about to get new selectors keeps what it was checked on: a final verdict without a stored
 * checked text (an older file) takes the quote it had until now.
 */
export function withCheckedText<T extends PassageNote>(note: T): T {
  if (note.kind !== 'note' || !isFinalVerdict(note.verdict) || note.checkedText !== undefined) return note;
  return { ...note, checkedText: note.selectors.quote.exact };
}

/** The content of a sidecar file: the notes and any collection-level fields to keep. */
export interface NoteCollection {
  notes: Note[];
  /** The collection object as read (items excluded), for keeping unknown top-level fields. */
  raw?: JsonObject;
}

export const SIDECAR_SUFFIX = '.factcheck.json';

/** Characters of context stored before and after a quote, as the Hypothesis client does. */
export const CONTEXT_LENGTH = 32;

export function newNoteId(): string {
  return `urn:uuid:${randomUUID()}`;
}

export function nowIso(): string {
  return new Date().toISOString();
}
