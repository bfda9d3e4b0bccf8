// Check-worthy claims: a logistic-regression model. Each sentence (or clause) is described by a few
// dozen hand-designed features (numbers, dates, comparisons, causal and attribution cues, past-tense
// record verbs; and against: questions, first-person opinion, promises, courtesies, imperatives; the
// word lists are hand-written, lexicons/claims.json) and by its words and word pairs, hashed into
// buckets. The weights of both were fitted on debate sentences labelled for check-worthiness
// (models/claims.json, written by `npm run train -- claims`); the score is the logistic of their sum.
// A claim explains itself by the features that pushed its score up most (`why`).
import lexicon from './lexicons/claims.json';
import { readClaimModel } from './claims-weights';
import { hashPair, hashString, unpackWeights } from './linear-model';
import type { Claim, ClaimReason, Entity, Hedge, Quote, Span, TextStructure } from './types';
import { ASCII_WORD_CODES, foldWord, isWhiteSpaceCode, isWordCode, partitionPoint } from './text';
import { FORM_HASH_PRIME, FORM_HASH_SEED, FormTable, formKey } from './word-forms';
import { wordList } from './word-lists';

/** What other detectors found; claims use quotes and entities only to name reasons (hedged claims still need checking). */
export interface ClaimContext {
  entities: Entity[];
  quotes: Quote[];
  hedges: Hedge[];
}

/** Sentences longer than this are scored on their first part only (keeps every call cheap). */
const MAX_SCORED_CHARS = 2000;

// ---------------------------------------------------------------------------------------------
// Lexicons: every cue list of lexicons/claims.json becomes one bit, and all lists are merged into
// one map from a word to the bits of the lists holding it (and one for phrases, keyed by their first
// word), so each token costs a single lookup whatever the number of lists.

const CUE_LISTS = {
  numberWord: lexicon.numberWords,
  magnitude: lexicon.magnitudeWords,
  currency: lexicon.currencyWords,
  calendar: lexicon.calendarWords,
  time: [...lexicon.timePhrases, ...lexicon.timeWords],
  present: lexicon.presentMarkers,
  comparative: lexicon.comparatives,
  superlative: lexicon.superlatives,
  change: lexicon.changeVerbs,
  record: lexicon.recordVerbs,
  causal: lexicon.causalPhrases,
  speech: wordList('speechVerbs.claimAttribution'),
  evidence: lexicon.evidencePhrases,
  policy: lexicon.policyNouns,
  thirdParty: lexicon.thirdPartySubjects,
  firstSingular: lexicon.firstPersonSingular,
  firstPlural: lexicon.firstPersonPlural,
  secondPerson: lexicon.secondPerson,
  opinionVerb: lexicon.opinionVerbs,
  opinionWord: lexicon.opinionWords,
  future: lexicon.futureMarkers,
  obligation: lexicon.obligationMarkers,
  conditional: lexicon.conditionalMarkers,
  plan: lexicon.planPhrases,
  generic: lexicon.genericSubjects,
  courtesy: lexicon.courtesyWords,
  imperativeStart: lexicon.imperativeStarts,
  pastIrregular: lexicon.pastIrregular,
  notPastEd: lexicon.notPastEd,
  perfectAux: ['has', 'have', 'had', "i've", "we've", "they've", "you've", "he's", "she's", "it's"],
  negation: ['not', 'no', 'never', 'nothing', 'nobody', 'none', 'neither', 'nor'],
} satisfies Record<string, readonly string[]>;

type Cue = keyof typeof CUE_LISTS;
const CUES = Object.keys(CUE_LISTS) as Cue[];
// Written out as literals (not computed) so the hot loop reads them as constants.
/** The bit of each cue list, in the order of CUE_LISTS. */
const BIT = {
  numberWord: 1 << 0,
  magnitude: 1 << 1,
  currency: 1 << 2,
  calendar: 1 << 3,
  time: 1 << 4,
  present: 1 << 5,
  comparative: 1 << 6,
  superlative: 1 << 7,
  change: 1 << 8,
  record: 1 << 9,
  causal: 1 << 10,
  speech: 1 << 11,
  evidence: 1 << 12,
  policy: 1 << 13,
  thirdParty: 1 << 14,
  firstSingular: 1 << 15,
  firstPlural: 1 << 16,
  secondPerson: 1 << 17,
  opinionVerb: 1 << 18,
  opinionWord: 1 << 19,
  future: 1 << 20,
  obligation: 1 << 21,
  conditional: 1 << 22,
  plan: 1 << 23,
  generic: 1 << 24,
  courtesy: 1 << 25,
  imperativeStart: 1 << 26,
  pastIrregular: 1 << 27,
  notPastEd: 1 << 28,
  perfectAux: 1 << 29,
  negation: 1 << 30,
} as const satisfies Record<Cue, number>;
/** Position of each cue list in CUE_LISTS (its bit number). */
const CUE_INDEX = {
  numberWord: 0,
  magnitude: 1,
  currency: 2,
  calendar: 3,
  time: 4,
  present: 5,
  comparative: 6,
  superlative: 7,
  change: 8,
  record: 9,
  causal: 10,
  speech: 11,
  evidence: 12,
  policy: 13,
  thirdParty: 14,
  firstSingular: 15,
  firstPlural: 16,
  secondPerson: 17,
  opinionVerb: 18,
  opinionWord: 19,
  future: 20,
  obligation: 21,
  conditional: 22,
  plan: 23,
  generic: 24,
  courtesy: 25,
  imperativeStart: 26,
  pastIrregular: 27,
  notPastEd: 28,
  perfectAux: 29,
  negation: 30,
} as const satisfies Record<Cue, number>;
if (CUES.some((c, i) => BIT[c] !== 1 << i || CUE_INDEX[c] !== i)) throw new Error('claims: cue bits out of order');

interface Phrase {
  rest: string[];
  bits: number;
}

const WORD_BITS = new Map<string, number>();
const PHRASES = new Map<string, Phrase[]>();
for (const cue of CUES) {
  for (const entry of CUE_LISTS[cue]) {
    const parts = entry.toLowerCase().split(/\s+/).filter(Boolean);
    if (parts.length === 1) WORD_BITS.set(parts[0], (WORD_BITS.get(parts[0]) ?? 0) | BIT[cue]);
    else if (parts.length > 1) {
      const list = PHRASES.get(parts[0]) ?? [];
      list.push({ rest: parts.slice(1), bits: BIT[cue] });
      PHRASES.set(parts[0], list);
    }
  }
}

/** Each word's bits and the phrases it starts, in one entry: one lookup per token. */
interface WordCues {
  bits: number;
  phrases: Phrase[] | undefined;
}
const WORD_CUES = new Map<string, WordCues>();
for (const [w, b] of WORD_BITS) WORD_CUES.set(w, { bits: b, phrases: PHRASES.get(w) });
for (const [w, phrases] of PHRASES) if (!WORD_CUES.has(w)) WORD_CUES.set(w, { bits: 0, phrases });
/** The second words of the phrases: a phrase can match only if the next word is one of them. */
const PHRASE_SECOND_WORDS = new Set<string>();
for (const phrases of PHRASES.values()) for (const phrase of phrases) PHRASE_SECOND_WORDS.add(phrase.rest[0]);

