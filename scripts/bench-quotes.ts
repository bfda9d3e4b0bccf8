// npm run bench:quotes (also the end of npm run bench:index): how long verifying all quotes of a
// 5 KB article takes against 500 sources (5 MB) once the source index is warm, the budget
// being 50 ms; and how long indexing the sources takes. The sources are generated (seeded) as
// transcripts: turns by 200 speakers, sentences from a word-bigram chain fitted on the project's
// own text (test/fixtures/sources, examples/), so common pairs ("of the") are as common as in news.
// Then the same through the real language server (dist/server.js --stdio), where the checks run on
// the index worker: an open article's quotes checked for its diagnostics after each edit that
// changes all of them (the worker's round trip beside the engine's analysis), and hovers on a quote,
// while the main thread never reads a source. `--no-server` skips that part.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as rpc from 'vscode-jsonrpc/node';
import { SourceCorpus, verifyQuote, type QuoteInput } from '../src/sources';
import { SERVER_EXEC_ARGV } from '../src/shared/serverProcess';

const ROOT = path.join(__dirname, '..');
const SOURCE_COUNT = 500;
const SOURCE_BYTES = 10 * 1024;
const ARTICLE_QUOTES = 15;
const RUNS = 30;
const BUDGET_MS = 50;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(7);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];

// A word-bigram chain over real spoken words when the evaluation data is beside the repository
// (../shared/eval/data: the ClaimBuster debate sentences), else over the project's own prose (a
// small vocabulary: every pair is common, the hardest case for the index).
const EVAL_DATA = process.env.FACTDESK_EVAL_DATA ?? path.resolve(ROOT, '..', 'shared', 'eval', 'data');
const DEBATES = path.join(EVAL_DATA, 'claims-claimbuster.train.jsonl');
const own = [
  ...fs.readdirSync(path.join(ROOT, 'test', 'fixtures', 'sources')).map((f) => path.join(ROOT, 'test', 'fixtures', 'sources', f)),
  ...fs.readdirSync(path.join(ROOT, 'examples')).map((f) => path.join(ROOT, 'examples', f)),
].map((f) => fs.readFileSync(f, 'utf8'));
const texts = fs.existsSync(DEBATES)
  ? fs
      .readFileSync(DEBATES, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { text: string }).text)
  : own;
const TEXT_NAME = fs.existsSync(DEBATES) ? `the ClaimBuster debate sentences (${texts.length})` : "the project's own prose (no ../shared/eval/data)";
const next = new Map<string, string[]>();
const starts: string[] = [];
for (const text of texts) {
  for (const sentence of text.replace(/\s+/g, ' ').split(/(?<=[.!?])\s+(?=[A-Z])/)) {
    const ws = sentence.split(' ').filter(Boolean);
    if (ws.length < 4) continue;
    starts.push(ws[0]);
    for (let i = 0; i + 1 < ws.length; i++) {
      const list = next.get(ws[i]) ?? [];
      list.push(ws[i + 1]);
      next.set(ws[i], list);
    }
  }
}
function sentence(): string {
  const ws = [pick(starts)];
  while (ws.length < 40) {
    const options = next.get(ws[ws.length - 1]);
    if (!options) break;
    const w = pick(options);
    ws.push(w);
    if (/[.!?]$/.test(w) && ws.length >= 6) break;
  }
  return ws.join(' ').replace(/[^.!?]$/, '$&.');
}
const speakers = Array.from({ length: 200 }, (_, i) => `SPEAKER ${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))} NAME${i}`);

const corpus = new SourceCorpus();
const sourceTexts: Array<{ file: string; text: string }> = [];
const said: Array<{ text: string; speaker: string }> = [];
let bytes = 0;
const indexStart = process.hrtime.bigint();
for (let s = 0; s < SOURCE_COUNT; s++) {
  let text = `title: Transcript ${s}\ndate: 2026-01-01\n\n`;
  while (text.length < SOURCE_BYTES) {
    const speaker = pick(speakers);
    const turn = Array.from({ length: 1 + Math.floor(random() * 4) }, sentence).join(' ');
    text += `${speaker}: ${turn}\n\n`;
    if (said.length < 2000 && random() < 0.05) said.push({ text: turn.split(/(?<=[.!?]) /)[0], speaker });
  }
  bytes += Buffer.byteLength(text);
  corpus.add(`sources/transcript-${s}.txt`, text);
  sourceTexts.push({ file: `sources/transcript-${s}.txt`, text });
}
const indexMs = Number(process.hrtime.bigint() - indexStart) / 1e6;

