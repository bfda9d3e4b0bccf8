// Hostile sidecars: too large, nested 10,000 deep, duplicate ids, a note whose target names another
// file or a path outside the folder. Each gets one clear message naming the file and the problem,
// the notes stay read-only, and nothing is written anywhere (the whole folder tree, and a file
// beside it, are compared byte for byte before and after). Refusals of size and depth happen before
// the text is parsed: no stack overflow in the parser, the merge or the writer, and no time spent
// parsing 50 MB.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  firstTooDeep,
  MAX_SIDECAR_BYTES,
  MAX_SIDECAR_DEPTH,
  NotesFile,
  parseSidecar,
  ReadOnlyNotesError,
  serializeCollection,
  SidecarError,
  type NoteCollection,
} from '../../src/notes';
import { ARTICLE_TEXT, spanOf } from './helpers';
import { CLI, run } from './processes';

const HOSTILE_BYTES = 50 * 1024 * 1024;
const HOSTILE_DEPTH = 10_000;

/** Every file under `dir` with a digest of its bytes. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  }
  return out;
}

/** A valid sidecar of one note on the article, as FactDesk writes it. */
function oneNoteSidecar(): Record<string, unknown> {
  const writer = NotesFile.load('/nowhere/budget.txt', {
    readText: () => undefined,
    writeTextAtomic: () => assert.fail('no write'),
    rename: () => assert.fail('no rename'),
    remove: () => assert.fail('no remove'),
    exists: () => false,
    createExclusive: () => assert.fail('no lock'),
    ageMs: () => undefined,
    abandonedTemporaries: () => [],
  });
  writer.addNote({ text: ARTICLE_TEXT, span: spanOf(ARTICLE_TEXT, '18 percent'), verdict: 'true', comment: 'Matches the draft budget.' });
  const collection: NoteCollection = writer.collection;
  return JSON.parse(serializeCollection(collection));
}

