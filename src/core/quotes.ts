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
  clauseSubjects,
  sentenceSubject,
  type Attribution,
} from './quotes-speakers';
import { distanceBucket, featureWeight, RESOLVER_BONUS_MAX, speakerReasons, speakerScore } from './quotes-ranker';
import { ABBREVIATIONS, endsSentence, tokenize, type Token } from './quotes-tokens';
import { isLetterCode, isNumberCode, isUpperCode, isWhiteSpaceCode } from './text';
import type { Entity, Quote, QuoteKind, Span, Speaker, SpeakerVia, TextStructure } from './types';

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
  /** Every speaker the rules propose, the rules' own choice (`found`) first, with their local features. */
  candidates: LocalCandidate[];
}

/** A possible speaker of a quotation and what the words around it say about it (see quotes-ranker). */
interface LocalCandidate {
  found: Attribution;
  features: string[];
  /** speakerScore(features), summed as they are added (see addFeature): cached with the paragraph. */
  score: number;
  /** A common-noun phrase with no speech verb before a copula: see chooseSpeaker. */
  described: boolean;
}

/** A candidate whose features are complete, with what chooseSpeaker asks of them. */
function scoreCandidate(cand: LocalCandidate): LocalCandidate {
  const f = cand.features;
  cand.described = cand.found.cls === 'role' && f.includes('no-cue') && f.some((name) => COPULAS.has(name));
  return cand;
}

/** One quotation's candidates as the ranker saw them: what `npm run train -- speakers` learns from. */
export interface SpeakerCandidateRecord {
  quote: Span;
  candidates: { start: number; end: number; name: string; features: string[]; chosen: boolean }[];
}

/** Set while speakerCandidates() runs: the candidates of each quotation, in text order. */
let recording: SpeakerCandidateRecord[] | undefined;

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
  // Without a cache each quotation's local work is done just before its speaker is chosen: the
  // candidates then die young (an article's worth of them kept until the end is garbage to copy).
  const locals = cache ? localWorkCached(text, paragraphs, outer, continued, cache, keys) : undefined;

  const resolver = new SpeakerResolver(Array.isArray(entities) ? entities : []);
  /** The latest statement with a speaker, for continuations that carry no attribution. */
  let previous: PreviousSpeaker | null = null;
  const quotes: Quote[] = [];
  // Outer quotations are chosen a speaker in text order; the nested ones between them are only classified.
  let i = 0;
  for (const quote of marked) {
    const content = quote.content;
    if (quote.parent >= 0) {
      // Nested quotations are classified on their words alone and carry no speaker of their own.
      const words = contentOf(text, quote);
      const kind = classify(words, countWords(words, 12), false, false, quote);
      quotes.push({ start: quote.start, end: quote.end, content: { start: content.start, end: content.end }, kind });
      continue;
    }
    const { kind, speaking, found, hint, candidates } = locals ? locals[i] : localWork(text, paragraphs, outer, i);
    const result: Quote = { start: quote.start, end: quote.end, content: { start: content.start, end: content.end }, kind };
    if (speaking) {
      const chosen = chooseSpeaker(text, paragraphs, outer, i, kind, found, hint, candidates, previous, resolver);
      if (chosen) {
        const speaker = chosen.speaker;
        if (kind === 'statement') previous = { speaker, paragraph: quote.lastParagraph };
        result.speaker = speaker;
        const cue = chosen.cue;
        if (cue) result.cue = { start: cue.start, end: cue.end, text: text.slice(cue.start, cue.end) };
      }
    }
    quotes.push(result);
    i++;
  }
  return quotes;
}

/** The latest statement with a speaker, for continuations that carry no attribution. */
interface PreviousSpeaker {
  speaker: Speaker;
  paragraph: number;
}

// Feature names built once (every quote asks for the same few).
const KIND_FEATURE: Record<QuoteKind, string> = { statement: 'kind:statement', short: 'kind:short', title: 'kind:title' };
const VIA_FEATURE: Record<SpeakerVia, string> = {
  explicit: 'via:explicit',
  surname: 'via:surname',
  pronoun: 'via:pronoun',
  role: 'via:role',
  'according-to': 'via:according-to',
};
type EntityKind = 'person' | 'organization' | 'place' | 'other' | 'none';
const ENTITY_KINDS: EntityKind[] = ['person', 'organization', 'place', 'other', 'none'];
const ETYPE_FEATURE = Object.fromEntries(ENTITY_KINDS.map((k) => [k, `etype:${k}`])) as Record<EntityKind, string>;
const CLS_ETYPE_FEATURE = Object.fromEntries(
  (['name', 'pronoun', 'role'] as const).map((c) => [c, Object.fromEntries(ENTITY_KINDS.map((k) => [k, `cls:${c}&etype:${k}`]))]),
) as Record<Attribution['cls'], Record<EntityKind, string>>;
/** A feature name with its weight, looked up once: a candidate's score is summed as its features are added. */
interface Weighted {
  name: string;
  weight: number;
}

function weighted(name: string): Weighted {
  return { name, weight: featureWeight(name) };
}

/**
 * Appends a feature to a candidate and adds its weight to the score: features are only ever appended,
 * so the score is the sum speakerScore gives, added in the same order.
 */
function addFeature(cand: LocalCandidate, feature: Weighted): void {
  cand.features.push(feature.name);
  cand.score += feature.weight;
}

function addFeatureNamed(cand: LocalCandidate, name: string): void {
  cand.features.push(name);
  cand.score += featureWeight(name);
}

