#!/usr/bin/env node
// Runs FactDesk's tests in a real VS Code (code-server 4.100.3 = VS Code 1.100.3) driven by headless
// Chromium, offline. Phases (pick any; default --suite):
//   --suite     mocha suite inside the real extension host, extension loaded from the repo (dev path)
//   --browser   browser test: an example article opened in the workbench, highlights + hover + screenshot,
//               then a note, the report export and the publication check driven through their dialogs
//   --vsix[=F]  the packaged extension: F (default: the newest factdesk-*.vsix in the repo) is installed
//               with `code-server --install-extension` into a fresh extensions dir, then the suite and
//               the browser test run against that INSTALLED copy (no development path for it)
//   --untrusted the untrusted-workspace suite (dist/test/extension/suite-untrusted) in Restricted Mode:
//               workspace trust ON and test/fixtures/untrusted-workspace opened untrusted
//   --all       all four
// Options: --timeout=SECONDS (watchdog per phase, default 600: the in-host suite has grown to 60+ tests and a loaded 2-core machine runs it several times slower), --extension-path=DIR (dev path override),
//          --grep=TEXT (in-host tests; in the browser phase: only the groups highlights, dialogs, hovers,
//          note-flows whose name contains TEXT), --update-screenshot (copy the browser screenshot to
//          media/screenshot.png; done anyway when that file does not exist yet), --keep (keep scratch dirs).
// Prints the extension-host log, activation timings, and ends with one line `N passed, N failed`.
// Exit code: 0 only if every test passed.
import fs from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { installExtension } from './code-server.mjs';
import { ARTIFACTS_DIR, CODE_SERVER_BIN, EXTENSION_ID, REPO_ROOT } from './paths.mjs';
import { defaultWorkspaceSource, makeScratch, openWorkbench, workbenchUrl } from './workbench.mjs';
import { runDialogTests } from '../../test/browser/dialogs.mjs';
import { runHoverTests } from '../../test/browser/hovers.mjs';
import { runBrowserTest } from '../../test/browser/highlights.mjs';
import { runNoteFlowTests } from '../../test/browser/noteFlows.mjs';

const argv = process.argv.slice(2);
const flag = (name) => argv.some((a) => a === `--${name}` || a.startsWith(`--${name}=`));
const option = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

const all = flag('all');
const phases = {
  suite: all || flag('suite') || !(flag('browser') || flag('vsix') || flag('untrusted')),
  browser: all || flag('browser'),
  vsix: all || flag('vsix'),
  untrusted: all || flag('untrusted'),
};
const watchdogMs = (Number(option('timeout')) || 600) * 1000;
/** The workbench page's first load; Playwright's default (30 s) is too short on a busy machine. */
const NAVIGATION_TIMEOUT_MS = 120000;
const extensionPath = path.resolve(option('extension-path') ?? REPO_ROOT);
// FACTDESK_OUTDIR (as for esbuild.mjs) must stay inside the repo so the bundles find node_modules/mocha.
const testsRoot = path.join(path.resolve(REPO_ROOT, process.env.FACTDESK_OUTDIR || 'dist'), 'test', 'extension');
const testsPath = path.join(testsRoot, 'suite');
const untrustedTestsPath = path.join(testsRoot, 'suite-untrusted');
const keepScratch = flag('keep');
const grep = option('grep');

const log = (msg) => console.log(msg);
const totals = { passed: 0, failed: 0 };
const timings = [];
const scratchDirs = [];

