// The learned part of the entity detector: a linear-chain tagger (averaged structured perceptron,
// BIO labels, Viterbi decoding) over the name candidates the tokenizer finds. Its features are the
// word, its shape, affixes, gazetteer and lexicon hits, the neighbours' words, the headline/sentence
// position, and the rule-based chunker's own answer (rules kept as features). The weights are
// fitted by `npm run train -- entities` (scripts/train/entities.mjs) on CoNLL-2003 eng.train and
// shipped in src/core/models/entities.json (see NOTICE.md). This file is pure: no I/O.
import {
  COMMON_WORDS,
  COUNTRIES,
  DEMONYMS,
  FIRST_NAMES,
  HONORIFICS,
  KNOWN_ORGANIZATIONS,
  LOCALITIES,
  NON_NAMES,
  ORG_DESCRIPTORS,
  ORG_HEADS,
  ORG_SUFFIXES,
  PLACE_HEADS,
  PLACE_NOUNS_AFTER,
  PLACE_PREFIXES,
  PLACE_PREPOSITIONS,
  ROLE_NOUNS,
  PERSON_VERBS,
  TITLES,
  CLUB_PREFIXES,
  EVENT_HEADS,
} from './entities-lexicon';

/** Tag set: O, then B/I for each type ("other" is CoNLL's MISC: events, nationalities, titles of works). */
export const LABELS = ['O', 'B-person', 'I-person', 'B-organization', 'I-organization', 'B-place', 'I-place', 'B-other', 'I-other'] as const;
export const NUM_LABELS = LABELS.length;
export type ModelType = 'person' | 'organization' | 'place' | 'other';
export const TYPES: ModelType[] = ['person', 'organization', 'place', 'other'];
/** Label index of B-type / I-type. */
export const beginOf = (type: number): number => 1 + 2 * type;
export const insideOf = (type: number): number => 2 + 2 * type;
/** Type index (0..3) of a non-O label. */
export const typeOfLabel = (label: number): number => (label - 1) >> 1;
export const isInside = (label: number): boolean => label > 0 && (label & 1) === 0;

/** Outside a sentence, neighbours read as these forms. */
export const BEFORE_SENTENCE = '<s>';
export const AFTER_SENTENCE = '</s>';

/** Word shape: capitals X, lower x, digits d, other characters kept; runs collapsed ("Xx", "X.X.", "Xx-Xx"). */
export function wordShape(w: string): string {
  let out = '';
  let last = '';
  for (let i = 0; i < w.length; i++) {
    const c = w[i];
    const code = w.charCodeAt(i);
    let s: string;
    if (code >= 48 && code <= 57) s = 'd';
    else if (c !== c.toLowerCase()) s = 'X';
    else if (c !== c.toUpperCase()) s = 'x';
    else s = c;
    if (s !== last || !(s === 'X' || s === 'x' || s === 'd')) out += s;
    last = s;
  }
  return w.length === 1 ? `${out}1` : out;
}

/** Gazetteer and lexicon lists a lower-case word belongs to, by short name (the names are feature text). */
const LISTS: Array<[string, Set<string>]> = [
  ['first-name', FIRST_NAMES],
  ['country', COUNTRIES],
  ['locality', LOCALITIES],
  ['known-org', KNOWN_ORGANIZATIONS],
  ['org-suffix', ORG_SUFFIXES],
  ['org-head', ORG_HEADS],
  ['place-head', PLACE_HEADS],
  ['place-prefix', PLACE_PREFIXES],
  ['demonym', DEMONYMS],
  ['title', TITLES],
  ['honorific', HONORIFICS],
  ['role-noun', ROLE_NOUNS],
  ['non-name', NON_NAMES],
  ['common', COMMON_WORDS],
  ['speech-verb', PERSON_VERBS],
  ['place-prep', PLACE_PREPOSITIONS],
  ['org-descriptor', ORG_DESCRIPTORS],
  ['place-noun-after', PLACE_NOUNS_AFTER],
  ['club-prefix', CLUB_PREFIXES],
  ['event-head', EVENT_HEADS],
];

export function listsOf(lower: string): string[] {
  const out: string[] = [];
  for (const [name, set] of LISTS) if (set.has(lower)) out.push(name);
  return out;
}

