// The persisted index format (src/workspace/persisted.ts): records survive encoding unchanged, the file
// reads back line by line, and a damaged file, a damaged record, another format, build or options are
// each told apart (broken: an error naming the place; stale: a reason, nothing loaded).
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import {
  claimOf,
  decodeRecord,
  encodeRecord,
  INDEX_FORMAT_VERSION,
  parsePersistedIndex,
  PersistedIndexError,
  serializePersistedIndex,
  StringPool,
  type ArticleRecord,
  type EncodedRecord,
} from '../../src/workspace';
import { deskCopy, indexerFor, write } from './helpers';

const BUILD = { engine: 'engine-1', options: '[{},["sources/**"]]' };
const bytesOf = (text: string) => Buffer.from(text, 'utf8');

/** A record using every field and odd value the format must carry. */
function oddRecord(): ArticleRecord {
  return {
    file: 'dir with space/tab\there’s “quotes”.txt',
    kind: 'article',
    stamp: { mtimeMs: 1796545263443.6516, size: 4873 },
    notesStamp: { mtimeMs: 1796545263000.25, size: 12 },
    title: 'Line one\nand a tab\t and emoji 😀',
    date: '2026-01-01',
    entities: [
      {
        local: 'person:karen-abernathy',
        name: 'Karen Abernathy',
        type: 'person',
        aliases: ['Abernathy', 'Dr. Abernathy'],
        role: 'the city’s mayor',
        line: 8,
        character: 0,
        mentions: 2,
      },
      { local: 'organization:acme', name: 'Acme', type: 'organization', aliases: [], line: 9, character: 4, mentions: 1 },
      { local: 'other:x', name: 'X', type: 'other', aliases: [], line: 10, character: 1, mentions: 1 },
    ],
    quotes: [
      {
        start: 10,
        end: 20,
        line: 2,
        character: 3,
        text: 'We will “not” \\ raise\ttaxes',
        kind: 'statement',
        speaker: 'Karen Abernathy',
        speakerEntity: 'person:karen-abernathy',
      },
      { start: 30, end: 40, line: 3, character: 0, text: 'a title', kind: 'title' },
      { start: 50, end: 60, line: 4, character: 0, text: 'short', kind: 'short', speaker: 'someone', speakerEntity: 'person:not-in-this-record' },
    ],
    claims: [
      {
        start: 0,
        end: 9,
        line: 1,
        character: 0,
        score: 0.999,
        reasons: ['statistic', 'date', 'comparison', 'causal', 'attributed', 'entity-fact'],
        verified: true,
        entities: [],
      },
      { start: 10, end: 19, line: 1, character: 10, score: 0.37, reasons: [], verified: false, entities: ['person:karen-abernathy'] },
      { start: 20, end: 29, line: 1, character: 20, score: 1, reasons: ['attributed'], verified: false, entities: ['organization:acme', 'person:unknown'] },
    ],
    notes: [
      {
        id: 'n1',
        verdict: 'mostly-false',
        state: 'changed',
        start: 10,
        end: 19,
        line: 1,
        character: 10,
        text: 'passage',
        comment: 'see “source”',
        modified: '2026-02-03T10:00:00Z',
        author: 'ed',
        entities: ['person:karen-abernathy'],
      },
      { id: 'n2', verdict: 'unchecked', state: 'orphaned', text: 'gone', comment: '', modified: '2026-02-04T10:00:00Z', entities: [] },
    ],
    gate: { claims: 3, verified: 1, left: 4, unverified: 2, changed: 1, orphaned: 1 },
    open: { unverified: [1, 2], changed: ['n1'], orphaned: ['n2'] },
    notesError: 'x.factcheck.json:1:2: malformed JSON',
  };
}

/**
 * Every field of T set, optional ones included, at every level of a record (arrays: each element).
 * A field added to ArticleRecord or to the types in it fails to compile in fullRecord() until the
 * fixture sets it, and the round trip below then fails if the format drops it.
 */
type Full<T> = T extends ReadonlyArray<infer E> ? Array<Full<E>> : T extends object ? { [K in keyof T]-?: Full<NonNullable<T[K]>> } : T;

