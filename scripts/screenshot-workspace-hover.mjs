// Screenshot of the workspace hover in a real VS Code (code-server + headless Chromium): opens the
// desk fixture (test/fixtures/workspace), an article, and hovers a person named in other articles;
// checks the hover holds "In this workspace" and saves .test-artifacts/workspace-hover.png.
// Usage: FACTDESK_TOOLS_DIR=… node scripts/screenshot-workspace-hover.mjs (after node esbuild.mjs)
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS_DIR, REPO_ROOT } from './e2e/paths.mjs';
import { hoverWordUntil, openFileInDevelopmentWorkbench, openWorkbench } from './e2e/workbench.mjs';

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
  await openFileInDevelopmentWorkbench(session, ARTICLE);
  const word = page.locator('.editor-instance .view-line span', { hasText: `Marta ${WORD}` }).first();
  await word.waitFor({ timeout: 60_000 });
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'In this workspace' });
  await hoverWordUntil(page, word, WORD, hover);
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