/** Gazetteers worth reading on a neighbour (the lists that say something about the next word). */
const NEIGHBOUR_LISTS = new Set([
  'first-name',
  'title',
  'honorific',
  'role-noun',
  'demonym',
  'speech-verb',
  'place-prep',
  'org-descriptor',
  'place-noun-after',
  'org-suffix',
  'org-head',
  'place-head',
  'country',
  'locality',
]);

/** Minimum word length for prefix/suffix features. */
const AFFIX_MIN_LENGTH = 4;

/** Features of a token's own form (text as written). */
export function formFeatures(text: string): string[] {
  const lower = text.toLowerCase();
  const out = [`w=${lower}`, `sh=${wordShape(text)}`];
  if (lower.length >= AFFIX_MIN_LENGTH) out.push(`p3=${lower.slice(0, 3)}`, `s3=${lower.slice(-3)}`, `s4=${lower.slice(-4)}`);
  const hyphen = text.indexOf('-');
  if (hyphen > 0 && hyphen < text.length - 1) {
    // "EU-backed", "Anglo-French": the part before the hyphen says a lot.
    const head = lower.slice(0, hyphen);
    out.push(`hy=${head}`);
    for (const l of listsOf(head)) out.push(`hyg=${l}`);
  }
  for (const l of listsOf(lower)) out.push(`g=${l}`);
  return out;
}

/** Features a token contributes to the token `offset` places away (-2, -1, +1, +2). */
export function neighbourFeatures(text: string, offset: number): string[] {
  const lower = text === BEFORE_SENTENCE || text === AFTER_SENTENCE ? text : text.toLowerCase();
  const o = offset > 0 ? `+${offset}` : String(offset);
  const out = [`w${o}=${lower}`];
  if (offset === -1 || offset === 1) {
    out.push(`sh${o}=${text === lower && lower.startsWith('<') ? lower : wordShape(text)}`);
    for (const l of listsOf(lower)) if (NEIGHBOUR_LISTS.has(l)) out.push(`g${o}=${l}`);
  }
  return out;
}

/** Feature rows of one token form: its own, and as a neighbour at -2, -1, +1, +2. */
export interface FormRows {
  self: Int32Array;
  /**
   * The label scores of the own rows, summed in row order in 32-bit floats: a token's scores start
   * from these, exactly as adding the rows one by one to zeros would give them.
   */
  selfScores: Float32Array;
  around: [Int32Array, Int32Array, Int32Array, Int32Array];
}

/** Rule-chunker answers a token can carry: its label under the rules and the rules' strength (1-3). */
export const RULE_TAGS: string[] = [];
for (const label of LABELS) {
  if (label === 'O') {
    RULE_TAGS.push('O');
    continue;
  }
  for (const s of [1, 2, 3]) RULE_TAGS.push(`${label}:${s}`);
}
/** Index into RULE_TAGS of a label (0 = O) with a strength 1..3. */
export const ruleTagIndex = (label: number, strength: number): number => (label === 0 ? 0 : 1 + (label - 1) * 3 + (strength - 1));

export interface PositionFacts {
  inCapsLine: boolean;
  sentenceStart: boolean;
  /** The word is written in lower case elsewhere in the document. */
  seenLower: boolean;
  rule: number;
  rulePrev: number;
  ruleNext: number;
}

