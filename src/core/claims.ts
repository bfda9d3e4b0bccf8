// Check-worthy claims: an interpretable model. Each sentence (or clause) is described by a few dozen
// hand-designed features (numbers, dates, comparisons, causal and attribution cues, past-tense record
// verbs; and against: questions, first-person opinion, promises, courtesies, imperatives), which a
// logistic function combines into a score in [0, 1]. Only the feature WEIGHTS were fitted (on debate
// sentences labelled for check-worthiness); every word list is hand-written (lexicons/claims.json).
import lexicon from './lexicons/claims.json';
import type { Claim, ClaimReason, Entity, Hedge, Quote, Span, TextStructure } from './types';

export interface ClaimContext {
  entities: Entity[];
  quotes: Quote[];
  hedges: Hedge[];
}

/** Sentences longer than this are scored on their first part only (keeps every call cheap). */
const MAX_SCORED_CHARS = 2000;

// ---------------------------------------------------------------------------------------------
// Lexicons: single words go in a Set, multi-word phrases in a map from first word to the rest.

interface PhraseSet {
  words: Set<string>;
  phrases: Map<string, string[][]>;
}

function phraseSet(entries: readonly string[]): PhraseSet {
  const words = new Set<string>();
  const phrases = new Map<string, string[][]>();
  for (const entry of entries) {
    const parts = entry.toLowerCase().split(/\s+/).filter(Boolean);
    if (parts.length === 1) words.add(parts[0]);
    else if (parts.length > 1) {
      const list = phrases.get(parts[0]) ?? [];
      list.push(parts.slice(1));
      phrases.set(parts[0], list);
    }
  }
  return { words, phrases };
}

const NUMBER_WORDS = phraseSet(lexicon.numberWords);
const MAGNITUDE = phraseSet(lexicon.magnitudeWords);
const CURRENCY = phraseSet(lexicon.currencyWords);
const MONTHS = new Set(lexicon.monthWords);
const DAYS = new Set(lexicon.dayWords);
const TIME = phraseSet([...lexicon.timePhrases, ...lexicon.timeWords]);
const COMPARATIVES = phraseSet(lexicon.comparatives);
const SUPERLATIVES = phraseSet(lexicon.superlatives);
const CHANGE = phraseSet(lexicon.changeVerbs);
const RECORD = phraseSet(lexicon.recordVerbs);
const CAUSAL = phraseSet(lexicon.causalPhrases);
const ATTRIBUTION = phraseSet(lexicon.attributionPhrases);
const POLICY = phraseSet(lexicon.policyNouns);
const THIRD_PARTY = new Set(lexicon.thirdPartySubjects);
const FIRST_SINGULAR = new Set(lexicon.firstPersonSingular);
const FIRST_PLURAL = new Set(lexicon.firstPersonPlural);
const SECOND_PERSON = new Set(lexicon.secondPerson);
const OPINION_VERBS = phraseSet(lexicon.opinionVerbs);
const OPINION_WORDS = new Set(lexicon.opinionWords);
const FUTURE = phraseSet(lexicon.futureMarkers);
const OBLIGATION = phraseSet(lexicon.obligationMarkers);
const COURTESY = phraseSet(lexicon.courtesyWords);
const IMPERATIVE_STARTS = new Set(lexicon.imperativeStarts);
const PAST_IRREGULAR = new Set(lexicon.pastIrregular);
const NOT_PAST_ED = new Set(lexicon.notPastEd);
const PERFECT_AUX = new Set(['has', 'have', 'had', "'ve", "i've", "we've", "they've", "you've", "he's", "she's", "it's"]);
const NEGATIONS = new Set(['not', 'no', 'never', 'nothing', 'nobody', 'none', 'neither', 'nor']);

// ---------------------------------------------------------------------------------------------
// Tokens

interface Token {
  /** Lower-cased, curly apostrophes made straight. */
  lower: string;
  start: number;
  end: number;
  capitalized: boolean;
  isNumber: boolean;
}

// Words keep inner apostrophes, hyphens, periods and commas between digits ("1,500", "don't", "U.S");
// "$", "%", "?" and quote marks are tokens of their own. Every alternative consumes at least one
// character and has no nested quantifiers that could backtrack.
const TOKEN_RE = /[\p{L}\p{N}]+(?:['’.,\-/:][\p{L}\p{N}]+)*%?|[$€£%?!"“”]/gu;

function tokenize(sentence: string): Token[] {
  const tokens: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(sentence))) {
    const raw = m[0];
    const first = raw.charCodeAt(0);
    tokens.push({
      lower: raw.toLowerCase().replace(/’/g, "'"),
      start: m.index,
      end: m.index + raw.length,
      capitalized: raw[0] !== raw[0].toLowerCase(),
      isNumber: first >= 48 && first <= 57,
    });
  }
  return tokens;
}

