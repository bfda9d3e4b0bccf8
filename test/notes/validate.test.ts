// The schema validators ship as code generated from the schemas (scripts/generate-validators.mjs);
// they must be what the schemas give today, and refuse what the schemas refuse.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { schemaValidator } from '../../src/notes';

const ROOT = path.resolve(__dirname, '..', '..');

describe('schema validators', () => {
  it('are the code the schemas give (regenerated after every schema change)', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'generate-validators.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
  });

  it('check formats and required fields of both schemas', () => {
    const entities = schemaValidator('entities');
    assert.equal(entities({ entities: [{ id: 'a', name: 'A', type: 'person', updated: '2026-01-02T03:04:05Z' }] }), true, JSON.stringify(entities.errors));
    assert.equal(entities({ entities: [{ id: 'a', name: 'A', type: 'person', updated: 'yesterday' }] }), false);
    assert.ok(entities.errors?.some((e) => e.keyword === 'format' && e.instancePath === '/entities/0/updated'));
    const notes = schemaValidator('notes');
    assert.equal(notes({}), false);
    assert.ok(notes.errors?.some((e) => e.keyword === 'required'));
  });
});
