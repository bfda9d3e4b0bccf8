// Documents that are not files on disk, in a real VS Code extension host: an unsaved (untitled)
// article, and one from a virtual file system (as in a virtual workspace; package.json declares
// `capabilities.virtualWorkspaces: limited`). Analysis, highlights and hovers work; verification
// notes, which live in a file beside the article, are refused with a message saying why.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAll, drawn, EXTENSION_ID, hoversAt, hoverText, inside, messages, nextFindings } from '../helpers';

const FIXTURE = path.resolve(__dirname, '../../../../test/fixtures/workspace/article.txt');
/**
 * The scheme of the Remote Repositories extension's virtual file system (GitHub, Azure Repos), one of
 * the schemes FactDesk treats as articles; served here by an in-memory provider.
 */
const SCHEME = 'vscode-vfs';

/** A minimal in-memory file system: enough to open, read and write files under one scheme. */
class MemoryFileSystem implements vscode.FileSystemProvider {
  private readonly files = new Map<string, Uint8Array>();
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }
  stat(uri: vscode.Uri): vscode.FileStat {
    const data = this.files.get(uri.path);
    if (data) return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: data.length };
    if (uri.path === '/') return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    throw vscode.FileSystemError.FileNotFound(uri);
  }
  readDirectory(): [string, vscode.FileType][] {
    return [...this.files.keys()].map((p) => [p.slice(1), vscode.FileType.File]);
  }
  createDirectory(): void {}
  readFile(uri: vscode.Uri): Uint8Array {
    const data = this.files.get(uri.path);
    if (!data) throw vscode.FileSystemError.FileNotFound(uri);
    return data;
  }
  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    this.files.set(uri.path, content);
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }
  delete(uri: vscode.Uri): void {
    this.files.delete(uri.path);
  }
  rename(from: vscode.Uri, to: vscode.Uri): void {
    const data = this.readFile(from);
    this.files.delete(from.path);
    this.files.set(to.path, data);
  }
}

const NOTES_NEED_A_FILE = /notes are stored in a file beside the article/;

describe('FactDesk on documents that are not files (untitled, virtual file systems)', function () {
  this.timeout(120000);
  const article = fs.readFileSync(FIXTURE, 'utf8');
  let registration: vscode.Disposable | undefined;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const memfs = new MemoryFileSystem();
    registration = vscode.workspace.registerFileSystemProvider(SCHEME, memfs);
    memfs.writeFile(vscode.Uri.parse(`${SCHEME}:/article.txt`), Buffer.from(article, 'utf8'));
  });

  after(async () => {
    await closeAll();
    registration?.dispose();
  });

  for (const [kind, openDocument, why] of [
    ['an unsaved (untitled) article', () => vscode.workspace.openTextDocument({ language: 'plaintext', content: article }), /save the article first/],
    [
      'an article on a virtual file system',
      () => vscode.workspace.openTextDocument(vscode.Uri.parse(`${SCHEME}:/article.txt`)),
      /not available for vscode-vfs: documents/,
    ],
  ] as const) {
    it(`analyzes ${kind}, explains it in hovers, and refuses notes with the reason`, async () => {
      const document = await openDocument();
      await vscode.window.showTextDocument(document);
      const findings = await nextFindings(document.uri);
      assert.equal(findings.status, 'ok');
      assert.ok(findings.counts.claims > 0 && findings.counts.quotes > 0, JSON.stringify(findings.counts));
      const ranges = await drawn(document.uri);
      assert.equal(ranges.claimGutter.length + ranges.claimGutterQuiet.length, findings.counts.claims);
      assert.match(hoverText(await hoversAt(document.uri, inside(ranges.claims[0]))), /Claim\*\* — score/);

      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(0, 0, 0, 5));
      assert.deepEqual(
        actions.filter((a) => /Fact-check Note/.test(a.title)).map((a) => a.title),
        [],
        'no note can be added here',
      );
      const shownBefore = (await messages()).length;
      const added = await vscode.commands.executeCommand<string | undefined>('factdesk.addNote', {
        uri: document.uri.toString(),
        start: 0,
        end: 5,
        verdict: 'true',
      });
      assert.equal(added, undefined);
      const shown = (await messages()).slice(shownBefore);
      assert.ok(
        shown.some((m) => NOTES_NEED_A_FILE.test(m.text) && why.test(m.text)),
        `the reason is shown: ${JSON.stringify(shown)}`,
      );

      // The publication check still works: every claim is unchecked, since there are no notes.
      const check = await vscode.commands.executeCommand<{ passed: boolean; claims: number; unchecked: unknown[] }>('factdesk.checkPublication', {
        uri: document.uri.toString(),
      });
      assert.deepEqual([check.passed, check.claims, check.unchecked.length], [false, findings.counts.claims, findings.counts.claims]);
      // An untitled document with text would ask to be saved on close: discard it.
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  }
});
