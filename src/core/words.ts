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
