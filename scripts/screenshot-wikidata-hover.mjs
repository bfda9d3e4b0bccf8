// Screenshot of the Wikidata part of the entity hover in a real VS Code (code-server + headless
// Chromium), offline: the local fixture server (test/wikidata/fixtureServer.ts, recorded responses on
// 127.0.0.1) stands in for Wikidata. The desk fixture gets an article naming Henning Christophersen and
// a knowledge-base entry pinning him to Q646148; the workspace settings turn Wikidata on and point it at
// the fixture server. Hovers until the facts show, checks them, saves .test-artifacts/wikidata-hover.png.
// Usage: node scripts/screenshot-wikidata-hover.mjs (after node esbuild.mjs)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { ARTIFACTS_DIR, REPO_ROOT } from './e2e/paths.mjs';
import { hoverWordUntil, makeScratch, openFileInDevelopmentWorkbench, openWorkbench } from './e2e/workbench.mjs';

const ARTICLE = 'christophersen-talks.txt';
const WORD = 'Christophersen';
const EXPECTED = /Party: Venstre/;

// The fixture server is TypeScript (shared with the tests): bundle it once for this script.
const bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'factdesk-wd-shot-'));
const bundle = path.join(bundleDir, 'fixtureServer.mjs');
await esbuild.build({
  entryPoints: [path.join(REPO_ROOT, 'test', 'wikidata', 'fixtureServer.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: bundle,
  logLevel: 'warning',
});
const { startFixtureServer, fixturesDir } = await import(pathToFileURL(bundle).href);
const wikidata = await startFixtureServer(fixturesDir(REPO_ROOT));

const scratch = makeScratch('wikidata-hover', path.join(REPO_ROOT, 'test', 'fixtures', 'workspace'));
const ws = scratch.workspaceDir;
fs.writeFileSync(
  path.join(ws, 'desk', ARTICLE),
  'Former minister recalls the 1978 talks\n\nBy Lena Brenner\n\nHenning Christophersen said on Tuesday that the talks in Copenhagen had been difficult.\n\n"We had no choice," Christophersen told reporters.\n',
);
fs.mkdirSync(path.join(ws, '.factdesk'), { recursive: true });
fs.writeFileSync(
  path.join(ws, '.factdesk', 'entities.json'),
  JSON.stringify({ entities: [{ id: 'henning-christophersen', name: 'Henning Christophersen', type: 'person', wikidata: 'Q646148' }] }, null, 2),
);
fs.mkdirSync(path.join(ws, '.vscode'), { recursive: true });
fs.writeFileSync(
  path.join(ws, '.vscode', 'settings.json'),
  JSON.stringify(
    { 'factdesk.wikidata.enabled': true, 'factdesk.wikidata.endpoint': wikidata.endpoint, 'factdesk.wikidata.contact': 'desk@example.org' },
    null,
    2,
  ),
);

const session = await openWorkbench({
  label: 'wikidata-hover',
  scratch,
  log: console.log,
  env: { FACTDESK_TEST: '1' },
  viewport: { width: 1440, height: 1100 },
});
let failed = false;
try {
  const { page } = session;
  await openFileInDevelopmentWorkbench(session, ARTICLE);
  // The second mention (the reporters line) carries no claim: a shorter hover, the Wikidata part in view.
  const word = page.locator('.editor-instance .view-line span', { hasText: `${WORD} told` }).first();
  await word.waitFor({ timeout: 60_000 });
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: EXPECTED });
  // The index, the findings and the Wikidata answer arrive in the background: hover again until the facts show.
  await hoverWordUntil(page, word, WORD, hover);
  // The hover scrolls (VS Code caps its height): into it (hovers are sticky) and down to the Wikidata part.
  const hoverBox = await hover.first().boundingBox();
  await page.mouse.move(hoverBox.x + hoverBox.width / 2, hoverBox.y + 10, { steps: 5 });
  await page.mouse.move(hoverBox.x + hoverBox.width / 2, hoverBox.y + hoverBox.height / 2, { steps: 5 });
  // Small steps: the hover's scrollable element takes wheel deltas a little at a time.
  for (let i = 0; i < 20; i++) {
    await page.mouse.wheel(0, 120);
    await page.waitForTimeout(50);
  }
  await page.waitForTimeout(500);
  await page.locator('.monaco-hover:not(.hidden)', { hasText: 'Born: 1939-11-08' }).first().waitFor({ timeout: 10_000 });
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const out = path.join(ARTIFACTS_DIR, 'wikidata-hover.png');
  await page.screenshot({ path: out });
  const shown = (await hover.first().innerText()).replace(/\s+/g, ' ');
  console.log(`hover: …${shown.slice(shown.indexOf('Wikidata') - 20, shown.indexOf('Wikidata') + 400)}`);
  console.log(`requests to the fixture server: ${wikidata.requests.length}`);
  console.log(`saved ${path.relative(process.cwd(), out)}`);
} catch (error) {
  failed = true;
  console.error(error);
  await session.page
    .screenshot({ path: path.join(ARTIFACTS_DIR, 'wikidata-hover-error.png') })
    .catch((e) => console.error(`no error screenshot: ${e.message}`));
} finally {
  await session.close();
  await wikidata.close();
  fs.rmSync(session.scratchDir, { recursive: true, force: true });
  fs.rmSync(bundleDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
