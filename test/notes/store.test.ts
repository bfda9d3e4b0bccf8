import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  mergeCollections,
  moveSidecar,
  NotesFile,
  parseSidecar,
  LockTimeoutError,
  ReadOnlyNotesError,
  serializeCollection,
  SidecarError,
  sidecarPathFor,
  type AssessingNote,
} from '../../src/notes';
import { HOST_TAG, LOCK_SUFFIX, STALE_ASIDE_SUFFIX } from '../../src/notes/sidecar-fs';
import { ARTICLE_TEXT, MemoryFileSystem, spanOf, tempArticle, TestLockEnvironment } from './helpers';

const text = ARTICLE_TEXT;

describe('notes store', () => {
  let tmp: ReturnType<typeof tempArticle>;
  beforeEach(() => {
    tmp = tempArticle();
  });
  afterEach(() => tmp.cleanup());

  it('puts the sidecar beside the article as <article file name>.factcheck.json', () => {
    assert.equal(sidecarPathFor('/news/2026/budget.md'), path.join('/news/2026', 'budget.md.factcheck.json'));
  });

  it('sweeps what dead writers left beside the sidecar (a temporary file, a stale lock moved aside), not a live writer’s', () => {
    // A process that has exited: its number names a writer that is gone.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    const sidecar = sidecarPathFor(tmp.article);
    const dir = path.dirname(sidecar);
    const base = path.basename(sidecar);
    const leftovers = [`.${base}.${HOST_TAG}-${deadPid}.0badf00d.tmp`, `${base}${LOCK_SUFFIX}.${HOST_TAG}-${deadPid}.0badf00d${STALE_ASIDE_SUFFIX}`];
    const live = `${base}${LOCK_SUFFIX}.${HOST_TAG}-${process.pid}.0badf00d${STALE_ASIDE_SUFFIX}`;
    for (const name of [...leftovers, live]) fs.writeFileSync(path.join(dir, name), '{}');
    const notes = NotesFile.load(tmp.article);
    notes.addNote({ text, span: spanOf(text, '18 percent'), comment: 'after the crash' });
    notes.save();
    const names = fs.readdirSync(dir);
    for (const name of leftovers) assert.ok(!names.includes(name), `${name} swept`);
    assert.ok(names.includes(live), 'a live writer’s file stays');
  });

  it('starts empty without a sidecar and writes one on save', () => {
    const notes = NotesFile.load(tmp.article);
    assert.equal(notes.notes.length, 0);
    assert.equal(notes.readOnly, false);
    const added = notes.addNote({
      text,
      span: spanOf(text, '18 percent'),
      verdict: 'true',
      comment: 'Matches the draft.',
      sources: ['https://example.org/draft'],
      author: 'Ana',
    });
    assert.equal(notes.hasUnsavedChanges, true);
    notes.save();
    assert.equal(notes.hasUnsavedChanges, false);
    const written = fs.readFileSync(notes.sidecarPath, 'utf8');
    const parsed = parseSidecar(written, notes.sidecarPath);
    assert.equal(parsed.notes.length, 1);
    assert.equal(parsed.notes[0].id, added.id);
    assert.match(added.id, /^urn:uuid:[0-9a-f-]{36}$/);
    assert.equal((parsed.notes[0] as AssessingNote).source, 'budget.txt');
    assert.deepEqual(fs.readdirSync(tmp.dir).sort(), ['budget.txt', 'budget.txt.factcheck.json'], 'no temporary file left');
  });

  it('writes atomically: a failed write leaves the old file whole', () => {
    const memory = new MemoryFileSystem();
    const notes = NotesFile.load('/news/budget.txt', memory);
    notes.addNote({ text, span: spanOf(text, '18 percent'), verdict: 'true' });
    notes.save();
    const before = memory.files.get('/news/budget.txt.factcheck.json');
    notes.addNote({ text, span: spanOf(text, '6.5 million euros'), verdict: 'false' });
    memory.failNextWrite = true;
    assert.throws(() => notes.save(), /disk full/);
    assert.equal(memory.files.get('/news/budget.txt.factcheck.json'), before);
    assert.equal(notes.hasUnsavedChanges, true, 'still unsaved, nothing lost');
    notes.save();
    assert.equal(parseSidecar(memory.files.get('/news/budget.txt.factcheck.json')!, 'x').notes.length, 2);
  });

  it('merges by id with a concurrent writer instead of overwriting', () => {
    const editor = NotesFile.load(tmp.article);
    const keep = editor.addNote({ text, span: spanOf(text, '1.2 billion euros'), verdict: 'unchecked' });
    const doomed = editor.addNote({ text, span: spanOf(text, 'Monday'), verdict: 'unchecked' });
    editor.save();

    // A script loads the same file, adds a note and edits one.
    const script = NotesFile.load(tmp.article);
    const scripted = script.addNote({ text, span: spanOf(text, '18 percent'), verdict: 'true', author: 'bot' });
    // The editor, meanwhile, deletes a note, edits another and adds one.
    editor.deleteNote(doomed.id);
    const mine = editor.addNote({ text, span: spanOf(text, '"dangerously exposed"'), verdict: 'misleading' });
    script.save();
    editor.updateNote(keep.id, { verdict: 'mostly-true', comment: 'Verified.' });
    assert.deepEqual(editor.save(), { written: true, merged: true });

    const final = parseSidecar(fs.readFileSync(editor.sidecarPath, 'utf8'), 'x');
    const ids = final.notes.map((n) => n.id).sort();
    assert.deepEqual(ids, [keep.id, scripted.id, mine.id].sort(), 'the script note survives; the deleted note stays deleted');
    const kept = final.notes.find((n) => n.id === keep.id) as AssessingNote;
    assert.equal(kept.verdict, 'mostly-true');
    assert.deepEqual(editor.notes.map((n) => n.id).sort(), ids, 'the editor sees the merged notes');
  });

  it('merges three ways: changed beats unchanged, deletions kept, an edit beats a deletion', () => {
    const base = NotesFile.load('/a.txt', new MemoryFileSystem());
    const n1 = base.addNote({ text, span: spanOf(text, '1.2 billion euros') });
    const n2 = base.addNote({ text, span: spanOf(text, 'Monday') });
    const n3 = base.addNote({ text, span: spanOf(text, '18 percent') });
    const baseCollection = base.collection;
    // Times relative to the notes' own clock, never to the calendar.
    const t0 = Date.parse(n1.modified);
    const at =
      (hours: number) =>
      (n: AssessingNote, changes: Partial<AssessingNote>): AssessingNote => ({ ...n, ...changes, modified: new Date(t0 + hours * 3_600_000).toISOString() });
    const ours = { notes: [at(1)(n1, { verdict: 'false' }), n3] }; // edits n1, deletes n2
    const theirs = { notes: [at(2)(n1, { verdict: 'true' }), n2, at(-1)(n3, { comment: 'x' })] };
    const merged = mergeCollections(baseCollection, ours, theirs);
    const byId = new Map(merged.notes.map((n) => [n.id, n]));
    assert.equal((byId.get(n1.id) as AssessingNote).verdict, 'true', 'both edited n1: their later edit wins');
    const kept = merged.notes.filter((n) => n.kind === 'reply' && n.parentId === n1.id);
    assert.equal(kept.length, 1, 'the losing edit of n1 is kept as a reply');
    assert.match(kept[0].comment, /false/);
    assert.equal(byId.has(n2.id), false, 'our deletion of a note they did not change stands');
    assert.equal((byId.get(n3.id) as AssessingNote).comment, 'x', 'their edit wins over our untouched copy, though its clock is earlier');
    const theirsDeleting = { notes: [n1] };
    const oursEditing = { notes: [n1, n2, at(3)(n3, { comment: 'mine' })] };
    const merged2 = mergeCollections(baseCollection, oursEditing, theirsDeleting);
    assert.deepEqual(merged2.notes.map((n) => n.id).sort(), [n1.id, n3.id].sort(), 'their deletion of n2 stands; our edit of n3 survives it');
  });

  it('an untouched copy never wins by a later clock (a machine whose clock is ahead)', () => {
    const base = NotesFile.load('/a.txt', new MemoryFileSystem());
    const n1 = base.addNote({ text, span: spanOf(text, '1.2 billion euros') });
    const baseCollection = base.collection;
    const t0 = Date.parse(n1.modified);
    // Their copy claims a later time but holds the base content (a re-save on a clock a day ahead
    // changes only `modified`): ours has a real edit with an earlier time.
    const untouchedLater = { ...n1, modified: new Date(t0 + 86_400_000).toISOString() };
    const editedEarlier: AssessingNote = { ...n1, verdict: 'false', comment: 'checked', modified: new Date(t0 - 3_600_000).toISOString() };
    const changedOnlyInTime = mergeCollections(baseCollection, { notes: [editedEarlier] }, { notes: [untouchedLater] });
    assert.equal(changedOnlyInTime.notes.length, 1, 'a moved clock is not an edit: nothing to keep beside it');
    assert.equal((changedOnlyInTime.notes[0] as AssessingNote).verdict, 'false', 'the edit wins');
    const merged = mergeCollections(baseCollection, { notes: [editedEarlier] }, { notes: [n1] });
    assert.equal(merged.notes.length, 1);
    assert.equal((merged.notes[0] as AssessingNote).verdict, 'false');
  });

  it('a merge does not depend on which side is ours', () => {
    const base = NotesFile.load('/a.txt', new MemoryFileSystem());
    const n1 = base.addNote({ text, span: spanOf(text, '1.2 billion euros') });
    const baseCollection = base.collection;
    const a: AssessingNote = { ...n1, verdict: 'true', comment: 'a' };
    const b: AssessingNote = { ...n1, verdict: 'false', comment: 'b' };
    const ab = mergeCollections(baseCollection, { notes: [a] }, { notes: [b] });
    const ba = mergeCollections(baseCollection, { notes: [b] }, { notes: [a] });
    const sorted = (c: { notes: { id: string }[] }) => JSON.stringify([...c.notes].sort((x, y) => (x.id < y.id ? -1 : 1)));
    assert.equal(sorted(ab), sorted(ba));
    assert.equal(ab.notes.length, 2, 'equal clocks: one wins by a stable rule, the other is kept as a reply');
    const again = mergeCollections(ab, ab, ba);
    assert.equal(sorted(again), sorted(ab), 'merging the result again adds nothing');
  });

  it('a writer that saves while another holds the lock waits, then fails clearly with nothing written; its note is saved later', () => {
    const memory = new MemoryFileSystem();
    const envA = new TestLockEnvironment(101, memory);
    const envB = new TestLockEnvironment(202, memory);
    envA.alive = envB.alive = new Set([101, 202]);
    const a = NotesFile.load('/news/budget.txt', memory, { lockEnvironment: envA });
    a.addNote({ text, span: spanOf(text, 'Monday') });
    a.save();
    const b = NotesFile.load('/news/budget.txt', memory, { lockEnvironment: envB, lockWaitMs: 50 });
    const late = b.addNote({ text, span: spanOf(text, '18 percent') });
    const mine = a.addNote({ text, span: spanOf(text, '1.2 billion euros') });
    // b saves exactly when a has read the disk under its lock and is about to write (the window
    // in which, before the lock, b's note was lost).
    let reads = 0;
    let tried = false;
    const realRead = memory.readText.bind(memory);
    memory.readText = (file: string) => {
      if (file === '/news/budget.txt.factcheck.json' && ++reads === 1) {
        const before = memory.files.get('/news/budget.txt.factcheck.json');
        tried = true;
        assert.throws(() => b.save(), LockTimeoutError);
        assert.equal(memory.files.get('/news/budget.txt.factcheck.json'), before, 'b wrote nothing');
      }
      return realRead(file);
    };
    a.save();
    memory.readText = realRead;
    assert.ok(tried);
    assert.ok(envB.sleeps > 0, 'b waited for the lock');
    assert.equal(b.hasUnsavedChanges, true, 'b keeps its note to save later');
    assert.equal(memory.files.has('/news/budget.txt.factcheck.json.lock'), false, 'a released the lock');
    b.save();
    const ids = parseSidecar(memory.files.get('/news/budget.txt.factcheck.json')!, 'x').notes.map((n) => n.id);
    assert.ok(ids.includes(late.id) && ids.includes(mine.id), 'both notes survive');
  });

  it('keeps unsaved edits when the file changes on disk and is reloaded', () => {
    const editor = NotesFile.load(tmp.article);
    editor.addNote({ text, span: spanOf(text, 'Monday'), verdict: 'unchecked' });
    editor.save();
    const unsaved = editor.addNote({ text, span: spanOf(text, '18 percent'), verdict: 'true' });
    const other = NotesFile.load(tmp.article);
    const theirs = other.addNote({ text, span: spanOf(text, '1.2 billion euros'), verdict: 'false' });
    other.save();
    editor.reload();
    assert.deepEqual(new Set(editor.notes.map((n) => n.id)).has(unsaved.id), true);
    assert.deepEqual(new Set(editor.notes.map((n) => n.id)).has(theirs.id), true);
    assert.equal(editor.hasUnsavedChanges, true);
  });

  it('makes the notes read-only, file untouched, when the sidecar is malformed', () => {
    const sidecar = sidecarPathFor(tmp.article);
    const broken = '{\n  "@context": "http://www.w3.org/ns/anno.jsonld",\n  "type": "AnnotationCollection"\n  "items": []\n}\n';
    fs.writeFileSync(sidecar, broken);
    const notes = NotesFile.load(tmp.article);
    assert.ok(notes.error instanceof SidecarError);
    assert.equal(notes.readOnly, true);
    assert.match(notes.error!.message, /budget\.txt\.factcheck\.json:4:3: malformed JSON/);
    assert.throws(() => notes.addNote({ text, span: spanOf(text, 'Monday') }), ReadOnlyNotesError);
    assert.throws(() => notes.save(), ReadOnlyNotesError);
    assert.equal(fs.readFileSync(sidecar, 'utf8'), broken);
    // Fixed on disk: writable again.
    fs.writeFileSync(sidecar, broken.replace('"AnnotationCollection"\n', '"AnnotationCollection",\n'));
    notes.reload();
    assert.equal(notes.readOnly, false);
    notes.addNote({ text, span: spanOf(text, 'Monday') });
    notes.save();
  });

  it('does not overwrite a sidecar that became invalid after it was read', () => {
    const notes = NotesFile.load(tmp.article);
    notes.addNote({ text, span: spanOf(text, 'Monday') });
    notes.save();
    const sidecar = notes.sidecarPath;
    const invalid = fs.readFileSync(sidecar, 'utf8').replace('"unchecked"', '"maybe"');
    fs.writeFileSync(sidecar, invalid);
    notes.addNote({ text, span: spanOf(text, '18 percent') });
    assert.throws(
      () => notes.save(),
      (e: unknown) => e instanceof SidecarError && e.pointer === '/items/0/body/0/value',
    );
    assert.equal(fs.readFileSync(sidecar, 'utf8'), invalid);
    assert.equal(notes.readOnly, true);
  });

  it('refreshes stored selectors to where the notes are now, without touching modified', () => {
    const notes = NotesFile.load(tmp.article);
    const n = notes.addNote({ text, span: spanOf(text, '18 percent'), verdict: 'true' });
    notes.save();
    const edited = 'UPDATED: ' + text.replace('Spending on housing', 'Housing spending');
    const results = notes.refreshAnchors(edited);
    assert.equal(results.get(n.id)!.state, 'moved');
    const after = notes.notes.find((x) => x.id === n.id) as AssessingNote;
    assert.equal(after.modified, n.modified);
    assert.equal(after.selectors.position!.start, edited.indexOf('18 percent'));
    assert.equal(notes.anchorNotes(edited).get(n.id)!.state, 'anchored');
  });

  it('keeps an orphaned note with its last text', () => {
    const notes = NotesFile.load(tmp.article);
    const n = notes.addNote({ text, span: spanOf(text, 'Councillor Luis Ortega said the cuts would leave neighbourhoods "dangerously exposed".') });
    notes.save();
    const edited = text.slice(0, text.indexOf('\n\nCouncillor'));
    const results = notes.refreshAnchors(edited);
    assert.equal(results.get(n.id)!.state, 'orphaned');
    notes.save();
    const kept = parseSidecar(fs.readFileSync(notes.sidecarPath, 'utf8'), 'x').notes[0] as AssessingNote;
    assert.equal(kept.selectors.quote.exact, n.selectors.quote.exact);
  });

  it('refuses a note on an empty passage and does not create a sidecar for no notes', () => {
    const notes = NotesFile.load(tmp.article);
    assert.throws(() => notes.addNote({ text, span: { start: 5, end: 5 } }), /at least one character/);
    notes.save();
    assert.equal(fs.existsSync(notes.sidecarPath), false);
  });

  it('adds replies, deletes a note with its replies', () => {
    const notes = NotesFile.load(tmp.article);
    const n = notes.addNote({ text, span: spanOf(text, 'Monday') });
    const r = notes.addReply(n.id, 'Which Monday?', 'Ben');
    assert.equal(r.parentId, n.id);
    assert.throws(() => notes.addReply('urn:uuid:00000000-0000-4000-8000-000000000000', 'x'));
    notes.deleteNote(n.id);
    assert.equal(notes.notes.length, 0);
  });

  it('merges both sides of a git conflict in the sidecar by id', () => {
    const base = NotesFile.load(tmp.article);
    const shared = base.addNote({ text, span: spanOf(text, 'Monday') });
    base.save();
    const baseText = fs.readFileSync(base.sidecarPath, 'utf8');
    const ours = NotesFile.load(tmp.article);
    const mine = ours.addNote({ text, span: spanOf(text, '1.2 billion euros'), verdict: 'true' });
    ours.save();
    const oursText = fs.readFileSync(base.sidecarPath, 'utf8');
    fs.writeFileSync(base.sidecarPath, baseText);
    const theirs = NotesFile.load(tmp.article);
    const their = theirs.addNote({ text, span: spanOf(text, '1.2 billion euros'), verdict: 'false' });
    theirs.deleteNote(shared.id);
    theirs.save();
    const theirsText = fs.readFileSync(base.sidecarPath, 'utf8');
    for (const style of ['merge', 'diff3']) {
      const files = ['ours', 'base', 'theirs'].map((name, i) => {
        const f = path.join(tmp.dir, name);
        fs.writeFileSync(f, [oursText, baseText, theirsText][i]);
        return f;
      });
      const conflicted = spawnSync('git', ['merge-file', '-p', ...(style === 'diff3' ? ['--diff3'] : []), ...files], { encoding: 'utf8' }).stdout;
      assert.match(conflicted, /^<<<<<<< /m);
      fs.writeFileSync(base.sidecarPath, conflicted);
      const notes = NotesFile.load(tmp.article);
      assert.match(notes.error!.message, /unresolved git merge conflict/);
      assert.equal(notes.canResolveConflict, true);
      notes.resolveConflict();
      const ids = parseSidecar(fs.readFileSync(base.sidecarPath, 'utf8'), 'x').notes.map((n) => n.id);
      assert.ok(ids.includes(mine.id) && ids.includes(their.id), `${style}: both new notes kept`);
      assert.equal(ids.includes(shared.id), style === 'merge', `${style}: a deletion is known only with the base`);
      assert.equal(notes.readOnly, false);
    }
  });

  it('moves the sidecar with a renamed article and retargets the notes', () => {
    const notes = NotesFile.load(tmp.article);
    notes.addNote({ text, span: spanOf(text, 'Monday') });
    notes.save();
    const renamed = path.join(tmp.dir, 'sub', 'budget-final.txt');
    fs.mkdirSync(path.dirname(renamed));
    fs.renameSync(tmp.article, renamed);
    const moved = moveSidecar(tmp.article, renamed);
    assert.equal(moved, sidecarPathFor(renamed));
    assert.equal(fs.existsSync(sidecarPathFor(tmp.article)), false);
    const reread = NotesFile.load(renamed);
    assert.equal(reread.notes.length, 1);
    assert.equal((reread.notes[0] as AssessingNote).source, 'budget-final.txt');
    assert.equal(moveSidecar(path.join(tmp.dir, 'none.txt'), path.join(tmp.dir, 'other.txt')), undefined);
  });

  it('moves a malformed sidecar as it is', () => {
    fs.writeFileSync(sidecarPathFor(tmp.article), '{oops');
    const to = path.join(tmp.dir, 'b.txt');
    moveSidecar(tmp.article, to);
    assert.equal(fs.readFileSync(sidecarPathFor(to), 'utf8'), '{oops');
  });

  it('writes the same bytes on a save without changes', () => {
    const notes = NotesFile.load(tmp.article);
    notes.addNote({ text, span: spanOf(text, 'Monday') });
    notes.save();
    const first = fs.readFileSync(notes.sidecarPath, 'utf8');
    const again = NotesFile.load(tmp.article);
    again.save();
    assert.equal(fs.readFileSync(notes.sidecarPath, 'utf8'), first);
    assert.equal(serializeCollection(again.collection), first);
  });

  it('records places tracked through live edits without touching modified', () => {
    const notes = NotesFile.load(tmp.article);
    const note = notes.addNote({ text, span: spanOf(text, '18 percent'), verdict: 'true' });
    notes.save();
    const edited = 'Breaking: ' + text;
    const tracked = spanOf(edited, '18 percent');
    assert.equal(notes.recordPlaces(edited, new Map([[note.id, tracked]])), true);
    const after = notes.notes.find((n) => n.id === note.id) as AssessingNote;
    assert.equal(after.modified, note.modified);
    assert.equal(after.selectors.quote.exact, '18 percent');
    assert.equal(after.selectors.position?.start, tracked.start);
    assert.equal(notes.recordPlaces(edited, new Map([[note.id, tracked]])), false, 'same place: no change');
    assert.equal(notes.recordPlaces(edited, new Map([[note.id, { start: 5, end: 5 }]])), false, 'empty span ignored');
    notes.save();
    assert.equal(NotesFile.load(tmp.article).anchorNotes(edited).get(note.id)?.state, 'anchored');
  });
});