/** A record with every field, optional ones included (quote checks too), set to a value other than its default. */
function fullRecord(): Full<ArticleRecord> {
  return {
    file: 'full/every-field.txt',
    kind: 'article',
    stamp: { mtimeMs: 1796545263443.5, size: 999 },
    notesStamp: { mtimeMs: 1796545263001.5, size: 77 },
    title: 'Every field',
    date: '2026-03-04',
    entities: [
      { local: 'person:ann-lee', name: 'Ann Lee', type: 'person', aliases: ['Lee'], role: 'minister', line: 3, character: 2, mentions: 4 },
      { local: 'place:oslo', name: 'Oslo', type: 'place', aliases: ['the capital'], role: 'capital', line: 5, character: 1, mentions: 2 },
    ],
    quotes: [
      {
        start: 100,
        end: 140,
        line: 6,
        character: 4,
        text: 'the clipped words …',
        kind: 'statement',
        full: 'the clipped words and the rest of them, every one',
        speaker: 'Ann Lee',
        speakerEntity: 'person:ann-lee',
        speakerGuessed: true,
      },
      {
        start: 200,
        end: 210,
        line: 8,
        character: 0,
        text: 'short one',
        kind: 'short',
        full: 'short one',
        speaker: 'he',
        speakerEntity: 'person:elsewhere',
        speakerGuessed: true,
      },
    ],
    claims: [
      {
        start: 0,
        end: 30,
        line: 1,
        character: 0,
        score: 0.75,
        reasons: ['statistic', 'attributed'],
        verified: true,
        entities: ['person:ann-lee', 'place:oslo'],
      },
    ],
    notes: [
      {
        id: 'n9',
        verdict: 'false',
        state: 'moved',
        start: 100,
        end: 140,
        line: 6,
        character: 4,
        text: 'the passage',
        comment: 'checked with the ministry',
        modified: '2026-03-05T09:00:00Z',
        author: 'ed',
        entities: ['person:ann-lee'],
      },
    ],
    gate: { claims: 1, verified: 1, left: 3, unverified: 0, changed: 0, orphaned: 0, altered: 1, wrongSpeaker: 1, notFound: 1 },
    open: {
      unverified: [0],
      changed: ['n9'],
      orphaned: ['n0'],
      quotes: [
        { quote: 0, status: 'altered' },
        { quote: 1, status: 'wrong-speaker' },
        { quote: 1, status: 'not-found' },
      ],
    },
    quotesCheckedWith: 'f00dfeed',
    notesError: 'x.factcheck.json:2:1: malformed JSON',
    text: 'the text a source record keeps',
    error: 'an error',
  };
}

/** Paths of the values in `value` that are undefined (none may be, in fullRecord()). */
function unsetPaths(value: unknown, at = 'record'): string[] {
  if (value === undefined) return [at];
  if (Array.isArray(value)) return value.length ? value.flatMap((v, i) => unsetPaths(v, `${at}[${i}]`)) : [];
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => unsetPaths(v, `${at}.${k}`));
  return [];
}

