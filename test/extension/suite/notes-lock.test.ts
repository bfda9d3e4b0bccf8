// The extension saves notes under the sidecar's lock, as the command line does, and waits for
// another writer's lock only a bounded time (EDITOR_LOCK_WAIT_MS): while a writer holds the lock,
// adding a note returns with a message saying what happened, the sidecar is left alone and the note
// is kept; once the lock is free, the next save writes it. A lock left by a writer that died is
// broken at once.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EDITOR_LOCK_WAIT_MS, HOST_TAG, lockPathFor } from '../../../src/notes';
import { closeAll, EXTENSION_ID, messages, notesWhere, open, readSidecar, select, sidecarOf, workspaceDir } from '../helpers';

const FIXTURE = path.resolve(__dirname, '../../../../test/fixtures/notes/library-vote.txt');

function copyArticle(label: string): string {
  const dir = path.join(workspaceDir(), 'notes-lock-tests');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${label}-${process.pid}.txt`);
  fs.writeFileSync(file, fs.readFileSync(FIXTURE, 'utf8'));
  return file;
}

/** A lock as another writer leaves it while it saves. */
function holdLock(article: string, pid: number): string {
  const lock = lockPathFor(sidecarOf(article));
  fs.writeFileSync(lock, JSON.stringify({ pid, host: HOST_TAG, token: `held-by-${pid}`, since: new Date().toISOString() }) + '\n');
  return lock;
}

describe('Notes lock in VS Code', function () {
  this.timeout(120000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  afterEach(closeAll);

  it('waits a bounded time for a writer holding the lock, says so, keeps the note and saves it once the lock is free', async () => {
    const article = copyArticle('held');
    const { editor, uri } = await open(article);
    select(editor, 'voted 31 to 4 on Tuesday');
    const first = await vscode.commands.executeCommand<string>('factdesk.addNote', { verdict: 'true', comment: 'First.' });
    await notesWhere(uri, (s) => s.threads.length === 1, 'the first thread');
    assert.deepEqual(
      readSidecar(article).items.map((i: { id: string }) => i.id),
      [first],
    );
    assert.equal(fs.existsSync(lockPathFor(sidecarOf(article))), false, 'the save released its lock');

    // A writer that is alive (this very process, as far as the lock can tell) holds the lock.
    const lock = holdLock(article, process.pid);
    const before = fs.readFileSync(sidecarOf(article), 'utf8');
    select(editor, 'nine branch libraries');
    const started = performance.now();
    const second = await vscode.commands.executeCommand<string>('factdesk.addNote', { verdict: 'mixed', comment: 'Second.' });
    const waited = performance.now() - started;
    assert.ok(second, 'the note is added in the editor');
    assert.equal(fs.readFileSync(sidecarOf(article), 'utf8'), before, 'the sidecar is left alone while another writer holds the lock');
    const shown = await messages();
    assert.ok(
      shown.some(
        (m) => m.severity === 'error' && m.text.includes(path.basename(lock)) && /held the lock/.test(m.text) && m.text.includes(`${EDITOR_LOCK_WAIT_MS} ms`),
      ),
      JSON.stringify(shown),
    );
    console.log(`      the add command returned after ${waited.toFixed(0)} ms with the lock held (bound ${EDITOR_LOCK_WAIT_MS} ms)`);

    // The other writer finishes; the next change saves both notes.
    fs.rmSync(lock);
    select(editor, 'Councillor Tomas Berg');
    const third = await vscode.commands.executeCommand<string>('factdesk.addNote', { verdict: 'unverifiable', comment: 'Third.' });
    const ids = new Set(readSidecar(article).items.map((i: { id: string }) => i.id));
    assert.deepEqual(ids, new Set([first, second, third]), 'the note kept while the lock was held is saved with the next');
  });

  it('breaks the lock of a writer that died and saves at once', async () => {
    const article = copyArticle('dead');
    const { editor, uri } = await open(article);
    // No process has this number: the largest pid Linux hands out is 2^22.
    const lock = holdLock(article, 2 ** 22 + 17);
    select(editor, 'voted 31 to 4 on Tuesday');
    const id = await vscode.commands.executeCommand<string>('factdesk.addNote', { verdict: 'true', comment: '' });
    await notesWhere(uri, (s) => s.threads.length === 1, 'the thread');
    assert.deepEqual(
      readSidecar(article).items.map((i: { id: string }) => i.id),
      [id],
    );
    assert.equal(fs.existsSync(lock), false, 'the stale lock is gone');
  });
});
