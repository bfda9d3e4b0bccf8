// Keeps notes on the right text while the article changes. For each note, in order:
// 1. the stored position: the same words there with their context -> anchored;
// 2. the exact quote elsewhere whose prefix or suffix is intact (the other side may have changed
//    only past a sentence boundary), or a unique long whole-sentence quote (a moved paragraph)
//    -> moved;
// 3. approximate matches (near the stored position, next to surviving context, then anywhere),
//    scored on quote, prefix, suffix and position with the weights of the Hypothesis client's
//    match-quote -> moved.
// Candidates too close to call, or beaten by the note's own intact context framing other text,
// orphan the note: a note on the wrong text is worse than one the editor has to re-attach.
// Pure functions; offsets in UTF-16 code units.
import approxSearch from 'approx-string-match';
import type { Span } from '../core/types';
import { CONTEXT_LENGTH, type NoteSelectors, type TextQuote } from './model';
import { OffsetMap } from './offsets';

export type AnchorState = 'anchored' | 'moved' | 'orphaned';
/** How the note was found: at its stored position, by its exact quote, or approximately. */
export type AnchorMethod = 'position' | 'quote' | 'fuzzy';

export interface AnchorResult {
  state: AnchorState;
  /** Current place in UTF-16 offsets; absent when orphaned. */
  span?: Span;
  method?: AnchorMethod;
  /** Match quality in [0, 1] (1 for an exact match with its context). */
  score?: number;
}

/** Hypothesis' weights: the quote matters most, the context next, position breaks ties. */
const QUOTE_WEIGHT = 50;
const PREFIX_WEIGHT = 20;
const SUFFIX_WEIGHT = 20;
const POSITION_WEIGHT = 2;
const TOTAL_WEIGHT = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT;

/** Thresholds for accepting a match; tuned with scripts/bench-anchoring.mjs to give no wrong placements. */
export const ANCHOR_THRESHOLDS = {
  /** Prefix or suffix at least this similar counts as intact. */
  intactContext: 0.9,
  /** The exact quote at its stored position needs this much agreement of its prefix or suffix. */
  positionContext: 0.6,
  /** Quotes shorter than this need more than one intact side of context when found elsewhere. */
  shortQuoteLength: 16,
  /** A side of context less similar than this has changed beyond retouching. */
  changedContext: 0.5,
  /** Text framed by the intact prefix and suffix competes with other matches from this similarity. */
  frameQuote: 0.4,
  /** ...and replaces an overlapping approximate match from this similarity. */
  frameReplaces: 0.5,
  /** Two places whose scores differ by less than this are too close to call. */
  ambiguityMargin: 0.05,
  /**
   * An exact quote away from its stored place needs its prefix or suffix intact, unless it is the
   * only occurrence, whole sentences and at least this long (a moved paragraph changes both sides).
   */
  uniqueQuoteLength: 40,
  /** An approximate quote may differ by at most this fraction of its length... */
  fuzzyQuote: 0.8,
  /** ...and needs this mean agreement of prefix and suffix... */
  fuzzyContext: 0.75,
  /** ...or one of them intact and the quote at least this similar. */
  fuzzyQuoteOneSided: 0.88,
  /** ...and this overall score. */
  fuzzyScore: 0.75,
  /** Shorter quotes are matched approximately only between an intact prefix and suffix: too easy to match by chance. */
  fuzzyMinLength: 8,
};

/** Quotes longer than this are not compared whole with the text between prefix and suffix (cost). */
const MAX_BRACKETED_LENGTH = 400;

/** Exact occurrences past this count are not scored (a one-letter quote, say). */
const MAX_EXACT_CANDIDATES = 2000;

interface Candidate {
  start: number;
  end: number;
  /** Edit distance between the candidate's text and the quote. */
  errors: number;
}

interface Scored extends Candidate {
  quoteScore: number;
  prefixScore: number;
  suffixScore: number;
  score: number;
}

/**
 * Levenshtein similarity in [0, 1] of two short strings (the 32-character contexts). Digits count
 * double: "received 3,952 complaints" is not the context of "received 4,292 complaints".
 */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const longest = Math.max(a.length, b.length);
  if (longest === 0) return 1;
  return Math.max(0, 1 - levenshtein(a, b, true) / longest);
}

