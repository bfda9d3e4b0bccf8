// Hedged language cues: modal verbs, epistemic verbs, hedging adverbs and weasel attributions.
// The cue list is data (lexicons/hedges.json); this file compiles it into patterns matched word by
// word and applies context rules to the ambiguous words ("May" the month, "military might",
// "appeared on television", "could not", root "may also include", past-ability "she could read",
// "widely available", "used to indicate", "an unknown sailor"). Conditionals ("if") and
// hypotheticals ("would") are not cues: they do not express doubt about a fact (users may add them
// back as extra words). Each sentence is processed on its own, so results for a sentence depend
// only on its text.
import lexiconData from './lexicons/hedges.json';
import type { Hedge, HedgeCategory, TextStructure } from './types';
import { foldWord } from './text';
import { FORM_HASH_PRIME, FORM_HASH_SEED, FormTable, formKey, formKeyOf } from './word-forms';
import { wordSet } from './word-lists';
import { cueFeatureNames, sentenceFeatureNames, type CueSource, type RuleVerdict } from './hedges-model';

export interface HedgeOptions {
  /** Extra cues (lower-case phrases); they get the category of a known cue word or a guessed one. */
  extraHedgeWords?: string[];
  /** Cues never reported (lower-case phrases); a cue containing one of them is not reported either. */
  ignoredWords?: string[];
}

interface Lexicon {
  sets: Record<string, string[]>;
  categories: Record<HedgeCategory, string>;
  cues: Record<HedgeCategory, string[]>;
  /** Constructions that mark an unnamed source ("who asked not to be named"): weasel cues with their own explanation. */
  anonymous: string[];
  explanations: Record<string, string>;
}

/**
 * One word of the text, with its offsets into the whole text. Token objects are pooled and reused
 * from sentence to sentence. The lower-case form comes from the word's form (see `forms`), worked out
 * once per distinct spelling and looked up only when first read: most words are never looked at
 * beyond a cheap first-word filter.
 */
class Token {
  start = 0;
  end = 0;
  /** Whether the word starts with a capital letter. */
  capitalized = false;
  /** Whether only whitespace or one hyphen separates this word from the next (phrases may continue). */
  joinsNext = false;
  /** Whether a hyphen joins this word to the next ("many-valued", "so-called"). */
  hyphenNext = false;
  /** The word's slot in the first-word filters (see firstWordSlot), or -1 (not ASCII, or not a-z at both ends). */
  slot = -1;
  text = '';
  /** The key of the word's characters (see formKey). */
  key = 0;
  /** The word's id in `forms` once looked up, else -1 (valid until the next tokenize call). */
  form = -1;

  reset(text: string, start: number, end: number, key: number, slot: number, capitalized: boolean): void {
    this.text = text;
    this.start = start;
    this.end = end;
    this.key = key;
    this.form = -1;
    this.slot = slot;
    this.capitalized = capitalized;
    this.joinsNext = false;
    this.hyphenNext = false;
  }

  /** The id of the word's form, added to the forms if new. */
  formId(): number {
    let form = this.form;
    if (form < 0) {
      form = forms.find(this.text, this.start, this.end, this.key);
      if (form < 0) {
        form = forms.add(this.text, this.start, this.end, this.key);
        describeForm(form);
      }
      this.form = form;
    }
    return form;
  }

  /** Lower-case, typographic apostrophes folded to '. */
  get lower(): string {
    return formLower[this.formId()];
  }
}

// Word forms: the spellings seen, each folded once (see word-forms.ts), with the base patterns it can start.

/** The forms seen; cleared when it holds this many (an article has a few thousand). */
const MAX_FORMS = 100_000;
const forms = new FormTable();
/** Per form id: the folded word and its entry in the base dispatch (null: none; undefined: not looked up yet). */
const formLower: string[] = [];
const formDispatch: (Dispatch | null | undefined)[] = [];

function describeForm(id: number): void {
  const raw = forms.form(id);
  // Lower-case ASCII letters only: the spelling is already the folded word.
  let plain = true;
  for (let k = 0; k < raw.length && plain; k++) {
    const c = raw.charCodeAt(k);
    if (c < 97 || c > 122) plain = false;
  }
  formLower[id] = plain ? raw : foldWord(raw);
  formDispatch[id] = undefined;
}

/**
 * The base patterns a token can start (its form's dispatch entry, looked up once per form). `filter`:
 * the first words of the base patterns (Compiled.firstWords without user patterns), a cheaper test first.
 */
function dispatchOf(token: Token, dispatch: Map<string, Dispatch>, filter: Uint8Array): Dispatch | null {
  if (cannotStartCue(token, filter)) return null;
  const form = token.formId();
  let entry = formDispatch[form];
  if (entry === undefined) formDispatch[form] = entry = dispatch.get(formLower[form]) ?? null;
  return entry;
}

/** A pattern element: alternatives (each a sequence of lower-case words), indexed by their first word. */
type Element = Map<string, string[][]>;

interface Pattern {
  elements: Element[];
  category: HedgeCategory;
  /** The pattern as written in the lexicon, for explanations and debugging. */
  source: string;
  /** User-supplied cues are taken as given: no context rules. */
  fromUser?: boolean;
  /** The explanation of every match (anonymous sources), instead of one looked up by its words. */
  explanation?: string;
}

/** A pattern reachable from one first word, with the words that can follow it (null: none needed). */
interface Entry {
  pattern: Pattern;
  /** Words that can come second; lets most candidates be rejected with one lookup. Null if the first word alone can match. */
  second: Set<string> | null;
}

interface Matcher {
  /** Patterns indexed by every word they can start with. */
  byFirstWord: Map<string, Entry[]>;
}

/** The entries of one first word, already narrowed by the word that follows it (order kept). */
interface Dispatch {
  /** Entries that need no second word: the candidates when the next word is none or unknown. */
  alone: Entry[];
  /** For each possible second word, the entries it admits (with the `alone` ones, in entry order). */
  bySecond: Map<string, Entry[]>;
}

function buildDispatch(matcher: Matcher): Map<string, Dispatch> {
  const dispatch = new Map<string, Dispatch>();
  for (const [w, entries] of matcher.byFirstWord) {
    const seconds = new Set<string>();
    for (const e of entries) if (e.second) for (const k of e.second) seconds.add(k);
    const bySecond = new Map<string, Entry[]>();
    for (const k of seconds)
      bySecond.set(
        k,
        entries.filter((e) => !e.second || e.second.has(k)),
      );
    dispatch.set(w, { alone: entries.filter((e) => !e.second), bySecond });
  }
  return dispatch;
}

const CATEGORIES: HedgeCategory[] = ['modal', 'epistemic', 'adverb', 'weasel'];
const lexicon = lexiconData as unknown as Lexicon;

