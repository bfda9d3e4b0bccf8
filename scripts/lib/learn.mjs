// What the training and cross-validation scripts share: the engine bundled with chosen model files,
// reading the labelled data, seeded folds, logistic regression over sparse features, F1, and packing
// weights into the compact form src/core/linear-model.ts reads.
import { build } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { SHIPPED_MODELS } from './shipped-models.mjs';

export const ROOT = path.resolve(import.meta.dirname, '../..');
/** ../shared/eval beside the repository; FACTDESK_EVAL_DIR for a checkout elsewhere (a git worktree). */
export const EVAL_DIR = process.env.FACTDESK_EVAL_DIR || path.resolve(ROOT, '../shared/eval');
export const DATA_DIR = process.env.FACTDESK_EVAL_DATA || path.join(EVAL_DIR, 'data');
/** Folds of the k-fold cross-validation, and the seed every random choice derives from. */
export const FOLDS = 5;
export const SEED = 20261202;

const require = createRequire(import.meta.url);

export function readJsonl(file) {
  if (!fs.existsSync(file)) {
    console.error(`${file} not found: the labelled data lives in ../shared/eval/data (see its README), or set FACTDESK_EVAL_DATA`);
    process.exit(2);
  }
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

/**
 * Bundles `entry` (a module of the repository) with the engine's model files replaced by the given
 * ones, and loads it. A model read from beside the bundle (SHIPPED_MODELS: claims, entities, speakers)
 * is copied into the bundle's models/ folder, the given file ({ claims: '/tmp/x.json' }) or else the
 * project's own; a model embedded in the bundle (none today) is swapped at bundling, by a file or by
 * module source ({ name: { js } }).
 */
export async function loadWithModels(entry, models = {}, outDir) {
  const file = await bundleWithModels(entry, models, outDir);
  return { module: require(file), file };
}

/** Bundles as loadWithModels does, without loading; returns the bundle's path (a CommonJS file). */
export async function bundleWithModels(entry, models = {}, outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'factdesk-models-'))) {
  const outfile = path.join(outDir, `${path.basename(entry).replace(/\.[^.]+$/, '')}.cjs`);
  await build({
    entryPoints: [path.resolve(ROOT, entry)],
    bundle: true,
    platform: 'node',
    target: 'node20',
    supported: { 'regexp-unicode-property-escapes': true },
    format: 'cjs',
    outfile,
    logLevel: 'warning',
    plugins: [
      {
        name: 'factdesk-models',
        setup(b) {
          b.onResolve({ filter: /\/models\/[a-z-]+\.json$/ }, (args) => {
            const name = path.basename(args.path, '.json');
            const given = models[name];
            if (!given) return undefined;
            return typeof given === 'string' ? { path: path.resolve(given) } : { path: name, namespace: 'factdesk-model' };
          });
          // A model given as { js }: module source (a model with no weights, to read features with).
          b.onLoad({ filter: /.*/, namespace: 'factdesk-model' }, (args) => ({ contents: models[args.path].js, loader: 'js' }));
        },
      },
    ],
  });
  // Weights read at run time from models/ beside the bundle (src/core/*-weights.ts), as from dist/models/.
  fs.mkdirSync(path.join(outDir, 'models'), { recursive: true });
  for (const name of SHIPPED_MODELS) {
    const given = models[name];
    if (given !== undefined && typeof given !== 'string') throw new Error(`model ${name} is read from beside the bundle: give a file, not module source`);
    fs.copyFileSync(given ?? path.join(ROOT, 'src/core/models', `${name}.json`), path.join(outDir, 'models', `${name}.json`));
  }
  return outfile;
}

/** A seeded generator of floats in [0, 1) (LCG; enough for shuffling). */
export function random(seed) {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296;
}