// The features every candidate may be described by, with their weights.
const CLS_WEIGHTED: Record<Attribution['cls'], Weighted> = { name: weighted('cls:name'), pronoun: weighted('cls:pronoun'), role: weighted('cls:role') };
const WORDS_WEIGHTED = ['words:0', 'words:1', 'words:2', 'words:3', 'words:4'].map(weighted);
const DISTANCE_WEIGHTED = new Map(['dist:0', 'dist:1', 'dist:2', 'dist:3', 'dist:4'].map((name) => [name, weighted(name)]));
const ACCORDING_TO = weighted('according-to');
const CUE = weighted('cue');
const CUE_POSSESSOR = weighted('cue:possessor');
const FIRST_AND_CUE = weighted('first&cue');
const NO_CUE = weighted('no-cue');
const SIDE_BEFORE = weighted('side:before');
const SIDE_AFTER = weighted('side:after');
const SIDE_INSIDE = weighted('side:inside');
const PREVIOUS_PARAGRAPH = weighted('previous-paragraph');
const SHAPE_CAPS = weighted('shape:caps');
const SHAPE_THE_NAME = weighted('shape:the-name');

/** The type part of an entity id ("person:ana-ruiz" → person). */
function entityTypeOf(id: string): EntityKind {
  for (const k of ENTITY_KINDS) if (id.startsWith(k) && id.charCodeAt(k.length) === 58) return k;
  return 'other';
}

/** Weights of the features known only once a candidate is resolved, looked up once (see chooseSpeaker). */
const KIND_WEIGHT = weightsOf(KIND_FEATURE);
const VIA_WEIGHT = weightsOf(VIA_FEATURE);
const ETYPE_WEIGHT = weightsOf(ETYPE_FEATURE);
const CLS_ETYPE_WEIGHT: Record<Attribution['cls'], Record<EntityKind, number>> = {
  name: weightsOf(CLS_ETYPE_FEATURE.name),
  pronoun: weightsOf(CLS_ETYPE_FEATURE.pronoun),
  role: weightsOf(CLS_ETYPE_FEATURE.role),
};
const SAME_PREVIOUS = 'same-previous';
const SAME_PREVIOUS_WEIGHT = featureWeight(SAME_PREVIOUS);
const PERSON_BEFORE = 'rule:person-before';
const PERSON_AFTER = 'rule:person-after';
const PERSON_BEFORE_WEIGHT = featureWeight(PERSON_BEFORE);
const PERSON_AFTER_WEIGHT = featureWeight(PERSON_AFTER);

function weightsOf<K extends string>(names: Record<K, string>): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const key of Object.keys(names) as K[]) out[key] = featureWeight(names[key]);
  return out;
}

/**
 * The score of the features a resolved candidate gains ([kind, via, etype, cls&etype, same-previous?],
 * see resolvedFeatures), added in that order as speakerScore adds them, without building their names.
 */
function resolvedScore(kind: QuoteKind, via: SpeakerVia, entityType: EntityKind, cls: Attribution['cls'], samePrevious: boolean): number {
  let z = 0;
  z += KIND_WEIGHT[kind];
  z += VIA_WEIGHT[via];
  z += ETYPE_WEIGHT[entityType];
  z += CLS_ETYPE_WEIGHT[cls][entityType];
  if (samePrevious) z += SAME_PREVIOUS_WEIGHT;
  return z;
}

function resolvedFeatures(kind: QuoteKind, via: SpeakerVia, entityType: EntityKind, cls: Attribution['cls'], samePrevious: boolean): string[] {
  return addResolvedFeatures([], kind, via, entityType, cls, samePrevious);
}

function addResolvedFeatures(
  out: string[],
  kind: QuoteKind,
  via: SpeakerVia,
  entityType: EntityKind,
  cls: Attribution['cls'],
  samePrevious: boolean,
): string[] {
  out.push(KIND_FEATURE[kind], VIA_FEATURE[via], ETYPE_FEATURE[entityType], CLS_ETYPE_FEATURE[cls][entityType]);
  if (samePrevious) out.push(SAME_PREVIOUS);
  return out;
}

/** A speaker candidate scored, as training records it: local features (cached with the paragraph) and the resolver's. */
interface Scored {
  found: Attribution | null;
  speaker: Speaker;
  local: string[];
  extra: string[];
  /** Place in the candidate list (the rules' choice first). */
  order: number;
  rulesChoice: boolean;
}

/** Copulas after a phrase (as its `next:` feature): the phrase is described, it does not speak. */
const COPULAS = new Set(['next:is', 'next:was', 'next:are', 'next:were', 'next:be', 'next:been', 'next:remains', 'next:became', 'next:seems']);

/** Paragraphs after the last speaker's quote within which a quote may still continue its words. */
const CONTINUATION_PARAGRAPHS = 2;

/** One candidate as chooseSpeaker weighs it. The objects are reused from quote to quote (see choiceAt). */
interface Choice {
  candidate: LocalCandidate;
  /** Place in the candidate list (the rules' choice first): ties go to the lower. */
  order: number;
  /** The score of its local features and the quote's kind. */
  local: number;
  /** The person named nearest before (after) the quotation is this candidate: it gains PERSON_BEFORE (PERSON_AFTER). */
  personBefore: boolean;
  personAfter: boolean;
}

/** chooseSpeaker's candidates, kept between quotes: only one quote is chosen at a time, and most have a handful. */
const choices: Choice[] = [];

function choiceAt(n: number, candidate: LocalCandidate): Choice {
  if (n === choices.length) choices.push({ candidate, order: 0, local: 0, personBefore: false, personAfter: false });
  const choice = choices[n];
  choice.candidate = candidate;
  choice.order = n;
  choice.local = 0;
  choice.personBefore = false;
  choice.personAfter = false;
  return choice;
}

/** A choice's local features as the ranker reads them: its cached ones and the person rules it gained here. */
function localFeatures(choice: Choice): string[] {
  const features = choice.candidate.features;
  if (!choice.personBefore && !choice.personAfter) return features;
  const out = features.slice();
  if (choice.personBefore) out.push(PERSON_BEFORE);
  if (choice.personAfter) out.push(PERSON_AFTER);
  return out;
}

