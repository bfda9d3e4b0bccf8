// `factdesk lookup`, run as a child process on a copy of the desk fixture: the JSON contract, the
// workspace default, the readable form and bad input.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { cli, runCli } from '../reports/cli-run';
import { deskCopy, write } from '../workspace/helpers';

describe('factdesk lookup', function () {
  this.timeout(60000);
  let root: string;
  before(() => assert.ok(fs.existsSync(cli), `${cli} is built (npm test builds it first)`));
  beforeEach(() => (root = deskCopy()));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('prints the contract JSON with files relative to the workspace', () => {
    const r = runCli(['lookup', 'desk/hospital-funding.txt', '--workspace', '.', '--json'], root);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.article, 'desk/hospital-funding.txt');
    const kowalczyk = out.entities.find((e: { name: string }) => e.name === 'Marta Kowalczyk');
    assert.deepEqual(
      {
        id: kowalczyk.id,
        type: kowalczyk.type,
        kb: kowalczyk.kb,
        elsewhere: kowalczyk.elsewhere.map((e: object) => ({ ...e, title: undefined, date: undefined })),
      },
      {
        id: 'person:marta-kowalczyk',
        type: 'person',
        kb: null,
        elsewhere: [{ file: 'desk/budget-deficit.txt', line: 8, role: 'Finance Minister', title: undefined, date: undefined }],
      },
    );
    assert.deepEqual(
      kowalczyk.quotes.map((q: { file: string; line: number }) => [q.file, q.line]),
      [
        ['desk/budget-deficit.txt', 10],
        ['desk/budget-deficit.txt', 10],
      ],
    );
    assert.match(kowalczyk.quotes[0].text, /^We will not balance the books on the backs of patients/);
    assert.deepEqual(kowalczyk.verdicts, { 'mostly-false': 1 });
    for (const e of out.entities) {
      for (const key of ['id', 'name', 'type', 'kb', 'elsewhere', 'quotes', 'verdicts']) assert.ok(key in e, `${key} in ${e.name}`);
    }
  });

  it('lists both people for a surname they share, linking neither', () => {
    const r = runCli(['lookup', 'desk/brenner-response.txt', '--workspace', '.', '--json'], root);
    const brenner = JSON.parse(r.stdout).entities.find((e: { name: string }) => e.name === 'Brenner');
    assert.equal(brenner.id, 'ambiguous:brenner');
    assert.deepEqual(brenner.elsewhere, []);
    assert.deepEqual(
      brenner.candidates.map((c: { name: string }) => c.name),
      ['Lena Brenner', 'Tomas Brenner'],
    );
  });

  it('finds the workspace from .factdesk/ and uses the knowledge base', () => {
    write(
      root,
      '.factdesk/entities.json',
      JSON.stringify({ entities: [{ id: 'tomas-brenner', name: 'Tomas Brenner', type: 'person', aliases: ['Brenner'], description: 'Opposition leader' }] }),
    );
    const r = runCli(['lookup', 'brenner-response.txt', '--json'], path.join(root, 'desk'));
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.article, 'desk/brenner-response.txt');
    const brenner = out.entities.find((e: { written: string }) => e.written === 'Brenner');
    assert.equal(brenner.id, 'kb:tomas-brenner');
    assert.equal(brenner.kb.description, 'Opposition leader');
    assert.deepEqual(
      brenner.elsewhere.map((e: { file: string }) => e.file),
      ['desk/budget-deficit.txt'],
    );
  });

  it('prints a readable list without --json', () => {
    const r = runCli(['lookup', 'desk/hospital-funding.txt', '--workspace', '.'], root);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^desk\/hospital-funding\.txt: \d+ entities/);
    assert.match(
      r.stdout,
      /Marta Kowalczyk \(person, person:marta-kowalczyk\) — written “Dr\. Marta Kowalczyk”|Marta Kowalczyk \(person, person:marta-kowalczyk\)/,
    );
    assert.match(r.stdout, / {2}desk\/budget-deficit\.txt:8 {2}Finance Minister {2}“Finance minister defends deficit plan”/);
    assert.match(r.stdout, / {2}verdicts: mostly-false 1/);
  });

  it('bad input: a missing article, an article outside the workspace, a malformed knowledge base', () => {
    let r = runCli(['lookup', 'desk/missing.txt', '--workspace', '.'], root);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^factdesk: desk\/missing\.txt: no such file\n$/);
    r = runCli(['lookup', 'desk/council-vote.txt', '--workspace', 'desk/../desk/sub-does-not-exist'], root);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not a folder/);
    write(root, '.factdesk/entities.json', '{"entities": [}');
    r = runCli(['lookup', 'desk/council-vote.txt', '--json'], root);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /entities\.json:1:\d+: malformed JSON.*not used until it is fixed/);
    assert.equal(fs.readFileSync(path.join(root, '.factdesk/entities.json'), 'utf8'), '{"entities": [}');
  });
});
