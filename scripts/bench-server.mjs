// Edit-to-result latency through the REAL language server: spawns dist/server.js --stdio, opens a
// generated 1 MB article, applies single-character edits one at a time and times each from the
// didChange it sends to the factdesk/findings notification for that version. Also hover latency and
// the bundle sizes of dist/extension.js and dist/server.js. Usage:
//   node scripts/bench-server.mjs [--size=BYTES] [--edits=N] [--server=PATH] [--debounce=MS] [--json]
// debounceMs defaults to 0 so the figure is the server's own work, not the typing pause it waits for.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import rpc from 'vscode-jsonrpc/node.js';
import { createRandom, generateArticle } from './lib/generate-article.mjs';
/** The Node options the extension starts the server with (src/shared/serverProcess.ts). */
const SERVER_EXEC_ARGV = JSON.parse(fs.readFileSync(new URL('../src/shared/server-process.json', import.meta.url), 'utf8')).execArgv;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const option = (name, fallback) => {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? arg.slice(name.length + 3) : fallback;
};
const SIZE = Number(option('size', 1_000_000));
const EDITS = Number(option('edits', 40));
const DEBOUNCE = Number(option('debounce', 0));
const SERVER = path.resolve(option('server', path.join(ROOT, 'dist', 'server.js')));
const OUTDIR = path.dirname(SERVER);
const asJson = process.argv.includes('--json');

if (!fs.existsSync(SERVER)) {
  console.error(`${path.relative(process.cwd(), SERVER)} is missing: run \`npm run build\` first`);
  process.exit(2);
}

