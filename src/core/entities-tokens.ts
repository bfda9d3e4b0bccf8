// Tokenizer for the entity detector: words (with abbreviation periods and possessives split off),
// numbers and punctuation, each with its UTF-16 span, plus sentence-start and all-caps-line flags.
import { ABBREVIATIONS } from './entities-lexicon';
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

// One pass, no nested quantifiers over the same characters: linear.
const TOKEN_RE = /(?:\p{Lu}\.){2,}|\p{L}[\p{L}\p{M}\p{N}]*(?:[-'’&][\p{L}\p{M}\p{N}]+)*\.?|\p{N}[\p{N}.,:/-]*\p{N}|\p{N}|\S/gu;
const UPPER_START = /^\p{Lu}/u;
const PARTICLE_CAP = /^(?:al|el|ad|as|an|ash|at|az|bin|ben|ibn|abu|d|l|o|mc|mac)[-'’]\p{Lu}/u;
const LETTER = /\p{L}/u;
const HAS_LOWER = /\p{Ll}/u;
const POSSESSIVE = /^(.{2,})['’][sS]$/u;
const SENTENCE_END = new Set(['.', '!', '?', ':', ';', '…']);
const OPENERS = new Set(['"', '“', '‘', "'", '(', '[', '«', '-', '—', '–', '*', '#', '>', '•']);

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

function makeToken(text: string, start: number, kind: TokenKind): Token {
  const lower = text.toLowerCase();
  const capitalized = kind === 'word' && (UPPER_START.test(text) || PARTICLE_CAP.test(text));
  const allCaps = kind === 'word' && text.length >= 2 && !HAS_LOWER.test(text) && LETTER.test(text);
  return { text, lower, start, end: start + text.length, kind, capitalized, allCaps, sentenceStart: false, inCapsLine: false, sentence: 0 };
}

export function tokenize(text: string, regions: Span[]): Token[] {
  const tokens: Token[] = [];
  for (const region of regions) {
    const slice = text.slice(region.start, region.end);
    const regionFirst = tokens.length;
    TOKEN_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = TOKEN_RE.exec(slice))) {
      const raw = m[0];
      const at = region.start + m.index;
      const first = raw.charCodeAt(0);
      if (first >= 48 && first <= 57 || /^\p{N}/u.test(raw)) { tokens.push(makeToken(raw, at, 'number')); continue; }
      if (!LETTER.test(raw[0])) { tokens.push(makeToken(raw, at, 'punct')); continue; }
      let word = raw;
      let period = false;
      if (word.endsWith('.') && !/^(?:\p{Lu}\.){2,}$/u.test(word)) {
        const bare = word.slice(0, -1);
        // Keep the period on abbreviations and initials; otherwise it ends the sentence.
        if (!(ABBREVIATIONS.has(bare.toLowerCase()) || (bare.length === 1 && UPPER_START.test(bare)))) { word = bare; period = true; }
      }
      const possessive = POSSESSIVE.exec(word);
      if (possessive) {
        tokens.push(makeToken(possessive[1], at, 'word'));
        tokens.push(makeToken(word.slice(possessive[1].length), at + possessive[1].length, 'punct'));
      } else {
        tokens.push(makeToken(word, at, 'word'));
      }
      if (period) tokens.push(makeToken('.', at + word.length, 'punct'));
    }
    markSentences(text, tokens, regionFirst);
  }
  return tokens;
}

let sentenceCounter = 0;

/** Flags sentence starts and headline (all-caps) sentences among tokens[from..]. */
function markSentences(text: string, tokens: Token[], from: number): void {
  let sentenceFirst = from;
  let atStart = true;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i];
    const prev = i > from ? tokens[i - 1] : undefined;
    const newLine = prev !== undefined && text.lastIndexOf('\n', t.start - 1) >= prev.end;
    if (newLine || (prev && prev.kind === 'punct' && SENTENCE_END.has(prev.text))) {
      if (i > sentenceFirst) closeSentence(tokens, sentenceFirst, i);
      sentenceFirst = i;
      atStart = true;
    }
    t.sentence = sentenceCounter;
    if (atStart) {
      t.sentenceStart = true;
      if (t.kind === 'word' || t.kind === 'number') atStart = false;
      else if (!OPENERS.has(t.text)) atStart = false;
    } else if (prev && prev.kind === 'punct' && OPENERS.has(prev.text) && prev.text !== '-' && prev.text !== '(' && i >= 2 && tokens[i - 2].kind === 'punct' && SENTENCE_END.has(tokens[i - 2].text)) {
      t.sentenceStart = true;
    }
  }
  if (tokens.length > sentenceFirst) closeSentence(tokens, sentenceFirst, tokens.length);
}

function closeSentence(tokens: Token[], from: number, to: number): void {
  let words = 0;
  let caps = 0;
  let lowerWords = 0;
  for (let i = from; i < to; i++) {
    const t = tokens[i];
    t.sentence = sentenceCounter;
    if (t.kind !== 'word' || t.text.length < 2) continue;
    words++;
    if (t.allCaps) caps++;
    else if (!t.capitalized) lowerWords++;
  }
  // A headline: most words in capitals and hardly any lower-case word.
  const capsLine = words >= 2 && caps / words >= 0.6 && lowerWords <= 1;
  if (capsLine) for (let i = from; i < to; i++) tokens[i].inCapsLine = true;
  sentenceCounter++;
}
