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
  eventuallyAsync,
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

  it('marks a note once: a note on a quote inside a claim gets one verdict mark, after the quote', async () => {
    const article = copyArticle('mark');
    const { editor, uri } = await open(article);
    const findings = await vscode.commands.executeCommand<ReceivedFindings>('factdesk._test.waitForFindings', uri.toString(), -1, DEADLINE_MS);
    const claims: Array<[number, number]> = [];
    for (let i = 0; i + 2 < findings.spans.claims.length; i += 3) claims.push([findings.spans.claims[i], findings.spans.claims[i + 1]]);
    let quote: [number, number] | undefined;
    for (let i = 0; i + 1 < findings.spans.quotes.length && !quote; i += 2) {
      const [start, end] = [findings.spans.quotes[i], findings.spans.quotes[i + 1]];
      if (claims.some(([cs, ce]) => cs <= start && end <= ce && ce - cs > end - start)) quote = [start, end];
    }
    assert.ok(quote, `the fixture has a quote inside a claim (claims ${JSON.stringify(claims)}, quotes ${JSON.stringify(findings.spans.quotes)})`);
    const [start, end] = quote;
    editor.selection = new vscode.Selection(editor.document.positionAt(start + 1), editor.document.positionAt(end - 1));
    await vscode.commands.executeCommand<string>('factdesk.addNote', { verdict: 'misleading', comment: '' });
    const state = await notesWhere(uri, (s) => s.badges.length > 0, 'a verdict mark');
    const at = editor.document.positionAt(end);
    assert.deepEqual(
      state.badges.map((b) => [b.verdict, b.line, b.character]),
      [['misleading', at.line, at.character]],
    );
  });

  it('the Fact-check view follows the active editor: its article open, the others collapsed', async () => {
    const first = copyArticle('follow-a');
    const second = copyArticle('follow-b');
    const addOn = async (file: string) => {
      const { editor, uri } = await open(file);
      select(editor, 'voted 31 to 4');
      await vscode.commands.executeCommand<string>('factdesk.addNote', { verdict: 'true', comment: '' });
      await notesWhere(uri, (s) => s.threads.length === 1, 'the thread');
    };
    await addOn(first);
    await addOn(second);
    const collapsed = async () => {
      const view = await vscode.commands.executeCommand<Array<{ label: string; collapsed?: true }>>('factdesk._test.notesView');
      return Object.fromEntries(view.filter((a) => [first, second].some((f) => path.basename(f) === a.label)).map((a) => [a.label, a.collapsed === true]));
    };
    await eventuallyAsync(
      async () => JSON.stringify(await collapsed()) === JSON.stringify({ [path.basename(first)]: true, [path.basename(second)]: false }),
      () => 'the second (active) article open, the first collapsed',
    );
    await vscode.window.showTextDocument(vscode.Uri.file(first));
    await eventuallyAsync(
      async () => JSON.stringify(await collapsed()) === JSON.stringify({ [path.basename(first)]: false, [path.basename(second)]: true }),
      () => 'the first article open once active, the second collapsed',
    );
  });

  it('keeps the Comments panel closed when the first note is added (comments.openView defaults to never)', async () => {
    // VS Code opens the panel for the first file with comments by default (firstFile), pushing the
    // new note's thread out of view; the user's own setting still wins.
    const inspected = vscode.workspace.getConfiguration('comments').inspect<string>('openView');
    assert.equal(inspected?.defaultValue, 'never', JSON.stringify(inspected));
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