/** chooseSpeaker's pick in place of the candidates: the last speaker, continued. */
const CONTINUATION = -1;
/** No pick yet. */
const NONE = -2;

/**
 * The speaker of one quotation: each candidate the rules proposed (and the persons named nearest, and
 * the last speaker, for a quote that may continue their words) is resolved against the entities
 * without being remembered, scored by the ranker, and the best one is chosen. Ties go to the
 * candidate listed first: the rules' own choice.
 */
function chooseSpeaker(
  text: string,
  paragraphs: Span[],
  outer: MarkedQuote[],
  index: number,
  kind: QuoteKind,
  found: Attribution | null,
  hint: Span | undefined,
  candidates: LocalCandidate[],
  previous: PreviousSpeaker | null,
  resolver: SpeakerResolver,
): { speaker: Speaker; cue?: Span } | undefined {
  const quote = outer[index];
  let count = 0;
  for (; count < candidates.length; count++) choiceAt(count, candidates[count]);
  // The persons named nearest the quotation (in its paragraph, or the one before; not inside the
  // quotations either side) are candidates too.
  const para = paragraphs[quote.firstParagraph];
  const floor = Math.max(quote.firstParagraph > 0 ? paragraphs[quote.firstParagraph - 1].start : para.start, index > 0 ? outer[index - 1].end : 0);
  const ceiling = Math.min(paragraphs[quote.lastParagraph].end, index + 1 < outer.length ? outer[index + 1].start : Infinity);
  const near = resolver.personsAround(quote.start, quote.end, floor, ceiling);
  for (let side = 0; side < 2; side++) {
    const span = side === 0 ? near.before : near.after;
    if (!span) continue;
    let at = 0;
    while (at < count && !(choices[at].candidate.found.speaker.start < span.end && span.start < choices[at].candidate.found.speaker.end)) at++;
    if (at < count) {
      // Named by a rule too: that candidate (its cached features untouched) gains the feature.
      if (side === 0) choices[at].personBefore = true;
      else choices[at].personAfter = true;
      continue;
    }
    // Alone, a person named near a phrase in marks is no speaker: Her song “…” was written by Boris Vian.
    if (kind !== 'statement') continue;
    const cand: LocalCandidate = { found: { speaker: span, cls: 'name', viaAccordingTo: false }, features: [], score: 0, described: false };
    addFeatureNamed(cand, side === 0 ? PERSON_BEFORE : PERSON_AFTER);
    addPlaceFeatures(text, quote, para, kind, cand);
    choiceAt(count++, scoreCandidate(cand));
  }
  // Branch and bound: a candidate is resolved against the entities only if its local score plus the
  // most the resolver's features can add could still beat the best so far. The choice is the same as
  // scoring every candidate (higher score wins; ties go to the one listed first).
  const kindScore = KIND_WEIGHT[kind];
  // Best local score first, ties in list order (training reads them in list order): a stable insertion sort.
  for (let n = 0; n < count; n++) {
    const choice = choices[n];
    // The sum speakerScore gives for the cached features with the person rules after them.
    let local = choice.candidate.score;
    if (choice.personBefore) local += PERSON_BEFORE_WEIGHT;
    if (choice.personAfter) local += PERSON_AFTER_WEIGHT;
    choice.local = local + kindScore;
    if (recording) continue;
    let at = n;
    for (; at > 0 && choices[at - 1].local < choice.local; at--) choices[at] = choices[at - 1];
    choices[at] = choice;
  }
  const scored: Scored[] = [];
  let best = NONE;
  let bestScore = 0;
  let bestOrder = 0;
  let bestResolved: { name: string; via: SpeakerVia; entityId?: string } | undefined;
  let bestEntityType: EntityKind = 'none';
  let bestSamePrevious = false;
  for (let n = 0; n < count; n++) {
    const choice = choices[n];
    const cand = choice.candidate.found;
    // A common-noun phrase that the rules did not choose, with no speech verb, before "is"/"was" is what
    // something is, not who speaks: Her most famous song was “…”. (Names and pronouns stay: on the
    // PolNeAR training split, "he was “…”" is more often his words.)
    if (cand !== found && choice.candidate.described) continue;
    if (!recording && best !== NONE && choice.local + RESOLVER_BONUS_MAX < bestScore) continue;
    const resolved = resolver.resolve(text, cand, cand.cls === 'pronoun' ? hint : undefined, false);
    const entityType = resolved.entityId ? entityTypeOf(resolved.entityId) : 'none';
    const samePrevious = previous !== null && previous.speaker.name === resolved.name;
    const score = choice.local + resolvedScore(kind, resolved.via, entityType, cand.cls, samePrevious) - kindScore;
    if (recording) {
      const extra = resolvedFeatures(kind, resolved.via, entityType, cand.cls, samePrevious);
      scored.push({ found: cand, speaker: speakerOf(cand, resolved), local: localFeatures(choice), extra, order: choice.order, rulesChoice: cand === found });
    }
    if (best === NONE || score > bestScore || (score === bestScore && choice.order < bestOrder)) {
      best = n;
      bestScore = score;
      bestOrder = choice.order;
      bestResolved = resolved;
      bestEntityType = entityType;
      bestSamePrevious = samePrevious;
    }
  }
  let continuation: string[] | undefined;
  if (previous) {
    // A paragraph that continues the last speaker's words carries no attribution of its own.
    const lead = paragraphLead(text, paragraphs[quote.firstParagraph]);
    const sameParagraph = previous.paragraph === quote.firstParagraph;
    const nextParagraph = previous.paragraph === quote.firstParagraph - 1;
    continuation = [
      'rule:continuation',
      KIND_FEATURE[kind],
      sameParagraph
        ? 'cont:same-paragraph'
        : nextParagraph
          ? 'cont:next-paragraph'
          : previous.paragraph >= quote.firstParagraph - CONTINUATION_PARAGRAPHS
            ? 'cont:later-paragraph'
            : 'cont:far',
      quote.start === lead ? 'cont:lead' : 'cont:inside',
      VIA_FEATURE[previous.speaker.via],
      SAME_PREVIOUS,
    ];
    const rulesChoice = !found && kind === 'statement' && (sameParagraph || (nextParagraph && quote.start === lead));
    if (rulesChoice) continuation.push('first');
    if (recording) scored.push({ found: null, speaker: previous.speaker, local: continuation, extra: [], order: count, rulesChoice });
    const score = speakerScore(continuation);
    if (best === NONE || score > bestScore || (score === bestScore && count < bestOrder)) best = CONTINUATION;
  }
  if (recording) {
    // Training reads the candidates as the rules alone would go on from them (the model is not fitted yet).
    const rules = scored.find((s) => s.rulesChoice);
    recording.push({
      quote: { start: quote.start, end: quote.end },
      candidates: scored.map((s) => ({
        start: s.speaker.start,
        end: s.speaker.end,
        name: s.speaker.name,
        features: s.local.concat(s.extra),
        chosen: s === rules,
      })),
    });
    if (!rules) return undefined;
    if (!rules.found) return { speaker: withReasons(rules.speaker, speakerReasons(rules.local)) };
    resolver.remember(text, rules.found, rules.speaker, rules.found.cls === 'pronoun' ? hint : undefined);
    const speaker = withReasons(rules.speaker, speakerReasons(rules.local, rules.extra));
    return rules.found.cue ? { speaker, cue: rules.found.cue } : { speaker };
  }
  if (best === NONE) return undefined;
  if (best === CONTINUATION) return { speaker: withReasons(previous!.speaker, speakerReasons(continuation!)) };
  const choice = choices[best];
  const cand = choice.candidate.found;
  // The features after the cached ones, in the order the ranker reads them: person rules, then the resolver's.
  const tail: string[] = [];
  if (choice.personBefore) tail.push(PERSON_BEFORE);
  if (choice.personAfter) tail.push(PERSON_AFTER);
  addResolvedFeatures(tail, kind, bestResolved!.via, bestEntityType, cand.cls, bestSamePrevious);
  const speaker = withReasons(speakerOf(cand, bestResolved!), speakerReasons(choice.candidate.features, tail));
  // The chosen speaker is remembered for the pronouns and surnames that follow.
  resolver.remember(text, cand, speaker, cand.cls === 'pronoun' ? hint : undefined);
  return cand.cue ? { speaker, cue: cand.cue } : { speaker };
}

