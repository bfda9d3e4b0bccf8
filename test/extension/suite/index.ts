// Mocha runner loaded by the VS Code extension host (code-server payload route or @vscode/test-electron):
// the host calls `run()` and reports its outcome as the test exit code. Bundled by esbuild to
// dist/test/extension/suite/index.js (CommonJS) with `vscode` and `mocha` left external, so mocha 11
// comes from the repo's node_modules and every *.test.js bundle next to this file is loaded.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

const EXTENSION_ID = 'factdesk.factdesk';
/** Lines the drivers (scripts/e2e/run-extension-tests.mjs, test/electron/run.mjs) parse. */
const RESULT_TAG = 'FACTDESK_TEST_RESULT';
const ACTIVATION_TAG = 'FACTDESK_ACTIVATION';

/** The smoke test goes first so a broken activation is the first failure shown. */
function testFiles(dir: string): string[] {
  const files = fs.readdirSync(dir).filter((name) => name.endsWith('.test.js'));
  const rank = (name: string) => (name === 'smoke.test.js' ? 0 : 1);
  return files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).map((name) => path.join(dir, name));
}

/**
 * Activates the extension under test once, timed: the activation figure the drivers print
 * (module load + `activate()`), plus the wall-clock moment so a driver can relate it to page load.
 */
async function measureActivation(): Promise<void> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) {
    console.log(`${ACTIVATION_TAG} ${JSON.stringify({ found: false })}`);
    return;
  }
  const alreadyActive = extension.isActive;
  const started = performance.now();
  try {
    await extension.activate();
  } catch (error) {
    // The smoke test reports this as a failure with the full message; here we only time it.
    console.log(`${ACTIVATION_TAG} ${JSON.stringify({ found: true, failed: String(error) })}`);
    return;
  }
  console.log(
    `${ACTIVATION_TAG} ${JSON.stringify({
      found: true,
      alreadyActive,
      activateMs: Math.round(performance.now() - started),
      activeAtEpochMs: Date.now(),
      hostUptimeMs: Math.round(process.uptime() * 1000),
      extensionPath: extension.extensionPath,
      uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
      vscodeVersion: vscode.version,
    })}`,
  );
}

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    reporter: 'spec',
    timeout: Number(process.env.FACTDESK_TEST_TIMEOUT_MS) || 30_000,
    // FACTDESK_TEST_GREP narrows the run (the driver passes it through code-server's environment).
    grep: process.env.FACTDESK_TEST_GREP || undefined,
  });
  for (const file of testFiles(__dirname)) mocha.addFile(file);

  await measureActivation();

  const counts = { passed: 0, failed: 0, pending: 0 };
  await new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve());
      runner.on('pass', () => {
        counts.passed += 1;
      });
      runner.on('fail', () => {
        counts.failed += 1;
      });
      runner.on('pending', () => {
        counts.pending += 1;
      });
    } catch (error) {
      // A test file that throws while loading: report it as one failure, not a silent zero.
      console.error(error);
      counts.failed += 1;
      reject(error);
    }
  }).finally(() => {
    console.log(`${RESULT_TAG} ${JSON.stringify(counts)}`);
  });
  if (counts.failed > 0) throw new Error(`${counts.failed} of ${counts.passed + counts.failed} extension tests failed`);
}
