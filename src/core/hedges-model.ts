// Features of the learned hedge models tried in issue #12 (README, "Hedges"): a cue classifier that
// decides, per candidate cue in its context, whether it hedges (fitted on the Szeged uncertainty cue
// spans), and a sentence model that decides whether a sentence is a weasel or hedged sentence as
// CoNLL-2010 marks them (its words, the candidates, the cue classifier's best score). Both are
// logistic regressions over hashed named features ("n1:have", "p1:it"), fitted and measured by
// `npm run train -- hedges --cv`. They are not shipped: the detector stays the rules (README says why).
import type { HedgeCategory } from './types';

/** What the features read of a word. */
export interface ModelToken {
  readonly lower: string;
  readonly capitalized: boolean;
}

/** How a candidate was proposed, and what the hand-written context rule (if any) says of it. */
export type CueSource = 'lexicon' | 'learned' | 'both';
export type RuleVerdict = 'pass' | 'fail' | 'none';

/** Words whose presence right after a cue the classifier reads on its own ("may have", "is thought to"). */
const NEXT_CLASSES: Record<string, string> = {
  be: 'be',
  is: 'be',
  are: 'be',
  was: 'be',
  were: 'be',
  been: 'be',
  have: 'have',
  has: 'have',
  had: 'have',
  not: 'not',
  never: 'not',
  to: 'to',
  that: 'that',
};

/** Bins of the cue classifier's best score in a sentence, as sentence-model features. */
export const SCORE_BINS = [0.1, 0.2, 0.35, 0.5, 0.7];

function shape(t: ModelToken | undefined): string {
  if (!t) return 'none';
  const c = t.lower.charCodeAt(0);
  if (c >= 48 && c <= 57) return 'num';
  return t.capitalized ? 'Cap' : 'low';
}

/** A crude lemma: enough to share weight between "suggests", "suggested" and "suggesting". */
export function lemma(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ied')) return word.slice(0, -3) + 'y';
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('es')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/**
 * The named features of the candidate cue tokens[from, to): the cue and its lemma, its category and
 * source, the context rule's verdict, the two words either side and their shape, the class of the
 * word after it, and where it sits in the sentence.
 */
export function cueFeatureNames(
  tokens: readonly ModelToken[],
  from: number,
  to: number,
  category: HedgeCategory | 'learned',
  rule: RuleVerdict,
  source: CueSource,
): string[] {
  let cue = tokens[from].lower;
  for (let k = from + 1; k < to; k++) cue += ' ' + tokens[k].lower;
  const word = (k: number): string => (k < 0 ? '<s>' : k >= tokens.length ? '</s>' : tokens[k].lower);
  const p1 = word(from - 1);
  const n1 = word(to);
  const names = [
    'bias:cue',
    'w:' + cue,
    'l:' + lemma(tokens[to - 1].lower),
    'c:' + category,
    's:' + source,
    'r:' + rule,
    'rw:' + rule + '|' + cue,
    'p1:' + p1,
    'p2:' + word(from - 2),
    'n1:' + n1,
    'n2:' + word(to + 1),
    'wn:' + cue + '|' + n1,
    'pw:' + p1 + '|' + cue,
    'ps:' + shape(tokens[from - 1]),
    'ns:' + shape(tokens[to]),
    'len:' + Math.min(to - from, 3),
  ];
  const nextClass = NEXT_CLASSES[n1];
  if (nextClass) names.push('nb:' + nextClass, 'wnb:' + cue + '|' + nextClass);
  if (from === 0) names.push('first');
  else if (tokens[from].capitalized) names.push('cap');
  if (to === tokens.length) names.push('last');
  return names;
}

/**
 * The named features of a whole sentence for the sentence model: its words and word pairs, the
 * candidates' cues and categories, and the best cue score in bins.
 */
export function sentenceFeatureNames(
  tokens: readonly ModelToken[],
  candidates: readonly { cue: string; category: HedgeCategory | 'learned'; rule: RuleVerdict }[],
  bestCueScore: number,
): string[] {
  const names = ['bias:sentence'];
  let before = '<s>';
  for (const t of tokens) {
    names.push('u:' + t.lower, 'b:' + before + ' ' + t.lower);
    before = t.lower;
  }
  for (const c of candidates) {
    if (c.rule === 'fail') continue;
    names.push('cw:' + c.cue, 'cc:' + c.category);
  }
  for (const bin of SCORE_BINS) if (bestCueScore >= bin) names.push('mx:' + bin);
  names.push('len:' + Math.min(Math.floor(tokens.length / 10), 5));
  return names;
}