function words(phrase: string): string[] {
  return tokenize(phrase, 0, phrase.length).map((t) => t.lower);
}

function compileElement(token: string, sets: Record<string, string[]>): Element {
  const element: Element = new Map();
  const add = (ws: string[]): void => {
    if (!ws.length) return;
    const list = element.get(ws[0]);
    if (list) list.push(ws);
    else element.set(ws[0], [ws]);
  };
  for (const alt of token.split('|')) {
    const set = /^\{(\w+)\}$/.exec(alt);
    if (set) for (const item of sets[set[1]] ?? []) add(words(item));
    else add(words(alt));
  }
  return element;
}

function compilePattern(phrase: string, category: HedgeCategory, sets: Record<string, string[]>): Pattern | undefined {
  const elements = phrase
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => compileElement(t, sets));
  if (!elements.length || elements.some((e) => !e.size)) return undefined;
  return { elements, category, source: phrase };
}

function addPattern(matcher: Matcher, pattern: Pattern): void {
  for (const [w, alternatives] of pattern.elements[0]) {
    let second: Set<string> | null = new Set();
    for (const alt of alternatives) {
      if (alt.length > 1) second.add(alt[1]);
      else if (pattern.elements.length > 1) for (const k of pattern.elements[1].keys()) second.add(k);
      else {
        second = null;
        break;
      }
    }
    const entry: Entry = { pattern, second };
    const list = matcher.byFirstWord.get(w);
    if (list) list.push(entry);
    else matcher.byFirstWord.set(w, [entry]);
  }
}

let baseMatcher: Matcher | undefined;
let baseDispatch: Map<string, Dispatch> | undefined;

function getBaseDispatch(): Map<string, Dispatch> {
  return (baseDispatch ??= buildDispatch(getBaseMatcher()));
}

function getBaseMatcher(): Matcher {
  if (baseMatcher) return baseMatcher;
  const matcher: Matcher = { byFirstWord: new Map() };
  for (const category of CATEGORIES) {
    for (const phrase of lexicon.cues[category] ?? []) {
      const p = compilePattern(phrase, category, lexicon.sets);
      if (p) addPattern(matcher, p);
    }
  }
  // Anonymous sources: "a council official, who asked not to be named, said ..." hides who speaks.
  for (const phrase of lexicon.anonymous) {
    const p = compilePattern(phrase, 'weasel', lexicon.sets);
    if (!p) throw new Error(`lexicons/hedges.json: the anonymous-source pattern "${phrase}" matches nothing`);
    addPattern(matcher, { ...p, explanation: lexicon.explanations['anonymous source'] });
  }
  baseMatcher = matcher;
  return matcher;
}

/** The end token index (exclusive) of the longest match of `pattern` at token `i`, or -1. */
function matchPattern(tokens: Token[], i: number, pattern: Pattern): number {
  return walk(tokens, i, pattern, 0, i);
}

/** Longest end for elements[element..] of `pattern` matched from token `at`, or -1. */
function walk(tokens: Token[], i: number, pattern: Pattern, element: number, at: number): number {
  if (element === pattern.elements.length) return at;
  // Phrases do not run across punctuation.
  if (at >= tokens.length || (at > i && !tokens[at - 1].joinsNext)) return -1;
  const alternatives = pattern.elements[element].get(tokens[at].lower);
  if (!alternatives) return -1;
  let best = -1;
  for (const alt of alternatives) {
    let k = 1;
    for (; k < alt.length; k++) {
      const t = at + k;
      if (t >= tokens.length || tokens[t].lower !== alt[k] || !tokens[t - 1].joinsNext) break;
    }
    if (k === alt.length) best = Math.max(best, walk(tokens, i, pattern, element + 1, at + alt.length));
  }
  return best;
}

// Sticky: tests the code point at lastIndex in place, without slicing the text.
const LETTER_OR_DIGIT = /[\p{L}\p{N}\p{M}]/uy;
const UPPER_FIRST = /^\p{Lu}/u;

/** Per BMP code unit beyond ASCII: 0 not yet known, 1 letter/digit/mark, 2 anything else. */
const nonAsciiClass = new Uint8Array(0x10000);

/** Length (1 or 2 UTF-16 units) of the letter/digit/mark at `i`, or 0 (ASCII fast path; surrogate pairs whole). */
function isWordChar(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ? 1 : 0;
  if (c < 0xd800 || c > 0xdfff) {
    // Outside surrogates the answer depends on the code unit alone: ask Unicode once per unit.
    let known = nonAsciiClass[c];
    if (known === 0) {
      LETTER_OR_DIGIT.lastIndex = i;
      known = LETTER_OR_DIGIT.test(text) ? 1 : 2;
      nonAsciiClass[c] = known;
    }
    return known === 1 ? 1 : 0;
  }
  LETTER_OR_DIGIT.lastIndex = i;
  if (!LETTER_OR_DIGIT.test(text)) return 0;
  return c <= 0xdbff ? 2 : 1;
}

