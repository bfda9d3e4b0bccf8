// The hover's Wikidata part through the real server over JSON-RPC, against the local fixture server
// (recorded responses on 127.0.0.1): the first hover says it is looking up and never waits, a later
// one shows the facts per type (a person and a place pinned in the knowledge base), an unpinned name
// lists the candidates with Pin links, answers persist in the storage folder (a restarted server asks
// the network nothing), a failure degrades only the Wikidata lines; and with the setting off, or in an
// untrusted workspace, not one request is made.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Hover } from 'vscode-languageserver/node';
import type { IndexStatusParams } from '../../src/shared/protocol';
import { fixturesDir, startFixtureServer, type FixtureServer } from '../wikidata/fixtureServer';
import { deskCopy, write } from '../workspace/helpers';
import { positionAt, REPO, TestServer } from './lspClient';

const ARTICLES: Record<string, string> = {
  'desk/christophersen.txt': 'Former minister recalls the 1978 talks\n\nHenning Christophersen said on Tuesday that the talks had been difficult.\n',
  'desk/karlsruhe.txt': 'River rises\n\nThe river rose in Karlsruhe on Monday, officials said, and schools closed.\n',
  'desk/broadcast.txt': 'Network cuts jobs\n\nABC said on Monday that it would cut 200 jobs this year.\n',
};
const KB = {
  entities: [
    { id: 'henning-christophersen', name: 'Henning Christophersen', type: 'person', wikidata: 'Q646148' },
    { id: 'karlsruhe', name: 'Karlsruhe', type: 'place', wikidata: 'Q32063953' },
  ],
};

