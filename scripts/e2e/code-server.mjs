// Starts and stops the installed code-server (a real VS Code 1.100.3 server) on 127.0.0.1 only,
// with scratch config/data/cache dirs so nothing is written to the home folder.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { CODE_SERVER_BIN } from './paths.mjs';

/** Asks the kernel for a free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (probe.address());
      probe.close(() => resolve(port));
    });
  });
}

/** Environment for code-server and chromium: scratch XDG dirs, no marketplace, no telemetry. */
export function isolatedEnv(scratchDir) {
  const xdg = (name) => {
    const dir = path.join(scratchDir, 'xdg', name);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  };
  return {
    ...process.env,
    XDG_CONFIG_HOME: xdg('config'),
    XDG_DATA_HOME: xdg('data'),
    XDG_CACHE_HOME: xdg('cache'),
    EXTENSIONS_GALLERY: '{}',
    VSCODE_PROXY_URI: '',
  };
}

function commonArgs(scratchDir, extensionsDir) {
  return [
    '--user-data-dir',
    path.join(scratchDir, 'user-data'),
    '--extensions-dir',
    extensionsDir ?? path.join(scratchDir, 'extensions'),
    '--disable-telemetry',
    '--disable-update-check',
  ];
}

/**
 * Installs a packaged .vsix into `extensionsDir` with code-server's own installer (what a user's
 * `--install-extension` does), returning its output.
 */
export function installExtension({ vsix, scratchDir, extensionsDir }) {
  const result = spawnSync(process.execPath, [CODE_SERVER_BIN, ...commonArgs(scratchDir, extensionsDir), '--install-extension', vsix, '--force'], {
    env: isolatedEnv(scratchDir),
    encoding: 'utf8',
    timeout: 120_000,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) throw new Error(`code-server --install-extension failed (exit ${result.status ?? result.error}):\n${output}`);
  return output;
}

/**
 * Spawns code-server detached (its own process group, so `stop()` ends it and its extension hosts
 * by group id) and resolves once it prints "HTTP server listening on".
 * `workspaceTrust`: keep VS Code's workspace trust on (the folder then opens in Restricted Mode
 * unless trusted); by default it is off and every folder is trusted.
 * @param {{scratchDir: string, folder: string, extensionsDir?: string, port?: number, quiet?: boolean, env?: Record<string, string>,
 *          startTimeoutMs?: number, onOutput?: (line: string) => void, workspaceTrust?: boolean}} options
 */
export async function startCodeServer(options) {
  if (!fs.existsSync(CODE_SERVER_BIN)) {
    throw new Error(`code-server is not installed at ${CODE_SERVER_BIN}: run \`npm run e2e:install\``);
  }
  const port = options.port ?? (await freePort());
  const args = [
    CODE_SERVER_BIN,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    ...commonArgs(options.scratchDir, options.extensionsDir),
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-proxy',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    options.folder,
  ];
  const startedAt = Date.now();
  const child = spawn(process.execPath, args, {
    // Extra variables reach the extension host (it inherits the server's environment).
    env: { ...isolatedEnv(options.scratchDir), ...options.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  let exited = false;
  const exitPromise = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    }),
  );

  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`code-server did not report listening within ${options.startTimeoutMs ?? 30_000} ms:\n${output.join('\n')}`)),
      options.startTimeoutMs ?? 30_000,
    );
    const onData = (chunk) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        output.push(line);
        if (!options.quiet) console.log(`[code-server] ${line}`);
        options.onOutput?.(line);
        if (line.includes('HTTP server listening on')) {
          clearTimeout(timer);
          resolve(undefined);
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exitPromise.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited early (code ${code}, signal ${signal}):\n${output.join('\n')}`));
    });
  });

  const stop = async () => {
    if (exited) return;
    // Negative pid: the whole process group (server, extension hosts, language servers).
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const killTimer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 3000);
    await exitPromise;
    clearTimeout(killTimer);
    // Stragglers in the group (e.g. a language server that ignores SIGTERM) must not outlive the run.
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* group empty */
    }
  };
  // If the driver dies unexpectedly, do not leave the server behind.
  const onParentExit = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  };
  process.once('exit', onParentExit);

  try {
    await ready;
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    startMs: Date.now() - startedAt,
    output,
    exited: exitPromise,
    stop: async () => {
      process.removeListener('exit', onParentExit);
      await stop();
    },
  };
}
