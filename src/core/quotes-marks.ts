// Quotation marks: which characters open or close a quotation, and how they pair up.
// One left-to-right pass per paragraph with a stack, so the cost is linear in the text.
import { isLetterCode, isNumberCode } from './text';
import type { Span } from './types';

/** Marks of one family pair with each other: double (“ ” „ "), single (‘ ’ ‚ '), guillemets. */
type Family = 'double' | 'single' | 'guillemet' | 'single-guillemet';

/** A quotation found by pairing marks, before kinds and speakers are decided. */
export interface MarkedQuote extends Span {
  content: Span;
  /** Index of the paragraph that holds the opening mark, and of the one that holds the closing mark. */
  firstParagraph: number;
  lastParagraph: number;
  /** False when a multi-paragraph quote never closed: it is capped at its last paragraph's end. */
  closed: boolean;
  /** Index in the returned array of the quote that encloses this one, or -1. */
  parent: number;
}

type Role = 'open' | 'close' | 'weak-close' | 'either';

interface Mark {
  pos: number;
  /** Characters the mark takes: 2 for '' and ``, used as double quotes in some archives. */
  width: number;
  family: Family;
  role: Role;
}

interface OpenMark {
  pos: number;
  width: number;
  family: Family;
  /** Paragraph of the opening mark (a multi-paragraph quote keeps its first one). */
  paragraph: number;
}

const MARK_CHARS = new Set(['“', '”', '„', '"', '‘', '’', '‚', "'", '«', '»', '‹', '›']);

/** Words that start with an elided letter: ’em, ’til, ’cause, ’n’. The apostrophe is not a mark. */
const ELISIONS = new Set(['em', 'til', 'tis', 'twas', 'cause', 'n', 'bout', 'nuff', 'sup', 'round']);

function isWordChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)) return true;
  if (c < 128) return false;
  return /[\p{L}\p{N}\p{M}]/u.test(ch);
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

/** Before an opening mark: nothing, space, or an opening bracket, dash or another mark. */
function isLeftBoundary(ch: string | undefined): boolean {
  return ch === undefined || /[\s([{<\u2014\u2013\-/>*_]/.test(ch) || MARK_CHARS.has(ch);
}

/** After a closing mark: nothing, space, punctuation, a closing bracket or another mark. */
function isRightBoundary(ch: string | undefined): boolean {
  return ch === undefined || /[\s.,;:!?)\]}\u2014\u2013\-/…*_]/.test(ch) || MARK_CHARS.has(ch);
}

/** The word that follows position i (letters only, lower case, at most 6 letters looked at). */
function wordAfter(text: string, i: number, end: number): string {
  let j = i;
  while (j < end && j - i < 6 && isWordChar(text[j])) j++;
  return isWordChar(text[j]) ? '' : text.slice(i, j).toLowerCase();
}

