// The workspace index through the real server over JSON-RPC: indexing a folder on its worker with
// progress, the hover's "In this workspace" section, file events, live text, persistence to the
// storage folder, the workspace-entity request and the index settings.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Hover } from 'vscode-languageserver/node';
import { decodeDeskResult, type DeskChangedParams, type IndexStatusParams, type WorkspaceEntityResult } from '../../src/shared/protocol';
import { deskCopy } from '../workspace/helpers';
import { positionAt, startIndexedServer, TestServer } from './lspClient';

describe('workspace index over the protocol', function () {
  this.timeout(60000);
  let root: string;
  let storage: string;
  let server: TestServer;
  const uriOf = (rel: string) => pathToFileURL(path.join(root, rel)).toString();

  async function start(settings: Record<string, unknown> = {}): Promise<IndexStatusParams> {
    return startIndexedServer(root, storage, settings, (s) => (server = s), 45000);
  }

  async function hoverOn(rel: string, word: string, since = 0): Promise<string> {
    const text = fs.readFileSync(path.join(root, rel), 'utf8');
    const uri = uriOf(rel);
    if (!server.log.some((m) => m.method === 'factdesk/findings' && (m.params as { uri: string }).uri === uri)) {
      await server.open(uri, text);
      await server.findings(uri, since);
    }
    const hover = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionAt(text, text.indexOf(word) + 1) });
    return hover ? (hover.contents as { value: string }).value : '';
  }

  beforeEach(() => {
    root = deskCopy();
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'factdesk-storage-'));
  });
  afterEach(async () => {
    await server?.stop();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(storage, { recursive: true, force: true });
  });

  it('indexes the folder with work-done progress and adds the workspace section to entity hovers', async () => {
    const ready = await start();
    assert.equal(ready.articles, 4);
    const progress = server.log
      .filter((m) => m.method === '$/progress')
      .map((m) => (m.params as { value: { kind: string; message?: string; cancellable?: boolean } }).value);
    assert.equal(progress[0]?.kind, 'begin');
    assert.equal(progress[0].cancellable, true);
    assert.match(progress[0].message ?? '', /^Indexing \d\/4$/);
    assert.equal(progress[progress.length - 1].kind, 'end');
    const value = await hoverOn('desk/hospital-funding.txt', 'Marta Kowalczyk');
    assert.match(value, /\*\*FactDesk · Entity\*\*/, 'the in-article part stays first');
    assert.ok(value.indexOf('In this workspace') > value.indexOf('FactDesk · Entity'));
    assert.match(value, /1 other article mentions this person:/);
    assert.match(value, /\[Finance minister defends deficit plan\]\(command:factdesk\.openLocation\?/);
    assert.match(value, /2026-02-03 · \*Finance Minister\*/);
    assert.match(value, /Quoted elsewhere:\n- “We will not balance the books/);
    assert.match(value, /Verdicts on claims about this person: \[Mostly false 1\]/);
    assert.match(value, /\[Add to knowledge base\]\(command:factdesk\.kb\.add\?/);
    const link = /\(command:factdesk\.openLocation\?([^)]+)\)/.exec(value)![1];
    const [target] = JSON.parse(decodeURIComponent(link));
    assert.equal(target.uri, uriOf('desk/budget-deficit.txt'));
    assert.equal(target.line, 7);
    // The index persisted to the storage folder, not the workspace.
    await waitUntil(() => fs.readdirSync(storage).some((f) => f.startsWith('index-')));
    assert.ok(!fs.existsSync(path.join(root, '.factdesk')));
  });

  it('lists both people for a shared surname', async () => {
    await start();
    const value = await hoverOn('desk/brenner-response.txt', 'Brenner said');
    assert.match(value, /“Brenner” is ambiguous: it may be \*\*Lena Brenner\*\* \(1 article\) or \*\*Tomas Brenner\*\* \(1 article\)/);
  });

  it('follows a file changed on disk (watched-file event), and the knowledge base', async () => {
    await start();
    let value = await hoverOn('desk/budget-deficit.txt', 'Tomas Brenner');
    assert.match(value, /No other article mentions this person\./);
    const mark = server.mark();
    fs.writeFileSync(path.join(root, 'desk/brenner-response.txt'), 'Response\n\nTomas Brenner said on Friday that the criticism was unfair.\n');
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('desk/brenner-response.txt'), type: 2 }] });
    await waitUntil(async () => /1 other article mentions this person/.test(await hoverOn('desk/budget-deficit.txt', 'Tomas Brenner', mark)));
    fs.mkdirSync(path.join(root, '.factdesk'));
    fs.writeFileSync(
      path.join(root, '.factdesk/entities.json'),
      JSON.stringify({ entities: [{ id: 'tomas-brenner', name: 'Tomas Brenner', type: 'person', description: 'Leader of the opposition since 2024' }] }),
    );
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('.factdesk/entities.json'), type: 1 }] });
    await waitUntil(async () => /Knowledge base: Leader of the opposition since 2024/.test(await hoverOn('desk/budget-deficit.txt', 'Tomas Brenner')));
    value = await hoverOn('desk/budget-deficit.txt', 'Tomas Brenner');
    assert.match(value, /\[Edit knowledge base entry\]\(command:factdesk\.kb\.edit\?/);
    // A malformed knowledge base: one warning naming the file, and the hovers go on without it.
    const before = server.mark();
    fs.writeFileSync(path.join(root, '.factdesk/entities.json'), '{"entities": [');
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('.factdesk/entities.json'), type: 2 }] });
    const warning = await server.waitFor<{ message: string }>('window/showMessage', (m) => /entities\.json/.test(m.message), before);
    assert.match(warning.message, /entities\.json:1:\d+: malformed JSON.*the file was not changed/);
    assert.equal(fs.readFileSync(path.join(root, '.factdesk/entities.json'), 'utf8'), '{"entities": [');
  });

  it('reloads the knowledge base when only its folder is reported (removed, then made again with the file)', async () => {
    await start();
    const kbDir = path.join(root, '.factdesk');
    const writeKb = (description: string) => {
      fs.mkdirSync(kbDir, { recursive: true });
      fs.writeFileSync(
        path.join(kbDir, 'entities.json'),
        JSON.stringify({ entities: [{ id: 'tomas-brenner', name: 'Tomas Brenner', type: 'person', description }] }),
      );
    };
    writeKb('First entry');
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('.factdesk'), type: 1 }] });
    await waitUntil(async () => /Knowledge base: First entry/.test(await hoverOn('desk/budget-deficit.txt', 'Tomas Brenner')));
    // `rm -r .factdesk`: a watcher reports the folder deleted, not the file in it.
    fs.rmSync(kbDir, { recursive: true });
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('.factdesk'), type: 3 }] });
    await waitUntil(async () => !/Knowledge base:/.test(await hoverOn('desk/budget-deficit.txt', 'Tomas Brenner')));
    // Made again at once (a checkout): only the folder's creation is reported.
    writeKb('Second entry');
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('.factdesk'), type: 1 }] });
    await waitUntil(async () => /Knowledge base: Second entry/.test(await hoverOn('desk/budget-deficit.txt', 'Tomas Brenner')));
  });

  it('answers factdesk/desk with every article and what is left, and says when it changed (a sidecar on disk, an open document)', async () => {
    await start();
    const desk = async () => {
      const decoded = decodeDeskResult(await server.request('factdesk/desk', {}));
      assert.ok(decoded, 'a well-formed desk');
      assert.equal(decoded.dropped, 0);
      return decoded.desk;
    };
    const first = await desk();
    assert.equal(first.state, 'ready');
    assert.deepEqual(first.articles.map((a) => a.file).sort(), [
      'desk/brenner-response.txt',
      'desk/budget-deficit.txt',
      'desk/council-vote.txt',
      'desk/hospital-funding.txt',
    ]);
    const council = first.articles.find((a) => a.file === 'desk/council-vote.txt')!;
    assert.equal(council.folder, 'desk');
    assert.equal(council.uri, uriOf('desk/council-vote.txt'));
    assert.equal(council.date, '2026-02-14');
    assert.ok(council.counts.unverified > 0 && council.counts.left === council.counts.unverified);
    const claim = council.first!;
    const items = (await server.request('factdesk/deskItems', { uri: uriOf('desk/council-vote.txt') })) as { items: Array<{ start: number }>; total: number };
    assert.equal(items.total, council.counts.left);
    assert.deepEqual(items.items[0], claim);
    const text = fs.readFileSync(path.join(root, 'desk/council-vote.txt'), 'utf8');
    // A verdict on the first open claim, written beside the article: the desk counts one less.
    const mark = server.mark();
    fs.writeFileSync(
      path.join(root, 'desk/council-vote.txt.factcheck.json'),
      JSON.stringify({
        '@context': 'http://www.w3.org/ns/anno.jsonld',
        type: 'AnnotationCollection',
        items: [
          {
            id: 'urn:uuid:5b1c0a8e-7c1e-4b59-9a57-2f0d8a7c9e01',
            type: 'Annotation',
            motivation: 'assessing',
            created: '2026-02-15T09:00:00.000Z',
            modified: '2026-02-15T09:00:00.000Z',
            creator: { type: 'Person', name: 'Grace' },
            body: [{ type: 'TextualBody', purpose: 'assessing', value: 'true' }],
            target: { source: 'council-vote.txt', selector: [{ type: 'TextQuoteSelector', exact: text.slice(claim.start!, claim.end!) }] },
          },
        ],
      }),
    );
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('desk/council-vote.txt.factcheck.json'), type: 1 }] });
    const changed = await server.waitFor<DeskChangedParams>('factdesk/deskChanged', (p) => p.generation > first.generation, mark);
    const second = await desk();
    assert.ok(second.generation >= changed.generation);
    const after = second.articles.find((a) => a.file === 'desk/council-vote.txt')!;
    assert.equal(after.counts.unverified, council.counts.unverified - 1);
    assert.deepEqual(after.authors, ['Grace']);
    assert.deepEqual(after.verdicts, { true: 1 });
    // An open document's text counts over the file (once typing pauses): a new claim adds one.
    const uri = uriOf('desk/council-vote.txt');
    const before = server.mark();
    await server.open(uri, `${text}\nThe tram line will cost 310 million euros, 70 million more than the council said in 2024.\n`);
    await server.waitFor<DeskChangedParams>('factdesk/deskChanged', (p) => p.generation > second.generation, before);
    let live = (await desk()).articles.find((a) => a.file === 'desk/council-vote.txt')!;
    await waitUntil(async () => (live = (await desk()).articles.find((a) => a.file === 'desk/council-vote.txt')!).counts.claims > after.counts.claims);
    assert.equal(live.counts.unverified, after.counts.unverified + 1);
  });

  it('answers factdesk/workspaceEntity with every location, and reopens from the persisted index', async () => {
    await start();
    const text = fs.readFileSync(path.join(root, 'desk/hospital-funding.txt'), 'utf8');
    await hoverOn('desk/hospital-funding.txt', 'Marta Kowalczyk');
    const result = await server.request<WorkspaceEntityResult>('factdesk/workspaceEntity', {
      uri: uriOf('desk/hospital-funding.txt'),
      position: positionAt(text, text.indexOf('Marta Kowalczyk') + 2),
    });
    assert.equal(result.entity?.id, 'person:marta-kowalczyk');
    assert.deepEqual(
      result.locations.map((l) => l.label.split(' · ')[0]),
      ['mention', 'quote', 'quote', 'mostly-false'],
    );
    await waitUntil(() => fs.readdirSync(storage).some((f) => f.startsWith('index-')));
    await server.stop();
    const ready = await start();
    assert.equal(ready.articles, 4);
    assert.match(server.log.map((m) => JSON.stringify(m.params)).join('\n'), /4 articles, 0 analyzed, 4 from the persisted index/);
    // The records decoded from the persisted index answer as the analyzed ones did.
    await hoverOn('desk/hospital-funding.txt', 'Marta Kowalczyk');
    const reopened = await server.request<WorkspaceEntityResult>('factdesk/workspaceEntity', {
      uri: uriOf('desk/hospital-funding.txt'),
      position: positionAt(text, text.indexOf('Marta Kowalczyk') + 2),
    });
    assert.deepEqual(reopened, result);
  });

  /** The persisted index file of the test's folder, once written. */
  async function persistedFile(): Promise<string> {
    await waitUntil(() => fs.readdirSync(storage).some((f) => f.startsWith('index-')));
    return path.join(
      storage,
      fs.readdirSync(storage).find((f) => f.startsWith('index-'))!,
    );
  }

  const errors = () =>
    server.log
      .filter((m) => m.method === 'window/logMessage' && (m.params as { type: number }).type === 1)
      .map((m) => (m.params as { message: string }).message);

  it('a persisted index cut short is logged as broken and the workspace indexed again', async () => {
    await start();
    const file = await persistedFile();
    await server.stop();
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').slice(0, -30));
    const ready = await start();
    assert.equal(ready.articles, 4);
    assert.match(
      errors().join('\n'),
      /reading the persisted index of .* failed: .*the persisted index is broken \(.*:5: the last line is cut short\); the workspace is indexed again/,
    );
    assert.match(server.log.map((m) => JSON.stringify(m.params)).join('\n'), /4 articles, 4 analyzed, 0 from the persisted index/);
    // Written again whole.
    await waitUntil(() => fs.readFileSync(file, 'utf8').split('\n').length === 6);
  });

  it('a damaged record of the persisted index is logged and its article analyzed again', async () => {
    await start();
    const file = await persistedFile();
    await server.stop();
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.startsWith('["desk/budget-deficit.txt"'));
    lines[at] = lines[at].replace(/"e":\[/, '"e":[1,');
    fs.writeFileSync(file, lines.join('\n'));
    const ready = await start();
    assert.match(errors().join('\n'), /record desk\/budget-deficit\.txt: entities is not a list of rows of 8; the file is analyzed again/);
    assert.equal(ready.articles, 3, 'the damaged record is left out until analyzed again');
    // Analyzed again from the file: the hover on another article sees it again.
    await waitUntil(async () => /1 other article mentions this person:/.test(await hoverOn('desk/hospital-funding.txt', 'Marta Kowalczyk')));
    const value = await hoverOn('desk/hospital-funding.txt', 'Marta Kowalczyk');
    assert.match(value, /\[Finance minister defends deficit plan\]\(command:factdesk\.openLocation\?/);
  });

  it('damaged claims of a persisted record (decoded when the Desk reads them) are logged once and the article analyzed again', async () => {
    await start();
    const deskOf = async (file: string) => decodeDeskResult(await server.request('factdesk/desk', {}))!.desk.articles.find((a) => a.file === file)!;
    const before = await deskOf('desk/council-vote.txt');
    assert.ok(before.first, 'an open claim to show');
    const file = await persistedFile();
    await server.stop();
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.startsWith('["desk/council-vote.txt"'));
    lines[at] = lines[at].replace(/"c":"\[/, '"c":"[x');
    fs.writeFileSync(file, lines.join('\n'));
    await start();
    assert.equal(errors().length, 0, 'nothing read the claims yet');
    const damaged = await deskOf('desk/council-vote.txt');
    assert.equal(damaged.first, undefined, 'the damaged claims read as none');
    await server.request('factdesk/desk', {});
    assert.equal(errors().filter((e) => /record desk\/council-vote\.txt: claims are not valid JSON .*; the file is analyzed again/.test(e)).length, 1);
    await waitUntil(async () => (await deskOf('desk/council-vote.txt')).first !== undefined);
    assert.deepEqual(await deskOf('desk/council-vote.txt'), before);
  });

  it('factdesk.index.enabled false: no index, no worker, the hover is the article’s own', async () => {
    const status = await startWith({ index: { enabled: false } }, 'disabled');
    assert.equal(status.articles, 0);
    const value = await hoverOn('desk/hospital-funding.txt', 'Marta Kowalczyk');
    assert.match(value, /FactDesk · Entity/);
    assert.doesNotMatch(value, /In this workspace/);
  });

  it('factdesk.index.maxFiles: stops there with a message saying so', async () => {
    const mark = 0;
    const status = await startWith({ index: { maxFiles: 2 } }, 'ready');
    assert.equal(status.articles, 2);
    const warning = await server.waitFor<{ message: string }>('window/showMessage', (m) => /maxFiles/.test(m.message), mark);
    assert.match(warning.message, /this workspace holds 4 articles, more than factdesk\.index\.maxFiles \(2\); only the first 2 are indexed/);
  });

  async function startWith(settings: Record<string, unknown>, state: IndexStatusParams['state']): Promise<IndexStatusParams> {
    server = new TestServer(
      { debounceMs: 0, ...settings },
      { workspaceFolders: [{ uri: pathToFileURL(root).toString(), name: 'desk' }], initializationOptions: { storagePath: storage } },
    );
    await server.start();
    return server.waitFor<IndexStatusParams>('factdesk/indexStatus', (s) => s.state === state, 0, 45000);
  }
});

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // Polls a condition the server reaches asynchronously (a file written, a record updated); the
  // deadline only bounds a failure, it never decides success.
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
