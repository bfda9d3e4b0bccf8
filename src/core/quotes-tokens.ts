// Small word tokenizer for the text around a quotation (attribution windows), with each
// quotation inside a window kept as one opaque token so its words never look like attribution.
import { isWhiteSpaceCode, isWordCode, lowerCaseWord } from './text';
import type { Span } from './types';
import { wordSet } from './word-lists';

const ZERO_WIDTH_SPACE = 0x200b;

export interface Token extends Span {
  text: string;
  lower: string;
  kind: 'word' | 'punct' | 'quote';
  /** A line break separates this token from the one before. */
  newlineBefore: boolean;
  /** Which of the rules' word lists hold the word (bits of quotes-speakers' wordLists); -1 until asked. */
  lists: number;
}

/** Abbreviations whose period belongs to the word (Mr. Smith, the U.S. Senate). */
export const ABBREVIATIONS = wordSet('abbreviations.attributionTokens');

/** Characters that join two word parts: O’Neill, R-Ohio, U.S, AT&T. */
function isJoiner(c: number): boolean {
  return c === 39 || c === 0x2019 || c === 45 || c === 46 || c === 38;
}

/** White space, and the zero-width space (a word break in pasted web text). */
function isSpace(c: number): boolean {
  return isWhiteSpaceCode(c) || c === ZERO_WIDTH_SPACE;
}

/**
 * Tokens of text[from, to). `quotes` (sorted by start, not nested) become single tokens; a quote
 * that starts inside the range ends the range if it runs past `to`.
 */
export function tokenize(text: string, from: number, to: number, quotes: Span[], firstQuote: number): Token[] {
  const tokens: Token[] = [];
  let q = firstQuote;
  while (q < quotes.length && quotes[q].start < from) q++;
  let i = from;
  let newline = false;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      if (c === 10) newline = true;
      i++;
      continue;
    }
    if (q < quotes.length && quotes[q].start <= i) {
      // A quotation begins here: one token for all of it (with the same fields as a word's, so the
      // rules read tokens of one shape).
      const quote = quotes[q++];
      if (quote.end <= i) continue;
      tokens.push({
        start: quote.start,
        end: quote.end,
        text: text.slice(quote.start, quote.end),
        lower: '',
        kind: 'quote',
        newlineBefore: newline,
        lists: -1,
      });
      newline = false;
      i = quote.end;
      continue;
    }
    const start = i;
    let isWord = false;
    /** Whether the word may need lower-casing: an upper-case or non-ASCII letter. */
    let mixed = false;
    if (isWordCode(text.charCodeAt(i))) {
      isWord = true;
      while (i < to) {
        const d = text.charCodeAt(i);
        if (d >= 97 && d <= 122) i++;
        else if (isWordCode(text.charCodeAt(i))) {
          if (d < 48 || d > 57) mixed = true;
          i++;
        } else if (isJoiner(d) && i + 1 < to && isWordCode(text.charCodeAt(i + 1))) {
          if (d > 127) mixed = true;
          i += 2;
        } else break;
      }
      if (q < quotes.length && quotes[q].start < i) i = Math.max(start + 1, quotes[q].start);
      if (i < to && text.charCodeAt(i) === 46) {
        // (D-Wis.) : a period right before a closing parenthesis abbreviates too.
        // A period followed by , ; or ) ends an abbreviation, not a sentence: R-Ky., (D-Wis.)
        const after = text.charCodeAt(i + 1);
        if (after === 41 || after === 44 || after === 59) i++;
        else {
          const word = text.slice(start, i);
          const lower = lowerCaseWord(word);
          if (ABBREVIATIONS.has(lower) || (word.length === 1 && word !== lower) || lower.includes('.')) i++;
        }
      }
    } else {
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < to ? 2 : 1;
    }
    const word = text.slice(start, i);
    tokens.push({
      start,
      end: i,
      text: word,
      lower: isWord && mixed ? lowerCaseWord(word) : word,
      kind: isWord ? 'word' : 'punct',
      newlineBefore: newline,
      lists: -1,
    });
    newline = false;
  }
  return tokens;
}

/** A sentence ends at . ! ? (not an abbreviation's period) or after a quotation that ends with one. */
export function endsSentence(token: Token): boolean {
  if (token.kind === 'punct') return token.text === '.' || token.text === '!' || token.text === '?' || token.text === '…';
  if (token.kind === 'quote') return /[.!?…]\s*['’"”»]*$/.test(token.text.slice(-4));
  return false;
}
