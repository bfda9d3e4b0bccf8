// Tokenizer for the entity detector: words (with abbreviation periods and possessives split off),
// numbers and punctuation, each with its UTF-16 span, plus sentence-start and all-caps-line flags.
import { ABBREVIATIONS, lexiconBits } from './entities-lexicon';
import type { FormRows } from './entities-model';
import { ASCII_WORD_CODES, isLetterCode, isNumberCode, isUpperCode, isWhiteSpaceCode, isWordCode } from './text';
import type { Span, TextStructure } from './types';

export type TokenKind = 'word' | 'number' | 'punct';

export interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
  kind: TokenKind;
  /** Starts with a capital letter (or is "al-Assad"-like: a lower particle, hyphen, capital). */
  capitalized: boolean;
  /** Two or more letters, all capitals ("NATO", "LONDON"). */
  allCaps: boolean;
  /** First word of a sentence, heading or line: its capital says nothing. */
  sentenceStart: boolean;
  /** In a line written in capitals (a headline): capitals say nothing. */
  inCapsLine: boolean;
  /** Index of the sentence (own split) that holds the token. */
  sentence: number;
}

const PARTICLE_CAP = /^(?:al|el|ad|as|an|ash|at|az|bin|ben|ibn|abu|d|l|o|mc|mac)[-'’]\p{Lu}/u;
/** PARTICLE_CAP's particles are one to three letters long. */
const PARTICLE_MAX_LENGTH = 3;

/**
 * Whether PARTICLE_CAP may match text[from, to): a joiner one to three characters in, then a capital.
 * A cheap test before cutting the word out for the regex (most joined words are "well-known", "don't").
 */
function mayBeParticleCap(text: string, from: number, to: number): boolean {
  for (let p = from + 1; p <= from + PARTICLE_MAX_LENGTH && p + 1 < to; p++) {
    const c = text.charCodeAt(p);
    if ((c === 45 || c === 39 || c === 0x2019) && isUpperCode(text.charCodeAt(p + 1))) return true;
  }
  return false;
}
const HAS_LOWER = /\p{Ll}/u;
const OPENERS = new Set(['"', '“', '‘', "'", '(', '[', '«', '-', '—', '–', '*', '#', '>', '•']);

export const KIND_WORD = 0;
export const KIND_NUMBER = 1;
const KIND_PUNCT = 2;

const isLetterAt = (text: string, i: number): boolean => isLetterCode(text.charCodeAt(i));
const isUpperAt = (text: string, i: number): boolean => isUpperCode(text.charCodeAt(i));
const isDigitAt = (text: string, i: number): boolean => isNumberCode(text.charCodeAt(i));

const KINDS: TokenKind[] = ['word', 'number', 'punct'];

/**
 * Lower case through a cache: String#toLowerCase takes a slow path for strings cut from text that
 * holds any non-Latin-1 character (curly quotes are enough), and names repeat a lot.
 */
export interface WordForms {
  /**
   * Unique among the forms made in this process (never reused), for memos keyed by form (as Int32:
   * a process would have to make 2^31 forms to wrap; it makes at most FORM_LIMIT per table).
   */
  id: number;
  text: string;
  lower: string;
  /**
   * LEX_ bits (entities-lexicon) of the tokens' lower case, or -1 until asked. A token's kind follows
   * from its first character (letter, digit, other), so all tokens of one text share these.
   */
  lex: number;
  /** The tagger's feature rows of this text (entities.ts fills them on first use). */
  rows: FormRows | undefined;
}

/**
 * The cache is an open-addressing table looked up by the word's characters in the text, so a word
 * seen before is found without cutting it out as a string first (no allocation per lookup).
 */
const FORM_SLOTS = 1 << 17;
/** At most this many forms (a load of 0.38): the probes stay short with formHash's few characters. */
const FORM_LIMIT = 50_000;
let formTable: (WordForms | undefined)[] = new Array(FORM_SLOTS).fill(undefined);
let formCount = 0;
let nextFormId = 0;
/**
 * Bumped whenever formTable is replaced: a form stays in its table slot for the table's life (slots
 * are only ever filled), so a token list may keep its tokens' slots while the generation is the same.
 */
let formTableGeneration = 0;

/** A word's text and lower case, shared between the tokens of one word (fewer strings kept alive). */
/**
 * A hash of a word from its length and five of its characters (both ends and the middle): constant
 * time per word, and distinct enough for the table, whose probes compare the whole word anyway.
 */
function formHash(text: string, start: number, end: number): number {
  let hash = Math.imul(0x811c9dc5 ^ (end - start), 0x01000193);
  hash = Math.imul(hash ^ text.charCodeAt(start), 0x01000193);
  hash = Math.imul(hash ^ text.charCodeAt(end - 1), 0x01000193);
  if (end - start > 2) {
    hash = Math.imul(hash ^ text.charCodeAt(start + 1), 0x01000193);
    hash = Math.imul(hash ^ text.charCodeAt(end - 2), 0x01000193);
    hash = Math.imul(hash ^ text.charCodeAt((start + end) >> 1), 0x01000193);
  }
  return hash ^ (hash >>> 15);
}

/** The formTable slot holding the forms of text[start, end), made there if new (which may replace the table). */
function wordFormSlot(text: string, start: number, end: number): number {
  const length = end - start;
  const hash = formHash(text, start, end);
  let slot = (hash >>> 0) & (FORM_SLOTS - 1);
  for (let forms = formTable[slot]; forms !== undefined; forms = formTable[slot]) {
    if (forms.text.length === length && sameChars(forms.text, text, start, length)) return slot;
    slot = (slot + 1) & (FORM_SLOTS - 1);
  }
  if (formCount >= FORM_LIMIT) {
    formTable = new Array(FORM_SLOTS).fill(undefined);
    formTableGeneration++;
    formCount = 0;
    slot = (hash >>> 0) & (FORM_SLOTS - 1);
  }
  const word = text.slice(start, end);
  formTable[slot] = { id: nextFormId++, text: word, lower: word.toLowerCase(), lex: -1, rows: undefined };
  formCount++;
  return slot;
}

function sameChars(word: string, text: string, start: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (word.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
  return true;
}

/** Per-token data as parallel arrays, shared by a whole document's TokenList and a cached paragraph's TokenPiece. */
export interface TokenArrays {
  length: number;
  starts: Int32Array;
  ends: Int32Array;
  kinds: Uint8Array;
  /** Capitalized (see Token.capitalized). */
  caps: Uint8Array;
  allCaps: Uint8Array;
  sentenceStarts: Uint8Array;
  capsLines: Uint8Array;
  sentences: Int32Array;
}

/**
 * The tokens of the prose, stored as parallel arrays: an article has hundreds of thousands of
 * tokens but only capitalized words and their neighbours are ever looked at, so Token objects
 * (with their strings) are made on first access and cached.
 */
export class TokenList implements TokenArrays {
  length = 0;
  starts: Int32Array;
  ends: Int32Array;
  kinds: Uint8Array;
  caps: Uint8Array;
  allCaps: Uint8Array;
  sentenceStarts: Uint8Array;
  capsLines: Uint8Array;
  sentences: Int32Array;
  /** Made tokens, densely; `slots[k]` is 1 + the index of token k's object there, or 0. */
  private readonly made: Token[] = [];
  private slots: Int32Array;
  /**
   * Each token's word forms, looked up on first use (most tokens are never asked for): `formSlots[k]`
   * is 1 + the formTable slot of token k's forms, or 0; valid while formTable's generation is
   * `formGeneration`. (A JS array of the forms, with a slot per token or pushed to, costs more.)
   */
  private formSlots: Int32Array;
  private formGeneration = formTableGeneration;

  constructor(
    private readonly text: string,
    capacityHint?: number,
  ) {
    // About one token per five characters of prose; arrays double when that is too few.
    const capacity = Math.max(64, capacityHint ?? Math.ceil(text.length / 4));
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.kinds = new Uint8Array(capacity);
    this.caps = new Uint8Array(capacity);
    this.allCaps = new Uint8Array(capacity);
    this.sentenceStarts = new Uint8Array(capacity);
    this.capsLines = new Uint8Array(capacity);
    this.sentences = new Int32Array(capacity);
    this.slots = new Int32Array(capacity);
    this.formSlots = new Int32Array(capacity);
  }

  push(start: number, end: number, kind: number, cap: boolean, allCaps: boolean): void {
    if (this.length === this.starts.length) this.grow();
    const k = this.length++;
    this.starts[k] = start;
    this.ends[k] = end;
    this.kinds[k] = kind;
    this.caps[k] = cap ? 1 : 0;
    this.allCaps[k] = allCaps ? 1 : 0;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const widen = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.starts = widen(this.starts, (n) => new Int32Array(n));
    this.ends = widen(this.ends, (n) => new Int32Array(n));
    this.sentences = widen(this.sentences, (n) => new Int32Array(n));
    this.kinds = widen(this.kinds, (n) => new Uint8Array(n));
    this.caps = widen(this.caps, (n) => new Uint8Array(n));
    this.allCaps = widen(this.allCaps, (n) => new Uint8Array(n));
    this.sentenceStarts = widen(this.sentenceStarts, (n) => new Uint8Array(n));
    this.capsLines = widen(this.capsLines, (n) => new Uint8Array(n));
    this.slots = widen(this.slots, (n) => new Int32Array(n));
    this.formSlots = widen(this.formSlots, (n) => new Int32Array(n));
  }

  /**
   * The document's token list assembled from per-paragraph pieces (see tokenizePiece), each moved to
   * its paragraph's offset; sentence numbers are renumbered so no two pieces share one.
   */
  static fromPieces(text: string, pieces: readonly TokenPiece[], offsets: readonly number[]): TokenList {
    let total = 0;
    for (const piece of pieces) total += piece.length;
    const list = new TokenList(text, total + 64);
    let base = 0;
    let sentenceBase = 0;
    for (let pi = 0; pi < pieces.length; pi++) {
      const piece = pieces[pi];
      const offset = offsets[pi];
      list.kinds.set(piece.kinds, base);
      list.caps.set(piece.caps, base);
      list.allCaps.set(piece.allCaps, base);
      list.sentenceStarts.set(piece.sentenceStarts, base);
      list.capsLines.set(piece.capsLines, base);
      for (let k = 0; k < piece.length; k++) {
        list.starts[base + k] = piece.starts[k] + offset;
        list.ends[base + k] = piece.ends[k] + offset;
        list.sentences[base + k] = piece.sentences[k] + sentenceBase;
      }
      base += piece.length;
      sentenceBase += piece.sentenceCount;
    }
    list.length = total;
    return list;
  }

  /** The token at k, which must be in range. */
  get(k: number): Token {
    const slot = this.slots[k];
    if (slot !== 0) return this.made[slot - 1];
    const kind = KINDS[this.kinds[k]];
    const forms = this.formsAt(k);
    const token: Token = {
      text: forms.text,
      lower: kind === 'word' ? forms.lower : forms.text,
      start: this.starts[k],
      end: this.ends[k],
      kind,
      capitalized: this.caps[k] === 1,
      allCaps: this.allCaps[k] === 1,
      sentenceStart: this.sentenceStarts[k] === 1,
      inCapsLine: this.capsLines[k] === 1,
      sentence: this.sentences[k],
    };
    this.made.push(token);
    this.slots[k] = this.made.length;
    return token;
  }

  /** Token k's text and lower case, shared by every token of that text. */
  formsAt(k: number): WordForms {
    if (this.formGeneration !== formTableGeneration) this.forgetFormSlots();
    const slot = this.formSlots[k];
    if (slot !== 0) return formTable[slot - 1]!;
    const found = wordFormSlot(this.text, this.starts[k], this.ends[k]);
    if (this.formGeneration !== formTableGeneration) this.forgetFormSlots();
    this.formSlots[k] = found + 1;
    return formTable[found]!;
  }

  /** Drops the tokens' formTable slots, made stale by a new table. */
  private forgetFormSlots(): void {
    this.formSlots.fill(0);
    this.formGeneration = formTableGeneration;
  }

  /** Token k's lower case (its text for numbers and punctuation), without making its Token. */
  lowerAt(k: number): string {
    const forms = this.formsAt(k);
    return this.kinds[k] === KIND_WORD ? forms.lower : forms.text;
  }

  /** Token k's text, without making its Token (the string is shared by every token of that text). */
  textAt(k: number): string {
    return this.formsAt(k).text;
  }

  /** The LEX_ bits (entities-lexicon) of token k's lower case: the word lists that hold it. */
  lexAt(k: number): number {
    const forms = this.formsAt(k);
    return forms.lex >= 0 ? forms.lex : (forms.lex = lexiconBits(this.lowerAt(k)));
  }

  /** The token at k, or undefined out of range (neighbours of the first and last tokens). */
  at(k: number): Token | undefined {
    return k >= 0 && k < this.length ? this.get(k) : undefined;
  }

  /** Single-character punctuation code at k, or -1. */
  punctCode(k: number): number {
    return this.kinds[k] === KIND_PUNCT ? this.text.charCodeAt(this.starts[k]) : -1;
  }
}

/** A character of a word (isWordCode), through the ASCII table: the scanner's innermost test. */
const isWordChar = (c: number): boolean => (c < 128 ? ASCII_WORD_CODES[c] === 1 : isWordCode(c));

/**
 * Lengths (bit n for n characters) of the ABBREVIATIONS that start with each ASCII letter (lower
 * case): a word before a period is cut out and looked up only if one could match.
 */
const ABBREVIATION_LENGTHS = new Int32Array(128);
for (const a of ABBREVIATIONS) {
  const c = a.charCodeAt(0);
  if (c < 128 && a.length < 31) ABBREVIATION_LENGTHS[c] |= 1 << a.length;
}
/** Whether text[from, to) might be an abbreviation (see ABBREVIATION_LENGTHS); true for non-ASCII starts. */
function mayBeAbbreviation(text: string, from: number, to: number): boolean {
  const c = text.charCodeAt(from);
  if (c >= 128) return true;
  const lower = c >= 65 && c <= 90 ? c + 32 : c;
  return (ABBREVIATION_LENGTHS[lower] & (1 << (to - from))) !== 0;
}

function scanRegion(text: string, from: number, to: number, out: TokenList): void {
  let i = from;
  while (i < to) {
    const c0 = text.charCodeAt(i);
    // White space or an ASCII control character: both separate tokens.
    if (c0 <= 32 || (c0 >= 128 && isWhiteSpaceCode(c0))) {
      i++;
      continue;
    }
    if (c0 < 128 ? (c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122) : isLetterCode(c0)) {
      const upper = c0 < 128 ? c0 <= 90 : isUpperCode(c0);
      let j = i + 1;
      // "U.S.", "U.N.": capitals with periods form one word.
      if (upper && j + 2 <= to && text.charCodeAt(j) === 46 && isUpperAt(text, j + 1) && isLetterAt(text, j + 1) && text.charCodeAt(j + 2) === 46) {
        while (j + 2 <= to && text.charCodeAt(j) === 46 && isUpperAt(text, j + 1) && isLetterAt(text, j + 1) && text.charCodeAt(j + 2) === 46) j += 2;
        out.push(i, j + 1, KIND_WORD, true, true);
        i = j + 1;
        continue;
      }
      let joined = false;
      for (;;) {
        while (j < to) {
          const w = text.charCodeAt(j);
          if (w < 128 ? ASCII_WORD_CODES[w] === 0 : !isWordCode(w)) break;
          j++;
        }
        const c = text.charCodeAt(j);
        if (j + 1 < to && (c === 45 || c === 39 || c === 0x2019 || c === 38) && isWordChar(text.charCodeAt(j + 1))) {
          j += 2;
          joined = true;
          continue;
        }
        break;
      }
      // Possessive "'s" is not part of the name.
      const last = text.charCodeAt(j - 1);
      const apostrophe = text.charCodeAt(j - 2);
      let end = j;
      let possessive = false;
      if (j - i >= 4 && (last === 115 || last === 83) && (apostrophe === 39 || apostrophe === 0x2019)) {
        end = j - 2;
        possessive = true;
      }
      // A period stays on abbreviations and initials ("Mr.", "Corp.", "J."); otherwise it is punctuation.
      else if (j < to && text.charCodeAt(j) === 46 && j - i <= 5) {
        if ((j - i === 1 && upper) || (mayBeAbbreviation(text, i, j) && ABBREVIATIONS.has(text.slice(i, j).toLowerCase()))) {
          end = j + 1;
          j++;
        }
      }
      const cap = upper || (joined && mayBeParticleCap(text, i, end) && PARTICLE_CAP.test(text.slice(i, end)));
      out.push(i, end, KIND_WORD, cap, cap && end - i >= 2 && isAllCaps(text, i, end));
      if (possessive) out.push(end, j, KIND_PUNCT, false, false);
      i = j;
      continue;
    }
    if (isDigitAt(text, i)) {
      let j = i + 1;
      for (;;) {
        while (j < to && isDigitAt(text, j)) j++;
        const c = text.charCodeAt(j);
        if (j + 1 < to && (c === 46 || c === 44 || c === 58 || c === 47 || c === 45) && isDigitAt(text, j + 1)) {
          j += 2;
          continue;
        }
        break;
      }
      out.push(i, j, KIND_NUMBER, false, false);
      i = j;
      continue;
    }
    const c = text.charCodeAt(i);
    const width = c >= 0xd800 && c <= 0xdbff && i + 1 < to ? 2 : 1;
    out.push(i, i + width, KIND_PUNCT, false, false);
    i += width;
  }
}

function isAllCaps(text: string, from: number, to: number): boolean {
  let letters = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c >= 97 && c <= 122) return false;
    if (c >= 65 && c <= 90) letters++;
    else if (c >= 128) return !HAS_LOWER.test(text.slice(from, to));
  }
  return letters > 0;
}

