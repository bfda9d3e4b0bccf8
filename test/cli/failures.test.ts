// The CLI when the engine fails (issue #8), with detectors made to fail through FACTDESK_TEST_FAULTS
// (the engine's registry seam, src/core/detectors.ts): one bad input never costs the batch, every
// failure is named on stderr, and the exit code says something failed.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.join(__dirname, '../..');
const cli = path.join(root, 'dist/cli.js');
const MARKER = 'Harbourmaster';

function run(args: string[], faults: string | undefined, input?: string): { code: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FACTDESK_TEST_FAULTS;
  if (faults) env.FACTDESK_TEST_FAULTS = faults;
  const r = spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8', cwd: root, env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const ARTICLE = [
  'Council President Rebecca Nguyen said the ferry would reportedly cost $4.5 million.',
  '',
  `The ${MARKER} Tomas Brenner may resign, according to officials.`,
  '',
  'Prices may rise 40 percent in March, said Amara Mensah.',
].join('\n');

const jsonl = (rows: { id: string | number; text: string }[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('factdesk analyze when a detector fails', () => {
  let tmp: string;
  before(() => {
    assert.ok(fs.existsSync(cli), 'dist/cli.js is built (npm test builds it first)');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'factdesk-cli-failures-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('--jsonl: an input the engine cannot analyze gets {"id","error"} on its line; the others are processed; exit 1', () => {
    const input = jsonl([
      { id: 'a', text: 'Prices reportedly rose 12 percent in 2025.' },
      { id: 'b', text: `A ${MARKER} line the segmenter fails on.` },
      { id: 3, text: '“Hello,” said Rebecca Nguyen.' },
    ]);
    const clean = run(['analyze', '--jsonl'], undefined, input);
    assert.equal(clean.code, 0, clean.stderr);
    const r = run(['analyze', '--jsonl'], `segmentation:${MARKER}`, input);
    assert.equal(r.code, 1, r.stderr);
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      rows.map((x) => x.id),
      ['a', 'b', 3],
    );
    assert.deepEqual(Object.keys(rows[1]), ['id', 'error']);
    assert.match(rows[1].error, /injected fault: segmentation/);
    const cleanRows = clean.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(rows[0], cleanRows[0]);
    assert.deepEqual(rows[2], cleanRows[2]);
    assert.ok(rows[2].quotes.length === 1 && rows[2].quotes[0].speaker.name === 'Rebecca Nguyen', 'the line after the failure is analyzed');
    assert.match(r.stderr, /stdin line 2 \(id "b"\): the analysis failed: injected fault: segmentation/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });

  it('--jsonl: a detector failure on part of an input keeps the rest of its findings, with an "errors" array; exit 1', () => {
    const input = jsonl([
      { id: 'x', text: ARTICLE },
      { id: 'y', text: 'Officials may resign.' },
    ]);
    const clean = run(['analyze', '--jsonl'], undefined, input)
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(clean[0].errors, undefined, 'no errors key when nothing failed');
    const r = run(['analyze', '--jsonl'], `hedges:${MARKER}`, input);
    assert.equal(r.code, 1, r.stderr);
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const failing = { start: ARTICLE.indexOf('The '), end: ARTICLE.indexOf('officials.') + 'officials.'.length };
    assert.equal(rows[0].errors.length, 1);
    const [e] = rows[0].errors;
    assert.deepEqual([e.detector, e.start, e.end, e.line, e.endLine], ['hedges', failing.start, failing.end, 3, 3]);
    assert.match(e.message, /injected fault/);
    assert.equal(typeof e.stack, 'string');
    // Hedges of the other paragraphs, and every other category, as without the failure.
    assert.deepEqual(
      rows[0].hedges,
      clean[0].hedges.filter((h: { start: number }) => h.start < failing.start || h.start >= failing.end),
    );
    assert.ok(rows[0].hedges.length > 0 && rows[0].hedges.length < clean[0].hedges.length);
    for (const key of ['quotes', 'claims', 'entities']) assert.deepEqual(rows[0][key], clean[0][key], key);
    assert.deepEqual(rows[1], clean[1]);
    assert.match(r.stderr, /stdin line 1 \(id "x"\): hedges failed on line 3: injected fault/);
  });

  it('analyze FILE: partial results, a warning naming detector and line, exit 1', () => {
    const file = path.join(tmp, 'article.txt');
    fs.writeFileSync(file, ARTICLE);
    const clean = run(['analyze', file], undefined);
    assert.equal(clean.code, 0, clean.stderr);
    const r = run(['analyze', file], `entities:${MARKER}`);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: entities failed on line 3 \\(injected fault`));
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stdout, /Rebecca Nguyen/, 'the rest of the article is shown');
    const json = JSON.parse(run(['analyze', file, '--json'], `entities:${MARKER}`).stdout);
    assert.equal(json.failures.length, 1);
    assert.equal(json.failures[0].detector, 'entities');
    assert.ok(json.entities.some((e: { name: string }) => e.name === 'Rebecca Nguyen'));
    assert.ok(!json.entities.some((e: { name: string }) => e.name === 'Tomas Brenner'));
  });

  it('analyze FILE...: a file the engine cannot analyze is named, the next file is still analyzed, exit 1', () => {
    const bad = path.join(tmp, 'bad.txt');
    const good = path.join(tmp, 'good.txt');
    fs.writeFileSync(bad, `The ${MARKER} spoke.`);
    fs.writeFileSync(good, 'Prices reportedly rose 12 percent in 2025.');
    const r = run(['analyze', bad, good], `segmentation:${MARKER}`);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /bad\.txt: the analysis failed: injected fault: segmentation/);
    assert.match(r.stdout, /good\.txt/);
    assert.match(r.stdout, /1 hedges/);
  });

  it('refuses a malformed FACTDESK_TEST_FAULTS rather than running without the fault', () => {
    const r = run(['analyze', '--jsonl'], 'nonsense', jsonl([{ id: 1, text: 'x' }]));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /FACTDESK_TEST_FAULTS/);
  });
});