/** Races a phase against the watchdog: a hang becomes a failure with a screenshot, never a stuck CI. */
async function withWatchdog(label, session, body) {
  let timer;
  const watchdog = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`watchdog: ${label} did not finish within ${watchdogMs / 1000} s`)), watchdogMs);
  });
  try {
    return await Promise.race([body(), watchdog]);
  } catch (error) {
    if (session?.page) await session.page.screenshot({ path: path.join(ARTIFACTS_DIR, `${label}-error.png`) }).catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** codeAutomationLog receives console arguments as a JSON array (format string first): print them as console would. */
function formatHostLog(raw) {
  try {
    const args = JSON.parse(raw);
    if (Array.isArray(args)) return format(...args);
  } catch {
    /* plain text */
  }
  return raw;
}

/** Workbench housekeeping that the automation log also carries; everything else (the host's console) is shown. */
const WORKBENCH_NOISE =
  /^(Resolving connection token|Resolved connection token|Creating a socket|\[Service Worker\]|Ignoring fetching additional builtin|Updating additional builtin|ChatSessionStore|\[(trace|debug)\])/;
function isInteresting(type, message) {
  return type === 'error' || type === 'warn' || !WORKBENCH_NOISE.test(message);
}

/**
 * A mocha suite inside the real extension host. `developmentPath` is loaded as the extension under
 * development; in the vsix phase it is a stub with no code, so the extension the tests talk to is the
 * installed one. `suitePath`/`workspaceSource` pick another suite and workspace (the untrusted phase);
 * `workspaceTrust` opens that workspace untrusted.
 */
async function runSuite(
  label,
  { developmentPath, extensionsDir, expectInstalledIn, suitePath = testsPath, workspaceSource = defaultWorkspaceSource(), workspaceTrust = false },
) {
  if (!fs.existsSync(path.join(suitePath, 'index.js'))) throw new Error(`${suitePath}/index.js is missing: run \`node esbuild.mjs\` first`);
  const trust = workspaceTrust ? ' — workspace UNTRUSTED (Restricted Mode)' : '';
  log(
    `\n▶ ${label}: in-host mocha suite (${path.relative(REPO_ROOT, suitePath)}) — extension ${expectInstalledIn ? 'INSTALLED from .vsix' : `from ${developmentPath}`}${trust}`,
  );
  const hostLog = [];
  let result;
  let activation;
  let exitResolve;
  const exited = new Promise((resolve) => {
    exitResolve = resolve;
  });
  const session = await openWorkbench({
    label,
    workspaceSource,
    workspaceTrust,
    extensionsDir,
    // The extension's test hooks (commands the suite reads decorations through) exist in Test mode,
    // which an installed (non-development) copy is not in: FACTDESK_TEST=1 turns them on there.
    // FACTDESK_TEST_FAULTS makes the hedge detector fail on paragraphs holding the marker, which only
    // the fixture detector-failure.txt has (the status bar test of issue #8); other text is unaffected.
    env: { FACTDESK_TEST: '1', FACTDESK_TEST_FAULTS: 'hedges:FACTDESK-INJECTED-FAULT', ...(grep ? { FACTDESK_TEST_GREP: grep } : {}) },
    log: (m) => log(`  ${m}`),
    onHostLog: (type, raw) => {
      const message = formatHostLog(raw);
      hostLog.push(`[${type}] ${message}`);
      for (const line of message.split('\n')) {
        const tagged = /(FACTDESK_TEST_RESULT|FACTDESK_ACTIVATION) (\{.*\})/.exec(line);
        if (tagged?.[1] === 'FACTDESK_TEST_RESULT') result = JSON.parse(tagged[2]);
        if (tagged?.[1] === 'FACTDESK_ACTIVATION') activation = JSON.parse(tagged[2]);
      }
      if (isInteresting(type, message)) log(`  │ ${message.replace(/\n/g, '\n  │ ')}`);
    },
    onExit: (code, logs) => exitResolve({ code, logs }),
  });
  scratchDirs.push(session.scratchDir);
  try {
    const url = workbenchUrl(session.server.url, session.workspaceDir, {
      extensionDevelopmentPath: developmentPath,
      extensionTestsPath: suitePath,
    });
    const pageLoadAt = Date.now();
    let settled;
    try {
      settled = await withWatchdog(label, session, async () => {
        await session.page.goto(url, { waitUntil: 'domcontentloaded', timeout: NAVIGATION_TIMEOUT_MS });
        return exited;
      });
    } catch (error) {
      // Keep what finished before the hang: the spec reporter's ✔ lines, plus the hang as one failure.
      const passedSoFar = hostLog.filter((line) => /^\[\w+\]\s+✔ /.test(line)).length;
      saveLogs(label, hostLog, []);
      log(`  ✘ ${error instanceof Error ? error.message : error}; ${passedSoFar} tests had passed`);
      totals.passed += passedSoFar;
      totals.failed += 1;
      return;
    }
    const { code, logs } = settled;
    const elapsed = Date.now() - pageLoadAt;
    saveLogs(label, hostLog, logs);
    if (activation?.found && !activation.failed) {
      const fromPageLoad = activation.activeAtEpochMs - pageLoadAt;
      log(
        `  activation: activate() ${activation.activateMs} ms${activation.alreadyActive ? ' (was already active)' : ''}; page load → runner started and extension active ${fromPageLoad} ms; extension host up ${activation.hostUptimeMs} ms (VS Code ${activation.vscodeVersion}, ${activation.uiKind})`,
      );
      log(`  extension loaded from ${activation.extensionPath}`);
      timings.push(`${label}: activate() ${activation.activateMs} ms${activation.alreadyActive ? ' (already active)' : ''}`);
      if (expectInstalledIn && !path.resolve(activation.extensionPath).startsWith(path.resolve(expectInstalledIn))) {
        throw new Error(`the suite ran against ${activation.extensionPath}, not the copy installed in ${expectInstalledIn}`);
      }
    } else {
      log(`  activation: ${activation ? JSON.stringify(activation) : 'not reported'}`);
    }
    const counts = result ?? { passed: 0, failed: code === 0 ? 0 : 1, pending: 0 };
    if (!result) log(`  ✘ the runner reported no result line (exit code ${code}): did the test bundle load?`);
    if (code !== 0 && counts.failed === 0) counts.failed = 1; // a failure outside any test (e.g. in run())
    log(
      `  ${label}: ${counts.passed} passed, ${counts.failed} failed${counts.pending ? `, ${counts.pending} pending` : ''} (exit code ${code}, ${(elapsed / 1000).toFixed(1)} s from page load)`,
    );
    timings.push(`${label}: suite ${(elapsed / 1000).toFixed(1)} s from page load`);
    totals.passed += counts.passed;
    totals.failed += counts.failed;
  } finally {
    await session.close();
    copyServerLogs(label, session.scratchDir);
  }
}

/** The server side's logs: remote agent, the Node extension host, and output channels (FactDesk's included). */
function copyServerLogs(label, scratchDir) {
  const logs = path.join(scratchDir, 'user-data', 'logs');
  if (!fs.existsSync(logs)) return;
  fs.cpSync(logs, path.join(ARTIFACTS_DIR, `${label}-logs`, 'server'), { recursive: true });
}

/** Artifacts of an earlier run with the same labels would read as this run's: remove them first. */
function clearArtifacts(prefixes) {
  if (!fs.existsSync(ARTIFACTS_DIR)) return;
  for (const name of fs.readdirSync(ARTIFACTS_DIR)) {
    if (prefixes.some((prefix) => name.startsWith(`${prefix}-`))) fs.rmSync(path.join(ARTIFACTS_DIR, name), { recursive: true, force: true });
  }
}

function saveLogs(label, hostLog, workbenchLogs) {
  const dir = path.join(ARTIFACTS_DIR, `${label}-logs`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'automation-log.txt'), hostLog.join('\n') + '\n');
  for (const entry of workbenchLogs ?? []) {
    if (!entry?.relativePath) continue;
    const file = path.join(dir, entry.relativePath);
    if (!file.startsWith(dir)) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, entry.contents ?? '');
  }
}

