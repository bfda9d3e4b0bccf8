// Screenshot of the quote hover in a real VS Code (code-server + headless Chromium), issue #11: a
// workspace of the fixture sources (test/fixtures/sources, under sources/) and articles
// (test/fixtures/quotecheck, under quotes/); opens quotes/hospitals.txt, whose quotes carry their
// marks by state, and hovers the altered quote until the hover shows its source check (passage, link,
// diff); checks the hover's words and saves .test-artifacts/quote-hover.png.
// Usage: node scripts/screenshot-quote-hover.mjs (after node esbuild.mjs); docs/screenshots/quote-hover.png is a copy.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ARTIFACTS_DIR, REPO_ROOT } from './e2e/paths.mjs';
import { hoverWordUntil, openFileInDevelopmentWorkbench, openWorkbench, wordPoint } from './e2e/workbench.mjs';

const ARTICLE = 'hospitals.txt';
const QUOTE = 'There will be an increase in VAT';
/** The word under the mouse, inside the quote. */
const WORD = 'increase';

const source = fs.mkdtempSync(path.join(os.tmpdir(), 'factdesk-quote-hover-'));
fs.cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'sources'), path.join(source, 'sources'), { recursive: true });
fs.cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'quotecheck'), path.join(source, 'quotes'), { recursive: true });
// The hover below the line: above it, the quote's first lines leave it too little room.
fs.mkdirSync(path.join(source, '.vscode'));
fs.writeFileSync(path.join(source, '.vscode', 'settings.json'), JSON.stringify({ 'editor.hover.above': false }, null, 2));
const session = await openWorkbench({
  label: 'quote-hover',
  workspaceSource: source,
  log: console.log,
  env: { FACTDESK_TEST: '1' },
  viewport: { width: 1440, height: 1000 },
});
let failed = false;
try {
  const { page } = session;
  await openFileInDevelopmentWorkbench(session, ARTICLE);
  const line = page.locator('.editor-instance .view-line', { hasText: QUOTE }).first();
  await line.waitFor({ timeout: 60_000 });
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Source check' });
  await hoverWordUntil(page, line, WORD, hover);
  // The article was analyzed before the index had read the sources (the hover asks the index itself):
  // analyze it again so the quote marks and diagnostics are drawn, then hover once more.
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input', { timeout: 60_000 });
  await page.keyboard.type('FactDesk: Analyze Current File');
  await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 60_000 });
  await page.keyboard.press('Enter');
  // The altered quote's Information diagnostic is in the hover once the checks have run again.
  await hoverWordUntil(page, line, WORD, page.locator('.monaco-hover:not(.hidden)', { hasText: 'Quote differs from the source' }));
  await hover.first().waitFor({ timeout: 5_000 });
  // The source check is the hover's last part: put the cursor on the word, focus the hover
  // (Show or Focus Hover, twice) and scroll it to its end (End), as a keyboard user would.
  await page.mouse.click(...(await wordPoint(line, WORD)));
  for (let i = 0; i < 2; i++) {
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    await hover.first().waitFor({ timeout: 10_000 });
  }
  await page.keyboard.press('End');
  await hover.first().waitFor({ timeout: 5_000 });

  const words = (await hover.first().innerText()).replace(/\s+/g, ' ');
  for (const expected of ['Source check — altered', 'sources/interview-kowalczyk.txt:16', 'there will be no increase in VAT', 'In the editor: red tint'])
    if (!words.includes(expected)) throw new Error(`the hover lacks “${expected}”: ${words}`);
  // The underline's colour comes from a CSS variable of the theme (decorations.ts): it must be defined.
  const underline = await page.evaluate(() =>
    getComputedStyle(document.querySelector('.monaco-workbench')).getPropertyValue('--vscode-factdesk-quoteVerbatimUnderline').trim(),
  );
  if (!underline) throw new Error('--vscode-factdesk-quoteVerbatimUnderline is not defined');
  console.log(`verbatim underline colour: ${underline}`);
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const out = path.join(ARTIFACTS_DIR, 'quote-hover.png');
  await page.screenshot({ path: out });
  console.log(`hover: ${words.slice(0, 600)}`);
  console.log(`saved ${path.relative(process.cwd(), out)}`);
} catch (error) {
  failed = true;
  console.error(error);
  await session.page.screenshot({ path: path.join(ARTIFACTS_DIR, 'quote-hover-error.png') }).catch(() => {});
} finally {
  await session.close();
  fs.rmSync(session.scratchDir, { recursive: true, force: true });
  fs.rmSync(source, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
