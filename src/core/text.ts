// Text primitives that every tokenizer and detector shares, each defined once: white space, word
// characters, letter case, case folding and binary search. Code units beyond ASCII are asked of
// Unicode once each and kept in a table: news text is full of curly quotes and dashes, and a regex
// test per visit is slow. Surrogate halves (emoji, rare scripts) are neither letters, marks, numbers
// nor white space here: the tokenizers treat them as punctuation.

/** Folded and lower-cased words kept per cache before it is cleared (words repeat a lot in news). */
export const WORD_CACHE_LIMIT = 50_000;

const CLASS_KNOWN = 1;
const CLASS_LETTER = 2;
const CLASS_UPPER = 4;
const CLASS_MARK = 8;
const CLASS_NUMBER = 16;
const CLASS_SPACE = 32;
const nonAsciiClasses = new Uint8Array(0x10000);

// Regex literals with \p{...} are rebuilt on every call in the bundle (esbuild lowers them to
// `new RegExp(...)`), so they are compiled once here.
const LETTER = /\p{L}/u;
const UPPER = /\p{Lu}/u;
const MARK = /\p{M}/u;
const NUMBER = /\p{N}/u;
const SPACE = /\s/u;
const UPPER_FIRST = /^\p{Lu}/u;
const LOWER_FIRST = /^\p{Ll}/u;

function nonAsciiClass(c: number): number {
  let classes = nonAsciiClasses[c];
  if (classes === 0) {
    classes = CLASS_KNOWN;
    if (c < 0xd800 || c > 0xdfff) {
      const ch = String.fromCharCode(c);
      if (LETTER.test(ch)) classes |= CLASS_LETTER;
      if (UPPER.test(ch)) classes |= CLASS_UPPER;
      if (MARK.test(ch)) classes |= CLASS_MARK;
      if (NUMBER.test(ch)) classes |= CLASS_NUMBER;
      if (SPACE.test(ch)) classes |= CLASS_SPACE;
    }
    nonAsciiClasses[c] = classes;
  }
  return classes;
}

export function isAsciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** White space as /\s/ reads it: ASCII tab to carriage return and space, no-break and Unicode spaces, line/paragraph separators, BOM. */
export function isWhiteSpaceCode(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (nonAsciiClass(c) & CLASS_SPACE) !== 0;
}

/** A letter of any script (\p{L}). */
export function isLetterCode(c: number): boolean {
  if (c < 128) return isAsciiLetter(c);
  return (nonAsciiClass(c) & CLASS_LETTER) !== 0;
}

/** An upper-case letter (\p{Lu}). */
export function isUpperCode(c: number): boolean {
  if (c < 128) return c >= 65 && c <= 90;
  return (nonAsciiClass(c) & CLASS_UPPER) !== 0;
}

/** A number of any script (\p{N}: digits, superscripts, fractions). */
export function isNumberCode(c: number): boolean {
  if (c < 128) return isAsciiDigit(c);
  return (nonAsciiClass(c) & CLASS_NUMBER) !== 0;
}

/** A character of a word: letter, number or combining mark (\p{L}, \p{N}, \p{M}). */
export function isWordCode(c: number): boolean {
  if (c < 128) return isAsciiLetter(c) || isAsciiDigit(c);
  return (nonAsciiClass(c) & (CLASS_LETTER | CLASS_MARK | CLASS_NUMBER)) !== 0;
}

/**
 * isWordCode of the ASCII codes as a table (1: a word character): a scanner's innermost loop reads it
 * inline, `c < 128 ? ASCII_WORD_CODES[c] === 1 : isWordCode(c)`, one read instead of four comparisons.
 */
export const ASCII_WORD_CODES = Uint8Array.from({ length: 128 }, (_, c) => (isWordCode(c) ? 1 : 0));

/** Whether the string starts with an upper-case letter (as /^\p{Lu}/u tests). */
export function startsUpper(s: string): boolean {
  const c = s.charCodeAt(0);
  return c < 128 ? c >= 65 && c <= 90 : UPPER_FIRST.test(s);
}

/** Whether the string starts with a lower-case letter (as /^\p{Ll}/u tests). */
export function startsLower(s: string): boolean {
  const c = s.charCodeAt(0);
  return c < 128 ? c >= 97 && c <= 122 : LOWER_FIRST.test(s);
}

/**
 * Lower-cased words through a cache: String#toLowerCase takes a slow path for strings cut from text
 * holding any non-Latin-1 character (curly quotes are enough).
 */
const lowerCache = new Map<string, string>();

export function lowerCaseWord(raw: string): string {
  let lower = lowerCache.get(raw);
  if (lower === undefined) {
    lower = raw.toLowerCase();
    if (lowerCache.size > WORD_CACHE_LIMIT) lowerCache.clear();
    lowerCache.set(raw, lower);
  }
  return lower;
}

/** Case folding for word lists: lower case, curly apostrophes straight ("Don’t" → "don't"); cached. */
const foldCache = new Map<string, string>();

export function foldWord(raw: string): string {
  let folded = foldCache.get(raw);
  if (folded === undefined) {
    folded = lowerCaseWord(raw);
    if (folded.includes('’')) folded = folded.replace(/’/g, "'");
    if (foldCache.size > WORD_CACHE_LIMIT) foldCache.clear();
    foldCache.set(raw, folded);
  }
  return folded;
}

/**
 * Binary search: the number of leading indexes in 0..length-1 for which `before` holds, given that it
 * holds for a prefix and fails for the rest (the first index where it fails, or length).
 */
export function partitionPoint(length: number, before: (index: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