/** A resolved candidate as a speaker: start, end, name, via, then entityId if any (the key order the output keeps). */
function speakerOf(cand: Attribution, resolved: { name: string; via: SpeakerVia; entityId?: string }): Speaker {
  const speaker: Speaker = { start: cand.speaker.start, end: cand.speaker.end, name: resolved.name, via: resolved.via };
  if ('entityId' in resolved) speaker.entityId = resolved.entityId;
  return speaker;
}

/**
 * The speaker with these reasons: the keys of `{ ...speaker, reasons }` in the same order (every
 * speaker is made with start, end, name, via, then entityId if any), written out because a spread
 * takes a slow path.
 */
function withReasons(speaker: Speaker, reasons: string[]): Speaker {
  const out: Speaker = { start: speaker.start, end: speaker.end, name: speaker.name, via: speaker.via };
  if ('entityId' in speaker) out.entityId = speaker.entityId;
  out.reasons = reasons;
  return out;
}

/**
 * Every quotation's speaker candidates with their features, as the ranker reads them, and the
 * candidate the rules alone choose: the training data of `npm run train -- speakers`.
 */
export function speakerCandidates(text: string, structure: TextStructure, entities: Entity[]): SpeakerCandidateRecord[] {
  const records: SpeakerCandidateRecord[] = [];
  recording = records;
  try {
    detectQuotes(text, structure, entities);
  } finally {
    recording = undefined;
  }
  return records;
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
  if (!local.found && !local.hint && !local.candidates.length) return local;
  const moved: LocalQuote = { kind: local.kind, speaking: local.speaking, found: null, candidates: [] };
  if (local.readPrevious) moved.readPrevious = local.readPrevious;
  const f = local.found;
  if (f) moved.found = shiftAttribution(f, delta);
  if (local.hint) moved.hint = { start: local.hint.start + delta, end: local.hint.end + delta };
  for (const c of local.candidates) {
    // The rules' choice stays the same object as `found`, so it is still known as the rules' choice.
    const shifted = c.found === f ? moved.found! : shiftAttribution(c.found, delta);
    moved.candidates.push({ found: shifted, features: c.features, score: c.score, described: c.described });
  }
  return moved;
}

function shiftAttribution(f: Attribution, delta: number): Attribution {
  const moved: Attribution = { ...f, speaker: { start: f.speaker.start + delta, end: f.speaker.end + delta } };
  if (f.cue) moved.cue = { start: f.cue.start + delta, end: f.cue.end + delta };
  return moved;
}

