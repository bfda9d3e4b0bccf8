// Gazetteers and word lists for the named-entity detector, loaded once into Sets keyed by lower case.
import firstNamesData from './lexicons/entities-first-names.json';
import organizationsData from './lexicons/entities-organizations.json';
import placesData from './lexicons/entities-places.json';
import wordsData from './lexicons/entities-words.json';
import { wordList, wordSet } from './word-lists';

const lowerSet = (...lists: string[][]): Set<string> => {
  const set = new Set<string>();
  for (const list of lists) for (const item of list) set.add(item.toLowerCase());
  return set;
};

/** Given names across cultures: a capitalized word after one is a surname. */
export const FIRST_NAMES = lowerSet(firstNamesData.names);
export const COUNTRIES = lowerSet(placesData.countries);
/** Cities and sub-national regions: these double as sports-club names in results. */
export const LOCALITIES = lowerSet(placesData.cities, placesData.regions);
export const PLACE_HEADS = lowerSet(placesData.placeHeads);
export const PLACE_PREFIXES = lowerSet(placesData.placePrefixes);
export const KNOWN_ORGANIZATIONS = lowerSet(organizationsData.names);
export const ORG_SUFFIXES = lowerSet(organizationsData.suffixes);
export const ORG_HEADS = lowerSet(organizationsData.heads);
export const HONORIFICS = lowerSet(wordsData.honorifics);
export const TITLES = lowerSet(wordsData.titles);
export const ROLE_NOUNS = lowerSet(wordsData.roleNouns);
export const DEMONYMS = lowerSet(
  wordsData.demonyms,
  wordsData.demonyms.filter((d) => !d.endsWith('s')).map((d) => `${d}s`),
);
export const NON_NAMES = lowerSet(wordsData.capitalizedNonNames);
/** Verbs whose subject is a person: verbs of saying and a few actions ("Smith said", "Smith resigned"). */
export const PERSON_VERBS = lowerSet(wordList('speechVerbs.afterName'), wordsData.personActionVerbs);
export const COMMON_WORDS = lowerSet(wordsData.commonWords);
/** Words that open the name of an event, not a person or place ("Storm Ingrid", "Operation Sea Lion"). */
export const EVENT_HEADS = lowerSet(wordsData.eventHeads);

/** Abbreviations that keep their period as part of the word ("Mr.", "Corp.", "St."). */
export const ABBREVIATIONS = wordSet('abbreviations.entityTokens');

/** Lower-case words that may sit inside a name ("Charles de Gaulle", "Ludwig van Beethoven"). */
export const NAME_PARTICLES = new Set([
  'de',
  'da',
  'di',
  'do',
  'dos',
  'das',
  'del',
  'della',
  'der',
  'den',
  'van',
  'von',
  'ter',
  'ten',
  'le',
  'la',
  'du',
  'des',
  'bin',
  'ibn',
  'al',
  'el',
  'y',
  'zu',
  'bint',
  'abu',
  'st.',
]);

/** Lower-case words that may join an organization or place name after a head ("Bank of England"). */
export const NAME_CONNECTORS = new Set(['of', 'for', 'and', '&', 'on', 'the']);

/** Words before a name that mark a place ("in Paris", "near Kabul"). */
export const PLACE_PREPOSITIONS = new Set([
  'in',
  'at',
  'near',
  'from',
  'to',
  'into',
  'outside',
  'across',
  'towards',
  'toward',
  'via',
  'around',
  'throughout',
  'inside',
]);

/** Words around a club name in sports reports ("Leicestershire beat Somerset"). */
export const SPORTS_CONTEXT = new Set([
  'beat',
  'beats',
  'drew',
  'draw',
  'lost',
  'defeated',
  'defeat',
  'against',
  'v',
  'vs',
  'vs.',
  'versus',
  'hosts',
  'host',
  'visit',
  'visitors',
  'edged',
  'thrashed',
  'routed',
  'overcame',
  'held',
  'trail',
  'trailed',
  'led',
  'leads',
]);

/** First words of sports-club names ("Dynamo Moscow", "Real Madrid"). */
export const CLUB_PREFIXES = lowerSet(organizationsData.clubPrefixes);

/** Words dropped from a name's front even mid-sentence: determiners and conjunctions, never names. */
export const FUNCTION_WORDS = new Set([
  ...wordList('determiners.nounPhraseStart'),
  'and',
  'but',
  'or',
  'if',
  'when',
  'while',
  'as',
  'of',
  'for',
  'in',
  'on',
  'at',
  'by',
  'with',
  'from',
  'to',
  'after',
  'before',
  'since',
]);

/** Lower-case nouns before a name that make it an organization ("carmaker Volvo", "the daily Politika"). */
export const ORG_DESCRIPTORS = lowerSet(wordsData.organizationDescriptors);

/** Every proper prefix of a multi-word gazetteer name ("new", "new york" for "New York City"), to stop lookups early. */
export const KNOWN_NAME_PREFIXES = new Set<string>();
for (const set of [COUNTRIES, LOCALITIES, KNOWN_ORGANIZATIONS]) {
  for (const name of set) {
    const words = name.split(' ');
    for (let k = 1; k < words.length; k++) KNOWN_NAME_PREFIXES.add(words.slice(0, k).join(' '));
  }
}
// "St Louis" written without the period.
for (const name of LOCALITIES) if (name.startsWith('st. ')) KNOWN_NAME_PREFIXES.add('st');

