// `npm run train -- entities`: fits the entity tagger (src/core/entities-model.ts) and writes
// src/core/models/entities.json, the weights the project ships.
//
// Data: CoNLL-2003 eng.train (../shared/eval/train/entities-conll2003.train.jsonl) to fit; the dev
// file (../shared/eval/data/entities-conll2003.dev.jsonl, CoNLL testa) only to choose the epoch
// count. Each labelled sentence is read the way the scorer gives it to the analyzer (tokens joined
// by single spaces) and goes through the same segmentation, tokenizer, rules and features as at run
// time (the engine is bundled from src/ for this). Gold BIO labels are put on our tokens by offsets.
//
// Model: averaged structured perceptron (Collins 2002) over BIO labels, Viterbi over each run of
// candidate tokens. Seeded shuffling: the same data give the same file byte for byte. Weights are
// pruned (features seen fewer than MIN_COUNT times in training are not kept; rows whose weights all
// quantize to 0 are dropped) and quantized to 8 bits with one scale; the dev figure printed at the
// end is measured with the quantized weights.
//
//   npm run train -- entities [--epochs N] [--seed S] [--out FILE] [--without TEMPLATE,...]
import { build } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { EVAL_DIR, ROOT } from '../lib/learn.mjs';
import { SHIPPED_MODELS } from '../lib/shipped-models.mjs';
const TRAIN_FILE = path.join(EVAL_DIR, 'train/entities-conll2003.train.jsonl');
const DEV_FILE = path.join(EVAL_DIR, 'data/entities-conll2003.dev.jsonl');
const OUT_FILE = path.join(ROOT, 'src/core/models/entities.json');

/** Largest number of passes over the training data; the best on dev (up to this) is kept. */
const MAX_EPOCHS = 12;
const SEED = 12;
/** Features seen fewer times than this in training are dropped before fitting. */
const MIN_COUNT = 2;
/** Quantization: weights become integers in [-QUANT_MAX, QUANT_MAX] times one scale. */
const QUANT_MAX = 127;

const CONLL_TYPES = { PER: 0, ORG: 1, LOC: 2, MISC: 3 };
const SCORED = new Set([0, 1, 2]);