export interface Tokenized {
  tokens: TokenList;
  /** Lower-case words the text uses that also appear capitalized somewhere. */
  lowerSeen: Set<string>;
}

export function tokenize(text: string, regions: Span[]): Tokenized {
  const tokens = scanRegions(text, regions, new TokenList(text));
  return { tokens, lowerSeen: findLowerSeen(text, tokens) };
}

/** Scans each prose region into `tokens` and marks its sentences. */
function scanRegions(text: string, regions: Span[], tokens: TokenList): TokenList {
  for (const region of regions) {
    const first = tokens.length;
    scanRegion(text, region.start, Math.min(region.end, text.length), tokens);
    markSentences(text, tokens, first);
  }
  return tokens;
}

/** One paragraph's tokens, with offsets relative to the paragraph and sentences numbered from 0. */
export interface TokenPiece extends TokenArrays {
  sentenceCount: number;
}

/**
 * Tokenizes one paragraph's prose regions as tokenize would. Tokens and sentence flags depend only on
 * the text inside the regions, so the piece can be reused wherever the same paragraph text appears.
 */
export function tokenizePiece(text: string, regions: Span[], offset: number): TokenPiece {
  let chars = 0;
  for (const region of regions) chars += Math.max(0, region.end - region.start);
  const firstSentence = sentenceCounter;
  const tokens = scanRegions(text, regions, new TokenList(text, Math.ceil(chars / 4)));
  const n = tokens.length;
  const starts = tokens.starts.slice(0, n);
  const ends = tokens.ends.slice(0, n);
  const sentences = tokens.sentences.slice(0, n);
  for (let k = 0; k < n; k++) {
    starts[k] -= offset;
    ends[k] -= offset;
    sentences[k] -= firstSentence;
  }
  return {
    length: n,
    sentenceCount: sentenceCounter - firstSentence,
    starts,
    ends,
    sentences,
    kinds: tokens.kinds.slice(0, n),
    caps: tokens.caps.slice(0, n),
    allCaps: tokens.allCaps.slice(0, n),
    sentenceStarts: tokens.sentenceStarts.slice(0, n),
    capsLines: tokens.capsLines.slice(0, n),
  };
}

