// What the workspace index keeps per article: a compact summary of the engine's analysis and of the
// article's notes, enough to answer "where else is this entity, what was it quoted saying, which
// verdicts were given" without re-reading the article. Lines are 1-based, characters 0-based UTF-16
// (as the editor counts), offsets UTF-16.
import type { ClaimReason, EntityType } from '../core/types';
import type { NoteState, Verdict } from '../notes';
import type { GateCounts, QuoteOpenKind } from '../reports/gate';

/** Bumped whenever ArticleRecord or its computation changes: a persisted index of another format is re-read. */
export const INDEX_FORMAT_VERSION = 5;

/** Articles are analyzed for the editor; sources (transcripts, statements) are material quotes come from. */
export type ArticleKind = 'article' | 'source';

/** What identifies a file's content cheaply: a file whose stamp is unchanged is not re-read. */
export interface FileStamp {
  mtimeMs: number;
  size: number;
}

export interface IndexedEntity {
  /** The engine's id within the article ("person:maria-zakharova"). */
  local: string;
  name: string;
  type: EntityType;
  aliases: string[];
  /** The role the article gives the entity, if any. */
  role?: string;
  /** First mention. */
  line: number;
  character: number;
  mentions: number;
}

export interface IndexedQuote {
  start: number;
  end: number;
  line: number;
  character: number;
  /** The quoted words (inside the marks), at most QUOTE_TEXT_MAX characters. */
  text: string;
  kind: 'statement' | 'short' | 'title';
  /** The quoted words in full, when `text` is clipped (the quote checks read every word). */
  full?: string;
  speaker?: string;
  /** The local id of the speaker's entity, if resolved. */
  speakerEntity?: string;
  /** Set when the engine only guessed the speaker from a pronoun (the quote checks then take none). */
  speakerGuessed?: true;
}

export interface IndexedClaim {
  start: number;
  end: number;
  line: number;
  character: number;
  score: number;
  reasons: ClaimReason[];
  /** Checked for the publication gate: a final verdict on its current text, or dismissed as not check-worthy. */
  verified: boolean;
  /** Local ids of the entities mentioned in the claim. */
  entities: string[];
}

export interface IndexedNote {
  id: string;
  verdict: Verdict;
  state: NoteState;
  /** Where the note sits now; absent when orphaned. */
  start?: number;
  end?: number;
  line?: number;
  character?: number;
  /** The passage (clipped to QUOTE_TEXT_MAX). */
  text: string;
  comment: string;
  modified: string;
  /** Who wrote the note (the Desk's "mine" filter). */
  author?: string;
  /** Local ids of the entities mentioned in the passage or in the claims it covers. */
  entities: string[];
}

export interface ArticleRecord {
  /** Path relative to the workspace root, with forward slashes. */
  file: string;
  kind: ArticleKind;
  stamp: FileStamp;
  /** The sidecar's stamp when indexed (null: no sidecar); a changed sidecar means re-reading the notes. */
  notesStamp: FileStamp | null;
  title?: string;
  /** From the metadata header (`date:` line or front matter), as written. */
  date?: string;
  entities: IndexedEntity[];
  quotes: IndexedQuote[];
  claims: IndexedClaim[];
  notes: IndexedNote[];
  /** The publication gate's counts for the article, as `factdesk check` gives them (absent when unreadable). */
  gate?: GateCounts;
  /**
   * What the gate still asks for, by reference (the Desk shows them; texts are not kept twice):
   * indices into `claims` of the unverified (unchecked) ones, in text order, and ids of the notes in
   * `notes` changed since checked and orphaned.
   */
  open?: {
    unverified: number[];
    changed: string[];
    orphaned: string[];
    /**
     * When the workspace holds sources: the quotes (indices into `quotes`, text order) altered, said by
     * someone else or not found in them, that no note with a final verdict covers.
     */
    quotes?: Array<{ quote: number; status: QuoteOpenKind }>;
  };
  /**
   * The sources the quotes were last checked against (a digest of their texts; '' or absent: no
   * sources, so no quote is an open item). `gate` and `open.quotes` hold that check.
   */
  quotesCheckedWith?: string;
  /** Why the notes could not be read (malformed sidecar); the article is indexed without them. */
  notesError?: string;
  /** A source document's full text (kind 'source' only): quotes are checked against it. */
  text?: string;
  /** Why the article itself could not be analyzed (binary, too large, not UTF-8); nothing else is set. */
  error?: string;
}

/** Quote and passage texts kept in the index are clipped to this many characters. */
export const QUOTE_TEXT_MAX = 400;
/** A title longer than this is not a headline but a paragraph: the file name is used instead. */
export const TITLE_MAX = 200;
