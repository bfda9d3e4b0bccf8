// Screenshot of the workspace hover in a real VS Code (code-server + headless Chromium): opens the
// desk fixture (test/fixtures/workspace), an article, and hovers a person named in other articles;
// checks the hover holds "In this workspace" and saves .test-artifacts/workspace-hover.png.
// Usage: FACTDESK_TOOLS_DIR=… node scripts/screenshot-workspace-hover.mjs (after node esbuild.mjs)
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS_DIR, REPO_ROOT } from './e2e/paths.mjs';
import { openWorkbench, workbenchUrl } from './e2e/workbench.mjs';

const ARTICLE = 'hospital-funding.txt';
const WORD = 'Kowalczyk';
const session = await openWorkbench({
  label: 'workspace-hover',
  workspaceSource: path.join(REPO_ROOT, 'test', 'fixtures', 'workspace'),
  log: console.log,
  env: { FACTDESK_TEST: '1' },
});
let failed = false;
try {
  const { page } = session;
  await page.goto(workbenchUrl(session.server.url, session.workspaceDir, { extensionDevelopmentPath: REPO_ROOT }), {
    waitUntil: 'domcontentloaded',
    timeout: 120_000,
  });
  await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input', { timeout: 60_000 });
  await page.keyboard.type(ARTICLE);
  await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 60_000 });
  await page.keyboard.press('Enter');
  const word = page.locator('.editor-instance .view-line span', { hasText: `Marta ${WORD}` }).first();
  await word.waitFor({ timeout: 60_000 });
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'In this workspace' });
  // The index and the findings arrive in the background: hover again until the section shows.
  const deadline = Date.now() + 240_000;
  for (;;) {
    const box = await word.boundingBox();
    const text = await word.innerText();
    const x = box.x + box.width * ((text.indexOf(WORD) + 2) / Math.max(1, text.length));
    await page.mouse.move(box.x + 2, box.y - 40);
    await page.mouse.move(x, box.y + box.height / 2);
    try {
      await hover.first().waitFor({ timeout: 5_000 });
      break;
    } catch {
      if (Date.now() > deadline) throw new Error('no hover with "In this workspace"');
    }
  }
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const out = path.join(ARTIFACTS_DIR, 'workspace-hover.png');
  await page.screenshot({ path: out });
  console.log(`hover: ${(await hover.first().innerText()).replace(/\s+/g, ' ').slice(0, 400)}`);
  console.log(`saved ${path.relative(process.cwd(), out)}`);
} catch (error) {
  failed = true;
  console.error(error);
  await session.page.screenshot({ path: path.join(ARTIFACTS_DIR, 'workspace-hover-error.png') }).catch(() => {});
} finally {
  await session.close();
  fs.rmSync(session.scratchDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
