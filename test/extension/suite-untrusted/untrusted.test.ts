// FactDesk in an UNTRUSTED workspace (VS Code's Restricted Mode) inside a real extension host. The
// driver (`run-extension-tests.mjs --untrusted`) opens a copy of test/fixtures/untrusted-workspace
// with workspace trust enabled and the folder never trusted. package.json declares
// `capabilities.untrustedWorkspaces: limited`: highlights, hovers and the outline work; verification
// notes are shown but never written, and the user is told so once a session.
// Every write path is tried (add, verdict, source, reply, comment edit, delete, re-anchoring on open,
// saving the article) and the sidecars on disk must stay byte-for-byte (and mtime) as committed.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  drawn,
  eventuallyAsync,
  EXTENSION_ID,
  hoversAt,
  hoverText,
  inside,
  messages,
  notesWhere,
  open,
  openArticle,
  select,
  sidecarOf,
  snapshot,
  workspaceDir,
} from '../helpers';

/** The committed fixture workspace (the driver runs the host on a scratch copy of it). */
const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/untrusted-workspace');
const RATES = 'water-rates.txt';
const SURVEY = 'reservoir-survey.txt';
/** The passage the committed sidecar of water-rates.txt notes (verdict mostly-true). */
const RATES_NOTE = 'leaks cost it roughly 4.5 million litres of treated water every day in 2025';
/** The passage of reservoir-survey.txt's note; a paragraph was added above it after the note was stored. */
const SURVEY_NOTE = 'held 61 percent of its capacity at the end of August';
const UNTRUSTED_NOTICE = /notes are read-only in an untrusted workspace/;

interface OnDisk {
  bytes: Buffer;
  mtimeMs: number;
}

function onDisk(file: string): OnDisk {
  return { bytes: fs.readFileSync(file), mtimeMs: fs.statSync(file).mtimeMs };
}

/** Every file of the workspace (relative paths), to see that nothing was created. */
function workspaceFiles(): string[] {
  return fs.readdirSync(workspaceDir(), { recursive: true, encoding: 'utf8' }).sort();
}

/** New messages the notes feature showed since `before` of them. */
async function messagesSince(before: number): Promise<Array<{ severity: string; text: string }>> {
  return (await messages()).slice(before);
}

