import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { analyze, IncrementalAnalyzer } from '../../src/core/analyze';
import { seeded } from '../support/seeded';
import { assertSpanInvariants } from './fuzz/properties';

const newsLike = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '“We did not take this decision lightly,” said Tomas Brenner.',
        'Officials reportedly asked for $4.5 million.',
        'The U.S.-led talks began on Jan. 5.',
        '\n\n',
        '\n',
        '« Non », a-t-il dit.',
        'Moscow’s',
        '’90s',
        '"',
        '“',
        '”',
        '‘',
        '’',
        '---\ntitle: x\n---\n',
        '```\ncode\n```',
        '[link](https://example.org)',
        'date 2026-01-08\n',
        'Mr. ',
        'Dr. Amara Mensah',
        'may',
        'May 5',
        'could',
        'according to',
        '?',
        '!',
        '...',
        '—',
        '🙂',
        '\u0301',
        '\uD800',
        '\r\n',
      ),
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.string({ unit: 'binary', maxLength: 10 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(' '));

describe('analyze', () => {
  it('keeps every span invariant on arbitrary Unicode input and never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => assertSpanInvariants(text, analyze(text))),
      { numRuns: 300 },
    );
  });

  it('keeps every span invariant on news-like fragments (quotes, markup, abbreviations, surrogates)', () => {
    fc.assert(
      fc.property(newsLike, (text) => {
        assertSpanInvariants(text, analyze(text));
        assertSpanInvariants(text, analyze(text, { format: 'markdown' }));
      }),
      { numRuns: 300 },
    );
  });

  it('handles empty and blank text', () => {
    for (const text of ['', ' ', '\n\n\n', '\t']) {
      const a = analyze(text);
      assertSpanInvariants(text, a);
      assert.equal(a.quotes.length + a.claims.length + a.hedges.length + a.entities.length, 0);
    }
  });

  it('holds the invariants on the bundled example articles', () => {
    const dir = path.join(__dirname, '../../examples');
    for (const file of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      assertSpanInvariants(text, analyze(text));
    }
  });

  it('computes only the requested categories', () => {
    const text = '“Prices rose 40 percent,” said Anna Lindqvist, who reportedly left.';
    const a = analyze(text, { categories: ['hedges'] });
    assert.deepEqual([a.quotes.length, a.claims.length, a.entities.length], [0, 0, 0]);
  });
});

