import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { CLAIM_MODEL_PATH, readClaimModel } from '../../src/core/claims-weights';

const ROOT = path.resolve(__dirname, '../..');
const SHIPPED = path.join(ROOT, 'src/core/models/claims.json');

describe('claim model file (read from beside the bundle)', () => {
  it('is read from src/core/models when the engine runs from its sources', () => {
    assert.equal(path.resolve(CLAIM_MODEL_PATH), SHIPPED);
    const model = readClaimModel();
    assert.equal(typeof model.threshold, 'number');
    assert.equal(model.threshold, JSON.parse(fs.readFileSync(SHIPPED, 'utf8')).threshold);
  });

  it('is not compiled into a bundle: a bundle reads models/claims.json beside it, and names the path when it is missing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'factdesk-claims-weights-'));
    try {
      const entry = path.join(dir, 'entry.ts');
      fs.writeFileSync(
        entry,
        `import { modelClaimThreshold, scoreClaim } from ${JSON.stringify(path.join(ROOT, 'src/core/claims'))};\n` +
          `console.log(JSON.stringify({ threshold: modelClaimThreshold(), score: scoreClaim('Taxes rose 5 percent in 2020.') }));\n`,
      );
      const outfile = path.join(dir, 'bundle.cjs');
      await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile, logLevel: 'warning' });
      const shipped = JSON.parse(fs.readFileSync(SHIPPED, 'utf8'));
      // The bundle holds none of the weights.
      assert.ok(!fs.readFileSync(outfile, 'utf8').includes(shipped.grams.values.slice(0, 64)));

      const missing = spawnSync(process.execPath, [outfile], { encoding: 'utf8' });
      assert.notEqual(missing.status, 0);
      assert.match(missing.stderr, /claim model not found at .*models[\\/]claims\.json/);

      // Another model beside the bundle (as cross-validation writes a fold's model): its threshold and weights are used.
      fs.mkdirSync(path.join(dir, 'models'));
      fs.writeFileSync(path.join(dir, 'models', 'claims.json'), JSON.stringify({ ...shipped, threshold: 0.61, bias: shipped.bias - 5 }));
      const other = spawnSync(process.execPath, [outfile], { encoding: 'utf8' });
      assert.equal(other.status, 0, other.stderr);
      const fromOther = JSON.parse(other.stdout);
      fs.writeFileSync(path.join(dir, 'models', 'claims.json'), JSON.stringify(shipped));
      const fromShipped = JSON.parse(spawnSync(process.execPath, [outfile], { encoding: 'utf8' }).stdout);
      assert.equal(fromOther.threshold, 0.61);
      assert.equal(fromShipped.threshold, shipped.threshold);
      assert.ok(fromOther.score < fromShipped.score, `${fromOther.score} < ${fromShipped.score}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
