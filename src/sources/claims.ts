// "Checked before": claims of an article that match a passage already carrying a note with a final
// verdict in another article (the same claim reworded, its numbers equal). Candidate passages come
// from a MiniSearch full-text index over the noted passages (BM25 over the words, so the few notes
// sharing a claim's rarer words come first without scoring every note of the workspace); each
// candidate is then scored precisely:
// - the numbers must be equal as a multiset (9% = 9 percent = nine per cent; "rose 19%" is not "rose 9%");
// - negation must agree (an odd number of negations on one side only is the opposite claim);
// - the direction must agree ("rose"/"increased"/"climbed" vs "fell"/"dropped"/"cut");
// - the time must agree when both name one ("last year" vs "this year");
// - no name swapped (Spain for France), when both name someone or somewhere;
// - the content words (attribution, time, stop words dropped; light stemming, a few newsroom
//   synonyms) must overlap: shared / smaller >= CLAIM_MATCH_MIN_SIMILARITY, with at least
//   MIN_CLAIM_SHARED_WORDS shared, or MIN_SHARED_WITH_NUMBERS when the numbers tie the claims.
import MiniSearch from 'minisearch';
import { isNegation, tokenize } from './normalize';

export interface NotedPassage {
  /** A stable key (file + note id). */
  id: string;
  file: string;
  line: number;
  verdict: string;
  text: string;
  comment: string;
  /** When the note was last changed (ISO). */
  date: string;
  noteId: string;
}

export interface CheckedBefore extends NotedPassage {
  similarity: number;
}

/** Content-word overlap a reworded claim reaches at least. */
export const CLAIM_MATCH_MIN_SIMILARITY = 0.6;
/** ...sharing at least this many content words... */
export const MIN_CLAIM_SHARED_WORDS = 3;
/** ...or this many when both state the same numbers (the numbers already tie them). */
export const MIN_SHARED_WITH_NUMBERS = 1;
/** Candidates scored precisely per claim. */
const CLAIM_CANDIDATES = 20;
/** Passages with fewer content words (and no number) are too short to stand for a claim. */
const MIN_PASSAGE_CONTENT_WORDS = 3;

/** A passage stands for a claim with a number and a content word, or enough content words. */
const standsForClaim = (shape: ClaimShape) => shape.words.size >= MIN_PASSAGE_CONTENT_WORDS || (shape.numbers.length > 0 && shape.words.size > 0);

const STOP_WORDS = new Set(
  (
    'a an the and or but if then than that this these those there here of in on at to for from by with as into over under about after before ' +
    "is are was were be been being am has have had having do does did will would shall should can could may might must it its it's they them " +
    'their he him his she her we us our you your i me my said says say according also just very so such which who whom whose what when where ' +
    'while during per cent percent new number share rate level total'
  ).split(/\s+/),
);

/** Rising and falling, and comparisons: two claims must agree on these. */
const UP = new Set(
  'rise rises rose risen rising increase increases increased increasing grow grows grew grown growing climb climbs climbed climbing jump jumps jumped gain gains gained soar soared surge surged up higher more above exceed exceeded exceeds doubled tripled expand expanded expands expanding edged advance advanced'.split(
    ' ',
  ),
);
const DOWN = new Set(
  'fall falls fell fallen falling decrease decreases decreased decreasing drop drops dropped dropping decline declines declined declining cut cuts cutting shrink shrank shrunk shrinking slump slumped plunge plunged down lower less fewer below reduce reduced reduces halved contract contracted slip slips slipped slipping dip dipped dips ease eased sink sank tumble tumbled'.split(
    ' ',
  ),
);

/** Newsroom synonyms folded to one stem (a reworded claim keeps its meaning); keys and values are stems. */
const SYNONYMS = new Map<string, string>([
  ['jobless', 'unemployment'],
  ['joblessness', 'unemployment'],
  ['administration', 'government'],
  ['cabinet', 'government'],
  ['budget', 'spend'],
  ['expenditure', 'spend'],
  ['outlay', 'spend'],
  ['fund', 'spend'],
  ['spending', 'spend'],
  ['firm', 'company'],
  ['business', 'company'],
  ['citizen', 'resident'],
  ['people', 'resident'],
  ['cost', 'price'],
  ['home', 'house'],
  ['homes', 'house'],
  ['housing', 'house'],
  ['enrolment', 'student'],
  ['enrollment', 'student'],
  ['harvest', 'yield'],
  ['ridership', 'journey'],
  ['trip', 'journey'],
  ['fatality', 'death'],
  ['killed', 'death'],
  ['homelessness', 'homeless'],
  ['power', 'electricity'],
  ['visitor', 'tourist'],
]);

