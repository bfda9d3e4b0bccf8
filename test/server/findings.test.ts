// The editor's answers from findings (src/server/findings.ts) on inputs the fuzzer found to break them.
import { strict as assert } from 'node:assert';
import { analyze } from '../../src/core/analyze';
import { assertEditorAnswers, serverFindings } from '../core/fuzz/properties';

describe('findings (fuzzer regressions)', () => {
  it('outline-nested-quote-group-range: a quote nested in another is its child, inside its range', () => {
    // The outline once had a Quotes group running from the first child's start to the last child's
    // end; the last child (nested) ends before the first (outer), so the group's selection stuck out
    // of it and VS Code rejects such a symbol. Now each quote is its own entry; the nested one a child.
    const text = 'Ana said “the plan “works” now” today.';
    const a = analyze(text);
    assert.ok(a.quotes.length >= 2, 'outer and nested quote found');
    const findings = serverFindings(text, a, 0.32);
    const [outer] = findings.symbols({ quotes: true, claims: false, hedges: false, entities: false });
    assert.equal(outer.range.end.character, text.indexOf(' today'));
    assert.equal(outer.children?.[0]?.range.start.character, text.indexOf('“works'));
    assertEditorAnswers(text, findings);
  });
});