export async function main(args) {
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : dflt;
  };
  const maxEpochs = Number(opt('--epochs', MAX_EPOCHS));
  const seed = Number(opt('--seed', SEED));
  const out = opt('--out', OUT_FILE);
  for (const f of [TRAIN_FILE, DEV_FILE])
    if (!fs.existsSync(f)) {
      console.error(`train entities: ${f} not found`);
      process.exit(2);
    }
  const engine = await bundleEngine();
  const t0 = Date.now();
  const train = readSentences(TRAIN_FILE, engine);
  const dev = readSentences(DEV_FILE, engine);
  log(
    `read ${train.sentences.length} training and ${dev.sentences.length} dev sentences in ${((Date.now() - t0) / 1000).toFixed(1)} s; ` +
      `gold names outside the candidate tokens: train ${train.uncovered}/${train.gold}, dev ${dev.uncovered}/${dev.gold}`,
  );

  // Feature dictionary from the training data, pruned by count.
  const counts = new Map();
  for (const s of train.sentences) for (const seg of s.segments) for (const fs_ of seg.features) for (const f of fs_) counts.set(f, (counts.get(f) ?? 0) + 1);
  const names = [];
  const ids = new Map();
  // Ablations (README figures): --without r,rs drops the feature templates named (the text before "=").
  const without = new Set(opt('--without', '').split(',').filter(Boolean));
  const template = (f) => {
    const eq = f.indexOf('=');
    return eq < 0 ? f : f.slice(0, eq);
  };
  for (const [f, c] of counts)
    if (c >= MIN_COUNT && !without.has(template(f))) {
      ids.set(f, names.length);
      names.push(f);
    }
  const index = (s) =>
    s.segments.map((seg) => ({ ...seg, rows: seg.features.map((fs_) => Int32Array.from(fs_.map((f) => ids.get(f)).filter((r) => r !== undefined))) }));
  for (const s of train.sentences) s.segs = index(s);
  for (const s of dev.sentences) s.segs = index(s);
  log(`${names.length} features (of ${counts.size}, kept if seen >= ${MIN_COUNT} times)`);

  const { L, viterbi } = engine;
  const F = names.length;
  const T = (L + 1) * L;
  const w = new Float64Array(F * L + T);
  const u = new Float64Array(F * L + T); // sum of c * update, for averaging
  let c = 1;
  const random = mulberry32(seed);
  const order = train.sentences.map((_, i) => i);
  let best = { f1: -1, epoch: 0, weights: undefined };
  const history = [];
  for (let epoch = 1; epoch <= maxEpochs; epoch++) {
    shuffle(order, random);
    let mistakes = 0;
    for (const i of order) {
      for (const seg of train.sentences[i].segs) {
        const pred = decode(seg.rows, w, F, L, viterbi);
        let wrong = false;
        for (let t = 0; t < pred.length; t++)
          if (pred[t] !== seg.gold[t]) {
            wrong = true;
            break;
          }
        if (wrong) {
          mistakes++;
          update(seg.rows, seg.gold, +1, w, u, c, F, L);
          update(seg.rows, pred, -1, w, u, c, F, L);
        }
        c++;
      }
    }
    const avg = new Float64Array(w.length);
    for (let k = 0; k < w.length; k++) avg[k] = w[k] - u[k] / c;
    const score = evaluate(dev.sentences, avg, F, L, viterbi);
    history.push({ epoch, mistakes, dev: round(score.f1) });
    log(`epoch ${epoch}: ${mistakes} wrong segments; dev P ${score.p.toFixed(4)} R ${score.r.toFixed(4)} F1 ${score.f1.toFixed(4)} (tagger alone)`);
    if (score.f1 > best.f1) best = { f1: score.f1, epoch, weights: avg };
  }

  // Quantize and prune.
  const full = best.weights;
  let maxAbs = 0;
  for (let k = 0; k < F * L; k++) maxAbs = Math.max(maxAbs, Math.abs(full[k]));
  const scale = maxAbs / QUANT_MAX;
  const keptNames = [];
  const bytes = [];
  for (let r = 0; r < F; r++) {
    const q = [];
    let any = false;
    for (let y = 0; y < L; y++) {
      const v = Math.round(full[r * L + y] / scale);
      q.push(v);
      if (v !== 0) any = true;
    }
    if (!any) continue;
    keptNames.push(names[r]);
    for (const v of q) bytes.push(v & 0xff);
  }
  const transitions = Array.from(full.subarray(F * L), (v) => round(v, 4));
  const quantized = new Float64Array(keptNames.length * L + T);
  for (let k = 0; k < bytes.length; k++) quantized[k] = ((bytes[k] << 24) >> 24) * scale;
  quantized.set(transitions, keptNames.length * L);
  const kept = new Map(keptNames.map((f, i) => [f, i]));
  for (const s of dev.sentences)
    s.segs = s.segments.map((seg) => ({
      ...seg,
      rows: seg.features.map((fs_) => Int32Array.from(fs_.map((f) => kept.get(f)).filter((x) => x !== undefined))),
    }));
  const q = evaluate(dev.sentences, quantized, keptNames.length, L, viterbi);
  log(`best epoch ${best.epoch}: dev F1 ${best.f1.toFixed(4)}; quantized to 8 bits and pruned to ${keptNames.length} features: dev F1 ${q.f1.toFixed(4)}`);

  const model = {
    format: 'factdesk-entities-1',
    labels: engine.LABELS,
    fitted: {
      data: 'CoNLL-2003 eng.train (14,041 sentences); epochs chosen on CoNLL-2003 testa (dev)',
      method: 'averaged structured perceptron, BIO labels, Viterbi',
      seed,
      epochs: best.epoch,
      minCount: MIN_COUNT,
      features: keptNames.length,
      devF1TaggerAlone: round(q.f1, 4),
      history,
    },
    scale: round(scale, 8),
    features: keptNames.join('\n'),
    weights: Buffer.from(Uint8Array.from(bytes)).toString('base64'),
    transitions,
  };
  fs.writeFileSync(out, `${JSON.stringify(model)}\n`);
  log(`wrote ${path.relative(ROOT, out)} (${fs.statSync(out).size} bytes)`);
}

function log(s) {
  process.stderr.write(`train entities: ${s}\n`);
}
const round = (x, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

/** The engine's tokenizer, rules and features, bundled from src/ so training reads exactly what runs. */
async function bundleEngine() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'train-entities-'));
  const outfile = path.join(dir, 'engine.cjs');
  await build({
    stdin: {
      contents: `export { entityTrainingView } from './src/core/entities';
export { segment, maskExcluded } from './src/core/segmentation';
export { detectFormat } from './src/core/analyze';
export { LABELS, NUM_LABELS, viterbi } from './src/core/entities-model';`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'warning',
    supported: { 'regexp-unicode-property-escapes': true },
  });
  // The engine reads some weights from models/ beside its bundle when it loads (src/core/*-weights.ts,
  // as from dist/models/): the shipped ones, which the tagger's training view does not use.
  fs.mkdirSync(path.join(dir, 'models'));
  for (const name of SHIPPED_MODELS) fs.copyFileSync(path.join(ROOT, 'src', 'core', 'models', `${name}.json`), path.join(dir, 'models', `${name}.json`));
  const m = createRequire(import.meta.url)(outfile);
  fs.rmSync(dir, { recursive: true, force: true });
  return { ...m, L: m.NUM_LABELS, LABELS: [...m.LABELS] };
}

