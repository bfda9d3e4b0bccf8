// Sentence splitting inside one paragraph: a single left-to-right pass over the (masked) text that
// decides at each run of terminal punctuation whether a sentence ends there.
import abbreviations from './lexicons/abbreviations.json';
import type { Span } from './types';

const TITLES = new Set<string>(abbreviations.titles);
const NEVER_FINAL = new Set<string>(abbreviations.never);
const BEFORE_NUMBER = new Set<string>(abbreviations.numeric);
const MONTHS = new Set<string>(abbreviations.months);
const AMBIGUOUS = new Set<string>(abbreviations.ambiguous);
const STARTERS = new Set<string>(abbreviations.sentenceStarters);

const TERMINALS = '.!?…‼⁇⁈⁉';
/** Marks that may follow the terminal punctuation and still belong to the sentence. */
const CLOSERS = '"\'”’»›)]}';
/** Marks that may open the next sentence before its first letter. */
const OPENERS = '"\'“‘«‹([{';
const UPPER = /\p{Lu}|\p{Lt}/u;
const LOWER = /\p{Ll}/u;
const LETTER = /\p{L}/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 0xa0 || c === 0x2009 || c === 0x202f || c === 0x3000 || c === 12 || c === 11;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

type LetterCase = 'upper' | 'lower' | 'caseless' | 'digit' | 'other';

function classify(ch: string): LetterCase {
  const c = ch.charCodeAt(0);
  if (c >= 65 && c <= 90) return 'upper';
  if (c >= 97 && c <= 122) return 'lower';
  if (isDigit(c)) return 'digit';
  if (c < 128) return 'other';
  if (UPPER.test(ch)) return 'upper';
  if (LOWER.test(ch)) return 'lower';
  if (LETTER.test(ch)) return 'caseless';
  return 'other';
}

/** The word that starts at `at` (letters only), for the sentence-starter check. */
function wordAt(s: string, at: number, end: number): string {
  let j = at;
  while (j < end && j - at < 30 && WORD_CHAR.test(s[j])) j++;
  return s.slice(at, j);
}

/** A list bullet or enumerator ("- ", "• ", "3. ", "b) ") starting at `at`; returns its length or 0. */
export function bulletLength(s: string, at: number, end: number): number {
  const c = s[at];
  if ((c === '-' || c === '*' || c === '+' || c === '•' || c === '–' || c === '▪' || c === '◦') && at + 1 < end && (s[at + 1] === ' ' || s[at + 1] === '\t')) return 2;
  let j = at;
  while (j < end && j - at < 3 && isDigit(s.charCodeAt(j))) j++;
  if (j === at && j < end && /[a-z]/.test(s[j])) j++;
  if (j > at && j + 1 < end && (s[j] === '.' || s[j] === ')') && (s[j + 1] === ' ' || s[j + 1] === '\t')) return j + 2 - at;
  return 0;
}

function isLineStart(s: string, at: number, paragraphStart: number): boolean {
  let j = at - 1;
  while (j >= paragraphStart && (s[j] === ' ' || s[j] === '\t')) j--;
  return j < paragraphStart || s[j] === '\n';
}

/**
 * Whether a sentence ends at the punctuation run s[termStart, termEnd) when the next sentence
 * would start at `next` (first non-space character after the run and its closing marks).
 */
function endsSentence(s: string, paragraphStart: number, termStart: number, termEnd: number, next: number, end: number): boolean {
  let first = next;
  while (first < end && OPENERS.includes(s[first])) first++;
  if (first >= end) return false;
  const kind = classify(s[first]);
  if (kind === 'lower' || kind === 'other') return false;
  const run = s.slice(termStart, termEnd);
  if (run !== '.') return true; // ! ? … or "..." before a capital, digit or quote
  // A single period: is the word before it an abbreviation, an initial or a list number?
  let w = termStart;
  while (w > paragraphStart && termStart - w < 24) {
    const ch = s[w - 1];
    if (ch === '.' || classify(ch) === 'upper' || classify(ch) === 'lower' || classify(ch) === 'caseless') w--;
    else break;
  }
  while (w < termStart && s[w] === '.') w++;
  const token = s.slice(w, termStart);
  if (token === '') {
    let d = termStart;
    while (d > paragraphStart && isDigit(s.charCodeAt(d - 1))) d--;
    // "1. First point" at a line start is an enumerator, not a sentence
    return !(d < termStart && termStart - d <= 3 && isLineStart(s, d, paragraphStart));
  }
  const lower = token.toLowerCase();
  const known = (set: Set<string>) => set.has(token) || (token !== lower && set.has(lower) && token[0] !== lower[0] && token.slice(1) === lower.slice(1));
  if (known(TITLES) || known(NEVER_FINAL)) return false;
  const nextIsNumber = kind === 'digit';
  if (known(BEFORE_NUMBER)) return !nextIsNumber;
  const startsSentence = () => kind !== 'upper' || STARTERS.has(wordAt(s, first, end)) || first !== next;
  if (known(MONTHS)) return !nextIsNumber && startsSentence();
  if (known(AMBIGUOUS)) return startsSentence();
  if (token.includes('.') && /^(?:\p{L}\.)+\p{L}$/u.test(token)) return startsSentence(); // U.S, a.m
  if (token.length === 1 && classify(token) === 'upper') return startsSentence(); // initial: "George W. Bush"
  return true;
}

/**
 * Appends the sentences of the paragraph s[start, end) to `out`, trimmed of whitespace.
 * `s` should be the masked text, so excluded regions read as spaces.
 */
export function splitSentences(s: string, start: number, end: number, out: Span[]): void {
  let sentenceStart = start;
  const push = (from: number, to: number) => {
    while (from < to && isSpace(s.charCodeAt(from))) from++;
    while (to > from && isSpace(s.charCodeAt(to - 1))) to--;
    if (to > from) out.push({ start: from, end: to });
  };
  let i = start;
  while (i < end) {
    const ch = s[i];
    if (ch === '\n') {
      // A list item on its own line starts a new sentence even after a line without punctuation.
      let j = i + 1;
      while (j < end && (s[j] === ' ' || s[j] === '\t')) j++;
      if (j < end && bulletLength(s, j, end) > 0) {
        push(sentenceStart, i);
        sentenceStart = j;
        i = j + bulletLength(s, j, end);
        continue;
      }
      i++;
      continue;
    }
    if (!TERMINALS.includes(ch)) {
      i++;
      continue;
    }
    const termStart = i;
    let j = i;
    while (j < end && TERMINALS.includes(s[j])) j++;
    const termEnd = j;
    while (j < end && CLOSERS.includes(s[j])) j++;
    if (j >= end) break;
    if (!isSpace(s.charCodeAt(j))) {
      // "3.5", "U.S.-led", "example.com", "e.g.,": not a boundary
      i = j;
      continue;
    }
    let next = j;
    while (next < end && isSpace(s.charCodeAt(next))) next++;
    if (next >= end) break;
    if (endsSentence(s, start, termStart, termEnd, next, end)) {
      push(sentenceStart, j);
      sentenceStart = next;
    }
    i = next;
  }
  push(sentenceStart, end);
}
