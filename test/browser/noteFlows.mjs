// Browser test of the note flows a person drives with the keyboard and the mouse (issue #9): typing
// "true" in the verdict picker stores "true" (an exact match comes first); with a note's thread open
// and its comment clicked once, a click back into the article and "Senior " typed land every key in
// the article (re-rendering a thread never moves the focus); the sidecar keeps its bytes while the
// article is unsaved and records the new place on save; Ctrl+Enter in a comment being edited saves it.
// Runs in the --browser phase after the other browser tests, on its own copy of the example.
// Waits are on DOM states and files, never sleeps.
import fs from 'node:fs';
import path from 'node:path';
import { ARTICLE } from './highlights.mjs';
import { createChecks, pollUntil, QUICK_INPUT, runFromPalette } from './harness.mjs';

/** A copy of the example made in the scratch workspace for these flows only. */
export const FLOWS_ARTICLE = 'note-flows.txt';
/** The passage the note goes on; the line it is on starts with LINE_START, before the passage. */
const PASSAGE = 'the repairs would be the largest since the bridge opened in 1964';
const LINE_START = 'Brenner said';
/** Typed at the start of the note's line with the note's thread open: shifts the note on its line. */
const TYPED = 'Senior ';
/** Typed into the verdict picker: "mostly true" also contains it, the exact "true" must win. */
const VERDICT = { typed: 'true', stored: 'true' };
const COMMENT = 'Opened in 1964 per the authority history page';
/** The verdict mark after the passage (VERDICT_BADGES in src/extension/notes/format.ts). */
const MARK = '✓ true';
const EDITED_COMMENT = 'Opening year confirmed with the authority archive';
const TIMEOUT = 30_000;
/** How long one quick-open attempt waits for the file's row before asking again. */
const QUICK_OPEN_TRY_MS = 5_000;

/**
 * @param {{ page: import('playwright-core').Page, url: string, workspaceDir: string, artifactsDir: string, label: string,
 *           log: (msg: string) => void }} options — url loads the workbench if an earlier test did not
 * @returns {Promise<{ name: string, ok: boolean, detail?: string }[]>} one entry per check
 */