/** Sentences as the scorer builds them, the tagger's segments with gold labels, and gold spans. */
function readSentences(file, engine) {
  const rows = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
  const sentences = [];
  let gold = 0;
  let uncovered = 0;
  for (const row of rows) {
    let text = '';
    const starts = [];
    const ends = [];
    row.tokens.forEach((t, k) => {
      if (k) text += ' ';
      starts.push(text.length);
      text += t;
      ends.push(text.length);
    });
    const spans = [];
    let cur = null;
    row.tags.forEach((tag, k) => {
      const [bio, type] = tag.split('-');
      if (bio === 'B' || (bio === 'I' && (!cur || cur.type !== CONLL_TYPES[type]))) {
        if (cur) spans.push(cur);
        cur = { start: starts[k], end: ends[k], type: CONLL_TYPES[type] };
      } else if (bio === 'I') cur.end = ends[k];
      else {
        if (cur) spans.push(cur);
        cur = null;
      }
    });
    if (cur) spans.push(cur);
    const structure = engine.segment(text, engine.detectFormat(text));
    const prose = structure.excluded.length ? engine.maskExcluded(text, structure.excluded) : text;
    const segments = engine.entityTrainingView(prose, structure);
    const covered = new Set();
    for (const seg of segments) {
      seg.gold = seg.spans.map(([s, e]) => {
        const g = spans.find((x) => x.start <= s && e <= x.end);
        if (!g) return 0;
        if (s === g.start) covered.add(g);
        return s === g.start ? 1 + 2 * g.type : 2 + 2 * g.type;
      });
      // A gold name must start at a segment's token; an I label right after O becomes B.
      for (let t = 0; t < seg.gold.length; t++) if (seg.gold[t] > 0 && seg.gold[t] % 2 === 0 && (t === 0 || seg.gold[t - 1] === 0)) seg.gold[t]--;
    }
    gold += spans.length;
    uncovered += spans.length - covered.size;
    sentences.push({ segments, spans: spans.filter((x) => SCORED.has(x.type)) });
  }
  return { sentences, gold, uncovered };
}

function decode(rows, w, F, L, viterbi) {
  const n = rows.length;
  const scores = new Float32Array(n * L);
  for (let t = 0; t < n; t++) {
    const r = rows[t];
    for (let k = 0; k < r.length; k++) {
      const b = r[k] * L;
      for (let y = 0; y < L; y++) scores[t * L + y] += w[b + y];
    }
  }
  const out = new Uint8Array(n);
  viterbi(scores, n, Float32Array.from(w.subarray(F * L)), out);
  return out;
}

function update(rows, labels, sign, w, u, c, F, L) {
  let prev = L; // segment start row
  for (let t = 0; t < rows.length; t++) {
    const y = labels[t];
    const r = rows[t];
    for (let k = 0; k < r.length; k++) {
      const i = r[k] * L + y;
      w[i] += sign;
      u[i] += sign * c;
    }
    const ti = F * L + prev * L + y;
    w[ti] += sign;
    u[ti] += sign * c;
    prev = y;
  }
  // The end of a segment: transition into O from the last label (none from O itself).
  if (prev !== 0 && prev !== L) {
    const ti = F * L + prev * L;
    w[ti] += sign;
    u[ti] += sign * c;
  }
}

function evaluate(sentences, w, F, L, viterbi) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const s of sentences) {
    const pred = new Set();
    for (const seg of s.segs) {
      const labels = decode(seg.rows, w, F, L, viterbi);
      for (let i = 0; i < labels.length; i++) {
        if (labels[i] === 0) continue;
        let j = i;
        while (j + 1 < labels.length && labels[j + 1] > 0 && labels[j + 1] % 2 === 0) j++;
        const type = (labels[i] - 1) >> 1;
        if (SCORED.has(type)) pred.add(`${seg.spans[i][0]}:${seg.spans[j][1]}:${type}`);
        i = j;
      }
    }
    const gold = new Set(s.spans.map((g) => `${g.start}:${g.end}:${g.type}`));
    for (const p of pred) gold.has(p) ? tp++ : fp++;
    for (const g of gold) if (!pred.has(g)) fn++;
  }
  const p = tp / Math.max(1, tp + fp);
  const r = tp / Math.max(1, tp + fn);
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
}

function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(a, random) {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
}
