// A real VS Code workbench in headless Chromium: code-server + playwright-core, with the
// test-automation hooks (codeAutomationExit/codeAutomationLog) wired before the page loads.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { isolatedEnv, startCodeServer } from './code-server.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH, REPO_ROOT } from './paths.mjs';

/** Quiet, deterministic user settings: no welcome page, tips, update or telemetry traffic. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
  // Built-ins with start-up work the tests do not need (the workspace is no git repository).
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'github.gitAuthentication': false,
  'npm.autoDetect': 'off',
  'editor.hover.delay': 300,
  'editor.wordWrap': 'on', // whole paragraphs in view: more highlights on screen and in the screenshot
};

/**
 * Restricted Mode: trust on, and the folder opens untrusted with no prompt or banner to answer (a
 * fresh browser profile and user-data dir have no trusted folders, and nothing here grants trust).
 */
const UNTRUSTED_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.emptyWindow': false,
};

/**
 * Makes a scratch dir holding code-server's state and a copy of the test workspace.
 * `workspaceTrust`: user settings that keep workspace trust on (see UNTRUSTED_SETTINGS).
 */
export function makeScratch(label, workspaceSource, { workspaceTrust = false } = {}) {
  const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), `factdesk-e2e-${label}-`));
  const workspaceDir = path.join(scratchDir, 'workspace');
  fs.cpSync(workspaceSource, workspaceDir, { recursive: true });
  const userDir = path.join(scratchDir, 'user-data', 'User');
  fs.mkdirSync(userDir, { recursive: true });
  const settings = workspaceTrust ? { ...USER_SETTINGS, ...UNTRUSTED_SETTINGS } : USER_SETTINGS;
  fs.writeFileSync(path.join(userDir, 'settings.json'), JSON.stringify(settings, null, 2));
  return { scratchDir, workspaceDir };
}

/** The in-host suite's workspace: test/fixtures/workspace when present, else the example articles. */
export function defaultWorkspaceSource() {
  const fixtures = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace');
  return fs.existsSync(fixtures) ? fixtures : path.join(REPO_ROOT, 'examples');
}

/**
 * The workbench URL. `payload` carries the development options the desktop takes as flags:
 * extensionDevelopmentPath / extensionTestsPath, as vscode-remote URIs on the page's own authority.
 */
export function workbenchUrl(serverUrl, folder, { extensionDevelopmentPath, extensionTestsPath } = {}) {
  const authority = new URL(serverUrl).host;
  const remote = (p) => `vscode-remote://${authority}${p}`;
  const payload = [['skipWelcome', 'true']];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  return `${serverUrl}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/**
 * Starts code-server and Chromium for one phase. Returns handles plus `close()`; `onExit` receives
 * the code the workbench reports through codeAutomationExit (when an extension test run settles).
 * `workspaceTrust: true` opens the folder untrusted (Restricted Mode) instead of trust disabled.
 */
export async function openWorkbench({ label, workspaceSource, extensionsDir, scratch, log, onHostLog, onExit, viewport, env, workspaceTrust = false }) {
  const { scratchDir, workspaceDir } = scratch ?? makeScratch(label, workspaceSource, { workspaceTrust });
  const server = await startCodeServer({ scratchDir, folder: workspaceDir, extensionsDir, quiet: true, env, workspaceTrust });
  log?.(`code-server ${server.url} listening after ${server.startMs} ms (pid ${server.pid})`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    env: isolatedEnv(scratchDir),
  });
  const context = await browser.newContext({ viewport: viewport ?? { width: 1440, height: 900 } });
  const page = await context.newPage();
  // Both hooks must exist before the workbench script runs: it probes for them once.
  await page.exposeFunction('codeAutomationLog', (type, message) => onHostLog?.(type, typeof message === 'string' ? message : JSON.stringify(message)));
  await page.exposeFunction('codeAutomationExit', (code, logs) => onExit?.(code, logs));
  const close = async () => {
    // Bounded: a wedged browser must not keep CI waiting (playwright still kills it when we exit).
    await Promise.race([browser.close().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    await server.stop();
  };
  return { server, browser, context, page, scratchDir, workspaceDir, close };
}

/** Loads the workbench of `session` with this repository's extension under development, and opens `file` by Quick Open. */
export async function openFileInDevelopmentWorkbench(session, file) {
  const { page } = session;
  await page.goto(workbenchUrl(session.server.url, session.workspaceDir, { extensionDevelopmentPath: REPO_ROOT }), {
    waitUntil: 'domcontentloaded',
    timeout: 120_000,
  });
  await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input', { timeout: 60_000 });
  await page.keyboard.type(file);
  await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 60_000 });
  await page.keyboard.press('Enter');
}

/** Hovers give up after this long: the index, the findings and the checks arrive in the background. */
export const HOVER_DEADLINE_MS = 240_000;

/** Where the mouse is over `word` in `element` (an editor line or span: its characters are of one width). */
export async function wordPoint(element, word) {
  const box = await element.boundingBox();
  const text = await element.innerText();
  return [box.x + box.width * ((text.indexOf(word) + 2) / Math.max(1, text.length)), box.y + box.height / 2];
}

/**
 * Moves the mouse onto `word` in `element` until `target` (a hover locator) shows: away first, hover
 * closed, so that VS Code asks the server again (a hover kept open is not refreshed).
 */
export async function hoverWordUntil(page, element, word, target, deadlineMs = HOVER_DEADLINE_MS) {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const [x, y] = await wordPoint(element, word);
    await page.keyboard.press('Escape');
    await page.mouse.move(5, 5);
    await page.mouse.move(x, y);
    try {
      await target.first().waitFor({ timeout: 5_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`the hover did not show what was expected (${error.message})`);
    }
  }
}
