// Entity linking across articles, on records built directly (no engine): the rules, not the detector.
import { strict as assert } from 'node:assert';
import type { EntityType } from '../../src/core/types';
import { WorkspaceIndex, type ArticleRecord, type IndexedEntity, type KbEntry } from '../../src/workspace';

let counter = 0;
function person(name: string, extra: Partial<IndexedEntity> = {}): IndexedEntity {
  return { local: `person:${++counter}`, name, type: 'person', aliases: [], line: 3, character: 0, mentions: 1, ...extra };
}
function entity(name: string, type: EntityType): IndexedEntity {
  return { local: `${type}:${++counter}`, name, type, aliases: [], line: 3, character: 0, mentions: 1 };
}
function record(file: string, entities: IndexedEntity[], extra: Partial<ArticleRecord> = {}): ArticleRecord {
  return { file, kind: 'article', stamp: { mtimeMs: 1, size: 1 }, notesStamp: null, entities, quotes: [], claims: [], notes: [], ...extra };
}
const kbEntry = (e: Partial<KbEntry> & Pick<KbEntry, 'id' | 'name' | 'type'>): KbEntry => ({ aliases: [], links: [], ...e });

describe('workspace linking', () => {
  it('links full name, title + full name, surname and title + surname across articles', () => {
    const index = new WorkspaceIndex();
    index.put(record('a.txt', [person('Ngozi Okonjo-Iweala', { aliases: ['Okonjo-Iweala'] })]));
    index.put(record('b.txt', [person('Dr. Ngozi Okonjo-Iweala')]));
    index.put(record('c.txt', [person('Okonjo-Iweala')]));
    index.put(record('d.txt', [person('Dr. Okonjo-Iweala')]));
    const report = index.report({ name: 'Ngozi Okonjo-Iweala', type: 'person', aliases: [] }, 'a.txt');
    assert.equal(report.id, 'person:ngozi-okonjo-iweala');
    assert.equal(report.name, 'Ngozi Okonjo-Iweala');
    assert.deepEqual(
      report.elsewhere.map((e) => e.file),
      ['b.txt', 'c.txt', 'd.txt'],
    );
    // From the surname-only article, the same person.
    assert.equal(index.report({ name: 'Okonjo-Iweala', type: 'person', aliases: [] }).id, 'person:ngozi-okonjo-iweala');
  });

  it('never merges a surname two people share: it lists both', () => {
    const index = new WorkspaceIndex();
    index.put(record('a.txt', [person('Maria Chen')]));
    index.put(record('b.txt', [person('David Chen')]));
    index.put(record('c.txt', [person('Chen')]));
    const report = index.report({ name: 'Chen', type: 'person', aliases: [] }, 'c.txt');
    assert.equal(report.id, 'ambiguous:chen');
    assert.deepEqual(report.elsewhere, []);
    assert.deepEqual(
      report.candidates?.map((c) => [c.name, c.articles]),
      [
        ['David Chen', 1],
        ['Maria Chen', 1],
      ],
    );
    // Each full name keeps only its own article: the ambiguous surname joins neither.
    assert.deepEqual(
      index.report({ name: 'Maria Chen', type: 'person', aliases: [] }).elsewhere.map((e) => e.file),
      ['a.txt'],
    );
  });

  it('a surname becomes ambiguous as soon as a second person with it is indexed, and unambiguous when removed', () => {
    const index = new WorkspaceIndex();
    index.put(record('a.txt', [person('Maria Chen')]));
    index.put(record('c.txt', [person('Chen')]));
    assert.equal(index.report({ name: 'Chen', type: 'person', aliases: [] }).id, 'person:maria-chen');
    index.put(record('b.txt', [person('David Chen')]));
    assert.equal(index.report({ name: 'Chen', type: 'person', aliases: [] }).id, 'ambiguous:chen');
    index.remove('b.txt');
    assert.equal(index.report({ name: 'Chen', type: 'person', aliases: [] }).id, 'person:maria-chen');
  });

  it('knowledge-base aliases link mentions, and the KB type overrides the engine', () => {
    const index = new WorkspaceIndex();
    index.put(record('a.txt', [entity('World Trade Organization', 'organization')]));
    index.put(record('b.txt', [entity('WTO', 'other')]));
    const before = index.report({ name: 'WTO', type: 'other', aliases: [] }, 'b.txt');
    assert.deepEqual(before.elsewhere, []);
    index.setKnowledgeBase({
      entries: [kbEntry({ id: 'wto', name: 'World Trade Organization', type: 'organization', aliases: ['WTO'] })],
      raw: new Map(),
      top: {},
    });
    const after = index.report({ name: 'WTO', type: 'other', aliases: [] }, 'b.txt');
    assert.equal(after.id, 'kb:wto');
    assert.equal(after.type, 'organization');
    assert.equal(after.kb?.id, 'wto');
    assert.deepEqual(
      after.elsewhere.map((e) => e.file),
      ['a.txt'],
    );
  });

  it('a KB alias settles an ambiguous surname for the person the newsroom chose', () => {
    const index = new WorkspaceIndex();
    index.put(record('a.txt', [person('Maria Chen')]));
    index.put(record('b.txt', [person('David Chen')]));
    index.put(record('c.txt', [person('Chen')]));
    index.setKnowledgeBase({ entries: [kbEntry({ id: 'maria-chen', name: 'Maria Chen', type: 'person', aliases: ['Chen'] })], raw: new Map(), top: {} });
    const report = index.report({ name: 'Chen', type: 'person', aliases: [] }, 'c.txt');
    assert.equal(report.id, 'kb:maria-chen');
    assert.deepEqual(
      report.elsewhere.map((e) => e.file),
      ['a.txt'],
    );
  });

  it('collects quotes by the entity and verdicts on passages about it from other articles only', () => {
    const index = new WorkspaceIndex();
    const a = person('Marta Kowalczyk', { role: 'Finance Minister' });
    index.put(
      record('a.txt', [a], {
        title: 'Deficit plan',
        date: '2026-02-03',
        quotes: [
          {
            start: 10,
            end: 40,
            line: 5,
            character: 0,
            text: 'We will not balance the books',
            kind: 'statement',
            speaker: 'Marta Kowalczyk',
            speakerEntity: a.local,
          },
        ],
        notes: [
          {
            id: 'n1',
            verdict: 'false',
            state: 'anchored',
            start: 50,
            end: 60,
            line: 7,
            character: 2,
            text: 'rise by 4 percent',
            comment: '',
            modified: '2026-02-04T00:00:00Z',
            entities: [a.local],
          },
        ],
      }),
    );
    const b = person('Kowalczyk');
    index.put(
      record('b.txt', [b], {
        notes: [
          {
            id: 'n2',
            verdict: 'true',
            state: 'anchored',
            start: 1,
            end: 5,
            line: 2,
            character: 0,
            text: 'x',
            comment: '',
            modified: '2026-02-04T00:00:00Z',
            entities: [b.local],
          },
        ],
      }),
    );
    const report = index.report({ name: 'Kowalczyk', type: 'person', aliases: [] }, 'b.txt');
    assert.deepEqual(report.elsewhere, [
      { file: 'a.txt', title: 'Deficit plan', date: '2026-02-03', line: 3, character: 0, role: 'Finance Minister', name: 'Marta Kowalczyk' },
    ]);
    assert.deepEqual(
      report.quotes.map((q) => q.text),
      ['We will not balance the books'],
    );
    assert.deepEqual(
      report.verdicts.map((v) => [v.file, v.verdict]),
      [['a.txt', 'false']],
    );
  });

  it('renames move an article without changing what links to it', () => {
    const index = new WorkspaceIndex();
    index.put(record('a.txt', [person('Maria Chen')]));
    index.put(record('b.txt', [person('Maria Chen')]));
    assert.ok(index.rename('b.txt', 'sub/b2.txt'));
    assert.deepEqual(
      index.report({ name: 'Maria Chen', type: 'person', aliases: [] }, 'a.txt').elsewhere.map((e) => e.file),
      ['sub/b2.txt'],
    );
    assert.equal(index.record('b.txt'), undefined);
  });
});
