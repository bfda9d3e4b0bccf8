// Long fuzzing runs of the engine and the editor's answers (see test/core/fuzz/ and README "Fuzzing").
//
//   npm run fuzz -- --seconds 600 --seed 1                # run for 10 minutes from seed 1
//   npm run fuzz -- --seconds 600 --seed 1 --workers 2    # two processes, seeds 1+i and 1000001+i
//   npm run fuzz -- --property incremental --size large --seed 12 --path 3:1:0   # replay a failure
//
// Bundles scripts/fuzz-worker.ts with esbuild as the shipped bundles are built (esbuild.mjs) and runs
// it in --workers child processes under plain node, each with its own seeds (fuzz-args.ts workerSeed).
// Why a bundle: under tsx every regex literal with \p{…} becomes a `new RegExp(…)` built on each
// call, and every function gets a `__name` call when it is created, which made the engine about 1.4
// times slower than the code that ships (CPU time of the same inputs). The launcher sums the
// workers' inputs and failures, prints progress, and reports a worker that dies (out of memory, say)
// or overruns its time (a hang) with the chunk it was on. Exit code 1 when anything failed.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import * as esbuild from 'esbuild';
import { EVAL_DATA_DIR } from '../test/core/fuzz/realText';
import {
  CHUNK_LINE,
  parseArgs,
  RESULT_LINE,
  workerArgv,
  workerSeed,
  type ChunkStart,
  type FuzzArgs,
  type PropertyName,
  type WorkerFailure,
  type WorkerResult,
} from './fuzz-args';

const ROOT = path.resolve(__dirname, '..');
/** Seconds between progress lines. */
const PROGRESS_EVERY_S = 30;
/**
 * A worker still running this long after its time is up is taken to hang and is killed: one chunk
 * of large incremental inputs takes minutes on a loaded machine, an endless loop never ends.
 */
const HANG_GRACE_S = 900;
/**
 * Weight files the engine reads beside its bundle (as esbuild.mjs copies them to dist/models): the list
 * of scripts/lib/shipped-models.mjs, repeated here because this CommonJS script cannot load an ES module.
 */
const SHIPPED_MODELS = ['claims', 'entities', 'speakers'];

/** The worker bundle in a fresh temporary folder, with the models it reads beside it. */
async function bundleWorker(): Promise<{ dir: string; file: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'factdesk-fuzz-'));
  await esbuild.build({
    entryPoints: { 'fuzz-worker': path.join(ROOT, 'scripts/fuzz-worker.ts') },
    bundle: true,
    platform: 'node',
    target: 'node20',
    // As in esbuild.mjs: keep \p{…} regex literals literal (Node 20 has them).
    supported: { 'regexp-unicode-property-escapes': true },
    format: 'cjs',
    outdir: dir,
    // Stack traces name the lines of src/ (failure signatures and reports need them).
    sourcemap: true,
    logLevel: 'warning',
  });
  fs.mkdirSync(path.join(dir, 'models'));
  for (const name of SHIPPED_MODELS) fs.copyFileSync(path.join(ROOT, 'src/core/models', `${name}.json`), path.join(dir, 'models', `${name}.json`));
  return { dir, file: path.join(dir, 'fuzz-worker.js') };
}

interface Worker {
  index: number;
  seed: number;
  child: ChildProcess;
  current?: ChunkStart;
  result?: WorkerResult;
  /** Why it ended without a result, if it did. */
  death?: string;
  /** Stopped on purpose (the launcher got SIGINT or SIGTERM): its finished chunks count, nothing failed. */
  stopped?: boolean;
  /** The first line of each failure it printed (the result repeats them; a stopped worker sends none). */
  printed: string[];
  /** Inputs of its finished chunks by property, from the chunk lines (what counts if it is stopped). */
  finished: Partial<Record<PropertyName, number>>;
}

function startWorker(bundle: string, args: FuzzArgs, index: number, prefix: boolean): Worker {
  const seed = args.path === undefined ? workerSeed(args.seed, index) : args.seed;
  const child = spawn(process.execPath, ['--enable-source-maps', bundle, ...workerArgv(args, seed)], {
    cwd: ROOT,
    // The bundle does not sit in test/core/fuzz: tell it where the eval data is.
    env: { ...process.env, FACTDESK_EVAL_DATA: EVAL_DATA_DIR },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const worker: Worker = { index, seed, child, printed: [], finished: {} };
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.startsWith(CHUNK_LINE)) {
      const next = JSON.parse(line.slice(CHUNK_LINE.length)) as ChunkStart;
      const last = worker.current;
      if (last) worker.finished[last.property] = (worker.finished[last.property] ?? 0) + next.done - last.done;
      worker.current = next;
    } else if (line.startsWith(RESULT_LINE)) worker.result = JSON.parse(line.slice(RESULT_LINE.length)) as WorkerResult;
    else {
      if (line.startsWith('FAILURE: ')) worker.printed.push(line.slice('FAILURE: '.length));
      console.log(prefix ? `[worker ${index}] ${line}` : line);
    }
  });
  return worker;
}

