// `factdesk check --quotes` and the quotes section of `factdesk report`, as child processes on a
// workspace (.factdesk/) of the fixture sources and the quote-check articles.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli, runCli } from '../reports/cli-run';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

describe('factdesk check --quotes, report quotes', function () {
  this.timeout(60000);
  let root: string;
  before(() => assert.ok(fs.existsSync(cli), `${cli} is built (npm test builds it first)`));
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'factdesk-quotes-'));
    fs.mkdirSync(path.join(root, '.factdesk'));
    fs.cpSync(path.join(FIXTURES, 'sources'), path.join(root, 'sources'), { recursive: true });
    fs.cpSync(path.join(FIXTURES, 'quotecheck'), path.join(root, 'desk'), { recursive: true });
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  // --threshold 1: no claim is check-worthy, so the quotes alone decide.
  const check = (...args: string[]) => runCli(['check', 'desk/ferries.txt', '--threshold', '1', ...args], root);

  it('fails on an altered quote, naming it, its source and the change (exit 1); passes without --quotes', () => {
    const r = check('--quotes');
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(
      lines[0],
      /^desk\/ferries\.txt:7:1 {2}quote altered: “The new ferries will cut the harbour's emissions by a third,” — altered from sources\/press-conference-harbour\.txt:6 \(Mayor Ana Ruiz\): a number changed \(half → third\)$/,
    );
    assert.match(lines[1], /^desk\/ferries\.txt: not ready: .*1 of 2 quotes not verbatim in the sources/);
    assert.equal(check().code, 0);
  });

  it('passes once a note with a final verdict covers the quote; an unchecked note does not', () => {
    const add = (verdict: string) =>
      runCli(
        [
          'notes',
          'add',
          'desk/ferries.txt',
          '--quote',
          "cut the harbour's emissions by a third",
          '--verdict',
          verdict,
          '--comment',
          'Ruiz said half; the council paper says a third.',
        ],
        root,
      );
    assert.equal(add('unchecked').code, 0);
    assert.equal(check('--quotes').code, 1);
    assert.equal(add('mostly-true').code, 0);
    const r = check('--quotes');
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /desk\/ferries\.txt: ok, no check-worthy claims, 2 quotes checked/);
  });

  it('gives the failing quotes in --json, and fails every quote when there are no sources', () => {
    let json = JSON.parse(check('--quotes', '--json').stdout);
    assert.equal(json.files[0].quotesChecked, 2);
    assert.deepEqual(
      json.files[0].quotes.map((q: { line: number; column: number; status: string; source: { file: string; line: number } }) => [
        q.line,
        q.column,
        q.status,
        q.source.file,
        q.source.line,
      ]),
      [[7, 1, 'altered', 'sources/press-conference-harbour.txt', 6]],
    );
    assert.equal(json.totals.quotes, 1);
    // The failing quote is an open item in the counts, as the editor's Desk counts it (additive fields).
    assert.deepEqual(json.files[0].counts, {
      claims: 0,
      verified: 0,
      left: 1,
      unverified: 0,
      changed: 0,
      orphaned: 0,
      altered: 1,
      wrongSpeaker: 0,
      notFound: 0,
    });
    assert.deepEqual([json.totals.left, json.totals.altered, json.totals.wrongSpeaker, json.totals.notFound], [1, 1, 0, 0]);
    fs.rmSync(path.join(root, 'sources'), { recursive: true });
    const r = check('--quotes', '--json');
    assert.equal(r.code, 1);
    json = JSON.parse(r.stdout);
    assert.deepEqual(
      json.files[0].quotes.map((q: { status: string; reason: string }) => [q.status, /no source documents/.test(q.reason)]),
      [
        ['not-found', true],
        ['not-found', true],
      ],
    );
  });

  it('takes other sources with --sources, and refuses --sources without --quotes (exit 2)', () => {
    fs.renameSync(path.join(root, 'sources'), path.join(root, 'material'));
    const r = check('--quotes', '--sources', 'material/**', '--json');
    assert.equal(JSON.parse(r.stdout).files[0].quotes[0].source.file, 'material/press-conference-harbour.txt');
    const bad = check('--sources', 'material/**');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--sources goes with --quotes/);
  });

  it('a report lists every quote with its state and source', () => {
    const md = runCli(['report', 'desk/hospitals.txt'], root);
    assert.equal(md.code, 0, md.stderr);
    const section = md.stdout.slice(md.stdout.indexOf('## Quotes'));
    assert.match(section, /Checked against 6 source documents: 2 verbatim, 2 altered, 1 wrong speaker, 1 not found\./);
    assert.match(
      section,
      /\*\*altered\*\*: “There will be an increase in VAT in this parliament,” — Marta Kowalczyk\n {3}- Source: sources\/interview-kowalczyk\.txt:16 \(Marta Kowalczyk\)/,
    );
    assert.match(section, / {3}- Diff: there will be \\\[-no-\\\] \\\{\+an\+\\\} increase in VAT in this parliament/);
    assert.match(
      section,
      /\*\*altered\*\*: “Spending on hospitals will rise by 14 percent,”\n/,
      'a speaker the engine guessed from a sentence start is not shown',
    );
    assert.match(section, /\*\*wrong speaker\*\*: “Nobody wins from a strike,” — Tomas Brenner/);
    const html = runCli(['report', 'desk/hospitals.txt', '--format', 'html'], root);
    assert.match(html.stdout, /<section id="quotes"><h2>Quotes<\/h2>/);
    assert.match(html.stdout, /<li class="quote-check q-altered">.*<del>no<\/del> <ins>an<\/ins>/);
  });
});
