// Fault isolation (issue #8): a detector that throws on one paragraph loses that paragraph's findings
// for that detector only; the failure is recorded in the analysis, counted, and (in the incremental
// analyzer) retried on the next version rather than cached as empty. Detectors are made to fail
// through the engine's registry (src/core/detectors.ts), the same seam the hosts use.
import { strict as assert } from 'node:assert';
import { analyze, IncrementalAnalyzer } from '../../src/core/analyze';
import { DETECTORS, withInjectedFaults, type Detectors } from '../../src/core/detectors';
import { detectEntities } from '../../src/core/entities';
import { caughtFailures } from '../../src/core/failures';
import type { Analysis, DetectorName, Span, TextStructure } from '../../src/core/types';

const MARKER = 'Harbourmaster';
const ARTICLE = [
  'Council President Rebecca Nguyen said on Monday that the ferry would reportedly cost $4.5 million. “We did not take this lightly,” Nguyen said.',
  `The ${MARKER} Tomas Brenner may resign, according to officials. “The harbour is closed until May,” said Brenner, who leads the Port Authority.`,
  'Prices reportedly rose 40 percent in March, the Statistics Office said. Amara Mensah could not be reached. “It is over,” she said.',
].join('\n\n');

const DETECTOR_CATEGORIES: [DetectorName, keyof Pick<Analysis, 'entities' | 'quotes' | 'hedges' | 'claims'>][] = [
  ['entities', 'entities'],
  ['quotes', 'quotes'],
  ['hedges', 'hedges'],
  ['claims', 'claims'],
];

function paragraphOf(text: string, needle: string): Span {
  const at = text.indexOf(needle);
  const start = text.lastIndexOf('\n\n', at) + 2;
  const end = text.indexOf('\n\n', at);
  return { start: start < 2 ? 0 : start, end: end < 0 ? text.length : end };
}

const inside = (s: Span, r: Span) => s.start >= r.start && s.end <= r.end;
const outside = (s: Span, r: Span) => s.end <= r.start || s.start >= r.end;

/** The spans of a category, entities as their mentions. */
function spansOf(a: Analysis, category: 'entities' | 'quotes' | 'hedges' | 'claims'): Span[] {
  if (category === 'entities') return a.entities.flatMap((e) => e.mentions.map((m) => ({ start: m.start, end: m.end })));
  return (a[category] as Span[]).map((s) => ({ start: s.start, end: s.end }));
}

function assertFailure(a: Analysis, detector: DetectorName, range: Span, line: number): void {
  assert.equal(a.failures.length, 1, JSON.stringify(a.failures));
  const [f] = a.failures;
  assert.equal(f.detector, detector);
  assert.deepEqual({ start: f.start, end: f.end }, range);
  assert.equal(f.line, line);
  assert.equal(f.endLine, line);
  assert.match(f.message, /injected fault/);
  assert.match(f.stack ?? '', /detectors\.ts/, 'the stack of the throw is kept');
}

