#!/usr/bin/env node
// `npm run test:vscode`: everything the real-VS-Code proof needs, from a fresh clone:
//   1. install code-server + Debian packages (idempotent, cached in .tools/),
//   2. build (dist/, including the in-host test bundles),
//   3. in-host mocha suite + browser test + untrusted-workspace suite against the extension loaded from the repo,
//   4. package the .vsix (`npm run package`) and run the suite + browser test against it installed.
// Ends with one line `N passed, N failed` over all of them; exit code 0 only if all passed.
// Extra arguments go to the driver (e.g. --grep=hover, --timeout=300, --update-screenshot).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './paths.mjs';

const passThrough = process.argv.slice(2);
const timings = [];

/** Runs one step, streaming its output live (and keeping stdout to read the summary line from). */
function step(name, command, args) {
  const started = Date.now();
  console.log(`\n=== ${name}: ${[command, ...args].join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, FACTDESK_OUTDIR: '' }, // the driver and the .vsix both read dist/
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      process.stdout.write(chunk);
    });
    const done = (status) => {
      timings.push(`${name} ${((Date.now() - started) / 1000).toFixed(1)} s`);
      resolve({ ok: status === 0, stdout, status });
    };
    child.on('error', (error) => {
      console.error(error);
      done(-1);
    });
    child.on('close', done);
  });
}

function finish(passed, failed) {
  console.log(`\ntest:vscode timings: ${timings.join('; ')}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

const node = process.execPath;
if (!(await step('install', node, [path.join('scripts', 'e2e', 'install.mjs')])).ok) finish(0, 1);
if (!(await step('build', node, ['esbuild.mjs'])).ok) finish(0, 1);

const counts = { passed: 0, failed: 0 };
const addCounts = (stdout) => {
  const summary = [...stdout.matchAll(/^(\d+) passed, (\d+) failed$/gm)].pop();
  if (!summary) return false;
  counts.passed += Number(summary[1]);
  counts.failed += Number(summary[2]);
  return true;
};

const dev = await step('suite + browser + untrusted workspace (extension from the repo)', node, [
  path.join('scripts', 'e2e', 'run-extension-tests.mjs'),
  '--suite',
  '--browser',
  '--untrusted',
  ...passThrough,
]);
if (!addCounts(dev.stdout)) counts.failed += 1;

// The .vsix is built last: `--production` rewrites dist/ with minified bundles.
const packaged = await step('package', 'npm', ['run', '--silent', 'package']);
if (!packaged.ok) {
  counts.failed += 1;
} else {
  const vsix = await step('suite + browser (extension installed from the .vsix)', node, [
    path.join('scripts', 'e2e', 'run-extension-tests.mjs'),
    '--vsix',
    ...passThrough,
  ]);
  if (!addCounts(vsix.stdout)) counts.failed += 1;
}
finish(counts.passed, counts.failed);
