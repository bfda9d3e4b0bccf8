// Failures the fuzzer found (npm run fuzz, test/core/fuzz/), each reduced to a minimal input of our
// own and named for what went wrong. A case stays here after its fix so the bug cannot come back.
import { strict as assert } from 'node:assert';
import { analyze, IncrementalAnalyzer } from '../../src/core/analyze';
import { assertSpanInvariants } from './fuzz/properties';

/** Analyzes the versions in order with one incremental analyzer; each must equal a fresh analysis. */
function editSequence(versions: string[]): void {
  const engine = new IncrementalAnalyzer();
  for (const text of versions) {
    const result = engine.analyze(text);
    assert.deepEqual(result, analyze(text), JSON.stringify(text));
    assertSpanInvariants(text, result);
  }
}

describe('fuzzer regressions', () => {
  it('quote-cache-emptied-document: a document emptied after a quote does not report the old paragraphs', () => {
    // The quote cache kept the last run's recomputed paragraphs when the text became empty, and the
    // analyzer looked them up in the new (empty) structure: TypeError reading 'index'.
    editSequence(['“Yes,” said Ana Ruiz.', '']);
    editSequence(['Intro.\n\n“Yes,” said Ana Ruiz.\n\nEnd.', '', '“No.”']);
  });
});
