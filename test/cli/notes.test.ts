// Runs the built CLI's `notes` commands (dist/cli.js, built by `npm test` before mocha;
// FACTDESK_CLI may point at another build).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import schema from '../../schemas/factcheck.schema.json';

const root = path.join(__dirname, '../..');
const cli = process.env.FACTDESK_CLI ?? path.join(root, 'dist/cli.js');

const ARTICLE = [
  'Bridge to close',
  '',
  'The harbour bridge will close for six weeks, the council said. The council said 14 of 60 cables were corroded 🚧.',
  '',
  'Traders expect to lose about 2.3 million euros.',
].join('\n');

function run(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd, env: { ...process.env, NO_COLOR: '1', FACTDESK_AUTHOR: 'Test Desk' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('factdesk notes', function () {
  // Each case spawns the CLI a few times; allow for a busy machine.
  this.timeout(60000);
  let dir: string;
  const sidecar = (): string => path.join(dir, 'bridge.txt.factcheck.json');
  before(() => assert.ok(fs.existsSync(cli), `${cli} is built (npm test builds it first)`));
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'factdesk-notes-cli-'));
    fs.writeFileSync(path.join(dir, 'bridge.txt'), ARTICLE);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists no notes for an article without a sidecar', () => {
    const r = run(['notes', 'bridge.txt'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /bridge\.txt: 0 notes/);
    assert.deepEqual(JSON.parse(run(['notes', 'bridge.txt', '--json'], dir).stdout).notes, []);
  });

  it('adds notes and lists them with verdict, state and UTF-16 span', () => {
    const add = run(
      [
        'notes',
        'add',
        'bridge.txt',
        '--quote',
        'about 2.3 million euros',
        '--verdict',
        'mostly-false',
        '--comment',
        'Chamber of commerce says **1.1 million**.',
        '--source',
        'https://example.org/a',
        '--source',
        'https://example.org/b',
      ],
      dir,
    );
    assert.equal(add.code, 0, add.stderr);
    assert.match(add.stdout, /added urn:uuid:/);
    const second = run(['notes', 'add', 'bridge.txt', '--quote', 'council said', '--occurrence', '2', '--verdict', 'true', '--author', 'Ana', '--json'], dir);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(JSON.parse(second.stdout).note.author, 'Ana');

    const doc = JSON.parse(fs.readFileSync(sidecar(), 'utf8'));
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    assert.ok(ajv.validate(schema, doc), JSON.stringify(ajv.errors));
    assert.equal(doc.items.length, 2);

    const list = run(['notes', 'bridge.txt', '--json'], dir);
    assert.equal(list.code, 0, list.stderr);
    const notes = JSON.parse(list.stdout).notes;
    assert.equal(notes.length, 2);
    const money = notes.find((n: { verdict: string }) => n.verdict === 'mostly-false');
    assert.equal(money.state, 'anchored');
    assert.deepEqual(money.span, { start: ARTICLE.indexOf('about 2.3'), end: ARTICLE.indexOf('about 2.3') + 'about 2.3 million euros'.length });
    assert.deepEqual(money.sources, ['https://example.org/a', 'https://example.org/b']);
    assert.equal(money.author, 'Test Desk');
    const human = run(['notes', 'bridge.txt'], dir);
    assert.match(human.stdout, /2 notes \(2 anchored, 0 moved, 0 changed since checked, 0 orphaned\)/);
    assert.match(human.stdout, /mostly-false\s+anchored/);
  });

  it('reports notes as moved after an outside edit and orphaned when their text is gone', () => {
    run(['notes', 'add', 'bridge.txt', '--quote', 'about 2.3 million euros', '--verdict', 'false'], dir);
    run(['notes', 'add', 'bridge.txt', '--quote', 'will close for six weeks', '--verdict', 'true'], dir);
    const edited = '🚧 Update: ' + ARTICLE.replace('will close for six weeks, the council said. ', '');
    fs.writeFileSync(path.join(dir, 'bridge.txt'), edited);
    const notes = JSON.parse(run(['notes', 'bridge.txt', '--json'], dir).stdout).notes;
    const money = notes.find((n: { verdict: string }) => n.verdict === 'false');
    assert.equal(money.state, 'moved');
    assert.equal(edited.slice(money.span.start, money.span.end), 'about 2.3 million euros', 'span in UTF-16 offsets');
    const gone = notes.find((n: { verdict: string }) => n.verdict === 'true');
    assert.equal(gone.state, 'orphaned');
    assert.equal(gone.span, null);
    assert.equal(gone.text, 'will close for six weeks');
  });

  it('--source takes a URL or a description; the sidecar stores them as SpecificResource and TextualBody', () => {
    const call = "Phone call with the insurers' press office, 8 Jan";
    const add = run(
      ['notes', 'add', 'bridge.txt', '--quote', 'about 2.3 million euros', '--verdict', 'true', '--source', 'https://example.org/a', '--source', call],
      dir,
    );
    assert.equal(add.code, 0, add.stderr);
    const doc = JSON.parse(fs.readFileSync(sidecar(), 'utf8'));
    assert.deepEqual(doc.items[0].body.slice(1), [
      { type: 'SpecificResource', purpose: 'linking', source: 'https://example.org/a' },
      { type: 'TextualBody', purpose: 'linking', value: call },
    ]);
    assert.deepEqual(JSON.parse(run(['notes', 'bridge.txt', '--json'], dir).stdout).notes[0].sources, ['https://example.org/a', call]);
    assert.match(run(['notes', 'bridge.txt'], dir).stdout, /source: Phone call with the insurers' press office, 8 Jan/);
  });

  it('a note whose text changed since its verdict is listed as changed with the checked text', () => {
    run(['notes', 'add', 'bridge.txt', '--quote', 'Traders expect to lose about 2.3 million euros.', '--verdict', 'mostly-false'], dir);
    fs.writeFileSync(path.join(dir, 'bridge.txt'), ARTICLE.replace('2.3 million', '1.9 million'));
    const notes = JSON.parse(run(['notes', 'bridge.txt', '--json'], dir).stdout).notes;
    assert.equal(notes[0].state, 'changed');
    assert.equal(notes[0].checkedText, 'Traders expect to lose about 2.3 million euros.');
    assert.equal(notes[0].text, 'Traders expect to lose about 1.9 million euros.');
    const human = run(['notes', 'bridge.txt'], dir).stdout;
    assert.match(human, /1 changed since checked/);
    assert.match(human, /checked as: "Traders expect to lose about 2\.3 million euros\."/);
  });

  it('dismisses a passage as not check-worthy, with --occurrence and --reason, validated by the schema', () => {
    const r = run(['notes', 'dismiss', 'bridge.txt', '--quote', 'council said', '--occurrence', '2', '--reason', 'Attribution only', '--json'], dir);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout).dismissal;
    const second = ARTICLE.indexOf('council said', ARTICLE.indexOf('council said') + 1);
    assert.deepEqual(out.span, { start: second, end: second + 'council said'.length });
    assert.equal(out.reason, 'Attribution only');
    const doc = JSON.parse(fs.readFileSync(sidecar(), 'utf8'));
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    assert.ok(ajv.validate(schema, doc), JSON.stringify(ajv.errors));
    assert.equal(doc.items[0].motivation, 'classifying');
    assert.match(run(['notes', 'bridge.txt'], dir).stdout, /1 passage dismissed as not check-worthy:\n {2}dismissed\s+anchored/);
  });

  it('refuses bad input with a clear message and exit 2, writing nothing', () => {
    const cases: [string[], RegExp][] = [
      [['--quote', 'not in the text', '--verdict', 'true'], /not in the article/],
      [['--quote', 'council said', '--verdict', 'true'], /occurs 2 times; choose one with --occurrence 1 to 2/],
      [['--quote', 'council said', '--occurrence', '3', '--verdict', 'true'], /--occurrence 3 is out of range/],
      [['--quote', 'six weeks', '--verdict', 'probably'], /invalid verdict "probably"; use one of: unchecked, true/],
      [['--quote', 'six weeks', '--verdict', 'true', '--source', ' '], /--source is empty/],
      [['--reason', 'x'], /required option '--quote <text>'/],
    ];
    for (const [args, message] of cases) {
      const r = run(['notes', args[0] === '--reason' ? 'dismiss' : 'add', 'bridge.txt', ...args], dir);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
    }
    assert.equal(fs.existsSync(sidecar()), false);
    const missing = run(['notes', 'nope.txt'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.txt: no such file/);
  });

  it('exits 2 naming the file and the problem for a malformed sidecar, leaving it untouched', () => {
    const broken = '{\n  "type": "AnnotationCollection",\n  "items": [\n}\n';
    fs.writeFileSync(sidecar(), broken);
    const r = run(['notes', 'bridge.txt'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bridge\.txt\.factcheck\.json:4:1: malformed JSON/);
    const add = run(['notes', 'add', 'bridge.txt', '--quote', 'six weeks', '--verdict', 'true'], dir);
    assert.equal(add.code, 2);
    assert.match(add.stderr, /left untouched/);
    assert.equal(fs.readFileSync(sidecar(), 'utf8'), broken);

    fs.writeFileSync(sidecar(), JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationCollection', items: [{ id: 'x' }] }));
    const schemaError = run(['notes', 'bridge.txt'], dir);
    assert.equal(schemaError.code, 2);
    assert.match(schemaError.stderr, /does not match the notes schema at \/items\/0/);
  });
});