describe('persisted workspace index', () => {
  let root: string;
  beforeEach(() => (root = deskCopy()));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('decodes every record as it was before encoding', async () => {
    write(root, 'sources/statement.txt', 'speaker: Marta Kowalczyk\n\nWe will not balance the budget this year.\n');
    write(root, 'bad/empty.txt', '');
    const indexer = indexerFor(root);
    await indexer.scan();
    const records = [...indexer.index.allRecords(), oddRecord(), { ...oddRecord(), kind: 'source' as const, text: 'source text\n', notesStamp: null }];
    assert.ok(records.some((r) => r.kind === 'source' && r.text) && records.some((r) => r.error) && records.some((r) => r.notes.length));
    for (const record of records) assert.deepEqual(decodeRecord(encodeRecord(record)), record, record.file);
  });

  it('carries every field of a record, the optional ones and the quote checks included', () => {
    const record: ArticleRecord = fullRecord();
    assert.deepEqual(unsetPaths(record), []);
    for (const kind of ['article', 'source'] as const) {
      const original = { ...record, kind };
      assert.deepEqual(decodeRecord(encodeRecord(original)), original, kind);
      // Through the file, and with claims decoded lazily (as the server's threads decode them).
      const read = parsePersistedIndex(bytesOf(serializePersistedIndex(BUILD, [encodeRecord(original)])), 'index', BUILD);
      assert.ok('records' in read);
      const lazy = decodeRecord(read.records[0], new StringPool(), { lazyClaims: { broken: (e) => assert.fail(e.message) } });
      assert.deepEqual({ ...lazy }, original, `${kind}, lazy claims`);
    }
    // The server's main thread leaves a source's text out, and only that.
    const { text: _text, ...withoutText } = record;
    assert.deepEqual(decodeRecord(encodeRecord(record), new StringPool(), { withoutSourceText: true }), withoutText);
  });

  it('keeps equal strings once across the records of one decoding, and long texts apart', () => {
    const pool = new StringPool();
    const [a, b] = [decodeRecord(encodeRecord(oddRecord()), pool), decodeRecord(encodeRecord(oddRecord()), pool)];
    assert.deepEqual(a, b);
    assert.ok(pool.size > 0);
    const long = 'x'.repeat(StringPool.MAX_POOLED_LENGTH + 1);
    assert.equal(pool.get(long), long);
    assert.equal(pool.get('Karen Abernathy'), 'Karen Abernathy');
  });

  it('decodes claims only when read, one alone for the Desk, and reports damaged ones once read', () => {
    const record = oddRecord();
    const encoded = encodeRecord(record);
    const reports: string[] = [];
    const lazy = decodeRecord(encoded, new StringPool(), { lazyClaims: { broken: (e) => reports.push(e.message) } });
    assert.deepEqual(lazy, record);
    assert.deepEqual(lazy.claims, record.claims);
    assert.notEqual(lazy.claims, lazy.claims, 'decoded afresh on every read: nothing is kept');
    record.claims.forEach((claim, i) => assert.deepEqual(claimOf(lazy, i), claim));
    assert.equal(claimOf(lazy, 1), claimOf(lazy, 1), 'the claim asked again is the one built last');
    assert.equal(claimOf(lazy, record.claims.length), undefined);
    assert.equal(claimOf(lazy, -1), undefined);
    assert.deepEqual(claimOf(record, 1), record.claims[1], 'an eagerly decoded record answers from its claims');
    assert.equal(reports.length, 0);
    // Damaged claims: the rest of the record decodes; reading the claims reports it and reads none.
    const body = JSON.parse(encoded.body) as Record<string, unknown>;
    body.c = (body.c as string).replace('0.999', '"x"');
    const damaged = decodeRecord({ ...encoded, body: JSON.stringify(body) }, new StringPool(), { lazyClaims: { broken: (e) => reports.push(e.message) } });
    assert.deepEqual(damaged.entities, record.entities);
    assert.deepEqual(damaged.claims, []);
    assert.equal(claimOf(damaged, 0), undefined);
    assert.deepEqual(reports, [`record ${record.file}: claim score is not a number`, `record ${record.file}: claim score is not a number`]);
  });

  it('writes one line per record and reads back the files, stamps and bodies', () => {
    const encoded = [encodeRecord(oddRecord()), encodeRecord({ ...oddRecord(), file: 'b.txt', notesStamp: null })];
    const text = serializePersistedIndex(BUILD, encoded);
    assert.equal(text.split('\n').length, encoded.length + 2, 'header, one line per record, final line break');
    assert.match(text, new RegExp(`^\\{"format":${INDEX_FORMAT_VERSION},`));
    const read = parsePersistedIndex(bytesOf(text), 'index.json', BUILD);
    assert.ok('records' in read);
    assert.deepEqual(read.records, encoded);
    assert.deepEqual(parsePersistedIndex(bytesOf(serializePersistedIndex(BUILD, [])), 'index.json', BUILD), { records: [] });
  });

  it('says why an index of another format, engine build or options is not used, without reading it further', () => {
    const text = serializePersistedIndex(BUILD, [encodeRecord(oddRecord())]);
    const other = (build: typeof BUILD) => parsePersistedIndex(bytesOf(text), 'index.json', build);
    assert.deepEqual(other({ ...BUILD, engine: 'engine-2' }), { stale: 'written by engine build engine-1, not engine-2' });
    assert.deepEqual(other({ ...BUILD, options: '[]' }), { stale: 'written with other analysis options or source patterns' });
    // The format before this one: one JSON object on one line.
    const previous = JSON.stringify({ format: INDEX_FORMAT_VERSION - 1, engine: 'engine-1', options: BUILD.options, records: [oddRecord()] });
    assert.deepEqual(parsePersistedIndex(bytesOf(previous), 'index.json', BUILD), { stale: `format ${INDEX_FORMAT_VERSION - 1}, not ${INDEX_FORMAT_VERSION}` });
    const next = text.replace(`{"format":${INDEX_FORMAT_VERSION},`, `{"format":${INDEX_FORMAT_VERSION + 1},`);
    assert.deepEqual(parsePersistedIndex(bytesOf(next), 'index.json', BUILD), { stale: `format ${INDEX_FORMAT_VERSION + 1}, not ${INDEX_FORMAT_VERSION}` });
  });

  it('refuses a damaged file, naming the file and line', () => {
    const encoded = [encodeRecord(oddRecord()), encodeRecord({ ...oddRecord(), file: 'b.txt' })];
    const text = serializePersistedIndex(BUILD, encoded);
    const lines = text.split('\n');
    const broken = (damaged: string, message: RegExp) =>
      assert.throws(
        () => parsePersistedIndex(bytesOf(damaged), '/storage/index.json', BUILD),
        (e: unknown) => e instanceof PersistedIndexError && message.test(e.message),
      );
    broken('', /index\.json:1: it does not start with \{"format": N/);
    broken('not an index', /index\.json:1: it does not start/);
    broken(`{"format":${INDEX_FORMAT_VERSION},"engine":"engine-1"`, /index\.json:1: no line ends the header/);
    broken(`{"format":${INDEX_FORMAT_VERSION},"engine":1}\n`, /index\.json:1: the header lacks engine, options or the record count/);
    broken(`{"format":${INDEX_FORMAT_VERSION}, oops\n`, /index\.json:1: the header is not valid JSON/);
    broken(text.slice(0, -10), /index\.json:3: the last line is cut short/);
    broken([lines[0], lines[1], ''].join('\n'), /index\.json:2: 1 records where the header says 2/);
    broken([lines[0], lines[1].replace('\t', ' '), lines[2], ''].join('\n'), /index\.json:2: no tab between the stamps and the record/);
    broken([lines[0], lines[1].replace(/^\[/, '{'), lines[2], ''].join('\n'), /index\.json:2: the stamps are not valid JSON/);
    broken(
      [lines[0], lines[1].replace(/^\[/, '[1,'), lines[2], ''].join('\n'),
      /index\.json:2: the stamps are not \[file, mtime, size, notes mtime, notes size\]/,
    );
    broken(
      [lines[0], lines[1].replace(/^\["[^"]*",[^,]*,/, '["a.txt","x",'), lines[2], ''].join('\n'),
      /index\.json:2: a stamp is not \[mtime, size\] or null/,
    );
  });

  it('refuses a damaged record when decoding it, naming the record', () => {
    const good = encodeRecord(oddRecord());
    const broken = (body: string, message: RegExp) =>
      assert.throws(
        () => decodeRecord({ ...good, body }),
        (e: unknown) => e instanceof PersistedIndexError && e.message.startsWith(`record ${good.file}: `) && message.test(e.message),
      );
    const body = JSON.parse(good.body) as Record<string, unknown[]>;
    const edited = (edit: (b: Record<string, unknown>) => void) => {
      const copy = JSON.parse(good.body) as Record<string, unknown>;
      edit(copy);
      return JSON.stringify(copy);
    };
    broken(good.body.slice(0, -5), /not valid JSON/);
    broken('[]', /not an object/);
    broken(
      edited((b) => (b.k = 7)),
      /unknown kind/,
    );
    broken(
      edited((b) => (b.e = body.e.slice(1))),
      /entities is not a list of rows of 8/,
    );
    broken(
      edited((b) => ((b.e as unknown[])[2] = 9)),
      /entity type is not one of person, organization, place, other/,
    );
    const claimsEdited = (edit: (rows: unknown[]) => void) =>
      edited((b) => {
        const rows = JSON.parse(b.c as string) as unknown[];
        edit(rows);
        b.c = JSON.stringify(rows);
      });
    broken(
      claimsEdited((rows) => (rows[0] = '0')),
      /claim start is not a number/,
    );
    broken(
      claimsEdited((rows) => (rows[5] = 1 << 10)),
      /claim reasons 1024 are not a known set/,
    );
    broken(
      claimsEdited((rows) => (rows[15] = 99)),
      /claim entities refers to no entity \(99\)/,
    );
    broken(
      claimsEdited((rows) => rows.pop()),
      /claims is not a list of rows of 8/,
    );
    broken(
      edited((b) => (b.c = '[1,2')),
      /claims are not valid JSON/,
    );
    broken(
      edited((b) => (b.c = [])),
      /claims are not a JSON text/,
    );
    broken(
      edited((b) => ((b.n as unknown[])[1] = 'sort-of')),
      /note verdict "sort-of" is not a verdict/,
    );
    broken(
      edited((b) => (b.g = [1, 2])),
      /gate counts are not six or nine numbers/,
    );
    broken(
      edited((b) => (b.o = 'x')),
      /open items are not three or four lists/,
    );
    broken(
      edited((b) => ((b.q as unknown[])[9] = 2)),
      /quote speaker guessed is not 0 or 1/,
    );
    broken(
      edited((b) => (b.o = [[], [], [], [0, 7]])),
      /open quote status is not one of altered, wrong-speaker, not-found/,
    );
    broken(
      edited((b) => (b.qc = 5)),
      /quotes checked with is not a string/,
    );
  });

  it('persists and restores through the indexer; an unchanged reopen has nothing to write; a damaged file is rebuilt', async () => {
    const cachePath = path.join(root, 'storage', 'index.json');
    const first = indexerFor(root, { cachePath, engineVersion: 't', keep: 'encoded' });
    assert.equal(first.changedSincePersisted, true);
    await first.scan();
    assert.equal(first.index.size, 0, "the 'encoded' indexer keeps no decoded record");
    assert.equal(first.size, 4);
    assert.ok(first.persist());
    assert.equal(first.changedSincePersisted, false);
    // The same records, decoded where they are used.
    const decoding = indexerFor(root, { cachePath, engineVersion: 't' });
    assert.equal(decoding.restore(), 4);
    const fresh = indexerFor(root);
    await fresh.scan();
    for (const record of fresh.index.allRecords()) assert.deepEqual(decoding.index.record(record.file), record);
    // The worker's reopen: bodies as read, nothing changed, nothing to write.
    const reopened = indexerFor(root, { cachePath, engineVersion: 't', keep: 'encoded' });
    assert.equal(reopened.restore(), 4);
    assert.deepEqual(
      reopened.encodedRecords().map((r: EncodedRecord) => r.file),
      first.encodedRecords().map((r) => r.file),
    );
    assert.equal((await reopened.scan()).analyzed, 0);
    assert.equal(reopened.changedSincePersisted, false);
    write(root, 'desk/new.txt', 'New article\n\nMarta Kowalczyk spoke on Monday.\n');
    assert.equal((await reopened.scan()).analyzed, 1);
    assert.equal(reopened.changedSincePersisted, true);
    // Damaged on disk: said loudly, nothing loaded, rebuilt by the scan and overwritten by the next persist.
    fs.writeFileSync(cachePath, fs.readFileSync(cachePath, 'utf8').slice(0, -20));
    const damaged = indexerFor(root, { cachePath, engineVersion: 't', keep: 'encoded' });
    assert.throws(() => damaged.restore(), /the persisted index is broken \(.*index\.json:\d+: the last line is cut short\); the workspace is indexed again/);
    assert.equal(damaged.size, 0);
    assert.equal((await damaged.scan()).analyzed, 5);
    assert.ok(damaged.persist());
    assert.equal(indexerFor(root, { cachePath, engineVersion: 't' }).restore(), 5);
    // Another build: not used, and why.
    const other = indexerFor(root, { cachePath, engineVersion: 'u' });
    assert.equal(other.restore(), 0);
    assert.equal(other.staleReason, 'written by engine build t, not u');
    // No temporary file is left beside the index.
    assert.deepEqual(fs.readdirSync(path.dirname(cachePath)), ['index.json']);
  });
});
