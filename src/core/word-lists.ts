// The engine's shared word lists, declared by name in one place (as cSpell declares its
// dictionaryDefinitions). One concept is one data file in lexicons/ with its source and licence
// (NOTICE.md); the detectors that need different parts of a concept read different named subsets
// of that one file ("speechVerbs.reportingStrong" for quote attribution, "speechVerbs.claimAttribution"
// for the claim feature) instead of keeping their own copies.
import abbreviations from './lexicons/abbreviations.json';
import determiners from './lexicons/determiners.json';
import speechVerbs from './lexicons/speech-verbs.json';

/** A concept's data file: where its words come from, and its subsets by name. */
interface ConceptFile {
  source: string;
  license: string;
  description: string;
  /** Each subset lists words and other subsets of the same file, written '@name'. */
  subsets: Record<string, string[]>;
}

const CONCEPTS = { abbreviations, determiners, speechVerbs } satisfies Record<string, ConceptFile>;
type Concepts = typeof CONCEPTS;

/** The name of a word list: `<concept>.<subset>`, e.g. "determiners.speakerPhrase". */
export type WordListName = { [C in keyof Concepts]: `${C}.${Extract<keyof Concepts[C]['subsets'], string>}` }[keyof Concepts];

/** A subset may name other subsets; this bounds the nesting (and catches a subset that names itself). */
const MAX_SUBSET_DEPTH = 8;
const SUBSET_REFERENCE = '@';

function expand(concept: string, subsets: Record<string, string[]>, name: string, depth: number): string[] {
  const words = subsets[name];
  if (!words) throw new Error(`word list ${concept}.${name}: no such subset in lexicons (src/core/word-lists.ts)`);
  if (depth > MAX_SUBSET_DEPTH) throw new Error(`word list ${concept}.${name}: subsets nest deeper than ${MAX_SUBSET_DEPTH} (a cycle?)`);
  const out: string[] = [];
  for (const word of words) {
    if (word.startsWith(SUBSET_REFERENCE)) out.push(...expand(concept, subsets, word.slice(SUBSET_REFERENCE.length), depth + 1));
    else out.push(word);
  }
  return out;
}

/** The words of a named list, in file order, subsets it names expanded in place. */
export function wordList(name: WordListName): string[] {
  const dot = name.indexOf('.');
  const concept = name.slice(0, dot) as keyof Concepts;
  const file: ConceptFile = CONCEPTS[concept];
  return expand(concept, file.subsets, name.slice(dot + 1), 0);
}

/** The words of a named list as a set (for lookups). */
export function wordSet(name: WordListName): Set<string> {
  return new Set(wordList(name));
}

/** Every declared list name (for tests and tools). */
export function wordListNames(): WordListName[] {
  const names: string[] = [];
  for (const [concept, file] of Object.entries(CONCEPTS)) for (const subset of Object.keys(file.subsets)) names.push(`${concept}.${subset}`);
  return names as WordListName[];
}

/** Source and licence of a concept's data file. */
export function wordListSource(name: WordListName): { source: string; license: string } {
  const file: ConceptFile = CONCEPTS[name.slice(0, name.indexOf('.')) as keyof Concepts];
  return { source: file.source, license: file.license };
}
