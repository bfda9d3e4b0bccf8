// The options of `npm run fuzz` (scripts/fuzz.ts), shared with the workers it starts (scripts/fuzz-worker.ts).

export const PROPERTY_NAMES = ['articles', 'real', 'incremental'] as const;
export type PropertyName = (typeof PROPERTY_NAMES)[number];
export const SIZE_NAMES = ['tiny', 'small', 'large'] as const;
export type SizeName = (typeof SIZE_NAMES)[number];
const DEFAULT_SECONDS = 60;
const DEFAULT_CHUNK = 200;
/** Worker processes at most: each holds a few hundred MB and the machine's cores are shared. */
export const MAX_WORKERS = 16;

export interface FuzzArgs {
  seconds: number;
  seed: number;
  /** Inputs per chunk (one fast-check run with its own seed). */
  chunk: number;
  /** Stop after this many chunks even if time is left (a fixed workload, for measuring the rate). */
  chunks: number;
  /** Worker processes, each with its own seeds (see workerSeed). */
  workers: number;
  properties: PropertyName[];
  size: SizeName | 'mixed';
  path?: string;
}

export const USAGE =
  'npm run fuzz -- [--seconds N] [--seed S] [--workers N] [--property articles,real,incremental] [--size tiny|small|large|mixed] [--chunk N] [--chunks N] [--path P]';

export function parseArgs(argv: string[]): FuzzArgs {
  const args: FuzzArgs = {
    seconds: DEFAULT_SECONDS,
    seed: Date.now() % 2147483647,
    chunk: DEFAULT_CHUNK,
    chunks: Infinity,
    workers: 1,
    properties: [...PROPERTY_NAMES],
    size: 'mixed',
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const need = (): string => {
      if (value === undefined) throw new Error(`${flag} needs a value`);
      i++;
      return value;
    };
    switch (flag) {
      case '--seconds':
        args.seconds = Number(need());
        break;
      case '--seed':
        args.seed = Number(need()) | 0;
        break;
      case '--chunk':
        args.chunk = Number(need());
        break;
      case '--chunks':
        args.chunks = Number(need());
        break;
      case '--workers':
        args.workers = Number(need());
        break;
      case '--path':
        args.path = need();
        break;
      case '--size': {
        const s = need();
        if (s !== 'mixed' && !(SIZE_NAMES as readonly string[]).includes(s)) throw new Error(`--size ${SIZE_NAMES.join('|')}|mixed, not ${s}`);
        args.size = s as SizeName | 'mixed';
        break;
      }
      case '--property': {
        const names = need().split(',');
        for (const n of names) if (!(PROPERTY_NAMES as readonly string[]).includes(n)) throw new Error(`--property ${PROPERTY_NAMES.join('|')}, not ${n}`);
        args.properties = names as PropertyName[];
        break;
      }
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${flag} (try --help)`);
    }
  }
  if (!(args.seconds > 0) || !(args.chunk > 0) || !(args.chunks > 0)) throw new Error('--seconds, --chunk and --chunks must be positive');
  if (!Number.isInteger(args.workers) || args.workers < 1 || args.workers > MAX_WORKERS)
    throw new Error(`--workers must be an integer from 1 to ${MAX_WORKERS}`);
  return args;
}

/**
 * Seeds of worker k are the run's seed plus k times this: chunk i of worker k uses seed S + k·stride + i,
 * so workers never repeat each other's chunks (a worker would need a million chunks to reach the next
 * one's seeds), and worker 0 tries exactly what a one-process run of the same seed tries.
 */
export const WORKER_SEED_STRIDE = 1_000_000;

export function workerSeed(seed: number, worker: number): number {
  return (seed + worker * WORKER_SEED_STRIDE) | 0;
}

/** The arguments that make a worker run like `args`, with its own seed. */
export function workerArgv(args: FuzzArgs, seed: number): string[] {
  const argv = [
    '--seconds',
    String(args.seconds),
    '--seed',
    String(seed),
    '--chunk',
    String(args.chunk),
    '--property',
    args.properties.join(','),
    '--size',
    args.size,
  ];
  if (Number.isFinite(args.chunks)) argv.push('--chunks', String(args.chunks));
  if (args.path !== undefined) argv.push('--path', args.path);
  return argv;
}

/** Lines a worker writes for its launcher, not for the reader: the chunk it starts, and its result at the end. */
export const CHUNK_LINE = '@@fuzz-chunk ';
export const RESULT_LINE = '@@fuzz-result ';

export interface ChunkStart {
  seed: number;
  property: PropertyName;
  size: SizeName;
  /** Inputs finished before this chunk. */
  done: number;
}

export interface WorkerFailure {
  signature: string;
  count: number;
  report: string;
}

export interface WorkerResult {
  seed: number;
  inputs: Partial<Record<PropertyName, number>>;
  total: number;
  analyses: number;
  chunks: number;
  seconds: number;
  failures: WorkerFailure[];
}
