#!/usr/bin/env node
// How the claim detector's feature weights were obtained: L2-regularized logistic regression (Newton's
// method) over the hand-designed features of src/core/claims.ts, fitted on a labelled sentence file
// (the ClaimBuster training split in ../shared/eval during development). It prints the fitted weights,
// the best threshold on the fitting part and F1 on a held-out 20%; it writes nothing. Copy weights into
// WEIGHTS/BIAS in claims.ts by hand after review. Only the few feature weights come from the data.
//
//   node scripts/fit-claims.mjs [--data FILE] [--lambda 1] [--seed 42]
import { buildSync } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const dataFile = opt('--data', path.join(import.meta.dirname, '../../shared/eval/data/claims-claimbuster.train.jsonl'));
const lambda = Number(opt('--lambda', '1'));
const seed = Number(opt('--seed', '42'));
if (!fs.existsSync(dataFile)) {
  console.error(`fit-claims: ${dataFile} not found; pass --data FILE (JSON Lines {"text","label"})`);
  process.exit(2);
}

// Bundle the detector so the features are exactly the shipped ones.
const bundle = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fit-claims-')), 'claims.cjs');
buildSync({ entryPoints: [path.join(import.meta.dirname, '../src/core/claims.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'warning' });
const { CLAIM_FEATURES, claimFeatures } = createRequire(import.meta.url)(bundle);

const rows = fs.readFileSync(dataFile, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const X = rows.map((r) => [1, ...CLAIM_FEATURES.map((k) => claimFeatures(r.text)[k])]);
const y = rows.map((r) => (r.label === 1 ? 1 : 0));

// Seeded shuffle into 80% fit / 20% held out.
let state = seed >>> 0;
const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296);
const order = rows.map((_, i) => i);
for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(random() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
const cut = Math.floor(order.length * 0.8);
const fitRows = order.slice(0, cut);
const heldRows = order.slice(cut);

const sigmoid = (z) => 1 / (1 + Math.exp(-z));
const dot = (w, x) => w.reduce((s, wi, i) => s + wi * x[i], 0);

function fit(indices) {
  const d = X[0].length;
  const w = new Array(d).fill(0);
  for (let iter = 0; iter < 50; iter++) {
    const g = new Array(d).fill(0);
    const H = Array.from({ length: d }, () => new Array(d).fill(0));
    for (const n of indices) {
      const x = X[n];
      const p = sigmoid(dot(w, x));
      const s = p * (1 - p);
      for (let i = 0; i < d; i++) {
        g[i] += (p - y[n]) * x[i];
        if (x[i] === 0) continue;
        for (let j = 0; j < d; j++) H[i][j] += s * x[i] * x[j];
      }
    }
    for (let i = 1; i < d; i++) { g[i] += lambda * w[i]; H[i][i] += lambda; } // no penalty on the bias
    for (let i = 0; i < d; i++) H[i][i] += 1e-9;
    const step = solve(H, g);
    let largest = 0;
    for (let i = 0; i < d; i++) { w[i] -= step[i]; largest = Math.max(largest, Math.abs(step[i])); }
    if (largest < 1e-8) break;
  }
  return w;
}

/** Gaussian elimination with partial pivoting. */
function solve(A, b) {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[pivot][c])) pivot = r;
    [M[c], M[pivot]] = [M[pivot], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      if (f) for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

function f1(w, indices, threshold) {
  let tp = 0, fp = 0, fn = 0;
  for (const n of indices) {
    const predicted = sigmoid(dot(w, X[n])) >= threshold;
    if (predicted && y[n]) tp++; else if (predicted) fp++; else if (y[n]) fn++;
  }
  const P = tp / Math.max(tp + fp, 1), R = tp / Math.max(tp + fn, 1);
  return { F1: P + R ? (2 * P * R) / (P + R) : 0, P, R };
}

const w = fit(fitRows);
let best = { threshold: 0.5, F1: 0 };
for (let t = 0.15; t <= 0.7; t += 0.01) { const r = f1(w, fitRows, t); if (r.F1 > best.F1) best = { threshold: +t.toFixed(2), F1: r.F1 }; }
const held = f1(w, heldRows, best.threshold);
console.log(`fitted on ${fitRows.length} sentences (lambda ${lambda}); best threshold ${best.threshold}: F1 ${best.F1.toFixed(3)} on the fitting part`);
console.log(`held-out ${heldRows.length} sentences: F1 ${held.F1.toFixed(3)} (P ${held.P.toFixed(3)} R ${held.R.toFixed(3)})`);
console.log(`BIAS = ${w[0].toFixed(2)}`);
console.log(CLAIM_FEATURES.map((k, i) => `  ${k}: ${w[i + 1].toFixed(2)},`).join('\n'));
