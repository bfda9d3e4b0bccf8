// Long fuzzing runs of the engine and the editor's answers (see test/core/fuzz/ and README "Fuzzing").
//
//   npm run fuzz -- --seconds 600 --seed 1            # run for 10 minutes from seed 1
//   npm run fuzz -- --property incremental --size large --seed 12 --path 3:1:0   # replay a failure
//
// Runs the properties in chunks of --chunk inputs, chunk i with seed S+i, until the time is up; prints
// the inputs tried, the rate and every distinct failure (by message and place in src/) with its shrunk
// counterexample and the command that replays it. Exit code 1 when anything failed.
import fc from 'fast-check';
import { LARGE, SMALL, TINY, type ArticleSize } from '../test/core/fuzz/articles';
import { articleProperty, fuzzStats, type Guard, incrementalProperty, realTextProperty } from '../test/core/fuzz/properties';
import { EVAL_DATA_DIR, loadRealTexts } from '../test/core/fuzz/realText';

const PROPERTY_NAMES = ['articles', 'real', 'incremental'] as const;
type PropertyName = (typeof PROPERTY_NAMES)[number];
/** Share of the chunks each property gets in a mixed run. */
const MIX: Record<PropertyName, number> = { articles: 6, real: 3, incremental: 1 };
/** Edits per sequence and mutations per real text, at most. */
const MAX_EDIT_STEPS = 6;
const MAX_MUTATIONS = 6;
const SIZES = { tiny: TINY, small: SMALL, large: LARGE } satisfies Record<string, ArticleSize>;
type SizeName = keyof typeof SIZES;
/** A mixed run's sizes, chunk by chunk: mostly a few sentences (fast, so many), sometimes whole articles. */
const MIXED_SIZES: SizeName[] = ['tiny', 'tiny', 'tiny', 'small', 'tiny', 'tiny', 'tiny', 'large'];
const DEFAULT_SECONDS = 60;
const DEFAULT_CHUNK = 200;
/** Seconds between progress lines. */
const PROGRESS_EVERY_S = 30;

