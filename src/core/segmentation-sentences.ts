// Sentence splitting inside one paragraph: a single left-to-right pass over the (masked) text that
// decides at each run of terminal punctuation whether a sentence ends there.
import { isAsciiDigit, isLetterCode, isWhiteSpaceCode } from './text';
import type { Sentence } from './types';
import { wordList, wordSet } from './word-lists';

// What each abbreviation list says of a word before a period, as bits of one table: a period closes
// most sentences after an ordinary word, and one look-up tells that apart (five set look-ups did).
/** Titles ("Dr", "Gen") and words never final ("e.g", "approx"): the period never ends a sentence. */
const NOT_FINAL = 1;
/** Ends a sentence unless a number follows ("No. 5", "Vol. II"). */
const BEFORE_NUMBER = 2;
/** Month abbreviations: end a sentence only before a sentence start that is not a number. */
const MONTH = 4;
/** Ends a sentence only when the next word starts one. */
const AMBIGUOUS = 8;
const ABBREVIATIONS = new Map<string, number>();
for (const [list, bit] of [
  ['abbreviations.titles', NOT_FINAL],
  ['abbreviations.never', NOT_FINAL],
  ['abbreviations.numeric', BEFORE_NUMBER],
  ['abbreviations.months', MONTH],
  ['abbreviations.ambiguous', AMBIGUOUS],
] as const) {
  for (const word of wordList(list)) ABBREVIATIONS.set(word, (ABBREVIATIONS.get(word) ?? 0) | bit);
}
const STARTERS = wordSet('abbreviations.sentenceStarters');

/** Verbs of saying that attach a preceding quoted question or exclamation to its speaker. */
const SPEECH_VERBS = wordSet('speechVerbs.sentenceAttribution');

/** `Name Surname said` (up to four capitalized words, then a verb of saying) starting at `at`. */
function attributionFollows(s: string, at: number, end: number): boolean {
  let j = at;
  for (let words = 0; words < 5 && j < end; words++) {
    const word = wordAt(s, j, end);
    if (!word) return false;
    if (SPEECH_VERBS.has(word)) return words > 0;
    if (classify(word[0]) !== 'upper') return false;
    j += word.length;
    if (s.charCodeAt(j) === 46 && j + 1 < end && s.charCodeAt(j + 1) === 32) j++; // "Dr. Lee"
    if (j >= end || s.charCodeAt(j) !== 32) return false;
    j++;
  }
  return false;
}

function isQuoteMark(c: number): boolean {
  return c === 34 || c === 39 || c === 0x201d || c === 0x2019 || c === 0xbb || c === 0x203a;
}

/** Sentence-final punctuation: . ! ? … ‼ ⁇ ⁈ ⁉ */
function isTerminal(c: number): boolean {
  return c === 46 || c === 33 || c === 63 || c === 0x2026 || c === 0x203c || (c >= 0x2047 && c <= 0x2049);
}

/** Marks that may follow the terminal punctuation and still belong to the sentence: " ' ” ’ » › ) ] } */
function isCloser(c: number): boolean {
  return c === 34 || c === 39 || c === 0x201d || c === 0x2019 || c === 0xbb || c === 0x203a || c === 41 || c === 93 || c === 125;
}
/** Marks that may open the next sentence before its first letter. */
const OPENERS = '"\'“‘«‹([{';
const CURRENCY_OR_SIGN = '$£€¥₹#@';
const UPPER = /\p{Lu}|\p{Lt}/u;
const LOWER = /\p{Ll}/u;
const LETTER = /\p{L}/u;
const ROMAN_NUMERAL = /^[IVXLC]+$/;
const DOTTED_ACRONYM = /^(?:\p{L}\.)+\p{L}$/u;

type LetterCase = 'upper' | 'lower' | 'caseless' | 'digit' | 'other';

function classify(ch: string): LetterCase {
  const c = ch.charCodeAt(0);
  if (c >= 65 && c <= 90) return 'upper';
  if (c >= 97 && c <= 122) return 'lower';
  if (isAsciiDigit(c)) return 'digit';
  if (c < 128) return 'other';
  if (UPPER.test(ch)) return 'upper';
  if (LOWER.test(ch)) return 'lower';
  if (LETTER.test(ch)) return 'caseless';
  return 'other';
}

/** The word that starts at `at` (letters only), for the sentence-starter check. */
function wordAt(s: string, at: number, end: number): string {
  let j = at;
  while (j < end && j - at < 30) {
    const c = s.charCodeAt(j);
    if (isAsciiDigit(c) || isLetterCode(c)) j++;
    else break;
  }
  return s.slice(at, j);
}

