// Runs the built CLI (dist/cli.js, built by `npm test` before mocha) as a user or the scorer would.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.join(__dirname, '../..');
const cli = path.join(root, 'dist/cli.js');

function run(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8', cwd: root, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('factdesk analyze', () => {
  let tmp: string;
  before(() => {
    assert.ok(fs.existsSync(cli), 'dist/cli.js is built (npm test builds it first)');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'factdesk-cli-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('prints a readable view with a summary for each example', () => {
    const r = run(['analyze', 'examples/harbour-bridge-closure.txt', 'examples/vaccine-trial-results.md']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /examples\/harbour-bridge-closure\.txt/);
    assert.match(r.stdout, /\d+ quotes, \d+ claims, \d+ hedges, \d+ entities/);
    // eslint-disable-next-line no-control-regex -- the escape that starts a terminal colour
    assert.doesNotMatch(r.stdout, /\x1b\[/, 'no colors when not a terminal');
  });

  it('prints the full analysis with --json', () => {
    const r = run(['analyze', 'examples/council-budget-vote.txt', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const a = JSON.parse(r.stdout);
    assert.equal(a.file, 'examples/council-budget-vote.txt');
    for (const key of ['structure', 'quotes', 'claims', 'hedges', 'entities']) assert.ok(key in a, key);
  });

  it('keeps the --jsonl batch contract: one line per input, in order, ids echoed', () => {
    const input =
      [
        { id: 'a', text: 'Prices reportedly rose 12 percent in 2025.' },
        { id: 7, text: '' },
        { id: 'c', text: '“Hello,” she said.' },
      ]
        .map((x) => JSON.stringify(x))
        .join('\n') + '\n';
    const r = run(['analyze', '--jsonl'], input);
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      rows.map((x) => x.id),
      ['a', 7, 'c'],
    );
    for (const row of rows) for (const key of ['quotes', 'claims', 'hedges', 'entities']) assert.ok(Array.isArray(row[key]), key);
  });

  const bad: [string, () => string[], RegExp, string?][] = [
    ['a missing file', () => ['analyze', path.join(tmp, 'nope.txt')], /no such file/],
    ['a directory', () => ['analyze', tmp], /is a directory/],
    [
      'an empty file',
      () => {
        fs.writeFileSync(path.join(tmp, 'empty.txt'), '');
        return ['analyze', path.join(tmp, 'empty.txt')];
      },
      /empty/,
    ],
    [
      'a binary file',
      () => {
        fs.writeFileSync(path.join(tmp, 'bin.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
        return ['analyze', path.join(tmp, 'bin.txt')];
      },
      /binary/,
    ],
    [
      'a non-UTF-8 file',
      () => {
        fs.writeFileSync(path.join(tmp, 'latin1.txt'), Buffer.from('Caf\xe9 au lait', 'latin1'));
        return ['analyze', path.join(tmp, 'latin1.txt')];
      },
      /not valid UTF-8/,
    ],
    ['no files', () => ['analyze'], /no files given/],
    ['a malformed JSONL line', () => ['analyze', '--jsonl'], /line 2: not valid JSON/, '{"id":"1","text":"ok"}\n{oops\n'],
    ['a JSONL line without text', () => ['analyze', '--jsonl'], /line 1: expected/, '{"id":"1"}\n'],
    ['empty JSONL input', () => ['analyze', '--jsonl'], /no input lines/, ''],
  ];
  for (const [what, args, message, input] of bad) {
    it(`gives one clear line and exit 2 for ${what}`, () => {
      const r = run(args(), input);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /\bat .*\.js:\d+/, 'no stack trace');
    });
  }
});