/** Lower-case nouns right after a name that make it a place ("the Kessland region", "Herat province"). */
export const PLACE_NOUNS_AFTER = lowerSet(wordsData.placeNounsAfter);

// ---------------------------------------------------------------------------------------------
// The lists a word belongs to, as bits: a document repeats its words many times, so the detector
// looks each distinct word up once (entities-tokens caches the bits per word form) instead of asking
// every Set at every occurrence.

export const LEX_FIRST_NAME = 1 << 0;
export const LEX_COUNTRY = 1 << 1;
export const LEX_LOCALITY = 1 << 2;
export const LEX_KNOWN_ORGANIZATION = 1 << 3;
export const LEX_ORG_SUFFIX = 1 << 4;
export const LEX_ORG_HEAD = 1 << 5;
export const LEX_PLACE_HEAD = 1 << 6;
export const LEX_PLACE_PREFIX = 1 << 7;
export const LEX_DEMONYM = 1 << 8;
export const LEX_TITLE = 1 << 9;
export const LEX_HONORIFIC = 1 << 10;
export const LEX_ROLE_NOUN = 1 << 11;
export const LEX_NON_NAME = 1 << 12;
export const LEX_COMMON = 1 << 13;
export const LEX_PERSON_VERB = 1 << 14;
export const LEX_PLACE_PREPOSITION = 1 << 15;
export const LEX_ORG_DESCRIPTOR = 1 << 16;
export const LEX_PLACE_NOUN_AFTER = 1 << 17;
export const LEX_CLUB_PREFIX = 1 << 18;
export const LEX_EVENT_HEAD = 1 << 19;
export const LEX_NAME_PARTICLE = 1 << 20;
export const LEX_NAME_CONNECTOR = 1 << 21;
export const LEX_FUNCTION_WORD = 1 << 22;
export const LEX_SPORTS_CONTEXT = 1 << 23;
/** A country, locality or known organization: a gazetteer name. */
export const LEX_KNOWN_NAME = LEX_COUNTRY | LEX_LOCALITY | LEX_KNOWN_ORGANIZATION;

const LEX_SETS: Array<[number, Set<string>]> = [
  [LEX_FIRST_NAME, FIRST_NAMES],
  [LEX_COUNTRY, COUNTRIES],
  [LEX_LOCALITY, LOCALITIES],
  [LEX_KNOWN_ORGANIZATION, KNOWN_ORGANIZATIONS],
  [LEX_ORG_SUFFIX, ORG_SUFFIXES],
  [LEX_ORG_HEAD, ORG_HEADS],
  [LEX_PLACE_HEAD, PLACE_HEADS],
  [LEX_PLACE_PREFIX, PLACE_PREFIXES],
  [LEX_DEMONYM, DEMONYMS],
  [LEX_TITLE, TITLES],
  [LEX_HONORIFIC, HONORIFICS],
  [LEX_ROLE_NOUN, ROLE_NOUNS],
  [LEX_NON_NAME, NON_NAMES],
  [LEX_COMMON, COMMON_WORDS],
  [LEX_PERSON_VERB, PERSON_VERBS],
  [LEX_PLACE_PREPOSITION, PLACE_PREPOSITIONS],
  [LEX_ORG_DESCRIPTOR, ORG_DESCRIPTORS],
  [LEX_PLACE_NOUN_AFTER, PLACE_NOUNS_AFTER],
  [LEX_CLUB_PREFIX, CLUB_PREFIXES],
  [LEX_EVENT_HEAD, EVENT_HEADS],
  [LEX_NAME_PARTICLE, NAME_PARTICLES],
  [LEX_NAME_CONNECTOR, NAME_CONNECTORS],
  [LEX_FUNCTION_WORD, FUNCTION_WORDS],
  [LEX_SPORTS_CONTEXT, SPORTS_CONTEXT],
];

/** The LEX_ bits of the lists holding `lower`. */
export function lexiconBits(lower: string): number {
  let bits = 0;
  for (const [bit, set] of LEX_SETS) if (set.has(lower)) bits |= bit;
  return bits;
}

/**
 * Gazetteer names and their proper prefixes as a trie of words, so a run of tokens is looked up word
 * by word instead of by joining the words into a key. A node's bits say what the words up to it,
 * joined by spaces, are: NAME_PREFIX (in KNOWN_NAME_PREFIXES), the LEX_ bits of the gazetteers that
 * hold it (LEX_KNOWN_NAME), and NAME_SAINT for "st louis" where LOCALITIES holds "st. louis".
 */
export interface NameNode {
  bits: number;
  next: Map<string, NameNode> | undefined;
}
/** Above the LEX_ bits, which a node's bits share. */
export const NAME_PREFIX = 1 << 30;
export const NAME_SAINT = 1 << 29;
/** First words of every name or prefix the trie holds. */
export const NAME_TRIE = new Map<string, NameNode>();

function markName(words: string[], bits: number): void {
  let level = NAME_TRIE;
  let node: NameNode | undefined;
  for (const word of words) {
    node = level.get(word);
    if (!node) level.set(word, (node = { bits: 0, next: undefined }));
    level = node.next ??= new Map();
  }
  if (node) node.bits |= bits;
}
for (const name of KNOWN_NAME_PREFIXES) markName(name.split(' '), NAME_PREFIX);
for (const [bit, set] of LEX_SETS) {
  if (bit & LEX_KNOWN_NAME) for (const name of set) markName(name.split(' '), bit);
}
for (const name of LOCALITIES) if (name.startsWith('st. ')) markName(['st', ...name.slice('st. '.length).split(' ')], NAME_SAINT);
