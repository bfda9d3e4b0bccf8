// The verification-note model: what an editor records about a passage of an article. Notes are
// stored as W3C Web Annotations (see annotation.ts); this is the shape the rest of the code uses.
import { randomUUID } from 'node:crypto';

export const VERDICTS = ['unchecked', 'true', 'mostly-true', 'mixed', 'mostly-false', 'false', 'misleading', 'unverifiable'] as const;

export type Verdict = (typeof VERDICTS)[number];

export function isVerdict(value: unknown): value is Verdict {
  return typeof value === 'string' && (VERDICTS as readonly string[]).includes(value);
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
  /** Source URLs. */
  sources: string[];
  /**
   * The annotation exactly as read from the file, so that fields this tool does not know are
   * written back unchanged. Absent for notes created in this session.
   */
  raw?: JsonObject;
}

/** A note on a passage (motivation "assessing"). */
export interface AssessingNote extends NoteBase {
  kind: 'note';
  verdict: Verdict;
  /** The article file name the note was written for (target.source). */
  source: string;
  selectors: NoteSelectors;
}

/** A reply in a note's discussion (motivation "replying", targeting the parent note's id). */
export interface ReplyNote extends NoteBase {
  kind: 'reply';
  parentId: string;
}

export type Note = AssessingNote | ReplyNote;

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