const text0 = generateArticle(SIZE, 7);
const child = spawn(process.execPath, [...SERVER_EXEC_ARGV, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
const settings = { debounceMs: DEBOUNCE, maxFileSizeKB: Math.ceil((SIZE * 2) / 1024) + 1024 };
connection.onRequest('workspace/configuration', (params) => params.items.map((item) => (item.section === 'factdesk' ? settings : null)));
connection.onRequest('client/registerCapability', () => null);

/** version → resolver for the findings notification of that version. */
const waiting = new Map();
connection.onNotification('factdesk/findings', (params) => {
  const resolve = waiting.get(params.version);
  if (resolve) {
    waiting.delete(params.version);
    resolve(params);
  }
});
const findingsFor = (version) => new Promise((resolve) => waiting.set(version, resolve));
connection.listen();

const uri = 'file:///bench/article.txt';
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const ms = (n) => `${n.toFixed(1)} ms`;

/** Offset → LSP position, from a precomputed table of line starts. */
function lineStarts(text) {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
function positionAt(starts, offset) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

async function main() {
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true }, textDocument: { hover: { contentFormat: ['markdown'] } } },
  });
  await connection.sendNotification('initialized', {});

  let text = text0;
  let version = 1;
  let started = performance.now();
  const opened = findingsFor(version);
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version, text } });
  const first = await opened;
  const openMs = performance.now() - started;
  if (first.status !== 'ok') throw new Error(`the article was not analyzed: ${first.status} ${first.message ?? ''}`);

  // Single-character edits at random places: insert a letter, as typing does.
  const rand = createRandom(11);
  const latencies = [];
  const engineMs = [];
  const serverMs = [];
  const reuse = [];
  for (let i = 0; i < EDITS; i++) {
    const offset = Math.floor(rand() * text.length);
    const position = positionAt(lineStarts(text), offset);
    text = `${text.slice(0, offset)}e${text.slice(offset)}`;
    version++;
    const result = findingsFor(version);
    started = performance.now();
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: position, end: position }, text: 'e' }],
    });
    const findings = await result;
    latencies.push(performance.now() - started);
    engineMs.push(findings.engineMs ?? findings.elapsedMs);
    serverMs.push(findings.elapsedMs);
    if (findings.reanalyzed) reuse.push(findings.reanalyzed.reused / Math.max(1, findings.reanalyzed.reused + findings.reanalyzed.paragraphs));
  }

  // Hovers over the last findings (a quote or claim start, else the middle of the text).
  const starts = lineStarts(text);
  const hoverMs = [];
  for (let i = 0; i < 20; i++) {
    const offset = Math.floor(rand() * text.length);
    started = performance.now();
    await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionAt(starts, offset) });
    hoverMs.push(performance.now() - started);
  }

  // Hovers sent right after an edit, while the engine re-analyzes: the main thread should not wait for it.
  const busyHoverMs = [];
  for (let i = 0; i < 10; i++) {
    const offset = Math.floor(rand() * text.length);
    const position = positionAt(lineStarts(text), offset);
    text = `${text.slice(0, offset)}e${text.slice(offset)}`;
    version++;
    const result = findingsFor(version);
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: position, end: position }, text: 'e' }],
    });
    started = performance.now();
    await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
    busyHoverMs.push(performance.now() - started);
    await result;
  }

  const bundles = ['extension.js', 'server.js'].map((name) => {
    const file = path.join(OUTDIR, name);
    if (!fs.existsSync(file)) return { name, bytes: NaN, gzip: NaN };
    const bytes = fs.readFileSync(file);
    return { name, bytes: bytes.length, gzip: zlib.gzipSync(bytes).length };
  });

  const result = {
    articleBytes: Buffer.byteLength(text0),
    findings: first.counts,
    openToFirstResultMs: Math.round(openMs),
    edits: EDITS,
    debounceMs: DEBOUNCE,
    editToResult: { medianMs: quantile(latencies, 0.5), p95Ms: quantile(latencies, 0.95), maxMs: Math.max(...latencies) },
    engineOnly: { medianMs: quantile(engineMs, 0.5), p95Ms: quantile(engineMs, 0.95) },
    inServer: { medianMs: quantile(serverMs, 0.5), p95Ms: quantile(serverMs, 0.95) },
    paragraphsReusedMedian: reuse.length ? quantile(reuse, 0.5) : undefined,
    hover: { medianMs: quantile(hoverMs, 0.5), p95Ms: quantile(hoverMs, 0.95) },
    hoverDuringAnalysis: { medianMs: quantile(busyHoverMs, 0.5), p95Ms: quantile(busyHoverMs, 0.95) },
    bundles,
  };
  if (asJson) {
    console.log(JSON.stringify(result));
  } else {
    const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
    const rows = [
      [
        'article',
        `${(result.articleBytes / 1e6).toFixed(2)} MB, ${first.counts.quotes} quotes, ${first.counts.claims} claims, ${first.counts.hedges} hedges, ${first.counts.entities} entities`,
      ],
      ['open → first result', ms(openMs)],
      [
        `edit → result (${EDITS} one-char edits, debounce ${DEBOUNCE} ms)`,
        `median ${ms(result.editToResult.medianMs)}, p95 ${ms(result.editToResult.p95Ms)}, max ${ms(result.editToResult.maxMs)}`,
      ],
      ['  in the server (engine + spans)', `median ${ms(result.inServer.medianMs)}, p95 ${ms(result.inServer.p95Ms)}`],
      ['  of which engine', `median ${ms(result.engineOnly.medianMs)}, p95 ${ms(result.engineOnly.p95Ms)}`],
      ...(result.paragraphsReusedMedian !== undefined
        ? [['  paragraphs reused per edit', `${(result.paragraphsReusedMedian * 100).toFixed(1)} % (median)`]]
        : []),
      ['hover', `median ${ms(result.hover.medianMs)}, p95 ${ms(result.hover.p95Ms)}`],
      ['hover during a re-analysis', `median ${ms(result.hoverDuringAnalysis.medianMs)}, p95 ${ms(result.hoverDuringAnalysis.p95Ms)}`],
      ...bundles.map((b) => [`bundle ${path.relative(ROOT, path.join(OUTDIR, b.name))}`, `${kb(b.bytes)} (${kb(b.gzip)} gzip)`]),
    ];
    const width = Math.max(...rows.map(([label]) => label.length));
    console.log('FactDesk language server (real server over stdio)');
    for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
  }
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  connection.dispose();
}

main().catch((error) => {
  console.error(error);
  child.kill();
  process.exit(1);
});