describe('fault isolation', () => {
  const clean = analyze(ARTICLE);
  const failing = paragraphOf(ARTICLE, MARKER);

  it('the article has findings of every category in every paragraph (so a loss would show)', () => {
    assert.deepEqual(clean.failures, []);
    for (const [, category] of DETECTOR_CATEGORIES) {
      for (const p of clean.structure.paragraphs) {
        assert.ok(
          spansOf(clean, category).some((s) => inside(s, p)),
          `${category} in paragraph ${p.index}`,
        );
      }
    }
  });

  for (const [detector, category] of DETECTOR_CATEGORIES) {
    for (const incremental of [false, true]) {
      it(`${detector} throwing on one paragraph loses only its ${category} there (${incremental ? 'incremental' : 'one-off'} analysis)`, () => {
        const before = caughtFailures();
        const detectors = withInjectedFaults(`${detector}:${MARKER}`);
        const a = incremental ? new IncrementalAnalyzer(true, detectors).analyze(ARTICLE) : analyze(ARTICLE, {}, detectors);
        assertFailure(a, detector, failing, 3);
        const after = caughtFailures();
        assert.equal(after.total, before.total + 1, 'counted');
        assert.equal(after.byPlace[`detector ${detector}`], (before.byPlace[`detector ${detector}`] ?? 0) + 1);

        // That detector's findings: none in the failing paragraph, the same as a clean run elsewhere.
        assert.deepEqual(
          spansOf(a, category).filter((s) => !outside(s, failing)),
          [],
        );
        if (category !== 'claims' && category !== 'entities') {
          assert.deepEqual(
            a[category],
            clean[category].filter((s: Span) => outside(s, failing)),
          );
        }
        if (category === 'entities') {
          // Linking across paragraphs may lose a name it learnt there; what is left is right and placed.
          const cleanSpans = new Set(spansOf(clean, 'entities').map((s) => `${s.start}-${s.end}`));
          for (const s of spansOf(a, 'entities')) assert.ok(cleanSpans.has(`${s.start}-${s.end}`));
          assert.ok(
            spansOf(a, 'entities').some((s) => s.start > failing.end),
            'entities after the failing paragraph',
          );
        }
        // Every other category is complete, in the failing paragraph too.
        for (const [, other] of DETECTOR_CATEGORIES) {
          if (other === category || (other === 'claims' && detector !== 'claims')) continue;
          if (other === 'quotes' && detector === 'entities') continue; // speakers resolve against entities
          assert.deepEqual(spansOf(a, other), spansOf(clean, other), `${other} unaffected by ${detector}`);
        }
        assert.ok(spansOf(a, 'claims').some((s) => inside(s, failing)) || detector === 'claims', 'claims there still scored');
      });
    }
  }

  it('a paragraph that failed is tried again on the next version, not cached as empty', () => {
    for (const [detector, category] of DETECTOR_CATEGORIES) {
      let broken = true;
      const faulty = withInjectedFaults(`${detector}:${MARKER}`);
      // The fault lasts until the test lifts it: the engine must ask the detector again.
      const detectors: Detectors = {
        ...DETECTORS,
        [detector]: (...args: unknown[]) => ((broken ? faulty[detector] : DETECTORS[detector]) as (...a: unknown[]) => unknown)(...args),
      };
      const engine = new IncrementalAnalyzer(true, detectors);
      assertFailure(engine.analyze(ARTICLE), detector, failing, 3);
      // An edit elsewhere: the failing paragraph is still reported, not silently empty.
      const edited = ARTICLE.replace('40 percent', '45 percent');
      assertFailure(engine.analyze(edited), detector, failing, 3);
      broken = false;
      const healed = engine.analyze(edited);
      assert.deepEqual(healed.failures, []);
      assert.deepEqual(healed, analyze(edited), `${detector}: the healed run equals a fresh one`);
      assert.ok(spansOf(healed, category).some((s) => inside(s, failing)));
    }
  });

  it('a failure no single paragraph reproduces loses that detector for the document, reported as such', () => {
    const detectors: Detectors = {
      ...DETECTORS,
      hedges: (text: string, structure: TextStructure, options) => {
        if (structure.paragraphs.length > 1) throw new Error('needs the whole document to fail');
        return DETECTORS.hedges(text, structure, options);
      },
    };
    const a = analyze(ARTICLE, {}, detectors);
    assert.deepEqual(a.hedges, []);
    assert.equal(a.failures.length, 1);
    assert.deepEqual(
      [a.failures[0].detector, a.failures[0].start, a.failures[0].end, a.failures[0].line, a.failures[0].endLine],
      ['hedges', 0, ARTICLE.length, 1, 5],
    );
    assert.deepEqual(a.quotes, clean.quotes);
    assert.deepEqual(a.entities, clean.entities);
  });

  it('counts lines as an editor does (CRLF and lone CR)', () => {
    const text = `Intro line.\r\n\r\nSecond.\r\rThe ${MARKER} may resign.`;
    const a = analyze(text, {}, withInjectedFaults(`hedges:${MARKER}`));
    assert.equal(a.failures.length, 1);
    // The segmenter keeps "Second." and the next line in one paragraph (a lone CR is no blank line).
    assert.deepEqual([a.failures[0].line, a.failures[0].endLine], [3, 5]);
    assert.ok(a.hedges.every((h) => h.end <= a.failures[0].start));
  });

  it('a segmentation failure cannot be isolated: the analysis throws (the host reports the input as failed)', () => {
    assert.throws(() => analyze(ARTICLE, {}, withInjectedFaults(`segmentation:${MARKER}`)), /injected fault: segmentation/);
    assert.doesNotThrow(() => analyze('Nothing to see.', {}, withInjectedFaults(`segmentation:${MARKER}`)));
  });

  it('entity detection no longer swallows its exceptions', () => {
    const broken = { format: 'plaintext', metadata: [], paragraphs: [null], sentences: [], excluded: [] } as unknown as TextStructure;
    assert.throws(() => detectEntities('Rebecca Nguyen spoke.', broken), TypeError);
  });

  it('rejects a malformed fault spec instead of ignoring it', () => {
    assert.throws(() => withInjectedFaults('entity:x'), /FACTDESK_TEST_FAULTS/);
    assert.throws(() => withInjectedFaults('hedges'), /FACTDESK_TEST_FAULTS/);
  });
});
