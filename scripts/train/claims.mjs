// The claim model: L2-regularized logistic regression over the 43 hand-designed features of
// src/core/claims.ts and its hashed words and word pairs, fitted on the ClaimBuster debate sentences.
// The threshold is chosen by an inner cross-validation on the rows the model is fitted on.
//
//   npm run train -- claims            writes src/core/models/claims.json (fitted on all rows)
//   npm run train -- claims --tune     prints fold F1 (in-process, sentence level) for a grid of settings
//   npm run train -- claims --variants[=a,b]  the variants tried for issue #12, fold figures (claims/variants.mjs)
//   npm run train -- claims --data F   fits on another JSON Lines file of {"text","label"} instead
import path from 'node:path';
import {
  bestThreshold,
  DATA_DIR,
  fitLogistic,
  foldOf,
  FOLDS,
  loadWithModels,
  packWeights,
  predict,
  readJsonl,
  ROOT,
  round,
  SEED,
  writeJson,
} from '../lib/learn.mjs';

export const MODEL_FILE = path.join(ROOT, 'src/core/models/claims.json');
export const DATA_FILE = path.join(DATA_DIR, 'claims-claimbuster.train.jsonl');

/** Settings chosen by the fold figures of `--tune` (README "Learned detectors" lists what was tried). */
export const SETTINGS = { bits: 18, lambda: 1e-4, epochs: 10, rate: 0.05, prune: 0.1 };

/** The engine's claim features for each row: { text, label, dense, hashes }. */
export async function readRows(file = DATA_FILE) {
  const data = readJsonl(file);
  const { CLAIM_FEATURES, claimTrainingFeatures } = (await loadWithModels('src/core/claims.ts')).module;
  return {
    features: CLAIM_FEATURES,
    rows: data.map((d) => ({ text: d.text, label: d.label === 1 ? 1 : 0, ...claimTrainingFeatures(d.text) })),
  };
}

/** Sparse rows for the learner: dense features first, then hashed buckets (after them). */
function sparse(rows, denseCount, bits) {
  const mask = (1 << bits) - 1;
  return rows.map((r) => {
    const index = [];
    const value = [];
    r.dense.forEach((v, i) => {
      if (v) {
        index.push(i);
        value.push(v);
      }
    });
    for (const h of r.hashes) {
      index.push(denseCount + (h & mask));
      value.push(1);
    }
    return { index: Int32Array.from(index), value: Float32Array.from(value), label: r.label };
  });
}

/** Fits on `rows` and returns the model file's content. */
export function trainClaims(rows, features, settings = SETTINGS) {
  const { bits } = settings;
  const size = features.length + (1 << bits);
  const data = sparse(rows, features.length, bits);
  // Threshold: out-of-fold scores of an inner cross-validation on these rows.
  const scores = new Array(rows.length);
  for (let k = 0; k < FOLDS; k++) {
    const inner = rows.map((r) => foldOf(r.text, FOLDS, SEED + 1));
    const fitted = fitLogistic(
      data.filter((_, i) => inner[i] !== k),
      size,
      settings,
    );
    data.forEach((row, i) => {
      if (inner[i] === k) scores[i] = predict(fitted, row);
    });
  }
  const { threshold } = bestThreshold(
    scores,
    rows.map((r) => r.label),
  );
  const fitted = fitLogistic(data, size, settings);
  const { packed, kept } = packWeights(fitted.weights.subarray(features.length), bits, settings.prune);
  return {
    model: {
      about: 'FactDesk claim model: logistic regression over the features of src/core/claims.ts and hashed words and word pairs (npm run train -- claims)',
      fittedOn: `ClaimBuster debate sentences (${rows.length} rows), GPL-3.0; see NOTICE.md`,
      settings,
      threshold,
      bias: round(fitted.bias),
      dense: Object.fromEntries(features.map((k, i) => [k, round(fitted.weights[i])])),
      grams: packed,
    },
    kept,
  };
}

/** In-process fold F1 (sentence level, rows as given) for quick comparisons of settings. */
function foldF1(rows, features, settings) {
  let tp = 0,
    fp = 0,
    fn = 0;
  const size = features.length + (1 << settings.bits);
  const data = sparse(rows, features.length, settings.bits);
  const folds = rows.map((r) => foldOf(r.text));
  for (let k = 0; k < FOLDS; k++) {
    const fitted = fitLogistic(
      data.filter((_, i) => folds[i] !== k),
      size,
      settings,
    );
    const held = data.filter((_, i) => folds[i] === k);
    // A fixed threshold from a first pass keeps this quick; the reported CV selects it per fold.
    for (const row of held) {
      const p = predict(fitted, row) >= (settings.threshold ?? 0.35);
      if (p && row.label) tp++;
      else if (p) fp++;
      else if (row.label) fn++;
    }
  }
  const P = tp / (tp + fp),
    R = tp / (tp + fn);
  return (2 * P * R) / (P + R);
}

export async function main(args) {
  const dataAt = args.indexOf('--data');
  const { rows, features } = await readRows(dataAt >= 0 ? path.resolve(args[dataAt + 1]) : DATA_FILE);
  const variantsArg = args.find((a) => a.startsWith('--variants'));
  if (variantsArg) {
    const { variants } = await import('./claims/variants.mjs');
    console.log('| variant | pooled F1 (best threshold) | F1 (inner-CV thresholds) | folds |\n|---|---|---|---|');
    await variants(rows, features, variantsArg.includes('=') ? variantsArg.split('=')[1].split(',') : undefined);
    return;
  }
  if (args.includes('--tune')) {
    const grid = [];
    for (const bits of [16, 18, 20])
      for (const lambda of [0, 1e-5, 1e-4, 1e-3])
        for (const epochs of [5, 10, 20])
          for (const rate of [0.05, 0.1]) for (const threshold of [0.3, 0.35, 0.4]) grid.push({ bits, lambda, epochs, rate, threshold });
    const only = args.find((a) => a.startsWith('--grid='));
    for (const s of only ? JSON.parse(only.slice(7)) : grid) console.log(JSON.stringify(s), foldF1(rows, features, s).toFixed(4));
    return;
  }
  const { model, kept } = trainClaims(rows, features);
  writeJson(MODEL_FILE, model);
  console.log(
    `claims: fitted on ${rows.length} sentences; ${kept} hashed weights kept; threshold ${model.threshold}; wrote ${path.relative(ROOT, MODEL_FILE)}`,
  );
}
