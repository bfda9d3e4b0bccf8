// Wikidata in Restricted Mode: even with factdesk.wikidata.enabled on (in the user settings, which
// Restricted Mode does not hold back) and the endpoint pointed at a local fixture server, the hover has
// no Wikidata part and not one request reaches the server.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { fixturesDir, startFixtureServer, type FixtureServer } from '../../wikidata/fixtureServer';
import { EXTENSION_ID, eventuallyAsync, hoversAt, hoverText, workspaceDir } from '../helpers';

async function setUserSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('factdesk').update(key, value, vscode.ConfigurationTarget.Global);
}

describe('Wikidata in an untrusted workspace', function () {
  this.timeout(120000);
  let server: FixtureServer;

  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    server = await startFixtureServer(fixturesDir(extension.extensionPath));
    await setUserSetting('wikidata.endpoint', server.endpoint);
    await setUserSetting('wikidata.enabled', true);
  });

  after(async () => {
    await setUserSetting('wikidata.enabled', undefined);
    await setUserSetting('wikidata.endpoint', undefined);
    await server.close();
  });

  it('makes no request and shows no Wikidata part', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.equal(vscode.workspace.getConfiguration('factdesk').get('wikidata.enabled'), true, 'the setting is on');
    await vscode.commands.executeCommand('factdesk._test.indexStatus', true, 60000);
    const uri = vscode.Uri.file(path.join(workspaceDir(), 'water-rates.txt'));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const offset = editor.document.getText().indexOf('Ruth Calloway');
    let last = '';
    // The workspace part shows (the index works untrusted); hovering twice would have asked by now.
    await eventuallyAsync(
      async () => /In this workspace/.test((last = hoverText(await hoversAt(uri, editor.document.positionAt(offset + 1))))),
      () => `the workspace part of the hover; last:\n${last}`,
    );
    last = hoverText(await hoversAt(uri, editor.document.positionAt(offset + 1)));
    assert.doesNotMatch(last, /Wikidata/);
    assert.equal(server.requests.length, 0);
  });
});
