// Screenshots of the Desk and the report preview in a real VS Code (code-server + headless Chromium),
// and of a printed page of the HTML report: opens the desk fixture (test/fixtures/workspace), waits
// for the Desk section of the Fact-check view, saves .test-artifacts/desk-view.png; opens
// "FactDesk: Open Report Preview" from the palette, clicks a claim in the webview and checks the
// editor's selection moved there, saves .test-artifacts/report-preview.png; prints the CLI's HTML
// report of the same article to PDF in Chromium and renders page 1 with pdftoppm
// (.test-artifacts/report-print-1.png).
// Usage: node esbuild.mjs && node scripts/screenshot-desk.mjs
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS_DIR, REPO_ROOT } from './e2e/paths.mjs';
import { openWorkbench, workbenchUrl } from './e2e/workbench.mjs';
import { QUICK_INPUT, runFromPalette } from '../test/browser/harness.mjs';

const ARTICLE = 'budget-deficit.txt';
/** Long enough for a cold index and the first analysis on a busy machine. */
const WAIT_MS = 180_000;

/** Opens the article with Quick Open and waits for its text. */
async function openArticle(page) {
  await page.keyboard.press('Control+P');
  await page.waitForSelector(`${QUICK_INPUT} input`, { timeout: 60_000 });
  await page.keyboard.type(ARTICLE);
  await page.waitForSelector(`${QUICK_INPUT} .quick-input-list .monaco-list-row`, { timeout: 60_000 });
  await page.keyboard.press('Enter');
  await page.locator('.editor-instance .view-line span', { hasText: 'Marta Kowalczyk' }).first().waitFor({ timeout: WAIT_MS });
}

const session = await openWorkbench({
  label: 'desk',
  workspaceSource: path.join(REPO_ROOT, 'test', 'fixtures', 'workspace'),
  log: console.log,
  env: { FACTDESK_TEST: '1' },
});
fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
const saved = [];
let failed = false;
try {
  const { page } = session;
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(workbenchUrl(session.server.url, session.workspaceDir, { extensionDevelopmentPath: REPO_ROOT }), {
    waitUntil: 'domcontentloaded',
    timeout: 120_000,
  });
  await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
  await openArticle(page);

  // The Fact-check view starts folded under the file tree: unfold it, fold the file tree for room.
  await page
    .locator('.pane-header', { hasText: /^Fact-check$/i })
    .first()
    .click();
  await page
    .locator('.pane-header', { hasText: /^Workspace$/i })
    .first()
    .click();
  // The Desk: its row says how much is left once the index is ready.
  const deskRow = page.locator('.monaco-list-row', { hasText: /Desk.*left/ }).first();
  await deskRow.waitFor({ timeout: WAIT_MS });
  const row = page.locator('.monaco-list-row', { hasText: 'Council approves new tram line' }).first();
  await row.waitFor({ timeout: WAIT_MS });
  const badge = await page
    .locator('.activitybar .badge-content')
    .first()
    .innerText()
    .catch(() => '');
  console.log(`desk: ${(await deskRow.innerText()).replace(/\s+/g, ' ')}; explorer badge ${badge}`);
  // Expand an article to show its open items.
  // The tree redraws as the index settles: a click may land on a row being replaced, so try again.
  const item = page.locator('.monaco-list-row', { hasText: 'unverified · line' }).first();
  for (let attempt = 0; ; attempt++) {
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
    try {
      await item.waitFor({ timeout: 5_000 });
      break;
    } catch (error) {
      if (attempt >= 5) throw error;
    }
  }
  const deskShot = path.join(ARTIFACTS_DIR, 'desk-view.png');
  await page.screenshot({ path: deskShot });
  saved.push(deskShot);

  // The preview, beside the article.
  await page.locator('.editor-instance .view-line span', { hasText: 'Marta Kowalczyk' }).first().click();
  await runFromPalette(page, 'FactDesk: Open Report Preview');
  const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const firstClaim = frame.locator('#article .block mark.claim').first();
  await firstClaim.waitFor({ timeout: WAIT_MS });
  // A click on a claim in the report selects it in the article: the status bar counts the selection.
  await firstClaim.click();
  const selection = page.locator('.statusbar-item', { hasText: /selected/ }).first();
  await selection.waitFor({ timeout: 30_000 });
  console.log(`after a click on the first claim in the preview: ${(await selection.innerText()).trim()}`);
  const previewShot = path.join(ARTIFACTS_DIR, 'report-preview.png');
  await page.screenshot({ path: previewShot });
  saved.push(previewShot);
  // The preview takes its colours from the theme: the page's background is the theme's editor background.
  const colours = await frame.locator('body').evaluate((body) => ({
    background: getComputedStyle(body).backgroundColor,
    theme: getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-background').trim(),
  }));
  console.log(`preview background ${colours.background}, theme --vscode-editor-background ${colours.theme}`);
  if (!colours.theme) throw new Error('the webview has no --vscode-editor-background');

  // A printed page of the same report, as a browser prints it to PDF.
  const html = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'report', `desk/${ARTICLE}`, '--format', 'html'], {
    encoding: 'utf8',
    cwd: session.workspaceDir,
  });
  if (html.status !== 0) throw new Error(`factdesk report: ${html.stderr}`);
  const printPage = await page.context().newPage();
  await printPage.setContent(html.stdout, { waitUntil: 'load' });
  const pdf = path.join(ARTIFACTS_DIR, 'report-print.pdf');
  await printPage.pdf({ path: pdf, format: 'A4', printBackground: true, margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' } });
  const png = spawnSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', pdf, path.join(ARTIFACTS_DIR, 'report-print')], { encoding: 'utf8' });
  if (png.status !== 0) throw new Error(`pdftoppm: ${png.stderr || png.error}`);
  const printed = fs.readdirSync(ARTIFACTS_DIR).find((f) => /^report-print-0*1\.png$/.test(f));
  if (!printed) throw new Error('pdftoppm wrote no page');
  saved.push(path.join(ARTIFACTS_DIR, printed));
  for (const file of saved) console.log(`saved ${path.relative(process.cwd(), file)}`);
} catch (error) {
  failed = true;
  console.error(error);
  await session.page.screenshot({ path: path.join(ARTIFACTS_DIR, 'desk-error.png') }).catch(() => {});
} finally {
  await session.close();
  fs.rmSync(session.scratchDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