interface Args {
  seconds: number;
  seed: number;
  chunk: number;
  properties: PropertyName[];
  size: SizeName | 'mixed';
  path?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { seconds: DEFAULT_SECONDS, seed: Date.now() % 2147483647, chunk: DEFAULT_CHUNK, properties: [...PROPERTY_NAMES], size: 'mixed' };
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
      case '--path':
        args.path = need();
        break;
      case '--size': {
        const s = need();
        if (s !== 'mixed' && !(s in SIZES)) throw new Error(`--size ${Object.keys(SIZES).join('|')}|mixed, not ${s}`);
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
        console.log('npm run fuzz -- [--seconds N] [--seed S] [--property articles,real,incremental] [--size tiny|small|large|mixed] [--chunk N] [--path P]');
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${flag} (try --help)`);
    }
  }
  if (!(args.seconds > 0) || !(args.chunk > 0)) throw new Error('--seconds and --chunk must be positive');
  return args;
}

function propertyFor(name: PropertyName, size: ArticleSize, texts: string[] | undefined, guard?: Guard): fc.IProperty<unknown[]> {
  switch (name) {
    case 'articles':
      return articleProperty(size, guard) as fc.IProperty<unknown[]>;
    case 'incremental':
      return incrementalProperty(size, MAX_EDIT_STEPS, guard) as fc.IProperty<unknown[]>;
    case 'real':
      return realTextProperty(texts!, MAX_MUTATIONS, guard) as fc.IProperty<unknown[]>;
  }
}

/** A guard that fails only on errors of one signature, so shrinking keeps to that failure. */
function only(sig: string): Guard {
  return (check) => {
    try {
      check();
    } catch (error) {
      if (signature(error) === sig) throw error;
    }
  };
}

/** A failure's identity: its message's first line and the first place in src/ of its stack. */
function signature(error: unknown): string {
  const e = error instanceof Error ? error : new Error(String(error));
  const where =
    (e.stack ?? '')
      .split('\n')
      .find((l) => l.includes('/src/'))
      ?.trim()
      .replace(/^at /, '') ?? '';
  const message = e.message.split('\n')[0].replace(/\d+/g, 'N');
  return `${message} @ ${where.replace(/:\d+\)?$/, '').replace(/^.*\/src\//, 'src/')}`;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const texts = loadRealTexts();
  let properties = args.properties;
  if (!texts && properties.includes('real')) {
    console.log(`fuzz: ${EVAL_DATA_DIR} is absent: the real-text property is skipped`);
    properties = properties.filter((p) => p !== 'real');
    if (!properties.length) process.exit(2);
  }
  const sizeOf = (i: number): { size: ArticleSize; name: SizeName } => {
    const name = args.size === 'mixed' ? MIXED_SIZES[i % MIXED_SIZES.length] : args.size;
    return { size: SIZES[name], name };
  };

  if (args.path !== undefined) {
    // Replay one failure: the property and size named, the seed and path printed with it.
    const name = properties[0];
    const size = SIZES[args.size === 'mixed' ? 'small' : args.size];
    const details = fc.check(propertyFor(name, size, texts), { seed: args.seed, path: args.path, numRuns: 1 });
    console.log(fc.defaultReportMessage(details) ?? `${name}: passes (seed ${args.seed}, path ${args.path})`);
    process.exit(details.failed ? 1 : 0);
  }

  const schedule: PropertyName[] = properties.flatMap((p) => Array(MIX[p]).fill(p));
  const failures = new Map<string, { count: number; report: string }>();
  const inputs: Record<string, number> = {};
  const started = Date.now();
  const deadline = started + args.seconds * 1000;
  let total = 0;
  let lastProgress = started;
  console.log(`fuzz: seed ${args.seed}, ${args.seconds} s, properties ${properties.join(', ')}, size ${args.size}, ${args.chunk} inputs a chunk`);
  for (let chunk = 0; Date.now() < deadline; chunk++) {
    const name = schedule[chunk % schedule.length];
    const { size, name: sizeName } = sizeOf(chunk);
    const seed = (args.seed + chunk) | 0;
    const property = propertyFor(name, size, texts);
    // No shrinking while looking: a failure already seen is only counted.
    const details = fc.check(property, { seed, numRuns: args.chunk, endOnFailure: true });
    total += details.numRuns;
    inputs[name] = (inputs[name] ?? 0) + details.numRuns;
    if (details.failed) {
      const sig = signature(details.errorInstance);
      const known = failures.get(sig);
      if (known) known.count++;
      else {
        const shrunk = fc.check(propertyFor(name, size, texts, only(sig)), { seed, path: details.counterexamplePath ?? undefined, numRuns: 1 });
        const replay = `npm run fuzz -- --property ${name} --size ${sizeName} --seed ${seed} --path ${shrunk.counterexamplePath}`;
        const report = [
          `FAILURE ${failures.size + 1}: ${sig}`,
          `  property ${name} (${sizeName}), seed ${seed}, path ${shrunk.counterexamplePath}`,
          `  counterexample: ${JSON.stringify(shrunk.counterexample)}`,
          `  error: ${String(shrunk.errorInstance ?? details.errorInstance)
            .split('\n')
            .slice(0, 3)
            .join(' | ')}`,
          `  replay: ${replay}`,
        ].join('\n');
        failures.set(sig, { count: 1, report });
        console.log(report);
      }
    }
    const now = Date.now();
    if (now - lastProgress >= PROGRESS_EVERY_S * 1000) {
      lastProgress = now;
      console.log(`fuzz: ${total} inputs, ${(total / ((now - started) / 1000)).toFixed(1)} inputs/s, ${failures.size} distinct failures`);
    }
  }
  const seconds = (Date.now() - started) / 1000;
  console.log('');
  console.log(
    `inputs tried: ${total} (${Object.entries(inputs)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}); texts analyzed: ${fuzzStats.analyses}`,
  );
  console.log(`time: ${seconds.toFixed(1)} s; rate: ${(total / seconds).toFixed(1)} inputs/s`);
  console.log(`failures: ${failures.size} distinct${failures.size ? ` (${[...failures.values()].reduce((n, f) => n + f.count, 0)} failing inputs)` : ''}`);
  for (const f of failures.values()) console.log(`${f.report}\n  seen ${f.count} time(s)`);
  process.exit(failures.size ? 1 : 0);
}

main();