/** Buckets of findLowerSeen's prefilter (a power of two). */
const LOWER_SEEN_BUCKETS = 1 << 16;
const lowerSeenBucket = (first: number, last: number, length: number): number =>
  (Math.imul(first, 0x9e3779b1) ^ Math.imul(last, 0x85ebca6b) ^ length) & (LOWER_SEEN_BUCKETS - 1);

/** Lower-case words of the text that also open a sentence capitalized somewhere (see Tokenized). */
export function findLowerSeen(text: string, tokens: TokenList): Set<string> {
  // Lower-case uses of sentence-initial capitalized words ("However" vs "however").
  const asked = new Set<string>();
  for (let k = 0; k < tokens.length; k++) if (tokens.sentenceStarts[k] && tokens.caps[k]) asked.add(tokens.lowerAt(k));
  const lowerSeen = new Set<string>();
  if (asked.size) {
    // A cheap prefilter before making a string of a lower-case word: the words asked about, counted
    // by a hash of their first and last characters and length (a word found once is asked no more,
    // so frequent words like "the" are cut out once only).
    const pendingCounts = new Int32Array(LOWER_SEEN_BUCKETS);
    let pending = 0;
    for (const w of asked) {
      pendingCounts[lowerSeenBucket(w.charCodeAt(0), w.charCodeAt(w.length - 1), w.length)]++;
      pending++;
    }
    for (let k = 0; k < tokens.length && pending > 0; k++) {
      if (tokens.kinds[k] !== KIND_WORD || tokens.caps[k] || tokens.capsLines[k]) continue;
      const start = tokens.starts[k];
      const end = tokens.ends[k];
      if (end - start < 2) continue;
      const bucket = lowerSeenBucket(text.charCodeAt(start), text.charCodeAt(end - 1), end - start);
      if (pendingCounts[bucket] === 0) continue;
      const w = text.slice(start, end);
      if (!asked.has(w)) continue;
      lowerSeen.add(w);
      asked.delete(w);
      pendingCounts[bucket]--;
      pending--;
    }
  }
  return lowerSeen;
}