/** Number of places where a word or phrase of the set starts. */
function countMatches(words: string[], set: PhraseSet): number {
  let n = 0;
  for (let i = 0; i < words.length; i++) if (matchesAt(words, i, set)) n++;
  return n;
}

function matchesAt(words: string[], i: number, set: PhraseSet): boolean {
  const w = words[i];
  if (set.words.has(w)) return true;
  const rests = set.phrases.get(w);
  if (!rests) return false;
  for (const rest of rests) {
    let k = 0;
    while (k < rest.length && words[i + 1 + k] === rest[k]) k++;
    if (k === rest.length) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Features

export const CLAIM_FEATURES = [
  'number', 'numberWord', 'magnitude', 'percentOrMoney', 'currency', 'year', 'dateCue',
  'comparative', 'than', 'superlative', 'change', 'record', 'causal', 'attribution', 'policy',
  'properNoun', 'acronym', 'pastTense', 'perfect', 'thirdPartyPast', 'firstPersonPast',
  'firstSingular', 'firstPlural', 'secondPerson', 'opinionClause', 'opinionWords', 'future',
  'firstPersonFuture', 'obligation', 'courtesy', 'question', 'imperative', 'short', 'length',
  'negation', 'quoteMarks', 'exclamation',
] as const;

export type ClaimFeature = (typeof CLAIM_FEATURES)[number];
export type ClaimFeatures = Record<ClaimFeature, number>;

const YEAR_RE = /^(?:1[6-9]\d\d|20\d\d)s?$|^'\d0s$/;

/** The feature values of one sentence or clause (counts are capped so no cue dominates). */
export function claimFeatures(sentence: string): ClaimFeatures {
  const tokens = tokenize(sentence.length > MAX_SCORED_CHARS ? sentence.slice(0, MAX_SCORED_CHARS) : sentence);
  const words = tokens.map((t) => t.lower);
  const f = Object.fromEntries(CLAIM_FEATURES.map((k) => [k, 0])) as ClaimFeatures;
  let wordCount = 0;
  let numbers = 0;
  let past = 0;
  let proper = 0;
  let firstWordIndex = -1;
  const isPastAt: boolean[] = new Array(tokens.length).fill(false);

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const w = t.lower;
    const isWord = /[\p{L}\p{N}]/u.test(w[0]);
    if (!isWord) {
      if (w === '$' || w === '€' || w === '£' || w === '%') f.percentOrMoney = 1;
      else if (w === '?') f.question = 1;
      else if (w === '!') f.exclamation = 1;
      else f.quoteMarks = 1;
      continue;
    }
    wordCount++;
    if (firstWordIndex < 0) firstWordIndex = i;
    if (t.isNumber) {
      if (YEAR_RE.test(w) && !words[i - 1]?.startsWith('$')) f.year = 1;
      else numbers++;
      if (w.endsWith('%')) f.percentOrMoney = 1;
      if (/^\d+(?:st|nd|rd|th)$/.test(w)) f.dateCue = 1;
    } else if (YEAR_RE.test(w)) f.year = 1;
    if (t.capitalized && !t.isNumber) {
      if (MONTHS.has(w) && (w !== 'may' && w !== 'march' || /^\d/.test(words[i + 1] ?? '') || /^\d/.test(words[i - 1] ?? ''))) f.dateCue = 1;
      else if (DAYS.has(w)) f.dateCue = 1;
      // A capitalized word inside the sentence is a cheap proper-noun cue ("I" and the opening word are not).
      if (i !== firstWordIndex && !FIRST_SINGULAR.has(w) && !(tokens[i - 1] && /^["“]$/.test(tokens[i - 1].lower))) {
        if (t.end - t.start >= 2 && sentence.slice(t.start, t.end) === sentence.slice(t.start, t.end).toUpperCase() && /\p{L}/u.test(w)) f.acronym = 1;
        else proper++;
      }
    } else if (w === 'yesterday') f.dateCue = 1;
    if ((w.endsWith('ed') && w.length > 4 && !NOT_PAST_ED.has(w)) || PAST_IRREGULAR.has(w)) {
      isPastAt[i] = true;
      past++;
    }
    if (w.endsWith("n't") || NEGATIONS.has(w)) f.negation = 1;
    if (w === 'than') f.than = 1;
  }

  f.number = Math.min(numbers, 2);
  f.numberWord = Math.min(countMatches(words, NUMBER_WORDS), 2);
  f.magnitude = Math.min(countMatches(words, MAGNITUDE), 2);
  f.currency = Math.min(countMatches(words, CURRENCY), 2);
  if (countMatches(words, TIME) > 0) f.dateCue = 1;
  f.comparative = Math.min(countMatches(words, COMPARATIVES), 2);
  f.superlative = Math.min(countMatches(words, SUPERLATIVES), 2);
  f.change = Math.min(countMatches(words, CHANGE), 2);
  f.record = Math.min(countMatches(words, RECORD), 2);
  f.causal = Math.min(countMatches(words, CAUSAL), 1);
  f.attribution = Math.min(countMatches(words, ATTRIBUTION), 2);
  f.policy = Math.min(countMatches(words, POLICY), 3);
  f.properNoun = Math.min(proper, 3);
  f.pastTense = Math.min(past, 3);
  f.opinionWords = Math.min(countMatches(words, { words: OPINION_WORDS, phrases: new Map() }), 2);
  f.future = Math.min(countMatches(words, FUTURE), 2);
  f.obligation = Math.min(countMatches(words, OBLIGATION), 2);
  f.courtesy = Math.min(countMatches(words, COURTESY), 1);

  let firstSingular = 0;
  let firstPlural = 0;
  let secondPerson = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const isFirstSingular = FIRST_SINGULAR.has(w);
    const isFirstPlural = FIRST_PLURAL.has(w);
    if (isFirstSingular) firstSingular++;
    if (isFirstPlural) firstPlural++;
    if (SECOND_PERSON.has(w)) secondPerson++;
    const isSubject = isFirstSingular || isFirstPlural;
    // "I think", "I don't believe", "we'd like": an opinion about to follow.
    if (isFirstSingular || w === 'we') {
      for (let k = i + 1; k <= i + 3 && k < words.length; k++) {
        if (matchesAt(words, k, OPINION_VERBS)) { f.opinionClause = 1; break; }
      }
    }
    if (isSubject) {
      if (w.endsWith("'ll") || w.endsWith("'d")) f.firstPersonFuture = 1;
      for (let k = i + 1; k <= i + 3 && k < words.length; k++) {
        if (matchesAt(words, k, FUTURE)) { f.firstPersonFuture = 1; break; }
        if (isPastAt[k]) { f.firstPersonPast = 1; break; }
      }
    }
    if (THIRD_PARTY.has(w) || (tokens[i].capitalized && i > 0 && !isSubject)) {
      for (let k = i + 1; k <= i + 3 && k < words.length; k++) {
        if (isPastAt[k] || RECORD.words.has(words[k])) { f.thirdPartyPast = 1; break; }
      }
    }
    if (PERFECT_AUX.has(w)) {
      for (let k = i + 1; k <= i + 3 && k < words.length; k++) {
        if (isPastAt[k]) { f.perfect = 1; break; }
      }
    }
  }
  f.firstSingular = Math.min(firstSingular, 3);
  f.firstPlural = Math.min(firstPlural, 3);
  f.secondPerson = Math.min(secondPerson, 3);
  f.imperative = firstWordIndex >= 0 && IMPERATIVE_STARTS.has(words[firstWordIndex]) ? 1 : 0;
  f.short = wordCount <= 5 ? 1 : 0;
  f.length = Math.log1p(wordCount) / Math.log(40);
  return f;
}

// ---------------------------------------------------------------------------------------------
// Model: fitted feature weights (logit scale). Positive weights push toward check-worthy.

const BIAS = -2.53;
const WEIGHTS: ClaimFeatures = {
  number: 1.54,
  numberWord: 0.95,
  magnitude: 1.09,
  percentOrMoney: 1.18,
  currency: 0.05,
  year: 1.20,
  dateCue: 0.38,
  comparative: 0.48,
  than: 0.58,
  superlative: 0.42,
  change: 0.54,
  record: 1.07,
  causal: 0.18,
  attribution: 1.03,
  policy: 0.47,
  properNoun: 0.31,
  acronym: 0.78,
  pastTense: 0.41,
  perfect: -0.10,
  thirdPartyPast: 0.38,
  firstPersonPast: 0.32,
  firstSingular: -0.57,
  firstPlural: -0.02,
  secondPerson: -0.15,
  opinionClause: -0.63,
  opinionWords: -0.60,
  future: -0.58,
  firstPersonFuture: -0.55,
  obligation: -0.96,
  courtesy: -1.09,
  question: -1.64,
  imperative: -0.33,
  short: -0.11,
  length: 0.47,
  negation: 0.00,
  quoteMarks: -0.61,
  exclamation: 0.00,
};

/** Check-worthiness of one sentence or clause, in [0, 1]. */
export function scoreClaim(sentence: string): number {
  return logistic(linear(claimFeatures(sentence)));
}

function linear(f: ClaimFeatures): number {
  let z = BIAS;
  for (const k of CLAIM_FEATURES) z += WEIGHTS[k] * f[k];
  return z;
}

function logistic(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function reasonsFor(f: ClaimFeatures): ClaimReason[] {
  const reasons: ClaimReason[] = [];
  if (f.number || f.percentOrMoney || f.magnitude || f.numberWord) reasons.push('statistic');
  if (f.year || f.dateCue) reasons.push('date');
  if (f.comparative || f.than || f.superlative) reasons.push('comparison');
  if (f.causal) reasons.push('causal');
  if (f.attribution) reasons.push('attributed');
  if (f.properNoun || f.acronym) reasons.push('entity-fact');
  return reasons;
}

// ---------------------------------------------------------------------------------------------
// Detector

export function detectClaims(text: string, structure: TextStructure, context: ClaimContext, threshold: number): Claim[] {
  const claims: Claim[] = [];
  const contextIndex = indexContext(context);
  for (const sentence of structure.sentences) {
    if (sentence.start < 0 || sentence.end > text.length || sentence.end <= sentence.start) continue;
    const body = text.slice(sentence.start, sentence.end);
    const features = claimFeatures(body);
    const score = logistic(linear(features));
    if (!(score >= threshold)) continue;
    const contextReasons = reasonsFromContext(sentence, contextIndex);
    // A sentence of several statements ("...; ...") is reported clause by clause when clauses stand alone.
    const clauses = splitClauses(body).filter((c) => c.end - c.start < body.length);
    const parts: Claim[] = [];
    for (const clause of clauses) {
      const clauseFeatures = claimFeatures(body.slice(clause.start, clause.end));
      const clauseScore = logistic(linear(clauseFeatures));
      if (clauseScore < threshold) continue;
      const span = { start: sentence.start + clause.start, end: sentence.start + clause.end };
      parts.push({ ...span, score: round(clauseScore), reasons: mergeReasons(reasonsFor(clauseFeatures), reasonsFromContext(span, contextIndex)) });
    }
    if (parts.length) claims.push(...parts);
    else claims.push({ start: sentence.start, end: sentence.end, score: round(score), reasons: mergeReasons(reasonsFor(features), contextReasons) });
  }
  return claims;
}

/** Clauses split at semicolons and dashes between statements; spans relative to the sentence. */
function splitClauses(body: string): Span[] {
  const spans: Span[] = [];
  const re = /;\s+|\s+(?:--|—|–)\s+/g;
  let from = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body))) {
    pushTrimmed(body, from, m.index, spans);
    from = m.index + m[0].length;
  }
  if (spans.length) pushTrimmed(body, from, body.length, spans);
  return spans;
}