const isSpace = (c: number): boolean =>
  c === 32 ||
  c === 9 ||
  c === 10 ||
  c === 13 ||
  c === 0xa0 ||
  (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 ||
  c === 0x2029 ||
  c === 0x202f ||
  c === 0x3000 ||
  c === 12 ||
  c === 11;

/** Token objects reused between sentences. */
const tokenPool: Token[] = [];
/** tokenArrays[n] holds tokenPool[0..n), for n below SHARED_TOKEN_ARRAYS. */
const SHARED_TOKEN_ARRAYS = 256;
const tokenArrays: Token[][] = [];

/**
 * Words of text[start, end): letters/digits with inner apostrophes ("wouldn't", "it's"). One pass, linear.
 * Returns pooled tokens, valid until the next call.
 */
function tokenize(text: string, start: number, end: number): Token[] {
  // Between sentences no form id is held: the table may start over.
  if (forms.size >= MAX_FORMS) forms.clear();
  let count = 0;
  let i = start;
  // The characters since the last token: how many, whether all are white space, whether the first is a
  // hyphen. A token joins the next (phrases may continue) across white space or one hyphen.
  let gapLength = 0;
  let gapAllSpace = true;
  let gapHyphen = false;
  while (i < end) {
    let n = isWordChar(text, i);
    if (!n) {
      const c = text.charCodeAt(i);
      if (gapLength++ === 0 && c === 45) gapHyphen = true;
      if (!isSpace(c)) gapAllSpace = false;
      i++;
      continue;
    }
    if (count > 0) {
      const previous = tokenPool[count - 1];
      if (gapLength === 1 && gapHyphen) previous.hyphenNext = previous.joinsNext = true;
      else previous.joinsNext = gapAllSpace;
    }
    gapLength = 0;
    gapAllSpace = true;
    gapHyphen = false;
    const s = i;
    let ascii = true;
    // What the form's key is made of (see formKey), accumulated while scanning: its hash and its characters packed.
    let h = FORM_HASH_SEED;
    let packed = 0;
    while (i < end) {
      // One read per character: ASCII letters and digits answered inline, the rest as isWordChar does.
      const c = text.charCodeAt(i);
      if (c < 128) {
        if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || (c === 39 && i + 1 < end && isWordChar(text, i + 1))) {
          h = Math.imul(h ^ c, FORM_HASH_PRIME);
          packed = (packed << 7) | c;
          i++;
          continue;
        }
        break;
      }
      n = isWordChar(text, i);
      if (n || (c === 0x2019 && i + 1 < end && isWordChar(text, i + 1))) {
        ascii = false;
        h = Math.imul(h ^ c, FORM_HASH_PRIME);
        if (n === 2) h = Math.imul(h ^ text.charCodeAt(i + 1), FORM_HASH_PRIME);
        i += n || 1;
        continue;
      }
      break;
    }
    let key: number;
    if (i > end) {
      // A surrogate pair cut by the end: the word stops at the end, and so does its key.
      i = end;
      key = formKeyOf(text, s, i);
    } else key = formKey(h, packed, i - s, ascii);
    const first = text.charCodeAt(s);
    const capitalized = first < 128 ? first >= 65 && first <= 90 : UPPER_FIRST.test(text.slice(s, s + 2));
    let token = tokenPool[count];
    if (token === undefined) tokenPool[count] = token = new Token();
    // Only an ASCII word can be ruled out by the first-word filters.
    const slot = ascii ? firstWordSlot(first, text.charCodeAt(i - 1), i - s) : -1;
    token.reset(text, s, i, key, slot, capitalized);
    count++;
  }
  // An array of the exact size. Pooled tokens never move, so the array for a given count always holds
  // the same objects: short sentences reuse one (callers only read it); long ones get their own.
  if (count < SHARED_TOKEN_ARRAYS) return (tokenArrays[count] ??= tokenPool.slice(0, count));
  return tokenPool.slice(0, count);
}

// ---------------------------------------------------------------------------------------------
// Context rules for single ambiguous words. Each returns false when the word is not a hedge here.

const BE = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', "isn't", "wasn't", "aren't", "weren't"]);
const NEGATION = new Set(['not', 'never', 'no', 'hardly', 'barely', 'scarcely']);
/** Words before a quantifier or 'unknown' that make it plain counting or description ("its many cars", "an unknown soldier"). */
const DETERMINERS = wordSet('determiners.hedgeContext');
const OBJECT_WORDS = new Set([...DETERMINERS, 'him', 'them', 'me', 'us', 'it', 'you', 'one', 'some', 'many', 'every', 'each', 'any', 'both']);
const MONTH_CONTEXT = new Set([
  'in',
  'of',
  'on',
  'since',
  'until',
  'till',
  'by',
  'early',
  'late',
  'mid',
  'last',
  'next',
  'this',
  'during',
  'from',
  'through',
  'between',
  'and',
  'to',
  'before',
  'after',
  'throughout',
  'end',
  'beginning',
  'middle',
]);
/** Nouns/adjectives that precede "might" the noun ("military might"). */
const MIGHT_NOUN_BEFORE = new Set([
  'military',
  'economic',
  'naval',
  'industrial',
  'financial',
  'political',
  'nuclear',
  'sheer',
  'great',
  'full',
  'brute',
  'raw',
  'mighty',
  'and',
  'with',
  'main',
]);
/** Words after "appear(ed)" that mean showing up somewhere, not seeming. */
const APPEAR_PLACE = new Set([
  'on',
  'in',
  'at',
  'before',
  'as',
  'with',
  'alongside',
  'onstage',
  'for',
  'during',
  'under',
  'from',
  'live',
  'opposite',
  'briefly',
  'regularly',
  'frequently',
  'again',
  'together',
  'only',
  'first',
  'twice',
  'once',
  'throughout',
  'inside',
  'outside',
  'near',
  'between',
  'among',
  'above',
  'below',
  'over',
  'around',
  'across',
  'beside',
  'behind',
  'here',
  'there',
  'weekly',
  'daily',
  'often',
]);
const POSSIBLE_NOT_HEDGE_AFTER = new Set(['to', 'for', 'in', 'from', 'without', 'by', 'and', 'with', 'under', 'at', 'on', 'through', 'via', 'thanks']);
const POSSIBLE_NOT_HEDGE_BEFORE = new Set([
  'as',
  'where',
  'whenever',
  'wherever',
  'if',
  'when',
  'every',
  'all',
  'made',
  'make',
  'makes',
  'making',
  'impossible',
  'best',
  'highest',
  'lowest',
  'fastest',
  'only',
]);
const THOUGHT_BEFORE = new Set([
  ...BE,
  'widely',
  'generally',
  'commonly',
  'once',
  'long',
  'originally',
  'previously',
  'often',
  'now',
  'also',
  'first',
  'traditionally',
  'popularly',
  'i',
  'we',
  'he',
  'she',
  'they',
  'some',
  'many',
  'others',
  'who',
  'scientists',
  'researchers',
  'experts',
  'historians',
  'scholars',
]);
const NOUN_PHRASE_START = wordSet('determiners.nounPhraseStart');

/** After a vague quantifier, these make it a plain count or duration ("several years", "some 200"), not a weasel. */
const MEASURE_NOUNS = new Set([
  'time',
  'times',
  'year',
  'years',
  'month',
  'months',
  'week',
  'weeks',
  'day',
  'days',
  'hour',
  'hours',
  'minute',
  'minutes',
  'second',
  'seconds',
  'decade',
  'decades',
  'century',
  'centuries',
  'generation',
  'generations',
  'hundred',
  'hundreds',
  'thousand',
  'thousands',
  'million',
  'millions',
  'dozen',
  'dozens',
  'mile',
  'miles',
  'kilometres',
  'kilometers',
  'km',
  'metres',
  'meters',
  'feet',
  'inches',
  'percent',
  'per',
  'more',
  'less',
  'fewer',
  'instances',
  'occasions',
  'seasons',
  'episodes',
  'rounds',
  'games',
  'matches',
  'laps',
  'pages',
  'bytes',
  'units',
  'degrees',
]);

const SUSPECT_NOUN_BEFORE = new Set([
  'murder',
  'main',
  'prime',
  'key',
  'chief',
  'usual',
  'two',
  'three',
  'several',
  'other',
  'male',
  'female',
  'arrested',
  'terror',
  'terrorism',
  'robbery',
  'police',
  'alleged',
  'possible',
  'potential',
  'no',
  'one',
  'any',
  'every',
  'each',
  'first',
  'second',
  'last',
  'another',
]);

