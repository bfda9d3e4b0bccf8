import { strict as assert } from 'node:assert';
import { tokenize, type TokenList } from '../../src/core/entities-tokens';

/** More distinct words than the word-form table keeps (FORM_LIMIT, 50,000), so it is replaced at least once. */
const MANY_WORDS = 60_000;

/** The n-th word of a run of distinct lower-case words ("qa", "qb", ...). */
function distinctWord(n: number): string {
  let word = '';
  for (let m = n + 1; m > 0; m = Math.floor((m - 1) / 26)) word = String.fromCharCode(97 + ((m - 1) % 26)) + word;
  return `q${word}`;
}

function tokensOf(text: string): TokenList {
  return tokenize(text, [{ start: 0, end: text.length }]).tokens;
}

function assertFormsMatchText(text: string, tokens: TokenList): void {
  for (let k = 0; k < tokens.length; k++) {
    const word = text.slice(tokens.starts[k], tokens.ends[k]);
    assert.equal(tokens.textAt(k), word, `token ${k}`);
    assert.equal(tokens.lowerAt(k), word.toLowerCase(), `token ${k}`);
  }
}

describe('TokenList word forms', () => {
  it("keeps every token's text and lower case right when the word-form table is replaced", () => {
    const small = 'Alpha Beta said the Gamma Delta report was late.';
    const early = tokensOf(small);
    assertFormsMatchText(small, early);

    const words: string[] = [];
    for (let n = 0; n < MANY_WORDS; n++) words.push(n % 7 === 0 ? `Cap${distinctWord(n)}` : distinctWord(n));
    const big = words.join(' ');
    const many = tokensOf(big);
    assertFormsMatchText(big, many);
    // Read again after the table was replaced while both lists held forms from before.
    assertFormsMatchText(big, many);
    assertFormsMatchText(small, early);
  });
});
