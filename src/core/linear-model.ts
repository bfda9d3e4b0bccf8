// Shared pieces of the learned detectors (claims, hedge cues): hashed word features and the compact
// weight files they ship with. A weight file (src/core/models/*.json) is written by `npm run train --
// <detector>` (scripts/train/); its hashed weights are pruned and quantized to 8 bits, stored as
// base64 of delta-coded bucket numbers and of signed bytes, and unpacked once, on first use, into a
// dense table indexed by bucket.

/** Hashed weights as stored in a model file. */
export interface PackedWeights {
  /** The table has 2^bits buckets. */
  bits: number;
  /** A stored byte b stands for the weight b * scale. */
  scale: number;
  /** Base64 of the non-zero buckets in ascending order, as LEB128 varints of the gaps between them. */
  ids: string;
  /** Base64 of one signed byte per non-zero bucket. */
  values: string;
}

/** FNV-1a offset basis: the hash of the empty string. */
export const HASH_SEED = 0x811c9dc5;

/** FNV-1a of the string's UTF-16 code units, continued from `h` (32-bit unsigned). */
export function hashString(s: string, h = HASH_SEED): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A hash of two hashes (a bigram of two words, a word in a slot), order-sensitive. */
export function hashPair(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ b, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function decodeBase64(s: string): Uint8Array {
  const raw = atob(s);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/** The dense table of packed hashed weights (zero where nothing was stored). */
export function unpackWeights(packed: PackedWeights): Float32Array {
  const table = new Float32Array(1 << packed.bits);
  const gaps = decodeBase64(packed.ids);
  const values = decodeBase64(packed.values);
  let id = 0;
  let k = 0;
  let i = 0;
  while (i < gaps.length) {
    let gap = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = gaps[i++];
      gap += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80 && i < gaps.length);
    id += gap;
    if (k >= values.length || id >= table.length) throw new Error(`model weights: bucket ${id} or entry ${k} out of range`);
    table[id] = ((values[k] << 24) >> 24) * packed.scale;
    k++;
  }
  if (k !== values.length) throw new Error(`model weights: ${k} buckets for ${values.length} values`);
  return table;
}
