// What counts as the same words: each legitimate normalization on its own.
import { strict as assert } from 'node:assert';
import { fragmentsOf, isNegation, isNumber, tokenize } from '../../src/sources';

const norms = (text: string) => tokenize(text).map((t) => t.norm);

describe('sources: normalization', () => {
  it('ignores white space and line breaks', () => {
    assert.deepEqual(norms('We  will\n not\tgo'), norms('We will not go'));
  });

  it('reads curly and straight apostrophes as one', () => {
    assert.deepEqual(norms('don’t won‘t it\u02bcs'), ["don't", "won't", "it's"]);
  });

  it('reads every dash inside a word as a hyphen, and a dash between words as punctuation', () => {
    assert.deepEqual(norms('long\u2013term long\u2010term long-term'), ['long-term', 'long-term', 'long-term']);
    assert.deepEqual(norms('we go — now'), ['we', 'go', 'now']);
  });

  it('ignores case', () => {
    assert.deepEqual(norms('EVERY Hospital'), ['every', 'hospital']);
  });

  it('ignores punctuation and quote marks at the edges', () => {
    assert.deepEqual(norms('“We will not go,”'), norms("'we will not go.'"));
    assert.deepEqual(norms('«Nous partons»'), ['nous', 'partons']);
  });

  it('keeps numbers whole: decimals, thousands, percent and currency signs', () => {
    assert.deepEqual(norms('2.1 percent, 1,200 jobs, 9% and €48 million.'), ['2.1', 'percent', '1,200', 'jobs', '9%', 'and', '€48', 'million']);
  });

  it('keeps abbreviations of single letters whole, with or without the last full stop', () => {
    assert.deepEqual(norms('at 5 a.m. in the U.S.'), norms('at 5 a.m in the U.S'));
    assert.deepEqual(norms('5 a.m.'), ['5', 'a.m']);
  });

  it('gives each word its place in the text', () => {
    const text = 'a “Quoted” word';
    for (const t of tokenize(text)) assert.equal(text.slice(t.start, t.end).toLowerCase(), t.norm);
  });

  for (const mark of ['...', '…', '. . .', '[…]', '[...]', '(…)']) {
    it(`splits a quote into fragments at the ellipsis ${mark}`, () => {
      const fragments = fragmentsOf(`We will not ${mark} balance the books`);
      assert.deepEqual(
        fragments.map((f) => [f.elidedBefore, f.tokens.map((t) => t.norm).join(' ')]),
        [
          [false, 'we will not'],
          [true, 'balance the books'],
        ],
      );
    });
  }

  it('drops a leading or trailing ellipsis and reads an editor’s bracketed words as an elision', () => {
    assert.deepEqual(
      fragmentsOf('… the plan works …').map((f) => f.tokens.length),
      [3],
    );
    assert.deepEqual(
      fragmentsOf('[The plan] will work').map((f) => f.tokens.map((t) => t.norm).join(' ')),
      ['will work'],
    );
  });

  it('knows negations and numbers', () => {
    for (const w of ['not', 'never', "don't", "won't", 'no', 'nobody', 'cannot']) assert.ok(isNegation(w), w);
    for (const w of ['now', 'note', 'know']) assert.ok(!isNegation(w), w);
    for (const w of ['4', '2.1', '9%', 'half', 'million', 'twelve']) assert.ok(isNumber(w), w);
    assert.ok(!isNumber('hospital'));
  });
});