/** Adds to a word's own bits those of the phrases it starts at token i that the following words complete. */
function phraseBitsAt(words: string[], n: number, i: number, bits: number, phrases: Phrase[]): number {
  for (const phrase of phrases) {
    if (bits & phrase.bits) continue;
    let k = 0;
    while (k < phrase.rest.length && i + 1 + k < n && words[i + 1 + k] === phrase.rest[k]) k++;
    if (k === phrase.rest.length) bits |= phrase.bits;
  }
  return bits;
}

// ---------------------------------------------------------------------------------------------
// Tokens

// Words keep inner apostrophes, hyphens, periods, commas, slashes and colons between letters or digits
// ("1,500", "don't", "U.S", "9/11") and a trailing "%"; "$", "€", "£", "%", "?", "!" and quote marks
// are tokens of their own; everything else separates. A hand-written scanner: several times faster
// than a Unicode-property regex, and plainly linear.

/** ' ’ . , - / : */
function isInnerSeparator(c: number): boolean {
  return c === 39 || c === 0x2019 || c === 46 || c === 44 || c === 45 || c === 47 || c === 58;
}

/** $ € £ % ? ! " “ ” */
function isSymbol(c: number): boolean {
  return c === 36 || c === 0x20ac || c === 0xa3 || c === 37 || c === 63 || c === 33 || c === 34 || c === 0x201c || c === 0x201d;
}

/** Tokens of the sentence being scored, in parallel arrays reused between calls (no allocation per token); entries past the count are stale. */
const tokenWords: string[] = [];
/** Each token's form in `forms`: what the scorer needs of a word is worked out once per form (see describeForm). */
const tokenForms: number[] = [];
const tokenStarts: number[] = [];
const tokenEnds: number[] = [];

/** Whether the text last tokenized holds a character of a clause break (see CLAUSE_BREAK_HINT). */
let sawClauseBreak = false;

/** Tokenizes text[from, length): offsets stay those of `text` (no slice: scanning the original string is faster). */
function tokenize(text: string, from: number, length: number): number {
  // Between sentences no form id is held: the table may start over.
  if (forms.size >= MAX_FORMS) forms.clear();
  sawClauseBreak = false;
  let n = 0;
  let i = from;
  while (i < length) {
    const c = text.charCodeAt(i);
    let end = i + 1;
    // What the form's key is made of (see formKey), accumulated while scanning: its hash, its
    // characters packed, and all its codes OR-ed (ASCII if below 128).
    let h = Math.imul(FORM_HASH_SEED ^ c, FORM_HASH_PRIME);
    let packed = c;
    let codes = c;
    if (isWordCode(c)) {
      for (;;) {
        while (end < length) {
          const d = text.charCodeAt(end);
          if (d < 128 ? ASCII_WORD_CODES[d] === 0 : !isWordCode(d)) break;
          h = Math.imul(h ^ d, FORM_HASH_PRIME);
          packed = (packed << 7) | d;
          codes |= d;
          end++;
        }
        const sep = text.charCodeAt(end);
        if (end + 1 < length && isInnerSeparator(sep) && isWordCode(text.charCodeAt(end + 1))) {
          const d = text.charCodeAt(end + 1);
          h = Math.imul(Math.imul(h ^ sep, FORM_HASH_PRIME) ^ d, FORM_HASH_PRIME);
          packed = (((packed << 7) | sep) << 7) | d;
          codes |= sep | d;
          end += 2;
        } else break;
      }
      if (end < length && text.charCodeAt(end) === 37) {
        // "%"
        h = Math.imul(h ^ 37, FORM_HASH_PRIME);
        packed = (packed << 7) | 37;
        end++;
      }
    } else if (!isSymbol(c)) {
      // What CLAUSE_BREAK_HINT looks for: ";", "—", "–" and "--" (never inside a token).
      if (c === 59 || c === 0x2014 || c === 0x2013 || (c === 45 && i + 1 < length && text.charCodeAt(i + 1) === 45)) sawClauseBreak = true;
      i++;
      continue;
    }
    const key = formKey(h, packed, end - i, codes < 128);
    let form = forms.find(text, i, end, key);
    if (form < 0) {
      form = forms.add(text, i, end, key);
      describeForm(form);
    }
    tokenWords[n] = formWords[form];
    tokenForms[n] = form;
    tokenStarts[n] = i;
    tokenEnds[n] = end;
    n++;
    i = end;
  }
  // No truncation (it would shrink the arrays' storage only to grow it again): readers stop at n.
  return n;
}

// ---------------------------------------------------------------------------------------------
// Word forms: what the features read of a word that does not depend on its neighbours, worked out the
// first time the form (its characters as written) is seen, then looked up by the form's id.

/** The forms seen; cleared when it holds this many (an article has a few thousand). */
const MAX_FORMS = 100_000;
const forms = new FormTable();

/** What a form is, as bits of formFlags. */
const FORM = {
  /** A one-character token of its own: "$", "%", "?", quote marks (see isSymbol). */
  symbol: 1 << 0,
  /** "$", "€", "£" or "%" alone. */
  money: 1 << 1,
  question: 1 << 2,
  exclamation: 1 << 3,
  /** An opening quote mark (" or “): the capital after it opens a quote, not a name. */
  openQuote: 1 << 4,
  dollar: 1 << 5,
  /** A word starting with a digit. */
  digit: 1 << 6,
  /** A digit word shaped like a year ("1999", "2020s"). */
  yearLike: 1 << 7,
  /** A word ending in "%". */
  percent: 1 << 8,
  /** An ordinal ("3rd", "21st"). */
  ordinal: 1 << 9,
  /** A decade written with an apostrophe ("'90s"). */
  apostropheYear: 1 << 10,
  /** Written with a capital first letter (the folded form's first letter differs). */
  capitalized: 1 << 11,
  /** Two characters or more, all capitals ("NATO", "U.S"). */
  upperCase: 1 << 12,
  /** Longer than four letters and ending in "-ed". */
  edEnding: 1 << 13,
  /** Ending in "n't". */
  ntEnding: 1 << 14,
  /** Ending in "'ll" or "'d" ("we'll", "I'd"). */
  willEnding: 1 << 15,
  /** A hyphenated word with a number word in it ("twenty-five"). */
  hyphenatedNumber: 1 << 16,
  may: 1 << 17,
  march: 1 << 18,
  than: 1 << 19,
  we: 1 << 20,
  yesterday: 1 << 21,
  /** The second word of a cue phrase (PHRASE_SECOND_WORDS). */
  phraseSecond: 1 << 22,
  /** A lower-case word in no cue list, starting no phrase, of no shape the features read: it only counts as a word. */
  plain: 1 << 23,
} as const;