/** Classifies one mark character in context, or returns null for an apostrophe or a stray sign. */
function classify(text: string, i: number, start: number, end: number): Mark | null {
  const ch = text[i];
  const prev = i > start ? text[i - 1] : undefined;
  const next = i + 1 < end ? text[i + 1] : undefined;
  const left = isLeftBoundary(prev);
  const right = isRightBoundary(next);
  const mark = (family: Family, role: Role): Mark => ({ pos: i, width: 1, family, role });
  switch (ch) {
    case '“':
      // German closes with “; an English typo sometimes does too.
      return right && !left ? mark('double', 'close') : mark('double', 'open');
    case '”':
      return left && !right ? mark('double', 'open') : mark('double', 'close');
    case '„':
      return mark('double', 'open');
    case '«':
      return right && !left ? mark('guillemet', 'close') : mark('guillemet', 'open');
    case '»':
      return left && !right ? mark('guillemet', 'open') : mark('guillemet', 'close');
    case '‹':
      return right && !left ? mark('single-guillemet', 'close') : mark('single-guillemet', 'open');
    case '›':
      return left && !right ? mark('single-guillemet', 'open') : mark('single-guillemet', 'close');
    case '"':
      if (left && !right) return mark('double', 'open');
      if (right && !left) return mark('double', 'close');
      if (isDigit(prev)) return mark('double', 'close'); // 6" : an inch sign unless a quote is open
      return mark('double', 'either');
    case '‚':
      return left && !right ? mark('single', 'open') : null; // otherwise a comma look-alike
    case '‘':
    case '’':
    case "'": {
      if (isWordChar(prev) && isWordChar(next)) return null; // don't, Moscow’s, O'Neill
      if (left && !right) {
        if (isDigit(next) && isDigit(text[i + 2])) return null; // ’90s
        if (ELISIONS.has(wordAfter(text, i + 1, end))) return null; // ’em, rock ’n’ roll
        return mark('single', 'open');
      }
      if (right && !left) {
        if (ch === '‘') return mark('single', 'open');
        // rock ’n’ roll: the mark after the n
        if ((prev === 'n' || prev === 'N') && i - 2 >= start && /[’']/.test(text[i - 2])) return null;
        // students’ union: a plural possessive or a closing mark; decided when pairing
        return mark('single', prev === 's' || prev === 'S' ? 'weak-close' : 'close');
      }
      return null;
    }
    default:
      return null;
  }
}

function classifyDoubled(text: string, i: number, start: number, end: number): Mark | null {
  const left = isLeftBoundary(i > start ? text[i - 1] : undefined);
  const right = isRightBoundary(i + 2 < end ? text[i + 2] : undefined);
  const role: Role = text[i] === '`' ? 'open' : left && !right ? 'open' : right && !left ? 'close' : 'either';
  return { pos: i, width: 2, family: 'double', role };
}

/** Markup attribute values (author="x") are not quotations: skips to the closing mark. */
function skipAttributeValue(text: string, open: number, end: number): number {
  for (let i = open + 1; i < end && i - open < 2000; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) return i;
    if (c === 10) return i;
  }
  return open;
}

function isOpening(m: Mark): boolean {
  return m.role === 'open';
}

/** Start of a paragraph's text after markup that may precede an opening mark (blockquote, list). */
function paragraphLead(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && /[\s>*\-_#]/.test(text[i]) && i - start < 12) i++;
  return i;
}

function trimSpan(text: string, start: number, end: number): Span {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  return { start: s, end: e };
}

/** What pairing left of one paragraph: the quotations it closed and its outermost unclosed mark. */
interface PairedParagraph {
  quotes: MarkedQuote[];
  unclosed: OpenMark | null;
}

/** A paragraph's pairing as kept between versions of a document: offsets relative to the paragraph. */
export interface CachedPairing {
  quotes: { start: number; end: number; contentStart: number; contentEnd: number }[];
  unclosed: { pos: number; width: number; family: Family } | null;
}

/** The result of pairing a document's marks. */
export interface PairedMarks {
  /** Every quotation, sorted by start (enclosing ones first), with its parent set. */
  quotes: MarkedQuote[];
  /** Paragraphs (by index) that continue a quotation opened in an earlier paragraph. */
  continued: Uint8Array;
}

/**
 * Finds quotations by pairing marks inside each paragraph. A quote may run over several
 * paragraphs only by the news convention: each new paragraph reopens the quote and the
 * paragraphs before the last leave it unclosed. Unclosed marks otherwise end at the paragraph.
 *
 * `cache` (paragraph text → pairing) reuses the pairing of paragraphs that continue no quotation;
 * `keys` gives each paragraph's text when the caller has cut it already. The result is the same.
 */
export function pairQuoteMarks(text: string, paragraphs: Span[], cache?: Map<string, CachedPairing>, keys?: string[]): MarkedQuote[] {
  return pairMarks(text, paragraphs, cache, keys).quotes;
}

export function pairMarks(text: string, paragraphs: Span[], cache?: Map<string, CachedPairing>, keys?: string[]): PairedMarks {
  const found: MarkedQuote[] = [];
  const continued = new Uint8Array(paragraphs.length);
  const nextCache = cache ? new Map<string, CachedPairing>() : undefined;
  /** An unclosed quote carried into the next paragraph by the multi-paragraph convention. */
  let carried: OpenMark | null = null;
  const finder = new MarkFinder(text);

  for (let p = 0; p < paragraphs.length; p++) {
    const para = paragraphs[p];
    let paired: PairedParagraph;
    if (carried) {
      continued[p] = 1;
      paired = pairParagraph(text, para, p, carried, finder);
    } else if (cache && nextCache) {
      const key = keys?.[p] ?? text.slice(para.start, para.end);
      let entry = nextCache.get(key) ?? cache.get(key);
      if (!entry) entry = toCached(pairParagraph(text, para, p, null, finder), para.start);
      nextCache.set(key, entry);
      paired = fromCached(entry, para.start, p);
    } else {
      paired = pairParagraph(text, para, p, null, finder);
    }
    carried = null;
    for (const q of paired.quotes) found.push(q);
    const outer = paired.unclosed;
    if (outer) {
      // The outermost unclosed quote continues if the next paragraph reopens it.
      const nextPara = paragraphs[p + 1];
      if (nextPara && reopens(text, nextPara, outer.family)) {
        carried = outer;
      } else if (outer.paragraph < p) {
        // A multi-paragraph quote whose last paragraph never closed it: cap it there.
        const end = trimSpan(text, para.start, para.end).end;
        addQuote(found, text, outer, end, end, p, false);
      }
    }
  }
  if (cache && nextCache) {
    // Keep only what the current version uses, so the cache never outgrows the document.
    cache.clear();
    for (const [k, v] of nextCache) cache.set(k, v);
  }

  found.sort((a, b) => a.start - b.start || b.end - a.end);
  // Enclosing quotes come first in this order; a stack of open ones gives each quote's parent.
  const open: number[] = [];
  for (let i = 0; i < found.length; i++) {
    while (open.length && found[open[open.length - 1]].end < found[i].end) open.pop();
    found[i].parent = open.length ? open[open.length - 1] : -1;
    open.push(i);
  }
  return { quotes: found, continued };
}

/** The next-mark tables of a paragraph with no 'weak-close' mark: never read. */
const NO_MARKS = new Int32Array(0);

/** Pairs the marks of paragraph `p`, continuing `carried` if a quotation runs into it. */
function pairParagraph(text: string, para: Span, p: number, carried: OpenMark | null, finder: MarkFinder): PairedParagraph {
  const found: MarkedQuote[] = [];
  const marks = collectMarks(text, para.start, para.end, finder);
  if (!marks.length && !carried) return { quotes: found, unclosed: null };
  const stack: OpenMark[] = [];
  let first = 0;
  if (carried) {
    // The reopening mark at the paragraph start continues the carried quote.
    stack.push(carried);
    const lead = paragraphLead(text, para.start, para.end);
    if (marks.length && marks[0].pos === lead && isOpening(marks[0]) && marks[0].family === carried.family) first = 1;
  }
  // Next closing candidate of the single family after each mark, to tell a plural
  // possessive (students’) from the end of a single-quoted passage. Only a 'weak-close' mark asks,
  // and most paragraphs have none: the tables are made only when one does.
  let weak = false;
  for (const m of marks) if (m.role === 'weak-close') weak = true;
  const nextSingleClose = weak ? new Int32Array(marks.length + 1).fill(-1) : NO_MARKS;
  const nextDouble = weak ? new Int32Array(marks.length + 1).fill(-1) : NO_MARKS;
  for (let k = weak ? marks.length - 1 : -1; k >= 0; k--) {
    const m = marks[k + 1];
    nextSingleClose[k] = m && m.family === 'single' && m.role !== 'open' ? k + 1 : nextSingleClose[k + 1];
    nextDouble[k] = m && m.family !== 'single' ? k + 1 : nextDouble[k + 1];
  }

  for (let k = first; k < marks.length; k++) {
    const m = marks[k];
    let role = m.role;
    const openIndex = findOpen(stack, m.family);
    if (role === 'either') role = openIndex >= 0 ? 'close' : 'open';
    if (role === 'weak-close') {
      const later = nextSingleClose[k];
      const beforeDouble = nextDouble[k] < 0 || (later >= 0 && later < nextDouble[k]);
      if (openIndex < 0 || (later >= 0 && beforeDouble)) continue; // an apostrophe
      role = 'close';
    }
    if (role === 'open') {
      // The multi-paragraph convention across single line breaks: the line reopens a quote
      // that an earlier line left open, so the reopening mark continues it.
      if (openIndex >= 0 && openIndex === stack.length - 1 && lineBreakBetween(text, stack[openIndex].pos, m.pos) && atLineLead(text, m.pos, para.start))
        continue;
      stack.push({ pos: m.pos, width: m.width, family: m.family, paragraph: p });
      continue;
    }
    if (openIndex < 0) continue; // a closing mark with nothing to close
    const open = stack[openIndex];
    stack.length = openIndex; // marks opened inside and never closed are dropped
    addQuote(found, text, open, m.pos, m.pos + m.width, p, true);
  }
  return { quotes: found, unclosed: stack.length ? stack[0] : null };
}

/** A pairing without carried quotation, made relative to its paragraph's start. */
function toCached(paired: PairedParagraph, at: number): CachedPairing {
  const u = paired.unclosed;
  return {
    quotes: paired.quotes.map((q) => ({ start: q.start - at, end: q.end - at, contentStart: q.content.start - at, contentEnd: q.content.end - at })),
    unclosed: u ? { pos: u.pos - at, width: u.width, family: u.family } : null,
  };
}

function fromCached(entry: CachedPairing, at: number, p: number): PairedParagraph {
  const u = entry.unclosed;
  return {
    quotes: entry.quotes.map((q) => ({
      start: q.start + at,
      end: q.end + at,
      content: { start: q.contentStart + at, end: q.contentEnd + at },
      firstParagraph: p,
      lastParagraph: p,
      closed: true,
      parent: -1,
    })),
    unclosed: u ? { pos: u.pos + at, width: u.width, family: u.family, paragraph: p } : null,
  };
}

/** Whether only spaces or markup stand between the line's start and `pos`. */
function atLineLead(text: string, pos: number, floor: number): boolean {
  for (let i = pos - 1; i >= floor && pos - i <= 12; i--) {
    const c = text.charCodeAt(i);
    if (c === 10) return true;
    if (c !== 32 && c !== 9 && c !== 13 && c !== 62 && c !== 42 && c !== 45) return false;
  }
  return false;
}

function lineBreakBetween(text: string, from: number, to: number): boolean {
  const at = text.indexOf('\n', from);
  return at >= 0 && at < to;
}

function findOpen(stack: OpenMark[], family: Family): number {
  for (let i = stack.length - 1; i >= 0; i--) if (stack[i].family === family) return i;
  return -1;
}

function reopens(text: string, para: Span, family: Family): boolean {
  const lead = paragraphLead(text, para.start, para.end);
  if (lead >= para.end) return false;
  const m = classify(text, lead, para.start, para.end);
  return m !== null && m.family === family && (m.role === 'open' || m.role === 'either');
}

/**
 * The characters that can be marks: " ' ` and U+2018..U+201E, « » ‹ ›. A regular expression finds the
 * next one several times faster than a loop over every character (a news paragraph has few).
 */
const MARK_CANDIDATE = /["'`\u2018-\u201e\u00ab\u00bb\u2039\u203a]/g;

/** Finds the next possible mark of one text, remembering how far the last search saw none. */
class MarkFinder {
  /** No possible mark lies in [searchedFrom, found); found is one (or the text's length: none). */
  private searchedFrom = -1;
  private found = -1;

  constructor(private readonly text: string) {}

  /** The position of the first possible mark at or after `from` (the text's length if none). */
  next(from: number): number {
    if (from >= this.searchedFrom && from <= this.found) return this.found;
    MARK_CANDIDATE.lastIndex = from;
    this.found = MARK_CANDIDATE.test(this.text) ? MARK_CANDIDATE.lastIndex - 1 : this.text.length;
    this.searchedFrom = from;
    return this.found;
  }
}

function collectMarks(text: string, start: number, end: number, finder: MarkFinder): Mark[] {
  const marks: Mark[] = [];
  // Only the possible marks are visited: i steps from one to the next (the loop's update).
  for (let i = finder.next(start); i < end; i = finder.next(i + 1)) {
    const c = text.charCodeAt(i);
    if (c === 0x201b || c === 0x201f) continue; // reversed marks are not used as quotes
    if ((c === 39 || c === 96) && text.charCodeAt(i + 1) === c && i + 1 < end) {
      // '' and `` stand for double quotes in some archives and in TeX-style text.
      const m = classifyDoubled(text, i, start, end);
      if (m) marks.push(m);
      i++;
      continue;
    }
    if (c === 96) continue;
    if (c === 34 && i > start && text.charCodeAt(i - 1) === 61) {
      i = skipAttributeValue(text, i, end);
      continue;
    }
    const m = classify(text, i, start, end);
    if (m) marks.push(m);
  }
  return marks;
}

function addQuote(found: MarkedQuote[], text: string, open: OpenMark, contentEnd: number, end: number, lastParagraph: number, closed: boolean): void {
  const inner = trimSpan(text, open.pos + open.width, contentEnd);
  if (inner.end <= inner.start || !hasLetterOrNumber(text, inner.start, Math.min(inner.end, inner.start + WORDLESS_SCAN))) return;
  found.push({
    start: open.pos,
    end,
    content: inner,
    firstParagraph: open.paragraph,
    lastParagraph,
    closed,
    parent: -1,
  });
}

/** How far into a quotation's words a letter or number is looked for: without one, it is no quotation. */
const WORDLESS_SCAN = 200;

/** Whether text[start, end) holds a letter or number (as /[\p{L}\p{N}]/u finds), without cutting it out. */
function hasLetterOrNumber(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    // A surrogate pair may be a letter beyond the basic plane: the regular expression decides.
    if (c >= 0xd800 && c <= 0xdfff) return /[\p{L}\p{N}]/u.test(text.slice(start, end));
    if (isLetterCode(c) || isNumberCode(c)) return true;
  }
  return false;
}
