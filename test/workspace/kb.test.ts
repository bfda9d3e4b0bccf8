// The knowledge-base store: validation with clear messages, stable writes, unknown fields kept,
// a malformed file never touched.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  KbError,
  newEntryId,
  parseKnowledgeBase,
  readKnowledgeBase,
  serializeKnowledgeBase,
  upsertKnowledgeBaseEntry,
  type KbEntry,
} from '../../src/workspace';

describe('knowledge base store', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'factdesk-kb-'));
    file = path.join(dir, '.factdesk', 'entities.json');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const entry = (over: Partial<KbEntry> = {}): KbEntry => ({
    id: 'marta-kowalczyk',
    name: 'Marta Kowalczyk',
    type: 'person',
    aliases: ['Kowalczyk'],
    links: [],
    ...over,
  });

  it('creates the folder and file with 2-space indent, entries ordered by id and fields in a fixed order', () => {
    upsertKnowledgeBaseEntry(file, entry({ id: 'zz', name: 'Zed Zulu', description: 'A **test**', updated: '2026-02-01T00:00:00.000Z' }));
    upsertKnowledgeBaseEntry(file, entry({ links: [{ url: 'https://example.org/mk', label: 'Profile' }] }));
    const text = fs.readFileSync(file, 'utf8');
    assert.equal(
      text,
      `{
  "entities": [
    {
      "id": "marta-kowalczyk",
      "name": "Marta Kowalczyk",
      "type": "person",
      "aliases": [
        "Kowalczyk"
      ],
      "links": [
        {
          "url": "https://example.org/mk",
          "label": "Profile"
        }
      ]
    },
    {
      "id": "zz",
      "name": "Zed Zulu",
      "type": "person",
      "aliases": [
        "Kowalczyk"
      ],
      "description": "A **test**",
      "updated": "2026-02-01T00:00:00.000Z"
    }
  ]
}
`,
    );
    // Writing what was read gives the same bytes.
    assert.equal(serializeKnowledgeBase(parseKnowledgeBase(text, file)), text);
  });

  it('keeps unknown fields of entries, links and the file', () => {
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(
      file,
      JSON.stringify({
        desk: 'politics',
        entities: [{ team: 'economy', id: 'a', type: 'place', name: 'Northgate', links: [{ url: 'https://example.org', checked: true }] }],
      }),
    );
    upsertKnowledgeBaseEntry(file, { ...readKnowledgeBase(file).entries[0], notes: 'Also a hospital.' });
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.equal(doc.desk, 'politics');
    assert.equal(doc.entities[0].team, 'economy');
    assert.equal(doc.entities[0].links[0].checked, true);
    assert.equal(doc.entities[0].notes, 'Also a hospital.');
    assert.deepEqual(Object.keys(doc.entities[0]), ['id', 'name', 'type', 'links', 'notes', 'team']);
  });

  it('names the file, line and column of malformed JSON, and leaves the file untouched', () => {
    fs.mkdirSync(path.dirname(file));
    const broken = '{\n  "entities": [\n    { "id": "a", "name": "A" "type": "person" }\n  ]\n}\n';
    fs.writeFileSync(file, broken);
    assert.throws(
      () => upsertKnowledgeBaseEntry(file, entry()),
      (e: unknown) => {
        assert.ok(e instanceof KbError);
        assert.equal(e.problem, 'json');
        assert.match(e.message, /entities\.json:3:30: malformed JSON: expected ',' or '}'/);
        return true;
      },
    );
    assert.equal(fs.readFileSync(file, 'utf8'), broken);
  });

  it('names the place of a schema error and refuses an entry that would break the schema', () => {
    fs.mkdirSync(path.dirname(file));
    const invalid = JSON.stringify({ entities: [{ id: 'a', name: 'A', type: 'robot' }] });
    fs.writeFileSync(file, invalid);
    assert.throws(
      () => readKnowledgeBase(file),
      /does not match the knowledge-base schema at \/entities\/0\/type: must be one of "person", "organization", "place", "other"/,
    );
    assert.equal(fs.readFileSync(file, 'utf8'), invalid);
    fs.rmSync(file);
    assert.throws(() => upsertKnowledgeBaseEntry(file, entry({ wikidata: 'not-a-qid' })), /\/entities\/0\/wikidata/);
    assert.equal(fs.existsSync(file), false);
  });

  it('rejects duplicate ids', () => {
    assert.throws(
      () =>
        parseKnowledgeBase(
          JSON.stringify({
            entities: [
              { id: 'a', name: 'A', type: 'person' },
              { id: 'a', name: 'B', type: 'person' },
            ],
          }),
          'kb.json',
        ),
      /kb\.json: does not match the knowledge-base schema at \/entities\/1\/id: duplicate id "a"/,
    );
  });

  it('makes ids from names, suffixed when taken', () => {
    const kb = parseKnowledgeBase(JSON.stringify({ entities: [{ id: 'jose-alvarez', name: 'José Álvarez', type: 'person' }] }), 'kb.json');
    assert.equal(newEntryId('José Álvarez', kb), 'jose-alvarez-2');
    assert.equal(newEntryId('Dr. Ngozi Okonjo-Iweala', kb), 'dr-ngozi-okonjo-iweala');
  });
});
