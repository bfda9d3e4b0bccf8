// Quotations and their speakers. Marks are paired per paragraph (quotes-marks), the words around
// each quotation are searched for an attribution (quotes-speakers), and speakers are resolved to
// the fullest name the entities give. Linear in the text: every window is bounded.
import { pairMarks, type CachedPairing, type MarkedQuote } from './quotes-marks';
import {
  SpeakerResolver,
  attributionAfter,
  attributionBefore,
  attributionLaterInSentence,
  attributionOf,
  sentenceSubject,
  type Attribution,
} from './quotes-speakers';
import { ABBREVIATIONS, endsSentence, tokenize, type Token } from './quotes-tokens';
import type { Entity, Quote, QuoteKind, Span, Speaker, TextStructure } from './types';

/** How far around a quotation attribution is looked for, in characters. */
const WINDOW = 400;

/** Words before a quotation that make it a title: according to “Hurriyet Daily News”, the book “…”. */
const TITLE_CUES = new Set([
  'titled',
  'entitled',
  'book',
  'books',
  'film',
  'films',
  'movie',
  'movies',
  'novel',
  'song',
  'songs',
  'album',
  'show',
  'series',
  'newspaper',
  'magazine',
  'journal',
  'column',
  'article',
  'op-ed',
  'essay',
  'headline',
  'episode',
  'program',
  'programme',
  'documentary',
  'play',
  'poem',
  'podcast',
  'report',
  'paper',
  'memoir',
  'hit',
  'single',
  'sitcom',
  'daily',
  'weekly',
  'tabloid',
  'broadsheet',
  'blog',
  'website',
  'site',
  'channel',
  'network',
  'station',
  'study',
]);
const SMALL_TITLE_WORDS = new Set([
  'a',
  'an',
  'the',
  'of',
  'and',
  'or',
  'in',
  'on',
  'at',
  'to',
  'for',
  'with',
  'by',
  'from',
  'vs',
  'vs.',
  'nor',
  'but',
  'as',
  'into',
  'is',
  'de',
  'la',
  'le',
]);

/** What a quotation's own paragraph (and the one before) tell about it, before speakers are resolved. */
interface LocalQuote {
  kind: QuoteKind;
  /** False for nicknames and titles: nobody's words, so no speaker and no continuation. */
  speaking: boolean;
  found: Attribution | null;
  /** For a pronoun speaker: the name opening the sentence, which the pronoun most likely means. */
  hint?: Span;
  /** How much of the paragraph before the search read (an attribution may close it); reuse depends on it. */
  readPrevious?: PreviousRead;
}

/**
 * 'colon': only whether the paragraph before ends with a colon (it did not, or there was none);
 * 'whole': the paragraph before itself.
 */
type PreviousRead = 'colon' | 'whole';

/** The attribution work of the quotations opening in one paragraph, offsets relative to it. */
interface CachedParagraphQuotes {
  /** How much of the previous paragraph the work read (besides a few characters before this one). */
  readPrevious: PreviousRead | undefined;
  /** Text the work read outside the paragraph: before it (see readContext) and just after. */
  before: string;
  after: string;
  /** With readPrevious 'whole': the previous paragraph's start and end relative to this one's start. */
  previousStart: number;
  previousEnd: number;
  locals: LocalQuote[];
}

/**
 * Paragraph-local quote work kept between versions of one document (see detectQuotes): mark pairing
 * and attribution search. Owned by one IncrementalAnalyzer.
 */
export class QuoteCache {
  pairings = new Map<string, CachedPairing>();
  attributions = new Map<string, CachedParagraphQuotes>();
  /** Paragraphs (by index) whose attribution work was done afresh in the last run. */
  recomputed: number[] = [];
}

/** How far past a paragraph's end the attribution work reads (the character after a closing period). */
const READ_AFTER = 2;

/**
 * Finds the quotations and their speakers. With a cache (and optionally each paragraph's text as
 * `paragraphKeys`) the pairing and attribution work of unchanged paragraphs is reused; speakers are
 * resolved over the whole document each time. The result is the same as without it.
 */