describe('IncrementalAnalyzer', () => {
  const article = fs.readFileSync(path.join(__dirname, '../../examples/harbour-bridge-closure.txt'), 'utf8');

  it('gives the same result as a fresh analysis after edits', () => {
    const incremental = new IncrementalAnalyzer();
    incremental.analyze(article);
    const edits = [
      article.replace('14 months', '15 months'),
      article.replace('Local traders were quick to respond.', 'Local traders were quick to respond. Some said it could be worse.'),
      'New first paragraph with 12 percent growth.\n\n' + article,
      article.slice(0, article.length / 2),
    ];
    for (const version of edits) {
      assert.deepEqual(incremental.analyze(version), analyze(version));
    }
  });

  it('re-analyzes only the paragraphs that changed', () => {
    const incremental = new IncrementalAnalyzer();
    incremental.analyze(article);
    const total = incremental.stats.paragraphsAnalyzed;
    assert.ok(total > 5);
    incremental.analyze(article.replace('14 months', '15 months'));
    assert.equal(incremental.stats.paragraphsAnalyzed, 1);
    assert.equal(incremental.stats.paragraphsReused, total - 1);
  });

  it('starts afresh when options change', () => {
    const incremental = new IncrementalAnalyzer();
    incremental.analyze(article);
    incremental.analyze(article, { ignoredWords: ['reportedly'] });
    assert.equal(incremental.stats.paragraphsReused, 0);
  });

  it('matches a fresh analysis at every step of a random edit sequence', () => {
    // Seeded, so a failure replays: inserts and deletes of characters, words, sentences,
    // paragraphs and markdown bits, anywhere in the text (paragraph edges included).
    const { random, pick } = seeded(20261127);
    const pieces = [
      'x',
      'A',
      '.',
      ',',
      ' ',
      '\n',
      '\n\n',
      '“',
      '”',
      '"',
      "'s",
      '(',
      ')',
      ':',
      'the',
      'However',
      'however',
      ' Maria Okafor',
      ' said',
      ' the Harbour Authority',
      ' in Dunmore',
      ' NEW YORK',
      ' (WHO)',
      ' Mr. Brenner',
      ' “We will reopen the bridge,” said Tomas Brenner, the authority’s chief engineer.',
      ' Officials reportedly expect costs to rise 40 percent.',
      '\n\nLocal Traders Association chairman Ian Moss said the closure may hurt shops.\n\n',
      '\n\n# HARBOUR BRIDGE CLOSED\n\n',
      '\n- a list item with Anna Lindqvist\n',
      '`code Span`',
      '[a link](https://example.org/x)',
      '\n```\nFenced Code Block\n```\n',
      '**Bold Name**',
      '\n> “A quoted line,” she said.\n',
    ];
    const incremental = new IncrementalAnalyzer();
    let text = article;
    for (let step = 0; step < 60; step++) {
      const at = Math.floor(random() * (text.length + 1));
      const kind = random();
      if (kind < 0.55 || text.length < 50) {
        text = text.slice(0, at) + pick(pieces) + text.slice(at);
      } else {
        // Delete a character, a word's worth or a sentence's worth.
        const length = pick([1, 1, 3, 8, 40, 200]);
        text = text.slice(0, at) + text.slice(Math.min(text.length, at + length));
      }
      assert.deepEqual(incremental.analyze(text), analyze(text), `step ${step}`);
    }
  });

  it('re-reads unchanged paragraphs whose entity findings depend on other paragraphs', () => {
    const steps: Array<[string, string]> = [
      // A name's neighbour across the paragraph edge: a line-opening word before a colon is a label.
      ['The council met on Monday.\n\nOkafor\n\nThe vote passed.', 'The council met on Monday.\n\nOkafor\n\n: 3-1 in the vote.'],
      // A sentence-initial word is a common word once the document uses it in lower case.
      // (The lower-case use is beyond the tokens next to the name's paragraph.)
      [
        'Zorble Kowalczyk spoke first.\n\nThe council met on Monday evening.\n\nThe vote passed.',
        'Zorble Kowalczyk spoke first.\n\nThe council met on Monday evening.\n\nThe zorble vote passed.',
      ],
      [
        'Zorble Kowalczyk spoke first.\n\nThe council met on Monday evening.\n\nThe zorble vote passed.',
        'Zorble Kowalczyk spoke first.\n\nThe council met on Monday evening.\n\nThe vote passed.',
      ],
    ];
    for (const [before, after] of steps) {
      const incremental = new IncrementalAnalyzer();
      assert.deepEqual(incremental.analyze(before), analyze(before));
      assert.deepEqual(incremental.analyze(after), analyze(after), after);
    }
  });

  it('matches a fresh analysis while short paragraphs around names change', () => {
    // Short paragraphs put names next to paragraph edges, where chunking reads the neighbours.
    const { random, pick } = seeded(7);
    const paragraphs = [
      'NEW',
      'YORK',
      'Okafor',
      ': 3-1',
      '- 2',
      ', 34,',
      'Rivers beat',
      'Leeds 2',
      'said Okafor',
      'van',
      'der Berg said',
      'Open',
      '(WHO)',
      'World Health Organization',
      'Ms. Lindqvist',
      ', the chief engineer,',
      'Scorers',
      ':',
      'of',
      'in Dunmore',
      'the Eagles',
      'Cup',
    ];
    for (let trial = 0; trial < 40; trial++) {
      const incremental = new IncrementalAnalyzer();
      const current = Array.from({ length: 4 }, () => pick(paragraphs));
      for (let step = 0; step < 6; step++) {
        const text = current.join('\n\n');
        assert.deepEqual(incremental.analyze(text), analyze(text), JSON.stringify(current));
        current[Math.floor(random() * current.length)] = pick(paragraphs);
      }
    }
  });
});
