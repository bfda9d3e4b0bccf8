// Browser test: what a person sees. Opens an example article in the real VS Code workbench (headless
// Chromium), waits for FactDesk's highlights (decoration spans), hovers a highlighted word, checks the
// hover text, and saves screenshots. Run by scripts/e2e/run-extension-tests.mjs (`--browser`).
// Every wait is on a selector or condition; there are no fixed sleeps.
import fs from 'node:fs';
import path from 'node:path';
import { createChecks } from './harness.mjs';

export const ARTICLE = 'harbour-bridge-closure.txt';
const SECOND_ARTICLE = 'council-budget-vote.txt';
/** A word from the second article's opening lines, to know its text is on screen. */
const SECOND_ARTICLE_MARKER = 'Dunmore';
/** At most this share of the rows of text in view may be tinted in the default view (see the check). */
const MAX_TINTED_ROW_SHARE = 0.6;
/** A busy machine can take over a minute to serve the workbench page. */
const PAGE_LOAD_TIMEOUT_MS = 120_000;
/** Words a FactDesk hover uses for its four kinds (quote/claim/hedge/entity) and their details. */
const FACTDESK_HOVER_TEXT = /quote|claim|hedge|entity|speaker|score|person|organi[sz]ation|place/i;

/**
 * @param {{ page: import('playwright-core').Page, url: string, artifactsDir: string, label: string,
 *           screenshotTarget?: string, log: (msg: string) => void,
 *           activationReport?: { activationMs?: number, details?: string, openToHighlightMs?: number,
 *                                pageLoadToHighlightMs?: number, warmOpenToHighlightMs?: number } }} options (activationReport is filled in)
 * @returns {Promise<{ name: string, ok: boolean, detail?: string }[]>} one entry per check
 */
