// "FactDesk: Open Report Preview" in a real VS Code: the webview opens beside the article with a
// strict policy (one script, allowed by its nonce, which runs: the page reports it is ready), follows
// the theme's CSS variables, updates after a note is added and after an edit, reveals a passage in
// the editor through the command its click handler posts to, and saves the report (HTML without any
// script, CSV) through the export code.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PreviewSnapshot } from '../../../src/extension/reportPreview';
import { closeAll, EXTENSION_ID, eventuallyAsync, nextFindings, open, workspaceDir } from '../helpers';

const FIXTURE = path.resolve(__dirname, '../../../../test/fixtures/workspace/article.txt');

async function preview(uri: vscode.Uri): Promise<PreviewSnapshot | undefined> {
  const all = await vscode.commands.executeCommand<PreviewSnapshot[]>('factdesk._test.reportPreview');
  return all.find((p) => p.uri === uri.toString());
}

async function previewWhere(uri: vscode.Uri, ok: (p: PreviewSnapshot) => boolean, what: string): Promise<PreviewSnapshot> {
  let last: PreviewSnapshot | undefined;
  await eventuallyAsync(
    async () => {
      last = await preview(uri);
      return !!last && ok(last);
    },
    () => `${what}; last preview: ${JSON.stringify(last && { ...last, html: last.html.slice(0, 300), body: last.body.slice(0, 600) })}`,
  );
  return last!;
}

describe('the report preview (real VS Code)', function () {
  this.timeout(180000);
  const dir = path.join(workspaceDir(), 'preview-tests');

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    fs.mkdirSync(dir, { recursive: true });
  });

  after(async () => {
    await closeAll();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens beside the article under a strict policy, follows notes and edits, reveals passages and saves the report', async () => {
    const article = path.join(dir, 'preview.txt');
    fs.writeFileSync(article, fs.readFileSync(FIXTURE, 'utf8'));
    const { editor, uri } = await open(article);
    const findings = await nextFindings(uri);
    assert.ok(findings.counts.claims >= 2, 'the fixture has claims');

    const opened = await vscode.commands.executeCommand<PreviewSnapshot>('factdesk.openReportPreview', { uri: uri.toString() });
    assert.ok(opened, 'the preview opened');
    assert.equal(opened.title, 'Report: preview.txt');
    const html = opened.html;
    // The policy: nothing loads, styles inline, scripts only with this page's nonce.
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
    assert.ok(csp, 'a Content-Security-Policy');
    const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp[1]);
    assert.ok(nonce, csp[1]);
    assert.match(csp[1], /^default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-[^']+'$/);
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.deepEqual(scripts, [`<script nonce="${nonce[1]}">`], 'one script, the nonce’d one');
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no inline event handlers');
    assert.doesNotMatch(html, /javascript:/i);
    assert.match(html, /var\(--vscode-editor-background\)/, 'colours from the theme');
    assert.match(opened.body, /<h2>The article, annotated<\/h2>/);
    assert.match(opened.body, /data-claim="1"/, 'claims are marked (the click handler reads data-claim)');
    // The page ran its script under that policy: it said it is ready.
    const ready = await previewWhere(uri, (p) => p.ready, 'the preview page to run its script');

    // A note: the preview shows it (debounced) without reopening.
    const claim = [findings.spans.claims[0], findings.spans.claims[1]];
    const noteId = await vscode.commands.executeCommand<string>('factdesk.addNote', {
      uri: uri.toString(),
      start: claim[0],
      end: claim[1],
      verdict: 'mostly-true',
      comment: 'Checked against the **annual report**.',
    });
    assert.ok(noteId);
    const withNote = await previewWhere(uri, (p) => p.renders > ready.renders && p.body.includes('<strong>annual report</strong>'), 'the note in the preview');
    assert.match(withNote.body, /Mostly true/);

    // An edit in the editor: the preview follows the text.
    const added = '\n\nThe ministry said 1,240 new nurses were hired in 2024, twice as many as in 2023.\n';
    await editor.edit((edit) => edit.insert(editor.document.positionAt(editor.document.getText().length), added));
    await previewWhere(uri, (p) => p.body.includes('1,240 new nurses were hired in 2024'), 'the edit in the preview');

    // The click handler posts { kind, key } to factdesk.reportPreview.reveal: claim 1, and the note by its margin anchor.
    await vscode.window.showTextDocument(editor.document, { selection: new vscode.Range(0, 0, 0, 0) });
    const revealed = await vscode.commands.executeCommand<{ start: number; end: number }>('factdesk.reportPreview.reveal', {
      uri: uri.toString(),
      kind: 'claim',
      key: '1',
    });
    assert.deepEqual(revealed, { start: claim[0], end: claim[1] });
    const active = vscode.window.activeTextEditor!;
    assert.equal(active.document.uri.toString(), uri.toString());
    assert.deepEqual(
      [active.document.offsetAt(active.selection.start), active.document.offsetAt(active.selection.end)],
      [claim[0], claim[1]],
      'the claim is selected in the article',
    );
    const anchor = /<aside class="margin-note[^"]*" id="margin-(note-[^"]+)"/.exec(withNote.body);
    assert.ok(anchor, 'a margin note for the new note');
    const byNote = await vscode.commands.executeCommand<{ start: number; end: number }>('factdesk.reportPreview.reveal', {
      uri: uri.toString(),
      kind: 'note',
      anchor: anchor[1],
    });
    assert.deepEqual(byNote, { start: claim[0], end: claim[1] });

    // Save buttons: the export code writes the file; the saved HTML carries no script and the report's own policy.
    const htmlFile = path.join(dir, 'preview.report.html');
    assert.equal(await vscode.commands.executeCommand('factdesk.reportPreview.saveHtml', { uri: uri.toString(), target: htmlFile }), htmlFile);
    const saved = fs.readFileSync(htmlFile, 'utf8');
    assert.doesNotMatch(saved, /<script/i);
    assert.match(saved, /content="default-src 'none'; style-src 'unsafe-inline'"/);
    assert.match(saved, /<strong>annual report<\/strong>/);
    const csvFile = path.join(dir, 'preview.report.csv');
    assert.equal(await vscode.commands.executeCommand('factdesk.reportPreview.saveCsv', { uri: uri.toString(), target: csvFile }), csvFile);
    const csv = fs.readFileSync(csvFile, 'utf8');
    assert.ok(csv.startsWith('\ufefffile,line,column,kind,'), csv.slice(0, 80));
    assert.match(csv, /,Mostly true,Checked against the annual report\.,/);
    // Nothing left unsaved for the clean-up (closing a changed document would ask).
    await editor.document.save();
  });
});
