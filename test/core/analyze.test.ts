import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { analyze, IncrementalAnalyzer } from '../../src/core/analyze';
import type { Analysis, Span } from '../../src/core/types';

/** Every invariant the rest of the product relies on: spans in bounds, ordered, matching their text. */
function assertSpanInvariants(text: string, a: Analysis): void {
  const inBounds = (s: Span, what: string): void => {
    assert.ok(Number.isInteger(s.start) && Number.isInteger(s.end), `${what}: integer offsets`);
    assert.ok(s.start >= 0 && s.start <= s.end && s.end <= text.length, `${what}: ${s.start}-${s.end} in 0-${text.length}`);
  };
  const ordered = (spans: Span[], what: string): void => {
    for (let i = 1; i < spans.length; i++) {
      assert.ok(spans[i - 1].start <= spans[i].start, `${what} out of order at ${i}`);
    }
  };
  assert.equal(a.length, text.length);
  for (const p of a.structure.paragraphs) inBounds(p, 'paragraph');
  for (const s of a.structure.sentences) inBounds(s, 'sentence');
  ordered(a.structure.paragraphs, 'paragraphs');
  ordered(a.structure.sentences, 'sentences');
  for (const q of a.quotes) {
    inBounds(q, 'quote');
    inBounds(q.content, 'quote content');
    assert.ok(q.content.start >= q.start && q.content.end <= q.end, 'quote content inside the quote');
    if (q.speaker) inBounds(q.speaker, 'speaker');
    if (q.cue) {
      inBounds(q.cue, 'quote cue');
      assert.equal(text.slice(q.cue.start, q.cue.end), q.cue.text);
    }
  }
  ordered(a.quotes, 'quotes');
  for (const h of a.hedges) {
    inBounds(h, 'hedge');
    assert.equal(text.slice(h.start, h.end), h.cue, 'hedge cue is its text');
  }
  ordered(a.hedges, 'hedges');
  for (const c of a.claims) {
    inBounds(c, 'claim');
    assert.ok(c.score >= 0 && c.score <= 1, 'claim score in [0,1]');
  }
  ordered(a.claims, 'claims');
  for (const e of a.entities) {
    assert.ok(e.mentions.length > 0, 'an entity has mentions');
    for (const m of e.mentions) {
      inBounds(m, 'mention');
      assert.equal(text.slice(m.start, m.end), m.text, 'mention text');
    }
    ordered(e.mentions, 'mentions');
    if (e.role) {
      inBounds(e.role, 'role');
      assert.equal(text.slice(e.role.start, e.role.end), e.role.text, 'role text');
    }
  }
}

const newsLike = fc.array(
  fc.oneof(
    fc.constantFrom(
      '“We did not take this decision lightly,” said Tomas Brenner.', 'Officials reportedly asked for $4.5 million.',
      'The U.S.-led talks began on Jan. 5.', '\n\n', '\n', '« Non », a-t-il dit.', 'Moscow’s', '’90s', '"', '“', '”', '‘', '’',
      '---\ntitle: x\n---\n', '```\ncode\n```', '[link](https://example.org)', 'date 2026-01-08\n', 'Mr. ', 'Dr. Amara Mensah',
      'may', 'May 5', 'could', 'according to', '?', '!', '...', '—', '🙂', '\u0301', '\uD800', '\r\n',
    ),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 10 }),
  ),
  { maxLength: 40 },
).map((parts) => parts.join(' '));

describe('analyze', () => {
  it('keeps every span invariant on arbitrary Unicode input and never throws', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => assertSpanInvariants(text, analyze(text))), { numRuns: 300 });
  });

  it('keeps every span invariant on news-like fragments (quotes, markup, abbreviations, surrogates)', () => {
    fc.assert(fc.property(newsLike, (text) => {
      assertSpanInvariants(text, analyze(text));
      assertSpanInvariants(text, analyze(text, { format: 'markdown' }));
    }), { numRuns: 300 });
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
});
