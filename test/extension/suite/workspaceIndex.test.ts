// The workspace index in a real VS Code: a workspace of several articles (test/fixtures/workspace/desk),
// the hover's "In this workspace" section and its link to another article, "Add to knowledge base"
// from the hover (the file written, the next hover changed), and the index following a file created,
// changed and deleted on disk.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { IndexStatusParams } from '../../../src/shared/protocol';
import { eventuallyAsync, fixture, hoversAt, hoverText, nextFindings, workspaceDir } from '../helpers';

async function indexReady(): Promise<IndexStatusParams> {
  return vscode.commands.executeCommand<IndexStatusParams>('factdesk._test.indexStatus', true, 60000);
}

async function openDesk(name: string): Promise<vscode.TextEditor> {
  const uri = await fixture(`desk/${name}`);
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const current = await vscode.commands.executeCommand<{ seq: number } | null>('factdesk._test.findings', uri.toString());
  if (!current) await nextFindings(uri);
  return editor;
}

async function hoverOn(editor: vscode.TextEditor, word: string): Promise<string> {
  const offset = editor.document.getText().indexOf(word);
  assert.ok(offset >= 0, `${word} in ${editor.document.uri.fsPath}`);
  return hoverText(await hoversAt(editor.document.uri, editor.document.positionAt(offset + 1)));
}

/** The JSON argument of the first command link to `id` in hover Markdown. */
function linkArgs<T>(markdown: string, id: string): T {
  const m = new RegExp(`\\(command:${id.replace(/\./g, '\\.')}\\?([^)]+)\\)`).exec(markdown);
  assert.ok(m, `a ${id} link in:\n${markdown}`);
  return (JSON.parse(decodeURIComponent(m[1])) as T[])[0];
}

describe('workspace index (real VS Code)', function () {
  this.timeout(120000);
  const kbDir = () => path.join(workspaceDir(), '.factdesk');
  after(() => fs.rmSync(kbDir(), { recursive: true, force: true }));

  it('indexes the workspace and shows other articles in the hover; the link opens the other article at the mention', async () => {
    const status = await indexReady();
    assert.ok(status.articles >= 4, `indexed ${status.articles}`);
    const editor = await openDesk('hospital-funding.txt');
    const hover = await hoverOn(editor, 'Marta Kowalczyk');
    assert.match(hover, /FactDesk · Entity/);
    assert.match(hover, /In this workspace\*\* Marta Kowalczyk — person/);
    assert.match(hover, /1 other article mentions this person:/);
    assert.match(hover, /Quoted elsewhere:/);
    assert.match(hover, /Verdicts on claims about this person: \[Mostly false 1\]/);
    const target = linkArgs<{ uri: string; line: number; character: number }>(hover, 'factdesk.openLocation');
    await vscode.commands.executeCommand('factdesk.openLocation', target);
    const active = vscode.window.activeTextEditor!;
    assert.equal(path.basename(active.document.uri.fsPath), 'budget-deficit.txt');
    assert.equal(active.selection.active.line, 7);
    assert.equal(active.document.lineAt(7).text.slice(active.selection.active.character).startsWith('Marta Kowalczyk'), true);
  });

  it('follows an article created, changed and deleted on disk', async () => {
    const editor = await openDesk('council-vote.txt');
    assert.match(await hoverOn(editor, 'Lena Brenner'), /No other article mentions this person\./);
    const file = path.join(workspaceDir(), 'desk', 'tram-delay.txt');
    fs.writeFileSync(file, 'Tram line delayed\n\nCouncillor Lena Brenner said on Monday that the tram line would open a year late.\n');
    let last = '';
    await eventuallyAsync(
      async () => /1 other article mentions this person:\n- \[Tram line delayed\]/.test((last = await hoverOn(editor, 'Lena Brenner'))),
      () => `the new article in the hover; last:\n${last}`,
    );
    fs.writeFileSync(file, 'Tram line on time\n\nCouncillor Lena Brenner said on Monday that the tram line would open on time.\n');
    await eventuallyAsync(
      async () => /\[Tram line on time\]/.test((last = await hoverOn(editor, 'Lena Brenner'))),
      () => `the changed title in the hover; last:\n${last}`,
    );
    fs.rmSync(file);
    await eventuallyAsync(
      async () => /No other article mentions this person\./.test((last = await hoverOn(editor, 'Lena Brenner'))),
      () => `the deleted article gone from the hover; last:\n${last}`,
    );
  });

  it('adds a knowledge-base entry from the hover: the file is written and the next hover shows the entry', async () => {
    const editor = await openDesk('budget-deficit.txt');
    const hover = await hoverOn(editor, 'Tomas Brenner');
    const args = linkArgs<{ root: string; name: string; type: string }>(hover, 'factdesk.kb.add');
    assert.equal(args.name, 'Tomas Brenner');
    assert.equal(args.type, 'person');
    await vscode.commands.executeCommand('factdesk.kb.add', args);
    const file = path.join(kbDir(), 'entities.json');
    const kb = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.deepEqual(
      kb.entities.map((e: { id: string; name: string; type: string; description?: string }) => [e.id, e.name, e.type, e.description]),
      [['tomas-brenner', 'Tomas Brenner', 'person', 'Opposition leader']],
    );
    // The knowledge base opened at the new entry.
    assert.equal(path.basename(vscode.window.activeTextEditor!.document.uri.fsPath), 'entities.json');
    let last = '';
    await eventuallyAsync(
      async () => /\[Edit knowledge base entry\]\(command:factdesk\.kb\.edit/.test((last = await hoverOn(editor, 'Tomas Brenner'))),
      () => `the entry in the next hover; last:\n${last}`,
    );
    assert.match(last, /Knowledge base: Opposition leader/);
    await vscode.commands.executeCommand('factdesk.kb.edit', linkArgs(last, 'factdesk.kb.edit'));
    const active = vscode.window.activeTextEditor!;
    assert.equal(path.basename(active.document.uri.fsPath), 'entities.json');
    assert.equal(active.document.getText(active.selection), '"id": "tomas-brenner"');
  });
});
