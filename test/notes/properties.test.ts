// Property checks: anchoring never throws and never returns out-of-bounds spans; offsets convert
// both ways; live shifts keep untouched note text in place.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { anchor, describeSpan, OffsetMap, shiftSpan } from '../../src/notes';

const textArb = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '.', '\n', 'é', '😀', '\ud800', 'x', 'The '), maxLength: 200 });

describe('notes properties', () => {
  it('anchor never throws and returns spans within the text whose text is found', () => {
    fc.assert(
      fc.property(textArb, textArb, fc.nat(), fc.nat(), (before, after, a, b) => {
        if (!before.length) return;
        const start = a % before.length;
        const end = start + 1 + (b % (before.length - start));
        const sel = describeSpan(before, { start, end });
        const r = anchor(after, sel);
        if (r.span) {
          assert.ok(r.span.start >= 0 && r.span.start < r.span.end && r.span.end <= after.length);
          if (r.method !== 'fuzzy') assert.equal(after.slice(r.span.start, r.span.end), sel.quote.exact);
        } else assert.equal(r.state, 'orphaned');
        // The same text always anchors where it was described.
        const same = anchor(before, sel);
        assert.equal(same.state, 'anchored');
      }),
      { numRuns: 300 },
    );
  });

  it('code point offsets convert both ways', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const m = new OffsetMap(text);
        assert.equal(m.codePointLength, [...text].length);
        let u = 0;
        [...text].forEach((ch, cp) => {
          assert.equal(m.toUtf16(cp), u);
          assert.equal(m.toCodePoint(u), cp);
          u += ch.length;
        });
      }),
    );
  });

  it('shiftSpan keeps a note on its text when an edit does not touch it', () => {
    fc.assert(
      fc.property(textArb, fc.nat(), fc.nat(), fc.nat(), fc.nat(), fc.string({ maxLength: 20 }), (text, a, b, c, d, insert) => {
        if (text.length < 2) return;
        const start = a % (text.length - 1);
        const end = start + 1 + (b % (text.length - start - 1 || 1));
        const offset = c % (text.length + 1);
        const deleteLength = d % (text.length - offset + 1);
        const span = { start, end: Math.min(end, text.length) };
        const edited = text.slice(0, offset) + insert + text.slice(offset + deleteLength);
        const shifted = shiftSpan(span, { offset, deleteLength, insertText: insert });
        if (shifted)
          assert.ok(shifted.start >= 0 && shifted.start < shifted.end && shifted.end <= edited.length, JSON.stringify({ span, offset, deleteLength, shifted }));
        const untouched = offset + deleteLength <= span.start || offset >= span.end;
        if (untouched) assert.equal(edited.slice(shifted!.start, shifted!.end), text.slice(span.start, span.end));
      }),
      { numRuns: 1000 },
    );
  });
});
