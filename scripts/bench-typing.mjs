#!/usr/bin/env node
// Typing in a long article in a real VS Code (code-server + headless Chromium): how long each
// keystroke waits for the next frame while FactDesk re-analyzes and redraws, and the longest
// main-thread tasks of the workbench page while new highlights arrive. The same typing in the same
// VS Code without the extension is the reference. Part of `npm run bench`.
// Usage: node scripts/bench-typing.mjs [--size=BYTES] (default 1 MB)
import fs from 'node:fs';
import path from 'node:path';
import { generateArticle } from './lib/generate-article.mjs';
import { REPO_ROOT } from './e2e/paths.mjs';
import { makeScratch, openWorkbench, workbenchUrl } from './e2e/workbench.mjs';

const size = Number(process.argv.find((a) => a.startsWith('--size='))?.slice(7)) || 1_000_000;
const FILE = 'long-article.txt';
const BURSTS = 3;
const KEYS_PER_BURST = 20;
/** A brisk typist: about 12 characters a second. */
const KEY_INTERVAL_MS = 80;
/** After a burst: the debounce (300 ms), the analysis and the redraw all fit in this pause. */
const SETTLE_MS = 2500;

const quantile = (values, q) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const ms = (v) => `${v.toFixed(0)} ms`;

/** Opens the article, types in bursts, and returns what the page's main thread went through. */
async function typeInto(withExtension) {
  const scratch = makeScratch('typing', path.join(REPO_ROOT, 'examples'));
  fs.writeFileSync(path.join(scratch.workspaceDir, FILE), generateArticle(size, 42));
  const session = await openWorkbench({ label: 'typing', scratch });
  try {
    const { page, server, workspaceDir } = session;
    await page.goto(workbenchUrl(server.url, workspaceDir, withExtension ? { extensionDevelopmentPath: REPO_ROOT } : {}), { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input');
    await page.keyboard.type(FILE);
    await page.waitForSelector('.quick-input-list .monaco-list-row');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.editor-instance .view-line', { timeout: 60_000 });
    const openedAt = Date.now();
    let firstHighlightMs;
    if (withExtension) {
      await page.locator('.editor-instance .lines-content [class*="ced-"]').first().waitFor({ state: 'attached', timeout: 120_000 });
      firstHighlightMs = Date.now() - openedAt;
    } else {
      await page.waitForTimeout(3000); // no highlight to wait for: let the editor settle
    }

    // In the page: each key's wait from the input event to the next frame, and every long task.
    await page.evaluate(() => {
      const w = /** @type {any} */ (window);
      w.__keyLatency = [];
      w.__longTasks = [];
      document.addEventListener(
        'keydown',
        (e) => {
          const at = e.timeStamp;
          requestAnimationFrame(() => w.__keyLatency.push(performance.now() - at));
        },
        true,
      );
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.__longTasks.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask', buffered: false });
    });
    // The cursor in the middle of the first visible paragraph.
    const line = page.locator('.editor-instance .view-line').nth(3);
    const box = await line.boundingBox();
    await page.mouse.click(box.x + Math.min(200, box.width / 2), box.y + box.height / 2);

    const typingWindows = [];
    for (let burst = 0; burst < BURSTS; burst++) {
      const from = await page.evaluate(() => performance.now());
      for (let k = 0; k < KEYS_PER_BURST; k++) {
        await page.keyboard.type(k % 6 === 5 ? ' ' : 'x');
        await page.waitForTimeout(KEY_INTERVAL_MS);
      }
      const to = await page.evaluate(() => performance.now());
      typingWindows.push([from, to]);
      await page.waitForTimeout(SETTLE_MS);
    }
    const { keyLatency, longTasks } = await page.evaluate(() => ({ keyLatency: window.__keyLatency, longTasks: window.__longTasks }));
    const whileTyping = longTasks.filter((t) => typingWindows.some(([a, b]) => t.start >= a && t.start <= b));
    const afterTyping = longTasks.filter((t) => !typingWindows.some(([a, b]) => t.start >= a && t.start <= b));
    return { firstHighlightMs, keyLatency, whileTyping, afterTyping };
  } finally {
    await session.close();
    fs.rmSync(scratch.scratchDir, { recursive: true, force: true });
  }
}

const longest = (tasks) => (tasks.length ? Math.max(...tasks.map((t) => t.duration)) : 0);
const describe = (r) => ({
  keys: `median ${ms(quantile(r.keyLatency, 0.5))}, p95 ${ms(quantile(r.keyLatency, 0.95))}, max ${ms(Math.max(...r.keyLatency))}`,
  typing: `${r.whileTyping.length}, longest ${ms(longest(r.whileTyping))}`,
  after: `${r.afterTyping.length}, longest ${ms(longest(r.afterTyping))}`,
});
const without = await typeInto(false);
const withIt = await typeInto(true);
const a = describe(withIt);
const b = describe(without);
const rows = [
  ['article', `${(size / 1e6).toFixed(2)} MB (${FILE}), word wrap on, ${BURSTS} bursts of ${KEYS_PER_BURST} keys`],
  ['open → first highlight', ms(withIt.firstHighlightMs)],
  ['keystroke → next frame, with FactDesk', a.keys],
  ['  without the extension (reference)', b.keys],
  ['  ratio of medians (1.0 = no cost)', (quantile(withIt.keyLatency, 0.5) / quantile(without.keyLatency, 0.5)).toFixed(2)],
  ['long tasks (> 50 ms) while typing, with FactDesk', a.typing],
  ['  without the extension', b.typing],
  ['long tasks in the pauses (results drawn), with', a.after],
  ['  without the extension', b.after],
];
console.log("typing in a real VS Code (code-server + headless Chromium; the workbench page's main thread)");
for (const [label, value] of rows) console.log(`  ${label.padEnd(50)}  ${value}`);