export function detectQuotes(text: string, structure: TextStructure, entities: Entity[], cache?: QuoteCache, paragraphKeys?: string[]): Quote[] {
  // The last run's record goes first: an empty text is a run too, and must not report the previous one's paragraphs.
  if (cache) cache.recomputed = [];
  if (typeof text !== 'string' || !text) {
    cache?.pairings.clear();
    cache?.attributions.clear();
    return [];
  }
  const paragraphs = usableParagraphs(text, structure?.paragraphs);
  // The keys are the structure's paragraph texts: usable only if every paragraph was usable.
  const keys = paragraphKeys && paragraphKeys.length === paragraphs.length ? paragraphKeys : undefined;
  const { quotes: marked, continued } = pairMarks(text, paragraphs, cache?.pairings, keys);
  if (!marked.length) {
    cache?.attributions.clear();
    return [];
  }
  const outer = marked.filter((q) => q.parent < 0);
  const locals = cache ? localWorkCached(text, paragraphs, outer, continued, cache, keys) : outer.map((_, i) => localWork(text, paragraphs, outer, i));

  const resolver = new SpeakerResolver(Array.isArray(entities) ? entities : []);
  const cues = new Map<MarkedQuote, Span>();
  const kinds = new Map<MarkedQuote, QuoteKind>();
  const speakers = new Map<MarkedQuote, Speaker>();
  /** The latest statement with a speaker, for continuations that carry no attribution. */
  let previous: { speaker: Speaker; paragraph: number } | null = null;
  for (let i = 0; i < outer.length; i++) {
    const quote = outer[i];
    const { kind, speaking, found, hint } = locals[i];
    kinds.set(quote, kind);
    if (!speaking) continue;
    let speaker: Speaker | undefined;
    if (found) {
      // Written out rather than spread (two spreads take a slow path); same keys, same order.
      const resolved = resolver.resolve(text, found, hint);
      speaker = { start: found.speaker.start, end: found.speaker.end, name: resolved.name, via: resolved.via };
      if ('entityId' in resolved) speaker.entityId = resolved.entityId;
      if (found.cue) cues.set(quote, found.cue);
    } else if (kind === 'statement' && previous) {
      // A paragraph that continues the last speaker's words carries no attribution of its own.
      const lead = paragraphLead(text, paragraphs[quote.firstParagraph]);
      const sameParagraph = previous.paragraph === quote.firstParagraph;
      const nextParagraph = previous.paragraph === quote.firstParagraph - 1 && quote.start === lead;
      if (sameParagraph || nextParagraph) speaker = previous.speaker;
    }
    if (speaker && kind === 'statement') previous = { speaker, paragraph: quote.lastParagraph };
    if (speaker) speakers.set(quote, speaker);
  }

  const quotes: Quote[] = [];
  for (const quote of marked) {
    // Nested quotations are classified on their words alone and carry no speaker of their own.
    const kind = kinds.get(quote) ?? classify(contentOf(text, quote), countWords(contentOf(text, quote), 12), false, false, quote);
    const result: Quote = { start: quote.start, end: quote.end, content: { ...quote.content }, kind };
    const speaker = speakers.get(quote);
    if (speaker) result.speaker = speaker;
    const cue = cues.get(quote);
    if (cue) result.cue = { start: cue.start, end: cue.end, text: text.slice(cue.start, cue.end) };
    quotes.push(result);
  }
  return quotes;
}

/**
 * The local work for every outer quotation, reusing a paragraph's results when the text it read is
 * unchanged: the paragraph, the previous paragraph and what lies between (attributions may close
 * the paragraph before), a few characters after, and no quotation running in or out of them.
 */
