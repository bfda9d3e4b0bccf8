// Issue #9 in a real VS Code: a calm default view (only the article's strongest claims tinted,
// factdesk.claims.highlight), colours explained (claim hover, status bar legend and screen-reader
// label), the speaker's hedges inside a quote marked apart (factdesk.hedges.inQuotes), no analysis of
// documents that are not articles, and an outline that names the finding under the cursor.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ReceivedFindings } from '../../../src/shared/protocol';
import {
  closeAll,
  drawn,
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

const EXAMPLES = path.resolve(__dirname, '../../../../examples');

/** Sentences of the text (one per line end or ". "), as offsets: enough to count tinted ones on the examples. */
function sentenceRanges(document: vscode.TextDocument): Array<[number, number]> {
  const text = document.getText();
  const out: Array<[number, number]> = [];
  // A sentence ends at . ! or ? (and a closing quote) before a capital, an opening quote or the line end.
  const re = /[^\n]+?(?:[.!?][”"’]?(?=\s+[A-Z“"‘])|$)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].trim().length > 1 && !/^\s*(date|source)\b/i.test(m[0])) out.push([m.index, m.index + m[0].length]);
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

function offsetsOf(document: vscode.TextDocument, ranges: Range4[]): Array<[number, number]> {
  return ranges.map(([sl, sc, el, ec]) => [document.offsetAt(new vscode.Position(sl, sc)), document.offsetAt(new vscode.Position(el, ec))]);
}

async function openFile(file: string): Promise<{ editor: vscode.TextEditor; findings: ReceivedFindings }> {
  const uri = vscode.Uri.file(file);
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  return { editor, findings: await nextFindings(uri) };
}