/** FNV-1a of a string, for fold assignment. */
function hash(s, h = 0x811c9dc5) {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The fold of a sentence, from its text and the seed: the same sentence falls in the same fold in every
 * data set (the CoNLL-2010 and Szeged files share sentences, so one cannot leak into the other's test).
 */
export function foldOf(text, folds = FOLDS, seed = SEED) {
  return hash(text, hash(String(seed))) % folds;
}

export function prf(tp, fp, fn) {
  const P = tp + fp ? tp / (tp + fp) : 0;
  const R = tp + fn ? tp / (tp + fn) : 0;
  return { P, R, F1: P + R ? (2 * P * R) / (P + R) : 0, tp, fp, fn };
}

/** The threshold on scores that gives the best F1 against the labels (ties: the lower threshold). */
export function bestThreshold(scores, labels, candidates = range(0.05, 0.95, 0.01)) {
  let best = { threshold: 0.5, F1: -1 };
  for (const t of candidates) {
    let tp = 0,
      fp = 0,
      fn = 0;
    for (let i = 0; i < scores.length; i++) {
      const p = scores[i] >= t;
      if (p && labels[i]) tp++;
      else if (p) fp++;
      else if (labels[i]) fn++;
    }
    const { F1 } = prf(tp, fp, fn);
    if (F1 > best.F1 + 1e-12) best = { threshold: t, F1 };
  }
  return best;
}

export function range(from, to, step) {
  const out = [];
  for (let k = 0; from + k * step <= to + 1e-9; k++) out.push(+(from + k * step).toFixed(4));
  return out;
}

/**
 * L2-regularized logistic regression by Adagrad over sparse rows, in a seeded order: deterministic for
 * the same rows and options. A row is { index: Int32Array, value: Float32Array, label: 0|1 }; feature
 * indices are below `size`. Returns { bias, weights: Float64Array(size) }.
 */
/** Fisher-Yates shuffle of `order` in place with the seeded `rnd`: each epoch's order, the same for the same seed. */
export function shuffle(order, rnd) {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

export function fitLogistic(rows, size, { epochs = 12, rate = 0.1, lambda = 1e-4, seed = SEED } = {}) {
  const w = new Float64Array(size);
  const g2 = new Float64Array(size);
  let bias = 0;
  let biasG2 = 0;
  const order = rows.map((_, i) => i);
  const rnd = random(seed);
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, rnd);
    for (const r of order) {
      const { index, value, label } = rows[r];
      let z = bias;
      for (let k = 0; k < index.length; k++) z += w[index[k]] * value[k];
      const p = 1 / (1 + Math.exp(-z));
      const err = p - label;
      biasG2 += err * err;
      bias -= (rate * err) / Math.sqrt(biasG2 + 1e-8);
      for (let k = 0; k < index.length; k++) {
        const j = index[k];
        const grad = err * value[k] + lambda * w[j];
        g2[j] += grad * grad;
        w[j] -= (rate * grad) / Math.sqrt(g2[j] + 1e-8);
      }
    }
  }
  return { bias, weights: w };
}

export function predict(model, row) {
  let z = model.bias;
  for (let k = 0; k < row.index.length; k++) z += model.weights[row.index[k]] * row.value[k];
  return 1 / (1 + Math.exp(-z));
}

/**
 * Packs hashed weights (a Float64Array over 2^bits buckets) as linear-model.ts reads them: weights
 * below `prune` in magnitude dropped, the rest quantized to signed bytes. Returns { packed, kept }.
 */
export function packWeights(weights, bits, prune) {
  let max = 0;
  for (const v of weights) max = Math.max(max, Math.abs(v));
  const scale = max > 0 ? +(max / 127).toPrecision(6) : 1;
  const gaps = [];
  const values = [];
  let last = 0;
  for (let id = 0; id < weights.length; id++) {
    const q = Math.round(weights[id] / scale);
    if (Math.abs(weights[id]) < prune || q === 0) continue;
    let gap = id - last;
    last = id;
    do {
      let byte = gap & 0x7f;
      gap = Math.floor(gap / 128);
      if (gap) byte |= 0x80;
      gaps.push(byte);
    } while (gap);
    values.push(q & 0xff);
  }
  return {
    packed: { bits, scale, ids: Buffer.from(gaps).toString('base64'), values: Buffer.from(values).toString('base64') },
    kept: values.length,
  };
}

/** Writes JSON with two-space indentation and a final newline (the byte-identical form training reproduces). */
export function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

export function round(x, digits = 4) {
  return +x.toFixed(digits);
}
