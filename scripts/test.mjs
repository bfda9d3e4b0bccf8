#!/usr/bin/env node
// `npm test`: every test, from a fresh clone: build, type-check, the mocha suites (engine, CLI,
// language server over JSON-RPC, notes), then the real-VS-Code suites (scripts/e2e/test-vscode.mjs).
// Streams each stage's output and ends with one line `N passed, N failed` over all of them.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;
const skipVscode = process.argv.includes('--no-vscode');
const totals = { passed: 0, failed: 0 };

function stage(name, args) {
  console.log(`\n=== ${name}`);
  return new Promise((resolve) => {
    const child = spawn(node, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on('error', (e) => {
      console.error(e);
      resolve({ code: -1, out });
    });
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** A stage that fails without a count of its own still counts as one failed test. */
function count(result, parse) {
  const counted = parse(result.out);
  if (counted) {
    totals.passed += counted.passed;
    totals.failed += counted.failed;
  }
  if (result.code !== 0 && (!counted || counted.failed === 0)) totals.failed += 1;
}

count(await stage('build', ['esbuild.mjs']), () => undefined);
if (totals.failed === 0) {
  count(await stage('type-check', [path.join('node_modules', 'typescript', 'bin', 'tsc'), '-p', '.', '--noEmit']), () => undefined);
  count(await stage('lint (eslint)', [path.join('node_modules', 'eslint', 'bin', 'eslint.js'), '.']), () => undefined);
  count(
    await stage('format (prettier --check)', [
      path.join('node_modules', 'prettier', 'bin', 'prettier.cjs'),
      '--check',
      'src/**/*.ts',
      'test/**/*.ts',
      'scripts/**/*.{ts,mjs}',
      '*.mjs',
    ]),
    () => undefined,
  );
  // A failed install shows up as failures of the real-VS-Code stage.
  if (!skipVscode) await stage('install code-server + Chromium', [path.join('scripts', 'e2e', 'install.mjs')]);
  count(await stage('mocha: engine, CLI, language server, notes', [path.join('node_modules', 'mocha', 'bin', 'mocha.js')]), (out) => {
    const passing = /^\s*(\d+) passing/m.exec(out);
    const failing = /^\s*(\d+) failing/m.exec(out);
    return passing || failing ? { passed: Number(passing?.[1] ?? 0), failed: Number(failing?.[1] ?? 0) } : undefined;
  });
  if (!skipVscode) {
    count(await stage('real VS Code: in-host suite, browser test, packaged .vsix', [path.join('scripts', 'e2e', 'test-vscode.mjs')]), (out) => {
      const m = [...out.matchAll(/^(\d+) passed, (\d+) failed$/gm)].pop();
      return m ? { passed: Number(m[1]), failed: Number(m[2]) } : undefined;
    });
  }
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);
