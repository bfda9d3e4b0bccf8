// FactDesk features inside a real VS Code extension host (code-server or test-electron), through the
// real `vscode` API. The workspace is a copy of test/fixtures/workspace. Waiting is event-driven:
// `factdesk._test.waitForFindings` (registered only in extension test mode, or with FACTDESK_TEST=1)
// resolves when the client accepts the server's next findings; diagnostics and configuration changes
// are awaited through their vscode events.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ReceivedFindings } from '../../../src/shared/protocol';
import {
  drawn,
  eventuallyAsync,
  findingsForVersion,
  EXTENSION_ID,
  hoversAt,
  hoverText,
  inside,
  lastFindings,
  nextFindings,
  openArticle,
  setSetting,
  workspaceDir,
  type Range4,
} from '../helpers';

/** Changes a setting that makes the server re-analyze, and returns the findings that follow. */
async function reanalyzeWith(uri: vscode.Uri, key: string, value: unknown): Promise<ReceivedFindings> {
  const before = (await lastFindings(uri))?.seq ?? -1;
  await setSetting(key, value);
  return nextFindings(uri, before);
}

describe('FactDesk in VS Code', function () {
  this.timeout(60000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  afterEach(async () => {
    // Leave the workspace settings as the next test expects them.
    const config = vscode.workspace.getConfiguration('factdesk');
    for (const key of [
      'show.quotes',
      'show.claims',
      'show.hedges',
      'show.entities',
      'hedgeDiagnostics',
      'ignoredWords',
      'claimThreshold',
      'maxFileSizeKB',
      'runMode',
    ]) {
      if (config.inspect(key)?.workspaceValue !== undefined) await setSetting(key, undefined);
    }
  });

  it('draws decorations for every category on the fixture article', async () => {
    const { editor, findings } = await openArticle('article.txt');
    assert.equal(findings.status, 'ok');
    const ranges = await drawn(editor.document.uri);
    assert.equal(ranges.quotes?.length, findings.counts.quotes);
    // Claims: the article's strongest tinted, every one with a gutter mark; hedges: the reporter's and the speakers'.
    assert.equal(ranges.claims?.length, findings.spans.prominentClaims.length / 2);
    assert.equal(ranges.claimGutter.length + ranges.claimGutterQuiet.length, findings.counts.claims);
    assert.equal(ranges.hedges.length + ranges.hedgesInQuotes.length, findings.counts.hedges);
    for (const category of ['quotes', 'claims', 'hedges', 'entities']) {
      assert.ok((ranges[category]?.length ?? 0) > 0, `${category} are drawn (got ${JSON.stringify(findings.counts)})`);
    }
    // Every quote decoration covers quoted text in the editor.
    for (const [sl, sc, el, ec] of ranges.quotes) {
      const text = editor.document.getText(new vscode.Range(sl, sc, el, ec));
      assert.match(text, /^[“"«]/, `quote decoration starts at a quotation mark: ${text}`);
    }
    // Overview-ruler marks: one per line holding findings (a short article: bands of one line).
    for (const [ruler, category] of [
      ['rulerQuotes', 'quotes'],
      ['rulerHedges', 'hedges'],
    ]) {
      const lines = new Set(ranges[category].map(([sl]) => sl));
      assert.deepEqual(
        ranges[ruler].map(([sl]) => sl),
        [...lines].sort((a, b) => a - b),
        `${ruler} marks the lines with ${category}`,
      );
    }
  });

  it('draws a long article around the visible lines, redraws on scrolling, and marks all of it in the ruler', async () => {
    // 3,000 lines, each with a quote, a hedge and a name: over 4,000 findings, so only the lines around
    // the visible ones get highlights; one ruler mark per finding would be 3,000 per category.
    const file = path.join(workspaceDir(), 'long-article.txt');
    const line = (i: number) => `Line ${i}: Ridership fell 12 percent in 2024, and “We reopen on Monday,” said Mayor Anna Lindqvist, who reportedly agreed.`;
    fs.writeFileSync(file, Array.from({ length: 3000 }, (_, i) => line(i)).join('\n'));
    try {
      const uri = vscode.Uri.file(file);
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const findings = await nextFindings(uri);
      assert.equal(findings.counts.quotes, 3000);
      const linesOf = (ranges: Range4[]) => new Set(ranges.map(([sl]) => sl));
      let ranges = await drawn(uri);
      const [[startLine, , endLine]] = ranges.window;
      assert.equal(startLine, 0);
      assert.ok(endLine < 1000, `drawn up to line ${endLine}, not all 3,000`);
      assert.ok(
        ranges.quotes.length > 0 && ranges.quotes.length === endLine - startLine + 1,
        `${ranges.quotes.length} quotes drawn for lines ${startLine}-${endLine}`,
      );
      assert.ok(linesOf(ranges.quotes).has(editor.visibleRanges[0].start.line), 'the visible lines are highlighted');
      for (const ruler of ['rulerQuotes', 'rulerHedges']) {
        assert.ok(ranges[ruler].length > 0 && ranges[ruler].length <= 500, `${ruler}: ${ranges[ruler].length} marks`);
        // Spread over the whole document, in bands of equal height.
        assert.equal(ranges[ruler][0][0], 0);
        assert.ok(ranges[ruler][ranges[ruler].length - 1][0] >= 2990, 'the last band is marked too');
      }
      // The Fact-check view lists the claims folded: thousands of rows are not sent on every analysis.
      assert.ok(findings.counts.claims > 200, `${findings.counts.claims} claims`);
      const view =
        await vscode.commands.executeCommand<Array<{ label: string; children?: Array<{ label: string; collapsed?: boolean; children?: unknown[] }> }>>(
          'factdesk._test.notesView',
        );
      const claimsGroup = view.find((a) => a.label === 'long-article.txt')?.children?.find((g) => g.label === 'Claims');
      assert.deepEqual([claimsGroup?.collapsed, claimsGroup?.children?.length], [true, findings.counts.claims]);
      // Scroll far down: the highlights follow.
      editor.revealRange(new vscode.Range(2800, 0, 2800, 0), vscode.TextEditorRevealType.InCenter);
      await eventuallyAsync(
        async () => {
          ranges = await drawn(uri);
          return linesOf(ranges.quotes).has(2800);
        },
        () => `line 2800 to be highlighted after scrolling (drawn: lines ${JSON.stringify(ranges.window)})`,
      );
      assert.ok(!linesOf(ranges.quotes).has(0), 'the lines left far behind are no longer drawn');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      fs.rmSync(file, { force: true });
    }
  });

  it('shows the counts of the active file in the status bar', async () => {
    const { findings } = await openArticle('article.txt');
    const status = await vscode.commands.executeCommand<{ text: string; tooltip: string; visible: boolean }>('factdesk._test.statusBar');
    assert.ok(status.visible);
    assert.equal(
      status.text,
      `$(quote) ${findings.counts.quotes} $(law) ${findings.counts.claims} $(question) ${findings.counts.hedges} $(person) ${findings.counts.entities}`,
    );
    assert.match(status.tooltip, new RegExp(`${findings.counts.claims} check-worthy claims`));
  });

  it('explains each kind of finding in a hover', async () => {
    const { editor } = await openArticle('article.txt');
    const uri = editor.document.uri;
    const ranges = await drawn(uri);
    const expectations: Array<[string, RegExp[]]> = [
      ['quotes', [/Quote/, /Speaker: /, /Why this speaker: [a-z“]/]],
      ['claims', [/Claim\*\* — score \d\.\d\d/, /Why: /, /Reasons:/]],
      ['hedges', [/Hedge\*\* “[^”]+” — (modal verb|epistemic phrase|hedging adverb|weasel wording)/]],
      ['entities', [/Entity\*\* /, /Mentions: \d+/, /First mention: line \d+/, /Why (person|organization|place|other): /]],
    ];
    for (const [category, patterns] of expectations) {
      const range = ranges[category]?.[0];
      assert.ok(range, `a ${category} decoration to hover over`);
      const text = hoverText(await hoversAt(uri, inside(range)));
      for (const pattern of patterns) assert.match(text, pattern, `${category} hover: ${text}`);
    }
  });

  it('lists claims and quotes in the outline', async () => {
    const { editor, findings } = await openArticle('article.txt');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', editor.document.uri);
    assert.ok(symbols, 'document symbols (undefined means none)');
    const all = (list: vscode.DocumentSymbol[]): vscode.DocumentSymbol[] => list.flatMap((s) => [s, ...all(s.children)]);
    assert.equal(all(symbols).filter((s) => s.kind === vscode.SymbolKind.Event).length, findings.counts.claims);
    assert.equal(all(symbols).filter((s) => s.kind === vscode.SymbolKind.String).length, findings.counts.quotes);
  });

  it('reports hedges as diagnostics only when factdesk.hedgeDiagnostics enables them', async () => {
    const { editor, findings } = await openArticle('article.txt');
    const uri = editor.document.uri;
    assert.ok(findings.counts.hedges > 0, 'the fixture has hedges');
    assert.equal(vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'FactDesk').length, 0, 'off by default');
    const published = new Promise<vscode.Diagnostic[]>((resolve) => {
      const listener = vscode.languages.onDidChangeDiagnostics((event) => {
        const ours = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'FactDesk');
        if (event.uris.some((u) => u.toString() === uri.toString()) && ours.length > 0) {
          listener.dispose();
          resolve(ours);
        }
      });
    });
    await setSetting('hedgeDiagnostics', 'information');
    const diagnostics = await published;
    assert.equal(diagnostics.length, findings.counts.hedges);
    assert.ok(diagnostics.every((d) => d.severity === vscode.DiagnosticSeverity.Information && /^Hedge “/.test(d.message)));
  });

  it('ignores a hedge word in the workspace through the code action', async () => {
    const { editor } = await openArticle('article.txt');
    const uri = editor.document.uri;
    const [hedge] = (await drawn(uri)).hedges ?? [];
    assert.ok(hedge, 'the fixture has a hedge');
    const word = editor.document.getText(new vscode.Range(hedge[0], hedge[1], hedge[2], hedge[3])).toLowerCase();
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      new vscode.Range(hedge[0], hedge[1], hedge[0], hedge[1]),
    );
    const action = actions.find((a) => a.title === `Ignore “${word}” in this workspace`);
    assert.ok(action?.command, `code actions offered: ${actions.map((a) => a.title).join(' | ')}`);

    const before = (await lastFindings(uri))?.seq ?? -1;
    await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
    const after = await nextFindings(uri, before);
    assert.ok(vscode.workspace.getConfiguration('factdesk').inspect<string[]>('ignoredWords')?.workspaceValue?.includes(word), 'stored in workspace settings');
    const hedgesNow = (await drawn(uri)).hedges.map(([sl, sc, el, ec]) => editor.document.getText(new vscode.Range(sl, sc, el, ec)).toLowerCase());
    assert.ok(!hedgesNow.includes(word), `“${word}” is no longer underlined`);
    assert.equal(after.counts.hedges, hedgesNow.length);
  });

  it('applies settings changes at once: category toggle and claim threshold', async () => {
    const { editor, findings } = await openArticle('article.txt');
    const uri = editor.document.uri;
    assert.ok((await drawn(uri)).quotes.length > 0);
    const toggled = new Promise<void>((resolve) => {
      const listener = vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('factdesk.show.quotes')) {
          listener.dispose();
          resolve();
        }
      });
    });
    await vscode.commands.executeCommand('factdesk.toggleQuotes');
    await toggled;
    assert.equal((await drawn(uri)).quotes.length, 0, 'quotes hidden');
    assert.ok((await drawn(uri)).claims.length > 0, 'other categories stay');
    await vscode.commands.executeCommand('factdesk.toggleQuotes');

    // Runs started by earlier setting changes may still report: wait for the findings made with 0.99.
    let strict = await reanalyzeWith(uri, 'claimThreshold', 0.99);
    while (strict.claimThreshold !== 0.99) strict = await nextFindings(uri, strict.seq);
    assert.ok(strict.counts.claims < findings.counts.claims, `threshold 0.99 leaves ${strict.counts.claims} of ${findings.counts.claims} claims`);
    const marks = await drawn(uri);
    assert.equal(marks.claimGutter.length + marks.claimGutterQuiet.length, strict.counts.claims);
  });

  it('re-analyzes as you type', async () => {
    const { editor } = await openArticle('article.md');
    const uri = editor.document.uri;
    const before = (await lastFindings(uri))?.seq ?? -1;
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    await editor.edit((edit) => edit.insert(end, '\n\nOfficials said the project would cost $12 million by 2027.\n'));
    // Only the version typed counts: a run on the old text may still be on its way.
    const after = await findingsForVersion(uri, editor.document.version, before);
    assert.equal(after.version, editor.document.version);
    assert.ok(after.seq > before);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('gives a file above factdesk.maxFileSizeKB one message and no highlights', async () => {
    await setSetting('maxFileSizeKB', 1);
    const document = await vscode.workspace.openTextDocument({
      language: 'plaintext',
      content: 'The council said 40 percent of roads need repair. '.repeat(60),
    });
    await vscode.window.showTextDocument(document);
    const findings = await nextFindings(document.uri);
    assert.equal(findings.status, 'tooLarge');
    assert.match(findings.message ?? '', /factdesk\.maxFileSizeKB/);
    const ranges = await drawn(document.uri);
    assert.ok(Object.values(ranges).every((r) => r.length === 0));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('in manual run mode analyzes on the Analyze command', async () => {
    await setSetting('runMode', 'manual');
    const document = await vscode.workspace.openTextDocument({
      language: 'plaintext',
      content: 'The port handled 4.2 million containers in 2025, the authority said.',
    });
    await vscode.window.showTextDocument(document);
    const findings = nextFindings(document.uri);
    await vscode.commands.executeCommand('factdesk.analyze');
    const result = await findings;
    assert.equal(result.status, 'ok');
    assert.equal(result.version, document.version);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('follows factdesk.filePatterns: a newly matching file is analyzed when opened', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test runs in a workspace folder');
    const uri = vscode.Uri.joinPath(folder.uri, 'wire-copy.news');
    await vscode.workspace.fs.writeFile(uri, Buffer.from('Officials said the bridge carried 52,000 vehicles a day in 2024.\n', 'utf8'));
    try {
      const patterns = vscode.workspace.getConfiguration('factdesk').get<string[]>('filePatterns') ?? [];
      await setSetting('filePatterns', [...patterns, '**/*.news']);
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const findings = await nextFindings(uri);
      assert.equal(findings.status, 'ok');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await setSetting('filePatterns', undefined);
      await vscode.workspace.fs.delete(uri);
    }
  });

  it('analyzes a file of another language on command', async () => {
    const document = await vscode.workspace.openTextDocument({
      language: 'json',
      content: '{ "note": "The mayor said the budget rose by 12 percent in 2025." }',
    });
    await vscode.window.showTextDocument(document);
    const findings = nextFindings(document.uri);
    await vscode.commands.executeCommand('factdesk.analyzeFile');
    assert.equal((await findings).status, 'ok');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