export async function runNoteFlowTests({ page, url, workspaceDir, artifactsDir, label, log }) {
  const { results, check } = createChecks({ page, artifactsDir, label, log });
  const article = path.join(workspaceDir, FLOWS_ARTICLE);
  const sidecar = `${article}.factcheck.json`;
  /** The note's stored place, read in the article as it is on disk, is the note's passage. */
  const assertSidecarAgreesWithDisk = () => {
    const selectors = readItems()[0].target.selector;
    const { start, end } = selectors.find((s) => s.type === 'TextPositionSelector');
    const exact = selectors.find((s) => s.type === 'TextQuoteSelector').exact;
    const onDisk = fs.readFileSync(article, 'utf8').slice(start, end);
    if (onDisk !== exact) throw new Error(`the sidecar says ${start}-${end} "${exact}", the article on disk has "${onDisk}" there`);
  };
  const readItems = () => (fs.existsSync(sidecar) ? JSON.parse(fs.readFileSync(sidecar, 'utf8')).items : undefined);
  const focusedRow = (text) => page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row.focused`, { hasText: text }).first();
  const typeIntoQuickInput = async (text) => {
    await page.locator(`${QUICK_INPUT} .quick-input-box input:focus`).waitFor({ timeout: TIMEOUT });
    await page.keyboard.type(text);
  };
  const thread = page.locator('.editor-instance .review-widget', { hasText: COMMENT }).first();
  const noteLine = page.locator('.editor-instance .view-line', { hasText: LINE_START }).first();
  /** Where the keyboard focus is: in the article's text, in a comment thread, or elsewhere. */
  const focusIsIn = () =>
    page.evaluate(() => {
      const active = document.activeElement;
      if (!active) return 'nowhere';
      if (active.closest('.review-widget')) return `a comment thread (${active.tagName.toLowerCase()}.${[...active.classList].join('.')})`;
      if (active.closest('.editor-instance') && active.matches('textarea.inputarea, .native-edit-context')) return 'the article';
      return `${active.tagName.toLowerCase()}.${[...active.classList].join('.')}`;
    });

  const opened = await check(`opens a copy of examples/${ARTICLE} (${FLOWS_ARTICLE})`, async () => {
    if (!(await page.locator('.monaco-workbench').count())) {
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
      await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
    }
    fs.copyFileSync(path.join(workspaceDir, ARTICLE), article);
    fs.rmSync(sidecar, { force: true });
    // Quick open finds a file just written only once VS Code's file watcher has seen it: ask again
    // while it answers "No matching results".
    await pollUntil(
      async () => {
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+P');
        await typeIntoQuickInput(FLOWS_ARTICLE);
        const found = await focusedRow(FLOWS_ARTICLE)
          .waitFor({ timeout: QUICK_OPEN_TRY_MS })
          .then(() => true)
          .catch(() => undefined);
        return found;
      },
      `quick open never listed ${FLOWS_ARTICLE}`,
      { timeout: TIMEOUT },
    );
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: FLOWS_ARTICLE }).waitFor({ timeout: TIMEOUT });
    await page.locator('.editor-instance .lines-content [class*="ced-"]').first().waitFor({ state: 'attached', timeout: TIMEOUT });
  });
  if (!opened) return results;

  await check(`the verdict picker: "${VERDICT.typed}" typed + Enter stores "${VERDICT.stored}", not "mostly ${VERDICT.typed}"`, async () => {
    await page.keyboard.press('Control+F');
    await page.locator('.find-widget.visible .input').first().waitFor({ timeout: TIMEOUT });
    await page.keyboard.type(PASSAGE);
    await page.locator('.find-widget.visible .matchesCount', { hasText: /^1 of 1$/ }).waitFor({ timeout: TIMEOUT });
    await page.keyboard.press('Escape');
    await page.locator('.find-widget.visible').waitFor({ state: 'detached', timeout: TIMEOUT });
    await page.locator('#status\\.editor\\.selection', { hasText: `(${PASSAGE.length} selected)` }).waitFor({ timeout: TIMEOUT });
    await runFromPalette(page, 'FactDesk: Add Fact-check Note');
    await page.locator(`${QUICK_INPUT} .quick-input-title`, { hasText: 'Verdict' }).waitFor({ timeout: TIMEOUT });
    await typeIntoQuickInput(VERDICT.typed);
    // The list filters as one types: Enter once the filter has run (the top row is a match).
    const top = await pollUntil(async () => {
      const text = (
        await focusedRow('')
          .innerText()
          .catch(() => '')
      ).trim();
      return text.toLowerCase().includes(VERDICT.typed) ? text : undefined;
    }, 'the verdict list filtered');
    await page.keyboard.press('Enter');
    await page.locator(`${QUICK_INPUT} .quick-input-title`, { hasText: 'Fact-check note' }).waitFor({ timeout: TIMEOUT });
    await typeIntoQuickInput(COMMENT);
    await page.keyboard.press('Enter');
    const items = await pollUntil(readItems, `no ${path.basename(sidecar)} written`);
    const verdict = items[0]?.body?.find((b) => b.purpose === 'assessing')?.value;
    if (verdict !== VERDICT.stored) throw new Error(`stored verdict ${JSON.stringify(verdict)} (top row when Enter was pressed: "${top}")`);
    return `top row "${top}", stored "${verdict}"`;
  });
  // A wrong verdict is that check's failure; the flows below need only the note.
  if (!fs.existsSync(sidecar)) return results;

  await check('the note shows its verdict mark once, inside the editor (an inlay hint that wraps with the text)', async () => {
    await thread.waitFor({ timeout: TIMEOUT });
    const found = await pollUntil(
      () =>
        page.evaluate((mark) => {
          const editor = document.querySelector('.editor-instance .monaco-scrollable-element.editor-scrollable')?.getBoundingClientRect();
          const boxes = [];
          for (const line of document.querySelectorAll('.editor-instance .view-lines .view-line')) {
            const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const at = node.textContent.replace(/\u00a0/g, ' ').indexOf(mark);
              if (at < 0) continue;
              const range = document.createRange();
              range.setStart(node, at);
              range.setEnd(node, at + mark.length);
              const r = range.getBoundingClientRect();
              boxes.push({ left: r.left, right: r.right });
            }
          }
          return boxes.length ? { boxes, editorRight: editor?.right ?? 0 } : undefined;
        }, MARK),
      `no "${MARK}" mark in the lines in view`,
    );
    if (found.boxes.length !== 1) throw new Error(`${found.boxes.length} marks "${MARK}" in view`);
    const [box] = found.boxes;
    if (box.right > found.editorRight) throw new Error(`the mark ends at x=${box.right}, past the editor's right edge x=${found.editorRight}`);
    return `one mark, x ${Math.round(box.left)}–${Math.round(box.right)} (editor ends at ${Math.round(found.editorRight)})`;
  });

  /** The note's start as stored before "Senior " was typed. */
  let addedAt = -1;
  const typed = await check(`with the thread open and its comment clicked, "${TYPED}" typed in the article lands there; the focus stays`, async () => {
    await thread.waitFor({ timeout: TIMEOUT });
    await thread.locator('.review-comment .comment-body', { hasText: COMMENT }).first().click();
    await pollUntil(async () => ((await focusIsIn()).startsWith('a comment thread') ? true : undefined), 'the comment never took the focus');
    await noteLine.click({ position: { x: 3, y: 5 } });
    await page.keyboard.press('Home');
    const before = fs.readFileSync(sidecar);
    addedAt = readItems()[0].target.selector.find((s) => s.type === 'TextPositionSelector').start;
    const focusAfterKey = [];
    for (const key of TYPED) {
      await page.keyboard.type(key);
      focusAfterKey.push(await focusIsIn());
      log(`    after ${JSON.stringify(key)}: ${focusAfterKey.at(-1)}`);
    }
    const line = await pollUntil(async () => {
      const text = (await page.locator('.editor-instance .view-line', { hasText: 'Brenner said the repairs' }).first().innerText()).replace(/\u00a0/g, ' ');
      return text.startsWith(TYPED + LINE_START) ? text : undefined;
    }, `the line never read "${TYPED}${LINE_START}…"`).catch(async (error) => {
      const text = await noteLine.innerText().catch(() => '?');
      throw new Error(`${error.message}; the line reads "${text.replace(/\u00a0/g, ' ').slice(0, 60)}…"; focus after each key: ${focusAfterKey.join(', ')}`);
    });
    const moved = focusAfterKey.filter((where) => where !== 'the article');
    if (moved.length) throw new Error(`the focus left the article: ${focusAfterKey.join(', ')}`);
    // VS Code in a browser saves after a second by default (files.autoSave afterDelay): while the
    // tab is dirty the sidecar keeps its bytes; saved or not, it agrees with the article on disk.
    const dirty = (await page.locator('.tabs-container .tab.active.dirty').count()) > 0;
    if (dirty && !before.equals(fs.readFileSync(sidecar))) throw new Error('the sidecar was rewritten while the article was unsaved');
    assertSidecarAgreesWithDisk();
    await page.screenshot({ path: path.join(artifactsDir, `${label}-typed.png`) });
    return `"${line.slice(0, 40)}…", focus in the article after each of ${TYPED.length} keys; ${dirty ? 'unsaved: sidecar bytes unchanged' : 'auto-saved already'}; sidecar agrees with the article on disk`;
  });

  if (typed) {
    await check('once the article is saved (Ctrl+S), the sidecar holds the note’s new place; the focus stays in the article', async () => {
      const start = () => readItems()[0].target.selector.find((s) => s.type === 'TextPositionSelector')?.start;
      await page.keyboard.press('Control+S');
      await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: TIMEOUT });
      const after = await pollUntil(() => (start() === addedAt + TYPED.length ? start() : undefined), 'the sidecar never got the new place').catch((error) => {
        throw new Error(`${error.message}: start ${start()}, expected ${addedAt + TYPED.length}`);
      });
      assertSidecarAgreesWithDisk();
      await page.keyboard.type('X');
      const focus = await focusIsIn();
      await page.keyboard.press('Backspace');
      if (focus !== 'the article') throw new Error(`after saving, a key typed went to ${focus}`);
      await page.keyboard.press('Control+S');
      return `position ${addedAt} → ${after}`;
    });
  }

  await check('Ctrl+Enter in a comment being edited saves it (Save is the primary button)', async () => {
    const comment = thread.locator('.review-comment', { hasText: COMMENT }).first();
    await comment.hover();
    await comment.locator('.action-label.codicon-edit').first().click();
    const editorBox = thread.locator('.review-comment .edit-container .monaco-editor').first();
    await editorBox.waitFor({ timeout: TIMEOUT });
    const buttons = (await thread.locator('.review-comment .form-actions .monaco-button').allInnerTexts()).map((t) => t.trim());
    const primary = (await thread.locator('.review-comment .form-actions .monaco-button:not(.secondary)').allInnerTexts()).map((t) => t.trim());
    await editorBox.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(EDITED_COMMENT);
    await page.keyboard.press('Control+Enter');
    const stored = await pollUntil(
      () => {
        const value = readItems()?.[0]?.body?.find((b) => b.purpose === 'commenting')?.value;
        return value === EDITED_COMMENT ? value : undefined;
      },
      `the sidecar never held the edited comment (buttons ${JSON.stringify(buttons)}, primary ${JSON.stringify(primary)})`,
    );
    const edited = page.locator('.editor-instance .review-widget .review-comment .comment-body', { hasText: EDITED_COMMENT }).first();
    await edited.waitFor({ timeout: TIMEOUT }).catch(() => {
      throw new Error('the thread does not show the edited comment');
    });
    return `buttons ${JSON.stringify(buttons)}, primary ${JSON.stringify(primary)}; stored "${stored}"`;
  });
  return results;
}
