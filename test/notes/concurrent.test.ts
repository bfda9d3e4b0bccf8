// Two kinds of real writers on one sidecar at the same time, as a newsroom has them: `factdesk
// notes add` runs (a script, a colleague's hook; several loops of them) and a process holding the
// notes as the extension does (one long-lived NotesFile with the editor's bounded lock wait, a save
// per note, re-reads as its file watcher would make it). Every note each of them added is there at
// the end, once. Before the lock, two loops of 40 `notes add` each kept 75-78 of their 80 notes.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseSidecar, sidecarPathFor, type Note } from '../../src/notes';
import { ARTICLE_TEXT } from './helpers';
import { bundleWriter, CLI, run } from './processes';

const TOTAL_NOTES = 1_000;
/** `notes add` loops running at once, and notes each adds: one process per note, so fewer than the editor's. */
const CLI_LOOPS = 4;
const NOTES_PER_CLI_LOOP = 50;
const EDITOR_NOTES = TOTAL_NOTES - CLI_LOOPS * NOTES_PER_CLI_LOOP;

describe('notes written by several processes at once', function () {
  // Real processes: 200 command-line runs and 800 saves of a growing sidecar.
  this.timeout(900_000);
  let dir: string;
  let article: string;
  let writer: string;
  before(async () => {
    assert.ok(fs.existsSync(CLI), 'dist/cli.js is built (npm test builds it first)');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'factdesk-concurrent-'));
    writer = await bundleWriter('editor-writer', dir);
    article = path.join(dir, 'budget.txt');
    fs.writeFileSync(article, ARTICLE_TEXT);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(`keeps all ${TOTAL_NOTES} notes of the command line and an editor writing at the same time`, async () => {
    const cliLoop = async (loop: number): Promise<void> => {
      for (let i = 0; i < NOTES_PER_CLI_LOOP; i++) {
        const added = await run(process.execPath, [CLI, 'notes', 'add', article, '--quote', 'Monday', '--verdict', 'true', '--comment', `cli${loop}-${i}`]);
        assert.equal(added.code, 0, `notes add ${loop}/${i} failed: ${added.stderr}`);
      }
    };
    const [editor] = await Promise.all([
      run(process.execPath, [writer, article, String(EDITOR_NOTES), 'editor']),
      ...Array.from({ length: CLI_LOOPS }, (_, loop) => cliLoop(loop)),
    ]);
    assert.equal(editor.code, 0, `the editor's writer failed: ${editor.stderr}`);
    const summary = JSON.parse(editor.stdout) as { added: number; saved: boolean; lockTimeouts: number; merges: number };
    const sidecar = sidecarPathFor(article);
    const notes: Note[] = parseSidecar(fs.readFileSync(sidecar, 'utf8'), sidecar, 'budget.txt').notes;
    const comments = notes.map((n) => n.comment);
    const expected = [
      ...Array.from({ length: EDITOR_NOTES }, (_, i) => `editor-${i}`),
      ...Array.from({ length: CLI_LOOPS }, (_, loop) => Array.from({ length: NOTES_PER_CLI_LOOP }, (_, i) => `cli${loop}-${i}`)).flat(),
    ];
    const present = new Set(comments);
    assert.deepEqual(
      expected.filter((c) => !present.has(c)),
      [],
      'notes lost',
    );
    assert.equal(notes.length, TOTAL_NOTES, 'no note twice, none extra');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['budget.txt', 'budget.txt.factcheck.json', 'editor-writer.cjs'], 'no lock or temporary file left');
    console.log(
      `      ${CLI_LOOPS} notes add loops x ${NOTES_PER_CLI_LOOP} + an editor process x ${EDITOR_NOTES}: ${notes.length} of ${TOTAL_NOTES} notes kept; ` +
        `the editor merged others' notes on ${summary.merges} saves and waited past its bound on ${summary.lockTimeouts}`,
    );
  });
});
