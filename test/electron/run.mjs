#!/usr/bin/env node
// `npm run test:electron`: the same in-host mocha suite (dist/test/extension/suite) in desktop VS Code,
// downloaded by @vscode/test-electron. For machines with internet access (it downloads VS Code from
// update.code.visualstudio.com into .tools/vscode-test/); offline machines use `npm run test:vscode`.
// Linux without a display: re-runs itself under `xvfb-run -a` when that is installed.
// Env: FACTDESK_VSCODE_VERSION (default 1.100.3; "stable" for the newest), FACTDESK_TEST_GREP.
// Ends with `N passed, N failed` like the code-server driver.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.FACTDESK_UNDER_XVFB
  && spawnSync('sh', ['-c', 'command -v xvfb-run'], { stdio: 'ignore' }).status === 0) {
  const rerun = spawnSync('xvfb-run', ['-a', process.execPath, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit', env: { ...process.env, FACTDESK_UNDER_XVFB: '1' },
  });
  process.exit(rerun.status ?? 1);
}

if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.FACTDESK_UNDER_XVFB) {
  console.warn('No DISPLAY and no xvfb-run: desktop VS Code needs a display (apt-get install -y xvfb).');
}

const testsPath = path.join(repoRoot, 'dist', 'test', 'extension', 'suite');
if (!fs.existsSync(path.join(testsPath, 'index.js'))) {
  console.error(`${testsPath}/index.js is missing: run \`node esbuild.mjs\` first`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

// The suite edits workspace settings: give it a scratch copy of the fixtures, as the code-server driver does.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'factdesk-electron-'));
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'workspace');
const workspace = path.join(scratch, 'workspace');
fs.cpSync(fs.existsSync(fixtures) ? fixtures : path.join(repoRoot, 'examples'), workspace, { recursive: true });

// Read the runner's result line from VS Code's output, which test-electron forwards to our stdout.
let result;
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  const match = /FACTDESK_TEST_RESULT (\{.*\})/.exec(String(chunk));
  if (match) result = JSON.parse(match[1]);
  return write(chunk, ...rest);
};

let exitCode = 1;
try {
  exitCode = await runTests({
    version: process.env.FACTDESK_VSCODE_VERSION || '1.100.3',
    cachePath: path.join(repoRoot, '.tools', 'vscode-test'), // git-ignored, next to code-server
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: testsPath,
    extensionTestsEnv: { FACTDESK_TEST_GREP: process.env.FACTDESK_TEST_GREP },
    timeout: 30_000,
    launchArgs: [
      workspace,
      '--disable-extensions', // other installed extensions; the one under development still loads
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--disable-gpu',
      '--user-data-dir', path.join(scratch, 'user-data'),
      '--extensions-dir', path.join(scratch, 'extensions'),
    ],
  });
} catch (error) {
  console.error(`test-electron failed: ${error instanceof Error ? error.message : error}`);
  if (/ENOTFOUND|ECONNREFUSED|EAI_AGAIN|ETIMEDOUT|getaddrinfo|timeout/i.test(String(error))) {
    console.error('VS Code could not be downloaded (no internet?): use `npm run test:vscode` (code-server, offline) instead.');
  }
} finally {
  process.stdout.write = write;
  fs.rmSync(scratch, { recursive: true, force: true });
}
const counts = result ?? { passed: 0, failed: 1 };
if (exitCode !== 0 && counts.failed === 0) counts.failed = 1;
console.log(`${counts.passed} passed, ${counts.failed} failed`);
process.exit(exitCode === 0 && counts.failed === 0 ? 0 : 1);
