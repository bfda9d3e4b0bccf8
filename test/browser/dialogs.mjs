// Browser test of the dialog-driven flows, with real keystrokes in the workbench: a verification note
// added through "FactDesk: Add Fact-check Note" (verdict quick pick, comment input box), the report
// exported through "Export Fact-check Report…" (format quick pick, VS Code's save dialog), and the
// publication check's notification. The in-host suites pass arguments to these commands, so only
// this test sees the dialogs. Runs after runBrowserTest in the same page (--browser and --vsix
// phases of scripts/e2e/run-extension-tests.mjs). Waits are on DOM states and files, never sleeps.
import fs from 'node:fs';
import path from 'node:path';
import { ARTICLE } from './highlights.mjs';
import { createChecks, pollUntil, QUICK_INPUT, runFromPalette } from './harness.mjs';

/** A copy of the example made in the scratch workspace: the notes never touch a committed file. */
export const DIALOG_ARTICLE = 'fact-check-dialogs.txt';
/** A claim in the example, selected with Find; the note goes on it. */
const PASSAGE = 'about 52,000 vehicles cross the bridge every day';
/** How the line with PASSAGE begins (its first row when wrapped). */
const PASSAGE_LINE_START = 'Brenner said the repairs';
/** The verdict as typed into the quick pick, its row's label, its badge after the passage, and its value in the sidecar. */
const VERDICT = { typed: 'mostly true', row: 'Mostly true', badge: '✓ mostly true', stored: 'mostly-true' };
/** Plain words only: it is looked for verbatim in the sidecar, the thread and the HTML report. */
const COMMENT = 'Traffic count matches the authority survey of 2025 (entered through the input box)';
const REPORT = `${path.basename(DIALOG_ARTICLE, path.extname(DIALOG_ARTICLE))}.factcheck-report.html`;
const TIMEOUT = 30_000;

/**
 * @param {{ page: import('playwright-core').Page, workspaceDir: string, artifactsDir: string, label: string,
 *           log: (msg: string) => void }} options — workspaceDir is the phase's scratch copy of examples/
 * @returns {Promise<{ name: string, ok: boolean, detail?: string }[]>} one entry per check
 */
