// The analysis model shared by every detector, the CLI, the language server and the reports.
// All offsets are UTF-16 code units into the analyzed text (JavaScript string indices), end
// exclusive, so `text.slice(span.start, span.end)` is always the span's text.

export interface Span {
  start: number;
  end: number;
}

/** A `key: value` or `key value` line before the article body, or a YAML front-matter field. */
export interface MetadataField extends Span {
  key: string;
  value: string;
}

export interface Paragraph extends Span {
  index: number;
}

export interface Sentence extends Span {
  /** Index of the paragraph that holds the sentence. */
  paragraph: number;
}

/**
 * The article's structure: what is prose and how it divides. Detectors look only at prose;
 * `excluded` lists what was kept out of it (front matter, metadata lines, Markdown code, URLs, markup).
 */
export interface TextStructure {
  format: 'plaintext' | 'markdown';
  metadata: MetadataField[];
  /** The whole front-matter block (with its fences) or the run of metadata lines, if any. */
  header?: Span;
  paragraphs: Paragraph[];
  sentences: Sentence[];
  excluded: Span[];
}

export type QuoteKind = 'statement' | 'short' | 'title';

export type SpeakerVia = 'explicit' | 'surname' | 'pronoun' | 'role' | 'according-to';

export interface Speaker extends Span {
  /** The speaker's fullest name found in the text (e.g. "Maria Zakharova" for "Zakharova"). */
  name: string;
  /** How the speaker was found: named at the quote, a surname or pronoun resolved, a role noun. */
  via: SpeakerVia;
  /** The entity the speaker resolves to, if any. */
  entityId?: string;
  /** Why the ranker chose this speaker over the other candidates: its strongest features, in words. */
  reasons?: string[];
}

export interface Quote extends Span {
  /** Span of the quoted words inside the marks (for a multi-paragraph quote, first to last word). */
  content: Span;
  kind: QuoteKind;
  speaker?: Speaker;
  /** The attribution verb or phrase ("said", "according to"), if any. */
  cue?: Span & { text: string };
}

export type HedgeCategory = 'modal' | 'epistemic' | 'adverb' | 'weasel';

export interface Hedge extends Span {
  /** The cue as written in the text. */
  cue: string;
  category: HedgeCategory;
  /** One sentence for an editor: why this weakens the statement. */
  explanation: string;
}

export type ClaimReason = 'statistic' | 'date' | 'comparison' | 'causal' | 'attributed' | 'entity-fact';

export interface Claim extends Span {
  /** Check-worthiness in [0, 1]. */
  score: number;
  reasons: ClaimReason[];
  /** The features that raised the score most, in words, strongest first ("a number", "“unemployment”"). */
  why: string[];
}

export type EntityType = 'person' | 'organization' | 'place' | 'other';

export interface Mention extends Span {
  text: string;
}

export interface Entity {
  /** Stable within one analysis: type and canonical name, e.g. "person:maria-zakharova". */
  id: string;
  type: EntityType;
  /** The fullest form used in the text. */
  name: string;
  /** Other forms used in the text (surname, acronym, ...). */
  aliases: string[];
  /** Every mention, in text order; the first is the first mention. */
  mentions: Mention[];
  /** Why the tagger gave the first mention its type: its strongest features, in words. */
  reasons?: string[];
  /** The role the article gives the entity ("Russian foreign ministry spokeswoman"), if any. */
  role?: Span & { text: string };
}

export interface Analysis {
  /** Length of the analyzed text in UTF-16 code units. */
  length: number;
  structure: TextStructure;
  quotes: Quote[];
  claims: Claim[];
  hedges: Hedge[];
  entities: Entity[];
  /**
   * Detectors that threw, and where: their findings on that range are missing, everything else is
   * there. Empty when all went well. (The wire shape is FailureReport in src/shared/protocol.ts.)
   */
  failures: DetectorFailure[];
}

/** The engine's stages, as failures name them. */
export type DetectorName = 'segmentation' | 'entities' | 'quotes' | 'hedges' | 'claims';

/** A detector that threw on part of the text (see src/core/failures.ts). */
export interface DetectorFailure extends Span {
  detector: DetectorName;
  /** 1-based first and last line of [start, end), as an editor shows them. */
  line: number;
  endLine: number;
  message: string;
  stack?: string;
}

export type Category = 'quotes' | 'claims' | 'hedges' | 'entities';

export interface AnalyzeOptions {
  /** Force a format; by default Markdown is recognized from its front matter or syntax. */
  format?: 'plaintext' | 'markdown';
  /** Categories to compute (default: all). */
  categories?: Category[];
  /** Claims scoring at or above this are reported (default DEFAULT_CLAIM_THRESHOLD). */
  claimThreshold?: number;
  /** Extra hedge cues supplied by the user (lower-case phrases). */
  extraHedgeWords?: string[];
  /** Hedge cues the user chose to ignore (lower-case phrases). */
  ignoredWords?: string[];
}

export const DEFAULT_CLAIM_THRESHOLD = 0.37;
