#!/usr/bin/env node
// Installs what the real-VS-Code tests need on a fresh Debian/Ubuntu machine, idempotently:
//   - Debian packages: chromium (the browser), ripgrep (seeds @vscode/ripgrep), and the toolchain
//     code-server's native modules build with (libkrb5-dev, python3, make, g++);
//   - code-server@4.100.3 (VS Code 1.100.3 server + real extension host) into .tools/code-server.
// A second run with everything in place takes well under a second. `--force` reinstalls code-server.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CODE_SERVER_BIN, CODE_SERVER_DIR, CODE_SERVER_READY_MARKER, CODE_SERVER_VERSION, CHROMIUM_PATH } from './paths.mjs';
import { startCodeServer } from './code-server.mjs';

const force = process.argv.includes('--force');
const log = (msg) => console.log(`[e2e:install] ${msg}`);

/** Debian package -> a file whose presence shows it is installed (cheaper and clearer than dpkg -s). */
const DEBIAN_PACKAGES = {
  chromium: CHROMIUM_PATH,
  'fonts-liberation': '/usr/share/fonts/truetype/liberation', // a recommends of chromium: readable screenshots
  ripgrep: '/usr/bin/rg',
  'libkrb5-dev': '/usr/include/krb5.h',
  python3: '/usr/bin/python3',
  make: '/usr/bin/make',
  'g++': '/usr/bin/g++',
};

