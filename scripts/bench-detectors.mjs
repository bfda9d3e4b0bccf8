// `npm run bench:detectors`: where the engine's time goes, detector by detector, on the 1 MB bench
// article, and whether a change left the engine's whole output as it was.
//
//   node scripts/bench-detectors.mjs [--rounds=N] [--digest] [--news] [bundle.js ...]
//
// --news times real news instead of the generated article: PolNeAR training articles from
// ../shared/eval (FACTDESK_EVAL_DIR elsewhere), joined as paragraphs up to the same size, read at run
// time and never copied into the project. The generated article repeats its templates, which per-word
// and per-phrase memos profit from more than real text does; this tells whether a gain holds on news.
//
// Each bundle is a built dist/core.js (default: this tree's). With two or more (e.g. a copy of the
// dist/ of the commit before a change, models/ beside it, and the new one), runs alternate between
// them in one process, so both see the same machine load: compare their medians in the same run.
// --digest prints a SHA-256 of the full analysis (every field the hovers and the server read, not
// only what `analyze --jsonl` writes) of three generated articles and the bundled examples, per
// bundle; a speed change must leave it unchanged (scripts/output-digest.mjs checks the CLI's output
// on the labelled data).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateArticle } from './lib/generate-article.mjs';
import { EVAL_DIR } from './lib/learn.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Timed analyses per bundle; the first WARMUP_ROUNDS are left out of the figures (JIT warm-up). */
const DEFAULT_ROUNDS = 12;
const WARMUP_ROUNDS = 3;
const ARTICLE_BYTES = 1e6;
/** The seeds of the articles the digest covers; 42 is the one `npm run bench` times. */
const DIGEST_SEEDS = [42, 7, 1234];

const args = process.argv.slice(2);
const rounds = Number(args.find((a) => a.startsWith('--rounds='))?.slice('--rounds='.length) ?? DEFAULT_ROUNDS);
const wantDigest = args.includes('--digest');
const wantNews = args.includes('--news');
const bundlePaths = args.filter((a) => !a.startsWith('--'));
if (!bundlePaths.length) bundlePaths.push(path.join(ROOT, 'dist', 'core.js'));

const bundles = [];
for (const file of bundlePaths) {
  const resolved = path.resolve(file);
  if (!fs.existsSync(resolved)) {
    console.error(`${resolved} is missing: run \`node esbuild.mjs\` first`);
    process.exit(2);
  }
  const core = await import(pathToFileURL(resolved).href);
  bundles.push({ name: path.relative(process.cwd(), resolved), engine: core.default ?? core });
}

if (wantDigest) {
  const texts = DIGEST_SEEDS.map((seed) => generateArticle(ARTICLE_BYTES, seed));
  const examples = fs.readdirSync(path.join(ROOT, 'examples')).sort();
  for (const name of examples) texts.push(fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8'));
  for (const { name, engine } of bundles) {
    const hash = createHash('sha256');
    for (const text of texts) hash.update(JSON.stringify(engine.analyze(text)));
    console.log(`${hash.digest('hex').slice(0, 16)}  full analysis of ${DIGEST_SEEDS.length} articles and ${examples.length} examples  ${name}`);
  }
}

const text = wantNews ? newsText(ARTICLE_BYTES) : generateArticle(ARTICLE_BYTES);
const what = wantNews ? `${ARTICLE_BYTES / 1e6} MB of PolNeAR news articles` : `the ${ARTICLE_BYTES / 1e6} MB bench article`;
/** Per bundle, per detector: one total per timed round, in ms. */
const times = bundles.map(() => new Map());
for (let round = 0; round < rounds + WARMUP_ROUNDS; round++) {
  bundles.forEach(({ engine }, b) => {
    const spent = { total: 0 };
    const timed = {};
    for (const [name, detector] of Object.entries(engine.DETECTORS)) {
      timed[name] = (...detectorArgs) => {
        const t0 = performance.now();
        try {
          return detector(...detectorArgs);
        } finally {
          spent[name] = (spent[name] ?? 0) + performance.now() - t0;
        }
      };
    }
    const t0 = performance.now();
    engine.analyze(text, {}, timed);
    spent.total = performance.now() - t0;
    if (round < WARMUP_ROUNDS) return;
    for (const [name, ms] of Object.entries(spent)) {
      if (!times[b].has(name)) times[b].set(name, []);
      times[b].get(name).push(ms);
    }
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const names = [...times[0].keys()];
console.log(`median ms per analysis of ${what}, ${rounds} rounds alternating between bundles`);
console.log(['detector', ...bundles.map((b, i) => `bundle ${i + 1}`), ...(bundles.length > 1 ? ['last / first'] : [])].map((h) => h.padStart(14)).join(''));
for (const name of names) {
  const medians = times.map((t) => median(t.get(name) ?? [0]));
  const cells = [name, ...medians.map((m) => m.toFixed(1))];
  if (bundles.length > 1) cells.push((medians[medians.length - 1] / medians[0]).toFixed(2));
  console.log(cells.map((c) => String(c).padStart(14)).join(''));
}
bundles.forEach(({ name }, i) => {
  const total = median(times[i].get('total'));
  console.log(`bundle ${i + 1}: ${name}: ${(Buffer.byteLength(text) / 1e6 / (total / 1000)).toFixed(2)} MB/s (median)`);
});

/** Real news articles, in file order, joined by blank lines until `bytes` is reached. */
function newsText(bytes) {
  const file = path.join(EVAL_DIR, 'train', 'quotes-polnear.train.jsonl');
  if (!fs.existsSync(file)) {
    console.error(`${file} is missing: --news needs the shared eval data (FACTDESK_EVAL_DIR)`);
    process.exit(2);
  }
  const parts = [];
  let size = 0;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (size >= bytes) break;
    if (!line.trim()) continue;
    const { text } = JSON.parse(line);
    parts.push(text);
    size += Buffer.byteLength(text) + 2;
  }
  return parts.join('\n\n');
}