/** The form bits that make a word more than a word to featureVector's first loop. */
const NOT_PLAIN =
  FORM.symbol |
  FORM.digit |
  FORM.capitalized |
  FORM.apostropheYear |
  FORM.yesterday |
  FORM.edEnding |
  FORM.ntEnding |
  FORM.than |
  FORM.hyphenatedNumber |
  FORM.may;

/** The cue bits and form bits of a word the subject-verb patterns of featureVector start from. */
const SUBJECT_BITS = BIT.firstSingular | BIT.firstPlural | BIT.secondPerson | BIT.thirdParty | BIT.perfectAux;
const SUBJECT_FORMS = FORM.we | FORM.capitalized;

/** Per form id: its folded spelling (lower case, straight apostrophes), FORM bits, cue bits, the phrases it starts, its weights hash (0: none). */
const formWords: string[] = [];
let formFlags = new Int32Array(1024);
let formBits = new Int32Array(1024);
let formHashes = new Int32Array(1024);
/** Per form id: the model's weight of the form as a one-word feature, NaN until first read (formGramWeight). */
let formGramWeights = new Float64Array(1024);
const formPhrases: (Phrase[] | undefined)[] = [];
/** Per form id: the form in quotes, as a reason names a word (see gramWords); made on first use. */
const formQuoted: (string | undefined)[] = [];

/** Works out what the features need of the form with this id. */
function describeForm(id: number): void {
  if (id >= formFlags.length) {
    formFlags = grown(formFlags);
    formBits = grown(formBits);
    formHashes = grown(formHashes);
    const weights = new Float64Array(formGramWeights.length * 2);
    weights.set(formGramWeights);
    formGramWeights = weights;
  }
  const raw = forms.form(id);
  const c0 = raw.charCodeAt(0);
  let flags = 0;
  let cueBits = 0;
  let hash = 0;
  let phrases: Phrase[] | undefined;
  let word = raw;
  if (raw.length === 1 && isSymbol(c0)) {
    // A symbol is its own lower case.
    flags = FORM.symbol;
    if (raw === '$' || raw === '€' || raw === '£' || raw === '%') flags |= FORM.money;
    else if (raw === '?') flags |= FORM.question;
    else if (raw === '!') flags |= FORM.exclamation;
    if (raw === '$') flags |= FORM.dollar;
    if (raw === '"' || raw === '“') flags |= FORM.openQuote;
    // Quote marks carry no weight of their own (in news most statements are quoted); as tokens
    // they keep phrases from matching across them and mark a quote-initial capital.
    hash = raw === '"' || raw === '“' || raw === '”' ? 0 : wordHash(raw);
  } else {
    if (needsFolding(raw)) {
      word = foldWord(raw);
      if (raw.charCodeAt(0) !== word.charCodeAt(0)) flags |= FORM.capitalized;
    }
    const w = word;
    const len = w.length;
    const c = w.charCodeAt(0);
    const last = w.charCodeAt(len - 1);
    if (c >= 48 && c <= 57) {
      flags |= FORM.digit;
      if ((len === 4 || len === 5) && YEAR_RE.test(w)) flags |= FORM.yearLike;
      if (w.endsWith('%')) flags |= FORM.percent;
      // t, d, h: -st -nd -rd -th
      if ((last === 116 || last === 100 || last === 104) && ORDINAL_RE.test(w)) flags |= FORM.ordinal;
    } else {
      // No cue list holds a numeral, so numbers have no cue bits.
      const cues = WORD_CUES.get(w);
      if (cues) {
        cueBits = cues.bits;
        phrases = cues.phrases;
      }
      hash = wordHash(w);
      if (c === 39 && YEAR_RE.test(w)) flags |= FORM.apostropheYear;
    }
    if (raw.length >= 2 && isUpperCaseWord(raw, 0, raw.length)) flags |= FORM.upperCase;
    if (len > 4 && last === 100 && w.charCodeAt(len - 2) === 101) flags |= FORM.edEnding;
    if (last === 116 && w.endsWith("n't")) flags |= FORM.ntEnding;
    if (w.endsWith("'ll") || w.endsWith("'d")) flags |= FORM.willEnding;
    // A hyphen in a word token is always an inner separator ("twenty-five").
    if (raw.includes('-')) {
      for (const part of w.split('-')) {
        if (part === 'one' || (WORD_BITS.get(part) ?? 0) & BIT.numberWord) {
          flags |= FORM.hyphenatedNumber;
          break;
        }
      }
    }
    if (w === 'may') flags |= FORM.may;
    else if (w === 'march') flags |= FORM.march;
    else if (w === 'than') flags |= FORM.than;
    else if (w === 'we') flags |= FORM.we;
    else if (w === 'yesterday') flags |= FORM.yesterday;
  }
  if (PHRASE_SECOND_WORDS.has(word)) flags |= FORM.phraseSecond;
  if ((flags & NOT_PLAIN) === 0 && cueBits === 0 && phrases === undefined) flags |= FORM.plain;
  formWords[id] = word;
  formFlags[id] = flags;
  formBits[id] = cueBits;
  formHashes[id] = hash;
  formPhrases[id] = phrases;
  formGramWeights[id] = NaN;
  formQuoted[id] = undefined;
}