export async function runBrowserTest({ page, url, artifactsDir, label, screenshotTarget, log, activationReport = {} }) {
  const { results, check } = createChecks({ page, artifactsDir, label, log });

  let pageLoadStarted = Date.now();
  let openedAt = Date.now();
  const loaded = await check('workbench loads', async () => {
    const started = Date.now();
    pageLoadStarted = started;
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: PAGE_LOAD_TIMEOUT_MS });
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    return `${Date.now() - started} ms`;
  });
  if (!loaded) return results;

  const opened = await check(`opens examples/${ARTICLE}`, async () => {
    // Explorer first (what a person clicks); quick open if the row is not rendered yet.
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: ARTICLE }).first();
    try {
      await row.waitFor({ timeout: 30_000 });
      await row.click();
    } catch {
      await page.keyboard.press('Control+P');
      await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input');
      await page.keyboard.type(ARTICLE);
      await page.waitForSelector('.quick-input-list .monaco-list-row');
      await page.keyboard.press('Enter');
    }
    openedAt = Date.now();
    const tab = page.locator('.tabs-container .tab', { hasText: ARTICLE });
    await tab.first().waitFor({ timeout: 30_000 });
    await page.waitForSelector('.editor-instance .view-line', { timeout: 30_000 });
  });
  if (!opened) return results;

  // Decorations VS Code renders with generated `ced-` classes: inline ones (color, font, border) as
  // spans inside `.view-line`, background-only ones as `.cdr` boxes in the overlay layer under the text.
  const decorations = page.locator('.editor-instance .lines-content [class*="ced-"]');
  let decorationCount = 0;
  const highlighted = await check('FactDesk highlights appear (decorations with ced- classes)', async () => {
    await decorations.first().waitFor({ state: 'attached', timeout: 60_000 });
    decorationCount = await decorations.count();
    const classes = new Set(await decorations.evaluateAll((nodes) => nodes.flatMap((n) => [...n.classList].filter((c) => c.includes('ced-')))));
    activationReport.openToHighlightMs = Date.now() - openedAt;
    activationReport.pageLoadToHighlightMs = Date.now() - pageLoadStarted;
    return `${decorationCount} decorated ranges in view, ${classes.size} decoration classes; `
      + `${activationReport.openToHighlightMs} ms from opening the file, ${activationReport.pageLoadToHighlightMs} ms from page load`;
  });

  if (highlighted) {
    await check('screenshot of the default view (no hover)', async () => {
      await page.mouse.move(1, 1);
      await page.keyboard.press('Escape');
      await page.locator('.monaco-hover:not(.hidden)').waitFor({ state: 'detached', timeout: 5_000 }).catch(() => {});
      const file = path.join(artifactsDir, `${label}-default-view.png`);
      await page.screenshot({ path: file });
      return path.relative(process.cwd(), file);
    });

    await check('the default view is calm: most rows of text untinted, quotes coloured text without a background', async () => {
      // What a person sees: rows of text with a background-coloured decoration box (`.cdr`, drawn under
      // the text) over part of them, among all rows with text, in the visible part of the article.
      // Rows, not sentences: a long tinted claim wraps over two or three rows (28% of this example's
      // sentences are 13 of its 25 rows; before, every claim and quote was tinted: 24 of 25 rows).
      const seen = await page.evaluate(() => {
        const transparent = (c) => !c || c === 'transparent' || /rgba\(.*,\s*0\)$/.test(c);
        const editor = document.querySelector('.editor-instance .lines-content');
        const boxes = [...editor.querySelectorAll('.view-overlays .cdr[class*="ced-"]')]
          .filter((n) => !transparent(getComputedStyle(n).backgroundColor))
          .map((n) => n.getBoundingClientRect()).filter((r) => r.width > 0);
        const rows = [...editor.querySelectorAll('.view-lines .view-line')]
          .filter((n) => n.textContent.trim().length > 0 && !/^(date|source)\b/.test(n.textContent.trim()))
          .map((n) => n.getBoundingClientRect());
        const tinted = rows.filter((r) => boxes.some((b) => b.top < r.bottom - 2 && b.bottom > r.top + 2)).length;
        // The quote's words: their spans carry the quote colour, and no tinted box lies under a quote that is in no claim.
        const quoteSpans = [...editor.querySelectorAll('.view-lines span[class*="ced-"]')].filter((n) => /^“/.test(n.textContent));
        return { rows: rows.length, tinted, quoteSpans: quoteSpans.length };
      });
      if (!seen.rows) throw new Error('no text rows in view');
      const share = seen.tinted / seen.rows;
      const detail = `${seen.tinted} of ${seen.rows} rows with text tinted (${Math.round(100 * share)}%), ${seen.quoteSpans} quote spans coloured`;
      if (share > MAX_TINTED_ROW_SHARE || seen.quoteSpans === 0) throw new Error(detail);
      return detail;
    });

    await check('the status bar item is labelled in words for screen readers, with a legend in its tooltip', async () => {
      // Other FactDesk items share the prefix ("FactDesk: Indexing 1/3" while the workspace index
      // starts, orphaned notes): the counts item is the one whose label reads as counts.
      const COUNTS = /^FactDesk: \d+ quotes?, \d+ check-worthy claims? \(\d+ tinted\), \d+ hedges?, \d+ (entity|entities)$/;
      const items = page.locator('.statusbar-item [aria-label^="FactDesk:"], .statusbar-item[aria-label^="FactDesk:"]');
      const deadline = Date.now() + 30_000;
      let labels = [];
      let index = -1;
      while (index < 0) {
        labels = await items.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label') ?? ''));
        index = labels.findIndex((l) => COUNTS.test(l));
        if (index >= 0) break;
        if (Date.now() > deadline) throw new Error(`no status bar item labelled with counts: ${JSON.stringify(labels)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const item = items.nth(index);
      const ariaLabel = labels[index];
      await item.hover();
      const tooltip = page.locator('.monaco-hover:not(.hidden), .workbench-hover', { hasText: 'orange tint' }).first();
      await tooltip.waitFor({ timeout: 10_000 });
      const text = (await tooltip.innerText()).replace(/\s+/g, ' ').trim();
      await page.screenshot({ path: path.join(artifactsDir, `${label}-status-legend.png`) });
      await page.mouse.move(1, 1);
      return `aria-label "${ariaLabel}"; tooltip "${text.slice(0, 200)}"`;
    });
  }

  if (highlighted) {
    await check('hovering a highlighted word shows a FactDesk hover', async () => {
      const hover = page.locator('.monaco-hover:not(.hidden)');
      const tried = [];
      // Move the mouse onto highlighted ranges in turn until one gives FactDesk's hover (a range may
      // be, e.g., a quote's punctuation with no hover of its own). Coordinates, not element hovers:
      // background decorations lie under the text layer.
      const boxes = (await decorations.evaluateAll((nodes) => nodes.map((n) => {
        const r = n.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      }))).filter((b) => b.width >= 12 && b.height > 0);
      // Words near the middle of the window first: their hover has room, which makes a clearer screenshot.
      const middle = (page.viewportSize()?.height ?? 900) / 2;
      boxes.sort((a, b) => Math.abs(a.y - middle) - Math.abs(b.y - middle));
      for (const box of boxes.slice(0, 12)) {
        const x = box.x + Math.min(box.width / 2, 40);
        const y = box.y + box.height / 2;
        const word = await page.evaluate(({ x, y }) => {
          const caret = document.caretRangeFromPoint?.(x, y);
          const text = caret?.startContainer?.textContent ?? '';
          const at = caret?.startOffset ?? 0;
          const before = /[\p{L}\p{N}'’-]*$/u.exec(text.slice(0, at))?.[0] ?? '';
          const after = /^[\p{L}\p{N}'’-]*/u.exec(text.slice(at))?.[0] ?? '';
          return before + after;
        }, { x, y });
        await page.mouse.move(1, 1);
        await page.mouse.move(x, y);
        try {
          await page.waitForFunction(
            (pattern) => [...document.querySelectorAll('.monaco-hover:not(.hidden)')].some((h) => new RegExp(pattern, 'i').test(h.textContent ?? '')),
            FACTDESK_HOVER_TEXT.source,
            { timeout: 5_000 },
          );
          const hoverText = (await hover.first().innerText()).replace(/\s+/g, ' ').trim();
          await page.screenshot({ path: path.join(artifactsDir, `${label}-hover.png`) });
          return `over "${word}": "${hoverText.slice(0, 160)}"`;
        } catch {
          tried.push(word || `(${Math.round(x)},${Math.round(y)})`);
        }
      }
      throw new Error(`no FactDesk hover over any of: ${tried.map((t) => JSON.stringify(t)).join(', ')}`);
    });
  }

  await check('screenshot saved', async () => {
    const file = path.join(artifactsDir, `${label}-article.png`);
    // Keep the hover in the picture when there is one: it shows both highlights and explanations.
    await page.screenshot({ path: file });
    // Only a picture of a fully passing run is good enough for the README.
    if (screenshotTarget && results.every((r) => r.ok)) {
      fs.mkdirSync(path.dirname(screenshotTarget), { recursive: true });
      fs.copyFileSync(file, screenshotTarget);
    }
    return path.relative(process.cwd(), file) + (screenshotTarget ? ` → ${path.relative(process.cwd(), screenshotTarget)}` : '');
  });
  // The first article's time includes the extension host starting; a second file shows the warm path.
  await check(`highlights a second article once warm (examples/${SECOND_ARTICLE})`, async () => {
    await page.keyboard.press('Escape');
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: SECOND_ARTICLE }).first();
    await row.waitFor({ timeout: 30_000 });
    const started = Date.now();
    await row.click();
    // Decorations belong to the editor's model: once the new text shows, every ced- node is the new file's.
    await page.waitForFunction(
      (marker) => (document.querySelector('.editor-instance .view-lines')?.textContent ?? '').includes(marker)
        && document.querySelectorAll('.editor-instance .lines-content [class*="ced-"]').length > 0,
      SECOND_ARTICLE_MARKER,
      { timeout: 30_000 },
    );
    activationReport.warmOpenToHighlightMs = Date.now() - started;
    return `${activationReport.warmOpenToHighlightMs} ms from click to first highlight`;
  });

  await check("VS Code's own activation time for FactDesk (Developer: Show Running Extensions)", async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input');
    await page.keyboard.type('Developer: Show Running Extensions');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Running Extensions' }).first().waitFor();
    await page.keyboard.press('Enter');
    const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'factdesk' }).first();
    await row.waitFor({ timeout: 30_000 });
    const time = row.locator('.activation-time');
    await time.waitFor();
    const text = (await time.innerText()).trim();
    const ms = /(\d+)\s*ms/.exec(text);
    if (!ms) throw new Error(`no activation time in "${text}"`);
    // The tooltip says what triggered activation and splits code loading from the activate() call.
    await time.hover();
    const details = await page.locator('.monaco-hover:not(.hidden)').first().innerText({ timeout: 5_000 }).catch(() => '');
    activationReport.activationMs = Number(ms[1]);
    activationReport.details = details.replace(/\s+/g, ' ').trim();
    return `${text}${activationReport.details ? ` — ${activationReport.details}` : ''}`;
  });
  return results;
}