function localWorkCached(
  text: string,
  paragraphs: Span[],
  outer: MarkedQuote[],
  continued: Uint8Array,
  cache: QuoteCache,
  keys: string[] | undefined,
): LocalQuote[] {
  const locals: LocalQuote[] = [];
  const next = new Map<string, CachedParagraphQuotes>();
  for (let i = 0; i < outer.length;) {
    const p = outer[i].firstParagraph;
    let j = i + 1;
    while (j < outer.length && outer[j].firstParagraph === p) j++;
    const para = paragraphs[p];
    // A quotation running into this paragraph or the one before, or out of this one, makes their
    // work depend on further paragraphs: done afresh, never cached.
    const reusable = !continued[p] && !(p > 0 && continued[p - 1]) && !(p + 1 < continued.length && continued[p + 1]);
    if (!reusable) {
      for (let k = i; k < j; k++) locals.push(localWork(text, paragraphs, outer, k));
      cache.recomputed.push(p);
      i = j;
      continue;
    }
    const key = keys?.[p] ?? text.slice(para.start, para.end);
    let entry = next.get(key) ?? cache.attributions.get(key);
    const fits =
      entry &&
      entry.locals.length === j - i &&
      fitsContext(entry, readContext(text, paragraphs, p, entry.readPrevious)) &&
      (entry.readPrevious !== 'colon' || !(p > 0 && endsWithColon(text, paragraphs[p - 1])));
    if (entry && fits) {
      for (const local of entry.locals) locals.push(shiftLocal(local, para.start));
    } else {
      const fresh: LocalQuote[] = [];
      for (let k = i; k < j; k++) fresh.push(localWork(text, paragraphs, outer, k));
      for (const local of fresh) locals.push(local);
      const read = fresh.some((local) => local.readPrevious === 'whole') ? 'whole' : fresh.some((local) => local.readPrevious) ? 'colon' : undefined;
      const context = readContext(text, paragraphs, p, read);
      entry = { ...context, locals: fresh.map((local) => shiftLocal(local, -para.start)) };
      cache.recomputed.push(p);
    }
    next.set(key, entry);
    i = j;
  }
  // Keep only what the current version uses, so the cache never outgrows the document.
  cache.attributions = next;
  return locals;
}

type ReadContext = Omit<CachedParagraphQuotes, 'locals'>;

/** The text outside paragraph `p` that its attribution work reads, and where the previous paragraph lies. */
function readContext(text: string, paragraphs: Span[], p: number, readPrevious: PreviousRead | undefined): ReadContext {
  const para = paragraphs[p];
  const prev = readPrevious === 'whole' && p > 0 ? paragraphs[p - 1] : undefined;
  return {
    readPrevious,
    before: prev ? text.slice(prev.start, para.start) : '',
    after: text.slice(para.end, para.end + READ_AFTER),
    previousStart: prev ? prev.start - para.start : 0,
    previousEnd: prev ? prev.end - para.start : 0,
  };
}

function fitsContext(entry: CachedParagraphQuotes, now: ReadContext): boolean {
  return entry.before === now.before && entry.after === now.after && entry.previousStart === now.previousStart && entry.previousEnd === now.previousEnd;
}

function shiftLocal(local: LocalQuote, delta: number): LocalQuote {
  if (!local.found && !local.hint) return local;
  const moved: LocalQuote = { kind: local.kind, speaking: local.speaking, found: null };
  if (local.readPrevious) moved.readPrevious = local.readPrevious;
  const f = local.found;
  if (f) {
    moved.found = { ...f, speaker: { start: f.speaker.start + delta, end: f.speaker.end + delta } };
    if (f.cue) moved.found.cue = { start: f.cue.start + delta, end: f.cue.end + delta };
  }
  if (local.hint) moved.hint = { start: local.hint.start + delta, end: local.hint.end + delta };
  return moved;
}

