// The client's edit log: findings for an older version shifted onto the current text.
import { strict as assert } from 'node:assert';
import { EditLog } from '../../src/extension/editLog';
import type { FindingSpans } from '../../src/shared/protocol';

const URI = 'file:///a.txt';

/** Applies an edit to `text` and records it as VS Code would report it. */
function edit(log: EditLog, state: { text: string; version: number }, offset: number, removed: number, inserted: string) {
  state.text = state.text.slice(0, offset) + inserted + state.text.slice(offset + removed);
  state.version++;
  log.record({
    document: { uri: { toString: () => URI }, version: state.version },
    contentChanges: [{ rangeOffset: offset, rangeLength: removed, text: inserted }],
  } as never);
}

const spans = (quotes: number[], claims: number[] = []): FindingSpans => ({ quotes, claims, hedges: [], entities: [], prominentClaims: [], quotedHedges: [] });

describe('client edit log (src/extension/editLog.ts)', () => {
  it('shifts spans after an insertion and keeps spans before it', () => {
    const log = new EditLog();
    const state = { text: 'He said “yes” and “no”.', version: 1 };
    const yes = [state.text.indexOf('“yes”'), state.text.indexOf('“yes”') + 5];
    const no = [state.text.indexOf('“no”'), state.text.indexOf('“no”') + 4];
    edit(log, state, state.text.indexOf(' and'), 0, ' loudly');
    const mapped = log.map(URI, spans([...yes, ...no]), 1, 2);
    assert.ok(mapped);
    const [s1, e1, s2, e2] = mapped.quotes;
    assert.equal(state.text.slice(s1, e1), '“yes”');
    assert.equal(state.text.slice(s2, e2), '“no”');
  });

  it('stretches a span typed into, drops one deleted entirely, and keeps strides', () => {
    const log = new EditLog();
    const state = { text: 'aaa “bbb” ccc “ddd”', version: 5 };
    const b = [4, 9];
    const d = [14, 19];
    edit(log, state, 6, 0, 'XY'); // inside “bbb”
    edit(log, state, 16, 5, ''); // deletes “ddd” (now at 16..21)
    const mapped = log.map(URI, spans([...b, ...d], [...b, 2]), 5, 7);
    assert.ok(mapped);
    assert.deepEqual(mapped.quotes, [4, 11]);
    assert.equal(state.text.slice(4, 11), '“bXYbb”');
    assert.deepEqual(mapped.claims, [4, 11, 2]);
  });

  it('moves items with a span (quote checks) and their other fields, dropping one whose text is deleted', () => {
    const log = new EditLog();
    const state = { text: 'He said “yes” and “no”.', version: 3 };
    const at = (q: string) => ({ start: state.text.indexOf(q), end: state.text.indexOf(q) + q.length });
    const items = [
      { ...at('“yes”'), status: 'altered', drift: 1 },
      { ...at('“no”'), status: 'verbatim', drift: 0 },
    ];
    edit(log, state, 0, 0, 'Then ');
    edit(log, state, state.text.indexOf(' and “no”'), ' and “no”'.length, '');
    const moved = log.mapItems(URI, items, 3, 5);
    assert.ok(moved);
    assert.deepEqual(
      moved.map((m) => [state.text.slice(m.start, m.end), m.status, m.drift]),
      [['“yes”', 'altered', 1]],
    );
    assert.equal(log.mapItems(URI, items, 2, 5), undefined, 'version 3 is the oldest known');
  });

  it('refuses to map over an unknown edit', () => {
    const log = new EditLog();
    const state = { text: 'abc', version: 1 };
    edit(log, state, 0, 0, 'x');
    assert.equal(log.map(URI, spans([0, 1]), 0, 2), undefined, 'version 1 was never seen');
    log.settle(URI, 2);
    assert.equal(log.map(URI, spans([0, 1]), 1, 2), undefined, 'settled edits are forgotten');
  });
});