describe('Wikidata in the hover, over the protocol', function () {
  this.timeout(90000);
  let root: string;
  let storage: string;
  let server: TestServer;
  let wikidata: FixtureServer;
  const uriOf = (rel: string) => pathToFileURL(path.join(root, rel)).toString();

  async function start(settings: Record<string, unknown>, initializationOptions: Record<string, unknown> = {}): Promise<void> {
    server = new TestServer(
      { debounceMs: 0, ...settings },
      { workspaceFolders: [{ uri: pathToFileURL(root).toString(), name: 'desk' }], initializationOptions: { storagePath: storage, ...initializationOptions } },
    );
    await server.start();
    await server.waitFor<IndexStatusParams>('factdesk/indexStatus', (s) => s.state === 'ready', 0, 60000);
  }

  const opened = new Set<string>();
  async function hoverOn(rel: string, word: string): Promise<string> {
    const text = fs.readFileSync(path.join(root, rel), 'utf8');
    const uri = uriOf(rel);
    if (!opened.has(uri)) {
      opened.add(uri);
      const mark = server.mark();
      await server.open(uri, text);
      await server.findings(uri, mark);
    }
    const hover = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionAt(text, text.indexOf(word) + 1) });
    return hover ? (hover.contents as { value: string }).value : '';
  }

  /** Hovers until the Wikidata part is no longer "looking up" (the worker's answer has arrived). */
  async function answeredHover(rel: string, word: string): Promise<string> {
    let last = '';
    await waitUntil(
      async () => !/Wikidata: looking up/.test((last = await hoverOn(rel, word))),
      () => last,
    );
    return last;
  }

  beforeEach(async () => {
    root = deskCopy();
    for (const [rel, text] of Object.entries(ARTICLES)) write(root, rel, text);
    write(root, '.factdesk/entities.json', JSON.stringify(KB, null, 2));
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'factdesk-storage-'));
    wikidata = await startFixtureServer(fixturesDir(REPO));
    opened.clear();
  });
  afterEach(async () => {
    await server?.stop();
    await wikidata.close();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(storage, { recursive: true, force: true });
  });

  it('a pinned person: the first hover is looking up (without waiting), the next shows the facts; a place; the cache outlives the server', async () => {
    await start({ wikidata: { enabled: true, endpoint: wikidata.endpoint, contact: 'desk@example.org' } });
    const first = await hoverOn('desk/christophersen.txt', 'Henning Christophersen');
    assert.match(first, /In this workspace/);
    assert.match(first, /\*Wikidata: looking up…\*/);
    const person = await answeredHover('desk/christophersen.txt', 'Henning Christophersen');
    const base = wikidata.endpoint.replace('/w/api.php', '');
    assert.ok(person.indexOf('**Wikidata**') > person.indexOf('In this workspace'), 'after the workspace part');
    assert.match(
      person,
      new RegExp(`\\*\\*Wikidata\\*\\* \\[Henning Christophersen\\]\\(${base.replace(/[.]/g, '\\.')}/wiki/Q646148\\) \\(Q646148\\) — Danish politician`),
    );
    assert.match(person, /- Position held: Minister of Foreign Affairs of Denmark \(1978-08-30 – 1979-10-26\); \[Q5449541\]\(/);
    assert.match(person, /- Party: Venstre\n- Citizenship: Denmark\n- Born: 1939-11-08/);
    assert.doesNotMatch(person, /Population|Headquarters/);
    assert.ok(wikidata.requests.every((r) => /^FactDesk\/0\.1\.0 \(desk@example\.org\)/.test(r.userAgent ?? '')));
    assert.ok(wikidata.requests.every((r) => r.params.get('maxlag') === '5'));

    await hoverOn('desk/karlsruhe.txt', 'Karlsruhe');
    const place = await answeredHover('desk/karlsruhe.txt', 'Karlsruhe');
    assert.match(place, /\*\*Wikidata\*\* \[Karlsruhe\]\([^)]+\/wiki\/Q1040\) \(Q1040, redirected from Q32063953\)/);
    assert.match(place, /- Country: Germany\n- Population: [\d,]+ \(\d{4}-\d{2}-\d{2}\)/);
    assert.doesNotMatch(place, /Position held/);

    // The answers are on disk in the storage folder; a new server asks the network nothing.
    await waitUntil(
      () => fs.readdirSync(storage).some((f) => /^wikidata-[0-9a-f]+\.json$/.test(f)),
      () => fs.readdirSync(storage).join(', '),
    );
    const asked = wikidata.requests.length;
    await server.stop();
    opened.clear();
    await start({ wikidata: { enabled: true, endpoint: wikidata.endpoint } });
    assert.match(await answeredHover('desk/christophersen.txt', 'Henning Christophersen'), /- Party: Venstre/);
    assert.equal(wikidata.requests.length, asked, 'answered from the cache file');
  });

  it('an unpinned name: the candidates with Pin links, none chosen', async () => {
    await start({ wikidata: { enabled: true, endpoint: wikidata.endpoint } });
    await hoverOn('desk/broadcast.txt', 'ABC');
    const value = await answeredHover('desk/broadcast.txt', 'ABC');
    assert.match(value, /\*\*Wikidata\*\* has 6 items named “ABC”; FactDesk does not choose\. Pin the one meant/);
    assert.match(
      value,
      /- \[American Broadcasting Company\]\([^)]+\/wiki\/Q169889\) \(Q169889\) — American broadcast television network · \[Pin\]\(command:factdesk\.wikidata\.pin\?/,
    );
    assert.match(value, /… and 1 more on \[Wikidata\]/);
    assert.doesNotMatch(value, /Wikimedia disambiguation page/);
    const link = /\(command:factdesk\.wikidata\.pin\?([^)]+)\)/.exec(value)![1];
    const [args] = JSON.parse(decodeURIComponent(link));
    assert.deepEqual({ id: args.id, name: args.name, type: args.type, root: args.root }, { id: 'Q169889', name: 'ABC', type: 'organization', root });
    assert.equal(wikidata.requests.filter((r) => r.params.get('action') === 'wbgetentities').length, 0, 'no entity fetched before a pin');
  });

  it('a failed lookup degrades only the Wikidata lines, and is logged', async () => {
    wikidata.script({ status: 200, body: '{"search": [' });
    await start({ wikidata: { enabled: true, endpoint: wikidata.endpoint } });
    await hoverOn('desk/broadcast.txt', 'ABC');
    const value = await answeredHover('desk/broadcast.txt', 'ABC');
    assert.match(value, /FactDesk · Entity/);
    assert.match(value, /In this workspace/);
    assert.match(value, /\*Wikidata: the lookup failed \(malformed: malformed JSON/);
    const logged = await server.waitFor<{ message: string }>('window/logMessage', (m) => /Wikidata search for “ABC” failed \(malformed\)/.test(m.message));
    assert.match(logged.message, /127\.0\.0\.1/);
  });

  it('off by default: no request, no Wikidata lines', async () => {
    await start({});
    const value = await hoverOn('desk/christophersen.txt', 'Henning Christophersen');
    assert.match(value, /In this workspace/);
    assert.doesNotMatch(value, /Wikidata/);
    // A second hover and a pause for anything queued: still nothing asked.
    await hoverOn('desk/broadcast.txt', 'ABC');
    await server.request('textDocument/documentSymbol', { textDocument: { uri: uriOf('desk/broadcast.txt') } });
    assert.equal(wikidata.requests.length, 0);
  });

  it('untrusted workspace: no request even with the setting on', async () => {
    await start({ wikidata: { enabled: true, endpoint: wikidata.endpoint } }, { workspaceTrusted: false });
    const value = await hoverOn('desk/christophersen.txt', 'Henning Christophersen');
    assert.doesNotMatch(value, /Wikidata/);
    assert.equal(wikidata.requests.length, 0);
    // Trust granted: from then on it looks up.
    await server.connection.sendNotification('factdesk/workspaceTrust', { trusted: true });
    await waitUntil(async () => /Wikidata/.test(await hoverOn('desk/christophersen.txt', 'Henning Christophersen')));
    assert.match(await answeredHover('desk/christophersen.txt', 'Henning Christophersen'), /- Party: Venstre/);
  });
});

async function waitUntil(check: () => boolean | Promise<boolean>, last: () => string = () => '', timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // Polls a state the server reaches asynchronously (the worker's answer, a file written); the
  // deadline only bounds a failure, it never decides success.
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not reached in time; last:\n${last()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