/** Verbs of perception and skill: after "could" they report what someone was able to do ("could see", "could speak"). */
const ABILITY_VERBS = new Set([
  'see',
  'hear',
  'feel',
  'smell',
  'taste',
  'find',
  'read',
  'write',
  'speak',
  'talk',
  'sing',
  'play',
  'swim',
  'walk',
  'run',
  'ride',
  'drive',
  'fly',
  'afford',
  'recite',
  'remember',
  'recall',
  'understand',
  'reach',
  'earn',
  'do',
  'make',
  'hold',
  'take',
  'get',
  'buy',
  'move',
  'carry',
  'lift',
  'climb',
  'escape',
  'manage',
  'vote',
  'enter',
  'leave',
  'travel',
  'work',
  'use',
  'choose',
  'communicate',
  'recognize',
  'recognise',
  'distinguish',
  'identify',
  'explore',
  'build',
  'succeed',
  'compete',
  'attend',
]);
/** Personal subjects: "he could", "nobody could" usually tell what a person was able to do. */
const PERSONAL_SUBJECTS = new Set([
  'i',
  'he',
  'she',
  'we',
  'they',
  'you',
  'who',
  'nobody',
  'everyone',
  'everybody',
  'anyone',
  'anybody',
  'someone',
  'somebody',
  'people',
  'players',
  'visitors',
  'users',
]);

/** Words of extent and spread next to "widely" ("widely available", "travelled widely", "vary widely"); not "widely used", an unquantified claim of popularity. */
const SPREAD_WORDS = new Set([
  'available',
  'distributed',
  'spread',
  'spaced',
  'separated',
  'scattered',
  'dispersed',
  'grown',
  'cultivated',
  'planted',
  'sold',
  'published',
  'circulated',
  'travelled',
  'traveled',
  'adopted',
  'applied',
  'employed',
  'practiced',
  'practised',
  'produced',
  'found',
  'varied',
  'varying',
  'vary',
  'varies',
  'differ',
  'differs',
  'differed',
  'different',
  'range',
  'ranges',
  'ranged',
  'across',
  'over',
  'throughout',
  'between',
  'among',
  'apart',
  'read',
  'toured',
  'exhibited',
  'performed',
  'recorded',
  'broadcast',
  'deployed',
  'installed',
  'imitated',
  'copied',
]);
/** Degree words that make "unknown" mean little-known, obscure ("relatively unknown"). */
const OBSCURITY_DEGREE = new Set([
  'relatively',
  'largely',
  'virtually',
  'little',
  'mostly',
  'almost',
  'completely',
  'totally',
  'previously',
  'then',
  'hitherto',
  'comparatively',
]);

/** Subjects of rule-giving "may" (games, law, membership terms). */
const PERMITTED_SUBJECTS = new Set([
  'player',
  'players',
  'user',
  'users',
  'guest',
  'guests',
  'member',
  'members',
  'participant',
  'participants',
  'applicant',
  'applicants',
  'visitor',
  'visitors',
  'customer',
  'customers',
  'citizen',
  'citizens',
  'voter',
  'voters',
  'passenger',
  'passengers',
  'student',
  'students',
  'employee',
  'employees',
  'batsman',
  'bowler',
  'you',
  'one',
  'partners',
  'spouse',
  'holder',
  'holders',
  'owner',
  'owners',
  'subscriber',
  'subscribers',
  'contestant',
  'contestants',
  'team',
  'teams',
  'readers',
  'reader',
  'tenant',
  'tenants',
  'licensee',
  'licensees',
]);

type Rule = (tokens: Token[], i: number) => boolean;

const prev = (tokens: Token[], i: number, by = 1): string => (i - by >= 0 && tokens[i - by].joinsNext ? tokens[i - by].lower : '');
const next = (tokens: Token[], i: number, by = 1): string => {
  for (let k = i; k < i + by; k++) if (k >= tokens.length - 1 || !tokens[k].joinsNext) return '';
  return tokens[i + by].lower;
};
const isNumber = (s: string): boolean => /^\d/.test(s);
const isCapitalized = (t: Token | undefined): boolean => !!t && t.capitalized;

/** Whether the token is written in capitals (two letters or more) and so is a neighbour: an all-caps line. */
function isShouted(tokens: Token[], i: number): boolean {
  const caps = (k: number): boolean => {
    if (k < 0 || k >= tokens.length) return false;
    const { text, start, end } = tokens[k];
    if (end - start < 2) return false;
    const word = text.slice(start, end);
    return word === word.toUpperCase() && word !== word.toLowerCase();
  };
  return caps(i) && (caps(i - 1) || caps(i + 1));
}

const quantifierRule: Rule = (tokens, i) => {
  const after = next(tokens, i);
  const before = prev(tokens, i);
  if (isNumber(after) || MEASURE_NOUNS.has(after) || tokens[i].hyphenNext) return false;
  // "its many cars", "the several guests", "as many as 60", "how many": plain counting.
  if (DETERMINERS.has(before) || before === 'as' || before === 'how' || before === 'too') return false;
  // "for some time", "in a few": a duration or count, not a vague source.
  return !(after === 'of' && MEASURE_NOUNS.has(next(tokens, i, 2)));
};