/** What quotation `i` of `outer` is, and who the words around it say speaks it (unresolved). */
function localWork(text: string, paragraphs: Span[], outer: MarkedQuote[], i: number): LocalQuote {
  const quote = outer[i];
  const firstPara = paragraphs[quote.firstParagraph];
  const lastPara = paragraphs[quote.lastParagraph];
  const beforeFrom = sentenceStartBefore(text, quote.start, Math.max(firstPara.start, quote.start - WINDOW), outer, i);
  const before = sentenceBefore(tokenize(text, beforeFrom, quote.start, outer, firstQuoteFrom(outer, i)));
  const contentText = contentOf(text, quote);
  // Punctuation at the end of the words, inside any inner closing marks: …vote,'"
  const contentTail = text.slice(Math.max(quote.content.start, quote.content.end - 4), quote.content.end).replace(/['’"”»›\s]+$/, '');
  const endsWithPunctuation = /[.!?…,;:—–-]$/.test(contentTail);
  const words = countWords(contentText, 12);
  const endsStatement = /[.!?…]$/.test(contentTail) || quote.lastParagraph > quote.firstParagraph;
  // After a quotation that ends its sentence, a line break ends the attribution window.
  // The window stops at the next quotation, unless that is a nickname inside the speaker's name.
  let nextQuote = i + 1;
  // (Quotations in later paragraphs lie past the window anyway, so reading them within these bounds is enough.)
  const bounds = { start: firstPara.start, end: lastPara.end };
  while (nextQuote < outer.length && outer[nextQuote].end - outer[nextQuote].start < 24 && isNicknameAt(text, outer[nextQuote], bounds)) nextQuote++;
  const afterTo = sentenceEndAfter(text, quote.end, Math.min(lastPara.end, quote.end + WINDOW), outer[nextQuote]?.start ?? text.length, endsStatement);
  const after = sentenceAfter(tokenize(text, quote.end, afterTo, outer, i + 1), endsStatement);

  if (words <= 2 && isNicknameAt(text, quote, bounds)) return { kind: 'short', speaking: false, found: null }; // Marcia “Cia” Price: part of a name
  if (isTitle(text, quote, before, after, contentText, words, firstPara)) return { kind: 'title', speaking: false, found: null };
  const { found, tight, readPrevious } = findAttribution({
    text,
    quote,
    index: i,
    outer,
    paragraphs,
    before,
    after,
    contentText,
    contentTail,
    endsStatement,
    endsWithPunctuation,
  });
  const standalone = before.length === 0 && endsStatement;
  const kind = classify(contentText, words, endsWithPunctuation, tight || standalone, quote);
  const local: LocalQuote = { kind, speaking: true, found };
  if (readPrevious) local.readPrevious = readPrevious;
  if (found?.cls === 'pronoun') {
    const hint = pronounHint(text, before, beforeFrom, firstPara, outer, i);
    if (hint) local.hint = hint;
  }
  return local;
}

/**
 * The name a pronoun speaker most likely stands for: the name opening the quote's own sentence
 * ("Senator Moss scolded him: “…,” she said"), else the one opening the sentence before
 * ("Council President Rebecca Nguyen said … “This is not a cut,” she said").
 */
function pronounHint(text: string, before: Token[], sentenceStart: number, para: Span, outer: MarkedQuote[], index: number): Span | undefined {
  const own = sentenceSubject(before, before.length);
  if (own && own.cls === 'name') return { start: before[own.first].start, end: before[own.last].end };
  if (sentenceStart <= para.start) return undefined;
  const from = sentenceStartBefore(text, sentenceStart, Math.max(para.start, sentenceStart - WINDOW), outer, index);
  const previous = sentenceBefore(tokenize(text, from, sentenceStart, outer, firstQuoteFrom(outer, index)));
  const subject = sentenceSubject(previous, previous.length);
  return subject && subject.cls === 'name' ? { start: previous[subject.first].start, end: previous[subject.last].end } : undefined;
}

/** The start of a quotation's words (enough to classify it and read a transcript label). */
function contentOf(text: string, quote: MarkedQuote): string {
  return text.slice(quote.content.start, Math.min(quote.content.end, quote.content.start + 600));
}

interface AttributionContext {
  text: string;
  quote: MarkedQuote;
  /** Index of the quote in `outer`. */
  index: number;
  outer: MarkedQuote[];
  paragraphs: Span[];
  /** Tokens of the quote's sentence before and after the marks. */
  before: Token[];
  after: Token[];
  contentText: string;
  contentTail: string;
  endsStatement: boolean;
  endsWithPunctuation: boolean;
}

/**
 * Looks for the quote's attribution, most specific patterns first. `tight` tells that the
 * attribution frames the quote directly (“…,” X said / X said: “…”), which marks a statement.
 */
function findAttribution(c: AttributionContext): { found: Attribution | null; tight: boolean; readPrevious?: PreviousRead } {
  const { text, quote, index, outer, paragraphs, before, after, contentText, contentTail, endsStatement, endsWithPunctuation } = c;
  const label = labelAttribution(quote, contentText);
  if (label) return { found: label, tight: true };
  const introducedByColon = before.length > 0 && before[before.length - 1].text === ':';
  // A sentence that ended inside the marks leaves what follows to the next sentence.
  if ((introducedByColon && endsStatement) || (before.length > 0 && /[.!?…]$/.test(contentTail))) {
    const found = attributionBefore(before);
    if (found) return { found, tight: introducedByColon };
  }
  const commaAfter = after.length > 0 && /^[,—–―-]$/.test(after[0].text);
  if (endsWithPunctuation || commaAfter) {
    const found = attributionAfter(after);
    if (found) return { found, tight: true };
  }
  const inSentence = attributionBefore(before);
  if (inSentence) return { found: inSentence, tight: introducedByColon };
  // With nothing of the quote's sentence before the marks, the paragraph before may hold the
  // attribution. What was read of it is recorded for reuse (QuoteCache): 'colon', only whether it
  // ends with a colon; 'whole', its words (or, for the first paragraph, that there is none).
  let readPrevious: PreviousRead | undefined;
  if (before.length === 0) {
    const prev = quote.firstParagraph > 0 ? paragraphs[quote.firstParagraph - 1] : undefined;
    const introducedByPrevious = prev !== undefined && endsWithColon(text, prev);
    readPrevious = introducedByPrevious || opensParagraph(text, quote, paragraphs[quote.firstParagraph]) ? 'whole' : 'colon';
    if (prev && introducedByPrevious) {
      // “Trump said:” closing the paragraph before, then the quotation as its own paragraph.
      const prevTokens = sentenceBefore(tokenize(text, Math.max(prev.start, prev.end - WINDOW), prev.end, outer, firstQuoteFrom(outer, index)));
      const found = attributionBefore(prevTokens);
      if (found) return { found, tight: true, readPrevious };
    }
    // “…, Schiff said. “The other factor …” — the sentence before ends with its attribution.
    const found = attributionClosingPreviousSentence(text, quote, paragraphs[quote.firstParagraph], paragraphs, outer, index);
    if (found) return { found, tight: false, readPrevious };
  }
  // Further on in the sentence, if the sentence goes on past the marks.
  const continues = after.length > 0 && (after[0].text === ',' || (after[0].kind === 'word' && /^\p{Ll}/u.test(after[0].text)));
  if (!endsStatement || continues) {
    const found = attributionLaterInSentence(after);
    if (found) return { found, tight: false, readPrevious };
  }
  if (introducedByColon) {
    // The president’s new message: “It’s about me.” — the sentence's subject speaks.
    const subject = sentenceSubject(before, before.length - 1);
    if (subject && subject.cls !== 'role') return { found: attributionOf(before, subject), tight: true, readPrevious };
  }
  return { found: null, tight: false, readPrevious };
}

/** Paragraphs in text order, within bounds and not overlapping; blank-line split if none given. */
function usableParagraphs(text: string, given: Span[] | undefined): Span[] {
  const out: Span[] = [];
  const sorted = Array.isArray(given)
    ? given.filter((p) => p && p.start >= 0 && p.end <= text.length && p.start < p.end).sort((a, b) => a.start - b.start)
    : [];
  let last = 0;
  for (const p of sorted) {
    if (p.start < last) continue;
    out.push({ start: p.start, end: p.end });
    last = p.end;
  }
  if (out.length || !/\S/.test(text)) return out;
  const re = /\S[\s\S]*?(?=\n[ \t]*\n|\s*$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

/** “Trump said:” — a paragraph that introduces a quotation in the next one. */
function endsWithColon(text: string, para: Span): boolean {
  return /:\s*$/.test(text.slice(Math.max(para.start, para.end - 4), para.end));
}

/** Whether only markup and spaces stand before the quotation in its paragraph. */
function opensParagraph(text: string, quote: Span, para: Span): boolean {
  let end = quote.start;
  while (end > para.start && /\s/.test(text[end - 1])) end--;
  return end <= paragraphLead(text, para);
}

function paragraphLead(text: string, para: Span): number {
  let i = para.start;
  while (i < para.end && /[\s>*\-_#]/.test(text[i]) && i - para.start < 12) i++;
  return i;
}

/** Index of the first outer quote that may lie in the window before outer[i] (they are sorted). */
function firstQuoteFrom(outer: MarkedQuote[], i: number): number {
  let k = i;
  const floor = outer[i].start - WINDOW * 2;
  while (k > 0 && outer[k - 1].end > floor && i - k < 20) k--;
  return k;
}

/**
 * A cheap character scan for where the sentence holding position `at` starts, so that only its
 * words get tokenized. Quotations before it are stepped over whole. Errs towards starting early;
 * the token-level cut (sentenceBefore) decides exactly.
 */
function sentenceStartBefore(text: string, at: number, floor: number, outer: MarkedQuote[], index: number): number {
  let k = index - 1;
  for (let i = at - 1; i >= floor; i--) {
    while (k >= 0 && outer[k].start > i) k--;
    if (k >= 0 && i < outer[k].end) {
      i = outer[k].start; // the loop's i-- steps before the opening mark
      continue;
    }
    const c = text.charCodeAt(i);
    if ((c === 46 || c === 33 || c === 63) && i + 1 < at && isSpaceCode(text.charCodeAt(i + 1)) && !abbreviationEndsAt(text, i, floor)) return i;
  }
  return floor;
}

/** A cheap character scan for the end of the sentence that starts at `from` (see sentenceStartBefore). */
function sentenceEndAfter(text: string, from: number, ceiling: number, nextQuote: number, stopAtLineBreak: boolean): number {
  const end = Math.min(ceiling, nextQuote);
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (stopAtLineBreak && c === 10) return i;
    if ((c === 46 || c === 33 || c === 63) && (i + 1 >= text.length || isSpaceCode(text.charCodeAt(i + 1))) && !abbreviationEndsAt(text, i, from)) return i + 1;
  }
  return end < ceiling ? Math.min(ceiling, end + 1) : end;
}

function isSpaceCode(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 0xa0;
}

/** Mr. / U.S. / J. : a period that belongs to a short capitalized word or an initial. */
function abbreviationEndsAt(text: string, period: number, floor: number): boolean {
  let i = period - 1;
  while (i >= floor && period - i <= 6 && /[A-Za-z.]/.test(text[i])) i--;
  const word = text.slice(i + 1, period);
  if (!word || !/^[A-Z]/.test(word)) return false;
  return word.length === 1 || /^[A-Z](\.[A-Z])+$/.test(word) || ABBREVIATIONS.has(word.toLowerCase());
}

/** The tokens of the window before a quotation that belong to its sentence. */
function sentenceBefore(tokens: Token[]): Token[] {
  for (let k = tokens.length - 1; k >= 0; k--) if (endsSentence(tokens[k])) return tokens.slice(k + 1);
  return tokens;
}

/** The tokens after a quotation up to the end of its sentence or the next quotation. */
function sentenceAfter(tokens: Token[], stopAtLineBreak: boolean): Token[] {
  for (let k = 0; k < tokens.length; k++) {
    if (stopAtLineBreak && tokens[k].newlineBefore) return tokens.slice(0, k);
    if (tokens[k].kind === 'quote' && !isNickname(tokens, k)) return tokens.slice(0, k);
    if (tokens[k].kind === 'punct' && endsSentence(tokens[k])) return tokens.slice(0, k);
  }
  return tokens;
}

/** A quoted nickname between the parts of a name: Marcia “Cia” Price. */
function isNicknameAt(text: string, quote: Span, paragraph: Span): boolean {
  // The name's parts are in the quotation's paragraph: nothing outside it is read.
  const before = /(\p{Lu}[\p{L}.'’-]*)\s+$/u.exec(text.slice(Math.max(paragraph.start, quote.start - 30), quote.start));
  const after = /^\s+\p{Lu}/u.exec(text.slice(quote.end, Math.min(paragraph.end, quote.end + 3)));
  return before !== null && after !== null && !/^(The|A|An|In|On|At|Of|And|But|Said|Says)$/.test(before[1]);
}

/** A quoted nickname inside a name: Marcia “Cia” Price. */
function isNickname(tokens: Token[], k: number): boolean {
  const prev = tokens[k - 1];
  const next = tokens[k + 1];
  return prev?.kind === 'word' && next?.kind === 'word' && /^\p{Lu}/u.test(prev.text) && /^\p{Lu}/u.test(next.text) && tokens[k].text.length < 24;
}

/** Words in s, counting at most `cap`: runs of letters and digits (apostrophes and hyphens join). */
function countWords(s: string, cap: number): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < s.length && n < cap; i++) {
    const c = s.charCodeAt(i);
    const wordy =
      (c >= 97 && c <= 122) ||
      (c >= 65 && c <= 90) ||
      (c >= 48 && c <= 57) ||
      (c > 127 && c !== 0x2019 && c !== 0x2014 && c !== 0x2013 && c !== 0x201c && c !== 0x201d && c !== 0xa0 && c !== 0x2026);
    const joiner = c === 39 || c === 0x2019 || c === 45;
    if (wordy) {
      if (!inWord) n++;
      inWord = true;
    } else if (!(joiner && inWord)) inWord = false;
  }
  return n;
}

/**
 * The attribution that ends the sentence before a quotation ("…, Schiff said."), in the same
 * paragraph or closing the paragraph before: it introduces the quotation that follows.
 */
function attributionClosingPreviousSentence(
  text: string,
  quote: MarkedQuote,
  para: Span,
  paragraphs: Span[],
  outer: MarkedQuote[],
  i: number,
): Attribution | null {
  let end = quote.start;
  while (end > para.start && /\s/.test(text[end - 1])) end--;
  let floor = para.start;
  if (opensParagraph(text, quote, para)) {
    if (quote.firstParagraph === 0) return null;
    const prev = paragraphs[quote.firstParagraph - 1];
    end = prev.end;
    floor = prev.start;
  }
  if (end <= floor || text[end - 1] !== '.') return null;
  const from = sentenceStartBefore(text, end - 1, Math.max(floor, end - WINDOW), outer, i);
  const tokens = sentenceBefore(tokenize(text, from, end - 1, outer, firstQuoteFrom(outer, i)));
  // Only the words after the sentence's last comma: ", Schiff said", ", said a spokesman".
  let comma = -1;
  for (let k = tokens.length - 1; k >= 0 && tokens.length - k <= 12; k--) {
    if (tokens[k].text === ',' || tokens[k].kind === 'quote') {
      comma = k;
      break;
    }
  }
  if (comma < 0) return null;
  const tail = tokens.slice(comma + 1);
  const found = attributionAfter(tail);
  return found && found.cue ? found : null;
}

/** A transcript label inside the quotation: "PENCE: Well, look, …". */
function labelAttribution(quote: MarkedQuote, content: string): Attribution | null {
  const m = /^([A-Z][A-Z.'’\- ]{1,40}[A-Z.]):\s/.exec(content);
  if (!m || !/[A-Z]{2}/.test(m[1])) return null;
  const start = quote.content.start;
  return { speaker: { start, end: start + m[1].length }, cls: 'name', viaAccordingTo: false };
}

function isTitle(text: string, quote: MarkedQuote, before: Token[], after: Token[], content: string, words: number, paragraphSpan?: Span): boolean {
  if (words === 0 || words > 10 || quote.lastParagraph !== quote.firstParagraph) return false;
  const clean = content.replace(/[.,;:!?]+$/, '');
  if (/[.!?;:]/.test(clean.replace(/\b(?:[A-Z]|Mr|Mrs|Ms|Dr|St|Jr|No|vs)\./g, ''))) return false;
  const tokens = clean.split(/\s+/).filter(Boolean);
  if (!tokens.length || !/^[\p{Lu}\p{N}]/u.test(tokens[0].replace(/^[^\p{L}\p{N}]+/u, ''))) return false;
  for (const word of tokens) {
    const bare = word.replace(/^[^\p{L}\p{N}]+/u, '');
    if (!bare) continue;
    if (!/^[\p{Lu}\p{N}]/u.test(bare) && !SMALL_TITLE_WORDS.has(bare.toLowerCase())) return false;
  }
  // Title case alone is not enough for one word (“Dangerous”) or when someone is said to have said it.
  const prev = before[before.length - 1];
  const prev2 = before[before.length - 2];
  const cued =
    (prev && (TITLE_CUES.has(prev.lower) || (prev.lower === 'to' && prev2?.lower === 'according'))) ||
    (prev2 && TITLE_CUES.has(prev2.lower) && prev.kind === 'word' && /^(the|a|an|called|named|titled|entitled)$/.test(prev.lower));
  if (cued) return true;
  // A whole paragraph in marks and in title case is a heading: 'All Bets Are Off.'
  if (before.length === 0 && after.length === 0 && quote.lastParagraph === quote.firstParagraph) {
    const para = paragraphSpan;
    if (para && text.slice(para.start, para.end).trim().length <= quote.end - quote.start + 2) return true;
  }
  if (tokens.length < 2) return false;
  if (after.length && attributionAfter(after)) return false;
  if (prev && /^(in|on|at|from|by|of|via|aired|read|watched|watch|read|told)$/.test(prev.lower)) return true;
  if (prev && /['’]s$/.test(prev.text) && /^\p{Lu}/u.test(prev.text)) return true; // CNN’s “State of the Union”
  return !/[.!?]$/.test(content) && words <= 6 && !attributionBefore(before);
}

function classify(content: string, words: number, endsWithPunctuation: boolean, tight: boolean, quote: MarkedQuote): QuoteKind {
  if (quote.lastParagraph > quote.firstParagraph) return 'statement';
  const startsUpper = /^[^\p{L}\p{N}]*[\p{Lu}\p{N}]/u.test(content);
  if (tight && (words >= 2 || endsWithPunctuation)) return 'statement';
  if (words >= 8) return 'statement';
  if (words >= 4 && startsUpper && endsWithPunctuation) return 'statement';
  return 'short';
}
