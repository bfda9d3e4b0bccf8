// Converts between UTF-16 offsets (JavaScript string indices, used by the editor and the CLI) and
// Unicode code point offsets (used by the W3C TextPositionSelector). Only astral characters
// (surrogate pairs: most emoji, some CJK) make the two differ, so the map stores just their places.
import { partitionPoint } from '../core/text';

export class OffsetMap {
  /** UTF-16 offsets of the high surrogate of every well-formed surrogate pair, ascending. */
  private readonly pairStarts: number[] = [];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length - 1; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          this.pairStarts.push(i);
          i++;
        }
      }
    }
  }

  /** Length of the text in code points. */
  get codePointLength(): number {
    return this.text.length - this.pairStarts.length;
  }

  /**
   * Code point offset of a UTF-16 offset. An offset inside a surrogate pair counts as the start
   * of that character.
   */
  toCodePoint(utf16: number): number {
    const clamped = Math.max(0, Math.min(this.text.length, utf16));
    // Every pair starting before `clamped` takes two code units for one code point; an offset
    // inside a pair thereby maps to the pair's own code point.
    return clamped - countBelow(this.pairStarts, clamped);
  }

  /** UTF-16 offset of a code point offset (clamped to the text). */
  toUtf16(codePoint: number): number {
    const cp = Math.max(0, Math.min(this.codePointLength, Math.floor(codePoint)));
    // Binary search the number of pairs k before the target: utf16 = cp + k, where k counts pairs
    // whose start is < cp + k.
    // Pair k lies before the target iff its code point offset (start - k) is < cp.
    const pairs = this.pairStarts;
    return cp + partitionPoint(pairs.length, (k) => pairs[k] - k < cp);
  }

  /** Moves a UTF-16 offset off the middle of a surrogate pair (towards `direction`). */
  snap(utf16: number, direction: 'back' | 'forward'): number {
    const t = this.text;
    if (utf16 <= 0 || utf16 >= t.length) return Math.max(0, Math.min(t.length, utf16));
    const before = t.charCodeAt(utf16 - 1);
    const at = t.charCodeAt(utf16);
    if (before >= 0xd800 && before <= 0xdbff && at >= 0xdc00 && at <= 0xdfff) {
      return direction === 'back' ? utf16 - 1 : utf16 + 1;
    }
    return utf16;
  }
}

/** Number of entries of the ascending array `values` that are < `limit`. */
function countBelow(values: number[], limit: number): number {
  return partitionPoint(values.length, (i) => values[i] < limit);
}
