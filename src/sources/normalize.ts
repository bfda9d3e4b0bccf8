// Words for comparing a quote with its source. A quote is "the same words" as a passage when their
// word sequences are equal after what editors may legitimately change is normalized away:
// - white space and line breaks (tokens ignore them);
// - straight vs curly quotes and apostrophes ("don’t" = "don't");
// - dashes (en, em, figure, hyphen variants are one dash; a dash between words is punctuation);
// - case;
// - punctuation: commas, full stops, colons, quote marks and brackets are not words, so punctuation
//   at the edges of a quote (and inside it) never decides a match; the words do;
// - ellipses (`...`, `…`, `. . .`, `[…]`, `[...]`) stand for omitted words: they split the quote into
//   fragments that must appear in the source in order (see verify.ts);
// - an editor's bracketed insertion ("[the plan] will work") stands for the words it replaces, like
//   an ellipsis.
// Numbers keep their decimal and thousands separators and a trailing percent sign ("1,200", "2.5%").
// Pure functions; offsets are UTF-16 code units.

export interface Token {
  /** The normalized form compared: lower case, straight apostrophe, ASCII hyphen. */
  norm: string;
  /** Place of the word in the text it was read from. */
  start: number;
  end: number;
}

/**
 * A word: letters, marks and digits, joined by apostrophes or hyphens ("don't", "long-term",
 * "Okonjo-Iweala"), or by a decimal point or thousands separator between digits ("2.5", "1,200");
 * an optional currency sign before and percent sign after. Abbreviations of single letters with
 * full stops are one word ("a.m.", "U.S.").
 */
const WORD = /\p{L}(?:\.\p{L})+\.?|[$€£¥]?[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['\u2018\u2019\u02bc\u2010-\u2015-][\p{L}\p{M}\p{N}]+|(?<=\p{N})[.,]\p{N}+)*%?/gu;

/** The normalized form of one word. */
export function normalizeWord(word: string): string {
  return word
    .normalize('NFC')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/\.$/, '')
    .toLowerCase();
}

/** The words of text[from, to) with their places. */
export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const out: Token[] = [];
  WORD.lastIndex = from;
  for (let m = WORD.exec(text); m && m.index < to; m = WORD.exec(text)) {
    const end = m.index + m[0].length;
    if (end > to) break;
    out.push({ norm: normalizeWord(m[0]), start: m.index, end });
  }
  return out;
}

/**
 * Marks standing for omitted or replaced words: an ellipsis in any of its forms (with or without
 * brackets), or an editor's bracketed insertion.
 */
const ELISION = /\[\s*(?:…|\.(?:\s*\.){2})\s*\]|\(\s*(?:…|\.(?:\s*\.){2})\s*\)|…|\.(?:\s*\.){2}|\[[^\]\n]{1,80}\]/gu;

/** One run of a quote's words between elisions. */
export interface Fragment {
  tokens: Token[];
  /** An elision before this fragment (not the first one, or a leading ellipsis). */
  elidedBefore: boolean;
}

/** A quote's words split at its elisions; empty fragments (a leading or trailing ellipsis) are dropped. */
export function fragmentsOf(text: string): Fragment[] {
  const out: Fragment[] = [];
  let last = 0;
  let elided = false;
  ELISION.lastIndex = 0;
  for (let m = ELISION.exec(text); m; m = ELISION.exec(text)) {
    const tokens = tokenize(text, last, m.index);
    if (tokens.length) out.push({ tokens, elidedBefore: elided });
    elided = true;
    last = m.index + m[0].length;
  }
  const tail = tokenize(text, last);
  if (tail.length) out.push({ tokens: tail, elidedBefore: elided });
  return out;
}

/** Words that turn a statement into its negation. */
const NEGATIONS = new Set([
  'not',
  'no',
  'never',
  'none',
  'nothing',
  'nobody',
  'nowhere',
  'neither',
  'nor',
  'without',
  'cannot',
  'hardly',
  'barely',
  'scarcely',
  'non',
]);

export function isNegation(norm: string): boolean {
  return NEGATIONS.has(norm) || norm.endsWith("n't");
}

/** Number words that carry a quantity (a changed one changes what was said). */
const NUMBER_WORDS = new Set([
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty',
  'thirty',
  'forty',
  'fifty',
  'sixty',
  'seventy',
  'eighty',
  'ninety',
  'hundred',
  'thousand',
  'million',
  'billion',
  'trillion',
  'half',
  'quarter',
  'third',
  'double',
  'twice',
  'triple',
  'dozen',
  'dozens',
  'hundreds',
  'thousands',
  'millions',
  'billions',
  'percent',
]);

export function isNumber(norm: string): boolean {
  return /\p{N}/u.test(norm) || NUMBER_WORDS.has(norm);
}
