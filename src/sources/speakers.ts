// Whether two ways of naming a speaker name the same person: the article's "Chen" or "Dr. Maria
// Chen" and the transcript's "MARIA CHEN:". Names compare by the workspace's name key (titles, case,
// diacritics, possessives ignored); a surname alone matches a full name with that surname; two full
// names match when their surnames agree and their first names agree or one is the other's initial.
import { nameKey, surnameOf } from '../workspace/names';

/** A speaker is named when it reads as a proper name: "the minister", "a spokesperson" are not. */
export function isNamedSpeaker(name: string | null | undefined): name is string {
  return !!name && /^\p{Lu}/u.test(name.trim()) && !/^(?:The|A|An)\s/u.test(name.trim());
}

export function sameSpeaker(a: string, b: string): boolean {
  const ka = nameKey(a);
  const kb = nameKey(b);
  if (!ka || !kb) return false;
  if (ka === kb) return true;
  // Titles the name lists do not know ("Harbour Director Piet van Dam"): one name ends the other.
  if (ka.endsWith(` ${kb}`) || kb.endsWith(` ${ka}`)) return true;
  const sa = surnameOf(ka) ?? ka;
  const sb = surnameOf(kb) ?? kb;
  if (sa !== sb) return false;
  // One of them is the surname alone.
  if (!surnameOf(ka) || !surnameOf(kb)) return true;
  const fa = ka.split(' ')[0].replace(/\.$/, '');
  const fb = kb.split(' ')[0].replace(/\.$/, '');
  return fa === fb || (fa.length === 1 && fb.startsWith(fa)) || (fb.length === 1 && fa.startsWith(fb));
}

/**
 * How a source's speaker relates to a quote's: the same person, someone else, or unknown (either
 * side unnamed: the words may be anyone's).
 */
export function speakerRelation(quoteSpeaker: string | null, sourceSpeaker: string | null): 'same' | 'other' | 'unknown' {
  if (!isNamedSpeaker(quoteSpeaker) || !sourceSpeaker) return 'unknown';
  return sameSpeaker(quoteSpeaker, sourceSpeaker) ? 'same' : 'other';
}