let sentenceCounter = 0;

const OPENER_CODES = new Set([...OPENERS].map((c) => c.charCodeAt(0)));

const isSentenceEndCode = (c: number): boolean => c === 46 || c === 33 || c === 63 || c === 58 || c === 59 || c === 0x2026;

/** Flags sentence starts and headline (all-caps) sentences among tokens[from..]. */
function markSentences(text: string, tokens: TokenList, from: number): void {
  let sentenceFirst = from;
  let atStart = true;
  let prevCode = -1; // punctuation code of the previous token, -1 for words and numbers
  let prevPrevCode = -1;
  // The arrays in locals: the loop runs over every token, and none grows here.
  const { kinds, starts, ends, caps, sentenceStarts } = tokens;
  for (let i = from; i < tokens.length; i++) {
    const code = kinds[i] === KIND_PUNCT ? text.charCodeAt(starts[i]) : -1;
    let boundary = i > from && isSentenceEndCode(prevCode);
    if (!boundary && i > from) {
      let newLine = false;
      for (let c = ends[i - 1]; c < starts[i]; c++)
        if (text.charCodeAt(c) === 10) {
          newLine = true;
          break;
        }
      // A line break ends a sentence unless the line stopped mid-sentence (hard-wrapped prose).
      boundary = newLine && !((kinds[i - 1] === KIND_WORD && !caps[i - 1]) || prevCode === 44);
    }
    if (boundary) {
      if (i > sentenceFirst) closeSentence(tokens, sentenceFirst, i);
      sentenceFirst = i;
      atStart = true;
    }
    if (atStart) {
      sentenceStarts[i] = 1;
      if (code < 0 || !OPENER_CODES.has(code)) atStart = false;
    } else if (prevCode >= 0 && prevCode !== 45 && prevCode !== 40 && OPENER_CODES.has(prevCode) && isSentenceEndCode(prevPrevCode)) {
      sentenceStarts[i] = 1;
    }
    prevPrevCode = prevCode;
    prevCode = code;
  }
  if (tokens.length > sentenceFirst) closeSentence(tokens, sentenceFirst, tokens.length);
}

