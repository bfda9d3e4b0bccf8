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