function levenshtein(a: string, b: string, digitsCountDouble = false): number {
  const weight = (c: number): number => (digitsCountDouble && c >= 48 && c <= 57 ? 2 : 1);
  if (a.length === 0 || b.length === 0) {
    let sum = 0;
    for (const s of [a, b]) for (let i = 0; i < s.length; i++) sum += weight(s.charCodeAt(i));
    return sum;
  }
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  prev[0] = 0;
  for (let j = 1; j <= b.length; j++) prev[j] = prev[j - 1] + weight(b.charCodeAt(j - 1));
  for (let i = 1; i <= a.length; i++) {
    const ca = a.charCodeAt(i - 1);
    const wa = weight(ca);
    cur[0] = prev[0] + wa;
    for (let j = 1; j <= b.length; j++) {
      const cb = b.charCodeAt(j - 1);
      const wb = weight(cb);
      const cost = ca === cb ? 0 : Math.max(wa, wb);
      cur[j] = Math.min(prev[j] + wa, cur[j - 1] + wb, prev[j - 1] + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/**
 * Agreement of the text before `start` with the stored prefix. An empty stored prefix means the
 * quote began the article: full agreement at the start, none elsewhere is too harsh (text may
 * have been added above), so half.
 */
function prefixScore(text: string, start: number, prefix: string): number {
  if (!prefix) return start === 0 ? 1 : 0.5;
  return similarity(text.slice(Math.max(0, start - prefix.length), start), prefix);
}

function suffixScore(text: string, end: number, suffix: string): number {
  if (!suffix) return end === text.length ? 1 : 0.5;
  return similarity(text.slice(end, end + suffix.length), suffix);
}

function scoreCandidate(text: string, quote: TextQuote, hint: number | undefined, c: Candidate): Scored {
  const quoteScore = 1 - c.errors / quote.exact.length;
  const p = prefixScore(text, c.start, quote.prefix);
  const s = suffixScore(text, c.end, quote.suffix);
  const positionScore = hint === undefined || text.length === 0 ? 1 : 1 - Math.abs(c.start - hint) / text.length;
  const score = (QUOTE_WEIGHT * quoteScore + PREFIX_WEIGHT * p + SUFFIX_WEIGHT * s + POSITION_WEIGHT * positionScore) / TOTAL_WEIGHT;
  return { ...c, quoteScore, prefixScore: p, suffixScore: s, score };
}

function exactOccurrences(text: string, exact: string): Candidate[] {
  const out: Candidate[] = [];
  for (let at = text.indexOf(exact); at !== -1 && out.length < MAX_EXACT_CANDIDATES; at = text.indexOf(exact, at + 1)) {
    out.push({ start: at, end: at + exact.length, errors: 0 });
  }
  return out;
}

/** Best approximate matches of `pattern` inside text[from, to), in whole-text offsets. */
function searchWindow(text: string, pattern: string, maxErrors: number, from: number, to: number): Candidate[] {
  const lo = Math.max(0, from);
  const hi = Math.min(text.length, to);
  if (hi - lo < pattern.length - maxErrors) return [];
  const window = lo === 0 && hi === text.length ? text : text.slice(lo, hi);
  return approxSearch(window, pattern, maxErrors).map((m) => ({ start: m.start + lo, end: m.end + lo, errors: m.errors }));
}

/** Where a short piece of context occurs exactly (capped: common phrases say little). */
function contextOccurrences(text: string, piece: string, limit: number): number[] {
  const out: number[] = [];
  if (piece.length < 6) return out;
  for (let at = text.indexOf(piece); at !== -1 && out.length < limit; at = text.indexOf(piece, at + 1)) out.push(at);
  return out;
}

/**
 * Approximate candidates. The matcher reports only the globally best matches, so a near copy of
 * the quote elsewhere would hide the edited original; searching also near the stored position and
 * next to where the prefix and suffix still occur finds it. The whole-text search ('global') is
 * the costly one, so it runs only when the local ones found nothing.
 */
function fuzzyCandidates(text: string, quote: TextQuote, hint: number | undefined, scope: 'local' | 'global'): Candidate[] {
  const exact = quote.exact;
  const found: Candidate[] = [];
  const prefixTail = quote.prefix.slice(-16);
  const suffixHead = quote.suffix.slice(0, 16);
  const prefixEnds = contextOccurrences(text, prefixTail, 20).map((at) => at + prefixTail.length);
  const suffixStarts = contextOccurrences(text, suffixHead, 20);
  const maxErrors = Math.min(256, Math.floor(exact.length * (1 - ANCHOR_THRESHOLDS.fuzzyQuote)));
  if (exact.length >= ANCHOR_THRESHOLDS.fuzzyMinLength) {
    const slack = maxErrors + 8;
    if (scope === 'global') return searchWindow(text, exact, maxErrors, 0, text.length);
    if (hint !== undefined) {
      const reach = Math.max(512, 4 * exact.length);
      found.push(...searchWindow(text, exact, maxErrors, hint - reach, hint + exact.length + reach));
    }
    for (const from of prefixEnds) found.push(...searchWindow(text, exact, maxErrors, from - 8, from + exact.length + slack));
    for (const at of suffixStarts) found.push(...searchWindow(text, exact, maxErrors, at - exact.length - slack, at + 8));
  }
  const seen = new Set<string>();
  return found.filter((c) => {
    const key = `${c.start}:${c.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The text between places where the end of the prefix and the start of the suffix still occur
 * close together: where the note's passage is if its own words were edited, however short it is.
 */
function bracketedCandidates(text: string, quote: TextQuote): Candidate[] {
  const exact = quote.exact;
  if (exact.length > MAX_BRACKETED_LENGTH) return [];
  const prefixTail = quote.prefix.slice(-16);
  const suffixHead = quote.suffix.slice(0, 16);
  const prefixEnds = contextOccurrences(text, prefixTail, 20).map((at) => at + prefixTail.length);
  const suffixStarts = contextOccurrences(text, suffixHead, 20);
  const found: Candidate[] = [];
  for (const from of prefixEnds) {
    for (const to of suffixStarts) {
      if (to <= from || to - from > 2 * exact.length + 8) continue;
      found.push({ start: from, end: to, errors: levenshtein(text.slice(from, to), exact) });
    }
  }
  return found;
}

const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;

function byScore(a: Scored, b: Scored): number {
  return b.score - a.score || a.start - b.start;
}

/**
 * Finds a note's place in `text`. `offsets` may be shared between calls on the same text (it
 * converts the stored code point position).
 */
export function anchor(text: string, selectors: NoteSelectors, offsets: OffsetMap = new OffsetMap(text)): AnchorResult {
  const quote = selectors.quote;
  const exact = quote.exact;
  if (!exact) return { state: 'orphaned' };
  const t = ANCHOR_THRESHOLDS;
  let hint: number | undefined;
  const score = (c: Candidate): Scored => scoreCandidate(text, quote, hint, c);
  const oneSideIntact = (c: Scored): boolean => Math.max(c.prefixScore, c.suffixScore) >= t.intactContext;
  const bothSidesIntact = (c: Scored): boolean => Math.min(c.prefixScore, c.suffixScore) >= t.intactContext;
  const contextAgrees = (c: Scored): boolean => (c.prefixScore + c.suffixScore) / 2 >= t.fuzzyContext;

  let stored: Span | undefined;
  if (selectors.position) {
    const start = offsets.toUtf16(selectors.position.start);
    const end = offsets.toUtf16(selectors.position.end);
    hint = start;
    if (text.slice(start, end) === exact) {
      stored = { start, end };
      // The same words at the same place with their context: done. With the context changed,
      // the place competes with the quote's other occurrences below.
      const here = score({ start, end, errors: 0 });
      if (bothSidesIntact(here) || (exact.length >= t.uniqueQuoteLength && Math.max(here.prefixScore, here.suffixScore) >= t.positionContext)) {
        return { state: 'anchored', span: stored, method: 'position', score: here.score };
      }
    }
  }
  const isStored = (c: Span): boolean => stored !== undefined && c.start === stored.start && c.end === stored.end;

  // Where the prefix and suffix still frame some text, the note's passage may be there, edited.
  const frames = bracketedCandidates(text, quote)
    .map(score)
    .filter((c) => bothSidesIntact(c) && c.quoteScore >= t.frameQuote);

  const exactMatches = exactOccurrences(text, exact).map(score).sort(byScore);
  const movedAsUnit = exactMatches.length === 1 && exact.length >= t.uniqueQuoteLength && isWholeSentences(quote);
  const acceptable: Scored[] = exactMatches.filter(
    (c) =>
      movedAsUnit ||
      (isStored(c) && Math.max(c.prefixScore, c.suffixScore) >= t.positionContext) ||
      (oneSideIntact(c) && (exact.length >= t.shortQuoteLength || contextAgrees(c)) && otherSidePlausible(text, c, quote)),
  );
  const best = exactMatches[0];
  // Unless the quote is found with its context intact, approximate matches compete on the score:
  // an exact copy with other context may be a repeated phrase while the note's own text was edited.
  if (!(best && bothSidesIntact(best))) {
    const isAcceptable = (c: Scored): boolean =>
      c.errors > 0 &&
      c.quoteScore >= t.fuzzyQuote &&
      c.score >= t.fuzzyScore &&
      (exact.length >= t.fuzzyMinLength || bothSidesIntact(c)) &&
      (contextAgrees(c) || (oneSideIntact(c) && c.quoteScore >= t.fuzzyQuoteOneSided));
    acceptable.push(...[...fuzzyCandidates(text, quote, hint, 'local').map(score), ...frames].filter(isAcceptable));
    if (!acceptable.length) acceptable.push(...fuzzyCandidates(text, quote, hint, 'global').map(score).filter(isAcceptable));
  }
  acceptable.sort(byScore);
  let top = acceptable[0];
  if (!top || isAmbiguous(top, acceptable)) return { state: 'orphaned' };
  for (const frame of frames) {
    if (frame.start === top.start && frame.end === top.end) continue;
    if (overlaps(frame, top)) {
      // An approximate match at the same place: the intact context marks the passage's edges
      // better than the approximate quote (a word replaced at the edge, say). But an exact quote,
      // or a frame wider by a sentence boundary, means text was inserted beside the passage.
      const boundary = /[.!?]["'\u201d\u2019)]*\s|\n/;
      const acrossSentences =
        boundary.test(text.slice(frame.start, Math.max(frame.start, top.start + 1))) ||
        boundary.test(text.slice(Math.max(frame.start, top.end - 1), frame.end));
      if (top.errors > 0 && !bothSidesIntact(top) && !acrossSentences && frame.quoteScore >= t.frameReplaces) top = frame;
    } else if (frame.prefixScore + frame.suffixScore >= top.prefixScore + top.suffixScore) {
      // The note's own context frames other text elsewhere: the words at `top` may be a copy.
      return { state: 'orphaned' };
    }
  }
  if (isStored(top)) return { state: 'anchored', span: { start: top.start, end: top.end }, method: 'position', score: top.score };
  const span = top.errors === 0 ? { start: top.start, end: top.end } : snapToWords(text, quote, top);
  return { state: 'moved', span, method: top.errors === 0 ? 'quote' : 'fuzzy', score: top.score };
}

/** Letters, digits and combining marks of any script. */
const WORD_CHARACTER = /[\p{L}\p{N}\p{M}]/u;
/** An approximate match is widened by at most this many characters to reach the edge of a word. */
const MAX_WORD_SNAP = 40;

/**
 * An approximate match can stop inside a word when the note's edge word was edited: "the tourist
 * tax was" is closest to "the tourist tax s" in "the tourist tax several". When the stored quote
 * ended (started) at the edge of a word, the match is widened to the edge of the word it cuts.
 */
function snapToWords(text: string, quote: TextQuote, span: Span): Span {
  const isWord = (ch: string | undefined): boolean => ch !== undefined && WORD_CHARACTER.test(ch);
  let { start, end } = span;
  if (isWord(quote.exact.at(-1)) && !isWord(quote.suffix[0])) {
    const limit = Math.min(text.length, end + MAX_WORD_SNAP);
    let snapped = end;
    while (snapped < limit && isWord(text[snapped - 1]) && isWord(text[snapped])) snapped++;
    if (snapped < limit || !isWord(text[snapped])) end = snapped;
  }
  if (isWord(quote.exact[0]) && !isWord(quote.prefix.at(-1))) {
    const limit = Math.max(0, start - MAX_WORD_SNAP);
    let snapped = start;
    while (snapped > limit && isWord(text[snapped]) && isWord(text[snapped - 1])) snapped--;
    if (snapped > limit || !isWord(text[snapped - 1])) start = snapped;
  }
  return { start, end };
}

/**
 * With one side of the context intact, the other may differ wholesale only past a sentence
 * boundary (a sentence inserted or removed next to the quote's sentence): the words of the
 * quote's own sentence on that side must still be mostly there. A phrase whose own sentence changed
 * around it while one side matched is most likely a copy of a deleted passage.
 */
function otherSidePlausible(text: string, c: Scored, quote: TextQuote): boolean {
  if (Math.min(c.prefixScore, c.suffixScore) >= ANCHOR_THRESHOLDS.changedContext) return true;
  if (c.prefixScore < c.suffixScore) {
    const own = ownSentencePart(quote.prefix, 'before');
    return similarity(text.slice(Math.max(0, c.start - own.length), c.start), own) >= ANCHOR_THRESHOLDS.changedContext;
  }
  const own = ownSentencePart(quote.suffix, 'after');
  return similarity(text.slice(c.end, c.end + own.length), own) >= ANCHOR_THRESHOLDS.changedContext;
}

/** The part of a context that belongs to the quote's own sentence (up to the nearest boundary). */
function ownSentencePart(context: string, side: 'before' | 'after'): string {
  const boundary = /[.!?]["'\u201d\u2019)]*(?=\s)|\n/g;
  if (side === 'after') {
    const m = boundary.exec(context);
    return m ? context.slice(0, m.index + m[0].length) : context;
  }
  let cut = -1;
  for (let m = boundary.exec(context); m; m = boundary.exec(context)) cut = m.index + m[0].length;
  // The white space after the boundary is not part of the sentence: a paragraph break may replace it.
  return cut < 0 ? context : context.slice(cut).replace(/^\s+/, '');
}

/**
 * Whether the quote is whole sentences or paragraphs. Those move as units, so they may lose both
 * prefix and suffix and still be the same passage; a phrase inside a sentence that lost both was
 * most likely deleted, and a copy of it elsewhere is not the note's text.
 */
function isWholeSentences(quote: TextQuote): boolean {
  return startsSentence(quote) && endsSentence(quote);
}

function startsSentence(quote: TextQuote): boolean {
  return quote.prefix === '' || /(?:[.!?]["'\u201d\u2019)]?\s+|\n\s*)$/.test(quote.prefix);
}

function endsSentence(quote: TextQuote): boolean {
  return (
    /[.!?]["'\u201d\u2019)]?\s*$/.test(quote.exact) ||
    quote.suffix === '' ||
    /^(?:[.!?]["'\u201d\u2019)]*)?(?:\s*\n|\s*$)/.test(quote.suffix) ||
    /^[.!?]["'\u201d\u2019)]*\s/.test(quote.suffix)
  );
}

/** Another candidate elsewhere scores almost as well: guessing could put the note on the wrong text. */
function isAmbiguous(top: Scored, candidates: readonly Scored[]): boolean {
  return candidates.some((c) => c !== top && (c.end <= top.start || c.start >= top.end) && top.score - c.score < ANCHOR_THRESHOLDS.ambiguityMargin);
}

/** Anchors many notes on one text (sharing the offset conversion). */
export function anchorAll<T extends { selectors: NoteSelectors }>(text: string, notes: readonly T[]): AnchorResult[] {
  const offsets = new OffsetMap(text);
  return notes.map((n) => anchor(text, n.selectors, offsets));
}

/**
 * Selectors describing text[span]: the quote with CONTEXT_LENGTH characters either side and the
 * position in code points. A span splitting a surrogate pair is widened to whole characters.
 */
export function describeSpan(text: string, span: Span, offsets: OffsetMap = new OffsetMap(text)): NoteSelectors {
  const start = offsets.snap(Math.max(0, Math.min(text.length, span.start)), 'back');
  const end = offsets.snap(Math.max(start, Math.min(text.length, span.end)), 'forward');
  const prefixStart = offsets.snap(Math.max(0, start - CONTEXT_LENGTH), 'forward');
  const suffixEnd = offsets.snap(Math.min(text.length, end + CONTEXT_LENGTH), 'back');
  return {
    quote: { exact: text.slice(start, end), prefix: text.slice(prefixStart, start), suffix: text.slice(end, suffixEnd) },
    position: { start: offsets.toCodePoint(start), end: offsets.toCodePoint(end) },
  };
}

/** One edit of the text, in UTF-16 offsets of the text before the edit. */
export interface TextChange {
  offset: number;
  deleteLength: number;
  insertText: string;
}

/**
 * Where a span is after a live edit. Text typed at either edge stays outside the note; text typed
 * inside it grows it. Returns undefined when the edit removed all of the span's text (the note then
 * needs anchoring again, which will likely orphan it).
 */
export function shiftSpan(span: Span, change: TextChange): Span | undefined {
  const a = change.offset;
  const b = change.offset + change.deleteLength;
  const inserted = change.insertText.length;
  const delta = inserted - change.deleteLength;
  // Wholly before the span (including typing at its start edge): shift.
  if (b <= span.start) return { start: span.start + delta, end: span.end + delta };
  // Wholly after it (including typing at its end edge): unchanged.
  if (a >= span.end) return { ...span };
  // Overlapping. Replacement text that starts with the note, or ends with it, counts as the
  // note's (retyping its first or last word); text replacing across an edge stays outside.
  const start = a < span.start ? a + inserted : span.start;
  const end = b < span.end ? span.end + delta : b === span.end ? a + inserted : a;
  return end > start ? { start, end } : undefined;
}

/** Applies a sequence of edits, each given against the text left by the ones before it. */
export function shiftSpanThrough(span: Span, changes: readonly TextChange[]): Span | undefined {
  let current: Span | undefined = span;
  for (const change of changes) {
    if (!current) return undefined;
    current = shiftSpan(current, change);
  }
  return current;
}
