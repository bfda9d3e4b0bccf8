// "Checked before": the same claim reworded matches; numbers, negation, direction and names must agree.
import { strict as assert } from 'node:assert';
import { sameClaim, VerdictIndex } from '../../src/sources';

describe('sources: claim matching', () => {
  const base = 'Unemployment in the region rose 9% last year, the statistics office said.';

  it('matches the same claim reworded', () => {
    for (const other of [
      'Last year the jobless rate in the region increased by 9 percent, according to the statistics office.',
      'The region’s unemployment climbed 9% last year, said the statistics office.',
      'According to the statistics office, regional unemployment grew by nine per cent last year.',
    ])
      assert.ok(sameClaim(base, other).match, other);
  });

  it('never matches another number, the opposite direction or a negation', () => {
    const misses: Array<[string, string]> = [
      ['Unemployment in the region rose 19% last year, the statistics office said.', 'the numbers differ'],
      ['Unemployment in the region fell 9% last year, the statistics office said.', 'the direction differs'],
      ['Unemployment in the region did not rise 9% last year, the statistics office said.', 'one is negated'],
      ['Unemployment in the region rose 9% in 2024, the statistics office said.', 'the numbers differ'],
    ];
    for (const [other, why] of misses) {
      const r = sameClaim(base, other);
      assert.ok(!r.match, other);
      assert.equal(r.conflict, why, other);
    }
  });

  it('never matches a claim about another place or person', () => {
    const r = sameClaim('Unemployment in Spain rose 9% last year.', 'Unemployment in France rose 9% last year.');
    assert.ok(!r.match);
    assert.equal(r.conflict, 'the names differ');
  });

  it('never matches another time, or another thing that moved the same way by as much', () => {
    assert.equal(sameClaim(base, 'Unemployment in the region rose 9% this year, the statistics office said.').conflict, 'the time differs');
    assert.ok(!sameClaim(base, 'House prices in the region rose 9% last year, the statistics office said.').match);
    assert.equal(sameClaim('Porto’s ferry fares rose 12% in April.', 'Ferry fares in Lisbon rose 12% in April.').conflict, 'the names differ');
  });

  it('reads the attribution as who says so, not as part of the claim', () => {
    assert.ok(
      sameClaim('Road deaths fell by 5% last year, the road safety agency said.', 'According to the police, road deaths fell 5 per cent last year.').match,
    );
  });

  it('does not match a claim that only shares a number', () => {
    assert.ok(!sameClaim(base, 'House prices in the capital rose 9% last year.').match);
  });

  it('finds noted passages of other articles through the index, best first', () => {
    const index = new VerdictIndex();
    const passage = (id: string, file: string, text: string) => ({
      id,
      file,
      line: 3,
      verdict: 'false',
      text,
      comment: 'c',
      date: '2026-01-01T00:00:00Z',
      noteId: id,
    });
    index.add(passage('a', 'desk/a.txt', 'Unemployment in the region rose 9% last year'));
    index.add(passage('b', 'desk/b.txt', 'Unemployment in the region rose 19% last year'));
    index.add(passage('c', 'desk/c.txt', 'The ferry contract is worth 48 million euros'));
    assert.deepEqual(
      index.matches(base, 'desk/x.txt').map((m) => m.file),
      ['desk/a.txt'],
    );
    assert.deepEqual(index.matches(base, 'desk/a.txt'), []);
    index.remove('a');
    assert.deepEqual(index.matches(base), []);
  });
});