function ensureDebianPackages() {
  const missing = Object.entries(DEBIAN_PACKAGES)
    .filter(([, file]) => !fs.existsSync(file))
    .map(([pkg]) => pkg);
  if (missing.length === 0) return;
  log(`apt-get install ${missing.join(' ')}`);
  const isRoot = process.getuid?.() === 0;
  const prefix = isRoot ? [] : ['sudo', '-n'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => {
    const [cmd, ...rest] = [...prefix, ...args];
    const result = spawnSync(cmd, rest, { stdio: 'inherit', env });
    if (result.status !== 0) throw new Error(`${[cmd, ...rest].join(' ')} failed (exit ${result.status ?? result.error})`);
  };
  run(['apt-get', 'update']);
  run(['apt-get', 'install', '-y', '--no-install-recommends', ...missing]);
  const stillMissing = missing.filter((pkg) => !fs.existsSync(DEBIAN_PACKAGES[pkg]));
  if (stillMissing.length) throw new Error(`still missing after apt-get: ${stillMissing.join(' ')}`);
}

/**
 * @vscode/ripgrep's postinstall downloads rg from GitHub, which these machines cannot reach; it first
 * looks in its download cache, so put Debian's rg there as the tarball it expects (a single `rg`).
 * Seeded for each ripgrep build the VS Code 1.100 tree may ask for.
 */
function seedRipgrepCache() {
  const tmp = process.env.TMPDIR || os.tmpdir();
  const wanted = [
    ['vscode-ripgrep-cache-1.15.11', 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz'],
    ['vscode-ripgrep-cache-1.15.9', 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz'],
    ['vscode-ripgrep-cache-1.15.10', 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz'],
  ];
  if (process.arch === 'arm64') {
    for (const w of [...wanted]) wanted.push([w[0], w[1].replace('x86_64-unknown-linux-musl', 'aarch64-unknown-linux-musl')]);
  }
  const staging = fs.mkdtempSync(path.join(tmp, 'rg-seed-'));
  try {
    fs.copyFileSync('/usr/bin/rg', path.join(staging, 'rg'));
    fs.chmodSync(path.join(staging, 'rg'), 0o755);
    for (const [dir, file] of wanted) {
      const target = path.join(tmp, dir, file);
      if (fs.existsSync(target) && fs.statSync(target).size > 0) continue;
      fs.mkdirSync(path.dirname(target), { recursive: true });
      execFileSync('tar', ['-czf', target, '-C', staging, 'rg']);
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function installedCodeServerVersion() {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'package.json'), 'utf8'));
    return pkg.version;
  } catch {
    return undefined;
  }
}

function installCodeServer() {
  fs.rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
  fs.mkdirSync(CODE_SERVER_DIR, { recursive: true });
  // A project of its own, so this install never touches the extension's node_modules or lockfile.
  // npm 11 gates dependency install scripts with an `allowScripts` policy read from the project's
  // package.json (`--allow-scripts`/npm_config_allow_scripts is rejected for project installs and would
  // leak into the nested `npm install` code-server's postinstall runs). code-server's postinstall
  // must run: it installs VS Code's own node_modules (the extension host's native modules).
  fs.writeFileSync(
    path.join(CODE_SERVER_DIR, 'package.json'),
    JSON.stringify(
      {
        name: 'factdesk-e2e-tools',
        private: true,
        description: 'code-server for FactDesk real-VS-Code tests (installed by scripts/e2e/install.mjs)',
        allowScripts: { 'code-server': true, argon2: true },
      },
      null,
      2,
    ) + '\n',
  );
  const env = {
    ...process.env,
    npm_config_unsafe_perm: 'true', // code-server's postinstall refuses root otherwise
    npm_config_nodedir: '/usr', // node-gyp uses /usr/include/node instead of downloading headers
    npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`, which aborts without a terminal
    npm_config_strict_allow_scripts: 'false',
    // Native modules (argon2, spdlog, node-pty, kerberos, ...) compile from source here: use every core.
    JOBS: String(os.availableParallelism?.() ?? os.cpus().length),
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  // Settings for the extension's own project must not leak into this separate project.
  delete env.npm_config_allow_scripts;
  delete env.npm_config_ignore_scripts;
  log(`npm install code-server@${CODE_SERVER_VERSION} into ${path.relative(process.cwd(), CODE_SERVER_DIR) || CODE_SERVER_DIR}`);
  const result = spawnSync('npm', ['install', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: CODE_SERVER_DIR,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`npm install code-server failed (exit ${result.status ?? result.error})`);
  const version = installedCodeServerVersion();
  if (version !== CODE_SERVER_VERSION) throw new Error(`code-server ${version} installed, expected ${CODE_SERVER_VERSION}`);
  // The postinstall's work: VS Code's server dependencies must exist or the extension host cannot start.
  const vscodeModules = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules');
  if (!fs.existsSync(vscodeModules)) throw new Error(`code-server's postinstall did not run: ${vscodeModules} is missing`);
}

/** Starts the installed code-server once and waits for "HTTP server listening": the install works. */
async function verifyCodeServerStarts() {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'factdesk-cs-verify-'));
  const emptyFolder = path.join(scratch, 'ws');
  fs.mkdirSync(emptyFolder);
  const started = Date.now();
  const server = await startCodeServer({ scratchDir: scratch, folder: emptyFolder, quiet: true });
  try {
    const response = await fetch(`${server.url}/healthz`);
    if (!response.ok) throw new Error(`code-server /healthz answered ${response.status}`);
    log(`code-server ${CODE_SERVER_VERSION} starts (${Date.now() - started} ms to listening)`);
  } finally {
    await server.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

async function main() {
  const started = Date.now();
  if (process.platform !== 'linux') throw new Error('the e2e installer supports Linux (Debian/Ubuntu) only');
  // code-server's postinstall refuses any other major version (4.103+ moved to Node 22).
  if (process.versions.node.split('.')[0] !== '20') throw new Error(`code-server ${CODE_SERVER_VERSION} needs Node 20; this is Node ${process.versions.node}`);
  ensureDebianPackages();
  const upToDate = !force && installedCodeServerVersion() === CODE_SERVER_VERSION && fs.existsSync(CODE_SERVER_READY_MARKER);
  if (upToDate) {
    log(`code-server ${CODE_SERVER_VERSION} already installed (${Date.now() - started} ms)`);
    return;
  }
  seedRipgrepCache();
  installCodeServer();
  if (!fs.existsSync(CODE_SERVER_BIN)) throw new Error(`missing ${CODE_SERVER_BIN}`);
  await verifyCodeServerStarts();
  fs.writeFileSync(CODE_SERVER_READY_MARKER, `${new Date().toISOString()}\n`);
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error) => {
  console.error(`[e2e:install] FAILED: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