function pushTrimmed(body: string, start: number, end: number, out: Span[]): void {
  while (start < end && /\s/.test(body[start])) start++;
  while (end > start && /\s/.test(body[end - 1])) end--;
  if (end > start) out.push({ start, end });
}

interface ContextIndex {
  /** Spans of attributed quotes, sorted by start. */
  attributed: Span[];
  /** Spans of entity mentions, sorted by start. */
  mentions: Span[];
  /** Longest span of each list, so a binary search can find every span overlapping a range. */
  longestAttributed: number;
  longestMention: number;
}

function indexContext(context: ClaimContext): ContextIndex {
  const byStart = (a: Span, b: Span): number => a.start - b.start;
  const attributed = context.quotes.filter((q) => q.speaker || q.cue).map((q) => ({ start: q.start, end: q.end })).sort(byStart);
  const mentions = context.entities.flatMap((e) => e.mentions.map((m) => ({ start: m.start, end: m.end }))).sort(byStart);
  const longest = (spans: Span[]): number => spans.reduce((n, s) => Math.max(n, s.end - s.start), 0);
  return { attributed, mentions, longestAttributed: longest(attributed), longestMention: longest(mentions) };
}

/** Whether any span (sorted by start, none longer than `longest`) overlaps the range. */
function anyOverlap(spans: Span[], longest: number, range: Span): boolean {
  // First span that could still reach into the range starts at or after range.start - longest.
  let lo = 0;
  let hi = spans.length;
  const from = range.start - longest;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].start < from) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < spans.length && spans[i].start < range.end; i++) {
    if (spans[i].end > range.start) return true;
  }
  return false;
}

function reasonsFromContext(span: Span, index: ContextIndex): ClaimReason[] {
  const reasons: ClaimReason[] = [];
  if (anyOverlap(index.attributed, index.longestAttributed, span)) reasons.push('attributed');
  if (anyOverlap(index.mentions, index.longestMention, span)) reasons.push('entity-fact');
  return reasons;
}

const REASON_ORDER: ClaimReason[] = ['statistic', 'date', 'comparison', 'causal', 'attributed', 'entity-fact'];

function mergeReasons(a: ClaimReason[], b: ClaimReason[]): ClaimReason[] {
  const set = new Set([...a, ...b]);
  return REASON_ORDER.filter((r) => set.has(r));
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
