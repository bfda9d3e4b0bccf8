// The Desk's wire format: decodeDeskResult keeps well-formed articles, drops and counts malformed ones,
// refuses a malformed envelope; buildDesk lists articles of every folder, not source documents.
import { strict as assert } from 'node:assert';
import { buildDesk, buildDeskItems } from '../../src/server/desk';
import { decodeDeskItems, decodeDeskResult } from '../../src/shared/protocol';
import { WorkspaceIndex, type ArticleRecord } from '../../src/workspace';

const article = {
  uri: 'file:///ws/desk/a.txt',
  folder: 'ws',
  file: 'desk/a.txt',
  date: '2026-02-03',
  counts: { claims: 3, verified: 1, left: 3, unverified: 2, changed: 0, orphaned: 1 },
  first: { kind: 'unverified', start: 10, end: 40, line: 3, character: 0 },
  authors: ['Grace'],
  verdicts: { true: 1, unchecked: 1 },
};

function record(file: string, kind: ArticleRecord['kind']): ArticleRecord {
  return {
    file,
    kind,
    stamp: { mtimeMs: 1, size: 1 },
    notesStamp: null,
    entities: [],
    quotes: [],
    claims: [{ start: 0, end: 5, line: 1, character: 0, score: 0.9, reasons: [], verified: false, entities: [] }],
    notes: [],
    gate: { claims: 1, verified: 0, left: 1, unverified: 1, changed: 0, orphaned: 0 },
    open: { unverified: [0], changed: [], orphaned: [] },
  };
}

describe('the Desk over the protocol', () => {
  it('decodes well-formed articles and drops malformed ones, counting them', () => {
    const bad = [
      { ...article, counts: { ...article.counts, left: -1 } },
      { ...article, first: { kind: 'altered-everything' } },
      { ...article, first: { kind: 'unverified', start: 1 } },
      { ...article, verdicts: { maybe: 1 } },
      { ...article, authors: [3] },
      null,
    ];
    const decoded = decodeDeskResult({ state: 'ready', generation: 4, articles: [article, ...bad] });
    assert.ok(decoded);
    assert.equal(decoded.dropped, bad.length);
    assert.deepEqual(decoded.desk.articles, [article]);
    assert.equal(decodeDeskResult({ state: 'sleeping', generation: 1, articles: [] }), undefined);
    assert.equal(decodeDeskResult({ state: 'ready', generation: -1, articles: [] }), undefined);
    assert.equal(decodeDeskResult({ state: 'ready', generation: 1 }), undefined);
    const items = { items: [article.first, { kind: 'orphaned', text: 'an old passage', noteId: 'urn:uuid:1' }], total: 7 };
    assert.deepEqual(decodeDeskItems(items), items);
    assert.equal(decodeDeskItems(null), null);
    assert.equal(decodeDeskItems({ items: [{ kind: 'orphaned', text: 3 }], total: 1 }), undefined);
    assert.equal(decodeDeskItems({ items: [], total: -1 }), undefined);
  });

  it('lists the articles of every folder, with their URIs, and leaves source documents out', () => {
    const one = new WorkspaceIndex();
    one.put(record('desk/a.txt', 'article'));
    one.put(record('sources/transcript.txt', 'source'));
    const two = new WorkspaceIndex();
    two.put(record('b.md', 'article'));
    const desk = buildDesk(
      [
        { root: '/ws/one', name: 'one', index: one },
        { root: '/ws/two', name: 'two', index: two },
      ],
      'ready',
      7,
    );
    assert.deepEqual(
      desk.articles.map((a) => [a.folder, a.file, a.uri, a.counts.left]),
      [
        ['one', 'desk/a.txt', 'file:///ws/one/desk/a.txt', 1],
        ['two', 'b.md', 'file:///ws/two/b.md', 1],
      ],
    );
    assert.equal(desk.generation, 7);
    assert.deepEqual(decodeDeskResult(JSON.parse(JSON.stringify(desk)))?.desk, desk);
    const folders = [{ root: '/ws/one', name: 'one', index: one }];
    assert.deepEqual(buildDeskItems(folders, 'file:///ws/one/desk/a.txt'), {
      items: [{ kind: 'unverified', line: 1, character: 0, start: 0, end: 5 }],
      total: 1,
    });
    assert.equal(buildDeskItems(folders, 'file:///ws/one/none.txt'), null);
  });
});