function grown(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Whether folding can change the word: it holds a capital (ASCII), a non-ASCII letter or a typographic apostrophe. */
function needsFolding(raw: string): boolean {
  for (let k = 0; k < raw.length; k++) {
    const c = raw.charCodeAt(k);
    if (c >= 65 && (c <= 90 || c > 127)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Features

/**
 * Index of each feature in a feature vector (a literal, so the hot loop reads constants). The features:
 * figures (number, numberWord, magnitude, percentOrMoney, currency), time (year, dateCue), comparison
 * (comparative, than, superlative), events and records (change, record, pastTense, perfect and who did
 * it: thirdPartyPast, firstPersonPast, secondPersonPast), causal, sources (speech, evidence), topic
 * (policy), names (properNoun, acronym); and what speaks against a checkable fact: persons
 * (firstSingular, firstPlural, secondPerson, generic), opinion (opinionClause, opinionWords), promises
 * and hypotheses (future, firstPersonFuture, obligation, conditional, plan, promisedFigure), courtesy,
 * question, imperative, short, plus length, negation and exclamation.
 */
const F = {
  number: 0,
  numberWord: 1,
  magnitude: 2,
  percentOrMoney: 3,
  currency: 4,
  year: 5,
  dateCue: 6,
  presentState: 7,
  comparative: 8,
  than: 9,
  superlative: 10,
  change: 11,
  record: 12,
  causal: 13,
  speech: 14,
  evidence: 15,
  policy: 16,
  properNoun: 17,
  acronym: 18,
  pastTense: 19,
  perfect: 20,
  thirdPartyPast: 21,
  firstPersonPast: 22,
  secondPersonPast: 23,
  firstSingular: 24,
  firstPlural: 25,
  secondPerson: 26,
  generic: 27,
  opinionClause: 28,
  opinionWords: 29,
  future: 30,
  firstPersonFuture: 31,
  obligation: 32,
  conditional: 33,
  plan: 34,
  promisedFigure: 35,
  courtesy: 36,
  question: 37,
  imperative: 38,
  short: 39,
  length: 40,
  negation: 41,
  exclamation: 42,
} as const;

export type ClaimFeature = keyof typeof F;
export type ClaimFeatures = Record<ClaimFeature, number>;
export const CLAIM_FEATURES = Object.keys(F) as ClaimFeature[];
const FEATURE_COUNT = CLAIM_FEATURES.length;

const YEAR_RE = /^(?:1[6-9]\d\d|20\d\d)s?$|^'\d0s$/;
const ORDINAL_RE = /^\d+(?:st|nd|rd|th)$/;
/** The length feature is log(1 + words) / LOG_40 (1 at 39 words). */
const LOG_40 = Math.log(40);
/** The length feature by word count, worked out once per count (NaN: not yet). */
const LENGTH_BY_COUNT = new Float64Array(256).fill(NaN);

function lengthFeature(wordCount: number): number {
  if (wordCount >= LENGTH_BY_COUNT.length) return Math.log1p(wordCount) / LOG_40;
  let value = LENGTH_BY_COUNT[wordCount];
  if (value !== value) LENGTH_BY_COUNT[wordCount] = value = Math.log1p(wordCount) / LOG_40;
  return value;
}
/** How far after a subject its verb is looked for ("he has not voted"). */
const VERB_WINDOW = 3;

/** The feature values of one sentence or clause (counts are capped so no cue dominates). */
export function claimFeatures(sentence: string): ClaimFeatures {
  const vector = featureVector(sentence, 0, sentence.length);
  return Object.fromEntries(CLAIM_FEATURES.map((k, i) => [k, vector[i]])) as ClaimFeatures;
}

/** Per-token cue bits and past-tense marks, and counts per cue list: scratch space reused between calls. */
let bits = new Int32Array(256);
let past = new Uint8Array(256);
/** Per-token hash of the word as the model sees it (numbers by their kind; 0 for quote marks, which are no word). */
let tokenHash = new Int32Array(256);

// Hashed word features: each word and each pair of neighbouring words (the first word paired with the
// sentence start). Numbers are hashed by their kind, so "3.5%" and "12%" are one feature.
const HASH_START = hashString('<s>');
const HASH_NUMBER = hashString('<number>');
const HASH_YEAR = hashString('<year>');
const HASH_PERCENT = hashString('<percent>');

/** The hashed features of the last sentence or clause scored: full 32-bit hashes, and which tokens each covers. */
let gramHashes = new Int32Array(512);
/** Token index of each feature's first word (-1: the sentence start) and how many tokens it covers (1 or 2). */
let gramFirst = new Int32Array(512);
let gramLength = new Uint8Array(512);
/** The form whose weight a one-word feature is (see formGramWeight), or -1 (pairs, and numbers, hashed by their kind). */
let gramForms = new Int32Array(512);
let gramCount = 0;
/** Each hashed feature's weight as `linear` read it, and whether it did since the features were last collected. */
let gramWeights = new Float64Array(512);
let gramWeightsRead = false;

function wordHash(w: string): number {
  // 0 marks "no word"; a word hashing to 0 is moved to 1.
  return hashString(w) || 1;
}
const counts = new Int32Array(32);

/** Feature vectors of the sentence and of the clause being scored, reused between calls. */
const sentenceFeatures = new Float64Array(FEATURE_COUNT);
const clauseFeatures = new Float64Array(FEATURE_COUNT);

/** Fills `f` (a fresh vector unless given) with the features of text[start, end). */
function featureVector(text: string, start: number, end: number, f: Float64Array = new Float64Array(FEATURE_COUNT)): Float64Array {
  const limit = end - start > MAX_SCORED_CHARS ? start + MAX_SCORED_CHARS : end;
  // Loops, not fill(): for a few dozen entries a call to the built-in costs more.
  for (let k = 0; k < FEATURE_COUNT; k++) f[k] = 0;
  const n = tokenize(text, start, limit);
  const words = tokenWords;
  const forms = tokenForms;
  if (bits.length < n) {
    bits = new Int32Array(n * 2);
    past = new Uint8Array(n * 2);
    tokenHash = new Int32Array(n * 2);
  }
  for (let k = 0; k < counts.length; k++) counts[k] = 0;
  let wordCount = 0;
  let numbers = 0;
  let pastCount = 0;
  let proper = 0;
  let hyphenatedNumbers = 0;
  let firstWordIndex = -1;

  for (let i = 0; i < n; i++) {
    const form = forms[i];
    const flags = formFlags[form];
    if (flags & FORM.plain) {
      // What the rest of this loop does with a plain word.
      wordCount++;
      if (firstWordIndex < 0) firstWordIndex = i;
      bits[i] = 0;
      past[i] = 0;
      tokenHash[i] = formHashes[form];
      continue;
    }
    if (flags & FORM.symbol) {
      if (flags & FORM.money) f[F.percentOrMoney] = 1;
      else if (flags & FORM.question) f[F.question] = 1;
      else if (flags & FORM.exclamation) f[F.exclamation] = 1;
      tokenHash[i] = formHashes[form];
      bits[i] = 0;
      past[i] = 0;
      continue;
    }
    wordCount++;
    if (firstWordIndex < 0) firstWordIndex = i;
    const isDigit = (flags & FORM.digit) !== 0;
    const capitalized = (flags & FORM.capitalized) !== 0;
    let b = formBits[form];
    const phrases = formPhrases[form];
    if (phrases !== undefined && i + 1 < n && formFlags[forms[i + 1]] & FORM.phraseSecond) b = phraseBitsAt(words, n, i, b, phrases);
    // "May" inside a sentence is the month, not the modal.
    if (flags & FORM.may && capitalized && i !== firstWordIndex) b &= ~BIT.obligation;
    bits[i] = b;
    for (let rest = b; rest; rest &= rest - 1) counts[31 - Math.clz32(rest & -rest)]++;
    if (isDigit) {
      if (flags & FORM.yearLike && !(i > 0 && formFlags[forms[i - 1]] & FORM.dollar)) {
        f[F.year] = 1;
        tokenHash[i] = HASH_YEAR;
      } else {
        numbers++;
        tokenHash[i] = HASH_NUMBER;
      }
      if (flags & FORM.percent) {
        f[F.percentOrMoney] = 1;
        tokenHash[i] = HASH_PERCENT;
      }
      if (flags & FORM.ordinal) f[F.dateCue] = 1;
    } else {
      tokenHash[i] = formHashes[form];
      if (flags & FORM.apostropheYear) f[F.year] = 1;
    }
    if (capitalized && !isDigit) {
      // "May" and "March" count as months only beside a number ("March 3", "5 May").
      if (
        b & BIT.calendar &&
        (!(flags & (FORM.may | FORM.march)) || (i + 1 < n && formFlags[forms[i + 1]] & FORM.digit) || (i > 0 && formFlags[forms[i - 1]] & FORM.digit))
      )
        f[F.dateCue] = 1;
      // A capitalized word inside the sentence is a cheap proper-noun cue ("I" and the opening word are not).
      const afterQuote = i > 0 && (formFlags[forms[i - 1]] & FORM.openQuote) !== 0;
      if (i !== firstWordIndex && !(b & BIT.firstSingular) && !afterQuote) {
        if (flags & FORM.upperCase) f[F.acronym] = 1;
        else proper++;
      }
    } else if (flags & FORM.yesterday) f[F.dateCue] = 1;
    if ((flags & FORM.edEnding && !(b & BIT.notPastEd)) || b & BIT.pastIrregular) {
      past[i] = 1;
      pastCount++;
    } else past[i] = 0;
    if (b & BIT.negation || flags & FORM.ntEnding) f[F.negation] = 1;
    if (flags & FORM.than) f[F.than] = 1;
    if (flags & FORM.hyphenatedNumber) hyphenatedNumbers++;
  }

  f[F.number] = Math.min(numbers, 2);
  f[F.numberWord] = Math.min(Math.min(counts[CUE_INDEX.numberWord], 2) + hyphenatedNumbers, 2);
  f[F.magnitude] = Math.min(counts[CUE_INDEX.magnitude], 2);
  f[F.currency] = Math.min(counts[CUE_INDEX.currency], 2);
  if (counts[CUE_INDEX.time] > 0) f[F.dateCue] = 1;
  f[F.presentState] = Math.min(counts[CUE_INDEX.present], 1);
  f[F.comparative] = Math.min(counts[CUE_INDEX.comparative], 2);
  f[F.superlative] = Math.min(counts[CUE_INDEX.superlative], 2);
  f[F.change] = Math.min(counts[CUE_INDEX.change], 2);
  f[F.record] = Math.min(counts[CUE_INDEX.record], 2);
  f[F.causal] = Math.min(counts[CUE_INDEX.causal], 1);
  f[F.speech] = Math.min(counts[CUE_INDEX.speech], 2);
  f[F.evidence] = Math.min(counts[CUE_INDEX.evidence], 2);
  f[F.policy] = Math.min(counts[CUE_INDEX.policy], 3);
  f[F.properNoun] = Math.min(proper, 3);
  f[F.pastTense] = Math.min(pastCount, 3);
  f[F.opinionWords] = Math.min(counts[CUE_INDEX.opinionWord], 2);
  f[F.future] = Math.min(counts[CUE_INDEX.future], 2);
  f[F.obligation] = Math.min(counts[CUE_INDEX.obligation], 2);
  f[F.courtesy] = Math.min(counts[CUE_INDEX.courtesy], 1);
  f[F.conditional] = Math.min(counts[CUE_INDEX.conditional], 1);
  f[F.plan] = Math.min(counts[CUE_INDEX.plan], 1);
  f[F.generic] = Math.min(counts[CUE_INDEX.generic], 2);
  f[F.firstSingular] = Math.min(counts[CUE_INDEX.firstSingular], 3);
  f[F.firstPlural] = Math.min(counts[CUE_INDEX.firstPlural], 3);
  f[F.secondPerson] = Math.min(counts[CUE_INDEX.secondPerson], 3);

  // Subject-verb patterns: who did what, and is it done, planned or merely believed.
  for (let i = 0; i < n; i++) {
    const b = bits[i];
    const flags = formFlags[forms[i]];
    // Most words are no subject: nothing below applies to them.
    if ((b & SUBJECT_BITS) === 0 && (flags & SUBJECT_FORMS) === 0) continue;
    const isFirstSingular = (b & BIT.firstSingular) !== 0;
    const isFirstPerson = isFirstSingular || (b & BIT.firstPlural) !== 0;
    const last = Math.min(n - 1, i + VERB_WINDOW);
    // "I think", "I don't believe", "we'd like": an opinion about to follow.
    if (isFirstSingular || flags & FORM.we) {
      for (let k = i + 1; k <= last; k++)
        if (bits[k] & BIT.opinionVerb) {
          f[F.opinionClause] = 1;
          break;
        }
    }
    if (isFirstPerson) {
      if (flags & FORM.willEnding) f[F.firstPersonFuture] = 1;
      for (let k = i + 1; k <= last; k++) {
        if (bits[k] & BIT.future) {
          f[F.firstPersonFuture] = 1;
          break;
        }
        if (past[k]) {
          f[F.firstPersonPast] = 1;
          break;
        }
      }
    }
    if (b & BIT.secondPerson) {
      for (let k = i + 1; k <= last; k++)
        if (past[k] || bits[k] & BIT.record) {
          f[F.secondPersonPast] = 1;
          break;
        }
    }
    if (b & BIT.thirdParty || (flags & FORM.capitalized && i > 0 && !isFirstPerson)) {
      for (let k = i + 1; k <= last; k++)
        if (past[k] || bits[k] & BIT.record) {
          f[F.thirdPartyPast] = 1;
          break;
        }
    }
    if (b & BIT.perfectAux) {
      for (let k = i + 1; k <= last; k++)
        if (past[k]) {
          f[F.perfect] = 1;
          break;
        }
    }
  }
  f[F.imperative] = firstWordIndex >= 0 && bits[firstWordIndex] & BIT.imperativeStart ? 1 : 0;
  // Figures in a promise or a hypothesis ("I will spend $2 billion", "if we cut 5 percent") are not yet facts.
  const hasFigure = f[F.number] || f[F.percentOrMoney] || f[F.magnitude];
  f[F.promisedFigure] = hasFigure && (f[F.firstPersonFuture] || f[F.plan] || f[F.conditional]) ? 1 : 0;
  f[F.short] = wordCount <= 5 ? 1 : 0;
  f[F.length] = lengthFeature(wordCount);
  collectGrams(n);
  return f;
}

/** Fills the hashed features from the token hashes of the n tokens just read. */
function collectGrams(n: number): void {
  if (gramHashes.length < 2 * n) {
    gramHashes = new Int32Array(4 * n);
    gramFirst = new Int32Array(4 * n);
    gramLength = new Uint8Array(4 * n);
    gramForms = new Int32Array(4 * n);
    gramWeights = new Float64Array(4 * n);
  }
  gramWeightsRead = false;
  let g = 0;
  let previous = HASH_START;
  let previousIndex = -1;
  for (let i = 0; i < n; i++) {
    const h = tokenHash[i];
    if (h === 0) continue;
    const form = tokenForms[i];
    gramHashes[g] = h;
    gramFirst[g] = i;
    gramLength[g] = 1;
    gramForms[g] = formFlags[form] & FORM.digit ? -1 : form;
    g++;
    gramHashes[g] = hashPair(previous, h);
    gramFirst[g] = previousIndex;
    gramLength[g] = 2;
    gramForms[g] = -1;
    g++;
    previous = h;
    previousIndex = i;
  }
  gramCount = g;
}

/** Whether the word is written in capitals and has at least one letter ("NATO", "U.S"). */
function isUpperCaseWord(text: string, start: number, end: number): boolean {
  // ASCII words (most): case changes only A-Z and a-z, so read the char codes instead of converting.
  let lower = false;
  let upper = false;
  let ascii = true;
  for (let k = start; k < end && ascii; k++) {
    const c = text.charCodeAt(k);
    if (c >= 128) ascii = false;
    else if (c >= 97 && c <= 122) lower = true;
    else if (c >= 65 && c <= 90) upper = true;
  }
  if (ascii) return !lower && upper;
  const word = text.slice(start, end);
  return word === word.toUpperCase() && word !== word.toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Model: weights on the logit scale (positive pushes toward check-worthy), fitted by `npm run train --
// claims` (scripts/train/claims.mjs: L2-regularized logistic regression on the ClaimBuster debate
// sentences; see README "Learned detectors"). One weight per hand-designed feature and one per hashed
// word or word pair.

/** The model as the scorer uses it: the hand-designed features' weights in CLAIM_FEATURES order, and the hashed table. */
interface LoadedClaimModel {
  threshold: number;
  bias: number;
  weights: Float64Array;
  gramMask: number;
  /** The hashed weights, a dense table indexed by bucket. */
  grams: Float32Array;
}

/** Read from models/claims.json on first use (claims-weights.ts), then kept. */
let loaded: LoadedClaimModel | undefined;

function claimModel(): LoadedClaimModel {
  if (loaded) return loaded;
  const file = readClaimModel();
  for (const k of CLAIM_FEATURES) {
    if (typeof file.dense[k] !== 'number') throw new Error(`models/claims.json: no weight for the feature "${k}"`);
  }
  loaded = {
    threshold: file.threshold,
    bias: file.bias,
    weights: Float64Array.from(CLAIM_FEATURES, (k) => file.dense[k]),
    gramMask: (1 << file.grams.bits) - 1,
    grams: unpackWeights(file.grams),
  };
  return loaded;
}

/** The threshold the shipped model was selected with (types.ts DEFAULT_CLAIM_THRESHOLD equals it; a test checks). */
export function modelClaimThreshold(): number {
  return claimModel().threshold;
}

/** Check-worthiness of one sentence or clause, in [0, 1]. */
export function scoreClaim(sentence: string): number {
  return logistic(linear(featureVector(sentence, 0, sentence.length)));
}

/**
 * What the model reads in a sentence, for training: the hand-designed feature values (in the order of
 * CLAIM_FEATURES) and the full 32-bit hashes of its words and word pairs (the model keeps the low bits).
 */
export function claimTrainingFeatures(sentence: string): { dense: number[]; hashes: number[] } {
  const f = featureVector(sentence, 0, sentence.length);
  return { dense: Array.from(f), hashes: Array.from(gramHashes.subarray(0, gramCount)) };
}

/** The score's logit for the features just computed (the hashed ones are those of the same call). */
function linear(f: Float64Array): number {
  const { bias, weights, grams: table, gramMask } = claimModel();
  let z = bias;
  for (let i = 0; i < FEATURE_COUNT; i++) z += weights[i] * f[i];
  for (let g = 0; g < gramCount; g++) {
    const form = gramForms[g];
    const w = form >= 0 ? formGramWeight(form, table, gramMask) : table[gramHashes[g] & gramMask];
    gramWeights[g] = w;
    z += w;
  }
  gramWeightsRead = true;
  return z;
}

/**
 * The hashed weight of a word form (its one-word feature), read from the table once per form: the
 * table is large (a random read from it is slow) and most words recur. The same value as the table's.
 */
function formGramWeight(form: number, table: Float32Array, gramMask: number): number {
  let w = formGramWeights[form];
  if (w !== w) formGramWeights[form] = w = table[formHashes[form] & gramMask]; // NaN: not read yet
  return w;
}

function logistic(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** How each hand-designed feature reads in a hover. */
const FEATURE_WORDS: Record<ClaimFeature, string> = {
  number: 'a number',
  numberWord: 'a number in words',
  magnitude: 'a quantity word (percent, million, rate)',
  percentOrMoney: 'a percentage or sum of money',
  currency: 'a currency',
  year: 'a year',
  dateCue: 'a date',
  presentState: 'a present state of affairs',
  comparative: 'a comparison',
  than: 'a comparison (“than”)',
  superlative: 'a superlative',
  change: 'a rise or fall',
  record: 'a record of what was done',
  causal: 'cause and effect',
  speech: 'a named source (said, told)',
  evidence: 'evidence cited (data, report)',
  policy: 'a policy subject',
  properNoun: 'a name',
  acronym: 'an acronym (organization)',
  pastTense: 'past events',
  perfect: 'a completed action',
  thirdPartyPast: 'what someone did',
  firstPersonPast: 'what the speaker did',
  secondPersonPast: 'what the listener did',
  firstSingular: 'first person',
  firstPlural: 'first person plural',
  secondPerson: 'second person',
  generic: 'a generic subject',
  opinionClause: 'an opinion',
  opinionWords: 'opinion words',
  future: 'the future',
  firstPersonFuture: 'a promise',
  obligation: 'an obligation',
  conditional: 'a condition',
  plan: 'a plan',
  promisedFigure: 'a promised figure',
  courtesy: 'courtesy',
  question: 'a question',
  imperative: 'an imperative',
  short: 'shortness',
  length: 'length',
  negation: 'a negation',
  exclamation: 'an exclamation',
};

/** How many features a claim names in its `why`. */
const WHY_COUNT = 3;
/** A feature is named only when it adds at least this much to the logit. */
const WHY_MIN_CONTRIBUTION = 0.25;

/** Candidates kept while looking for the top features: more than WHY_COUNT, as two can read the same. */
const WHY_CANDIDATES = 8;
const whyWeights = new Float64Array(WHY_CANDIDATES);
/** A candidate: a feature index (>= 0) or -1 - a hashed feature's index. */
const whyItems = new Int32Array(WHY_CANDIDATES);
let whyFilled = 0;

/** Keeps the item among the strongest candidates (insertion into a short sorted list; no allocation). */
function offerWhy(weight: number, item: number): void {
  if (!(weight >= WHY_MIN_CONTRIBUTION)) return;
  if (whyFilled === WHY_CANDIDATES && weight <= whyWeights[WHY_CANDIDATES - 1]) return;
  let at = whyFilled < WHY_CANDIDATES ? whyFilled++ : WHY_CANDIDATES - 1;
  while (at > 0 && whyWeights[at - 1] < weight) {
    whyWeights[at] = whyWeights[at - 1];
    whyItems[at] = whyItems[at - 1];
    at--;
  }
  whyWeights[at] = weight;
  whyItems[at] = item;
}

/** A hashed feature in words: the word or words as written, a number by its kind. */
function gramWords(text: string, g: number): string {
  const first = gramFirst[g];
  const last = first + gramLength[g] - 1;
  if (last === first) {
    const h = tokenHash[first];
    if (h === HASH_YEAR) return FEATURE_WORDS.year;
    if (h === HASH_PERCENT) return FEATURE_WORDS.percentOrMoney;
    if (h === HASH_NUMBER) return FEATURE_WORDS.number;
    // One word: its form as written, quoted once per form.
    const form = tokenForms[first];
    return (formQuoted[form] ??= `“${forms.form(form)}”`);
  }
  return `“${text.slice(tokenStarts[first], tokenEnds[last])}”`;
}

/**
 * The features that raised the score most, in words, strongest first: hand-designed features by their
 * description, hashed words by the words themselves (“percent”, “unemployment rate”). Reads the
 * features of the last featureVector call (on `text`).
 */
function whyOf(text: string, f: Float64Array): string[] {
  const { weights, grams: table, gramMask } = claimModel();
  whyFilled = 0;
  for (let i = 0; i < FEATURE_COUNT; i++) {
    // Length says little an editor can act on.
    if (i === F.length || i === F.short || f[i] === 0) continue;
    offerWhy(weights[i] * f[i], i);
  }
  for (let g = 0; g < gramCount; g++) {
    // A pair with the sentence start repeats its one word.
    if (gramFirst[g] < 0) continue;
    if (gramWeightsRead) offerWhy(gramWeights[g], -1 - g);
    else {
      const form = gramForms[g];
      offerWhy(form >= 0 ? formGramWeight(form, table, gramMask) : table[gramHashes[g] & gramMask], -1 - g);
    }
  }
  let count = 0;
  for (let k = 0; k < whyFilled && count < WHY_COUNT; k++) {
    const item = whyItems[k];
    const words = item >= 0 ? FEATURE_WORDS[CLAIM_FEATURES[item]] : gramWords(text, -1 - item);
    let seen = false;
    for (let j = 0; j < count && !seen; j++) seen = whyWords[j] === words;
    if (!seen) whyWords[count++] = words;
  }
  // An array of the exact size (one grown by push keeps room for 16): claims are many and kept.
  return whyWords.slice(0, count);
}

/** The reasons written so far by whyOf, reused between calls. */
const whyWords: string[] = [];

/** The reasons of each set (bit k: REASON_ORDER[k]) in REASON_ORDER, copied for each claim. */
const REASONS_BY_SET: ClaimReason[][] = [];

function reasonsFor(f: Float64Array): ClaimReason[] {
  let set = 0;
  if (f[F.number] || f[F.percentOrMoney] || f[F.magnitude] || f[F.numberWord]) set |= 1 << 0; // statistic
  if (f[F.year] || f[F.dateCue]) set |= 1 << 1; // date
  if (f[F.comparative] || f[F.than] || f[F.superlative]) set |= 1 << 2; // comparison
  if (f[F.causal]) set |= 1 << 3; // causal
  if (f[F.speech] || f[F.evidence]) set |= 1 << 4; // attributed
  if (f[F.properNoun] || f[F.acronym]) set |= 1 << 5; // entity-fact
  // A copy of the exact size: each claim owns its array (one grown by push keeps room for 16).
  return (REASONS_BY_SET[set] ??= REASON_ORDER.filter((_, k) => set & (1 << k))).slice();
}

// ---------------------------------------------------------------------------------------------
// Detector

export function detectClaims(text: string, structure: TextStructure, context: ClaimContext, threshold: number): Claim[] {
  return addContextReasons(scoreSentences(text, structure, threshold), context);
}

/**
 * Adds the reasons other findings give ('attributed' where an attributed quote overlaps, 'entity-fact'
 * where an entity is mentioned). Context never changes a score, so the engine can cache the sentence
 * scores per paragraph and run this once over the whole document.
 */
export function addContextReasons(claims: Claim[], context: ClaimContext): Claim[] {
  if (!context.quotes.length && !context.entities.length) return claims;
  const overlaps = overlapsInOrder(claims, context) ?? overlapsBySearch(claims, context);
  const out: Claim[] = [];
  for (let i = 0; i < claims.length; i++) {
    const c = claims[i];
    const attributed = (overlaps[i] & OVERLAPS_ATTRIBUTED) !== 0;
    const entityFact = (overlaps[i] & OVERLAPS_MENTION) !== 0;
    // Reasons the claim already gives (in their canonical order) leave it as it is.
    const news = (attributed && !c.reasons.includes('attributed')) || (entityFact && !c.reasons.includes('entity-fact'));
    if ((!attributed && !entityFact) || (!news && isCanonical(c.reasons))) {
      out.push(c);
      continue;
    }
    const extra: ClaimReason[] = [];
    if (attributed) extra.push('attributed');
    if (entityFact) extra.push('entity-fact');
    out.push({ ...c, reasons: mergeReasons(c.reasons, extra) });
  }
  return out;
}

/** What a claim overlaps, as bits: an attributed quote, an entity mention. */
const OVERLAPS_ATTRIBUTED = 1;
const OVERLAPS_MENTION = 2;

/** Quotes with a speaker or an attribution cue. */
function attributedQuotes(context: ClaimContext): Quote[] {
  return context.quotes.filter((q) => q.speaker || q.cue);
}

/** What each claim overlaps, found by one binary search per claim in the spans sorted by start. Any order of claims and spans. */
function overlapsBySearch(claims: Claim[], context: ClaimContext): Uint8Array {
  const contextIndex = indexContext(context);
  const overlaps = new Uint8Array(claims.length);
  for (let i = 0; i < claims.length; i++) {
    if (anyOverlap(contextIndex.attributed, claims[i])) overlaps[i] |= OVERLAPS_ATTRIBUTED;
    if (anyOverlap(contextIndex.mentions, claims[i])) overlaps[i] |= OVERLAPS_MENTION;
  }
  return overlaps;
}

/**
 * What each claim overlaps, when the claims come in text order (starts and ends ascending, as the
 * scorer gives them): then the claims a span overlaps are a run found by one binary search, and the
 * spans (tens of thousands of entity mentions) need no sorting. Undefined if the claims are out of
 * order or a bound is not a finite number (the search handles those).
 */
function overlapsInOrder(claims: Claim[], context: ClaimContext): Uint8Array | undefined {
  const n = claims.length;
  if (claimStarts.length < n) {
    claimStarts = new Float64Array(n * 2);
    claimEnds = new Float64Array(n * 2);
  }
  const starts = claimStarts.subarray(0, n);
  const ends = claimEnds.subarray(0, n);
  for (let i = 0; i < n; i++) {
    const { start, end } = claims[i];
    if (!Number.isFinite(start) || !Number.isFinite(end) || (i > 0 && (start < starts[i - 1] || end < ends[i - 1]))) return undefined;
    starts[i] = start;
    ends[i] = end;
  }
  const overlaps = new Uint8Array(n);
  if (!markOverlaps(attributedQuotes(context), starts, ends, overlaps, OVERLAPS_ATTRIBUTED)) return undefined;
  for (const e of context.entities) if (!markOverlaps(e.mentions, starts, ends, overlaps, OVERLAPS_MENTION)) return undefined;
  return overlaps;
}

/** The claims' bounds in overlapsInOrder: scratch space reused between calls (fresh arrays of this size, every analysis, cost collections). */
let claimStarts = new Float64Array(1024);
let claimEnds = new Float64Array(1024);

/** Marks the claims (bounds in ascending order) each span overlaps; false if a span's bound is not a finite number. */
function markOverlaps(spans: readonly Span[], starts: Float64Array, ends: Float64Array, overlaps: Uint8Array, bit: number): boolean {
  const n = starts.length;
  // Every claim before `from` ends at or before the last span's start: an entity's mentions come in
  // text order, so the search for the next one starts there and gallops forward.
  let from = 0;
  let lastStart = -Infinity;
  for (let s = 0; s < spans.length; s++) {
    const { start, end } = spans[s];
    if (!Number.isFinite(start) || !Number.isFinite(end)) return false;
    if (start < lastStart) from = 0;
    lastStart = start;
    // The first claim ending after the span starts; from there, those starting before it ends.
    let lo = from;
    let hi = from;
    for (let step = 1; hi < n && !(ends[hi] > start); step *= 2) {
      lo = hi + 1;
      hi = lo + step;
    }
    if (hi > n) hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid] > start) hi = mid;
      else lo = mid + 1;
    }
    from = lo;
    for (let k = lo; k < n && starts[k] < end; k++) overlaps[k] |= bit;
  }
  return true;
}

function scoreSentences(text: string, structure: TextStructure, threshold: number): Claim[] {
  const claims: Claim[] = [];
  for (const sentence of structure.sentences) {
    const { start, end } = sentence;
    if (start < 0 || end > text.length || end <= start) continue;
    const features = featureVector(text, start, end, sentenceFeatures);
    // Nothing to check in a sentence without a word (length is 0 only then).
    if (features[F.length] === 0) continue;
    const score = logistic(linear(features));
    if (!(score >= threshold)) continue;
    // A sentence of several statements ("...; ...") is reported clause by clause when clauses stand alone.
    // The tokenizer saw every character of a sentence it read whole: no clause break, no clauses.
    const clauses = end - start > MAX_SCORED_CHARS || sawClauseBreak ? splitClauses(text.slice(start, end)) : NO_SPANS;
    const before = claims.length;
    let clausesScored = 0;
    for (const clause of clauses) {
      if (clause.end - clause.start >= end - start) continue;
      clausesScored++;
      featureVector(text, start + clause.start, start + clause.end, clauseFeatures);
      const clauseScore = logistic(linear(clauseFeatures));
      if (clauseScore < threshold) continue;
      claims.push({
        start: start + clause.start,
        end: start + clause.end,
        score: round(clauseScore),
        reasons: reasonsFor(clauseFeatures),
        why: whyOf(text, clauseFeatures),
      });
    }
    if (claims.length > before) continue;
    let wholeStart = start;
    let wholeEnd = end;
    while (wholeStart < wholeEnd && isWhiteSpaceCode(text.charCodeAt(wholeStart))) wholeStart++;
    while (wholeEnd > wholeStart && isWhiteSpaceCode(text.charCodeAt(wholeEnd - 1))) wholeEnd--;
    // Clauses scored since overwrote the hashed features: read the sentence again.
    if (clausesScored) featureVector(text, start, end, sentenceFeatures);
    claims.push({ start: wholeStart, end: wholeEnd, score: round(score), reasons: reasonsFor(features), why: whyOf(text, features) });
  }
  return claims;
}

const NO_SPANS: readonly Span[] = [];

const CLAUSE_BREAK_HINT = /;|--|[—–]/;

/** Clauses split at semicolons and dashes between statements; spans relative to the sentence. */
function splitClauses(body: string): Span[] {
  const spans: Span[] = [];
  if (!CLAUSE_BREAK_HINT.test(body)) return spans;
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
  out.push(...trimmed(body, start, end));
}

/** The range without surrounding white space, or nothing if it is all white space. */
function trimmed(body: string, start: number, end: number): Span[] {
  while (start < end && isWhiteSpaceCode(body.charCodeAt(start))) start++;
  while (end > start && isWhiteSpaceCode(body.charCodeAt(end - 1))) end--;
  return end > start ? [{ start, end }] : [];
}

/** Spans sorted by start, with the furthest end reached by each prefix: any overlap is one binary search. */
interface SpanIndex {
  starts: number[];
  maxEnds: number[];
}

interface ContextIndex {
  /** Quotes with a speaker or an attribution cue. */
  attributed: SpanIndex;
  /** Entity mentions. */
  mentions: SpanIndex;
}

function indexContext(context: ClaimContext): ContextIndex {
  const attributed = attributedQuotes(context);
  let mentionCount = 0;
  for (const e of context.entities) mentionCount += e.mentions.length;
  const mentions: Span[] = new Array(mentionCount);
  let m = 0;
  for (const e of context.entities) for (const mention of e.mentions) mentions[m++] = mention;
  return { attributed: spanIndex(attributed), mentions: spanIndex(mentions) };
}

function spanIndex(spans: readonly Span[]): SpanIndex {
  const order = orderByStart(spans);
  const n = spans.length;
  const starts: number[] = new Array(n);
  const maxEnds: number[] = new Array(n);
  let furthest = -Infinity;
  for (let i = 0; i < n; i++) {
    const s = spans[order[i]];
    starts[i] = s.start;
    maxEnds[i] = furthest = Math.max(furthest, s.end);
  }
  return { starts, maxEnds };
}

/**
 * Positions of the spans in order of start, equal starts as given (a stable sort). Whole-number starts
 * (always, from the detectors) are sorted as numbers holding start and position: an article has tens
 * of thousands of entity mentions, and a typed sort is several times faster than a comparator.
 */
function orderByStart(spans: readonly Span[]): Int32Array {
  const n = spans.length;
  const order = new Int32Array(n);
  let numeric = true;
  for (let i = 0; i < n && numeric; i++) {
    const start = spans[i].start;
    if (!Number.isInteger(start) || start < 0 || start * n > Number.MAX_SAFE_INTEGER - n) numeric = false;
  }
  if (!numeric) {
    const indices = Array.from({ length: n }, (_, i) => i).sort((a, b) => spans[a].start - spans[b].start);
    for (let i = 0; i < n; i++) order[i] = indices[i];
    return order;
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = spans[i].start * n + i;
  keys.sort();
  for (let i = 0; i < n; i++) order[i] = keys[i] % n;
  return order;
}

/** Whether any indexed span overlaps the range: among spans starting before its end, one ends after its start. */
function anyOverlap(index: SpanIndex, range: Span): boolean {
  const before = partitionPoint(index.starts.length, (i) => index.starts[i] < range.end);
  return before > 0 && index.maxEnds[before - 1] > range.start;
}

const REASON_ORDER: ClaimReason[] = ['statistic', 'date', 'comparison', 'causal', 'attributed', 'entity-fact'];

/** Whether reasons are distinct and in REASON_ORDER, as mergeReasons would give them. */
function isCanonical(reasons: ClaimReason[]): boolean {
  let last = -1;
  for (const r of reasons) {
    const at = REASON_ORDER.indexOf(r);
    if (at <= last) return false;
    last = at;
  }
  return true;
}

function mergeReasons(a: ClaimReason[], b: ClaimReason[]): ClaimReason[] {
  const set = new Set([...a, ...b]);
  return REASON_ORDER.filter((r) => set.has(r));
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