async function runBrowser(label, { developmentPath, extensionsDir, screenshotTarget }) {
  log(`\n▶ ${label}: browser test in headless Chromium — extension ${developmentPath ? `from ${developmentPath}` : 'INSTALLED from .vsix'}`);
  const session = await openWorkbench({
    label,
    workspaceSource: path.join(REPO_ROOT, 'examples'),
    extensionsDir,
    log: (m) => log(`  ${m}`),
    onHostLog: (type, raw) => {
      if (type === 'error') log(`  │ [${type}] ${formatHostLog(raw)}`);
    },
  });
  scratchDirs.push(session.scratchDir);
  try {
    const url = workbenchUrl(session.server.url, session.workspaceDir, { extensionDevelopmentPath: developmentPath });
    const started = Date.now();
    const activationReport = {};
    const { page, workspaceDir } = session;
    // In this order, in the same page; with --grep only the groups whose name contains it (dialogs
    // and hovers need highlights before them, hovers the note dialogs adds; note-flows stands alone).
    const groups = [
      ['highlights', () => runBrowserTest({ page, url, artifactsDir: ARTIFACTS_DIR, label, screenshotTarget, log, activationReport })],
      // After the highlights (and the README screenshot): notes, report and check through their dialogs.
      ['dialogs', () => runDialogTests({ page, workspaceDir, artifactsDir: ARTIFACTS_DIR, label: `${label}-dialogs`, log })],
      // The note those flows added: its hover together with the claim's.
      ['hovers', () => runHoverTests({ page, artifactsDir: ARTIFACTS_DIR, label: `${label}-hovers`, log })],
      // Keyboard and focus with a note's thread open, Ctrl+Enter in a comment, the verdict picker.
      ['note-flows', () => runNoteFlowTests({ page, url, workspaceDir, artifactsDir: ARTIFACTS_DIR, label: `${label}-note-flows`, log })],
    ].filter(([name]) => !grep || name.includes(grep));
    const results = await withWatchdog(label, session, async () => {
      const all = [];
      for (const [, run] of groups) all.push(...(await run()));
      return all;
    });
    if (activationReport.activationMs !== undefined) timings.push(`${label}: VS Code reports activation ${activationReport.activationMs} ms`);
    if (activationReport.openToHighlightMs !== undefined) {
      timings.push(
        `${label}: file open → first highlight ${activationReport.openToHighlightMs} ms incl. extension host start-up (page load → ${activationReport.pageLoadToHighlightMs} ms), warm ${activationReport.warmOpenToHighlightMs ?? '?'} ms`,
      );
    }
    const passed = results.filter((r) => r.ok).length;
    const failed = results.length - passed;
    log(`  ${label}: ${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    timings.push(`${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    totals.passed += passed;
    totals.failed += failed;
  } finally {
    await session.close();
    copyServerLogs(label, session.scratchDir);
  }
}

function findVsix() {
  const given = option('vsix');
  if (given) return path.resolve(given);
  const candidates = fs
    .readdirSync(REPO_ROOT)
    .filter((f) => /^factdesk-.*\.vsix$/.test(f))
    .map((f) => path.join(REPO_ROOT, f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (!candidates.length) throw new Error('no factdesk-*.vsix in the repo: run `npm run package` first');
  return candidates[0];
}

/** A development "extension" with no code: lets the suite run while the real one stays the installed copy. */
function makeTestHost(dir) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify(
      {
        name: 'factdesk-test-host',
        publisher: 'factdesk',
        version: '0.0.0',
        engines: { vscode: '^1.90.0' },
        description: 'Stub that hosts the in-host test run against the installed FactDesk .vsix',
      },
      null,
      2,
    ),
  );
  return dir;
}

/** The .vsix is built from an include list: it must hold the runtime files and none of the sources. */
function checkPackagedFiles(installedDir) {
  const files = fs
    .readdirSync(installedDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(installedDir, path.join(entry.parentPath ?? entry.path, entry.name)));
  const manifest = JSON.parse(fs.readFileSync(path.join(installedDir, 'package.json'), 'utf8'));
  const main = path.normalize(manifest.main ?? '').replace(/^\.\//, '');
  const problems = [];
  if (!manifest.main) problems.push('package.json has no "main"');
  else if (!files.includes(main) && !files.includes(`${main}.js`)) problems.push(`main ${manifest.main} is not in the package`);
  const unwanted = files.filter(
    (f) => /^(src|test|node_modules|scripts|\.tools|\.test-artifacts)\//.test(f) || (/\.(ts|map)$/.test(f) && !f.endsWith('.d.ts')),
  );
  if (unwanted.length) problems.push(`files that do not belong in the package: ${unwanted.slice(0, 8).join(', ')}${unwanted.length > 8 ? ', ...' : ''}`);
  const size = files.reduce((sum, f) => sum + fs.statSync(path.join(installedDir, f)).size, 0);
  if (problems.length) {
    log(`  ✘ packaged files: ${problems.join('; ')}`);
    totals.failed += 1;
  } else {
    log(`  ✔ packaged files: ${files.length} files, ${(size / 1024).toFixed(0)} KiB unpacked (main ${manifest.main})`);
    totals.passed += 1;
  }
}

async function runVsix() {
  const vsix = findVsix();
  const { scratchDir } = makeScratch('vsix-install', path.join(REPO_ROOT, 'examples'));
  scratchDirs.push(scratchDir);
  const extensionsDir = path.join(scratchDir, 'extensions');
  log(`\n▶ vsix: installing ${path.relative(REPO_ROOT, vsix)} (${(fs.statSync(vsix).size / 1024).toFixed(0)} KiB) into a fresh extensions dir`);
  const started = Date.now();
  const output = installExtension({ vsix, scratchDir, extensionsDir });
  log(`  ${output.trim().split('\n').filter(Boolean).join('\n  ')}`);
  const installed = fs.readdirSync(extensionsDir).filter((d) => d.toLowerCase().startsWith(`${EXTENSION_ID}-`));
  if (!installed.length) throw new Error(`${EXTENSION_ID} not found in ${extensionsDir} after install`);
  log(`  installed as ${installed[0]} in ${Date.now() - started} ms`);
  timings.push(`vsix: install ${Date.now() - started} ms`);
  checkPackagedFiles(path.join(extensionsDir, installed[0]));
  await runSuite('vsix-suite', {
    developmentPath: makeTestHost(path.join(scratchDir, 'test-host')),
    extensionsDir,
    expectInstalledIn: extensionsDir,
  });
  await runBrowser('vsix-browser', { extensionsDir });
}

// Ctrl-C / SIGTERM: exit through process.exit so the 'exit' hooks kill every code-server process group.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    log(`\n✘ interrupted (${signal})`);
    for (const dir of scratchDirs) fs.rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  });
}

