// Verification notes inside a real VS Code: the command adds a note on a selection, its comment
// thread shows it, the sidecar beside the article holds it as a W3C annotation, edits on disk move
// it, a malformed sidecar is reported and left untouched, a rename moves the sidecar, and the
// Fact-check view lists it. Each test copies the fixture article into its own file of the workspace.
// Waiting: `factdesk._test.waitForNotes` resolves on the next change of an article's notes; file
// system conditions with no event to wait on are polled against a deadline (never a fixed sleep).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
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
  sidecarOf,
  snapshot,
  workspaceDir,
  type Json,
} from '../helpers';

const FIXTURE = path.resolve(__dirname, '../../../../test/fixtures/notes/library-vote.txt');

let counter = 0;

/** A fresh copy of the fixture article in the workspace, with a name of its own. */
function copyArticle(label: string, text = fs.readFileSync(FIXTURE, 'utf8')): string {
  const dir = path.join(workspaceDir(), 'notes-tests');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${label}-${process.pid}-${++counter}.txt`);
  fs.writeFileSync(file, text);
  return file;
}

describe('Verification notes in VS Code', function () {
  this.timeout(120000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  afterEach(closeAll);

  it('adds a note on a selection through the command: thread, sidecar in W3C form, badge, hover, code action', async () => {
    const article = copyArticle('add');
    const { editor, uri } = await open(article);
    const quote = 'voted 31 to 4 on Tuesday';
    const span = select(editor, quote);

    // The server's first analysis makes the claim and quote actions possible too; and the first
    // request right after activation can come back empty: ask again until the deadline.
    await vscode.commands.executeCommand('factdesk._test.waitForFindings', uri.toString(), -1, DEADLINE_MS);
    let titles: string[] = [];
    await eventuallyAsync(
      async () => {
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, editor.selection);
        titles = actions.map((a) => a.title);
        return titles.some((t) => t.startsWith('Add Fact-check Note'));
      },
      () => `the Add Fact-check Note code action (offered: ${titles.join(' | ')})`,
    );

    const id = await vscode.commands.executeCommand<string>('factdesk.addNote', {
      verdict: 'mostly-true',
      comment: 'The **minutes** record 31 to 4.',
      sources: ['https://example.org/minutes'],
    });
    assert.match(id, /^urn:uuid:/);

    const state = await notesWhere(uri, (s) => s.threads.length === 1, 'the note thread');
    const note = state.notes.find((n) => n.id === id);
    assert.ok(note);
    assert.deepEqual([note.start, note.end, note.state, note.text], [span.start, span.end, 'anchored', quote]);
    const thread = state.threads[0];
    const start = editor.document.positionAt(span.start);
    const end = editor.document.positionAt(span.end);
    assert.deepEqual(thread.range, [start.line, start.character, end.line, end.character]);
    assert.equal(thread.contextValue, 'factdesk-note');
    // The verdict is said once in the open thread: by the note's comment, not again in the title.
    assert.equal(thread.label, 'Fact-check note');
    assert.match(thread.comments[0].body, /\$\(pass\) Mostly true/);
    assert.match(thread.comments[0].body, /The \*\*minutes\*\* record 31 to 4\./);
    assert.match(thread.comments[0].body, /example\.org\/minutes/);
    assert.ok(thread.comments[0].author.length > 0, 'the author is shown');
    assert.ok(
      state.badges.some((b) => b.verdict === 'mostly-true'),
      `badges: ${JSON.stringify(state.badges)}`,
    );

    const doc = readSidecar(article);
    assert.equal(doc['@context'], 'http://www.w3.org/ns/anno.jsonld');
    assert.equal(doc.type, 'AnnotationCollection');
    assert.equal(doc.items.length, 1);
    const item = doc.items[0];
    assert.equal(item.id, id);
    assert.equal(item.type, 'Annotation');
    assert.equal(item.motivation, 'assessing');
    assert.equal(item.target.source, path.basename(article));
    const [quoteSelector, positionSelector] = item.target.selector;
    assert.deepEqual([quoteSelector.type, quoteSelector.exact], ['TextQuoteSelector', quote]);
    assert.equal(typeof quoteSelector.prefix, 'string');
    assert.deepEqual([positionSelector.type, positionSelector.start, positionSelector.end], ['TextPositionSelector', span.start, span.end]);
    assert.deepEqual(
      item.body.map((b: Json) => [b.type, b.purpose, b.value ?? b.source]),
      [
        ['TextualBody', 'assessing', 'mostly-true'],
        ['TextualBody', 'commenting', 'The **minutes** record 31 to 4.'],
        ['SpecificResource', 'linking', 'https://example.org/minutes'],
      ],
    );
    assert.ok(fs.readFileSync(sidecarOf(article), 'utf8').endsWith('}\n'), 'final newline');

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, editor.document.positionAt(span.start + 3));
    const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hoverText, /Fact-check: \$\(pass\) Mostly true/);
    assert.match(hoverText, /minutes/);
  });

  it('changes the verdict, adds a source, replies and deletes through the commands', async () => {
    const article = copyArticle('edit');
    const { editor, uri } = await open(article);
    select(editor, 'rose by 14 percent last year');
    const id = await vscode.commands.executeCommand<string>('factdesk.addNote', { verdict: 'unchecked', comment: '' });
    const ref = { uri: uri.toString(), noteId: id };

    await vscode.commands.executeCommand('factdesk.notes.setVerdict', { ...ref, verdict: 'false' });
    await vscode.commands.executeCommand('factdesk.notes.addSource', { ...ref, source: 'https://example.org/visits' });
    const replyId = await vscode.commands.executeCommand<string>('factdesk.notes.reply', { ...ref, text: 'The board says 4 percent.' });
    assert.match(replyId, /^urn:uuid:/);

    const state = await notesWhere(uri, (s) => s.threads[0]?.comments.length === 2, 'the reply in the thread');
    assert.match(state.threads[0].comments[0].body, /\$\(close\) False/);
    assert.equal(state.threads[0].comments[1].kind, 'reply');
    assert.match(state.threads[0].comments[1].body, /4 percent/);

    const doc = readSidecar(article);
    assert.equal(doc.items.length, 2);
    const [note, reply] = doc.items;
    assert.equal(note.body.find((b: Json) => b.purpose === 'assessing').value, 'false');
    assert.deepEqual(
      note.body.filter((b: Json) => b.purpose === 'linking').map((b: Json) => b.source),
      ['https://example.org/visits'],
    );
    assert.equal(reply.motivation, 'replying');
    assert.equal(reply.target, id);
    assert.equal(reply.body[0].value, 'The board says 4 percent.');

    await vscode.commands.executeCommand('factdesk.notes.saveComment', { ...ref, text: 'Edited: the board report says **4** percent.' });
    const edited = await notesWhere(uri, (s) => /Edited: the board/.test(s.threads[0]?.comments[0].body ?? ''), 'the edited comment in the thread');
    assert.equal(edited.notes.find((n) => n.id === id)?.comment, 'Edited: the board report says **4** percent.');
    assert.equal(readSidecar(article).items[0].body.find((b: Json) => b.purpose === 'commenting').value, 'Edited: the board report says **4** percent.');

    await vscode.commands.executeCommand('factdesk.notes.deleteNote', ref);
    await notesWhere(uri, (s) => s.notes.length === 0 && s.threads.length === 0, 'the note and its thread to go');
    assert.deepEqual(readSidecar(article).items, [], 'note and reply deleted from the sidecar');
  });

  it('follows the note when the article is edited on disk, and orphans it when its text is gone', async () => {
    const article = copyArticle('disk');
    const { editor, uri } = await open(article);
    const quote = 'about 1.8 million euros a year';
    select(editor, quote);
    const id = await vscode.commands.executeCommand<string>('factdesk.addNote', { verdict: 'true', comment: 'Budget report, table 3.' });
    await notesWhere(uri, (s) => s.threads.length === 1, 'the thread');

    // Another tool (git pull, say) rewrites the file: a paragraph inserted above the note, a typo fixed after it.
    const original = fs.readFileSync(article, 'utf8');
    const inserted = 'Correction appended on Wednesday: an earlier version misstated the vote count.\n\n';
    const changed = original.replace('By Mara Okafor\n\n', `By Mara Okafor\n\n${inserted}`).replace('opening-hours plan', 'opening hours plan');
    fs.writeFileSync(article, changed);
    const expectedStart = changed.indexOf(quote);

    const moved = await notesWhere(uri, (s) => s.notes.find((n) => n.id === id)?.start === expectedStart, 'the note to follow its text');
    const note = moved.notes.find((n) => n.id === id)!;
    assert.equal(note.text, quote);
    assert.notEqual(note.state, 'orphaned');
    const at = editor.document.positionAt(expectedStart);
    assert.deepEqual(moved.threads[0].range.slice(0, 2), [at.line, at.character], 'the thread moved too');
    // The new place is written back to the sidecar.
    await eventually(() => readSidecar(article).items[0].target.selector[1].start === expectedStart, 'the sidecar to store the new position');

    // The sentence is rewritten beyond recognition: the note is orphaned, never put on other text.
    fs.writeFileSync(article, changed.replace(/The Sunday service costs[^.]*\./, 'Running the branches on Sundays is paid from the culture fund.'));
    const orphaned = await notesWhere(uri, (s) => s.notes.find((n) => n.id === id)?.state === 'orphaned', 'the note to be orphaned');
    assert.equal(orphaned.threads.length, 0, "no thread on text that is not the note's");
    const view = await vscode.commands.executeCommand<Json[]>('factdesk._test.notesView');
    const entry = view.find((a) => a.label === path.basename(article));
    assert.ok(entry, `view: ${JSON.stringify(view)}`);
    assert.match(entry.description, /1 orphaned/);
    const notesGroup = entry.children.find((g: Json) => g.label === 'Notes');
    assert.equal(notesGroup.children[0].label, quote, 'the orphan is listed with its last text');
    assert.match(notesGroup.children[0].description, /orphaned/);
    assert.equal(readSidecar(article).items.length, 1, 'the orphan stays in the file');

    // The editor re-attaches it to the rewritten sentence.
    const replacement = select(editor, 'Running the branches on Sundays');
    await vscode.commands.executeCommand('factdesk.notes.reattach', { key: uri.toString(), noteId: id });
    const back = await notesWhere(uri, (s) => s.threads.length === 1, "the re-attached note's thread");
    // Its verdict ("true") was given on the old words: on the rewritten sentence it is changed since checked until confirmed.
    assert.deepEqual([back.notes[0].state, back.notes[0].start, back.notes[0].text], ['changed', replacement.start, 'Running the branches on Sundays']);
    assert.equal(readSidecar(article).items[0].target.selector[0].exact, 'Running the branches on Sundays');
    await vscode.commands.executeCommand('factdesk.notes.confirmVerdict', { uri: uri.toString(), noteId: id });
    await notesWhere(uri, (s) => s.notes[0]?.state === 'anchored', 'the verdict confirmed on the new text');
  });

  it('merges a note another writer saved to the sidecar meanwhile, losing none', async () => {
    const article = copyArticle('merge');
    const { editor, uri } = await open(article);
    select(editor, 'voted 31 to 4 on Tuesday');
    const mine = await vscode.commands.executeCommand<string>('factdesk.addNote', { verdict: 'true', comment: 'Mine.' });
    await notesWhere(uri, (s) => s.threads.length === 1, 'the first thread');

    // A script (or git) writes the file with one more note.
    const text = editor.document.getText();
    const quote = 'publish a new opening-hours plan in March';
    const start = text.indexOf(quote);
    const doc = readSidecar(article);
    doc.items.push({
      id: 'urn:uuid:0b7c1f52-5d0e-4b8a-8f55-2a8f4f1e9c01',
      type: 'Annotation',
      motivation: 'assessing',
      created: '2026-04-15T08:00:00Z',
      modified: '2026-04-15T08:00:00Z',
      creator: { name: 'Script' },
      target: { source: path.basename(article), selector: [{ type: 'TextQuoteSelector', exact: quote, prefix: text.slice(start - 20, start), suffix: '.\n' }] },
      body: [{ type: 'TextualBody', purpose: 'assessing', value: 'unverifiable' }],
      'x-desk-ticket': 'FD-12',
    });
    fs.writeFileSync(sidecarOf(article), JSON.stringify(doc, null, 2) + '\n');
    const both = await notesWhere(uri, (s) => s.threads.length === 2, "the other writer's note");
    assert.equal(both.notes.find((n) => n.author === 'Script')?.text, quote);

    select(editor, 'nine branch libraries');
    const third = await vscode.commands.executeCommand<string>('factdesk.addNote', { verdict: 'mixed', comment: '' });
    const items = readSidecar(article).items as Json[];
    assert.deepEqual(new Set(items.map((i) => i.id)), new Set([mine, third, 'urn:uuid:0b7c1f52-5d0e-4b8a-8f55-2a8f4f1e9c01']));
    assert.equal(items.find((i) => i.creator?.name === 'Script')?.['x-desk-ticket'], 'FD-12', 'unknown fields kept');
  });

  it('shifts notes with live edits and stores the place on save', async () => {
    const article = copyArticle('live');
    const { editor, uri } = await open(article);
    const quote = 'Councillor Tomas Berg';
    const span = select(editor, quote);
    const id = await vscode.commands.executeCommand<string>('factdesk.addNote', { verdict: 'unverifiable', comment: '' });
    await notesWhere(uri, (s) => s.threads.length === 1, 'the thread');

    const typed = 'UPDATED ';
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), typed));
    const shifted = await notesWhere(uri, (s) => s.notes.find((n) => n.id === id)?.start === span.start + typed.length, 'the note to shift with the edit');
    assert.equal(shifted.notes.find((n) => n.id === id)?.text, quote);
    await editor.document.save();
    await eventually(() => readSidecar(article).items[0].target.selector[1].start === span.start + typed.length, 'the saved position');
  });

  it('reports a malformed sidecar once, leaves it untouched, keeps the notes read-only and recovers when fixed', async () => {
    const article = copyArticle('broken');
    const broken = '{\n  "@context": "http://www.w3.org/ns/anno.jsonld",\n  "type": "AnnotationCollection",\n  "items": [\n';
    fs.writeFileSync(sidecarOf(article), broken);
    const { editor, uri } = await open(article);
    const state = await notesWhere(uri, (s) => s.readOnly, 'the notes to be read-only');
    assert.match(state.error ?? '', new RegExp(`${path.basename(sidecarOf(article)).replace(/\./g, '\\.')}.*malformed JSON`));
    const shown = await messages();
    assert.equal(shown.filter((m) => m.severity === 'error' && m.text.includes(path.basename(sidecarOf(article)))).length, 1, JSON.stringify(shown));

    select(editor, 'voted 31 to 4');
    const added = await vscode.commands.executeCommand<string | undefined>('factdesk.addNote', { verdict: 'true', comment: 'x' });
    assert.equal(added, undefined, 'no note added while read-only');
    assert.equal(fs.readFileSync(sidecarOf(article), 'utf8'), broken, 'the malformed file is untouched');
    assert.ok(
      (await messages()).some((m) => m.text.includes('read-only')),
      'the user is told why',
    );

    // Valid JSON that breaks the schema is read-only too, with the place named.
    fs.writeFileSync(sidecarOf(article), '{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection", "items": [{"id": 7}]}\n');
    await notesWhere(uri, (s) => /schema/.test(s.error ?? ''), 'the schema error');

    // Fixed (by hand, or by git): the notes are back and writable.
    const text = editor.document.getText();
    const quote = 'nine branch libraries';
    const start = text.indexOf(quote);
    const fixed = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'AnnotationCollection',
      items: [
        {
          id: 'urn:uuid:6f1f6f4e-2a53-4a8e-9a3e-1f0c2a9b7d10',
          type: 'Annotation',
          motivation: 'assessing',
          created: '2026-04-14T09:00:00Z',
          modified: '2026-04-14T09:00:00Z',
          creator: { name: 'Desk' },
          target: {
            source: path.basename(article),
            selector: [
              {
                type: 'TextQuoteSelector',
                exact: quote,
                prefix: text.slice(start - 20, start),
                suffix: text.slice(start + quote.length, start + quote.length + 20),
              },
              { type: 'TextPositionSelector', start, end: start + quote.length },
            ],
          },
          body: [{ type: 'TextualBody', purpose: 'assessing', value: 'true' }],
        },
      ],
    };
    fs.writeFileSync(sidecarOf(article), JSON.stringify(fixed, null, 2) + '\n');
    const recovered = await notesWhere(uri, (s) => !s.readOnly && s.threads.length === 1, 'the notes to recover');
    assert.equal(recovered.notes[0].text, quote);
    assert.equal(recovered.threads[0].contextValue, 'factdesk-note');
  });

  it('never loses a note added while the sidecar on disk was broken: written once the file is fixed', async () => {
    const article = copyArticle('broken-late');
    const { editor, uri } = await open(article);
    select(editor, 'voted 31 to 4 on Tuesday');
    const first = await vscode.commands.executeCommand<string>('factdesk.addNote', { verdict: 'true', comment: 'First.' });
    await notesWhere(uri, (s) => s.threads.length === 1, 'the first thread');
    const good = fs.readFileSync(sidecarOf(article), 'utf8');

    // The file breaks on disk (a bad hand edit); a note is added at once, before or after the watcher tells us.
    const broken = good.replace('"items": [', '"items": [,');
    fs.writeFileSync(sidecarOf(article), broken);
    select(editor, 'nine branch libraries');
    const second = await vscode.commands.executeCommand<string | undefined>('factdesk.addNote', { verdict: 'mixed', comment: 'Second.' });
    await notesWhere(uri, (s) => s.readOnly, 'the notes to turn read-only');
    assert.equal(fs.readFileSync(sidecarOf(article), 'utf8'), broken, 'the broken file is left as it is');

    fs.writeFileSync(sidecarOf(article), good);
    await notesWhere(uri, (s) => !s.readOnly, 'the notes to recover');
    const expected = second ? [first, second] : [first];
    await eventually(() => {
      const ids = (readSidecar(article).items as Json[]).map((i) => i.id);
      return ids.length === expected.length && expected.every((id) => ids.includes(id));
    }, `the sidecar to hold ${expected.length} note(s)`);
  });

  it('moves the sidecar when the article is renamed in VS Code', async () => {
    const article = copyArticle('rename');
    const { editor, uri } = await open(article);
    select(editor, 'keep all nine branch libraries open');
    const id = await vscode.commands.executeCommand<string>('factdesk.addNote', { verdict: 'true', comment: 'Confirmed.' });
    await notesWhere(uri, (s) => s.threads.length === 1, 'the thread');

    const renamed = article.replace(/\.txt$/, '-renamed.txt');
    const edit = new vscode.WorkspaceEdit();
    const newUri = vscode.Uri.file(renamed);
    edit.renameFile(uri, newUri);
    assert.equal(await vscode.workspace.applyEdit(edit), true);

    await eventually(() => fs.existsSync(sidecarOf(renamed)) && !fs.existsSync(sidecarOf(article)), 'the sidecar to move');
    const doc = readSidecar(renamed);
    assert.equal(doc.items[0].id, id);
    assert.equal(doc.items[0].target.source, path.basename(renamed), 'the target names the new file');
    // The renamed article, opened, shows its note.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(newUri));
    const state = await notesWhere(newUri, (s) => s.threads.length === 1, 'the note on the renamed article');
    assert.equal(state.notes[0].id, id);
  });

  it('re-anchors on open a note whose article changed while VS Code was closed, and stores the new place', async () => {
    const original = fs.readFileSync(FIXTURE, 'utf8');
    const quote = 'reversing a plan to close six of them from January';
    const oldStart = original.indexOf(quote);
    // The sidecar was written for the original text; the article then gained a paragraph above the note.
    const changed = original.replace('By Mara Okafor\n\n', 'By Mara Okafor\n\nUpdated at 18:00 with the result of the vote.\n\n');
    const article = copyArticle('reopen', changed);
    const sidecar = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'AnnotationCollection',
      items: [
        {
          id: 'urn:uuid:3d1e8a40-77c4-4d55-9d0b-5b1f0e2c6a11',
          type: 'Annotation',
          motivation: 'assessing',
          created: '2026-04-14T10:00:00Z',
          modified: '2026-04-14T10:00:00Z',
          creator: { name: 'Desk' },
          target: {
            source: path.basename(article),
            selector: [
              {
                type: 'TextQuoteSelector',
                exact: quote,
                prefix: original.slice(oldStart - 32, oldStart),
                suffix: original.slice(oldStart + quote.length, oldStart + quote.length + 32),
              },
              { type: 'TextPositionSelector', start: oldStart, end: oldStart + quote.length },
            ],
          },
          body: [{ type: 'TextualBody', purpose: 'assessing', value: 'mostly-false' }],
        },
      ],
    };
    fs.writeFileSync(sidecarOf(article), JSON.stringify(sidecar, null, 2) + '\n');
    const { uri } = await open(article);
    const newStart = changed.indexOf(quote);
    const state = await notesWhere(uri, (s) => s.threads.length === 1, 'the note on the reopened article');
    assert.deepEqual([state.notes[0].start, state.notes[0].text], [newStart, quote]);
    assert.equal(state.notes[0].state, 'moved');
    await eventually(() => readSidecar(article).items[0].target.selector[1].start === newStart, 'the new position in the sidecar');
    assert.equal(readSidecar(article).items[0].modified, '2026-04-14T10:00:00Z', 're-anchoring is not an edit');
  });

  it('explains that a document without a file on disk cannot take notes', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'The mayor said the bridge cost 40 million euros.' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 4, 0, 9);
    const before = (await messages()).length;
    const added = await vscode.commands.executeCommand<string | undefined>('factdesk.addNote', { verdict: 'true', comment: '' });
    assert.equal(added, undefined);
    const shown = (await messages()).slice(before);
    assert.ok(
      shown.some((m) => /save the article first/.test(m.text)),
      JSON.stringify(shown),
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('validates *.factcheck.json files against the shipped schema (jsonValidation)', async () => {
    const article = copyArticle('schema');
    fs.writeFileSync(
      sidecarOf(article),
      '{\n  "@context": "http://www.w3.org/ns/anno.jsonld",\n  "type": "AnnotationCollection",\n  "items": [{ "id": "urn:uuid:x", "motivation": "assessing" }]\n}\n',
    );
    const uri = vscode.Uri.file(sidecarOf(article));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    // VS Code's JSON language server reports schema problems as diagnostics; wait for them.
    const diagnostics = await new Promise<vscode.Diagnostic[]>((resolve, reject) => {
      const check = () => {
        const found = vscode.languages.getDiagnostics(uri);
        if (!found.length) return false;
        clearTimeout(timer);
        listener.dispose();
        resolve(found);
        return true;
      };
      const listener = vscode.languages.onDidChangeDiagnostics(check);
      const timer = setTimeout(() => {
        listener.dispose();
        reject(new Error('no schema diagnostics for the sidecar'));
      }, DEADLINE_MS);
      check();
    });
    assert.ok(
      diagnostics.some((d) => /type|required|missing|match/i.test(d.message)),
      diagnostics.map((d) => d.message).join(' | '),
    );
  });

  it('lists the notes and the claims of open articles in the Fact-check view', async () => {
    const article = copyArticle('view');
    const { editor, uri } = await open(article);
    const findings = await vscode.commands.executeCommand<ReceivedFindings>('factdesk._test.waitForFindings', uri.toString(), -1, DEADLINE_MS);
    select(editor, 'Visits on Sundays rose by 14 percent last year.');
    await vscode.commands.executeCommand<string>('factdesk.addNote', { verdict: 'misleading', comment: 'Base year was a strike year.' });
    await notesWhere(uri, (s) => s.threads.length === 1, 'the thread');

    const view = await vscode.commands.executeCommand<Json[]>('factdesk._test.notesView');
    const entry = view.find((a) => a.label === path.basename(article));
    assert.ok(entry, `view: ${JSON.stringify(view)}`);
    assert.match(entry.description, /1 note/);
    const notesGroup = entry.children.find((g: Json) => g.label === 'Notes');
    assert.equal(notesGroup.children.length, 1);
    assert.equal(notesGroup.children[0].label, 'Visits on Sundays rose by 14 percent last year.');
    assert.match(notesGroup.children[0].description, /Misleading · anchored/);
    assert.ok(findings.counts.claims > 0, 'the fixture has claims');
    // Clicking a note reveals (selects) its passage.
    const note = (await snapshot(uri))!.notes[0];
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('factdesk.notes.reveal', uri.toString(), note.start, note.end, note.id);
    const active = vscode.window.activeTextEditor!;
    assert.deepEqual([active.document.offsetAt(active.selection.start), active.document.offsetAt(active.selection.end)], [note.start, note.end]);
    const claims = entry.children.find((g: Json) => g.label === 'Claims');
    assert.ok(claims, 'claims listed');
    assert.equal(claims.children.length, findings.counts.claims);
  });

  it('adds a note on a claim from the code action at the cursor; the claim shows its verdict', async () => {
    const article = copyArticle('claim');
    const { editor, uri } = await open(article);
    const findings = await vscode.commands.executeCommand<ReceivedFindings>('factdesk._test.waitForFindings', uri.toString(), -1, DEADLINE_MS);
    assert.ok(findings.spans.claims.length >= 3, 'the fixture has a claim');
    const [claimStart, claimEnd] = findings.spans.claims;
    const cursor = editor.document.positionAt(claimStart + 2);
    let action: vscode.CodeAction | undefined;
    await eventuallyAsync(
      async () => {
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(cursor, cursor));
        action = actions.find((a) => a.title.startsWith('Add Fact-check Note on this'));
        return !!action;
      },
      () => 'the code action on the claim',
    );
    const args = action!.command!.arguments![0] as Json;
    assert.deepEqual([args.start, args.end], [claimStart, claimEnd]);
    // The action asks for the verdict and comment; here they are given.
    await vscode.commands.executeCommand('factdesk.addNote', { ...args, verdict: 'false', comment: '' });
    const end = editor.document.positionAt(claimEnd);
    const state = await notesWhere(uri, (s) => s.badges.some((b) => b.verdict === 'false'), 'the verdict badge on the claim');
    assert.deepEqual(
      state.badges.map((b) => [b.verdict, b.line, b.character]),
      [['false', end.line, end.character]],
    );
    const view = await vscode.commands.executeCommand<Json[]>('factdesk._test.notesView');
    const claims = view.find((a) => a.label === path.basename(article))?.children.find((g: Json) => g.label === 'Claims');
    assert.equal(claims.children[0].description, 'False');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, editor.document.positionAt(claimEnd - 1));
    const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hoverText, /Fact-check: \$\(close\) False/);
  });
});