function closeSentence(tokens: TokenList, from: number, to: number): void {
  let words = 0;
  let caps = 0;
  let lowerWords = 0;
  const { sentences, kinds, starts, ends, allCaps } = tokens;
  for (let i = from; i < to; i++) {
    sentences[i] = sentenceCounter;
    if (kinds[i] !== KIND_WORD || ends[i] - starts[i] < 2) continue;
    words++;
    if (allCaps[i]) caps++;
    else if (!tokens.caps[i]) lowerWords++;
  }
  // A headline: most words in capitals and hardly any lower-case word.
  const capsLine = words >= 2 && caps / words >= 0.6 && lowerWords <= 1;
  if (capsLine) for (let i = from; i < to; i++) tokens.capsLines[i] = 1;
  sentenceCounter++;
}
/**
 * proseRegions grouped by the span they were cut from: each paragraph (or the whole text if
 * unsegmented), in order; `bases[i]` holds the regions of that span.
 */
export function proseRegionsByBase(text: string, structure: TextStructure): Span[][] {
  const bases = proseBases(text, structure);
  const grouped: Span[][] = [];
  const excluded = [...structure.excluded].sort((a, b) => a.start - b.start);
  if (!excluded.length) return bases.map((b) => [b]);
  let k = 0;
  for (const region of bases) {
    const out: Span[] = [];
    let cursor = region.start;
    while (k < excluded.length && excluded[k].end <= cursor) k++;
    let j = k;
    while (j < excluded.length && excluded[j].start < region.end) {
      if (excluded[j].start > cursor) out.push({ start: cursor, end: excluded[j].start });
      cursor = Math.max(cursor, excluded[j].end);
      j++;
    }
    if (cursor < region.end) out.push({ start: cursor, end: region.end });
    grouped.push(out);
  }
  return grouped;
}

/** The spans proseRegions cuts: the paragraphs, or the whole text if unsegmented. */
export function proseBases(text: string, structure: TextStructure): Span[] {
  return structure.paragraphs.length ? structure.paragraphs.map((p) => ({ start: p.start, end: p.end })) : [{ start: 0, end: text.length }];
}

/** Prose spans to read: paragraphs minus excluded regions (or the whole text if unsegmented). */
export function proseRegions(text: string, structure: TextStructure): Span[] {
  const base: Span[] = structure.paragraphs.length ? structure.paragraphs.map((p) => ({ start: p.start, end: p.end })) : [{ start: 0, end: text.length }];
  const excluded = [...structure.excluded].sort((a, b) => a.start - b.start);
  if (!excluded.length) return base;
  const out: Span[] = [];
  let k = 0;
  for (const region of base) {
    let cursor = region.start;
    while (k < excluded.length && excluded[k].end <= cursor) k++;
    let j = k;
    while (j < excluded.length && excluded[j].start < region.end) {
      if (excluded[j].start > cursor) out.push({ start: cursor, end: excluded[j].start });
      cursor = Math.max(cursor, excluded[j].end);
      j++;
    }
    if (cursor < region.end) out.push({ start: cursor, end: region.end });
  }
  return out;
}