const RULES: Record<string, Rule> = {
  may(tokens, i) {
    const t = tokens[i];
    // In an all-caps headline ("OFFICIALS MAY DELAY VOTE") the capital says nothing: read it as lower case.
    if (!t.capitalized || (isShouted(tokens, i) && !isNumber(next(tokens, i)) && !isNumber(prev(tokens, i))))
      return !isPermission(tokens, i) && isEpistemicMay(tokens, i);
    // "May 5", "5 May", "in May", "May 2024": the month. Mid-sentence "May" is a month or a name.
    const after = next(tokens, i);
    if (isNumber(after) || isNumber(prev(tokens, i)) || MONTH_CONTEXT.has(prev(tokens, i))) return false;
    if (i > 0) return false;
    // Sentence-initial: "May I ..." is modal; "May, 2024" / "May Day" is not.
    return after === 'i' || after === 'we' || (!!after && !isCapitalized(tokens[i + 1]));
  },
  might(tokens, i) {
    const before = prev(tokens, i);
    const after = next(tokens, i);
    if (DETERMINERS.has(before) || MIGHT_NOUN_BEFORE.has(before) || /'s$/.test(before)) return false;
    if (!after || after === 'of' || after === 'and') return false;
    return true;
  },
  could(tokens, i) {
    // "could not", "could also be worn", "could be opened": inability, options and capacities, not doubt.
    const after = next(tokens, i);
    if (NEGATION.has(after) || after === 'also' || after === 'only' || after === 'easily') return false;
    // "she could read at four", "they could see the coast": past ability of a person, not a guess.
    if (ABILITY_VERBS.has(after)) return false;
    if (PERSONAL_SUBJECTS.has(prev(tokens, i)) && after !== 'be' && after !== 'have' && !MAY_EPISTEMIC_NEXT.has(after)) return false;
    return !isCapacityPassive(tokens, i);
  },
  some: quantifierRule,
  many: quantifierRule,
  several: quantifierRule,
  numerous: quantifierRule,
  certain(tokens, i) {
    // "certain critics", "in certain cases": a vague selection. "is certain", "almost certain", "for certain": sureness.
    const before = prev(tokens, i);
    const after = next(tokens, i);
    if (
      !after ||
      BE.has(before) ||
      before === 'almost' ||
      before === 'for' ||
      before === 'not' ||
      before === 'very' ||
      before === 'quite' ||
      before === 'fairly' ||
      before === 'less' ||
      before === 'more' ||
      before === 'became' ||
      before === 'seemed' ||
      before === 'seems'
    )
      return false;
    return after !== 'that' && after !== 'of' && after !== 'to' && after !== 'whether' && after !== 'and' && quantifierRule(tokens, i);
  },
  appear: appearRule,
  appears: appearRule,
  appeared: appearRule,
  appearing: appearRule,
  possible(tokens, i) {
    if (POSSIBLE_NOT_HEDGE_AFTER.has(next(tokens, i)) || POSSIBLE_NOT_HEDGE_BEFORE.has(prev(tokens, i))) return false;
    // "made the trade possible": enabled, not uncertain.
    for (let k = Math.max(0, i - 4); k < i; k++) if (/^mak(e|es|ing)$|^made$/.test(tokens[k].lower)) return false;
    return true;
  },
  suspect: suspectRule,
  suspects: suspectRule,
  thought(tokens, i) {
    const after = next(tokens, i);
    return after === 'to' || after === 'that' || THOUGHT_BEFORE.has(prev(tokens, i));
  },
  suggest: suggestRule,
  suggests: suggestRule,
  suggested: suggestRule,
  suggesting: suggestRule,
  expected: (tokens, i) => next(tokens, i) === 'to' || next(tokens, i) === 'that',
  expect: (tokens, i) => next(tokens, i) === 'to' || next(tokens, i) === 'that' || OBJECT_WORDS.has(next(tokens, i)),
  unknown(tokens, i) {
    // "The cause is unknown", "of unknown origin": a gap in knowledge. "an unknown soldier", "a relatively
    // unknown band": a nameless or obscure one, which is a plain description.
    const before = prev(tokens, i);
    return !DETERMINERS.has(before) && !OBSCURITY_DEGREE.has(before);
  },
  widely(tokens, i) {
    // "widely believed" claims an unnamed consensus; "widely spaced", "varies widely" tell
    // how far something extends, which is a plain description.
    return !SPREAD_WORDS.has(next(tokens, i)) && !SPREAD_WORDS.has(prev(tokens, i));
  },
  indicate: indicateRule,
  indicates: indicateRule,
  indicated: indicateRule,
  apparent(tokens, i) {
    // "became apparent" means "became evident"; "the apparent suicide" is the hedge.
    const before = prev(tokens, i);
    return !BE.has(before) && before !== 'became' && before !== 'become' && before !== 'becomes' && before !== 'readily';
  },
};

const RULE_BY_WORD = new Map<string, Rule>(Object.entries(RULES));

function ruleFor(word: string): Rule | undefined {
  return RULE_BY_WORD.get(word);
}

/** Words after "may" that keep it epistemic: "may well", "may even", "may possibly", "may or may not". */
const MAY_EPISTEMIC_NEXT = new Set(['well', 'even', 'possibly', 'perhaps', 'or', 'yet', 'still', 'actually', 'indeed']);
/** Word endings of past participles ("used", "taken", "shown", "bought", "done", "spun", "made", "kept", "sold", "held"). */
const PARTICIPLE_ENDING = /(?:ed|en|wn|ght|ne|un|ade|ept|old|eld)$/;

/** Passives of origin and cause ("may be derived from", "may be linked to") guess at a fact rather than describe a use. */
const ORIGIN_PARTICIPLES = new Set([
  'derived',
  'caused',
  'related',
  'linked',
  'connected',
  'based',
  'named',
  'descended',
  'influenced',
  'inspired',
  'attributed',
  'associated',
  'explained',
  'modelled',
  'modeled',
]);

/**
 * Whether "may" speaks of what is possibly the case (epistemic: "may have been", "may be the oldest",
 * "the deal may collapse") rather than of what something can do or is allowed to do (root: "may also
 * include", "may be used to", "may not be copied"). Root uses describe options, forms and rules; they
 * are not uncertainty about facts.
 */
function isEpistemicMay(tokens: Token[], i: number): boolean {
  const after = next(tokens, i);
  if (after === 'have' || MAY_EPISTEMIC_NEXT.has(after)) return true;
  // "may also ...", "may not ...": additional options and prohibitions.
  if (!after || after === 'also' || after === 'not' || after === 'only') return false;
  // "may be used", "may be made of": a passive describing how a thing can be handled.
  return !isCapacityPassive(tokens, i);
}

/** "may be used", "could be folded": a modal passive describing how a thing can be handled. */
function isCapacityPassive(tokens: Token[], modal: number): boolean {
  if (next(tokens, modal) !== 'be') return false;
  const participle = next(tokens, modal, 2);
  return PARTICIPLE_ENDING.test(participle) && !ORIGIN_PARTICIPLES.has(participle);
}

/** "Players may trade cards", "Members may not vote": a rule granting or refusing permission, not a hedge. */
function isPermission(tokens: Token[], i: number): boolean {
  const subject = prev(tokens, i);
  if (!PERMITTED_SUBJECTS.has(subject)) return false;
  let after = next(tokens, i);
  if (after === 'not' || after === 'also' || after === 'only' || after === 'then' || after === 'always' || after === 'still') after = next(tokens, i, 2);
  return after !== 'be' && after !== 'have' && after !== 'well' && after !== 'seem' && after !== 'appear';
}

function appearRule(tokens: Token[], i: number): boolean {
  const before = prev(tokens, i);
  const after = next(tokens, i);
  if (before === 'it' || before === 'there') return true;
  if (after === 'that') return true;
  if (after === 'to') return !OBJECT_WORDS.has(next(tokens, i, 2)) && !isCapitalized(tokens[i + 2]);
  if (!after || APPEAR_PLACE.has(after) || isNumber(after)) return false;
  // "appeared calculated", "appears unlikely", "appeared nervous": a predicate adjective follows.
  return !isCapitalized(tokens[i + 1]) && !OBJECT_WORDS.has(after) && !/ly$/.test(after);
}

/**
 * "The figures indicate a slowdown" infers; "a flag is raised to indicate a foul", "as indicated on the
 * map", "indicated by an arrow" mark or signal something, which is a plain description.
 */
function indicateRule(tokens: Token[], i: number): boolean {
  const before = prev(tokens, i);
  return before !== 'to' && before !== 'as' && next(tokens, i) !== 'by';
}

/** "the suspect fled", "police suspects": the noun, not the verb of suspicion. */
function suspectRule(tokens: Token[], i: number): boolean {
  const before = prev(tokens, i);
  return !DETERMINERS.has(before) && !SUSPECT_NOUN_BEFORE.has(before) && !/'s$/.test(before);
}

function suggestRule(tokens: Token[], i: number): boolean {
  // Imperative "Suggest a name" at a sentence's start is a request, not a hedge.
  return !(i === 0 && tokens[i].lower === 'suggest' && NOUN_PHRASE_START.has(next(tokens, i)));
}

// ---------------------------------------------------------------------------------------------

interface Compiled {
  extra: Matcher;
  ignored: string[][];
  /** Which ASCII words could start a cue (base or user), by firstWordSlot; a cheap test before any lookup. */
  firstWords: Uint8Array;
}

const compiledOptions = new Map<string, Compiled>();
/** The engine passes one options object for every paragraph of a run: compile it once. */
const compiledByObject = new WeakMap<HedgeOptions, { extra: unknown; ignored: unknown; compiled: Compiled }>();

const FILTER_LENGTHS = 32;

/** Slot of an ASCII word by its lower-case first and last letters and length, or -1 unless both are a-z. */
function firstWordSlot(first: number, last: number, length: number): number {
  first |= 32;
  last |= 32;
  if (first < 97 || first > 122 || last < 97 || last > 122) return -1;
  return ((first - 97) * 26 + (last - 97)) * FILTER_LENGTHS + (length < FILTER_LENGTHS ? length : FILTER_LENGTHS - 1);
}

function firstWordFilter(matchers: Matcher[]): Uint8Array {
  const filter = new Uint8Array(26 * 26 * FILTER_LENGTHS);
  for (const matcher of matchers) {
    for (const w of matcher.byFirstWord.keys()) {
      const slot = firstWordSlot(w.charCodeAt(0), w.charCodeAt(w.length - 1), w.length);
      if (slot >= 0) filter[slot] = 1;
    }
  }
  return filter;
}

/** Whether the token's lower-case form cannot be a key of the filtered words (tested on ASCII tokens only). */
let secondWordSlots: Uint8Array | undefined;

/** The filter of every word that can come second in a base pattern (keys of the dispatch's bySecond maps). */
function getSecondWordSlots(): Uint8Array {
  if (secondWordSlots) return secondWordSlots;
  const seconds: Matcher = { byFirstWord: new Map() };
  for (const d of getBaseDispatch().values()) for (const k of d.bySecond.keys()) seconds.byFirstWord.set(k, []);
  return (secondWordSlots = firstWordFilter([seconds]));
}

function cannotStartCue(token: Token, filter: Uint8Array): boolean {
  const slot = token.slot;
  return slot >= 0 && filter[slot] === 0;
}

/** Option arrays are read as given when first seen with this object; a new object or array recompiles. */
function compileOptions(options: HedgeOptions): Compiled {
  const known = compiledByObject.get(options);
  if (known && known.extra === options.extraHedgeWords && known.ignored === options.ignoredWords) return known.compiled;
  const compiled = compileOptionsByContent(options);
  compiledByObject.set(options, { extra: options.extraHedgeWords, ignored: options.ignoredWords, compiled });
  return compiled;
}

function compileOptionsByContent(options: HedgeOptions): Compiled {
  const key = JSON.stringify([options.extraHedgeWords ?? [], options.ignoredWords ?? []]);
  const cached = compiledOptions.get(key);
  if (cached) return cached;
  const extra: Matcher = { byFirstWord: new Map() };
  for (const phrase of options.extraHedgeWords ?? []) {
    if (typeof phrase !== 'string') continue;
    const ws = words(phrase);
    if (!ws.length) continue;
    addPattern(extra, { elements: ws.map((w): Element => new Map([[w, [[w]]]])), category: guessCategory(ws), source: ws.join(' '), fromUser: true });
  }
  const ignored = (options.ignoredWords ?? [])
    .filter((p): p is string => typeof p === 'string')
    .map(words)
    .filter((ws) => ws.length > 0);
  const compiled = { extra, ignored, firstWords: firstWordFilter([getBaseMatcher(), extra]) };
  if (compiledOptions.size > 50) compiledOptions.clear();
  compiledOptions.set(key, compiled);
  return compiled;
}

const MODALS = new Set(['may', 'might', 'could', 'would', 'should', 'must', 'can', 'shall', 'will']);
const WEASEL_WORDS = new Set([
  'some',
  'many',
  'most',
  'several',
  'various',
  'people',
  'experts',
  'critics',
  'sources',
  'officials',
  'observers',
  'analysts',
  'say',
  'says',
  'said',
  'according',
  'others',
  'widely',
]);

/** A category for a user-supplied cue: that of a known cue word it contains, else a guess from its form. */
function guessCategory(ws: string[]): HedgeCategory {
  const base = getBaseMatcher();
  for (const w of ws) {
    for (const { pattern } of base.byFirstWord.get(w) ?? []) {
      if (pattern.elements.length === 1) return pattern.category;
    }
  }
  if (ws.some((w) => MODALS.has(w))) return 'modal';
  if (ws.some((w) => WEASEL_WORDS.has(w))) return 'weasel';
  if (ws.length === 1 && /ly$/.test(ws[0])) return 'adverb';
  return 'epistemic';
}

function isIgnored(tokens: Token[], from: number, to: number, ignored: string[][]): boolean {
  for (const phrase of ignored) if (containsSequence(tokens, from, to, phrase)) return true;
  return false;
}

function containsSequence(haystack: Token[], from: number, to: number, needle: string[]): boolean {
  for (let s = from; s + needle.length <= to; s++) {
    let k = 0;
    while (k < needle.length && haystack[s + k].lower === needle[k]) k++;
    if (k === needle.length) return true;
  }
  return false;
}

/** Explanations already worked out, by pattern and cue words. */
const explanationCache = new WeakMap<Pattern, Map<string, string>>();

/** The explanation of the cue tokens[from, to) matching `pattern`. */
function explain(pattern: Pattern, tokens: Token[], from: number, to: number): string {
  // The cue words joined by spaces: most cues are one word, which needs no new string.
  let key = tokens[from].lower;
  for (let k = from + 1; k < to; k++) key += ' ' + tokens[k].lower;
  let known = explanationCache.get(pattern);
  if (!known) explanationCache.set(pattern, (known = new Map()));
  let explanation = known.get(key);
  if (explanation === undefined) {
    explanation = explainAnew(
      pattern,
      tokens.slice(from, to).map((t) => t.lower),
    );
    if (known.size > 1000) known.clear();
    known.set(key, explanation);
  }
  return explanation;
}

function explainAnew(pattern: Pattern, cueWords: string[]): string {
  if (pattern.explanation) return pattern.explanation;
  const ex = (key: string): string | undefined => (Object.hasOwn(lexicon.explanations, key) ? lexicon.explanations[key] : undefined);
  const phrase = ex(cueWords.join(' '));
  if (phrase) return phrase;
  if (cueWords[0] === 'according') return ex('according to') ?? lexicon.categories[pattern.category];
  // Only one-word cues take a word's explanation ("suggested" shares "suggest"'s); phrases take their category's.
  if (cueWords.length === 1) {
    const w = cueWords[0];
    const stem = w.replace(/(ing|ed|es|s)$/, '');
    const found = ex(w) ?? (stem.length >= 3 ? (ex(stem) ?? ex(stem + 'e')) : undefined);
    if (found) return found;
  }
  return lexicon.categories[pattern.category];
}

/** Hedge cues in one sentence span, appended to `out` in text order. */
function detectInSentence(text: string, start: number, end: number, compiled: Compiled, out: Hedge[]): void {
  // The base matcher first: building it tokenizes the lexicon, which would reuse the sentence's tokens.
  const base = getBaseMatcher();
  const dispatch = getBaseDispatch();
  const secondWords = getSecondWordSlots();
  const tokens = tokenize(text, start, end);
  const filter = compiled.firstWords;
  const hasUserPatterns = compiled.extra.byFirstWord.size > 0;
  let i = 0;
  while (i < tokens.length) {
    // Without user patterns, a word's dispatch entry (looked up once per form) is the whole test.
    if (hasUserPatterns && cannotStartCue(tokens[i], filter)) {
      i++;
      continue;
    }
    const userPatterns = hasUserPatterns ? compiled.extra.byFirstWord.get(tokens[i].lower) : undefined;
    let candidates: Entry[];
    let following: string | undefined;
    if (userPatterns) {
      const basePatterns = base.byFirstWord.get(tokens[i].lower);
      candidates = basePatterns ? [...userPatterns, ...basePatterns] : userPatterns;
      following = i + 1 < tokens.length && tokens[i].joinsNext ? tokens[i + 1].lower : undefined;
    } else {
      // Base patterns only: the following word picks the candidates in one lookup.
      const entry = dispatchOf(tokens[i], dispatch, filter);
      if (!entry) {
        i++;
        continue;
      }
      candidates = entry.alone;
      if (entry.bySecond.size && i + 1 < tokens.length && tokens[i].joinsNext && !cannotStartCue(tokens[i + 1], secondWords)) {
        following = tokens[i + 1].lower;
        candidates = entry.bySecond.get(following) ?? entry.alone;
      }
      if (!candidates.length) {
        i++;
        continue;
      }
    }
    let bestEnd = -1;
    let bestPattern: Pattern | undefined;
    let blockedEnd = -1;
    // Longest match wins; a single ambiguous word must also pass its context rule.
    for (let c = 0; c < candidates.length; c++) {
      const { pattern, second } = candidates[c];
      if (userPatterns && second && (following === undefined || !second.has(following))) continue;
      const matchEnd = matchPattern(tokens, i, pattern);
      if (matchEnd <= bestEnd) continue;
      if (matchEnd - i === 1 && !pattern.fromUser) {
        const rule = ruleFor(tokens[i].lower);
        if (rule && !rule(tokens, i)) continue;
      }
      if (compiled.ignored.length && isIgnored(tokens, i, matchEnd, compiled.ignored)) {
        blockedEnd = Math.max(blockedEnd, matchEnd);
        continue;
      }
      bestEnd = matchEnd;
      bestPattern = pattern;
    }
    if (bestPattern && bestEnd > blockedEnd) {
      const s = tokens[i].start;
      const e = tokens[bestEnd - 1].end;
      // A one-word cue is its form as written: shared, not cut again.
      const cue = bestEnd === i + 1 ? forms.form(tokens[i].formId()) : text.slice(s, e);
      out.push({ start: s, end: e, cue, category: bestPattern.category, explanation: explain(bestPattern, tokens, i, bestEnd) });
      i = bestEnd;
    } else if (blockedEnd > i) {
      // An ignored phrase covers these words: report nothing inside it.
      i = blockedEnd;
    } else {
      i++;
    }
  }
}

export function detectHedges(text: string, structure: TextStructure, options: HedgeOptions = {}): Hedge[] {
  const hedges: Hedge[] = [];
  if (typeof text !== 'string' || !text || !structure?.sentences?.length) return hedges;
  const compiled = compileOptions(options ?? {});
  let ordered = true;
  let lastStart = -1;
  for (const sentence of structure.sentences) {
    const start = Math.max(0, sentence.start);
    const end = Math.min(text.length, sentence.end);
    if (start < lastStart) ordered = false;
    lastStart = start;
    if (end > start) detectInSentence(text, start, end, compiled, hedges);
  }
  // Sentences normally come in order and do not overlap; if not, restore the span invariants.
  if (!ordered) hedges.sort((x, y) => x.start - y.start || x.end - y.end);
  return dropOverlapsAndExcluded(hedges, structure.excluded ?? [], ordered);
}

/** Keeps hedges in text order without overlaps, and none inside excluded regions (code, URLs, markup). */
function dropOverlapsAndExcluded(hedges: Hedge[], excluded: readonly { start: number; end: number }[], ordered: boolean): Hedge[] {
  if (ordered && !excluded.length) return hedges;
  const regions = [...excluded].sort((x, y) => x.start - y.start);
  const kept: Hedge[] = [];
  let lastEnd = -1;
  let r = 0;
  for (const h of hedges) {
    if (h.start < lastEnd) continue;
    while (r < regions.length && regions[r].end <= h.start) r++;
    // Regions are sorted by start; any overlap with h starts before h ends.
    let inside = false;
    for (let k = r; k < regions.length && regions[k].start < h.end; k++) {
      if (regions[k].end > h.start) {
        inside = true;
        break;
      }
    }
    if (inside) continue;
    kept.push(h);
    lastEnd = h.end;
  }
  return kept;
}

// ---------------------------------------------------------------------------------------------
// Candidates for the learned cue classifier (src/core/hedges-model.ts).

/** A possible cue: the longest lexicon or learned phrase at a word, with what the context rule says. */
export interface CueCandidate {
  /** Token range [from, to) in the sentence. */
  from: number;
  to: number;
  start: number;
  end: number;
  /** The lower-case words joined by spaces. */
  cue: string;
  category: HedgeCategory | 'learned';
  rule: RuleVerdict;
  source: CueSource;
  pattern: Pattern | undefined;
  /** An anonymous-source construction ("who asked not to be named"). */
  anonymous: boolean;
  /** A vague attribution of news ("critics say", "according to officials", "it is believed"). */
  strong: boolean;
}

/**
 * Weasel patterns that attribute a statement to nobody in particular, as news writes it: a decision
 * may keep them whatever the sentence model says (they are what a fact-checker must see), as it keeps
 * anonymous sources.
 */
const ATTRIBUTION_PATTERNS = new Set([
  'it {be} {passive_report_verb}',
  'according to {vague_quantifier}',
  'according to {vague_source}',
  'according to {vague_adjective} {vague_source}',
  'according to {vague_quantifier} {vague_source}',
  '{vague_adjective} {vague_source} {say_verb}',
  '{vague_quantifier} {say_verb}',
  'critics say|said|argue|argued|claim|claimed|contend|charge',
  'it has been said|suggested|argued|claimed|reported|speculated|alleged',
  'it is said|known|claimed|argued|thought|believed|reported|rumored|rumoured|alleged',
  'sources say|said',
  '{vague_source} {say_verb}',
  'others {say_verb}',
  '{vague_quantifier} {vague_source} {say_verb}',
]);

/** Learned cue phrases compiled into a matcher (patterns of plain words). */
function compileLearned(phrases: readonly string[]): Matcher {
  const matcher: Matcher = { byFirstWord: new Map() };
  for (const phrase of phrases) {
    const ws = phrase.split(' ');
    addPattern(matcher, { elements: ws.map((w): Element => new Map([[w, [[w]]]])), category: guessCategory(ws), source: phrase });
  }
  return matcher;
}

/**
 * Every candidate cue of the sentence's tokens, left to right: at each word the longest match of the
 * lexicon (context rules not applied, their verdict kept) or of the learned phrases; the words of a
 * candidate are not reread.
 */
function enumerateCandidates(tokens: Token[], learned: Matcher, out: CueCandidate[]): void {
  const dispatch = getBaseDispatch();
  const secondWords = getSecondWordSlots();
  let i = 0;
  while (i < tokens.length) {
    const w = tokens[i].lower;
    const entry = dispatch.get(w);
    const fromLearned = learned.byFirstWord.get(w);
    if (!entry && !fromLearned) {
      i++;
      continue;
    }
    let bestEnd = -1;
    let bestPattern: Pattern | undefined;
    let bestRule: RuleVerdict = 'none';
    if (entry) {
      let entries = entry.alone;
      if (entry.bySecond.size && i + 1 < tokens.length && tokens[i].joinsNext && !cannotStartCue(tokens[i + 1], secondWords))
        entries = entry.bySecond.get(tokens[i + 1].lower) ?? entry.alone;
      for (let k = 0; k < entries.length; k++) {
        const pattern = entries[k].pattern;
        const matchEnd = matchPattern(tokens, i, pattern);
        if (matchEnd < 0) continue;
        let verdict: RuleVerdict = 'none';
        if (matchEnd - i === 1) {
          const rule = ruleFor(w);
          if (rule) verdict = rule(tokens, i) ? 'pass' : 'fail';
        }
        // Longest wins; at equal length a match its rule accepts.
        if (matchEnd > bestEnd || (matchEnd === bestEnd && bestRule === 'fail' && verdict !== 'fail')) {
          bestEnd = matchEnd;
          bestPattern = pattern;
          bestRule = verdict;
        }
      }
    }
    let source: CueSource = 'lexicon';
    if (fromLearned) {
      let learnedEnd = -1;
      for (const { pattern } of fromLearned) learnedEnd = Math.max(learnedEnd, matchPattern(tokens, i, pattern));
      if (learnedEnd > bestEnd) {
        // A longer learned phrase takes the span (and no context rule speaks for it).
        source = bestEnd < 0 ? 'learned' : 'both';
        if (bestEnd < 0) bestPattern = undefined;
        bestEnd = learnedEnd;
        bestRule = 'none';
      } else if (learnedEnd === bestEnd) source = 'both';
    }
    if (bestEnd < 0) {
      i++;
      continue;
    }
    let cue = tokens[i].lower;
    for (let k = i + 1; k < bestEnd; k++) cue += ' ' + tokens[k].lower;
    out.push({
      from: i,
      to: bestEnd,
      start: tokens[i].start,
      end: tokens[bestEnd - 1].end,
      cue,
      category: bestPattern && source !== 'learned' ? bestPattern.category : 'learned',
      rule: bestRule,
      source,
      pattern: bestPattern,
      anonymous: !!bestPattern?.explanation,
      strong: !!bestPattern && (!!bestPattern.explanation || ATTRIBUTION_PATTERNS.has(bestPattern.source)),
    });
    i = bestEnd;
  }
}

const learnedForTraining = new Map<string, Matcher>();

/**
 * For `npm run train -- hedges`: the candidates of one sentence (the whole text) with their named
 * features, given the learned phrases of the training folds, and the sentence's own features (the
 * cue score left to the trainer).
 */
export function hedgeTrainingCandidates(
  text: string,
  learnedPhrases: readonly string[],
): {
  candidates: (Omit<CueCandidate, 'pattern'> & { features: string[] })[];
  tokens: { lower: string; capitalized: boolean; start: number; end: number }[];
} {
  const key = learnedPhrases.join('\n');
  let learned = learnedForTraining.get(key);
  if (!learned) {
    learned = compileLearned(learnedPhrases);
    learnedForTraining.clear();
    learnedForTraining.set(key, learned);
  }
  getBaseMatcher();
  const tokens = tokenize(text, 0, text.length);
  const found: CueCandidate[] = [];
  enumerateCandidates(tokens, learned, found);
  return {
    candidates: found.map(({ pattern: _pattern, ...c }) => ({
      ...c,
      features: cueFeatureNames(tokens, c.from, c.to, c.category, c.rule, c.source),
    })),
    tokens: tokens.map((t) => ({ lower: t.lower, capitalized: t.capitalized, start: t.start, end: t.end })),
  };
}

/** The words of a text as the hedge detector reads them (lower-case), for training. */
export function hedgeTrainingWords(text: string): string[] {
  getBaseMatcher();
  return tokenize(text, 0, text.length).map((t) => t.lower);
}
export { sentenceFeatureNames };
