// Browser test of a combined hover: a claim with a verification note on it shows the claim section
// (score, why it is tinted, reasons) and the note together, and the hover is never clipped (no
// scrolling inside it). Runs after runDialogTests in the same page: the note is the one those added
// on the copy of the example. Waits are on DOM states, never sleeps.
import path from 'node:path';
import { createChecks } from './harness.mjs';

/** A word of the passage the dialog test put its note on (see dialogs.mjs). */
const NOTED_WORD = '52,000';
const TIMEOUT = 30_000;

/**
 * @param {{ page: import('playwright-core').Page, artifactsDir: string, label: string, log: (msg: string) => void }} options
 * @returns {Promise<{ name: string, ok: boolean, detail?: string }[]>}
 */
export async function runHoverTests({ page, artifactsDir, label, log }) {
  const { results, check } = createChecks({ page, artifactsDir, label, log });
  await check('the hover of a claim with a note shows both, unclipped', async () => {
    await page.keyboard.press('Escape');
    await page.mouse.move(1, 1);
    // The word's box on screen: from a DOM range over its characters in the rendered line.
    const box = await page.evaluate((word) => {
      for (const line of document.querySelectorAll('.editor-instance .view-lines .view-line')) {
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.textContent.indexOf(word);
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(node, at + 1);
          range.setEnd(node, at + 3);
          const r = range.getBoundingClientRect();
          return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
        }
      }
      return null;
    }, NOTED_WORD);
    if (!box) throw new Error(`"${NOTED_WORD}" is not on screen`);
    await page.mouse.move(box.x, box.y);
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Claim' }).first();
    await hover.waitFor({ timeout: TIMEOUT });
    // The note's part comes from another provider: wait until it has joined the claim's.
    await page.waitForFunction(() => [...document.querySelectorAll('.monaco-hover:not(.hidden)')]
      .some((h) => /Claim/.test(h.textContent) && /mostly true/i.test(h.textContent)), undefined, { timeout: TIMEOUT });
    const size = await hover.evaluate((h) => {
      const content = h.querySelector('.monaco-hover-content') ?? h;
      const frame = content.closest('.monaco-scrollable-element') ?? content.parentElement ?? content;
      return { content: content.scrollHeight, frame: frame.clientHeight, text: h.innerText };
    });
    await page.screenshot({ path: path.join(artifactsDir, `${label}-claim-and-note.png`) });
    const detail = `content ${size.content} px in a ${size.frame} px hover: "${size.text.replace(/\s+/g, ' ').slice(0, 240)}"`;
    if (size.content > size.frame + 2) throw new Error(`clipped: ${detail}`);
    return detail;
  });
  return results;
}
