// The indexer over real folders: scan, persisted reopen (only changed files re-read), single-file
// updates, renames, live text, limits, excludes and bad files.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { decodeRecord, lookupArticle, nodeWorkspaceFileSystem, withQuoteStatuses, type WorkspaceFileSystem } from '../../src/workspace';
import { HOST_TAG } from '../../src/notes/sidecar-fs';
import { deskCopy, indexerFor, write } from './helpers';

describe('workspace indexer', () => {
  let root: string;
  beforeEach(() => (root = deskCopy()));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('indexes every article with its entities, quotes, claims, notes, title and date', async () => {
    const indexer = indexerFor(root);
    const scan = await indexer.scan();
    assert.equal(scan.files, 4);
    assert.equal(scan.analyzed, 4);
    const record = indexer.index.record('desk/budget-deficit.txt')!;
    assert.equal(record.title, 'Finance minister defends deficit plan');
    assert.equal(record.date, '2026-02-03');
    const kowalczyk = record.entities.find((e) => e.name === 'Marta Kowalczyk')!;
    assert.equal(kowalczyk.role, 'Finance Minister');
    assert.ok(record.quotes.some((q) => q.speakerEntity === kowalczyk.local && q.text.startsWith('We will not balance')));
    assert.ok(record.claims.length > 0);
    assert.equal(record.notes.length, 1);
    assert.equal(record.notes[0].verdict, 'mostly-false');
    assert.ok(record.notes[0].entities.includes(kowalczyk.local), 'the note is on a claim naming Kowalczyk');
    assert.ok(record.claims.some((c) => c.verified));
  });

  it("keeps encoded records, and gives the quote checks every record decoded; a record they update is encoded again ('encoded' mode)", async () => {
    write(root, 'sources/statement.txt', 'speaker: Marta Kowalczyk\n\nWe will not balance the budget this year.\n');
    const plain = indexerFor(root);
    await plain.scan();
    const encoded = indexerFor(root, { keep: 'encoded' });
    await encoded.scan();
    assert.equal(encoded.index.size, 0, 'no decoded record kept in the index');
    const views = [...encoded.quoteRecords.allRecords()];
    assert.deepEqual(
      views.map((r) => ({ ...r })),
      [...plain.quoteRecords.allRecords()],
    );
    assert.ok(views.some((r) => r.kind === 'source' && r.text));
    // Read twice without a change: the same objects (the quote checks skip records they synced).
    assert.deepEqual(
      [...encoded.quoteRecords.allRecords()].map((r, i) => r === views[i]),
      views.map(() => true),
    );
    const article = views.find((r) => r.kind === 'article' && r.quotes.length && r.gate)!;
    const updated = withQuoteStatuses(
      article,
      article.quotes.map(() => 'not-found'),
      'key-1',
    );
    encoded.quoteRecords.put(updated);
    assert.equal(encoded.changedSincePersisted, true);
    assert.deepEqual(decodeRecord(encoded.encoded(article.file)!), updated);
    assert.equal([...encoded.quoteRecords.allRecords()].find((r) => r.file === article.file)!.quotesCheckedWith, 'key-1');
  });

  it('removes the temporary file a save killed midway left, not a live writer’s, when it next saves', async () => {
    const cachePath = path.join(root, '.cache', 'index.jsonl');
    const indexer = indexerFor(root, { cachePath });
    await indexer.scan();
    fs.mkdirSync(path.dirname(cachePath), { recursive: true });
    // A process that has exited: its number names a writer that is gone.
    const deadPid = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    const left = path.join(path.dirname(cachePath), `.index.jsonl.${HOST_TAG}-${deadPid}.0badf00d.tmp`);
    const live = path.join(path.dirname(cachePath), `.index.jsonl.${HOST_TAG}-${process.pid}.0badf00d.tmp`);
    fs.writeFileSync(left, '{"half a line');
    fs.writeFileSync(live, '{"being written');
    assert.ok(indexer.persist());
    assert.deepEqual(indexer.removedTemporaries, [left]);
    assert.ok(!fs.existsSync(left) && fs.existsSync(live));
    assert.equal(indexerFor(root, { cachePath }).restore(), 4, 'the saved index reads back');
  });

  it('bumps the generation the quote checks read on every put, removal and restore, and only then', async () => {
    const indexer = indexerFor(root, { keep: 'encoded', cachePath: path.join(root, '.cache', 'index.jsonl') });
    await indexer.scan();
    let seen = indexer.quoteRecords.generation;
    const changed = (what: string, expected: boolean) => {
      const now = indexer.quoteRecords.generation;
      assert.equal(now !== seen, expected, what);
      seen = now;
    };
    assert.equal([...indexer.quoteRecords.allRecords()].length, 4);
    indexer.refresh(path.join(root, 'desk/budget-deficit.txt'));
    changed('reading the records and an unchanged refresh', false);
    write(root, 'desk/new.txt', 'Mayor Lena Brenner said the tram would be late.\n');
    indexer.refresh(path.join(root, 'desk/new.txt'));
    changed('a new article', true);
    indexer.remove(path.join(root, 'desk/new.txt'));
    changed('a removed article', true);
    assert.ok(indexer.persist());
    changed('persisting', false);
    assert.ok(indexer.restore() > 0);
    changed('restoring', true);
  });

  it('reopens from the persisted index re-reading only the files changed since', async () => {
    const cachePath = path.join(root, 'storage', 'index.json');
    const first = indexerFor(root, { cachePath, engineVersion: 't' });
    await first.scan();
    assert.ok(first.persist());
    // One article changed, one deleted, one added while closed.
    write(root, 'desk/council-vote.txt', fs.readFileSync(path.join(root, 'desk/council-vote.txt'), 'utf8') + '\nMarta Kowalczyk did not attend.\n');
    fs.rmSync(path.join(root, 'desk/brenner-response.txt'));
    write(root, 'desk/new.txt', 'New article\n\nMarta Kowalczyk spoke on Monday.\n');
    const read: string[] = [];
    const counting: WorkspaceFileSystem = { ...nodeWorkspaceFileSystem, readBytes: (f) => (read.push(path.basename(f)), nodeWorkspaceFileSystem.readBytes(f)) };
    const second = indexerFor(root, { cachePath, engineVersion: 't', fs: counting });
    assert.equal(second.restore(), 4);
    const scan = await second.scan();
    // Besides the persisted index itself, only the changed and the new article are read.
    assert.deepEqual(read.sort(), ['council-vote.txt', 'index.json', 'new.txt']);
    assert.equal(scan.analyzed, 2);
    assert.equal(scan.removed, 1);
    assert.deepEqual(second.index.files().sort(), ['desk/budget-deficit.txt', 'desk/council-vote.txt', 'desk/hospital-funding.txt', 'desk/new.txt']);
    // Another engine build does not trust the cache.
    assert.equal(indexerFor(root, { cachePath, engineVersion: 'other' }).restore(), 0);
    // A broken cache says so (the worker logs and counts it) and loads nothing; a scan rebuilds it.
    fs.writeFileSync(cachePath, '{"records": [');
    const third = indexerFor(root, { cachePath, engineVersion: 't' });
    assert.throws(() => third.restore(), /the persisted index is broken \(.*index\.json:1: it does not start with/);
    assert.equal(third.index.files().length, 0);
    assert.equal((await third.scan()).analyzed, 4);
  });

  it('re-reads an article when only its notes changed on disk', async () => {
    const indexer = indexerFor(root);
    await indexer.scan();
    const sidecar = path.join(root, 'desk/budget-deficit.txt.factcheck.json');
    fs.writeFileSync(sidecar, fs.readFileSync(sidecar, 'utf8').replace('"mostly-false"', '"false"'));
    const updated = indexer.refresh(path.join(root, 'desk/budget-deficit.txt'));
    assert.equal(updated?.notes[0].verdict, 'false');
  });

  it('indexes an article with a malformed sidecar without its notes, saying why', async () => {
    write(root, 'desk/hospital-funding.txt.factcheck.json', '{ "items": [ }');
    const indexer = indexerFor(root);
    await indexer.scan();
    const record = indexer.index.record('desk/hospital-funding.txt')!;
    assert.match(record.notesError ?? '', /hospital-funding\.txt\.factcheck\.json:1:\d+: malformed JSON/);
    assert.ok(record.entities.length > 0);
  });

  it('records binary, empty and non-UTF-8 files as unreadable instead of failing', async () => {
    write(root, 'bad/binary.txt', 'abc\u0000def');
    write(root, 'bad/empty.txt', '');
    fs.writeFileSync(path.join(root, 'bad/latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    const indexer = indexerFor(root);
    await indexer.scan();
    assert.match(indexer.index.record('bad/binary.txt')!.error!, /binary/);
    assert.match(indexer.index.record('bad/empty.txt')!.error!, /empty/);
    assert.match(indexer.index.record('bad/latin1.txt')!.error!, /UTF-8/);
  });

  it('follows a saved change, a deletion and a rename', async () => {
    const indexer = indexerFor(root);
    await indexer.scan();
    const brenner = path.join(root, 'desk/brenner-response.txt');
    fs.writeFileSync(brenner, 'Response\n\nTomas Brenner said on Friday that the criticism was unfair.\n');
    indexer.refresh(brenner);
    assert.equal(
      lookupArticle(indexer.index, 'desk/budget-deficit.txt').entities.find((e) => e.name === 'Tomas Brenner')!.elsewhere[0].file,
      'desk/brenner-response.txt',
    );
    const moved = path.join(root, 'archive/brenner.txt');
    fs.mkdirSync(path.dirname(moved));
    fs.renameSync(brenner, moved);
    indexer.rename(brenner, moved);
    assert.equal(
      lookupArticle(indexer.index, 'desk/budget-deficit.txt').entities.find((e) => e.name === 'Tomas Brenner')!.elsewhere[0].file,
      'archive/brenner.txt',
    );
    fs.rmSync(moved);
    indexer.refresh(moved);
    assert.deepEqual(lookupArticle(indexer.index, 'desk/budget-deficit.txt').entities.find((e) => e.name === 'Tomas Brenner')!.elsewhere, []);
  });

  it('uses an open document’s live text over the file until it is closed', async () => {
    const indexer = indexerFor(root);
    await indexer.scan();
    const file = path.join(root, 'desk/brenner-response.txt');
    indexer.setLiveText(file, 'Draft\n\nLena Brenner said the tram would be late.\n');
    assert.ok(indexer.index.record('desk/brenner-response.txt')!.entities.some((e) => e.name === 'Lena Brenner'));
    // A change on disk meanwhile does not replace the live text.
    indexer.refresh(file);
    assert.ok(indexer.index.record('desk/brenner-response.txt')!.entities.some((e) => e.name === 'Lena Brenner'));
    indexer.clearLiveText(file);
    assert.ok(!indexer.index.record('desk/brenner-response.txt')!.entities.some((e) => e.name === 'Lena Brenner'));
  });

  it('does not analyze an open document again when its text is what the record was made from', async () => {
    const indexer = indexerFor(root);
    await indexer.scan();
    const rel = 'desk/brenner-response.txt';
    const file = path.join(root, rel);
    const fromDisk = indexer.index.record(rel)!;
    const onDisk = fs.readFileSync(file, 'utf8');
    // Opened as it is on disk: the record stands.
    assert.equal(indexer.setLiveText(file, onDisk), undefined);
    assert.equal(indexer.index.record(rel), fromDisk);
    // Closed unchanged: nothing is read again.
    assert.equal(indexer.clearLiveText(file), undefined);
    assert.equal(indexer.index.record(rel), fromDisk);
    // Edited: analyzed; the same text again (a save) is not.
    const edited = `${onDisk}\nLena Brenner said the tram would be late.\n`;
    const live = indexer.setLiveText(file, edited);
    assert.ok(live?.entities.some((e) => e.name === 'Lena Brenner'));
    assert.equal(indexer.setLiveText(file, edited), undefined);
    assert.equal(indexer.index.record(rel), live);
    // Back to the disk's text after an edit: analyzed again (the record holds the edit).
    assert.ok(!indexer.setLiveText(file, onDisk)?.entities.some((e) => e.name === 'Lena Brenner'));
    // Closed after edits: the file is read again, whatever the live text was.
    indexer.setLiveText(file, edited);
    assert.ok(!indexer.clearLiveText(file)?.entities.some((e) => e.name === 'Lena Brenner'));
    // Opened with other text than on disk, and a file changed on disk since it was indexed: analyzed.
    assert.ok(indexer.setLiveText(file, edited));
    indexer.clearLiveText(file);
    fs.appendFileSync(file, 'Lena Brenner said the tram would be late.\n');
    assert.ok(indexer.setLiveText(file, fs.readFileSync(file, 'utf8'))?.entities.some((e) => e.name === 'Lena Brenner'));
  });

  it('stops at maxFiles and says how many there were', async () => {
    const indexer = indexerFor(root, { maxFiles: 2 });
    const scan = await indexer.scan();
    assert.deepEqual(scan.truncated, { found: 4, limit: 2 });
    assert.equal(indexer.index.size, 2);
  });

  it('leaves out excluded folders, node_modules and sidecars, and reports progress and cancellation', async () => {
    write(root, 'node_modules/pkg/readme.md', '# Not an article\n');
    write(root, 'drafts/old.txt', 'Old draft about Marta Kowalczyk.\n');
    const progress: number[] = [];
    const indexer = indexerFor(root, { exclude: ['drafts/**'] });
    const scan = await indexer.scan({ onProgress: (p) => progress.push(p.done) });
    assert.equal(scan.files, 4);
    assert.deepEqual(progress, [0, 1, 2, 3, 4]);
    let calls = 0;
    const cancelled = await indexerFor(root).scan({ isCancelled: () => ++calls > 2 });
    assert.equal(cancelled.cancelled, true);
  });

  it('reads the knowledge base, and a malformed one is reported and not used', () => {
    const indexer = indexerFor(root);
    write(root, '.factdesk/entities.json', JSON.stringify({ entities: [{ id: 'mk', name: 'Marta Kowalczyk', type: 'person' }] }));
    assert.equal(indexer.loadKnowledgeBase(), undefined);
    assert.equal(indexer.index.knowledgeBase()?.entries.length, 1);
    write(root, '.factdesk/entities.json', '{"entities": [');
    assert.match(indexer.loadKnowledgeBase() ?? '', /entities\.json:1:\d+: malformed JSON/);
    assert.equal(indexer.index.knowledgeBase(), undefined);
  });
});