function whereItWas(w: Worker, chunk: number): string {
  const c = w.current;
  if (!c) return 'before its first chunk';
  return `on chunk seed ${c.seed} (${c.property}, ${c.size}; replay the chunk: npm run fuzz -- --property ${c.property} --size ${c.size} --seed ${c.seed} --chunk ${chunk} --chunks 1)`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const { dir, file } = await bundleWorker();
  const removeBundle = () => fs.rmSync(dir, { recursive: true, force: true });
  process.on('exit', removeBundle);

  if (args.path !== undefined) {
    const replay = startWorker(file, args, 0, false);
    const code = await new Promise<number>((resolve) => replay.child.on('close', (c) => resolve(c ?? 1)));
    process.exit(code);
  }

  const started = Date.now();
  const seeds = Array.from({ length: args.workers }, (_, k) => workerSeed(args.seed, k));
  console.log(
    `fuzz: seed ${args.seed}${args.workers > 1 ? ` (workers' seeds ${seeds.join(', ')})` : ''}, ${args.seconds} s, properties ${args.properties.join(', ')}, size ${args.size}, ${args.chunk} inputs a chunk, ${args.workers} worker(s)`,
  );
  const workers = seeds.map((_, k) => startWorker(file, args, k, args.workers > 1));
  const done = () => workers.reduce((n, w) => n + (w.result?.total ?? w.current?.done ?? 0), 0);
  const progress = setInterval(() => {
    const s = (Date.now() - started) / 1000;
    console.log(`fuzz: ${done()} inputs in finished chunks, ${(done() / s).toFixed(1)} inputs/s, ${s.toFixed(0)} s`);
  }, PROGRESS_EVERY_S * 1000);
  // Stopping a run (Ctrl-C, kill): the workers stop at once, the summary counts their finished chunks.
  const stop = (signal: NodeJS.Signals) => {
    console.log(`fuzz: ${signal}: stopping the workers; chunks they had not finished are not counted`);
    for (const w of workers)
      if (w.child.exitCode === null && w.child.signalCode === null) {
        w.stopped = true;
        w.child.kill('SIGKILL');
      }
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const watchdog = setTimeout(
    () => {
      for (const w of workers)
        if (w.child.exitCode === null && w.child.signalCode === null) {
          w.death = `still running ${HANG_GRACE_S} s after its time was up (a hang?), killed ${whereItWas(w, args.chunk)}`;
          w.child.kill('SIGKILL');
        }
    },
    (args.seconds + HANG_GRACE_S) * 1000,
  );
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve) =>
          w.child.on('close', (code, signal) => {
            if (!w.result && !w.death && !w.stopped) w.death = `died (exit code ${code}, signal ${signal}) ${whereItWas(w, args.chunk)}`;
            resolve();
          }),
        ),
    ),
  );
  clearInterval(progress);
  clearTimeout(watchdog);

  const seconds = (Date.now() - started) / 1000;
  const inputs: Partial<Record<PropertyName, number>> = {};
  const failures = new Map<string, WorkerFailure>();
  let total = 0;
  let analyses = 0;
  for (const w of workers) {
    if (!w.result) {
      // Chunks it finished still count; the one it died on is a failure (unless it was stopped).
      total += w.current?.done ?? 0;
      for (const [k, v] of Object.entries(w.finished)) inputs[k as PropertyName] = (inputs[k as PropertyName] ?? 0) + v;
      for (const sig of w.printed)
        if (!failures.has(sig)) failures.set(sig, { signature: sig, count: 1, report: `FAILURE: ${sig}\n  (worker ${w.index}: see its report above)` });
      continue;
    }
    total += w.result.total;
    analyses += w.result.analyses;
    for (const [k, v] of Object.entries(w.result.inputs)) inputs[k as PropertyName] = (inputs[k as PropertyName] ?? 0) + v;
    for (const f of w.result.failures) {
      const known = failures.get(f.signature);
      if (known) known.count += f.count;
      else failures.set(f.signature, { ...f });
    }
  }
  const deaths = workers.filter((w) => w.death);
  console.log('');
  console.log(
    `inputs tried: ${total} (${Object.entries(inputs)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}${workers.some((w) => !w.result) ? '; of workers stopped or dead, their finished chunks' : ''}); texts analyzed: ${analyses}`,
  );
  console.log(`time: ${seconds.toFixed(1)} s; rate: ${(total / seconds).toFixed(1)} inputs/s with ${args.workers} worker(s)`);
  if (args.workers > 1)
    for (const w of workers)
      console.log(
        `  worker ${w.index}: seed ${w.seed}, ${w.result ? `${w.result.total} inputs, ${w.result.chunks} chunks, ${w.result.failures.length} distinct failures` : (w.death ?? `stopped after ${w.current?.done ?? 0} inputs ${whereItWas(w, args.chunk)}`)}`,
      );
  const failing = failures.size + deaths.length;
  console.log(`failures: ${failing} distinct${failures.size ? ` (${[...failures.values()].reduce((n, f) => n + f.count, 0)} failing inputs)` : ''}`);
  for (const f of failures.values()) console.log(`${f.report}\n  seen ${f.count} time(s)`);
  for (const w of deaths) console.log(`FAILURE: worker ${w.index} (seed ${w.seed}) ${w.death}`);
  process.exit(failing ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
