// Run by test/notes/concurrent.test.ts (bundled, as its own process): writes notes to an article's
// sidecar as the extension does, through one long-lived NotesFile with the editor's bounded lock
// wait, saving after every note and re-reading the sidecar now and then (as its file watcher makes
// the extension do). A save that cannot get the lock in time keeps the note unsaved, as the editor
// does; the next save takes it along. Prints a JSON summary on stdout at the end.
//   node editor-writer.cjs ARTICLE COUNT LABEL
import fs from 'node:fs';
import { EDITOR_LOCK_WAIT_MS, LockTimeoutError, nodeFileSystem, NotesFile } from '../../../src/notes';

/** Every this many notes, the sidecar is re-read as after a file-watcher event. */
const RELOAD_EVERY = 7;
/** The last save retries this many times (each waits EDITOR_LOCK_WAIT_MS at most). */
const FINAL_SAVE_ATTEMPTS = 20;

const [article, countText, label] = process.argv.slice(2);
const count = Number(countText);
const text = fs.readFileSync(article, 'utf8');
const span = { start: text.indexOf('Monday'), end: text.indexOf('Monday') + 'Monday'.length };
const notes = NotesFile.load(article, nodeFileSystem, { lockWaitMs: EDITOR_LOCK_WAIT_MS });
if (notes.error) throw notes.error;
let lockTimeouts = 0;
let merges = 0;

function save(): boolean {
  try {
    if (notes.save().merged) merges++;
    return true;
  } catch (e) {
    if (!(e instanceof LockTimeoutError)) throw e;
    lockTimeouts++;
    return false;
  }
}

for (let i = 0; i < count; i++) {
  notes.addNote({ text, span, verdict: 'mostly-true', comment: `${label}-${i}`, author: 'editor' });
  save();
  if (i % RELOAD_EVERY === RELOAD_EVERY - 1) notes.reload();
}
let saved = !notes.hasUnsavedChanges;
for (let attempt = 0; !saved && attempt < FINAL_SAVE_ATTEMPTS; attempt++) saved = save();
process.stdout.write(JSON.stringify({ added: count, saved, lockTimeouts, merges }) + '\n');
process.exitCode = saved ? 0 : 1;
