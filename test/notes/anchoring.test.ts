import { strict as assert } from 'node:assert';
import { anchor, anchorAll, describeSpan, OffsetMap, shiftSpan, shiftSpanThrough, verificationStateOf, type NoteSelectors } from '../../src/notes';

const ARTICLE = [
  'Harbour bridge to close for repairs',
  '',
  'The city council said on Monday that the harbour bridge will close for six weeks from 3 March.',
  'Engineers found corrosion in 14 of the 60 steel cables, according to a report seen by this newspaper.',
  '',
  'Mayor Ana Costa said the closure would cost local businesses about 2.3 million euros.',
  '"We had no choice," she told reporters. Traders in the old town disagreed.',
  '',
  'The council said the repairs were the first since 1998.',
].join('\n');

function selectorsFor(text: string, quote: string, occurrence = 1): NoteSelectors {
  let at = -1;
  for (let i = 0; i < occurrence; i++) at = text.indexOf(quote, at + 1);
  assert.ok(at >= 0, `fixture holds "${quote}"`);
  return describeSpan(text, { start: at, end: at + quote.length });
}

function anchoredText(text: string, sel: NoteSelectors): string | undefined {
  const r = anchor(text, sel);
  return r.span ? text.slice(r.span.start, r.span.end) : undefined;
}

