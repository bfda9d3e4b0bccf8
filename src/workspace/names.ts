// Name keys for linking entities across articles: "Dr. Ngozi Okonjo-Iweala", "Ngozi Okonjo-Iweala’s"
// and "ngozi okonjo-iweala" share one key; "Dr. Okonjo-Iweala" keys as the surname alone. The titles
// and honorifics peeled off are the engine's own lists (src/core/lexicons/entities-words.json).
import { HONORIFICS, TITLES } from '../core/entities-lexicon';

/**
 * Name keys remembered (names repeat across thousands of articles, and linking keys every occurrence of
 * a name a hover resolves); the cache is emptied when it holds this many.
 */
export const NAME_KEY_CACHE_SIZE = 20000;
const nameKeys = new Map<string, string>();

/** Lower case, no diacritics, straight apostrophes, single spaces, no possessive, no leading titles. */
export function nameKey(name: string): string {
  let key = nameKeys.get(name);
  if (key === undefined) {
    if (nameKeys.size >= NAME_KEY_CACHE_SIZE) nameKeys.clear();
    nameKeys.set(name, (key = computeNameKey(name)));
  }
  return key;
}

function computeNameKey(name: string): string {
  const flat = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/[\u2010-\u2015]/g, '-')
    .toLowerCase()
    .replace(/'s?$/u, '')
    .replace(/\s+/g, ' ')
    .trim();
  const words = flat.split(' ');
  let first = 0;
  // Keep at least one word: "President" alone is a name of its own, not an empty key.
  while (first < words.length - 1 && (HONORIFICS.has(words[first]) || TITLES.has(words[first]) || TITLES.has(words[first].replace(/\.$/, '')))) first++;
  return words.slice(first).join(' ');
}

/** The surname of a key of two words or more ("ngozi okonjo-iweala" → "okonjo-iweala"), else undefined. */
export function surnameOf(key: string): string | undefined {
  const space = key.lastIndexOf(' ');
  return space > 0 ? key.slice(space + 1) : undefined;
}

/** Whether a key is one word (a surname, a title and surname, an acronym). */
export function isSingleWord(key: string): boolean {
  return key.length > 0 && !key.includes(' ');
}

/** A stable id from a name: "person:ngozi-okonjo-iweala". */
export function slug(key: string): string {
  return key.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '') || 'unnamed';
}
