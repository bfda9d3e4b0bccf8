// Word forms interned by their characters, read in place: a detector that works word by word (claims,
// hedges) looks each word of the text up here by a key of its characters, computed while scanning,
// and works out what it needs of a form (its folded spelling, weights hash, cue lists) once, the first
// time the form is seen, instead of cutting, folding and hashing every occurrence again. An article
// of a million characters has some 160,000 words but only a few thousand distinct forms.
//
// A form's key (formKey) is exact for short ASCII forms, which are most words: their characters packed
// 7 bits each, with the length, a non-negative number; two such forms with one key are the same, and
// need no comparison. Any other form is keyed by a hash of its characters with the top bit set (a
// negative number, so no hash equals a packed key), and a hit is confirmed character by character.

/** FNV-1a: the seed and multiplier of the hash a caller computes over a form's UTF-16 code units. The seed
 * is kept as a signed 32-bit integer, like every step of the hash, so the hash never leaves int32 (a
 * loop variable mixing it with a larger number would be kept as a float). */
export const FORM_HASH_SEED = 0x811c9dc5 | 0;
export const FORM_HASH_PRIME = 0x01000193;

/** Forms of at most this many ASCII characters are keyed by their characters (7 bits each: 28 bits, and the length above them). */
export const PACKED_FORM_LENGTH = 4;

/**
 * The key of a form of `length` code units from what a scan accumulated over them: `hash` as
 * h = Math.imul(h ^ code, FORM_HASH_PRIME) from FORM_HASH_SEED, `packed` as p = (p << 7) | code from
 * 0, and whether every code was ASCII.
 */
export function formKey(hash: number, packed: number, length: number, ascii: boolean): number {
  return ascii && length <= PACKED_FORM_LENGTH ? (length << 28) | packed : hash | 0x80000000;
}

/** The key of text[start, end), as a scan accumulates it. */
export function formKeyOf(text: string, start: number, end: number): number {
  let h = FORM_HASH_SEED;
  let p = 0;
  let ascii = true;
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    h = Math.imul(h ^ c, FORM_HASH_PRIME);
    p = (p << 7) | c;
    if (c >= 128) ascii = false;
  }
  return formKey(h, p, end - start, ascii);
}

/** Slots start at this many (a power of two) and double while the table is more than half full. */
const INITIAL_SLOTS = 1 << 12;

/**
 * An open-addressing hash table of the forms seen so far, each with a small id (0, 1, 2, ...) that
 * callers use to index what they keep per form. It never removes a form; a caller bounds it by calling
 * `clear` between units of work (never while it holds ids), after which ids start again from 0.
 */
export class FormTable {
  /** Per slot: the id + 1 of the form in it, 0 if empty. */
  private slots = new Int32Array(INITIAL_SLOTS);
  /** Per id: the form's key and the form itself. */
  private hashes = new Int32Array(INITIAL_SLOTS >> 1);
  private forms: string[] = [];
  size = 0;

  /** The form of an id. */
  form(id: number): string {
    return this.forms[id];
  }

  /** The id of text[start, end), whose key is h (see formKey), or -1 if it was never added. */
  find(text: string, start: number, end: number, h: number): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    const length = end - start;
    for (let s = spread(h) & mask; ; s = (s + 1) & mask) {
      const entry = slots[s];
      if (entry === 0) return -1;
      const id = entry - 1;
      if (this.hashes[id] !== h) continue;
      // A packed key is the form itself.
      if (h >= 0) return id;
      const form = this.forms[id];
      if (form.length !== length) continue;
      let k = 0;
      while (k < length && form.charCodeAt(k) === text.charCodeAt(start + k)) k++;
      if (k === length) return id;
    }
  }

  /** Adds text[start, end) (key h, not yet in the table) and returns its id. */
  add(text: string, start: number, end: number, h: number): number {
    const id = this.size++;
    if (id >= this.hashes.length) {
      const hashes = new Int32Array(this.hashes.length * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.hashes[id] = h;
    this.forms[id] = text.slice(start, end);
    if (this.size * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(id);
    return id;
  }

  /** Forgets every form: ids start again from 0. */
  clear(): void {
    this.slots.fill(0);
    this.forms.length = 0;
    this.size = 0;
  }

  private place(id: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    let s = spread(this.hashes[id]) & mask;
    while (slots[s] !== 0) s = (s + 1) & mask;
    slots[s] = id + 1;
  }

  private rehash(slotCount: number): void {
    this.slots = new Int32Array(slotCount);
    for (let id = 0; id < this.size; id++) this.place(id);
  }
}

/** Mixes every bit of the key into the low ones, which pick the slot (a packed key's low bits are its last letter's). */
function spread(h: number): number {
  const m = Math.imul(h, 0x9e3779b1);
  return m ^ (m >>> 15);
}