/** A list bullet or enumerator ("- ", "• ", "3. ", "b) ") starting at `at`; returns its length or 0. */
export function bulletLength(s: string, at: number, end: number): number {
  const c = s[at];
  if ((c === '-' || c === '*' || c === '+' || c === '•' || c === '–' || c === '▪' || c === '◦') && at + 1 < end && (s[at + 1] === ' ' || s[at + 1] === '\t'))
    return 2;
  let j = at;
  while (j < end && j - at < 3 && isAsciiDigit(s.charCodeAt(j))) j++;
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
function endsSentence(s: string, paragraphStart: number, termStart: number, termEnd: number, quoteClosed: boolean, next: number, end: number): boolean {
  let first = next;
  while (first < end && OPENERS.includes(s[first])) first++;
  if (first >= end) return false;
  // "$5 million was spent." starts a sentence like a number does.
  const kind = CURRENCY_OR_SIGN.includes(s[first]) ? 'digit' : classify(s[first]);
  if (kind === 'lower' || kind === 'other') return false;
  const run = s.slice(termStart, termEnd);
  if (run !== '.') {
    // “Is it over?” Ortega asked. — a question or exclamation quoted inside a sentence.
    if (quoteClosed && kind === 'upper' && first === next && /[!?]/.test(run)) return !attributionFollows(s, next, end);
    return true; // ! ? … or "..." before a capital, digit or quote
  }
  // A single period: is the word before it an abbreviation, an initial or a list number?
  let w = termStart;
  while (w > paragraphStart && termStart - w < 24) {
    const c = s.charCodeAt(w - 1);
    if (c === 46 || isLetterCode(c)) w--;
    else break;
  }
  while (w < termStart && s[w] === '.') w++;
  const token = s.slice(w, termStart);
  if (token === '') {
    let d = termStart;
    while (d > paragraphStart && isAsciiDigit(s.charCodeAt(d - 1))) d--;
    // "1. First point" at a line start is an enumerator, not a sentence
    return !(d < termStart && termStart - d <= 3 && isLineStart(s, d, paragraphStart));
  }
  const lists = abbreviationLists(token);
  if (lists & NOT_FINAL) return false;
  // Roman numerals count as numbers after "Vol.", "No.", "Ch." and the like.
  const nextIsNumber = () => kind === 'digit' || ROMAN_NUMERAL.test(wordAt(s, first, end));
  if (lists & BEFORE_NUMBER) return !nextIsNumber();
  const startsSentence = () => kind !== 'upper' || first !== next || STARTERS.has(wordAt(s, first, end));
  if (lists & MONTH) return !nextIsNumber() && startsSentence();
  if (lists & AMBIGUOUS) return startsSentence();
  if (token.includes('.') && DOTTED_ACRONYM.test(token)) return startsSentence(); // U.S, a.m
  if (token.length === 1 && classify(token) === 'upper') return startsSentence(); // initial: "George W. Bush"
  return true;
}

/** The abbreviation lists that hold `token` or, for a capitalized token, its lower-case form ("E.g.", "Etc."). */
function abbreviationLists(token: string): number {
  const own = ABBREVIATIONS.get(token) ?? 0;
  if (token.length < 2) return own;
  const c = token.charCodeAt(0);
  // Only a token whose first letter alone is upper case has a capitalized form of an entry.
  if (c >= 97 && c <= 122) return own;
  const lower = token.toLowerCase();
  return token !== lower && token.slice(1) === lower.slice(1) ? own | (ABBREVIATIONS.get(lower) ?? 0) : own;
}

/** Candidate positions: terminal punctuation or a line break (where a list item may start). */
const CANDIDATE = /[.!?\n…‼⁇⁈⁉]/g;

/**
 * Appends the sentences of the paragraph s[start, end) to `out`, trimmed of whitespace.
 * `s` should be the masked text, so excluded regions read as spaces.
 */
export function splitSentences(s: string, start: number, end: number, paragraph: number, out: Sentence[]): void {
  // A paragraph that is a list item: its bullet is markup, not part of the sentence.
  const leadingBullet = bulletLength(s, start, end);
  let sentenceStart = start + leadingBullet;
  let i = sentenceStart;
  while (i < end) {
    // The regex engine's scan is much faster than a JavaScript loop over every character.
    CANDIDATE.lastIndex = i;
    const found = CANDIDATE.exec(s);
    if (!found || found.index >= end) break;
    i = found.index;
    if (s.charCodeAt(i) === 10) {
      // A list item on its own line starts a new sentence even after a line without punctuation.
      let j = i + 1;
      while (j < end && (s.charCodeAt(j) === 32 || s.charCodeAt(j) === 9)) j++;
      const bullet = j < end ? bulletLength(s, j, end) : 0;
      if (bullet > 0) {
        pushTrimmed(s, sentenceStart, i, paragraph, out);
        // The bullet itself is list markup, not part of the item's sentence.
        sentenceStart = j + bullet;
        i = j + bullet;
        continue;
      }
      i++;
      continue;
    }
    const termStart = i;
    let j = i;
    while (j < end && isTerminal(s.charCodeAt(j))) j++;
    const termEnd = j;
    while (j < end && isCloser(s.charCodeAt(j))) j++;
    if (j >= end) break;
    if (!isWhiteSpaceCode(s.charCodeAt(j))) {
      // "3.5", "U.S.-led", "example.com", "e.g.,": not a boundary
      i = j;
      continue;
    }
    let next = j;
    while (next < end && isWhiteSpaceCode(s.charCodeAt(next))) next++;
    if (next >= end) break;
    if (endsSentence(s, start, termStart, termEnd, j > termEnd && isQuoteMark(s.charCodeAt(termEnd)), next, end)) {
      pushTrimmed(s, sentenceStart, j, paragraph, out);
      sentenceStart = next;
    }
    i = next;
  }
  pushTrimmed(s, sentenceStart, end, paragraph, out);
}

function pushTrimmed(s: string, from: number, to: number, paragraph: number, out: Sentence[]): void {
  while (from < to && isWhiteSpaceCode(s.charCodeAt(from))) from++;
  while (to > from && isWhiteSpaceCode(s.charCodeAt(to - 1))) to--;
  if (to > from) out.push({ start: from, end: to, paragraph });
}