describe('Quiet by default, explained, and only on articles (issue #9)', function () {
  this.timeout(90000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  afterEach(async () => {
    const config = vscode.workspace.getConfiguration('factdesk');
    for (const key of ['claims.highlight', 'hedges.inQuotes']) {
      if (config.inspect(key)?.workspaceValue !== undefined) await setSetting(key, undefined);
    }
    await closeAll();
  });

  it('tints only the strongest claims of each bundled example: at most a third of its sentences', async () => {
    for (const name of fs.readdirSync(EXAMPLES).filter((f) => /\.(txt|md)$/.test(f))) {
      const { editor, findings } = await openFile(path.join(EXAMPLES, name));
      const document = editor.document;
      const ranges = await drawn(document.uri);
      const tinted = offsetsOf(document, ranges.claims);
      assert.equal(tinted.length, findings.spans.prominentClaims.length / 2, `${name}: the ranked claims are tinted`);
      assert.ok(tinted.length < findings.counts.claims, `${name}: ${tinted.length} of ${findings.counts.claims} claims tinted`);
      // Every claim keeps a gutter mark: filled for the tinted, a ring for the others.
      assert.equal(ranges.claimGutter.length, tinted.length);
      assert.equal(ranges.claimGutter.length + ranges.claimGutterQuiet.length, findings.counts.claims);
      const sentences = sentenceRanges(document);
      const touched = sentences.filter(([s, e]) => tinted.some(([ts, te]) => ts < e && te > s)).length;
      assert.ok(touched / sentences.length <= 1 / 3, `${name}: ${touched} of ${sentences.length} sentences tinted`);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  it('factdesk.claims.highlight: all tints every claim, none tints no claim, and each applies without a reload', async () => {
    const { editor, findings } = await openArticle('article.txt');
    const uri = editor.document.uri;
    await setSetting('claims.highlight', 'all');
    assert.equal((await drawn(uri)).claims.length, findings.counts.claims);
    await setSetting('claims.highlight', 'none');
    const none = await drawn(uri);
    assert.equal(none.claims.length, 0);
    assert.equal(none.claimGutter.length + none.claimGutterQuiet.length, findings.counts.claims, 'the gutter marks stay');
    // An invalid value falls back to the default (the server warns once; see test/server).
    await setSetting('claims.highlight', 'loud');
    assert.equal((await drawn(uri)).claims.length, findings.spans.prominentClaims.length / 2);
  });

  it('explains the marks: the claim hover says why it is (not) tinted, each heading says its kind once', async () => {
    const { editor, findings } = await openArticle('article.txt');
    const uri = editor.document.uri;
    const ranges = await drawn(uri);
    const strong = hoverText(await hoversAt(uri, inside(ranges.claims[0])));
    assert.match(strong, /Claim\*\* — score \d\.\d\d · tinted, among the strongest claims of this article \(filled gutter mark\)/);
    const quietStart = ranges.claimGutterQuiet[0];
    assert.ok(quietStart, `a claim that is not tinted (${findings.counts.claims} claims)`);
    const quiet = hoverText(await hoversAt(uri, new vscode.Position(quietStart[0], quietStart[1] + 2)));
    assert.match(quiet, /Claim\*\* — score \d\.\d\d · not tinted, ring in the gutter/);
    for (const category of ['quotes', 'hedges']) {
      const text = hoverText(await hoversAt(uri, inside(ranges[category][0])));
      assert.doesNotMatch(text, /\((statement|short|title|modal|epistemic|adverb|weasel)\)/, `${category} heading says its kind once: ${text}`);
    }
  });

  it('labels the status bar for screen readers and puts a legend of the colours in its tooltip', async () => {
    const { findings } = await openArticle('article.txt');
    const status = await vscode.commands.executeCommand<{ text: string; tooltip: string; label: string }>('factdesk._test.statusBar');
    const { quotes, claims, hedges, entities } = findings.counts;
    const tinted = findings.spans.prominentClaims.length / 2;
    assert.equal(status.label, `FactDesk: ${quotes} quotes, ${claims} check-worthy claims (${tinted} tinted), ${hedges} hedges, ${entities} entities`);
    assert.doesNotMatch(status.label, /\$\(/, 'no icon names');
    for (const words of [
      /orange tint: the strongest claims/,
      /ring for the other claims/,
      /blue text: a quotation/,
      /dotted underline, italic: hedged language/,
      /hedging inside a quote/,
      /thin underline: a name/,
    ]) {
      assert.match(status.tooltip, words);
    }
  });

  describe('hedges inside a direct quote', () => {
    const file = () => path.join(workspaceDir(), 'quoted-hedges.txt');
    const STORY =
      'The council approved the budget on Monday.\n\n“The new depot may never pay for itself,” said Mayor Ruth Okafor.\n\nThe plan could cost 12 million euros, officials reportedly said.\n';
    before(() => fs.writeFileSync(file(), STORY));
    after(() => fs.rmSync(file(), { force: true }));
    const words = (document: vscode.TextDocument, ranges: Range4[] | undefined) =>
      (ranges ?? []).map(([sl, sc, el, ec]) => document.getText(new vscode.Range(sl, sc, el, ec)));

    it('marks the speaker’s hedges apart, says whose they are, and factdesk.hedges.inQuotes turns them off', async () => {
      const { editor, findings } = await openFile(file());
      const document = editor.document;
      let ranges = await drawn(document.uri);
      assert.deepEqual(words(document, ranges.hedgesInQuotes), ['may']);
      assert.ok(words(document, ranges.hedges).includes('could') && !words(document, ranges.hedges).includes('may'));
      const hover = hoverText(await hoversAt(document.uri, inside(ranges.hedgesInQuotes[0])));
      assert.match(hover, /In a quote by Ruth Okafor: the speaker's hedging, not the reporter's/);

      await setSetting('hedges.inQuotes', 'show');
      ranges = await drawn(document.uri);
      assert.deepEqual(words(document, ranges.hedgesInQuotes), []);
      assert.ok(words(document, ranges.hedges).includes('may'), 'show: drawn like the reporter’s');

      const before = (await lastFindings(document.uri))?.seq ?? -1;
      await setSetting('hedges.inQuotes', 'off');
      // The run the change to `show` started may report after this point: wait for the one without quoted hedges.
      let after = await nextFindings(document.uri, before);
      while (after.spans.quotedHedges.length) after = await nextFindings(document.uri, after.seq);
      assert.equal(after.counts.hedges, findings.counts.hedges - 1);
      ranges = await drawn(document.uri);
      assert.ok(![...words(document, ranges.hedges), ...words(document, ranges.hedgesInQuotes)].includes('may'), 'off: not drawn');
    });
  });

  it('analyzes files, untitled and virtual-workspace documents, never comment boxes, output, settings or git views', async () => {
    const content = fs.readFileSync(path.join(workspaceDir(), 'article.txt'), 'utf8');
    // Documents named as VS Code names a comment input box (a .md path), an output pane and a git view,
    // with an article's text: the file patterns alone would match the first and the last.
    const notArticles = ['comment:/commentinput-1.md', 'output:/extension-output-factdesk-1.txt', 'git:/repo/article.txt'];
    const providers = ['comment', 'output', 'git'].map((scheme) =>
      vscode.workspace.registerTextDocumentContentProvider(scheme, { provideTextDocumentContent: () => content }),
    );
    try {
      for (const uri of notArticles) {
        const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
        assert.equal(await vscode.commands.executeCommand('factdesk._test.isArticle', document.uri.toString()), false, `${uri} is not an article`);
      }
      const { editor } = await openArticle('article.txt');
      assert.equal(await vscode.commands.executeCommand('factdesk._test.isArticle', editor.document.uri.toString()), true);
      // By now the server has answered the article opened after them: none of them got findings.
      for (const uri of notArticles) assert.equal(await lastFindings(vscode.Uri.parse(uri)), null, `${uri} was not analyzed`);
      const untitled = await vscode.workspace.openTextDocument({ language: 'plaintext', content });
      assert.equal(await vscode.commands.executeCommand('factdesk._test.isArticle', untitled.uri.toString()), true);
    } finally {
      for (const p of providers) p.dispose();
    }
  });

  it('outline and breadcrumbs: the symbol under the cursor is the finding there, never a group spanning the article', async () => {
    const { editor, findings } = await openArticle('article.txt');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', editor.document.uri);
    const lastLine = editor.document.lineCount - 1;
    for (const s of symbols) assert.ok(s.range.end.line - s.range.start.line < 2, `${s.name}: lines ${s.range.start.line}-${s.range.end.line} of ${lastLine}`);
    const all = (list: vscode.DocumentSymbol[]): vscode.DocumentSymbol[] => list.flatMap((s) => [s, ...all(s.children)]);
    assert.equal(all(symbols).filter((s) => s.kind === vscode.SymbolKind.Event).length, findings.counts.claims);
    assert.equal(all(symbols).filter((s) => s.kind === vscode.SymbolKind.String).length, findings.counts.quotes);
    // What the breadcrumbs show at a claim: the symbols containing the cursor, innermost last.
    const [claim] = (await drawn(editor.document.uri)).claims;
    const at = inside(claim);
    const chain = all(symbols).filter((s) => s.range.contains(at));
    assert.ok(
      chain.length > 0 && chain.every((s) => s.kind === vscode.SymbolKind.Event || s.kind === vscode.SymbolKind.String),
      chain.map((s) => s.name).join(' › '),
    );
    assert.ok(chain.some((s) => editor.document.getText(s.range).length < editor.document.getText().length / 2));
  });
});
