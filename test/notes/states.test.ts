// Honest states of notes: the verdict table, "changed since checked" (the checked text kept in the
// sidecar), dismissals as not check-worthy (motivation "classifying") and textual sources.
import { strict as assert } from 'node:assert';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import schema from '../../schemas/factcheck.schema.json';
import {
  changedSinceChecked,
  isFinalVerdict,
  isSourceUrl,
  noteStateOf,
  NotesFile,
  parseSidecar,
  serializeCollection,
  SidecarError,
  VERDICT_INFO,
  VERDICTS,
  type AssessingNote,
} from '../../src/notes';
import { ARTICLE_TEXT, MemoryFileSystem, spanOf } from './helpers';

const ARTICLE = '/desk/budget.txt';
const SIDECAR = '/desk/budget.txt.factcheck.json';
const SENTENCE = 'The city council approved a budget of 1.2 billion euros on Monday, the largest in its history.';

function validate(doc: unknown): boolean {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.validate(schema, doc) as boolean;
}

function fresh(): { fs: MemoryFileSystem; file: NotesFile } {
  const fs = new MemoryFileSystem();
  return { fs, file: NotesFile.load(ARTICLE, fs) };
}

describe('notes: verdict table', () => {
  it('has one entry per verdict with a label, a symbol, an icon and whether it is final', () => {
    assert.deepEqual(Object.keys(VERDICT_INFO).sort(), [...VERDICTS].sort());
    for (const v of VERDICTS) {
      const info = VERDICT_INFO[v];
      assert.ok(info.label && info.symbol && info.icon, v);
    }
    assert.deepEqual(
      VERDICTS.filter((v) => !isFinalVerdict(v)),
      ['unchecked'],
    );
    assert.equal(VERDICT_INFO.unverifiable.label, 'Unverifiable');
    assert.notEqual(VERDICT_INFO['mostly-false'].tone, VERDICT_INFO.true.tone, 'Mostly false does not look like True');
  });
});

describe('notes: changed since checked', () => {
  it('keeps the checked text of a final verdict in the sidecar, and none for unchecked', () => {
    const { fs, file } = fresh();
    const checked = file.addNote({ text: ARTICLE_TEXT, span: spanOf(ARTICLE_TEXT, SENTENCE), verdict: 'mostly-false' });
    const open = file.addNote({ text: ARTICLE_TEXT, span: spanOf(ARTICLE_TEXT, 'rises by 18 percent'), verdict: 'unchecked' });
    file.save();
    const doc = JSON.parse(fs.files.get(SIDECAR)!);
    assert.ok(validate(doc));
    const body = (id: string) => doc.items.find((i: { id: string }) => i.id === id).body[0];
    assert.deepEqual(body(checked.id), { type: 'TextualBody', purpose: 'assessing', value: 'mostly-false', checkedText: SENTENCE });
    assert.equal(body(open.id).checkedText, undefined);
    const reread = NotesFile.load(ARTICLE, fs).notes.find((n) => n.id === checked.id) as AssessingNote;
    assert.equal(reread.checkedText, SENTENCE);
  });

  it('a change of the text (not of white space) makes the note changed; confirming clears it; it survives reload', () => {
    const { fs, file } = fresh();
    const note = file.addNote({ text: ARTICLE_TEXT, span: spanOf(ARTICLE_TEXT, SENTENCE), verdict: 'mostly-false' });
    file.save();
    const edited = ARTICLE_TEXT.replace('1.2 billion euros', '1.15 billion euros');
    // The article is saved with the edit: its place is stored, the checked text stays.
    const reloaded = NotesFile.load(ARTICLE, fs);
    const anchors = reloaded.refreshAnchors(edited);
    reloaded.save();
    const again = NotesFile.load(ARTICLE, fs);
    const stored = again.notes[0] as AssessingNote;
    assert.equal(stored.selectors.quote.exact, SENTENCE.replace('1.2', '1.15'), 'the stored quote follows the text');
    assert.equal(stored.checkedText, SENTENCE, 'the checked text stays');
    assert.equal(noteStateOf(stored, again.anchorNotes(edited).get(note.id), edited), 'changed');
    assert.notEqual(anchors.get(note.id)?.state, 'orphaned');

    const span = again.anchorNotes(edited).get(note.id)!.span!;
    again.confirmVerdict(note.id, edited.slice(span.start, span.end));
    again.save();
    const confirmed = NotesFile.load(ARTICLE, fs);
    assert.equal(noteStateOf(confirmed.notes[0] as AssessingNote, confirmed.anchorNotes(edited).get(note.id), edited), 'anchored');
  });

  it('white space alone is no change', () => {
    const note = { kind: 'note', verdict: 'true', checkedText: 'cut by 6.5 million euros', selectors: { quote: { exact: '', prefix: '', suffix: '' } } };
    assert.equal(changedSinceChecked(note as AssessingNote, 'cut  by 6.5\nmillion euros '), false);
    assert.equal(changedSinceChecked(note as AssessingNote, 'cut by 6.5 million dollars'), true);
    assert.equal(changedSinceChecked({ ...note, verdict: 'unchecked' } as AssessingNote, 'other text'), false);
  });

  it('a new verdict counts as checked on the text given; unchecked drops the checked text', () => {
    const { file } = fresh();
    const note = file.addNote({ text: ARTICLE_TEXT, span: spanOf(ARTICLE_TEXT, SENTENCE), verdict: 'true' });
    const updated = file.updateNote(note.id, { verdict: 'false', checkedText: 'the text now' }) as AssessingNote;
    assert.equal(updated.checkedText, 'the text now');
    const cleared = file.updateNote(note.id, { verdict: 'unchecked' }) as AssessingNote;
    assert.equal(cleared.checkedText, undefined);
    assert.throws(() => file.confirmVerdict(note.id, 'x'), /no final verdict/);
  });

  it('reads an older sidecar without checked text as checked on its stored quote, byte for byte unchanged until the quote moves', () => {
    const fs = new MemoryFileSystem();
    const old = NotesFile.load(ARTICLE, fs);
    old.addNote({ text: ARTICLE_TEXT, span: spanOf(ARTICLE_TEXT, SENTENCE), verdict: 'false' });
    const legacy = JSON.parse(serializeCollection(old.collection));
    delete legacy.items[0].body[0].checkedText;
    const legacyText = JSON.stringify(legacy, null, 2) + '\n';
    fs.files.set(SIDECAR, legacyText);
    const file = NotesFile.load(ARTICLE, fs);
    assert.equal(file.error, undefined);
    assert.equal(serializeCollection(file.collection), legacyText, 'read and written back unchanged');
    const note = file.notes[0] as AssessingNote;
    assert.equal(noteStateOf(note, file.anchorNotes(ARTICLE_TEXT).get(note.id), ARTICLE_TEXT), 'anchored');
    const edited = ARTICLE_TEXT.replace('on Monday', 'on Tuesday');
    file.refreshAnchors(edited);
    const moved = file.notes[0] as AssessingNote;
    assert.equal(moved.checkedText, SENTENCE, 'the quote it had becomes its checked text when the quote moves');
    assert.equal(noteStateOf(moved, file.anchorNotes(edited).get(note.id), edited), 'changed');
  });
});

