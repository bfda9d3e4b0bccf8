// Helpers shared by the in-host suites (test/extension/suite*, bundled into each test file by
// esbuild; this file is no entry point of its own). Waiting is event-driven through the extension's
// test hooks (registered in extension test mode, or with FACTDESK_TEST=1):
// `factdesk._test.waitForFindings` resolves when the client accepts the server's next findings,
// `factdesk._test.waitForNotes` on the next change of an article's notes.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NotesSnapshot } from '../../src/extension/notes/feature';
import type { DrawnDecorations, ReceivedFindings } from '../../src/shared/protocol';

export const EXTENSION_ID = 'factdesk.factdesk';
/** Generous: the machine may be busy with other work. */
export const DEADLINE_MS = 45000;

/** Sidecar and Fact-check view JSON, read loosely. */
export type Json = Record<string, any>;
export type Range4 = [number, number, number, number];

// --- findings (highlights, hovers) ---------------------------------------------------------------

export async function fixture(name: string): Promise<vscode.Uri> {
  const [found] = await vscode.workspace.findFiles(`**/${name}`, '**/node_modules/**', 1);
  assert.ok(found, `fixture ${name} is not in the test workspace`);
  return found;
}

export function lastFindings(uri: vscode.Uri): Thenable<ReceivedFindings | null> {
  return vscode.commands.executeCommand<ReceivedFindings | null>('factdesk._test.findings', uri.toString());
}

export function nextFindings(uri: vscode.Uri, afterSeq = -1): Thenable<ReceivedFindings> {
  return vscode.commands.executeCommand<ReceivedFindings>('factdesk._test.waitForFindings', uri.toString(), afterSeq, 20000);
}

/**
 * The first findings for `version` of the document: a re-analysis of an older version (e.g. started by the
 * previous test's settings change) may still arrive after an edit, and is skipped.
 */
export async function findingsForVersion(uri: vscode.Uri, version: number, afterSeq = -1): Promise<ReceivedFindings> {
  let seq = afterSeq;
  for (;;) {
    const findings = await nextFindings(uri, seq);
    if (findings.version === version) return findings;
    if (findings.version > version) throw new Error(`findings for version ${findings.version} of ${uri.toString()} arrived, never for version ${version}`);
    seq = findings.seq;
  }
}

export function drawn(uri: vscode.Uri): Thenable<DrawnDecorations> {
  return vscode.commands.executeCommand<DrawnDecorations>('factdesk._test.decorations', uri);
}

export async function openArticle(name: string): Promise<{ editor: vscode.TextEditor; findings: ReceivedFindings }> {
  const uri = await fixture(name);
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  const findings = await nextFindings(uri);
  return { editor, findings };
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

/** A position inside a decoration's range (its middle on one line, else just after its start). */
export function inside(range: Range4): vscode.Position {
  return new vscode.Position(range[0], range[0] === range[2] ? Math.floor((range[1] + range[3]) / 2) : range[1] + 1);
}

export function hoversAt(uri: vscode.Uri, position: vscode.Position): Thenable<vscode.Hover[]> {
  return vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
}

/** Updates a factdesk setting in the workspace and resolves once VS Code has applied it. */
export async function setSetting(key: string, value: unknown): Promise<void> {
  const changed = new Promise<void>((resolve) => {
    const listener = vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`factdesk.${key}`)) {
        listener.dispose();
        resolve();
      }
    });
  });
  await vscode.workspace.getConfiguration('factdesk').update(key, value, vscode.ConfigurationTarget.Workspace);
  await changed;
}

// --- verification notes --------------------------------------------------------------------------

export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder');
  return folder.uri.fsPath;
}

export function sidecarOf(article: string): string {
  return `${article}.factcheck.json`;
}

export function readSidecar(article: string): Json {
  return JSON.parse(fs.readFileSync(sidecarOf(article), 'utf8')) as Json;
}

export function snapshot(uri: vscode.Uri): Thenable<NotesSnapshot | null> {
  return vscode.commands.executeCommand<NotesSnapshot | null>('factdesk._test.notes', uri.toString());
}

/** Resolves with the first state of the article's notes that satisfies `ok`, waiting on change events. */
export async function notesWhere(uri: vscode.Uri, ok: (s: NotesSnapshot) => boolean, what: string): Promise<NotesSnapshot> {
  const deadline = Date.now() + DEADLINE_MS;
  let last = await snapshot(uri);
  while (!last || !ok(last)) {
    const left = deadline - Date.now();
    if (left <= 0) assert.fail(`timed out waiting for ${what}; last state: ${JSON.stringify(last, null, 1)}`);
    try {
      last = await vscode.commands.executeCommand<NotesSnapshot>('factdesk._test.waitForNotes', uri.toString(), last?.seq ?? -1, left);
    } catch {
      last = await snapshot(uri);
      if (!last || !ok(last)) assert.fail(`timed out waiting for ${what}; last state: ${JSON.stringify(last, null, 1)}`);
    }
  }
  return last;
}

/** For conditions no event reports (a file appearing): polls with a deadline. */
export async function eventually<T>(probe: () => T | undefined | false, what: string): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function eventuallyAsync(probe: () => Promise<boolean>, what: () => string): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS;
  while (!(await probe())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Opens an article file in an editor and waits until the notes feature tracks it. */
export async function open(file: string): Promise<{ editor: vscode.TextEditor; uri: vscode.Uri; state: NotesSnapshot }> {
  const uri = vscode.Uri.file(file);
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  const state = await notesWhere(uri, () => true, `${path.basename(file)} to be tracked`);
  return { editor, uri, state };
}

/** Selects the first occurrence of `quote` in the editor; returns its offsets. */
export function select(editor: vscode.TextEditor, quote: string): { start: number; end: number } {
  const text = editor.document.getText();
  const start = text.indexOf(quote);
  assert.ok(start >= 0, `fixture lacks "${quote}"`);
  const end = start + quote.length;
  editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(end));
  return { start, end };
}

/** The messages the notes feature showed the user (no public API reads notifications). */
export function messages(): Thenable<Array<{ severity: string; text: string }>> {
  return vscode.commands.executeCommand('factdesk._test.notesMessages');
}

export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
