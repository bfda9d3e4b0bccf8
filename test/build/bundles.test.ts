// The size budget of issue #12: each production bundle (`npm run package` builds them with
// `esbuild.mjs --production`) stays at most 1,000,000 bytes. Built here into a folder of its own.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
/** Bytes a production bundle may take. */
const BUNDLE_BUDGET_BYTES = 1_000_000;
/** The bundles the .vsix ships. */
const SHIPPED = ['extension.js', 'server.js'];

describe('production bundles', function () {
  this.timeout(120_000);
  let outdir: string;
  before(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'factdesk-bundles-'));
    const build = spawnSync(process.execPath, ['esbuild.mjs', '--production'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, FACTDESK_OUTDIR: outdir },
    });
    assert.equal(build.status, 0, build.stderr);
  });
  after(() => fs.rmSync(outdir, { recursive: true, force: true }));

  for (const name of SHIPPED) {
    it(`${name} stays within ${BUNDLE_BUDGET_BYTES.toLocaleString('en')} bytes`, () => {
      const bytes = fs.statSync(path.join(outdir, name)).size;
      assert.ok(bytes <= BUNDLE_BUDGET_BYTES, `${name} is ${bytes} bytes`);
    });
  }
});