describe('notes: dismissed as not check-worthy', () => {
  it('stores a W3C annotation with motivation classifying, the reason as a comment, and anchors it like a note', () => {
    const { fs, file } = fresh();
    const d = file.dismiss({ text: ARTICLE_TEXT, span: spanOf(ARTICLE_TEXT, SENTENCE), reason: 'The headline figure is the council’s own', author: 'Ana' });
    file.save();
    const doc = JSON.parse(fs.files.get(SIDECAR)!);
    assert.ok(validate(doc));
    const item = doc.items[0];
    assert.equal(item.motivation, 'classifying');
    assert.deepEqual(item.body, [
      { type: 'TextualBody', purpose: 'classifying', value: 'not-check-worthy' },
      { type: 'TextualBody', purpose: 'commenting', value: 'The headline figure is the council’s own', format: 'text/markdown' },
    ]);
    assert.equal(item.target.selector[0].exact, SENTENCE);
    const reread = NotesFile.load(ARTICLE, fs);
    const back = reread.notes[0];
    assert.equal(back.kind, 'dismissal');
    assert.equal(back.comment, 'The headline figure is the council’s own');
    const edited = 'Update: figures corrected.\n\n' + ARTICLE_TEXT;
    const anchor = reread.anchorNotes(edited).get(d.id)!;
    assert.equal(anchor.state, 'moved');
    assert.equal(edited.slice(anchor.span!.start, anchor.span!.end), SENTENCE);
    reread.refreshAnchors(edited);
    assert.equal(reread.notes[0].kind, 'dismissal', 'still a dismissal after its place is stored');
  });

  it('a classifying annotation without the not-check-worthy body breaks the schema with a clear message', () => {
    const { fs, file } = fresh();
    file.dismiss({ text: ARTICLE_TEXT, span: spanOf(ARTICLE_TEXT, SENTENCE) });
    file.save();
    const doc = JSON.parse(fs.files.get(SIDECAR)!);
    doc.items[0].body = [{ type: 'TextualBody', purpose: 'classifying', value: 'boring' }];
    assert.throws(
      () => parseSidecar(JSON.stringify(doc), SIDECAR),
      (e: unknown) => e instanceof SidecarError && e.problem === 'schema' && /items\/0\/body/.test(e.message) && /not-check-worthy/.test(e.message),
    );
  });
});

describe('notes: sources that are not links', () => {
  it('stores a URL as a SpecificResource and text as a TextualBody with purpose linking, and reads both back', () => {
    const { fs, file } = fresh();
    const sources = ['https://example.org/budget', "Phone call with the insurers' press office, 8 Jan"];
    const note = file.addNote({ text: ARTICLE_TEXT, span: spanOf(ARTICLE_TEXT, SENTENCE), verdict: 'true', sources });
    file.save();
    const doc = JSON.parse(fs.files.get(SIDECAR)!);
    assert.ok(validate(doc));
    assert.deepEqual(doc.items[0].body.slice(1), [
      { type: 'SpecificResource', purpose: 'linking', source: 'https://example.org/budget' },
      { type: 'TextualBody', purpose: 'linking', value: "Phone call with the insurers' press office, 8 Jan" },
    ]);
    assert.deepEqual(NotesFile.load(ARTICLE, fs).notes[0].sources, sources);
    // Edited and removed like any source.
    file.updateNote(note.id, { sources: ['Phone call with the press office, 9 Jan'] });
    file.save();
    assert.deepEqual(JSON.parse(fs.files.get(SIDECAR)!).items[0].body.slice(1), [
      { type: 'TextualBody', purpose: 'linking', value: 'Phone call with the press office, 9 Jan' },
    ]);
  });

  it('tells URLs from descriptions', () => {
    assert.equal(isSourceUrl('https://example.org/a?b=1'), true);
    assert.equal(isSourceUrl('mailto:desk@example.org'), true);
    assert.equal(isSourceUrl('Call: press office'), false);
    assert.equal(isSourceUrl('Interview:mayor'), false);
    assert.equal(isSourceUrl('https://example.org/a b'), false);
  });
});