/** Features of a token's place: headline, sentence start, the rules' answers here and next door. */
export function positionFeatures(f: PositionFacts): string[] {
  const out = ['bias'];
  if (f.inCapsLine) out.push('caps-line');
  if (f.sentenceStart) out.push('sentence-start');
  if (f.seenLower) out.push('seen-lower');
  const tag = RULE_TAGS[f.rule];
  out.push(`r=${tag.split(':')[0]}`, `rs=${tag}`);
  out.push(`r-1=${RULE_TAGS[f.rulePrev].split(':')[0]}`, `r+1=${RULE_TAGS[f.ruleNext].split(':')[0]}`);
  if (f.inCapsLine) out.push(`caps-line&r=${tag.split(':')[0]}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The model: weights per feature and label, transitions, and a Viterbi decoder.

/** The shipped model file's shape (src/core/models/entities.json). */
export interface ModelFile {
  format: 'factdesk-entities-1';
  labels: string[];
  /** Fitting facts (data, epochs, seed, dev figure), for NOTICE and the README. */
  fitted: Record<string, unknown>;
  /** Weights are integers; multiply by `scale` for the fitted value. */
  scale: number;
  /** Feature names, joined by "\n"; row r of the weights belongs to feature r. */
  features: string;
  /** Base64 of Int8 weights, NUM_LABELS per feature row. */
  weights: string;
  /** Transition weights [previous label][label], previous 0 (O) also for a segment start; plus the end row. */
  transitions: number[];
}

export class EntityModel {
  readonly rows: Map<string, number>;
  readonly weights: Float32Array;
  /** (NUM_LABELS + 1) x NUM_LABELS: row NUM_LABELS is "start of segment". End transition uses column 0 weight of row. */
  readonly transitions: Float32Array;
  readonly featureNames: string[];

  constructor(file: ModelFile) {
    if (file.format !== 'factdesk-entities-1' || file.labels.join() !== LABELS.join()) throw new Error('entity model: unknown format or labels');
    this.featureNames = file.features ? file.features.split('\n') : [];
    this.rows = new Map(this.featureNames.map((f, i) => [f, i]));
    const bytes = decodeBase64(file.weights);
    if (bytes.length !== this.featureNames.length * NUM_LABELS) throw new Error('entity model: weight count does not match features');
    this.weights = new Float32Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) this.weights[i] = ((bytes[i] << 24) >> 24) * file.scale;
    this.transitions = Float32Array.from(file.transitions);
  }

  /** Rows of the features the model knows, in order (unknown features are dropped). */
  rowsOf(features: readonly string[]): Int32Array {
    const out: number[] = [];
    for (const f of features) {
      const r = this.rows.get(f);
      if (r !== undefined) out.push(r);
    }
    return Int32Array.from(out);
  }
}

function decodeBase64(s: string): Uint8Array {
  if (typeof Buffer !== 'undefined') return new Uint8Array(Buffer.from(s, 'base64'));
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Whether label `to` may follow `from` (0..NUM_LABELS-1, or NUM_LABELS for a segment start): I-X only after B-X or I-X. */
export function allowed(from: number, to: number): boolean {
  if (!isInside(to)) return true;
  if (from === NUM_LABELS || from === 0) return false;
  return typeOfLabel(from) === typeOfLabel(to);
}

let viterbiBest = new Float32Array(0);
let viterbiBack = new Uint8Array(0);

/** The transitions viterbi last read, and a copy with -Infinity where `allowed` says no (see maskedTransitions). */
let maskedFrom: Float32Array | undefined;
const masked = new Float32Array((NUM_LABELS + 1) * NUM_LABELS);

/**
 * Transitions with the forbidden ones at -Infinity: a forbidden step then never wins the max, as if
 * skipped, and the decoder's inner loop needs no test. Remade only when the transitions change.
 */
function maskedTransitions(transitions: Float32Array): Float32Array {
  if (transitions !== maskedFrom) {
    for (let from = 0; from <= NUM_LABELS; from++) {
      for (let to = 0; to < NUM_LABELS; to++) masked[from * NUM_LABELS + to] = allowed(from, to) ? transitions[from * NUM_LABELS + to] : -Infinity;
    }
    maskedFrom = transitions;
  }
  return masked;
}

/**
 * Best label sequence for n tokens given per-token label scores (n x NUM_LABELS) and transitions
 * ((NUM_LABELS + 1) x NUM_LABELS, the last row for a segment start; the end of a segment adds
 * transitions[label][0] as if an O followed). Writes the labels into `out`. The transitions must not
 * change between calls (they are read through a masked copy made once).
 */
export function viterbi(scores: Float32Array, n: number, transitions: Float32Array, out: Uint8Array): void {
  const L = NUM_LABELS;
  // Work arrays kept between calls (a document has tens of thousands of short segments); every cell
  // read below is written first in this call.
  if (viterbiBest.length < n * L) {
    viterbiBest = new Float32Array(Math.max(n * L, 2 * viterbiBest.length));
    viterbiBack = new Uint8Array(viterbiBest.length);
  }
  const best = viterbiBest;
  const back = viterbiBack;
  const allowedTransitions = maskedTransitions(transitions);
  for (let y = 0; y < L; y++) best[y] = scores[y] + allowedTransitions[L * L + y];
  for (let i = 1; i < n; i++) {
    const row = (i - 1) * L;
    for (let y = 0; y < L; y++) {
      let bestScore = -Infinity;
      let arg = 0;
      for (let p = 0; p < L; p++) {
        const s = best[row + p] + allowedTransitions[p * L + y];
        if (s > bestScore) {
          bestScore = s;
          arg = p;
        }
      }
      best[i * L + y] = bestScore + scores[i * L + y];
      back[i * L + y] = arg;
    }
  }
  let bestScore = -Infinity;
  let arg = 0;
  for (let y = 0; y < L; y++) {
    const s = best[(n - 1) * L + y] + (y === 0 ? 0 : transitions[y * L]);
    if (s > bestScore) {
      bestScore = s;
      arg = y;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    out[i] = arg;
    arg = back[i * L + arg];
  }
}

// ---------------------------------------------------------------------------------------------
// Explanations: a feature name in words, for the hover.

const TEMPLATE_WORDS: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^w=(.*)$/, (m) => `the word “${m[1]}”`],
  [/^sh=(.*)$/, (m) => `its shape (${shapeWords(m[1])})`],
  [/^p3=(.*)$/, (m) => `begins with “${m[1]}”`],
  [/^s[34]=(.*)$/, (m) => `ends in “-${m[1]}”`],
  [/^hy=(.*)$/, (m) => `“${m[1]}-” before a hyphen`],
  [/^hyg=(.*)$/, (m) => `${listWords(m[1])} before a hyphen`],
  [/^g=(.*)$/, (m) => listWords(m[1])],
  [/^w-1=(.*)$/, (m) => (m[1] === BEFORE_SENTENCE ? 'opens the sentence' : `after “${m[1]}”`)],
  [/^w-2=(.*)$/, (m) => (m[1] === BEFORE_SENTENCE ? 'near the sentence start' : `two words after “${m[1]}”`)],
  [/^w\+1=(.*)$/, (m) => (m[1] === AFTER_SENTENCE ? 'ends the sentence' : `before “${m[1]}”`)],
  [/^w\+2=(.*)$/, (m) => (m[1] === AFTER_SENTENCE ? 'near the sentence end' : `two words before “${m[1]}”`)],
  [/^sh-1=(.*)$/, (m) => `after a word shaped ${shapeWords(m[1])}`],
  [/^sh\+1=(.*)$/, (m) => `before a word shaped ${shapeWords(m[1])}`],
  [/^g-1=(.*)$/, (m) => `after ${listWords(m[1])}`],
  [/^g\+1=(.*)$/, (m) => `before ${listWords(m[1])}`],
  [/^caps-line$/, () => 'in an all-capitals line'],
  [/^sentence-start$/, () => 'at a sentence start'],
  [/^seen-lower$/, () => 'also written in lower case in the text'],
  [/^r=(.*)$/, (m) => `the name rules say ${ruleWords(m[1])}`],
  [/^rs=(.*)$/, (m) => `the name rules say ${ruleWords(m[1])}`],
  [/^r-1=(.*)$/, (m) => `the rules' answer for the word before (${ruleWords(m[1])})`],
  [/^r\+1=(.*)$/, (m) => `the rules' answer for the word after (${ruleWords(m[1])})`],
  [/^caps-line&r=(.*)$/, (m) => `the rules in a headline say ${ruleWords(m[1])}`],
  [/^bias$/, () => 'the base rate'],
];

function shapeWords(shape: string): string {
  if (!/[Xxd]/.test(shape)) return `“${shape.replace(/1$/, '')}”`;
  if (shape === 'Xx') return 'capitalized';
  if (shape === 'X') return 'all capitals';
  if (shape === 'X1') return 'a capital letter';
  if (shape === 'x') return 'lower case';
  return `“${shape}”`;
}

function listWords(list: string): string {
  const words = list.replace(/-/g, ' ');
  return `${/^[aeiou]/.test(words) ? 'an' : 'a'} ${words} in the word lists`;
}

function ruleWords(tag: string): string {
  const [label, strength] = tag.split(':');
  if (label === 'O') return 'no name';
  const [bio, type] = label.split('-');
  const how = strength === '3' ? ' (gazetteer, title or name ending)' : strength === '2' ? ' (from context)' : strength === '1' ? ' (a guess)' : '';
  const article = type === 'organization' || type === 'other' ? 'an' : 'a';
  return `${bio === 'B' ? article : `inside ${article}`} ${type} name${how}`;
}

/** A feature name in words for an editor ("after “in”", "a country in the word lists"). */
export function describeFeature(feature: string): string {
  for (const [re, say] of TEMPLATE_WORDS) {
    const m = feature.match(re);
    if (m) return say(m);
  }
  return feature;
}
