// Failures the fuzzer found (npm run fuzz, test/core/fuzz/), each reduced to a minimal input of our
// own and named for what went wrong. A case stays here after its fix so the bug cannot come back.
import { strict as assert } from 'node:assert';
import { analyze, IncrementalAnalyzer } from '../../src/core/analyze';
import { MICROMARK_MAX_LENGTH, scannedRegions } from '../../src/core/segmentation-markdown';
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

  it('markdown-scanner-link-emphasis-loop: a link whose text holds emphasis markers does not loop in the scanner of long documents', () => {
    // npm run fuzz seed 8500 ran out of memory (4 GB) on chunk seed 8579 (articles, large): Markdown
    // over MICROMARK_MAX_LENGTH goes to the line scanner, whose inline scan of a link's text ("_" or
    // "*" inside [...]) reran the shared global regex from the link's start and restarted the outer
    // scan there: the same link was found again, forever, pushing spans until the heap was full.
    assert.deepEqual(scannedRegions('[a _](<https://a.b>)'), {
      excluded: [
        { start: 0, end: 1 },
        { start: 4, end: 20 },
      ],
      blocks: [{ start: 0, end: 20 }],
    });
    const line = '[the *new* plan](https://example.org/plan) and *more* text';
    assert.deepEqual(
      scannedRegions(line).excluded.map((s) => line.slice(s.start, s.end)),
      ['[', '*', '*', '](https://example.org/plan)', '*', '*'],
      'markers inside and after the link are excluded, the link text stays prose',
    );
    const long =
      'The council met on Monday to vote on the budget. '.repeat(Math.ceil(MICROMARK_MAX_LENGTH / 49)) +
      '\n\n* [the *new* plan _](<https://example.org/plan>)\n';
    assert.ok(long.length > MICROMARK_MAX_LENGTH);
    const a = analyze(long, { format: 'markdown' });
    assertSpanInvariants(long, a);
  });
});
