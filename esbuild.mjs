// Bundles each entry point into dist/ (CommonJS, Node 20). `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import { SHIPPED_MODELS } from './scripts/lib/shipped-models.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Entry points that exist: later issues add the extension and the server. */
const entries = [
  { in: 'src/cli/main.ts', out: 'cli', banner: '#!/usr/bin/env node' },
  // The engine as a library, for the benchmark and scripts.
  { in: 'src/core/index.ts', out: 'core' },
  // The workspace index as a library, for npm run bench:index.
  { in: 'src/workspace/index.ts', out: 'workspace' },
  { in: 'src/extension/extension.ts', out: 'extension', external: ['vscode'] },
  { in: 'src/server/server.ts', out: 'server' },
  // In-host test bundles (runner + one per *.test.ts) for the real-VS-Code suites: the main suite and
  // the one run in an untrusted workspace. mocha stays external so the runner and every test file
  // share the one mocha from node_modules.
  ...['suite', 'suite-untrusted'].flatMap((suite) =>
    (fs.existsSync(`test/extension/${suite}`) ? fs.readdirSync(`test/extension/${suite}`) : [])
      .filter((name) => name.endsWith('.ts'))
      .map((name) => ({
        in: `test/extension/${suite}/${name}`,
        out: `test/extension/${suite}/${name.slice(0, -'.ts'.length)}`,
        external: ['vscode', 'mocha'],
      })),
  ),
].filter((e) => fs.existsSync(e.in));

const contexts = await Promise.all(
  entries.map((e) =>
    esbuild.context({
      entryPoints: { [e.out]: e.in },
      bundle: true,
      platform: 'node',
      target: 'node20',
      // esbuild's table does not credit node20 with \p{…} in regex literals and rewrites each into a
      // `new RegExp(…)` call, rebuilt on every call in hot loops; Node 20 supports them.
      supported: { 'regexp-unicode-property-escapes': true },
      // Non-ASCII characters (curly quotes, accented names in the word lists) as they are, not as \uXXXX
      // escapes: 8 KB less in the server bundle, which sits at the 1 MB budget; Node reads UTF-8 source.
      charset: 'utf8',
      format: 'cjs',
      outdir: process.env.FACTDESK_OUTDIR || 'dist',
      sourcemap: !production,
      minify: production,
      external: e.external ?? [],
      banner: e.banner ? { js: e.banner } : undefined,
      logLevel: 'warning',
    }),
  ),
);

// Model weights too large to embed ship beside the bundles (src/core/entities-weights.ts and
// claims-weights.ts read them).
const outdir = process.env.FACTDESK_OUTDIR || 'dist';
fs.mkdirSync(`${outdir}/models`, { recursive: true });
for (const name of SHIPPED_MODELS) fs.copyFileSync(`src/core/models/${name}.json`, `${outdir}/models/${name}.json`);

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  const cli = `${process.env.FACTDESK_OUTDIR || 'dist'}/cli.js`;
  if (fs.existsSync(cli)) fs.chmodSync(cli, 0o755);
}