describe('hostile sidecars', function () {
  // Writes and reads a 50 MB file; runs the CLI.
  this.timeout(120_000);
  let root: string;
  let desk: string;
  let article: string;
  let sidecar: string;
  let outside: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'factdesk-hostile-'));
    desk = path.join(root, 'desk');
    fs.mkdirSync(desk);
    article = path.join(desk, 'budget.txt');
    sidecar = article + '.factcheck.json';
    fs.writeFileSync(article, ARTICLE_TEXT);
    fs.writeFileSync(path.join(desk, 'other.txt'), 'Another article.\n');
    outside = path.join(root, 'outside.txt');
    fs.writeFileSync(outside, 'A file outside the article folder.\n');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  /** Loads, tries every write path, and the CLI; returns the load error. Nothing may change on disk. */
  async function expectRefused(problem: SidecarError['problem'], message: RegExp): Promise<SidecarError> {
    const before = snapshot(root);
    const notes = NotesFile.load(article);
    const error = notes.error;
    assert.ok(error instanceof SidecarError, 'the sidecar is refused');
    assert.equal(error.problem, problem);
    assert.equal(error.file, sidecar, 'the message names the file');
    assert.match(error.message, message);
    assert.equal(notes.readOnly, true);
    assert.equal(notes.notes.length, 0);
    assert.throws(() => notes.addNote({ text: ARTICLE_TEXT, span: spanOf(ARTICLE_TEXT, 'Monday') }), ReadOnlyNotesError);
    assert.throws(() => notes.save(), ReadOnlyNotesError);
    notes.refreshAnchors(ARTICLE_TEXT);
    notes.reload();
    assert.equal(notes.readOnly, true);
    assert.ok(fs.existsSync(CLI), 'dist/cli.js is built (npm test builds it first)');
    const added = await run(process.execPath, [CLI, 'notes', 'add', article, '--quote', 'Monday', '--verdict', 'true']);
    assert.equal(added.code, 2, added.stderr);
    assert.equal(added.stderr.trim().split('\n')[0], `factdesk: ${error.message}`, 'the command line says the same, in one line');
    assert.match(added.stderr, /left untouched/);
    assert.doesNotMatch(added.stderr, /\n\s+at /, 'no stack trace');
    const listed = await run(process.execPath, [CLI, 'notes', article]);
    assert.equal(listed.code, 2, listed.stderr);
    assert.deepEqual(snapshot(root), before, 'nothing written anywhere');
    return error;
  }

  it(`refuses a ${HOSTILE_BYTES / 1024 / 1024} MB sidecar before parsing it`, async () => {
    const doc = oneNoteSidecar();
    const padding = 'x'.repeat(HOSTILE_BYTES);
    fs.writeFileSync(sidecar, JSON.stringify({ ...doc, padding }));
    await expectRefused('limit', /budget\.txt\.factcheck\.json: is 50\.0 MB, more than the 20\.0 MB a notes file may hold; not read/);
    // Not valid JSON either: the size is judged first, so the text is never parsed.
    assert.throws(
      () => parseSidecar('{' + padding, sidecar),
      (e: unknown) => e instanceof SidecarError && e.problem === 'limit',
    );
    assert.ok(HOSTILE_BYTES > MAX_SIDECAR_BYTES);
  });

  for (const [kind, open, close] of [
    ['arrays', '[', ']'],
    ['objects', '{"a":', '}'],
  ] as const) {
    it(`refuses ${kind} nested ${HOSTILE_DEPTH.toLocaleString('en')} deep, with the line and column, without a stack overflow`, async () => {
      const doc = oneNoteSidecar();
      const deep = JSON.stringify({ ...doc, extra: '@@' }).replace('"@@"', open.repeat(HOSTILE_DEPTH) + '1' + close.repeat(HOSTILE_DEPTH));
      fs.writeFileSync(sidecar, deep);
      const error = await expectRefused('limit', /budget\.txt\.factcheck\.json:1:\d+: objects and arrays nested more than 100 levels deep/);
      assert.equal(error.line, 1);
      assert.equal(deep[error.column! - 1], open[0], 'the column is the bracket one level too deep');
      // Unclosed: still the depth, not a parser's stack.
      assert.throws(
        () => parseSidecar(open.repeat(HOSTILE_DEPTH), sidecar),
        (e: unknown) => e instanceof SidecarError && e.problem === 'limit',
      );
    });
  }

  it('counts only real nesting: brackets and escaped quotes inside strings are text', () => {
    const doc = oneNoteSidecar() as { items: { body: { value: string }[] }[] };
    doc.items[0].body[1].value = '\\"[[[[' + '['.repeat(HOSTILE_DEPTH) + '{"\\\\';
    const text = JSON.stringify(doc, null, 2);
    assert.equal(firstTooDeep(text), undefined);
    assert.equal(parseSidecar(text, sidecar, 'budget.txt').notes.length, 1);
    const nested = JSON.stringify({ a: JSON.parse('['.repeat(MAX_SIDECAR_DEPTH - 1) + ']'.repeat(MAX_SIDECAR_DEPTH - 1)) });
    assert.equal(firstTooDeep(nested), undefined, `${MAX_SIDECAR_DEPTH} levels are allowed`);
    assert.notEqual(firstTooDeep(`[${nested}]`), undefined, 'one more is not');
  });

  it('refuses duplicate note ids, naming both places', async () => {
    const doc = oneNoteSidecar() as { items: unknown[] };
    doc.items.push(structuredClone(doc.items[0]));
    fs.writeFileSync(sidecar, JSON.stringify(doc, null, 2));
    const error = await expectRefused(
      'schema',
      /budget\.txt\.factcheck\.json: does not match the notes schema at \/items\/1\/id: duplicate id urn:uuid:\S+ \(also \/items\/0\/id\)/,
    );
    assert.equal(error.pointer, '/items/1/id');
  });

  for (const [source, what] of [
    ['other.txt', 'names another file, "other.txt"'],
    ['../outside.txt', 'names a path outside the article\'s folder, "../outside.txt"'],
    ['desk/../../outside.txt', 'names a path outside the article\'s folder, "desk/../../outside.txt"'],
    ['/etc/passwd', 'names a path outside the article\'s folder, "/etc/passwd"'],
    ['C:\\Windows\\win.ini', 'names a path outside the article\'s folder, "C:\\\\Windows\\\\win.ini"'],
  ]) {
    it(`refuses a note whose target.source is ${JSON.stringify(source)}`, async () => {
      const doc = oneNoteSidecar() as { items: { target: { source: string } }[] };
      doc.items[0].target.source = source;
      fs.writeFileSync(sidecar, JSON.stringify(doc, null, 2));
      const escaped = what.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const error = await expectRefused(
        'target',
        new RegExp(`budget\\.txt\\.factcheck\\.json: the note at /items/0/target/source ${escaped}, not this file's article "budget\\.txt"`),
      );
      assert.equal(error.pointer, '/items/0/target/source');
    });
  }
});
