import { strict as assert } from 'node:assert';
import { FormTable, formKeyOf, PACKED_FORM_LENGTH } from '../../src/core/word-forms';

/** Adds text[start, end) unless present; its id either way. */
function intern(table: FormTable, text: string, start: number, end: number): number {
  const key = formKeyOf(text, start, end);
  const found = table.find(text, start, end, key);
  return found >= 0 ? found : table.add(text, start, end, key);
}

describe('word forms (interned by their characters, read in place)', () => {
  it('keys short ASCII forms by their characters (non-negative) and others by a hash (negative)', () => {
    for (const word of ['a', 'the', 'said', '$', '9/11', 'NATO']) {
      assert.ok(word.length <= PACKED_FORM_LENGTH);
      assert.ok(formKeyOf(word, 0, word.length) >= 0, word);
    }
    for (const word of ['hello', 'percent', 'don’t', 'é', '“', '😀']) assert.ok(formKeyOf(word, 0, word.length) < 0, word);
    // Packed keys tell apart forms a hash could confuse: same letters, other order or length.
    const keys = ['ab', 'ba', 'a', 'aa', 'abc', 'abcd', 'bcd'].map((w) => formKeyOf(w, 0, w.length));
    assert.equal(new Set(keys).size, keys.length);
  });

  it('finds a form by its characters wherever they stand, and only the same characters', () => {
    const table = new FormTable();
    const text = 'the cat saw the catalogue; The CAT said “hello” to the 😀 and the 😀 said hello';
    const ids = new Map<string, number>();
    for (const m of text.matchAll(/\S+/g)) {
      const id = intern(table, text, m.index, m.index + m[0].length);
      const known = ids.get(m[0]);
      if (known === undefined) ids.set(m[0], id);
      else assert.equal(id, known, `${m[0]} got a second id`);
      assert.equal(table.form(id), m[0]);
    }
    assert.equal(table.size, ids.size);
    assert.equal(new Set(ids.values()).size, ids.size);
    assert.equal(table.find('dog', 0, 3, formKeyOf('dog', 0, 3)), -1);
    assert.equal(table.find('catalogues', 0, 10, formKeyOf('catalogues', 0, 10)), -1);
  });

  it('keeps every form apart as it grows past its first slots, and starts over when cleared', () => {
    const table = new FormTable();
    const words = Array.from({ length: 20_000 }, (_, k) => `w${k.toString(36)}${k % 7 === 0 ? 'é' : ''}`);
    const text = words.join(' ');
    const ids: number[] = [];
    let at = 0;
    for (const w of words) {
      ids.push(intern(table, text, at, at + w.length));
      at += w.length + 1;
    }
    assert.deepEqual(ids, Array.from(words.keys()));
    at = 0;
    for (let k = 0; k < words.length; k++) {
      assert.equal(table.find(text, at, at + words[k].length, formKeyOf(text, at, at + words[k].length)), k);
      at += words[k].length + 1;
    }
    table.clear();
    assert.equal(table.size, 0);
    assert.equal(table.find(text, 0, words[0].length, formKeyOf(text, 0, words[0].length)), -1);
    assert.equal(intern(table, text, 0, words[0].length), 0);
  });
});