/** What quotation `i` of `outer` is, and who the words around it say speaks it (unresolved). */
function localWork(text: string, paragraphs: Span[], outer: MarkedQuote[], i: number): LocalQuote {
  const quote = outer[i];
  const firstPara = paragraphs[quote.firstParagraph];
  const lastPara = paragraphs[quote.lastParagraph];
  const beforeFrom = sentenceStartBefore(text, quote.start, Math.max(firstPara.start, quote.start - WINDOW), outer, i);
  const before = sentenceTokensBefore(text, beforeFrom, quote.start, outer, firstQuoteFrom(outer, i));
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

  if (words <= 2 && isNicknameAt(text, quote, bounds)) return { kind: 'short', speaking: false, found: null, candidates: [] }; // Marcia “Cia” Price: part of a name
  if (isTitle(text, quote, before, after, contentText, words, firstPara)) return { kind: 'title', speaking: false, found: null, candidates: [] };
  const context: AttributionContext = {
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
    memo: emptyMemo(),
  };
  const { found, tight, readPrevious } = findAttribution(context);
  const standalone = before.length === 0 && endsStatement;
  const kind = classify(contentText, words, endsWithPunctuation, tight || standalone, quote);
  const candidates = gatherCandidates(context, found, kind, readPrevious, beforeFrom, firstPara);
  const local: LocalQuote = { kind, speaking: true, found, candidates };
  if (readPrevious) local.readPrevious = readPrevious;
  if (candidates.some((c) => c.found.cls === 'pronoun')) {
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
  const previous = sentenceTokensBefore(text, from, sentenceStart, outer, firstQuoteFrom(outer, index));
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
  /** Each rule's answer by Rule, computed once (undefined until then): the cascade and the candidate list ask the same rules. */
  memo: (Attribution | null | undefined)[];
}

/** The attribution rules whose answers are kept (AttributionContext.memo). */
const enum Rule {
  Label,
  Before,
  After,
  PreviousColon,
  Closing,
  Later,
  /** Set by findAttribution only: the sentence's subject before a colon. */
  ColonSubject,
}

/** A fresh memo: one slot per Rule. */
function emptyMemo(): (Attribution | null | undefined)[] {
  return [undefined, undefined, undefined, undefined, undefined, undefined, undefined];
}

/** The answer of one rule for the quote of `c`, computed on first use. */
function once(c: AttributionContext, rule: Rule): Attribution | null {
  let found = c.memo[rule];
  if (found === undefined) {
    found = runRule(c, rule);
    c.memo[rule] = found;
  }
  return found;
}

function runRule(c: AttributionContext, rule: Rule): Attribution | null {
  const { text, quote, index, outer, paragraphs } = c;
  switch (rule) {
    case Rule.Label:
      return labelAttribution(quote, c.contentText);
    case Rule.Before:
      return attributionBefore(c.before);
    case Rule.After:
      return attributionAfter(c.after);
    case Rule.PreviousColon: {
      // “Trump said:” closing the paragraph before, then the quotation as its own paragraph.
      const prev = paragraphs[quote.firstParagraph - 1];
      return attributionBefore(sentenceTokensBefore(text, Math.max(prev.start, prev.end - WINDOW), prev.end, outer, firstQuoteFrom(outer, index)));
    }
    case Rule.Closing:
      return attributionClosingPreviousSentence(text, quote, paragraphs[quote.firstParagraph], paragraphs, outer, index);
    case Rule.Later:
      return attributionLaterInSentence(c.after);
    case Rule.ColonSubject:
      return c.memo[rule] ?? null;
  }
}

/**
 * Looks for the quote's attribution, most specific patterns first. `tight` tells that the
 * attribution frames the quote directly (“…,” X said / X said: “…”), which marks a statement.
 */
function findAttribution(c: AttributionContext): { found: Attribution | null; tight: boolean; readPrevious?: PreviousRead } {
  const { text, quote, paragraphs, before, after, contentTail, endsStatement, endsWithPunctuation } = c;
  const label = once(c, Rule.Label);
  if (label) return { found: label, tight: true };
  const introducedByColon = before.length > 0 && before[before.length - 1].text === ':';
  // A sentence that ended inside the marks leaves what follows to the next sentence.
  if ((introducedByColon && endsStatement) || (before.length > 0 && /[.!?…]$/.test(contentTail))) {
    const found = once(c, Rule.Before);
    if (found) return { found, tight: introducedByColon };
  }
  const commaAfter = after.length > 0 && /^[,—–―-]$/.test(after[0].text);
  if (endsWithPunctuation || commaAfter) {
    const found = once(c, Rule.After);
    if (found) return { found, tight: true };
  }
  const inSentence = once(c, Rule.Before);
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
      const found = once(c, Rule.PreviousColon);
      if (found) return { found, tight: true, readPrevious };
    }
    // “…, Schiff said. “The other factor …” — the sentence before ends with its attribution.
    const found = once(c, Rule.Closing);
    if (found) return { found, tight: false, readPrevious };
  }
  // Further on in the sentence, if the sentence goes on past the marks.
  const continues = after.length > 0 && (after[0].text === ',' || (after[0].kind === 'word' && /^\p{Ll}/u.test(after[0].text)));
  if (!endsStatement || continues) {
    const found = once(c, Rule.Later);
    if (found) return { found, tight: false, readPrevious };
  }
  if (introducedByColon) {
    // The president’s new message: “It’s about me.” — the sentence's subject speaks.
    const subject = sentenceSubject(before, before.length - 1);
    if (subject && subject.cls !== 'role') {
      const found = attributionOf(before, subject);
      c.memo[Rule.ColonSubject] = found;
      return { found, tight: true, readPrevious };
    }
  }
  return { found: null, tight: false, readPrevious };
}

/**
 * Every speaker the attribution rules propose for a quotation, whether or not the cascade of
 * findAttribution would reach that rule, plus the subject of the quote's sentence and of the sentence
 * before; each with the features the ranker reads (quotes-ranker). The rules' choice (`chosen`) comes
 * first. Reads no more text than the cascade records for reuse (`readPrevious`).
 */