export async function runDialogTests({ page, workspaceDir, artifactsDir, label, log }) {
  const { results, check } = createChecks({ page, artifactsDir, label, log });
  const article = path.join(workspaceDir, DIALOG_ARTICLE);
  const sidecar = `${article}.factcheck.json`;
  const report = path.join(workspaceDir, REPORT);
  const quickInputTitled = (title) => page.locator(`${QUICK_INPUT} .quick-input-title`, { hasText: title }).first();
  const focusedRow = (text) => page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row.focused`, { hasText: text }).first();
  const typeIntoQuickInput = async (text) => {
    await page.locator(`${QUICK_INPUT} .quick-input-box input:focus`).waitFor({ timeout: TIMEOUT });
    await page.keyboard.type(text);
  };

  const opened = await check(`opens a copy of examples/${ARTICLE} made in the workspace (quick open)`, async () => {
    await page.locator('.monaco-workbench').waitFor({ timeout: 5_000 });
    fs.copyFileSync(path.join(workspaceDir, ARTICLE), article);
    if (fs.existsSync(sidecar)) throw new Error(`${sidecar} exists before any note was added`);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    await typeIntoQuickInput(DIALOG_ARTICLE);
    await focusedRow(DIALOG_ARTICLE).waitFor({ timeout: TIMEOUT });
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: DIALOG_ARTICLE }).waitFor({ timeout: TIMEOUT });
    // Its highlights show that the language server has analyzed it (the report needs the findings).
    await page.locator('.editor-instance .lines-content [class*="ced-"]').first().waitFor({ state: 'attached', timeout: TIMEOUT });
  });
  if (!opened) return results;

  const selected = await check('selects a claim with Find (Ctrl+F, type, Escape)', async () => {
    await page.keyboard.press('Control+F');
    await page.locator('.find-widget.visible .input').first().waitFor({ timeout: TIMEOUT });
    await page.keyboard.type(PASSAGE);
    await page.locator('.find-widget.visible .matchesCount', { hasText: /^1 of 1$/ }).waitFor({ timeout: TIMEOUT });
    // Escape closes Find and leaves the match selected in the editor, which gets the focus back.
    await page.keyboard.press('Escape');
    await page.locator('.find-widget.visible').waitFor({ state: 'detached', timeout: TIMEOUT });
    const status = page.locator('#status\\.editor\\.selection', { hasText: `(${PASSAGE.length} selected)` });
    await status.waitFor({ timeout: TIMEOUT });
    return (await status.innerText()).trim();
  });
  if (!selected) return results;

  const added = await check(`"FactDesk: Add Fact-check Note": verdict "${VERDICT.row}" picked, comment typed`, async () => {
    await runFromPalette(page, 'FactDesk: Add Fact-check Note');
    await quickInputTitled('Verdict').waitFor({ timeout: TIMEOUT });
    await typeIntoQuickInput(VERDICT.typed);
    await focusedRow(VERDICT.row).waitFor({ timeout: TIMEOUT });
    await page.keyboard.press('Enter');
    await quickInputTitled('Fact-check note').waitFor({ timeout: TIMEOUT });
    await typeIntoQuickInput(COMMENT);
    await page.keyboard.press('Enter');
    await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: TIMEOUT });
  });
  if (!added) return results;

  await check(`the sidecar ${path.basename(sidecar)} holds the note`, async () => {
    const items = await pollUntil(() => {
      if (!fs.existsSync(sidecar)) return undefined;
      return JSON.parse(fs.readFileSync(sidecar, 'utf8')).items;
    }, `no ${path.basename(sidecar)} written`);
    if (items.length !== 1) throw new Error(`${items.length} annotations, expected 1`);
    const [note] = items;
    const body = (purpose) => note.body?.find((b) => b.purpose === purpose)?.value;
    const exact = note.target?.selector?.find((s) => s.type === 'TextQuoteSelector')?.exact;
    const problems = [];
    if (body('assessing') !== VERDICT.stored) problems.push(`verdict ${JSON.stringify(body('assessing'))}, expected "${VERDICT.stored}"`);
    if (body('commenting') !== COMMENT) problems.push(`comment ${JSON.stringify(body('commenting'))}, expected ${JSON.stringify(COMMENT)}`);
    if (exact !== PASSAGE) problems.push(`passage ${JSON.stringify(exact)}, expected ${JSON.stringify(PASSAGE)}`);
    if (problems.length) throw new Error(problems.join('; '));
    return `verdict ${body('assessing')}, comment and passage as typed/selected`;
  });

  await check('the editor shows the note: comment thread with the comment, gutter glyph, verdict badge', async () => {
    const thread = page.locator('.editor-instance .review-widget', { hasText: COMMENT }).first();
    await thread.waitFor({ timeout: TIMEOUT });
    const glyphs = page.locator('.editor-instance .margin-view-overlays .comment-range-glyph[class*="comment-thread"]');
    await glyphs.first().waitFor({ state: 'attached', timeout: TIMEOUT });
    // The badge stands after the whole claim the note is in, which ends further down the wrapped
    // line: a click on the line's first row, then End twice (end of the row, then of the line) brings it into view.
    await page.locator('.editor-instance .view-line', { hasText: PASSAGE_LINE_START }).first().click();
    await page.keyboard.press('End');
    await page.keyboard.press('End');
    // The badge is an inlay hint: text VS Code puts in the line (it wraps with it), after the passage.
    const lineTexts = () => page.locator('.editor-instance .view-lines .view-line').allInnerTexts();
    // Rows of a wrapped line are separate elements, and the mark may wrap too: look in their text joined.
    const badge = await pollUntil(async () => ((await lineTexts()).join(' ').replace(/\s+/g, ' ').includes(VERDICT.badge) ? VERDICT.badge : undefined),
      `no badge "${VERDICT.badge}" in the lines in view`, { timeout: TIMEOUT })
      .catch(async (error) => { throw new Error(`${error.message}; lines: ${JSON.stringify(await page.locator('.editor-instance .view-lines').first().innerText())}`); });
    await page.screenshot({ path: path.join(artifactsDir, `${label}-note.png`) });
    return `thread open with the comment, ${await glyphs.count()} thread glyph(s) in the gutter, badge ${badge}`;
  });

  const exported = await check('"FactDesk: Export Fact-check Report…": HTML picked, save dialog accepted', async () => {
    await runFromPalette(page, 'FactDesk: Export Fact-check Report');
    await quickInputTitled('export the fact-check report as').waitFor({ timeout: TIMEOUT });
    await typeIntoQuickInput('HTML');
    await focusedRow('HTML').waitFor({ timeout: TIMEOUT });
    await page.keyboard.press('Enter');
    // code-server's save dialog is VS Code's simple file dialog: a quick input holding the proposed path.
    await quickInputTitled('save the fact-check report').waitFor({ timeout: TIMEOUT });
    const pathInput = page.locator(`${QUICK_INPUT} .quick-input-box input`);
    const proposed = await pollUntil(async () => {
      const value = await pathInput.inputValue();
      return value.endsWith(REPORT) ? value : undefined;
    }, `the save dialog did not propose …/${REPORT}`);
    await page.keyboard.press('Enter');
    // An existing file makes the dialog ask to replace it (a Yes/No quick pick or a modal dialog).
    await pollUntil(async () => {
      if (fs.existsSync(report)) return true;
      const replace = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Replace$/ });
      if (await replace.isVisible()) await replace.click();
      else if (await quickInputTitled('already exists').isVisible()) {
        await focusedRow('Yes').waitFor({ timeout: 5_000 });
        await page.keyboard.press('Enter');
      }
      return undefined;
    }, `no ${REPORT} written`, { timeout: TIMEOUT });
    return `saved as ${proposed}`;
  });

  if (exported) {
    await check(`the report ${REPORT} is an HTML page with the typed comment, and the editor says it was written`, async () => {
      const html = await pollUntil(() => {
        const text = fs.readFileSync(report, 'utf8');
        return text.includes('</html>') ? text : undefined;
      }, `${REPORT} never complete`);
      // The doctype is case-insensitive in HTML; the renderer writes `<!doctype html>`.
      const missing = [/^<!DOCTYPE html>/i, new RegExp(COMMENT.replace(/[()]/g, '\\$&'))].filter((pattern) => !pattern.test(html));
      if (missing.length) throw new Error(`${REPORT} lacks ${missing.map(String).join(' and ')}`);
      const toast = page.locator('.notifications-toasts .notification-list-item-message', { hasText: `report written to ${REPORT}` }).first();
      await toast.waitFor({ timeout: TIMEOUT });
      return `${html.length} characters; "${(await toast.innerText()).trim()}"`;
    });
  }

  await check('"FactDesk: Check Publication Readiness" says the article is not ready', async () => {
    await runFromPalette(page, 'FactDesk: Check Publication Readiness');
    const message = page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'is not ready to publish' }).first();
    await message.waitFor({ timeout: TIMEOUT });
    const text = (await message.innerText()).trim();
    if (!text.includes(DIALOG_ARTICLE)) throw new Error(`the notification names another file: "${text}"`);
    return `"${text}"`;
  });
  return results;
}