async function main() {
  // Last line of defence if closing a browser or server itself hangs: every phase has its watchdog,
  // this bounds the whole run so CI always gets an answer and the summary line.
  const phaseCount = (phases.suite ? 1 : 0) + (phases.browser ? 1 : 0) + (phases.vsix ? 2 : 0) + (phases.untrusted ? 1 : 0);
  setTimeout(
    () => {
      log(`✘ the whole run exceeded ${phaseCount} × ${watchdogMs / 1000} s + 60 s`);
      log(`${totals.passed} passed, ${totals.failed + 1} failed`);
      if (!keepScratch) for (const dir of scratchDirs) fs.rmSync(dir, { recursive: true, force: true });
      process.exit(1);
    },
    phaseCount * watchdogMs + 60_000,
  ).unref();
  if (!fs.existsSync(CODE_SERVER_BIN)) throw new Error('code-server is not installed: run `npm run e2e:install`');
  clearArtifacts([phases.suite && 'suite', phases.browser && 'browser', phases.vsix && 'vsix', phases.untrusted && 'untrusted'].filter(Boolean));
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const screenshotTarget = path.join(REPO_ROOT, 'media', 'screenshot.png');
  const phaseRuns = [];
  if (phases.suite) phaseRuns.push(['suite', () => runSuite('suite', { developmentPath: extensionPath })]);
  if (phases.browser) {
    phaseRuns.push([
      'browser',
      () =>
        runBrowser('browser', {
          developmentPath: extensionPath,
          screenshotTarget: flag('update-screenshot') || !fs.existsSync(screenshotTarget) ? screenshotTarget : undefined,
        }),
    ]);
  }
  if (phases.untrusted) {
    phaseRuns.push([
      'untrusted',
      () =>
        runSuite('untrusted', {
          developmentPath: extensionPath,
          suitePath: untrustedTestsPath,
          workspaceSource: path.join(REPO_ROOT, 'test', 'fixtures', 'untrusted-workspace'),
          workspaceTrust: true,
        }),
    ]);
  }
  if (phases.vsix) phaseRuns.push(['vsix', runVsix]);
  for (const [name, run] of phaseRuns) {
    try {
      await run();
    } catch (error) {
      // One broken phase counts as a failure; the other phases still run and report.
      log(`  ✘ ${name}: ${error instanceof Error ? error.message : error}`);
      totals.failed += 1;
    }
  }
  if (!keepScratch) for (const dir of scratchDirs) fs.rmSync(dir, { recursive: true, force: true });
  if (timings.length) log(`\ntimings: ${timings.join('; ')}`);
  log(`artifacts: ${path.relative(process.cwd(), ARTIFACTS_DIR) || ARTIFACTS_DIR}/`);
  log(`${totals.passed} passed, ${totals.failed} failed`);
  return totals.failed === 0 && totals.passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    console.log(`${totals.passed} passed, ${totals.failed + 1} failed`);
    process.exit(1);
  },
);