function gatherCandidates(
  c: AttributionContext,
  chosen: Attribution | null,
  kind: QuoteKind,
  readPrevious: PreviousRead | undefined,
  sentenceStart: number,
  para: Span,
): LocalCandidate[] {
  const { text, quote, index, outer, paragraphs, before, after, endsStatement, endsWithPunctuation } = c;
  const list: LocalCandidate[] = [];
  const add = (found: Attribution | null, feature: string, second?: string): void => addCandidate(list, found, feature, second);
  if (chosen) add(chosen, 'first');
  add(once(c, Rule.Label), 'rule:label');
  const introducedByColon = before.length > 0 && before[before.length - 1].text === ':';
  add(once(c, Rule.Before), 'rule:before', introducedByColon ? 'colon' : 'no-colon');
  const commaAfter = after.length > 0 && /^[,—–―-]$/.test(after[0].text);
  add(once(c, Rule.After), 'rule:after', endsWithPunctuation || commaAfter ? 'tight-after' : 'loose-after');
  if (before.length === 0) {
    const prev = quote.firstParagraph > 0 ? paragraphs[quote.firstParagraph - 1] : undefined;
    if (prev && readPrevious === 'whole' && endsWithColon(text, prev)) {
      add(once(c, Rule.PreviousColon), 'rule:prev-colon');
    }
    add(once(c, Rule.Closing), 'rule:closing');
  }
  const continues = after.length > 0 && (after[0].text === ',' || (after[0].kind === 'word' && /^\p{Ll}/u.test(after[0].text)));
  add(once(c, Rule.Later), 'rule:later', !endsStatement || continues ? 'continues' : 'ended');
  add(c.memo[Rule.ColonSubject] ?? null, 'rule:colon-subject');
  if (before.length > 0) {
    const subject = sentenceSubject(before, before.length);
    if (subject) add(attributionOf(before, subject), 'rule:subject');
    const clauses = clauseSubjects(before, before.length);
    for (let k = 0; k < clauses.length; k++) add(attributionOf(before, clauses[k]), 'rule:clause-subject', CLAUSE_SUBJECT_FEATURES[k] ?? `clause-subject:${k}`);
  }
  // The subject of the sentence before: in the paragraph, or closing the paragraph before when the
  // quotation opens its own (read only when the cascade read that paragraph too).
  let from = -1;
  let to = -1;
  if (sentenceStart > para.start) {
    to = sentenceStart;
    from = sentenceStartBefore(text, sentenceStart, Math.max(para.start, sentenceStart - WINDOW), outer, index);
  } else if (before.length === 0 && readPrevious === 'whole' && quote.firstParagraph > 0) {
    const prev = paragraphs[quote.firstParagraph - 1];
    to = prev.end;
    from = sentenceStartBefore(text, prev.end - 1, Math.max(prev.start, prev.end - WINDOW), outer, index);
  }
  if (to > from && from >= 0) {
    const previous = sentenceTokensBefore(text, from, to, outer, firstQuoteFrom(outer, index));
    const subject = sentenceSubject(previous, previous.length);
    if (subject) add(attributionOf(previous, subject), 'rule:prev-subject');
  }
  for (const cand of list) scoreCandidate(addPlaceFeatures(text, quote, para, kind, cand));
  // "The court weighed Trump’s claim that “…”": a noun of speech names whose words they are, so the
  // common-noun subjects before its owner (who weigh, report or reject the claim) are not candidates.
  const owner = chosen && list[0].found === chosen && list[0].features.includes('cue:possessor') ? chosen.speaker : undefined;
  if (owner) {
    return list.filter(
      (c) =>
        c === list[0] ||
        !(
          c.found.cls === 'role' &&
          c.found.speaker.end <= owner.start &&
          !c.found.cue &&
          c.features.some((f) => f === 'rule:subject' || f === 'rule:clause-subject')
        ),
    );
  }
  return list;
}

/** 'clause-subject:k' for the k-th clause subject before the quotation (clauseSubjects gives at most 3). */
const CLAUSE_SUBJECT_FEATURES = ['clause-subject:0', 'clause-subject:1', 'clause-subject:2'];

/**
 * Adds a rule's answer to the candidates with the rule's features. A phrase found by several rules is
 * one candidate with each rule's feature; a phrase overlapping one found before (by a more specific
 * rule: the list goes from the rules' choice to the subjects) is, when a common-noun phrase, a worse
 * cut of the same words ("The court weighed Trump’s" beside "Trump") and is left out.
 */
function addCandidate(list: LocalCandidate[], found: Attribution | null, feature: string, second: string | undefined): void {
  if (!found) return;
  const { start, end } = found.speaker;
  for (const same of list) {
    if (same.found.speaker.start !== start || same.found.speaker.end !== end) continue;
    if (!same.features.includes(feature)) addFeatureNamed(same, feature);
    if (second !== undefined && !same.features.includes(second)) addFeatureNamed(same, second);
    return;
  }
  if (found.cls === 'role') for (const k of list) if (k.found.speaker.start < end && start < k.found.speaker.end) return;
  const cand: LocalCandidate = { found, features: [], score: 0, described: false };
  addFeatureNamed(cand, feature);
  if (second !== undefined) addFeatureNamed(cand, second);
  list.push(cand);
}

/** How far either side of a candidate its neighbouring words are looked for, in characters. */
const NEIGHBOUR_CHARS = 24;

