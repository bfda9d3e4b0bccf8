#!/usr/bin/env node
// `npm run eval`: the detectors' figures as issue #12 asks for them, measured with the shared scorer
// (../shared/eval/score.mjs) and printed as one table.
//
// - Learned detectors whose labelled data is their training data (claims; hedges and hedge cues) are
//   measured by k-fold cross-validation: for each fold the model is fitted on the other folds (as
//   `npm run train` fits it, with the same settings and seeds), the CLI is bundled with that model,
//   and the scorer scores the held-out fold. The figure is the scorer's metric over all held-out
//   rows (counts summed over the folds); the per-fold figures follow it. Never a row the model saw.
// - The other detectors are scored as built on their files (dev splits; the hedge rules, which are
//   fitted on nothing, on the whole training files). `--only` and `--json` as score.mjs.
//
//   npm run eval [-- --only claims,hedges] [--json] [--no-cv]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWithModels, DATA_DIR, EVAL_DIR, FOLDS, foldOf, prf, readJsonl, ROOT, writeJson } from './lib/learn.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const only = opt('--only', '').split(',').filter(Boolean);
const wanted = (task) => !only.length || only.some((o) => task.startsWith(o));
const SCORER = path.join(EVAL_DIR, 'score.mjs');

/**
 * Detectors measured by cross-validation: the data file, and how to fit a model on some of its rows
 * (the model file's content). `train` gets the rows of every file of the group not in the held-out fold.
 */
const CROSS_VALIDATED = [
  {
    model: 'claims',
    files: ['claims-claimbuster.train.jsonl'],
    async prepare() {
      const { readRows, trainClaims } = await import('./train/claims.mjs');
      const { rows, features } = await readRows();
      return {
        texts: rows.map((r) => r.text),
        train: (keep) =>
          trainClaims(
            rows.filter((r) => keep(r.text)),
            features,
          ).model,
      };
    },
  },
];

/** Rows of the table: label, data set (scorer task), the scorer's figure, how measured, target. */
const TABLE = [
  { label: 'entities, CoNLL-2003 micro F1', task: 'entities-conll2003', figure: (r) => r.F1, target: 0.89, baseline: 0.835 },
  { label: 'claims, ClaimBuster F1', task: 'claims-claimbuster', figure: (r) => r.F1, target: 0.83, baseline: 0.739 },
  { label: 'hedges, CoNLL-2010 wiki sentence F1', task: 'hedges-conll2010-wiki', figure: (r) => r.F1, target: 0.68, baseline: 0.624 },
  { label: 'hedge cues, Szeged wiki span F1', task: 'hedges-szeged-wiki', figure: (r) => r.F1, target: 0.62, baseline: 0.475 },
  {
    label: 'quote speakers, PolNeAR speaker accuracy (ranker fitted on train)',
    task: 'quotes-polnear',
    figure: (r) => r.speakerAccuracy,
    target: 0.93,
    baseline: 0.908,
  },
  { label: 'quote recall, PolNeAR', task: 'quotes-polnear', figure: (r) => r.recall, target: 0.99, baseline: 1.0 },
];

function score(cli, dataDir, tasks) {
  const r = spawnSync(
    process.execPath,
    [SCORER, '--cmd', `"${process.execPath}" "${cli}" analyze --jsonl`, '--data', dataDir, '--only', tasks.join(','), '--json'],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  if (r.status !== 0) throw new Error(`score.mjs failed (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const taskOf = (file) => file.replace(/\.[^.]+\.jsonl$/, '');
const results = new Map();

// Dev files: the shipped build as it is.
const devTasks = fs
  .readdirSync(DATA_DIR)
  .filter((f) => f.endsWith('.jsonl'))
  .map(taskOf)
  .filter((t) => wanted(t) && !CROSS_VALIDATED.some((c) => c.files.some((f) => taskOf(f) === t)));
if (devTasks.length) {
  // A training split scored whole is scored with rules fitted on nothing (else it is cross-validated above).
  for (const r of score(path.join(ROOT, 'dist/cli.js'), DATA_DIR, devTasks))
    results.set(taskOf(r.file), { ...r, how: r.file.includes('.train.') ? 'whole file, rules' : 'dev' });
}

// Cross-validated detectors.
if (!args.includes('--no-cv')) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'factdesk-cv-'));
  try {
    for (const group of CROSS_VALIDATED.filter((g) => g.files.some((f) => wanted(taskOf(f))))) {
      const { train } = await group.prepare();
      const data = Object.fromEntries(group.files.map((f) => [f, readJsonl(path.join(DATA_DIR, f))]));
      const perFold = [];
      for (let k = 0; k < FOLDS; k++) {
        const foldDir = path.join(work, `${group.model}-fold${k}`);
        fs.mkdirSync(path.join(foldDir, 'data'), { recursive: true });
        // The fold's model, which the bundle reads from its models/ folder (as dist/ from dist/models/).
        const modelFile = path.join(foldDir, `${group.model}-fold${k}.json`);
        writeJson(
          modelFile,
          train((text) => foldOf(text) !== k),
        );
        const cli = await bundleWithModels('src/cli/main.ts', { [group.model]: modelFile }, foldDir);
        // The held-out rows, in a temporary directory outside the repository, named as the scorer expects.
        for (const [f, rows] of Object.entries(data)) {
          fs.writeFileSync(
            path.join(foldDir, 'data', f.replace(/\.train\.jsonl$/, `.fold${k}.jsonl`)),
            rows
              .filter((r) => foldOf(r.text) === k)
              .map((r) => JSON.stringify(r))
              .join('\n') + '\n',
          );
        }
        perFold.push(score(cli, path.join(foldDir, 'data'), group.files.map(taskOf)));
        process.stderr.write(`${group.model}: fold ${k + 1}/${FOLDS} scored\n`);
      }
      for (const f of group.files) {
        const folds = perFold.map((rs) => rs.find((r) => taskOf(r.file) === taskOf(f)));
        const sum = (key) => folds.reduce((n, r) => n + r[key], 0);
        results.set(taskOf(f), { ...prf(sum('tp'), sum('fp'), sum('fn')), folds: folds.map((r) => r.F1), items: sum('items'), how: `${FOLDS}-fold CV` });
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (args.includes('--json')) {
  console.log(JSON.stringify(Object.fromEntries(results), null, 2));
} else {
  const f3 = (x) => (x === undefined ? '-' : x.toFixed(3));
  console.log('| detector | measured | how | folds | issue #12 start | target | met |');
  console.log('|---|---|---|---|---|---|---|');
  for (const row of TABLE) {
    const r = results.get(row.task);
    if (!r) continue;
    const value = row.figure(r);
    const folds = r.folds ? r.folds.map(f3).join(' ') : '-';
    console.log(`| ${row.label} | ${f3(value)} | ${r.how} | ${folds} | ${f3(row.baseline)} | >= ${row.target} | ${value >= row.target ? 'yes' : 'no'} |`);
  }
  console.log('');
  for (const [task, r] of results)
    if (r.P !== undefined) console.log(`${task} (${r.how}): P ${f3(r.P)}  R ${f3(r.R)}  F1 ${f3(r.F1)}  (tp ${r.tp}, fp ${r.fp}, fn ${r.fn})`);
}
