import { strict as assert } from 'node:assert';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import schema from '../../schemas/factcheck.schema.json';
import { describeSpan, parseSidecar, serializeCollection, SidecarError, sortNotes, type AssessingNote, type Note, type NoteCollection } from '../../src/notes';
import { ARTICLE_TEXT, spanOf } from './helpers';

let counter = 0;
function note(quote: string, extra: Partial<AssessingNote> = {}): AssessingNote {
  counter++;
  return {
    kind: 'note',
    id: `urn:uuid:00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    created: '2026-11-20T10:00:00.000Z',
    modified: '2026-11-20T10:00:00.000Z',
    author: 'Ana',
    verdict: 'mostly-true',
    comment: 'Checked against the *published* budget.',
    sources: ['https://example.org/budget-2026'],
    source: 'budget.txt',
    selectors: describeSpan(ARTICLE_TEXT, spanOf(ARTICLE_TEXT, quote)),
    ...extra,
  };
}

function validate(doc: unknown): boolean {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.validate(schema, doc) as boolean;
}

describe('notes: W3C Web Annotation form and schema', () => {
  const collection: NoteCollection = {
    notes: [
      note('cut by 6.5 million euros', { verdict: 'false', sources: [] }),
      note('1.2 billion euros'),
      {
        kind: 'reply',
        id: 'urn:uuid:00000000-0000-4000-8000-0000000000ff',
        parentId: 'urn:uuid:00000000-0000-4000-8000-000000000002',
        created: '2026-11-21T08:00:00.000Z',
        modified: '2026-11-21T08:00:00.000Z',
        author: 'Ben',
        comment: 'Agreed.',
        sources: [],
      },
    ],
  };
  collection.notes[1].id = 'urn:uuid:00000000-0000-4000-8000-000000000002';

  it('writes the W3C shape the issue specifies', () => {
    const doc = JSON.parse(serializeCollection(collection));
    assert.equal(doc['@context'], 'http://www.w3.org/ns/anno.jsonld');
    assert.equal(doc.type, 'AnnotationCollection');
    const first = doc.items[0];
    assert.equal(first.type, 'Annotation');
    assert.equal(first.motivation, 'assessing');
    assert.deepEqual(first.creator, { name: 'Ana' });
    assert.equal(first.target.source, 'budget.txt');
    assert.deepEqual(
      first.target.selector.map((s: { type: string }) => s.type),
      ['TextQuoteSelector', 'TextPositionSelector'],
    );
    assert.equal(first.target.selector[0].exact, '1.2 billion euros');
    assert.deepEqual(first.body[0], { type: 'TextualBody', purpose: 'assessing', value: 'mostly-true' });
    assert.equal(first.body[1].purpose, 'commenting');
    assert.deepEqual(first.body[2], { type: 'SpecificResource', purpose: 'linking', source: 'https://example.org/budget-2026' });
    const reply = doc.items[1];
    assert.equal(reply.motivation, 'replying');
    assert.equal(reply.target, first.id);
  });

  it('writes what its own schema accepts', () => {
    assert.ok(validate(JSON.parse(serializeCollection(collection))));
    assert.ok(validate(JSON.parse(serializeCollection({ notes: [] }))));
  });

  it('writes stably: 2-space indent, final newline, items by position then id, replies after their note', () => {
    const text = serializeCollection(collection);
    assert.ok(text.endsWith('}\n'));
    assert.match(text, /^\{\n {2}"@context"/);
    const doc = JSON.parse(text);
    assert.deepEqual(
      doc.items.map((i: { target: unknown }) => (typeof i.target === 'string' ? 'reply' : (i.target as { selector: { exact?: string }[] }).selector[0].exact)),
      ['1.2 billion euros', 'reply', 'cut by 6.5 million euros'],
    );
    const shuffled: NoteCollection = { notes: [...collection.notes].reverse() };
    assert.equal(serializeCollection(shuffled), text, 'order does not depend on the order in memory');
    const twin = note('1.2 billion euros', { id: 'urn:uuid:00000000-0000-4000-8000-000000000001' });
    const order = sortNotes([collection.notes[1], twin]).map((n: Note) => n.id);
    assert.deepEqual(order, [twin.id, collection.notes[1].id], 'same position: by id');
  });

  it('reads back what it wrote (round trip)', () => {
    const text = serializeCollection(collection);
    const parsed = parseSidecar(text, 'budget.txt.factcheck.json');
    assert.equal(serializeCollection(parsed), text);
    const first = parsed.notes.find((n) => n.kind === 'note' && n.verdict === 'mostly-true') as AssessingNote;
    assert.equal(first.comment, 'Checked against the *published* budget.');
    assert.deepEqual(first.sources, ['https://example.org/budget-2026']);
  });

  it('keeps fields it does not know on rewrite', () => {
    const doc = JSON.parse(serializeCollection(collection));
    doc.label = 'Budget story checks';
    doc.items[0].audience = { type: 'Audience', role: 'editor' };
    doc.items[0].creator.id = 'https://example.org/people/ana';
    doc.items[0].target.selector[0].refinedBy = { type: 'TextPositionSelector', start: 0, end: 3 };
    doc.items[0].target.selector.push({ type: 'CssSelector', value: '#p2' });
    doc.items[0].target.state = { type: 'HttpRequestState', value: 'Accept: text/plain' };
    doc.items[0].body.push({ type: 'TextualBody', purpose: 'tagging', value: 'budget' });
    doc.items[0].body[2].title = 'Budget 2026 (PDF)';
    doc.items[0].body[0].language = 'en';
    const input = JSON.stringify(doc, null, 2) + '\n';
    const parsed = parseSidecar(input, 'x.factcheck.json');
    assert.equal(serializeCollection(parsed), input, 'unchanged notes are written back byte for byte');
    // Editing a note keeps its unknown fields too.
    const edited = parsed.notes.map((n) => (n.kind === 'note' && n.verdict === 'mostly-true' ? { ...n, verdict: 'mixed' as const, comment: 'Changed.' } : n));
    const out = JSON.parse(serializeCollection({ ...parsed, notes: edited }));
    const item = out.items[0];
    assert.equal(out.label, 'Budget story checks');
    assert.deepEqual(item.audience, { type: 'Audience', role: 'editor' });
    assert.equal(item.creator.id, 'https://example.org/people/ana');
    assert.ok(item.target.selector[0].refinedBy);
    assert.equal(item.target.selector[2].type, 'CssSelector');
    assert.ok(item.target.state);
    assert.equal(item.body[0].value, 'mixed');
    assert.equal(item.body[0].language, 'en');
    assert.equal(item.body[1].value, 'Changed.');
    assert.equal(item.body[2].title, 'Budget 2026 (PDF)');
    assert.ok(item.body.some((b: { purpose: string }) => b.purpose === 'tagging'));
  });

  describe('errors', () => {
    const good = serializeCollection(collection);
    function error(text: string): SidecarError {
      try {
        parseSidecar(text, '/news/budget.txt.factcheck.json');
      } catch (e) {
        assert.ok(e instanceof SidecarError, String(e));
        return e;
      }
      assert.fail('expected an error');
    }

    it('names the file, line and column of malformed JSON', () => {
      const broken = good.replace('"motivation": "assessing",', '"motivation": "assessing"');
      const e = error(broken);
      assert.equal(e.problem, 'json');
      const lines = broken.split('\n');
      const line = lines.findIndex((l) => l.includes('"motivation": "assessing"')) + 2;
      assert.equal(e.line, line);
      assert.equal(e.column, lines[line - 1].indexOf('"') + 1);
      assert.match(e.message, new RegExp(`^/news/budget\\.txt\\.factcheck\\.json:${line}:\\d+: malformed JSON: expected ','`));
      assert.equal(error('').problem, 'json');
      assert.match(error('{"items": [1, 2,]}').message, /:1:17: malformed JSON: expected a value/);
      assert.match(error('{"a": "unterminated}').message, /unterminated string/);
    });

    it('gives the JSON pointer of a schema error', () => {
      const badVerdict = error(good.replace('"value": "mostly-true"', '"value": "sort-of"'));
      assert.equal(badVerdict.problem, 'schema');
      assert.equal(badVerdict.pointer, '/items/0/body/0/value');
      assert.match(badVerdict.message, /must be one of "unchecked", "true"/);
      assert.equal(error(good.replace('"exact"', '"exakt"')).pointer, '/items/0/target/selector/0');
      assert.equal(error(good.replace('https://example.org/budget-2026', 'not a url')).pointer, '/items/0/body/2/source');
      assert.equal(error(good.replace('"type": "AnnotationCollection"', '"type": "Collection"')).pointer, '/type');
      assert.equal(error(good.replace(/"created": "[^"]+"/, '"created": "yesterday"')).pointer, '/items/0/created');
      assert.equal(error('[]').pointer, '');
    });

    it('rejects duplicate ids', () => {
      const doc = JSON.parse(good);
      doc.items[2].id = doc.items[0].id;
      const e = error(JSON.stringify(doc));
      assert.equal(e.pointer, '/items/2/id');
      assert.match(e.message, /duplicate id/);
    });
  });
});
