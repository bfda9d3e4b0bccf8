// Note flows of issue #9 inside a real VS Code: places shifted by typing reach the sidecar when the
// article is saved, not before (a note's own changes at once); a note that loses its text is told
// with a notification and counted in the status bar while it is orphaned; notes are signed with the
// factdesk.author setting (or its old name, else git's user.name, else the system user).
// The keyboard focus with an open thread, Ctrl+Enter and the verdict picker are in
// test/browser/noteFlows.mjs (real keys and clicks).
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ReceivedFindings } from '../../../src/shared/protocol';
import {
  closeAll,
  DEADLINE_MS,
  eventually,
  EXTENSION_ID,
  messages,
  notesWhere,
  open,
  readSidecar,
  select,
  setSetting,
  sidecarOf,
  workspaceDir,
} from '../helpers';

const FIXTURE = path.resolve(__dirname, '../../../../test/fixtures/notes/library-vote.txt');

let counter = 0;

function copyArticle(label: string): string {
  const dir = path.join(workspaceDir(), 'note-flow-tests');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${label}-${process.pid}-${++counter}.txt`);
  fs.writeFileSync(file, fs.readFileSync(FIXTURE, 'utf8'));
  return file;
}

/** VS Code in a browser saves after a second by default; these tests decide when the article is saved. */
async function setAutoSave(value: 'off' | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('files').update('autoSave', value, vscode.ConfigurationTarget.Workspace);
}

interface OrphanStatus {
  count: number;
  text: string;
  label: string;
  visible: boolean;
}

describe('Note flows (issue #9)', function () {
  this.timeout(120000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await setAutoSave('off');
  });

  after(async () => {
    await setAutoSave(undefined);
  });

  afterEach(closeAll);

  it('keeps the sidecar bytes while typing shifts a note, and stores the new place when the article is saved', async () => {
    const article = copyArticle('typing');
    const { editor, uri } = await open(article);
    const quote = 'about 1.8 million euros a year';
    const span = select(editor, quote);
    const id = await vscode.commands.executeCommand<string>('factdesk.addNote', { verdict: 'true', comment: 'Budget report, table 3.' });
    await notesWhere(uri, (s) => s.threads.length === 1, 'the thread');
    const written = fs.readFileSync(sidecarOf(article));
    const writtenAt = fs.statSync(sidecarOf(article)).mtimeMs;

    // Typed on the note's line, before it, one edit a keystroke.
    const line = editor.document.positionAt(span.start).line;
    const typed = 'Senior ';
    let findings = await vscode.commands.executeCommand<ReceivedFindings>('factdesk._test.waitForFindings', uri.toString(), -1, DEADLINE_MS);
    for (const key of typed) {
      assert.ok(await editor.edit((b) => b.insert(new vscode.Position(line, 0), key)));
    }
    const shifted = await notesWhere(uri, (s) => s.notes.find((n) => n.id === id)?.start === span.start + typed.length, 'the note to shift');
    assert.equal(shifted.notes.find((n) => n.id === id)?.text, quote);
    // The server's analysis of the typed text comes after the notes moved: by then nothing was written.
    while (findings.version < editor.document.version) {
      findings = await vscode.commands.executeCommand<ReceivedFindings>('factdesk._test.waitForFindings', uri.toString(), findings.seq, DEADLINE_MS);
    }
    assert.ok(editor.document.isDirty);
    assert.ok(written.equals(fs.readFileSync(sidecarOf(article))), 'the sidecar was rewritten before the article was saved');
    assert.equal(fs.statSync(sidecarOf(article)).mtimeMs, writtenAt);

    // A note's own change is written at once, with the place the article on disk has.
    await vscode.commands.executeCommand('factdesk.notes.setVerdict', { uri: uri.toString(), noteId: id, verdict: 'mostly-true' });
    await eventually(() => readSidecar(article).items[0].body[0].value === 'mostly-true', 'the verdict written at once');
    const [quoteSelector, position] = readSidecar(article).items[0].target.selector;
    assert.equal(fs.readFileSync(article, 'utf8').slice(position.start, position.end), quoteSelector.exact, 'sidecar and article on disk agree');
    assert.equal(position.start, span.start);

    assert.ok(await editor.document.save());
    await eventually(() => readSidecar(article).items[0].target.selector[1].start === span.start + typed.length, 'the saved position');
    const saved = readSidecar(article).items[0].target.selector;
    assert.equal(fs.readFileSync(article, 'utf8').slice(saved[1].start, saved[1].end), saved[0].exact);
    const after = await notesWhere(uri, () => true, 'the notes');
    assert.equal(after.notes.find((n) => n.id === id)?.state, 'anchored', 'saving does not make a typed-around note "moved"');
  });

  it('tells of a note that loses its text (notification with Show) and counts orphans in the status bar while there are any', async () => {
    const article = copyArticle('orphan');
    const { editor, uri } = await open(article);
    const quote = 'Visits on Sundays rose by 14 percent last year.';
    const span = select(editor, quote);
    const id = await vscode.commands.executeCommand<string>('factdesk.addNote', { verdict: 'false', comment: '' });
    await notesWhere(uri, (s) => s.threads.length === 1, 'the thread');
    const shownBefore = (await messages()).length;
    const none = await vscode.commands.executeCommand<OrphanStatus>('factdesk._test.orphanStatus');
    assert.equal(none.visible, false, `no orphans yet: ${JSON.stringify(none)}`);

    const range = new vscode.Range(editor.document.positionAt(span.start), editor.document.positionAt(span.end));
    assert.ok(await editor.edit((b) => b.delete(range)));
    await notesWhere(uri, (s) => s.notes.find((n) => n.id === id)?.state === 'orphaned', 'the note to be orphaned');
    const shown = (await messages()).slice(shownBefore);
    const told = shown.filter((m) => /lost its text/.test(m.text));
    assert.equal(told.length, 1, `messages: ${JSON.stringify(shown)}`);
    assert.equal(told[0].severity, 'warning');
    assert.ok(told[0].text.includes(path.basename(article)));
    assert.ok(told[0].text.length <= 120, `a short message: ${told[0].text}`);
    const one = await vscode.commands.executeCommand<OrphanStatus>('factdesk._test.orphanStatus');
    assert.deepEqual([one.visible, one.count], [true, 1], JSON.stringify(one));
    assert.match(one.text, /1 orphaned/);
    assert.match(one.label, /1 orphaned fact-check note\b/);

    // Orphaned once is told once: more typing does not repeat it.
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'x')));
    await notesWhere(uri, (s) => s.seq > 0, 'the notes');
    assert.equal((await messages()).slice(shownBefore).filter((m) => /lost its text/.test(m.text)).length, 1);

    // Both edits undone: the article is as saved, the note is anchored again and the count goes.
    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('undo');
    await notesWhere(uri, (s) => s.notes.find((n) => n.id === id)?.state === 'anchored', 'the note placed again');
    const gone = await vscode.commands.executeCommand<OrphanStatus>('factdesk._test.orphanStatus');
    assert.deepEqual([gone.visible, gone.count], [false, 0], JSON.stringify(gone));
    // The "Show" action's command: the Fact-check view opens.
    await vscode.commands.executeCommand('factdesk.notes.showOrphans', uri.toString());
  });

  it('signs notes with factdesk.author, else the old factdesk.notes.author, else git user.name or the system user', async () => {
    const article = copyArticle('author');
    const { editor, uri } = await open(article);
    const author = async (quote: string) => {
      select(editor, quote);
      const id = await vscode.commands.executeCommand<string>('factdesk.addNote', { verdict: 'unchecked', comment: '' });
      const state = await notesWhere(uri, (s) => s.notes.some((n) => n.id === id), 'the note');
      return state.notes.find((n) => n.id === id)?.author;
    };
    try {
      await setSetting('author', 'Desk Tester');
      await setSetting('notes.author', 'Old Key Name');
      assert.equal(await author('voted 31 to 4'), 'Desk Tester');
      await setSetting('author', undefined);
      assert.equal(await author('nine branch libraries'), 'Old Key Name');
      await setSetting('notes.author', undefined);
      let expected: string;
      try {
        expected = execFileSync('git', ['config', 'user.name'], { cwd: path.dirname(article), encoding: 'utf8' }).trim();
      } catch (error) {
        // git has no user.name here (exit code 1): the system user signs.
        assert.equal((error as { status?: number }).status, 1, String(error));
        expected = os.userInfo().username;
      }
      assert.equal(await author('Councillor Tomas Berg'), expected);
    } finally {
      // Not setSetting: it waits for a change, and these may be unset already.
      for (const key of ['author', 'notes.author'])
        await vscode.workspace.getConfiguration('factdesk').update(key, undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
