// One fuzzing process, started by scripts/fuzz.ts (`npm run fuzz`) from a bundle of this file (see there
// why a bundle). Runs the properties in chunks of --chunk inputs, chunk i with seed S+i, until the time
// is up or --chunks are done; prints every distinct failure (by message and place in src/) once, with its
// shrunk counterexample and the command that replays it. Tells its launcher which chunk it starts (so a
// crash or a hang can be traced to a chunk seed) and, at the end, its result as one JSON line.
import fc from 'fast-check';
import { LARGE, SMALL, TINY, type ArticleSize } from '../test/core/fuzz/articles';
import { articleProperty, fuzzStats, type Guard, incrementalProperty, realTextProperty } from '../test/core/fuzz/properties';
import { EVAL_DATA_DIR, loadRealTexts } from '../test/core/fuzz/realText';
import { CHUNK_LINE, parseArgs, RESULT_LINE, type ChunkStart, type PropertyName, type SizeName, type WorkerFailure, type WorkerResult } from './fuzz-args';

/** Share of the chunks each property gets in a mixed run. */
const MIX: Record<PropertyName, number> = { articles: 6, real: 3, incremental: 1 };
/** Edits per sequence and mutations per real text, at most. */
const MAX_EDIT_STEPS = 6;
const MAX_MUTATIONS = 6;
const SIZES = { tiny: TINY, small: SMALL, large: LARGE } satisfies Record<SizeName, ArticleSize>;
/** A mixed run's sizes, chunk by chunk: mostly a few sentences (fast, so many), sometimes whole articles. */
const MIXED_SIZES: SizeName[] = ['tiny', 'tiny', 'tiny', 'small', 'tiny', 'tiny', 'tiny', 'large'];

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

  if (args.path !== undefined) {
    // Replay one failure: the property and size named, the seed and path printed with it.
    const name = properties[0];
    const size = SIZES[args.size === 'mixed' ? 'small' : args.size];
    const details = fc.check(propertyFor(name, size, texts), { seed: args.seed, path: args.path, numRuns: 1 });
    console.log(fc.defaultReportMessage(details) ?? `${name}: passes (seed ${args.seed}, path ${args.path})`);
    process.exit(details.failed ? 1 : 0);
  }

  const schedule: PropertyName[] = properties.flatMap((p) => Array(MIX[p]).fill(p));
  const failures = new Map<string, WorkerFailure>();
  const inputs: Partial<Record<PropertyName, number>> = {};
  const started = Date.now();
  const deadline = started + args.seconds * 1000;
  let total = 0;
  let chunk = 0;
  for (; chunk < args.chunks && Date.now() < deadline; chunk++) {
    const name = schedule[chunk % schedule.length];
    const sizeName = args.size === 'mixed' ? MIXED_SIZES[chunk % MIXED_SIZES.length] : args.size;
    const size = SIZES[sizeName];
    const seed = (args.seed + chunk) | 0;
    const start: ChunkStart = { seed, property: name, size: sizeName, done: total };
    console.log(CHUNK_LINE + JSON.stringify(start));
    const property = propertyFor(name, size, texts);
    // No shrinking while looking: a failure already seen is only counted.
    const details = fc.check(property, { seed, numRuns: args.chunk, endOnFailure: true });
    total += details.numRuns;
    inputs[name] = (inputs[name] ?? 0) + details.numRuns;
    if (!details.failed) continue;
    const sig = signature(details.errorInstance);
    const known = failures.get(sig);
    if (known) {
      known.count++;
      continue;
    }
    const shrunk = fc.check(propertyFor(name, size, texts, only(sig)), { seed, path: details.counterexamplePath ?? undefined, numRuns: 1 });
    const replay = `npm run fuzz -- --property ${name} --size ${sizeName} --seed ${seed} --path ${shrunk.counterexamplePath}`;
    const report = [
      `FAILURE: ${sig}`,
      `  property ${name} (${sizeName}), seed ${seed}, path ${shrunk.counterexamplePath}`,
      `  counterexample: ${JSON.stringify(shrunk.counterexample)}`,
      `  error: ${String(shrunk.errorInstance ?? details.errorInstance)
        .split('\n')
        .slice(0, 3)
        .join(' | ')}`,
      `  replay: ${replay}`,
    ].join('\n');
    failures.set(sig, { signature: sig, count: 1, report });
    console.log(report);
  }
  const result: WorkerResult = {
    seed: args.seed,
    inputs,
    total,
    analyses: fuzzStats.analyses,
    chunks: chunk,
    seconds: (Date.now() - started) / 1000,
    failures: [...failures.values()],
  };
  console.log(RESULT_LINE + JSON.stringify(result));
}

main();