describe('FactDesk in an untrusted workspace (Restricted Mode)', function () {
  this.timeout(120000);
  const article = (name: string) => path.join(workspaceDir(), name);
  /** The sidecars as the workspace held them before any article was opened. */
  const sidecarsBefore = new Map<string, OnDisk>();
  let filesBefore: string[] = [];

  before(() => {
    for (const name of [RATES, SURVEY]) {
      const sidecar = sidecarOf(article(name));
      sidecarsBefore.set(sidecar, onDisk(sidecar));
      assert.ok(sidecarsBefore.get(sidecar)!.bytes.equals(fs.readFileSync(sidecarOf(path.join(FIXTURES, name)))), `${sidecar} is the committed fixture`);
    }
    filesBefore = workspaceFiles();
  });

  it('runs in a workspace that is NOT trusted', () => {
    // Without this the rest proves nothing: a trusted window would pass the read-only tests' setup too.
    assert.equal(vscode.workspace.isTrusted, false, 'vscode.workspace.isTrusted must be false: the driver must open the folder untrusted');
  });

  it('declares limited support for untrusted workspaces and activates there', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded in the untrusted window`);
    const capabilities = (extension.packageJSON as { capabilities?: { untrustedWorkspaces?: { supported?: unknown } } }).capabilities;
    assert.equal(capabilities?.untrustedWorkspaces?.supported, 'limited');
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('highlights every category and explains each in a hover', async () => {
    const { editor, findings } = await openArticle(RATES);
    assert.equal(findings.status, 'ok');
    const uri = editor.document.uri;
    const ranges = await drawn(uri);
    assert.equal(ranges.quotes?.length, findings.counts.quotes);
    assert.equal(ranges.claimGutter.length + ranges.claimGutterQuiet.length, findings.counts.claims);
    assert.equal(ranges.hedges.length + ranges.hedgesInQuotes.length, findings.counts.hedges);
    const expectations: Array<[string, RegExp]> = [
      ['quotes', /Quote/],
      ['claims', /Claim\*\* — score \d\.\d\d/],
      ['hedges', /Hedge\*\* “[^”]+”/],
      ['entities', /Entity\*\* /],
    ];
    for (const [category, pattern] of expectations) {
      const range = ranges[category]?.[0];
      assert.ok(range, `${category} are drawn (counts ${JSON.stringify(findings.counts)})`);
      const text = hoverText(await hoversAt(uri, inside(range)));
      assert.match(text, pattern, `${category} hover: ${text}`);
    }
  });

  it('lists the claims in the outline', async () => {
    const { editor, findings } = await openArticle(RATES);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', editor.document.uri);
    const all = (list: vscode.DocumentSymbol[]): vscode.DocumentSymbol[] => list.flatMap((s) => [s, ...all(s.children)]);
    assert.equal(all(symbols ?? []).filter((s) => s.kind === vscode.SymbolKind.Event).length, findings.counts.claims);
  });

  it('shows the notes of the sidecar, read-only: thread without replies, badge, hover', async () => {
    const { editor, uri } = await open(article(RATES));
    const state = await notesWhere(uri, (s) => s.threads.length === 1, 'the note thread');
    assert.equal(state.readOnly, true);
    assert.equal(state.error, undefined, 'the sidecar itself is fine: read-only because of trust');
    assert.equal(state.notes.length, 1);
    const [note] = state.notes;
    assert.deepEqual([note.verdict, note.state, note.text], ['mostly-true', 'anchored', RATES_NOTE]);
    const [thread] = state.threads;
    assert.equal(thread.contextValue, 'factdesk-note-readonly', 'no edit/delete/verdict actions on the thread');
    assert.equal(thread.canReply, false, 'no reply box');
    assert.match(thread.comments[0].body, /4\.3 million/);
    assert.match(thread.comments[0].body, /example\.org\/eastmere-annual-report/);
    assert.ok(
      state.badges.some((b) => b.verdict === 'mostly-true'),
      `badges: ${JSON.stringify(state.badges)}`,
    );
    const text = hoverText(await hoversAt(uri, editor.document.positionAt(note.start! + 3)));
    assert.match(text, /Fact-check: \$\(pass\) Mostly true/);
  });

  it('tells the user once a session that notes are read-only here', async () => {
    const { uri } = await open(article(SURVEY));
    await notesWhere(uri, (s) => s.notes.length === 1, "the second article's note");
    const notices = (await messages()).filter((m) => UNTRUSTED_NOTICE.test(m.text));
    assert.equal(notices.length, 1, `one notice for two articles with notes: ${JSON.stringify(notices)}`);
    assert.equal(notices[0].severity, 'info');
  });

  it('places a note whose article changed since it was stored, without writing the new place', async () => {
    const { editor, uri } = await open(article(SURVEY));
    const state = await notesWhere(uri, (s) => s.threads.length === 1, "the moved note's thread");
    assert.deepEqual([state.notes[0].state, state.notes[0].start, state.notes[0].text], ['moved', editor.document.getText().indexOf(SURVEY_NOTE), SURVEY_NOTE]);
    // In a trusted workspace the new place is stored on open (see notes.test.ts); here the file stays.
    const sidecar = sidecarOf(article(SURVEY));
    assert.ok(onDisk(sidecar).bytes.equals(sidecarsBefore.get(sidecar)!.bytes), 'the sidecar still holds the old position');
  });

  it('refuses to add a note, with the read-only message, and adds none', async () => {
    const { editor, uri } = await open(article(RATES));
    select(editor, 'an 8 percent rise in household rates');
    const shownBefore = (await messages()).length;
    const added = await vscode.commands.executeCommand<string | undefined>('factdesk.addNote', { verdict: 'true', comment: 'Checked against the minutes.' });
    assert.equal(added, undefined, 'no note id: nothing added');
    const shown = await messagesSince(shownBefore);
    assert.ok(
      shown.some((m) => m.severity === 'warning' && UNTRUSTED_NOTICE.test(m.text)),
      `the user is told why: ${JSON.stringify(shown)}`,
    );
    assert.equal((await snapshot(uri))?.notes.length, 1, 'still only the stored note');
  });

  it('offers no "Add Fact-check Note" code action', async () => {
    const { editor, uri } = await open(article(RATES));
    select(editor, 'an 8 percent rise in household rates');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, editor.selection);
    assert.deepEqual(
      actions.filter((a) => /Fact-check Note/.test(a.title)).map((a) => a.title),
      [],
    );
  });

  it('refuses to change the verdict, add a source, reply, edit the comment or delete the note', async () => {
    const { uri, state } = await open(article(RATES));
    const [note] = state.notes;
    const ref = { uri: uri.toString(), noteId: note.id };
    const attempts: Array<[string, unknown]> = [
      ['factdesk.notes.setVerdict', { ...ref, verdict: 'false' }],
      ['factdesk.notes.addSource', { ...ref, source: 'https://example.org/other' }],
      ['factdesk.notes.reply', { ...ref, text: 'A reply that must not be stored.' }],
      ['factdesk.notes.saveComment', { ...ref, text: 'An edit that must not be stored.' }],
      ['factdesk.notes.deleteNote', ref],
    ];
    for (const [command, args] of attempts) {
      const shownBefore = (await messages()).length;
      const result = await vscode.commands.executeCommand<unknown>(command, args);
      assert.equal(result, undefined, `${command} returned ${JSON.stringify(result)}`);
      const shown = await messagesSince(shownBefore);
      assert.ok(
        shown.some((m) => m.severity === 'warning' && UNTRUSTED_NOTICE.test(m.text)),
        `${command}: the user is told why: ${JSON.stringify(shown)}`,
      );
    }
    const after = await snapshot(uri);
    assert.deepEqual(
      after?.notes.map((n) => [n.id, n.kind, n.verdict, n.comment, n.sources]),
      [[note.id, 'note', 'mostly-true', note.comment, note.sources]],
    );
  });

  it('does not write the notes when the article is edited and saved', async () => {
    const { editor, uri, state } = await open(article(RATES));
    const start = state.notes[0].start!;
    const typed = 'Corrected: ';
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), typed));
    await notesWhere(uri, (s) => s.notes[0].start === start + typed.length, 'the note to shift with the edit');
    // Our listener runs after the extension's (registered at activation): once it fires, the
    // extension has handled the save.
    const saved = new Promise<void>((resolve) => {
      const listener = vscode.workspace.onDidSaveTextDocument((d) => {
        if (d.uri.toString() === uri.toString()) {
          listener.dispose();
          resolve();
        }
      });
    });
    assert.equal(await editor.document.save(), true);
    await saved;
    assert.ok(fs.readFileSync(article(RATES), 'utf8').startsWith(typed), 'the article itself was saved');
    // In a trusted workspace the save stores the notes' new places (see notes.test.ts); here it must not.
    const sidecar = sidecarOf(article(RATES));
    assert.ok(onDisk(sidecar).bytes.equals(sidecarsBefore.get(sidecar)!.bytes), 'the sidecar still holds the old position');
  });

  it('leaves every sidecar byte-for-byte as it was, and creates no file', async () => {
    for (const [sidecar, was] of sidecarsBefore) {
      const now = onDisk(sidecar);
      assert.ok(now.bytes.equals(was.bytes), `${path.basename(sidecar)} changed on disk`);
      assert.equal(now.mtimeMs, was.mtimeMs, `${path.basename(sidecar)} was rewritten (same bytes, new mtime)`);
    }
    assert.deepEqual(workspaceFiles(), filesBefore);
  });

  // Last: it changes the workspace's files (after the test above has checked them).
  it('leaves the notes where they are when an article is renamed, and says so', async () => {
    const from = article(SURVEY);
    const to = article('reservoir-survey-renamed.txt');
    const sidecar = sidecarOf(from);
    const shownBefore = (await messages()).length;
    const edit = new vscode.WorkspaceEdit();
    edit.renameFile(vscode.Uri.file(from), vscode.Uri.file(to));
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    // The rename event reaches the extension after the edit; its warning is the sign it was handled.
    await eventuallyAsync(
      async () => (await messagesSince(shownBefore)).some((m) => m.severity === 'warning' && /did not move with the article/.test(m.text)),
      () => 'the rename warning',
    );
    assert.ok(fs.existsSync(to), 'the article was renamed');
    assert.ok(onDisk(sidecar).bytes.equals(sidecarsBefore.get(sidecar)!.bytes), 'the notes file is untouched at its old name');
    assert.equal(fs.existsSync(sidecarOf(to)), false, 'no notes file was written for the new name');
  });
});
