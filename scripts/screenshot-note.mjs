// Screenshot of the default view of a bundled example with a verification note, in a real VS Code
// (code-server + headless Chromium): a note is put on a claim of examples/harbour-bridge-closure.txt
// with the CLI (before the window opens, as a colleague's note pulled from git would be), the
// article is opened, its note thread expanded, and the page saved as .test-artifacts/<name>.png.
// Usage (after node esbuild.mjs): node scripts/screenshot-note.mjs [--extension-path=DIR] [--name=note-after]
// --extension-path: the extension (and its dist/cli.js) to show, e.g. an older build for a "before" image.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS_DIR, REPO_ROOT } from './e2e/paths.mjs';
import { openWorkbench, workbenchUrl } from './e2e/workbench.mjs';

const option = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const extensionPath = path.resolve(option('extension-path') ?? REPO_ROOT);
const name = option('name') ?? 'note-after';
const ARTICLE = 'harbour-bridge-closure.txt';
const PASSAGE = 'about 52,000 vehicles cross the bridge every day';
const COMMENT = 'Matches the authority traffic survey of 2025, table 4.';
const MARK = 'mostly true';
const TIMEOUT = 120_000;

const session = await openWorkbench({ label: `screenshot-${name}`, workspaceSource: path.join(REPO_ROOT, 'examples'), log: console.log });
let failed = false;
try {
  const article = path.join(session.workspaceDir, ARTICLE);
  execFileSync(process.execPath, [
    path.join(extensionPath, 'dist', 'cli.js'),
    'notes',
    'add',
    article,
    '--quote',
    PASSAGE,
    '--verdict',
    'mostly-true',
    '--comment',
    COMMENT,
    '--author',
    'Anna Lindqvist',
  ]);
  const { page } = session;
  await page.goto(workbenchUrl(session.server.url, session.workspaceDir, { extensionDevelopmentPath: extensionPath }), {
    waitUntil: 'domcontentloaded',
    timeout: TIMEOUT,
  });
  await page.waitForSelector('.monaco-workbench', { timeout: TIMEOUT });
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input:focus', { timeout: TIMEOUT });
  await page.keyboard.type(ARTICLE);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: ARTICLE }).waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
  await page.locator('.editor-instance .lines-content [class*="ced-"]').first().waitFor({ state: 'attached', timeout: TIMEOUT });
  await page
    .locator('.editor-instance .margin-view-overlays .comment-range-glyph[class*="comment-thread"]')
    .first()
    .waitFor({ state: 'attached', timeout: TIMEOUT });
  // The note's thread, opened as a person does: a click on its glyph in the gutter.
  await page.locator('.editor-instance .margin-view-overlays .comment-range-glyph[class*="comment-thread"]').first().click();
  await page.locator('.editor-instance .review-widget', { hasText: COMMENT }).first().waitFor({ timeout: TIMEOUT });
  await page.mouse.move(1, 1);
  // The analysis is in: the status bar counts quotes (the default view is the analyzed one).
  await page.locator('.statusbar-item [aria-label*=" quotes"], .statusbar-item[aria-label*=" quotes"]').first().waitFor({ timeout: TIMEOUT });
  // The verdict mark: an inlay hint (text in the line) since issue #9, CSS generated content before.
  await page.waitForFunction(
    (mark) =>
      [...document.querySelectorAll('.editor-instance .view-lines .view-line, .editor-instance .view-lines .view-line span')].some(
        (node) => node.textContent.replace(/\u00a0/g, ' ').includes(mark) || getComputedStyle(node, '::after').content.includes(mark),
      ),
    MARK,
    { timeout: TIMEOUT },
  );
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const out = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: out });
  const panel = await page.locator('.part.panel').first().isVisible();
  console.log(`saved ${path.relative(process.cwd(), out)} (bottom panel ${panel ? 'open' : 'closed'})`);
} catch (error) {
  failed = true;
  console.error(error);
  await session.page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}-error.png`) }).catch(() => {});
} finally {
  await session.close();
  fs.rmSync(session.scratchDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
