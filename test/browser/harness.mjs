// What the browser tests share: named checks (each one test in the driver's `N passed, N failed`),
// a screenshot of the page when a check fails, and the command palette driven with keystrokes.
import fs from 'node:fs';
import path from 'node:path';

/**
 * @param {{ page: import('playwright-core').Page, artifactsDir: string, label: string, log: (msg: string) => void }} options
 * @returns {{ results: { name: string, ok: boolean, detail?: string }[],
 *             check: (name: string, body: () => Promise<string | void>) => Promise<boolean> }}
 *   `check` runs one named check and records it in `results`; a failure saves
 *   `<artifactsDir>/<label>-failure-<n>.png` and returns false.
 */
export function createChecks({ page, artifactsDir, label, log }) {
  const results = [];
  fs.mkdirSync(artifactsDir, { recursive: true });
  const check = async (name, body) => {
    const started = Date.now();
    try {
      const detail = await body();
      results.push({ name, ok: true, detail });
      log(`  ✔ ${name}${detail ? ` (${detail})` : ''} [${Date.now() - started} ms]`);
      return true;
    } catch (error) {
      results.push({ name, ok: false, detail: error instanceof Error ? error.message : String(error) });
      log(`  ✘ ${name}: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
      await page.screenshot({ path: path.join(artifactsDir, `${label}-failure-${results.length}.png`) }).catch(() => {});
      return false;
    }
  };
  return { results, check };
}

/** The quick input (palette, quick pick, input box, simple file dialog) while it is shown. */
export const QUICK_INPUT = '.quick-input-widget:not([style*="display: none"])';

/**
 * Runs a command from the command palette as a person does: F1, type the title, Enter once the
 * highlighted row is that command (typing fast can leave an older row highlighted for a moment).
 */
export async function runFromPalette(page, title, { timeout = 15_000 } = {}) {
  await page.keyboard.press('F1');
  // Typed only once the palette has the focus: keystrokes must never land in the article.
  await page.locator(`${QUICK_INPUT} .quick-input-box input:focus`).waitFor({ timeout });
  await page.keyboard.type(title);
  const name = title.replace(/^[^:]*:\s*/, '');
  await page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row.focused`, { hasText: name }).first().waitFor({ timeout });
  await page.keyboard.press('Enter');
}

/** Resolves with what `read()` returns once it is not undefined; rejects with `what` after the deadline. */
export async function pollUntil(read, what, { timeout = 15_000, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  let lastError;
  for (;;) {
    try {
      const value = await read();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`${what} within ${timeout} ms${lastError ? ` (last error: ${lastError.message ?? lastError})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
