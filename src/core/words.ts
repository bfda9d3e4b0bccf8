// Word helpers shared by the detectors.

/**
 * Folded words through a cache: String#toLowerCase takes a slow path for strings cut from text
 * holding any non-Latin-1 character (curly quotes are enough), and words repeat a lot.
 * Folding lower-cases and turns curly apostrophes straight.
 */
const foldCache = new Map<string, string>();

export function foldWord(raw: string): string {
  let folded = foldCache.get(raw);
  if (folded === undefined) {
    folded = raw.toLowerCase();
    if (folded.includes('’')) folded = folded.replace(/’/g, "'");
    if (foldCache.size > 50_000) foldCache.clear();
    foldCache.set(raw, folded);
  }
  return folded;
}

// Regex literals with \p{...} are rebuilt on every call in the bundle (esbuild lowers them to
// `new RegExp(...)`), so the first-letter tests hot loops need are compiled once here, with ASCII
// answered from the char code.
const UPPER_FIRST = /^\p{Lu}/u;
const LOWER_FIRST = /^\p{Ll}/u;

/** Whether the string starts with an upper-case letter (as /^\p{Lu}/u tests). */
export function startsUpper(s: string): boolean {
  const c = s.charCodeAt(0);
  return c < 128 ? c >= 65 && c <= 90 : UPPER_FIRST.test(s);
}

/** Whether the string starts with a lower-case letter (as /^\p{Ll}/u tests). */
export function startsLower(s: string): boolean {
  const c = s.charCodeAt(0);
  return c < 128 ? c >= 97 && c <= 122 : LOWER_FIRST.test(s);
}
