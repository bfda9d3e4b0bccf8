// Activation smoke test: the extension under test is present in the real extension host, activates,
// declares activation for plaintext and Markdown, and registers every command it contributes.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'factdesk.factdesk';

interface Manifest {
  main?: string;
  activationEvents?: string[];
  contributes?: { commands?: { command: string }[] };
}

describe('FactDesk activation (smoke)', () => {
  it('is installed in the extension host', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(
      extension,
      `${EXTENSION_ID} is not loaded; extensions seen: ${vscode.extensions.all
        .map((e) => e.id)
        .filter((id) => !id.startsWith('vscode.'))
        .join(', ')}`,
    );
    const manifest = extension.packageJSON as Manifest;
    assert.ok(manifest.main, 'package.json has no "main"');
  });

  it('activates without errors', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('declares activation for plaintext and Markdown', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as Manifest;
    const events = manifest.activationEvents ?? [];
    for (const language of ['plaintext', 'markdown']) {
      assert.ok(events.includes(`onLanguage:${language}`) || events.includes('*'), `activationEvents lack onLanguage:${language}: ${JSON.stringify(events)}`);
    }
  });

  it('registers every contributed command', async () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as Manifest;
    const contributed = (manifest.contributes?.commands ?? []).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((command) => !registered.has(command));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it('opens an article from the workspace as plaintext', async () => {
    const [article] = await vscode.workspace.findFiles('**/*.txt', '**/node_modules/**', 1);
    assert.ok(article, 'the test workspace holds no .txt article');
    const document = await vscode.workspace.openTextDocument(article);
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'plaintext');
    assert.ok(document.getText().length > 0);
  });
});
