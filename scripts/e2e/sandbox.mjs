#!/usr/bin/env node
// `npm run sandbox`: a real VS Code (code-server) on 127.0.0.1 with FactDesk loaded from this repo as
// the extension under development and examples/ open. Rebuilds on change (esbuild --watch): reload the
// window (Developer: Reload Window) to pick up a rebuilt extension. Ctrl-C stops everything.
// Options: --port=N (default: a free port), --folder=DIR (default: examples/).
// State (settings, open editors) persists in .tools/sandbox between runs.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startCodeServer } from './code-server.mjs';
import { CODE_SERVER_BIN, REPO_ROOT, TOOLS_DIR } from './paths.mjs';
import { workbenchUrl } from './workbench.mjs';

const option = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

if (!fs.existsSync(CODE_SERVER_BIN)) {
  const install = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'e2e', 'install.mjs')], { stdio: 'inherit' });
  if (install.status !== 0) process.exit(1);
}

const folder = path.resolve(option('folder') ?? path.join(REPO_ROOT, 'examples'));
const scratchDir = path.join(TOOLS_DIR, 'sandbox');
fs.mkdirSync(scratchDir, { recursive: true });

// First build synchronously so the extension exists when the page loads, then keep rebuilding.
const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, FACTDESK_OUTDIR: '' } });
if (build.status !== 0) process.exit(1);
const watcher = spawn(process.execPath, ['esbuild.mjs', '--watch'], { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, FACTDESK_OUTDIR: '' } });

const server = await startCodeServer({
  scratchDir,
  folder,
  port: option('port') ? Number(option('port')) : undefined,
  quiet: true,
});
const url = workbenchUrl(server.url, folder, { extensionDevelopmentPath: REPO_ROOT });
console.log(
  `\nFactDesk sandbox: VS Code ${'1.100.3'} at\n\n  ${url}\n\n(extension from ${REPO_ROOT}, folder ${folder}; open the whole URL — the payload loads the extension)`,
);
console.log('Press Ctrl-C to stop.');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping sandbox…');
  watcher.kill('SIGTERM');
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.exited.then(() => {
  if (!stopping) {
    console.error('code-server exited');
    watcher.kill('SIGTERM');
    process.exit(1);
  }
});