// The article's quotes: a third verbatim, a third altered (a word swapped), a third from nowhere.
const quotes: QuoteInput[] = [];
for (let i = 0; i < ARTICLE_QUOTES; i++) {
  const from = pick(said.filter((x) => x.text.split(' ').length >= 6));
  const name = from.speaker.toLowerCase().replace(/(^|\s)\S/g, (c) => c.toUpperCase());
  if (i % 3 === 0) quotes.push({ text: from.text, speaker: name });
  else if (i % 3 === 1) {
    const ws = from.text.split(' ');
    ws[Math.floor(ws.length / 2)] = 'certainly';
    quotes.push({ text: ws.join(' '), speaker: name });
  } else quotes.push({ text: `${sentence()} ${sentence()}`.slice(0, 200), speaker: name });
}
const articleBytes = quotes.reduce((n, q) => n + q.text.length, 0);

// Warm up, then time whole-article runs.
for (const q of quotes) verifyQuote(corpus, q);
// Wall time and this process's CPU time (on a shared, loaded machine the wall time mostly measures
// waiting for a core; the CPU time is the work).
const times: number[] = [];
const cpu: number[] = [];
let statuses: string[] = [];
for (let r = 0; r < RUNS; r++) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  statuses = quotes.map((q) => verifyQuote(corpus, q).status);
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
}
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))];
const p50 = quantile(times, 0.5);
const p95 = quantile(times, 0.95);
const cpu50 = quantile(cpu, 0.5);
const cpu95 = quantile(cpu, 0.95);
const count = (s: string) => statuses.filter((x) => x === s).length;
console.log(
  `Quote checks: ${SOURCE_COUNT} sources (${(bytes / 1048576).toFixed(1)} MB of transcripts from a word chain over ${TEXT_NAME}) indexed in ${indexMs.toFixed(0)} ms`,
);
console.log(
  `  all ${ARTICLE_QUOTES} quotes of an article (${articleBytes} characters of quotes in a ~5 KB article), ${RUNS} runs: ` +
    `CPU p50 ${cpu50.toFixed(1)} ms, p95 ${cpu95.toFixed(1)} ms (budget ${BUDGET_MS} ms at the median: ${cpu50 <= BUDGET_MS ? 'met' : 'MISSED'}); wall p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`,
);
console.log(`  statuses: ${count('verbatim')} verbatim, ${count('altered')} altered, ${count('wrong-speaker')} wrong speaker, ${count('not-found')} not found`);
{
  // The corpus keeps its words in typed arrays, whose contents mostly live outside the JS heap.
  const memory = process.memoryUsage();
  console.log(`  heap used ${(memory.heapUsed / 1048576).toFixed(0)} MB, typed arrays outside it ${(memory.arrayBuffers / 1048576).toFixed(0)} MB`);
}

// Where the time goes: candidate search alone, per quote.
{
  const c0 = process.cpuUsage();
  for (let r = 0; r < RUNS; r++) for (const q of quotes) corpus.candidates(q.text.toLowerCase().split(/\W+/).filter(Boolean));
  const c = process.cpuUsage(c0);
  console.log(`  candidate search alone: ${((c.user + c.system) / 1000 / RUNS).toFixed(1)} ms CPU per article`);
}

// --- Through the real server: the checks on the index worker.
/** Edits timed through the server, each changing every quote of the article (so none is known yet). */
const SERVER_EDITS = 15;
const SERVER_HOVERS = 30;
const SERVER_JS = path.join(ROOT, 'dist', 'server.js');

