// Who said a quotation, when the words around it offer more than one answer: every attribution rule of
// quotes.ts (and the sentence's subject, the sentence before, the last speaker) proposes a candidate,
// described by named binary features (which rules found it, where it stands, what kind of phrase it
// is, its neighbouring words, what the entities say it is); a linear model scores each, and the best
// one is the speaker. The weights (models/speakers.json) are fitted by `npm run train -- speakers`
// (scripts/train/speakers.mjs: a softmax ranker over the candidates of each quote of the PolNeAR
// training articles). The weights are read from beside the bundle once, when this module loads.
import { readSpeakerModel } from './speakers-weights';

export interface SpeakerModel {
  /** One weight per feature name; a feature the model never saw weighs 0. */
  weights: Record<string, number>;
}

const MODEL = readSpeakerModel() as SpeakerModel;
if (!MODEL.weights || typeof MODEL.weights !== 'object') throw new Error('models/speakers.json: no weights');
const WEIGHTS = new Map<string, number>(Object.entries(MODEL.weights));

/** The weight of one feature (0 if the model does not know it). */
export function featureWeight(feature: string): number {
  return WEIGHTS.get(feature) ?? 0;
}

/** A candidate's score: the sum of its features' weights (only differences between candidates matter). */
export function speakerScore(features: readonly string[]): number {
  let z = 0;
  for (const f of features) z += WEIGHTS.get(f) ?? 0;
  return z;
}

/**
 * The most the features known only after resolving a candidate against the entities (how it resolved,
 * the entity's type, whether it is the last speaker) can add to its score: candidates that cannot win
 * even with it are not resolved (quotes.ts).
 */
export const RESOLVER_BONUS_MAX = (() => {
  let via = 0;
  let etype = 0;
  let crossed = 0;
  for (const [f, w] of WEIGHTS) {
    if (f.startsWith('via:')) via = Math.max(via, w);
    else if (f.startsWith('etype:')) etype = Math.max(etype, w);
    else if (f.startsWith('cls:') && f.includes('&etype:')) crossed = Math.max(crossed, w);
  }
  return via + etype + crossed + Math.max(0, WEIGHTS.get('same-previous') ?? 0);
})();

/** How many reasons a speaker's hover gives. */
const REASONS_SHOWN = 3;
/** Weights smaller than this say too little to be given as a reason. */
const REASON_MIN_WEIGHT = 0.2;

/** Feature names (or their prefix before ':') in words, for the hover. */
const FEATURE_WORDS = new Map<string, string>(
  Object.entries({
    'rule:label': 'a transcript label opens the quote',
    'rule:before': 'a speech verb before the quote',
    'rule:after': 'a speech verb right after the quote',
    'rule:prev-colon': 'introduced by the paragraph before (a colon)',
    'rule:closing': 'the attribution closing the sentence before',
    'rule:later': 'a speech verb later in the sentence',
    'rule:subject': 'the subject of the quote’s sentence',
    'rule:prev-subject': 'the subject of the sentence before',
    'rule:continuation': 'the speaker of the quote before',
    first: 'what the attribution rules pick',
    'cls:name': 'a name',
    'cls:pronoun': 'a pronoun resolved to an earlier name',
    'cls:role': 'a role noun',
    cue: 'a speech verb',
    'cue:possessor': 'owns a noun of speech (“X’s claim that …”)',
    'according-to': '“according to”',
    colon: 'a colon before the quote',
    'tight-after': 'the quote ends in a comma or stop before the verb',
    'side:before': 'named before the quote',
    'side:after': 'named after the quote',
    'dist:0': 'right next to the quote',
    'dist:1': 'close to the quote',
    'etype:person': 'a person',
    'etype:organization': 'an organization',
    'via:surname': 'a surname of a name given earlier',
    'via:role': 'a role given earlier',
    'same-previous': 'the same speaker as the quote before',
    'cont:same-paragraph': 'in the same paragraph as the speaker’s last quote',
    'cont:next-paragraph': 'the paragraph after the speaker’s last quote',
  }),
);

/** The features given as reasons (in words, weighing at least REASON_MIN_WEIGHT): one look-up per feature. */
const REASONS = new Map<string, { said: string; weight: number }>();
for (const [feature, said] of FEATURE_WORDS) {
  const weight = WEIGHTS.get(feature) ?? 0;
  if (weight >= REASON_MIN_WEIGHT) REASONS.set(feature, { said, weight });
}

/**
 * The features that raised a candidate's score most, in words (at most REASONS_SHOWN, strongest
 * first). `more`: further features, read after `features` (as if concatenated).
 */
export function speakerReasons(features: readonly string[], more?: readonly string[]): string[] {
  // A stable insertion sort by weight, strongest first (a quote has a handful of features): the
  // order Array#sort gives, without its allocations for every quote.
  const words: string[] = [];
  const weights: number[] = [];
  const total = features.length + (more ? more.length : 0);
  for (let k = 0; k < total; k++) {
    const reason = REASONS.get(k < features.length ? features[k] : more![k - features.length]);
    if (reason === undefined) continue;
    const { said, weight } = reason;
    let at = weights.length;
    words.push(said);
    weights.push(weight);
    for (; at > 0 && weights[at - 1] < weight; at--) {
      words[at] = words[at - 1];
      weights[at] = weights[at - 1];
    }
    words[at] = said;
    weights[at] = weight;
  }
  if (words.length > REASONS_SHOWN) words.length = REASONS_SHOWN;
  return words;
}

/** Distance in characters between a speaker and its quote, as a coarse bucket (0 = adjacent). */
const DISTANCE_BUCKETS = [3, 40, 120, 400];
const DISTANCE_FEATURES = ['dist:0', 'dist:1', 'dist:2', 'dist:3', 'dist:4'];

export function distanceBucket(chars: number): string {
  let k = 0;
  while (k < DISTANCE_BUCKETS.length && chars > DISTANCE_BUCKETS[k]) k++;
  return DISTANCE_FEATURES[k];
}