const NUMBER_WORDS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  hundred: 100,
  half: 0.5,
  dozen: 12,
};
const SCALES: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12, bn: 1e9, m: 1e6 };

/** A content word's comparable form: its light stem, folded through the synonyms. */
function canonical(word: string): string {
  const bare = word.replace(/'s$/, '');
  return SYNONYMS.get(bare) ?? SYNONYMS.get(stem(bare)) ?? stem(bare);
}

/** A light stem: plural and verb endings off ("deficits" → "deficit", "funded" → "fund"). */
function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ies')) return word.slice(0, -3) + 'y';
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  // "regional" → "region", "national" → "nation" (both sides stem alike, so "hospital" → "hospit" is harmless).
  if (word.length > 6 && word.endsWith('al')) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** What a claim says, for comparing: numbers, negations, direction, names, content words. */
export interface ClaimShape {
  numbers: string[];
  negations: number;
  direction: 'up' | 'down' | 'both' | 'none';
  /** Time words, sorted ("last", "year"). */
  time: string[];
  /** Capitalized words inside the sentence (names), and the capitalized first word (maybe a name). */
  names: Set<string>;
  initials: Set<string>;
  /** Content words: not numbers, negations, directions, time or stop words; attribution left out. */
  words: Set<string>;
}

/** Words that say when: two claims naming a time must name the same one ("last year" is not "this year"). */
const TIME_WORDS = new Set(
  'last next this year years month months week weeks day days quarter winter summer spring autumn fall since until after before ago decade january february march april may june july august september october november december'.split(
    ' ',
  ),
);

/** Who says so is not what is claimed: "according to X", "X said" come off before comparing. */
const ATTRIBUTIONS = [
  /^according to [^,]{1,80},\s*/i,
  /,?\s*according to [^,.;]{1,80}(?=[,.;]|$)/i,
  /,\s*(?:[^,.;]{1,60}?\s)?(?:said|says|reported|reports|announced|estimated|estimates|told [^,.;]{1,40})\s*(?=[.;]?\s*$)/i,
];

export function stripAttribution(text: string): string {
  let out = text.trim();
  for (const re of ATTRIBUTIONS) out = out.replace(re, '');
  return out;
}

export function claimShape(claim: string): ClaimShape {
  const text = stripAttribution(claim);
  const tokens = tokenize(text);
  const time: string[] = [];
  const numbers: string[] = [];
  const words = new Set<string>();
  const names = new Set<string>();
  const initials = new Set<string>();
  let negations = 0;
  let up = false;
  let down = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const w = t.norm;
    const raw = text.slice(t.start, t.end);
    const next = tokens[i + 1]?.norm;
    const numeric = /^[$€£¥]?\d[\d,]*(?:\.\d+)?%?$/.test(w) ? Number(w.replace(/[$€£¥,%]/g, '')) : NUMBER_WORDS[w];
    if (numeric !== undefined && !Number.isNaN(numeric)) {
      let value = numeric;
      let percent = w.endsWith('%');
      if (next && SCALES[next] !== undefined) {
        value *= SCALES[next];
        i++;
      }
      const after = tokens[i + 1]?.norm;
      if (after === 'percent' || (after === 'per' && tokens[i + 2]?.norm === 'cent')) percent = true;
      numbers.push(`${value}${percent ? '%' : ''}`);
      continue;
    }
    if (isNegation(w)) {
      negations++;
      continue;
    }
    if (UP.has(w)) up = true;
    if (DOWN.has(w)) down = true;
    if (TIME_WORDS.has(w)) {
      time.push(w === 'years' ? 'year' : w);
      continue;
    }
    if (UP.has(w) || DOWN.has(w) || STOP_WORDS.has(w)) continue;
    // A capitalized word is a name; at the start of the sentence it only may be ("York house prices", "House prices").
    const sentenceStart = i === 0 || /[.!?:]\s*$/.test(text.slice(tokens[i - 1].end, t.start));
    if (/^\p{Lu}/u.test(raw)) (sentenceStart ? initials : names).add(canonical(w));
    words.add(canonical(w));
  }
  return {
    numbers: numbers.sort(),
    negations,
    direction: up && down ? 'both' : up ? 'up' : down ? 'down' : 'none',
    time: [...new Set(time)].sort(),
    names,
    initials,
    words,
  };
}