async function serverBench(): Promise<void> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'factdesk-bench-quotes-'));
  const root = path.join(base, 'ws');
  for (const { file, text } of sourceTexts) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  // The article: each quote in a sentence naming its speaker, padded with reporting to about 5 KB.
  const article = (variant: number) => {
    const lines = ['title: Bench article', 'date: 2026-01-02', '', 'Council debates the budget', ''];
    quotes.forEach((q, i) => {
      // An edit changes every quote's last word, so the worker has not seen any of them.
      const words = q.text.replace(/[.!?]$/, '').split(' ');
      if (variant) words.push(`again${variant}`);
      lines.push(`"${words.join(' ')}," ${q.speaker} said on Tuesday. ${sentence()} ${sentence()}`, '');
      if (i === 0) lines.push(`${sentence()} ${sentence()} ${sentence()}`, '');
    });
    return lines.join('\n');
  };
  fs.mkdirSync(path.join(root, 'desk'));
  fs.writeFileSync(path.join(root, 'desk', 'article.txt'), article(0));
  const child = spawn(process.execPath, [...SERVER_EXEC_ARGV, SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) =>
    params.items.map((item) => (item.section === 'factdesk' ? { debounceMs: 0 } : null)),
  );
  connection.onRequest('client/registerCapability', () => null);
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  connection.onNotification('factdesk/indexStatus', (s: { state: string }) => s.state === 'ready' && onReady());
  const waiting: Array<{ method: string; uri: string; resolve: (at: number) => void }> = [];
  const arrived = (method: string) => (p: { uri: string }) => {
    const i = waiting.findIndex((w) => w.method === method && w.uri === p.uri);
    if (i >= 0) waiting.splice(i, 1)[0].resolve(performance.now());
  };
  connection.onNotification('factdesk/findings', arrived('findings'));
  connection.onNotification('textDocument/publishDiagnostics', arrived('diagnostics'));
  const next = (method: string, uri: string) => new Promise<number>((resolve) => waiting.push({ method, uri, resolve }));
  connection.listen();
  const started = performance.now();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: [{ uri: pathToFileURL(root).toString(), name: 'ws' }],
    initializationOptions: { storagePath: path.join(base, 'storage') },
    capabilities: { workspace: { configuration: true }, textDocument: { hover: { contentFormat: ['markdown'] } } },
  });
  await connection.sendNotification('initialized', {});
  await ready;
  // Warm: the worker has indexed the sources and checked the article's quotes for the Desk.
  for (;;) {
    const desk = (await connection.sendRequest('factdesk/desk', {})) as { articles: Array<{ counts: { altered?: number } }> };
    if (desk.articles[0]?.counts.altered !== undefined) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const warmMs = performance.now() - started;
  const uri = pathToFileURL(path.join(root, 'desk', 'article.txt')).toString();
  let text = article(0);
  const opened = Promise.all([next('findings', uri), next('diagnostics', uri)]);
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text } });
  await opened;
  const roundTrip: number[] = [];
  const editToDiagnostics: number[] = [];
  for (let v = 1; v <= SERVER_EDITS; v++) {
    text = article(v);
    const t0 = performance.now();
    const both = Promise.all([next('findings', uri), next('diagnostics', uri)]);
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v + 1 }, contentChanges: [{ text }] });
    const [findingsAt, diagnosticsAt] = await both;
    // After the analysis, the diagnostics wait only for the worker's check of the article's quotes.
    roundTrip.push(diagnosticsAt - findingsAt);
    editToDiagnostics.push(diagnosticsAt - t0);
  }
  const hoverMs: number[] = [];
  const at = text.indexOf('"') + 3;
  const before = text.slice(0, at);
  const position = { line: before.split('\n').length - 1, character: at - (before.lastIndexOf('\n') + 1) };
  for (let i = 0; i < SERVER_HOVERS; i++) {
    const t0 = performance.now();
    const hover = (await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position })) as { contents: { value: string } } | null;
    hoverMs.push(performance.now() - t0);
    if (!hover?.contents.value.includes('Source check')) throw new Error('the quote hover has no source check');
  }
  // Peak resident memory of the server process (both threads), the sources' texts held by the worker.
  const peakMB = Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
  await connection.sendRequest('shutdown').catch(() => undefined);
  await connection.sendNotification('exit').catch(() => undefined);
  connection.dispose();
  if (child.exitCode === null) child.kill();
  fs.rmSync(base, { recursive: true, force: true });
  const f = (n: number) => n.toFixed(1);
  console.log(
    `Through the server (quote checks on the index worker; ${SOURCE_COUNT} sources indexed and the article checked ${f(warmMs / 1000)} s after start):`,
  );
  console.log(
    `  an edit changing all ${ARTICLE_QUOTES} quotes: analysis to quote diagnostics (the worker's check of the article, JSON-RPC included) p50 ${f(quantile(roundTrip, 0.5))} ms, p95 ${f(quantile(roundTrip, 0.95))} ms (budget ${BUDGET_MS} ms); edit to diagnostics p50 ${f(quantile(editToDiagnostics, 0.5))} ms`,
  );
  console.log(`  hover on a quote (source check and drift from the worker): p50 ${f(quantile(hoverMs, 0.5))} ms, p95 ${f(quantile(hoverMs, 0.95))} ms`);
  console.log(`  peak memory of the server process: ${f(peakMB)} MB`);
  console.log(
    `  load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${os.cpus().length} cores`,
  );
}

if (!process.argv.includes('--no-server')) {
  if (!fs.existsSync(SERVER_JS)) {
    console.error('dist/server.js is missing: run `node esbuild.mjs` first (npm run bench:index builds it)');
    process.exitCode = 2;
  } else
    serverBench().catch((error: unknown) => {
      console.error(`the server part failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exitCode = 1;
    });
}
