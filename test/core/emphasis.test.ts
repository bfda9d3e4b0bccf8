import { strict as assert } from 'node:assert';
import {
  hedgesInQuotes,
  isDirectQuote,
  PROMINENT_MAX_SHARE,
  PROMINENT_SCORE,
  PROMINENT_SHARE,
  prominentClaims,
  quoteOfHedges,
  sentencesTouched,
} from '../../src/core/emphasis';
import type { Hedge, Quote } from '../../src/core/types';

/** Claims at consecutive positions with the given scores. */
const claims = (...scores: number[]) => scores.map((score, i) => ({ start: i * 10, score }));
const marked = (flags: boolean[]) => flags.flatMap((f, i) => (f ? [i] : []));

describe('emphasis: which claims carry the visible mark', () => {
  it('names its constants: a third, a high score, at most 40%', () => {
    assert.deepEqual([PROMINENT_SHARE, PROMINENT_SCORE, PROMINENT_MAX_SHARE], [1 / 3, 0.95, 0.4]);
  });

  it('marks the top third by score (rounded up), wherever they are in the text', () => {
    assert.deepEqual(marked(prominentClaims(claims(0.4, 0.9, 0.5, 0.8, 0.35, 0.6))), [1, 3]);
    assert.deepEqual(marked(prominentClaims(claims(0.4, 0.5, 0.6, 0.7))), [2, 3]);
  });

  it('marks every claim scoring PROMINENT_SCORE or more, beyond the third', () => {
    // 15 claims: a third is 5, but six score 0.95 or more (and 40% is 6).
    assert.deepEqual(marked(prominentClaims(claims(0.96, 0.4, 1, 0.5, 0.97, 0.4, 0.99, 0.5, 0.4, 0.95, 0.96, 0.5, 0.4, 0.3, 0.6))), [0, 2, 4, 6, 9, 10]);
  });

  it('never marks more than 40% of the claims, even when all score high', () => {
    const flags = prominentClaims(claims(1, 1, 1, 1, 1, 1, 1, 1, 1, 1));
    assert.equal(marked(flags).length, 4);
    // Equal scores are ranked in text order.
    assert.deepEqual(marked(flags), [0, 1, 2, 3]);
  });

  it('marks the one claim of a short article, none of an article without claims', () => {
    assert.deepEqual(prominentClaims(claims(0.33)), [true]);
    assert.deepEqual(prominentClaims([]), []);
  });

  it('does not depend on the order the claims come in', () => {
    const list = claims(0.5, 0.9, 0.7, 0.9, 0.2, 0.6);
    const reversed = [...list].reverse();
    const flagsOf = (l: typeof list) => new Set(l.filter((_, i) => prominentClaims(l)[i]).map((c) => c.start));
    assert.deepEqual(flagsOf(list), flagsOf(reversed));
  });
});

describe('emphasis: hedges inside a direct quote', () => {
  const text = '“It may rain,” said Ann Lee. Prices could rise. A “possibly fake” claim. “Perhaps,” she said. “It might be late.”';
  const span = (word: string, from = 0) => ({ start: text.indexOf(word, from), end: text.indexOf(word, from) + word.length });
  const hedge = (word: string): Hedge => ({ ...span(word), cue: word, category: 'modal', explanation: '' });
  const quote = (inner: string, kind: Quote['kind'], speaker?: string): Quote => {
    const content = span(inner);
    return {
      start: content.start - 1,
      end: content.end + 1,
      content,
      kind,
      speaker: speaker ? { ...span(speaker), name: speaker, via: 'explicit' } : undefined,
    };
  };
  const quotes = [
    quote('It may rain,', 'statement', 'Ann Lee'),
    quote('possibly fake', 'short'),
    quote('Perhaps,', 'short', 'Ann Lee'),
    quote('It might be late.', 'statement'),
  ];

  it('direct quotes are statements and short quotes with a speaker; scare quotes and titles are not', () => {
    assert.deepEqual(quotes.map(isDirectQuote), [true, false, true, true]);
    assert.equal(isDirectQuote({ kind: 'title', speaker: { start: 0, end: 1, name: 'X', via: 'explicit' } }), false);
  });

  it('finds the quote of each hedge inside one, in any order', () => {
    const hedges = [hedge('could'), hedge('might'), hedge('may'), hedge('possibly'), hedge('Perhaps')];
    const found = quoteOfHedges(hedges, [...quotes].reverse());
    assert.deepEqual(
      found.map((q) => q && text.slice(q.content.start, q.content.end)),
      [undefined, 'It might be late.', 'It may rain,', undefined, 'Perhaps,'],
    );
    assert.deepEqual(
      hedgesInQuotes(hedges, quotes).map((h) => h.cue),
      ['might', 'may', 'Perhaps'],
    );
  });

  it('a hedge inside a multi-paragraph quote belongs to it, one after the quote does not', () => {
    const long = { start: 0, end: 100, content: { start: 1, end: 99 }, kind: 'statement' as const };
    const inner = { start: 10, end: 20, content: { start: 11, end: 19 }, kind: 'statement' as const };
    const found = quoteOfHedges(
      [
        { start: 50, end: 55 },
        { start: 12, end: 14 },
        { start: 120, end: 125 },
      ],
      [long, inner],
    );
    assert.deepEqual(found, [long, long, undefined]);
  });
});

describe('emphasis: sentences touched by tinted spans', () => {
  const sentences = [
    { start: 0, end: 10 },
    { start: 11, end: 20 },
    { start: 21, end: 30 },
    { start: 31, end: 40 },
  ];
  it('counts each sentence overlapping at least one span once', () => {
    assert.equal(sentencesTouched(sentences, []), 0);
    assert.equal(sentencesTouched(sentences, [{ start: 2, end: 25 }]), 3);
    assert.equal(
      sentencesTouched(sentences, [
        { start: 32, end: 33 },
        { start: 0, end: 3 },
        { start: 1, end: 2 },
      ]),
      2,
    );
    // Touching at the edge is no overlap.
    assert.equal(sentencesTouched(sentences, [{ start: 10, end: 11 }]), 0);
  });
});