describe('notes anchoring', () => {
  describe('describeSpan', () => {
    it('stores the quote, 32 characters of context each side and the position in code points', () => {
      const sel = selectorsFor(ARTICLE, 'corrosion in 14 of the 60 steel cables');
      assert.equal(sel.quote.exact, 'corrosion in 14 of the 60 steel cables');
      assert.equal(sel.quote.prefix.length, 32);
      assert.ok(ARTICLE.includes(sel.quote.prefix + sel.quote.exact + sel.quote.suffix));
      assert.deepEqual(sel.position, { start: ARTICLE.indexOf('corrosion'), end: ARTICLE.indexOf('corrosion') + sel.quote.exact.length });
    });

    it('keeps short context at the ends of the text', () => {
      const sel = selectorsFor(ARTICLE, 'Harbour bridge');
      assert.equal(sel.quote.prefix, '');
      const last = selectorsFor(ARTICLE, 'since 1998.');
      assert.equal(last.quote.suffix, '');
    });

    it('counts astral characters once in positions and never splits them', () => {
      const text = 'Fans 😀😀 cheered 🎉 the result.';
      const at = text.indexOf('cheered');
      const sel = describeSpan(text, { start: at, end: at + 'cheered 🎉'.length });
      assert.deepEqual(sel.position, { start: 8, end: 17 });
      // A span ending inside a surrogate pair is widened to the whole character.
      const split = describeSpan(text, { start: at, end: at + 'cheered 🎉'.length - 1 });
      assert.equal(split.quote.exact, 'cheered 🎉');
      const prefixSplit = describeSpan(text, { start: text.indexOf('😀') + 1, end: at });
      assert.equal(prefixSplit.quote.exact, '😀😀 ');
    });
  });

  describe('anchor', () => {
    it('anchors a note whose text is still at its stored position', () => {
      const sel = selectorsFor(ARTICLE, 'about 2.3 million euros');
      const r = anchor(ARTICLE, sel);
      assert.equal(r.state, 'anchored');
      assert.equal(r.method, 'position');
      assert.equal(ARTICLE.slice(r.span!.start, r.span!.end), 'about 2.3 million euros');
    });

    it('moves a note when text is inserted before it', () => {
      const sel = selectorsFor(ARTICLE, 'about 2.3 million euros');
      const edited = ARTICLE.replace('Engineers found', 'An inspection last autumn raised concerns. Engineers found');
      const r = anchor(edited, sel);
      assert.equal(r.state, 'moved');
      assert.equal(r.method, 'quote');
      assert.equal(edited.slice(r.span!.start, r.span!.end), 'about 2.3 million euros');
    });

    it('follows a paragraph moved to another place', () => {
      const sel = selectorsFor(ARTICLE, 'Mayor Ana Costa said the closure would cost local businesses about 2.3 million euros.');
      const paragraphs = ARTICLE.split('\n\n');
      const edited = [paragraphs[0], paragraphs[3], paragraphs[1], paragraphs[2]].join('\n\n');
      assert.equal(anchoredText(edited, sel), sel.quote.exact);
    });

    it('finds a quote whose words had a typo fixed (fuzzy)', () => {
      const text = ARTICLE.replace('corrosion', 'corosion');
      const sel = selectorsFor(text, 'Engineers found corosion in 14 of the 60 steel cables');
      const fixed = ARTICLE.replace('The city council said', 'Officials said');
      const r = anchor(fixed, sel);
      assert.equal(r.state, 'moved');
      assert.equal(r.method, 'fuzzy');
      assert.equal(fixed.slice(r.span!.start, r.span!.end), 'Engineers found corrosion in 14 of the 60 steel cables');
    });

    it('finds a short quote edited between its intact prefix and suffix', () => {
      const sel = selectorsFor(ARTICLE, 'six weeks');
      const edited = ARTICLE.replace('six weeks', 'sixx weeks');
      assert.equal(anchoredText(edited, sel), 'sixx weeks');
    });

    it('orphans a note whose text was deleted, rather than placing it elsewhere', () => {
      const sel = selectorsFor(ARTICLE, 'Traders in the old town disagreed.');
      const edited = ARTICLE.replace(' Traders in the old town disagreed.', '');
      assert.equal(anchor(edited, sel).state, 'orphaned');
    });

    it('orphans a note whose text was rewritten beyond recognition', () => {
      const sel = selectorsFor(ARTICLE, 'corrosion in 14 of the 60 steel cables');
      const edited = ARTICLE.replace('corrosion in 14 of the 60 steel cables', 'wear on several parts');
      assert.equal(anchor(edited, sel).state, 'orphaned');
    });

    it('does not move a deleted phrase to a copy of it with other context', () => {
      const sel = selectorsFor(ARTICLE, 'The council said', 1);
      // The first "The council said" is the last paragraph's; delete it. "The city council said" remains.
      const edited = ARTICLE.replace('\n\nThe council said the repairs were the first since 1998.', '');
      const r = anchor(edited, sel);
      assert.equal(r.state, 'orphaned');
    });

    it('does not move a deleted phrase to a copy that shares one side of its context', () => {
      const first = 'In a statement on Monday, officials blamed rising costs for the delay, the council said.';
      const second = 'In a statement on Monday, officials blamed rising costs for the delay of the tram line.';
      const text = `${first} Work resumes in May.\n\nTraders were angry. ${second}`;
      const sel = selectorsFor(text, 'rising costs for the delay', 1);
      assert.equal(anchor(text, sel).span!.start, text.indexOf('rising costs'));
      const edited = text.replace(first + ' ', '');
      assert.equal(anchor(edited, sel).state, 'orphaned');
      // The same note still follows its own sentence when a neighbouring sentence goes.
      const neighbourGone = text.replace(' Work resumes in May.', '');
      assert.equal(anchor(neighbourGone, sel).span!.start, neighbourGone.indexOf('rising costs'));
    });

    it('tells duplicated quotes apart by prefix and suffix', () => {
      const text = 'Sales rose 5% in May, the firm said. Costs rose 5% in May, the union said. Prices rose 5% in May, the office said.';
      const second = selectorsFor(text, 'rose 5% in May', 2);
      const edited = 'Update: ' + text.replace('Sales', 'Total sales');
      const r = anchor(edited, second);
      assert.equal(r.state, 'moved');
      assert.equal(r.span!.start, edited.indexOf('Costs rose') + 'Costs '.length);
    });

    it('tells identical passages apart by position when the context is the same', () => {
      const block = 'The vote is on Friday. ';
      const text = block.repeat(3);
      const third = selectorsFor(text, 'vote is on Friday', 3);
      const r = anchor(text, third);
      assert.equal(r.state, 'anchored');
      assert.equal(r.span!.start, text.lastIndexOf('vote is on Friday'));
      // Shifted: the copies look alike, so the note goes to the right one or none, never a wrong one.
      const edited = 'Intro. ' + text;
      const shifted = anchor(edited, third);
      if (shifted.span) assert.equal(shifted.span.start, edited.lastIndexOf('vote is on Friday'));
    });

    it('converts code point positions with astral characters before and inside the quote', () => {
      const text = '🎉🎉 Big news 🎉: the budget rose 12% 📈 this year, the council said.';
      const sel = selectorsFor(text, 'the budget rose 12% 📈 this year');
      assert.equal(sel.position!.start, [...text.slice(0, text.indexOf('the budget'))].length);
      const r = anchor(text, sel);
      assert.equal(r.state, 'anchored');
      assert.equal(text.slice(r.span!.start, r.span!.end), 'the budget rose 12% 📈 this year');
      const edited = '🌍 ' + text;
      const moved = anchor(edited, sel);
      assert.equal(moved.state, 'moved');
      assert.equal(edited.slice(moved.span!.start, moved.span!.end), 'the budget rose 12% 📈 this year');
    });

    it('never throws and orphans on empty text or an empty quote', () => {
      const sel = selectorsFor(ARTICLE, 'harbour bridge');
      assert.equal(anchor('', sel).state, 'orphaned');
      assert.equal(anchor(ARTICLE, { quote: { exact: '', prefix: '', suffix: '' } }).state, 'orphaned');
      assert.equal(anchor(ARTICLE, { ...sel, position: { start: 1e9, end: 1e9 + 5 } }).state, 'moved');
    });

    it('anchors many notes on a large text quickly', () => {
      const big = Array.from({ length: 2000 }, (_, i) => `Paragraph ${i}: the council spent ${i * 7} euros on item ${i * 13}.`).join('\n\n');
      const notes = Array.from({ length: 200 }, (_, i) => ({ selectors: selectorsFor(big, `spent ${i * 70} euros on item ${i * 130}`) }));
      const edited = 'Intro.\n\n' + big.replace(/council/g, 'counsil');
      const started = performance.now();
      const results = anchorAll(edited, notes);
      const ms = performance.now() - started;
      assert.ok(
        results.every((r) => r.state === 'moved'),
        'all found',
      );
      assert.ok(ms < 5000, `${ms} ms`);
    });
  });

  describe('shiftSpan (live edits)', () => {
    const span = { start: 10, end: 20 };
    it('shifts for edits before the span, keeps it for edits after', () => {
      assert.deepEqual(shiftSpan(span, { offset: 2, deleteLength: 3, insertText: 'abcdef' }), { start: 13, end: 23 });
      assert.deepEqual(shiftSpan(span, { offset: 25, deleteLength: 3, insertText: 'x' }), span);
    });
    it('keeps typing at either edge outside the note', () => {
      assert.deepEqual(shiftSpan(span, { offset: 10, deleteLength: 0, insertText: 'ab' }), { start: 12, end: 22 });
      assert.deepEqual(shiftSpan(span, { offset: 20, deleteLength: 0, insertText: 'ab' }), span);
    });
    it('grows and shrinks with edits inside', () => {
      assert.deepEqual(shiftSpan(span, { offset: 12, deleteLength: 2, insertText: 'abcd' }), { start: 10, end: 22 });
      assert.deepEqual(shiftSpan(span, { offset: 10, deleteLength: 3, insertText: 'X' }), { start: 10, end: 18 });
      assert.deepEqual(shiftSpan(span, { offset: 17, deleteLength: 3, insertText: 'XY' }), { start: 10, end: 19 });
    });
    it('clips edits across an edge', () => {
      assert.deepEqual(shiftSpan(span, { offset: 5, deleteLength: 10, insertText: '' }), { start: 5, end: 10 });
      assert.deepEqual(shiftSpan(span, { offset: 15, deleteLength: 10, insertText: 'abc' }), { start: 10, end: 15 });
    });
    it('reports a span whose text was all deleted', () => {
      assert.equal(shiftSpan(span, { offset: 8, deleteLength: 14, insertText: 'new' }), undefined);
      assert.equal(shiftSpan(span, { offset: 10, deleteLength: 10, insertText: '' }), undefined);
    });
    it('applies a sequence of edits', () => {
      assert.deepEqual(
        shiftSpanThrough(span, [
          { offset: 0, deleteLength: 0, insertText: 'xx' },
          { offset: 30, deleteLength: 1, insertText: '' },
          { offset: 14, deleteLength: 0, insertText: 'y' },
        ]),
        { start: 12, end: 23 },
      );
    });
    it('agrees with the text: the shifted span holds the same words after edits outside it', () => {
      let text = ARTICLE;
      let s: { start: number; end: number } | undefined = { start: text.indexOf('2.3 million'), end: text.indexOf('2.3 million') + 11 };
      const edits = [
        { offset: 0, deleteLength: 7, insertText: 'Port' },
        { offset: text.length - 10, deleteLength: 4, insertText: 'nineteen ninety-eight' },
        { offset: 50, deleteLength: 0, insertText: '🎉 ' },
      ];
      for (const e of edits) {
        text = text.slice(0, e.offset) + e.insertText + text.slice(e.offset + e.deleteLength);
        s = shiftSpan(s!, e);
      }
      assert.equal(text.slice(s!.start, s!.end), '2.3 million');
    });
  });

  describe('OffsetMap', () => {
    it('converts between UTF-16 and code points both ways', () => {
      const text = 'a😀b𝄞c';
      const m = new OffsetMap(text);
      assert.equal(m.codePointLength, 5);
      assert.deepEqual(
        [0, 1, 3, 4, 6, 7].map((u) => m.toCodePoint(u)),
        [0, 1, 2, 3, 4, 5],
      );
      assert.deepEqual(
        [0, 1, 2, 3, 4, 5].map((c) => m.toUtf16(c)),
        [0, 1, 3, 4, 6, 7],
      );
      assert.equal(m.toCodePoint(2), 1, 'inside a pair maps to the pair');
      assert.equal(m.toUtf16(99), text.length);
    });
    it('treats lone surrogates as one character each', () => {
      const m = new OffsetMap('a\ud800b\udc00c');
      assert.equal(m.codePointLength, 5);
      assert.equal(m.toUtf16(3), 3);
    });
  });
});

describe('notes verification state of a passage', () => {
  const base = {
    kind: 'note' as const,
    created: '',
    modified: '',
    comment: '',
    sources: [],
    source: 'a.txt',
    selectors: { quote: { exact: 'x', prefix: '', suffix: '' } },
  };
  const placed = (id: string, verdict: 'true' | 'false', start?: number, end?: number) => ({
    note: { ...base, id, verdict },
    anchor: start === undefined ? { state: 'orphaned' as const } : { state: 'anchored' as const, span: { start, end: end! } },
  });
  it('reports the verdict of notes overlapping a claim, conflicting when they differ, ignoring orphans', () => {
    const notes = [placed('a', 'true', 10, 20), placed('b', 'false', 30, 40), placed('c', 'false')];
    assert.equal(verificationStateOf({ start: 0, end: 9 }, notes), undefined);
    assert.equal(verificationStateOf({ start: 15, end: 25 }, notes)!.verdict, 'true');
    const both = verificationStateOf({ start: 0, end: 50 }, notes)!;
    assert.equal(both.verdict, 'conflicting');
    assert.deepEqual(
      both.notes.map((p) => p.note.id),
      ['a', 'b'],
    );
  });
});