/** What every candidate is described by besides the rules that found it: place, phrase, cue. */
function addPlaceFeatures(text: string, quote: Span, para: Span, kind: QuoteKind, cand: LocalCandidate): LocalCandidate {
  const f = cand.features;
  const sp = cand.found.speaker;
  addFeature(cand, CLS_WEIGHTED[cand.found.cls]);
  if (cand.found.cue) {
    addFeature(cand, cand.found.viaAccordingTo ? ACCORDING_TO : CUE);
    // "Trump’s claim that …": the speaker owns a noun of speech.
    if (possessiveAt(text, sp.end)) addFeature(cand, CUE_POSSESSOR);
    // The rules' own pick with its speech word: the strongest single piece of evidence they give.
    if (f.includes('first')) addFeature(cand, FIRST_AND_CUE);
  } else addFeature(cand, NO_CUE);
  const side = sp.end <= quote.start ? 'before' : sp.start >= quote.end ? 'after' : 'inside';
  addFeature(cand, side === 'before' ? SIDE_BEFORE : side === 'after' ? SIDE_AFTER : SIDE_INSIDE);
  addFeature(cand, DISTANCE_WEIGHTED.get(distanceBucket(side === 'before' ? quote.start - sp.end : side === 'after' ? sp.start - quote.end : 0))!);
  if (sp.start < para.start) addFeature(cand, PREVIOUS_PARAGRAPH);
  if (isAllCapitals(text, sp.start, sp.end)) addFeature(cand, SHAPE_CAPS);
  if (cand.found.cls === 'name' && startsWithThe(text, sp.start, sp.end)) addFeature(cand, SHAPE_THE_NAME);
  const words = wordCount(text, sp.start, sp.end);
  addFeature(cand, WORDS_WEIGHTED[Math.min(words, 4)]);
  // The words either side of the phrase: its verb ("praised", "called") or what governs it ("of", "by").
  const next = neighbourFeature(text, sp.end, 1);
  if (next) addFeature(cand, next);
  const prev = neighbourFeature(text, sp.start, -1);
  if (prev) addFeature(cand, prev);
  const rules = f.length;
  for (let k = 0; k < rules; k++) {
    // Most features are no rule's: their first letter rules them out before the prefix is compared.
    if (f[k].charCodeAt(0) !== R_CODE || !f[k].startsWith('rule:')) continue;
    if (kind === 'short') addFeature(cand, crossFeature(f[k], '&short'));
    addFeature(cand, crossFeature(f[k], CLS_SUFFIX[cand.found.cls]));
  }
  return cand;
}

/** 'r', the first letter of every 'rule:' feature. */
const R_CODE = 114;
const CLS_SUFFIX: Record<Attribution['cls'], string> = { name: '&cls:name', pronoun: '&cls:pronoun', role: '&cls:role' };
/** Cross features by rule and suffix, built once: the same few strings for every quote. */
const crosses = new Map<string, Map<string, Weighted>>();

function crossFeature(rule: string, suffix: string): Weighted {
  let bySuffix = crosses.get(rule);
  if (!bySuffix) crosses.set(rule, (bySuffix = new Map()));
  let cross = bySuffix.get(suffix);
  if (cross === undefined) bySuffix.set(suffix, (cross = weighted(rule + suffix)));
  return cross;
}

/** Neighbour features kept per direction before the cache is cleared (words repeat a lot in news). */
const NEIGHBOUR_FEATURE_LIMIT = 20_000;
/** 'next:word' and 'prev:word' by the word as written: each name is made once, not per candidate. */
const nextFeatures = new Map<string, Weighted>();
const prevFeatures = new Map<string, Weighted>();

/**
 * The feature naming the word next to position `at` going forward (step 1: 'next:' and the word) or
 * backward (step -1: 'prev:'), skipping spaces and commas, lower-cased; at most NEIGHBOUR_CHARS away.
 * Undefined when none.
 */
function neighbourFeature(text: string, at: number, step: 1 | -1): Weighted | undefined {
  let i = step === 1 ? at : at - 1;
  const stop = step === 1 ? Math.min(text.length, at + NEIGHBOUR_CHARS) : Math.max(0, at - NEIGHBOUR_CHARS);
  while (i !== stop && i >= 0 && i < text.length && (isSpaceCode(text.charCodeAt(i)) || text.charCodeAt(i) === 44)) i += step;
  const first = i;
  while (i !== stop && i >= 0 && i < text.length && isWordCode(text.charCodeAt(i))) i += step;
  if (i === first) return undefined;
  const word = step === 1 ? text.slice(first, i) : text.slice(i + 1, first + 1);
  const features = step === 1 ? nextFeatures : prevFeatures;
  let feature = features.get(word);
  if (feature === undefined) {
    if (features.size >= NEIGHBOUR_FEATURE_LIMIT) features.clear();
    feature = weighted((step === 1 ? 'next:' : 'prev:') + word.toLowerCase());
    features.set(word, feature);
  }
  return feature;
}

/** Whether a possessive ending follows position `at`: ’ or 's then white space (as /^['’]s?\s/ reads). */
function possessiveAt(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c !== 39 && c !== 0x2019) return false;
  const next = text.charCodeAt(at + 1);
  if (next === 115) return isWhiteSpaceCode(text.charCodeAt(at + 2));
  return isWhiteSpaceCode(next);
}

/** Whether a speaker's words text[start, end) are written in capitals: two capitals in a row and no lower-case letter. */
function isAllCapitals(text: string, start: number, end: number): boolean {
  let pair = false;
  let upperBefore = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    // Beyond ASCII, letter case is Unicode's: the regular expressions decide.
    if (c > 127) {
      const written = text.slice(start, end);
      return /\p{Lu}{2}/u.test(written) && !/\p{Ll}/u.test(written);
    }
    if (c >= 97 && c <= 122) return false;
    const upper = c >= 65 && c <= 90;
    if (upper && upperBefore) pair = true;
    upperBefore = upper;
  }
  return pair;
}

/** Whether text[start, end) begins with "the" and white space, in any case (as /^the\s/i reads it). */
function startsWithThe(text: string, start: number, end: number): boolean {
  return (
    end - start >= 4 &&
    (text.charCodeAt(start) | 32) === 116 &&
    (text.charCodeAt(start + 1) | 32) === 104 &&
    (text.charCodeAt(start + 2) | 32) === 101 &&
    isWhiteSpaceCode(text.charCodeAt(start + 3))
  );
}

/** How many pieces `text.slice(start, end).split(/\s+/)` gives: one more than its runs of white space. */
function wordCount(text: string, start: number, end: number): number {
  let pieces = 1;
  let inSpace = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    // Beyond ASCII, white space is Unicode's: the regular expression decides.
    if (c > 127) return text.slice(start, end).split(/\s+/).length;
    const space = c === 32 || (c >= 9 && c <= 13);
    if (space && !inSpace) pieces++;
    inSpace = space;
  }
  return pieces;
}