/** Why two claims cannot be the same claim, or undefined when they may be. */
export function claimConflict(a: ClaimShape, b: ClaimShape): string | undefined {
  if (a.numbers.join(' ') !== b.numbers.join(' ')) return 'the numbers differ';
  if (a.negations % 2 !== b.negations % 2) return 'one is negated';
  if (a.direction !== b.direction) return 'the direction differs';
  if (a.time.length && b.time.length && a.time.join(' ') !== b.time.join(' ')) return 'the time differs';
  // A name of one that the other lacks, while the other has a name (or a capitalized first word) of
  // its own: another place or person ("Porto's fares" vs "fares in Lisbon").
  const lacking = (x: ClaimShape, y: ClaimShape, own: Iterable<string>) => [...own].some((n) => !y.words.has(n));
  if ((lacking(a, b, a.names) && lacking(b, a, [...b.names, ...b.initials])) || (lacking(b, a, b.names) && lacking(a, b, [...a.names, ...a.initials])))
    return 'the names differ';
  return undefined;
}

/**
 * Content-word overlap: shared words over the smaller claim's words (a claim restated without its
 * attribution, "the land registry said", is still the claim), and the count of shared words.
 */
export function claimSimilarity(a: ClaimShape, b: ClaimShape): { similarity: number; shared: number } {
  let shared = 0;
  for (const w of a.words) if (b.words.has(w)) shared++;
  const smaller = Math.min(a.words.size, b.words.size);
  return { similarity: smaller ? shared / smaller : 0, shared };
}

/** Whether two claim texts state the same claim (same numbers, negation, direction; reworded). */
export function sameClaim(a: string, b: string): { match: boolean; similarity: number; conflict?: string } {
  const sa = claimShape(a);
  const sb = claimShape(b);
  const conflict = claimConflict(sa, sb);
  const { similarity, shared } = claimSimilarity(sa, sb);
  return { match: !conflict && closeEnough(sa, sb, similarity, shared), similarity, ...(conflict ? { conflict } : {}) };
}

/** Enough shared content: the overlap, and shared words (fewer when equal numbers already tie the claims). */
function closeEnough(a: ClaimShape, b: ClaimShape, similarity: number, shared: number): boolean {
  const needed = a.numbers.length ? MIN_SHARED_WITH_NUMBERS : MIN_CLAIM_SHARED_WORDS;
  return similarity >= CLAIM_MATCH_MIN_SIMILARITY && shared >= needed;
}

/** The noted passages of a workspace, searchable by claim. */
export class VerdictIndex {
  private readonly search = new MiniSearch<NotedPassage & { shape?: ClaimShape }>({
    fields: ['text'],
    storeFields: [],
    tokenize: (text) => tokenize(text).map((t) => t.norm),
    processTerm: (term) => (STOP_WORDS.has(term) ? null : canonical(term)),
  });
  private readonly passages = new Map<string, { passage: NotedPassage; shape: ClaimShape }>();

  get size(): number {
    return this.passages.size;
  }

  add(passage: NotedPassage): void {
    const shape = claimShape(passage.text);
    if (!standsForClaim(shape)) return;
    if (this.passages.has(passage.id)) this.remove(passage.id);
    this.passages.set(passage.id, { passage, shape });
    this.search.add({ ...passage });
  }

  remove(id: string): void {
    if (!this.passages.has(id)) return;
    this.search.discard(id);
    this.passages.delete(id);
  }

  /** Passages of other files that state `claim` (best first). */
  matches(claim: string, exceptFile?: string): CheckedBefore[] {
    const shape = claimShape(claim);
    if (!standsForClaim(shape)) return [];
    const hits = this.search.search(claim, { combineWith: 'OR' }).slice(0, CLAIM_CANDIDATES);
    const out: CheckedBefore[] = [];
    for (const hit of hits) {
      const entry = this.passages.get(String(hit.id));
      if (!entry || entry.passage.file === exceptFile) continue;
      if (claimConflict(shape, entry.shape)) continue;
      const { similarity, shared } = claimSimilarity(shape, entry.shape);
      if (closeEnough(shape, entry.shape, similarity, shared)) out.push({ ...entry.passage, similarity: Math.round(similarity * 1000) / 1000 });
    }
    return out.sort((a, b) => b.similarity - a.similarity || (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  }
}
