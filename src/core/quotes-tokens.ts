// Small word tokenizer for the text around a quotation (attribution windows), with each
// quotation inside a window kept as one opaque token so its words never look like attribution.
import type { Span } from './types';

export interface Token extends Span {
  text: string;
  lower: string;
  kind: 'word' | 'punct' | 'quote';
  /** A line break separates this token from the one before. */
  newlineBefore: boolean;
  /** For a quote token: index of the quotation in the list given to the tokenizer. */
  quote?: number;
}

/** Abbreviations whose period belongs to the word (Mr. Smith, the U.S. Senate). */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'sen', 'rep', 'gov', 'gen', 'lt', 'col', 'sgt', 'capt', 'cpt', 'prof', 'rev', 'hon', 'pres',
  'adm', 'maj', 'cmdr', 'st', 'jr', 'sr', 'supt', 'insp', 'det', 'atty', 'amb', 'inc', 'corp', 'co', 'ltd', 'no', 'vs',
  'etc', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'mt', 'ft', 'gov', 'sens',
  'reps', 'messrs', 'mme', 'mlle', 'fr', 'sgt', 'cpl', 'pvt', 'dept', 'univ', 'assn', 'bros', 'approx', 'est', 'fig',
]);

const WORD = /[\p{L}\p{N}\p{M}]+(?:['’\-.&][\p{L}\p{N}\p{M}]+)*|\S/gu;

/**
 * Tokens of text[from, to). `quotes` (sorted by start, not nested) become single tokens; a quote
 * that starts inside the range ends the range if it runs past `to`.
 */
export function tokenize(text: string, from: number, to: number, quotes: Span[], firstQuote: number): Token[] {
  const tokens: Token[] = [];
  let q = firstQuote;
  while (q < quotes.length && quotes[q].start < from) q++;
  WORD.lastIndex = from;
  let m: RegExpExecArray | null;
  while (WORD.lastIndex < to && (m = WORD.exec(text))) {
    let start = m.index;
    if (start >= to) break;
    if (q < quotes.length && quotes[q].start < start + m[0].length) {
      // A quotation begins here (or inside this match): emit it whole and jump past it.
      const quote = quotes[q];
      if (quote.start >= to) break;
      const span = text.slice(quote.start, quote.end);
      tokens.push({ start: quote.start, end: quote.end, text: span, lower: '', kind: 'quote', quote: q, newlineBefore: lineBreakBefore(text, tokens, quote.start, from) });
      WORD.lastIndex = quote.end;
      q++;
      continue;
    }
    let end = start + m[0].length;
    const isWord = m[0].length > 1 || /[\p{L}\p{N}]/u.test(m[0]);
    if (isWord && end < to && text[end] === '.') {
      const lower = m[0].toLowerCase();
      // (D-Wis.) : a period right before a closing parenthesis abbreviates too.
      if (ABBREVIATIONS.has(lower) || /^\p{Lu}$/u.test(m[0]) || lower.includes('.') || text[end + 1] === ')') end++;
    }
    if (end > to) end = to;
    const word = text.slice(start, end);
    tokens.push({ start, end, text: word, lower: word.toLowerCase(), kind: isWord ? 'word' : 'punct', newlineBefore: lineBreakBefore(text, tokens, start, from) });
    WORD.lastIndex = end;
    start = end;
  }
  return tokens;
}

function lineBreakBefore(text: string, tokens: Token[], start: number, from: number): boolean {
  const gapStart = tokens.length ? tokens[tokens.length - 1].end : from;
  for (let i = start - 1; i >= gapStart; i--) if (text.charCodeAt(i) === 10) return true;
  return false;
}

/** A sentence ends at . ! ? (not an abbreviation's period) or after a quotation that ends with one. */
export function endsSentence(token: Token): boolean {
  if (token.kind === 'punct') return token.text === '.' || token.text === '!' || token.text === '?' || token.text === '…';
  if (token.kind === 'quote') return /[.!?…]\s*['’"”»]*$/.test(token.text.slice(-4));
  return false;
}
