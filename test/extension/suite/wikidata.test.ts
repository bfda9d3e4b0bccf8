// Wikidata in a real VS Code: with factdesk.wikidata.enabled on and the endpoint pointed at the local
// fixture server (recorded responses, 127.0.0.1, started inside this extension host), the hover of a
// person pinned in the knowledge base shows the facts; an unpinned name lists candidates, and the
// hover's Pin link writes the Q-id into .factdesk/entities.json, after which the hover asks for that item.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { IndexStatusParams } from '../../../src/shared/protocol';
import { fixturesDir, startFixtureServer, type FixtureServer } from '../../wikidata/fixtureServer';
import { eventuallyAsync, hoversAt, hoverText, nextFindings, setSetting, workspaceDir } from '../helpers';

const ARTICLES: Record<string, string> = {
  'wd-christophersen.txt': 'Former minister recalls the 1978 talks\n\nHenning Christophersen said on Tuesday that the talks had been difficult.\n',
  'wd-broadcast.txt': 'Network cuts jobs\n\nABC said on Monday that it would cut 200 jobs this year.\n',
};

async function openAndHover(name: string, word: string): Promise<{ editor: vscode.TextEditor; hover: () => Promise<string> }> {
  const uri = vscode.Uri.file(path.join(workspaceDir(), 'desk', name));
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const current = await vscode.commands.executeCommand<{ seq: number } | null>('factdesk._test.findings', uri.toString());
  if (!current) await nextFindings(uri);
  const offset = editor.document.getText().indexOf(word);
  assert.ok(offset >= 0);
  return { editor, hover: async () => hoverText(await hoversAt(uri, editor.document.positionAt(offset + 1))) };
}

describe('Wikidata in the hover (real VS Code, local fixture server)', function () {
  this.timeout(120000);
  let server: FixtureServer;
  const kbFile = () => path.join(workspaceDir(), '.factdesk', 'entities.json');

  before(async () => {
    // The fixtures are in the repository beside this bundle (dist/test/extension/suite), not in the
    // extension's folder: an extension installed from the .vsix has no test files.
    server = await startFixtureServer(fixturesDir(path.resolve(__dirname, '../../../..')));
    fs.mkdirSync(path.dirname(kbFile()), { recursive: true });
    fs.writeFileSync(
      kbFile(),
      JSON.stringify({ entities: [{ id: 'henning-christophersen', name: 'Henning Christophersen', type: 'person', wikidata: 'Q646148' }] }, null, 2),
    );
    for (const [name, text] of Object.entries(ARTICLES)) fs.writeFileSync(path.join(workspaceDir(), 'desk', name), text);
    await setSetting('wikidata.endpoint', server.endpoint);
    await setSetting('wikidata.contact', 'desk@example.org');
    await setSetting('wikidata.enabled', true);
    await vscode.commands.executeCommand<IndexStatusParams>('factdesk._test.indexStatus', true, 60000);
  });

  after(async () => {
    // Only settings that were set: setting an unset key to undefined fires no change to wait for.
    const config = vscode.workspace.getConfiguration('factdesk');
    for (const key of ['wikidata.enabled', 'wikidata.endpoint', 'wikidata.contact']) {
      if (config.inspect(key)?.workspaceValue !== undefined) await setSetting(key, undefined);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const name of Object.keys(ARTICLES)) fs.rmSync(path.join(workspaceDir(), 'desk', name), { force: true });
    fs.rmSync(path.dirname(kbFile()), { recursive: true, force: true });
    await server?.close();
  });

  it('shows a pinned person’s facts after “In this workspace”', async () => {
    const { hover } = await openAndHover('wd-christophersen.txt', 'Henning Christophersen');
    let last = '';
    await eventuallyAsync(
      async () => /Party: Venstre/.test((last = await hover())),
      () => `the Wikidata facts in the hover; last:\n${last}`,
    );
    assert.ok(last.indexOf('**Wikidata**') > last.indexOf('In this workspace'));
    assert.match(last, /\*\*Wikidata\*\* \[Henning Christophersen\]\(http:\/\/127\.0\.0\.1:\d+\/wiki\/Q646148\) \(Q646148\) — Danish politician/);
    assert.match(last, /- Position held: Minister of Foreign Affairs of Denmark \(1978-08-30 – 1979-10-26\)/);
    assert.match(last, /- Citizenship: Denmark\n- Born: 1939-11-08/);
    assert.ok(server.requests.length >= 2);
    assert.ok(server.requests.every((r) => /^FactDesk\/\S+ \(desk@example\.org\)/.test(r.userAgent ?? '')));
  });

  it('lists the candidates of an unpinned name; Pin writes the knowledge base and the next hover asks for that item', async () => {
    const { hover } = await openAndHover('wd-broadcast.txt', 'ABC');
    let last = '';
    await eventuallyAsync(
      async () => /items named “ABC”/.test((last = await hover())),
      () => `the candidates in the hover; last:\n${last}`,
    );
    assert.match(last, /\[American Broadcasting Company\]\([^)]+\) \(Q169889\) — American broadcast television network · \[Pin\]/);
    const m = /\(command:factdesk\.wikidata\.pin\?([^)]+)\)/.exec(last);
    assert.ok(m, 'a Pin link');
    const [args] = JSON.parse(decodeURIComponent(m[1])) as [{ id: string; name: string }];
    assert.equal(args.id, 'Q169889');
    await vscode.commands.executeCommand('factdesk.wikidata.pin', args);
    const kb = JSON.parse(fs.readFileSync(kbFile(), 'utf8')) as { entities: Array<{ id: string; name: string; type: string; wikidata?: string }> };
    assert.deepEqual(
      kb.entities.map((e) => [e.id, e.name, e.type, e.wikidata]),
      [
        ['abc', 'ABC', 'organization', 'Q169889'],
        ['henning-christophersen', 'Henning Christophersen', 'person', 'Q646148'],
      ],
    );
    await eventuallyAsync(
      async () => /\*\*Wikidata\*\* has no item Q169889/.test((last = await hover())),
      () => `the pinned item looked up by id; last:\n${last}`,
    );
    // The fixture server has no recording of Q169889: it answered with the recorded `missing` shape.
    assert.ok(server.requests.some((r) => r.params.get('action') === 'wbgetentities' && r.params.get('ids') === 'Q169889'));
  });
});
