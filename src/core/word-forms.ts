// Word forms interned by their characters, read in place: a detector that works word by word (claims,
// hedges) looks each word of the text up here by a hash of its characters, computed while scanning,
// and works out what it needs of a form (its folded spelling, weights hash, cue lists) once, the first
// time the form is seen, instead of cutting, folding and hashing every occurrence again. An article
// of a million characters has some 160,000 words but only a few thousand distinct forms.

/** FNV-1a: the seed and multiplier of the hash a caller computes over a form's UTF-16 code units. The seed
 * is kept as a signed 32-bit integer, like every step of the hash, so the hash never leaves int32 (a
 * loop variable mixing it with a larger number would be kept as a float). */
export const FORM_HASH_SEED = 0x811c9dc5 | 0;
export const FORM_HASH_PRIME = 0x01000193;

/** The hash of text[start, end) as callers compute it incrementally: h = Math.imul(h ^ code, FORM_HASH_PRIME) from FORM_HASH_SEED. */
export function formHash(text: string, start: number, end: number): number {
  let h = FORM_HASH_SEED;
  for (let k = start; k < end; k++) h = Math.imul(h ^ text.charCodeAt(k), FORM_HASH_PRIME);
  return h;
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
  /** Per id: the form's hash and the form itself. */
  private hashes = new Int32Array(INITIAL_SLOTS >> 1);
  private forms: string[] = [];
  size = 0;

  /** The form of an id. */
  form(id: number): string {
    return this.forms[id];
  }

  /** The id of text[start, end), whose hash is h (see formHash), or -1 if it was never added. */
  find(text: string, start: number, end: number, h: number): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    const length = end - start;
    for (let s = spread(h) & mask; ; s = (s + 1) & mask) {
      const entry = slots[s];
      if (entry === 0) return -1;
      const id = entry - 1;
      if (this.hashes[id] !== h) continue;
      const form = this.forms[id];
      if (form.length !== length) continue;
      let k = 0;
      while (k < length && form.charCodeAt(k) === text.charCodeAt(start + k)) k++;
      if (k === length) return id;
    }
  }

  /** Adds text[start, end) (hash h, not yet in the table) and returns its id. */
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

/** Mixes the high bits of the hash into the low ones, which pick the slot. */
function spread(h: number): number {
  return h ^ (h >>> 15);
}