/** Letters, apostrophes and hyphens: the characters of a word for neighbourWord. */
function isWordCode(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    c === 39 ||
    c === 0x2019 ||
    c === 45 ||
    (c > 127 && !isSpaceCode(c) && c !== 0x201c && c !== 0x201d && c !== 0x2014 && c !== 0x2013)
  );
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
  let i = at - 1;
  while (i >= floor) {
    while (k >= 0 && outer[k].start > i) k--;
    if (k >= 0 && i < outer[k].end) {
      i = outer[k].start - 1; // on before the opening mark
      continue;
    }
    // Down to the end of that quotation (the last one starting before i) only characters are read.
    const stop = k >= 0 ? Math.max(floor, outer[k].end) : floor;
    for (; i >= stop; i--) {
      const c = text.charCodeAt(i);
      if ((c === 46 || c === 33 || c === 63) && i + 1 < at && isSpaceCode(text.charCodeAt(i + 1)) && !abbreviationEndsAt(text, i, floor)) return i;
    }
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
  while (i >= floor && period - i <= 6 && isLetterOrPeriodCode(text.charCodeAt(i))) i--;
  const word = text.slice(i + 1, period);
  const first = word.charCodeAt(0);
  if (!word || !(first >= 65 && first <= 90)) return false;
  return word.length === 1 || /^[A-Z](\.[A-Z])+$/.test(word) || ABBREVIATIONS.has(word.toLowerCase());
}

/** [A-Za-z.] */
function isLetterOrPeriodCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46;
}

/** The last sentence read by sentenceTokensBefore and where: several rules read the sentence before a quotation. */
let lastSentence: { text: string; outer: MarkedQuote[]; from: number; to: number; firstQuote: number; tokens: Token[] } | undefined;

/** sentenceBefore(tokenize(…)) of text[from, to), the same tokens again when asked for the same window (rules only read them). */
function sentenceTokensBefore(text: string, from: number, to: number, outer: MarkedQuote[], firstQuote: number): Token[] {
  const last = lastSentence;
  if (last && last.from === from && last.to === to && last.firstQuote === firstQuote && last.outer === outer && last.text === text) return last.tokens;
  const tokens = sentenceBefore(tokenize(text, from, to, outer, firstQuote));
  lastSentence = { text, outer, from, to, firstQuote, tokens };
  return tokens;
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
  // The name's parts are in the quotation's paragraph: nothing outside it is read. The capital after
  // the marks is tested first: three characters, where the name before takes a search of thirty.
  if (!/^\s+\p{Lu}/u.test(text.slice(quote.end, Math.min(paragraph.end, quote.end + 3)))) return false;
  const before = /(\p{Lu}[\p{L}.'’-]*)\s+$/u.exec(text.slice(Math.max(paragraph.start, quote.start - 30), quote.start));
  return before !== null && !/^(The|A|An|In|On|At|Of|And|But|Said|Says)$/.test(before[1]);
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
  const tokens = sentenceTokensBefore(text, from, end - 1, outer, firstQuoteFrom(outer, i));
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

/** `s.split(/\s+/).filter(Boolean)`, without the regular expression when s is ASCII. */
function wordsBetweenSpaces(s: string): string[] {
  const out: string[] = [];
  let from = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Beyond ASCII, white space is Unicode's: the regular expression decides.
    if (c > 127) return s.split(/\s+/).filter(Boolean);
    if (c === 32 || (c >= 9 && c <= 13)) {
      if (from >= 0) out.push(s.slice(from, i));
      from = -1;
    } else if (from < 0) from = i;
  }
  if (from >= 0) out.push(s.slice(from));
  return out;
}

/**
 * Whether a word of `content` (without its closing run of . , ; : ! ?) starts, at its first letter or
 * digit, with a letter not in upper case and is no small title word: then isTitle's test of every word
 * fails. False when a surrogate comes before a word's first letter (the regular expressions read
 * those as code points).
 */
function hasLowerCaseWord(content: string): boolean {
  let end = content.length;
  while (end > 0 && isTitleTrailingPunctuation(content.charCodeAt(end - 1))) end--;
  for (let i = 0; i < end;) {
    if (isWhiteSpaceCode(content.charCodeAt(i))) {
      i++;
      continue;
    }
    let wordEnd = i + 1;
    while (wordEnd < end && !isWhiteSpaceCode(content.charCodeAt(wordEnd))) wordEnd++;
    let first = i;
    for (; first < wordEnd; first++) {
      const c = content.charCodeAt(first);
      if (c >= 0xd800 && c <= 0xdfff) return false;
      if (isLetterCode(c) || isNumberCode(c)) break;
    }
    if (first < wordEnd) {
      const letter = content.charCodeAt(first);
      if (!isUpperCode(letter) && !isNumberCode(letter) && !SMALL_TITLE_WORDS.has(content.slice(first, wordEnd).toLowerCase())) return true;
    }
    i = wordEnd;
  }
  return false;
}

/** [.,;:!?] */
function isTitleTrailingPunctuation(c: number): boolean {
  return c === 46 || c === 44 || c === 59 || c === 58 || c === 33 || c === 63;
}

function isTitle(text: string, quote: MarkedQuote, before: Token[], after: Token[], content: string, words: number, paragraphSpan?: Span): boolean {
  if (words === 0 || words > 10 || quote.lastParagraph !== quote.firstParagraph) return false;
  // Most quotations have a lower-case word: told apart without the regular expressions below.
  if (hasLowerCaseWord(content)) return false;
  const clean = content.replace(/[.,;:!?]+$/, '');
  if (/[.!?;:]/.test(clean.replace(/\b(?:[A-Z]|Mr|Mrs|Ms|Dr|St|Jr|No|vs)\./g, ''))) return false;
  const tokens = wordsBetweenSpaces(clean);
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
