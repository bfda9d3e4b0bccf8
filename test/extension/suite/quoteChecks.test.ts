// Quotes checked against the sources in a real VS Code (issue #11): the quote marks by state
// (decorations drawn from the server's factdesk/quoteChecks), the Fact-check view's Quotes group, the
// hover's diff and its link that opens the source at the passage, the quick fix "Replace with the
// source's wording", and a drifted quote flagged on both articles. A source (the harbour press
// conference of test/fixtures/sources) and articles (test/fixtures/quote-editor/harbour.txt, with a
// quote in each state, and the two ferry articles of test/fixtures/quotecheck) are copied into the
// workspace for this suite and removed after it. They name only people no other suite counts: the
// documents the suite opened stay open in the language server for a while after their editors close,
// and the index keeps an open document from its live text. Files created in a new folder may reach
// the index's watchers as the folder alone, so the suite makes the index scan again by changing a
// setting it depends on (factdesk.index.exclude).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DeskSnapshot } from '../../../src/extension/desk';
import type { IndexStatusParams, QuoteCheckItem, ReceivedFindings } from '../../../src/shared/protocol';
import { DEADLINE_MS, drawn, hoversAt, hoverText, lastFindings, nextFindings, setSetting, workspaceDir, type Json, type Range4 } from '../helpers';

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures');
const SOURCES_DIR = () => path.join(workspaceDir(), 'sources');
const SOURCE = 'press-conference-harbour.txt';
const ARTICLES_DIR = () => path.join(workspaceDir(), 'quotes');
const REPLACE = "Replace with the source's wording";
/** An exclude glob that matches nothing in the workspace: setting it makes the index scan again. */
const RESCAN_EXCLUDE = ['**/.factdesk-quote-suite-excludes-nothing/**'];

function indexReady(): Thenable<IndexStatusParams> {
  return vscode.commands.executeCommand<IndexStatusParams>('factdesk._test.indexStatus', true, 60000);
}

function desk(afterSeq = -1): Thenable<DeskSnapshot> {
  return vscode.commands.executeCommand<DeskSnapshot>('factdesk._test.desk', afterSeq, DEADLINE_MS);
}

/**
 * Resolves once the Desk (every indexed article, filters cleared) lists the files `ok` wants: the index
 * has taken in files on disk. A file, not a count: other suites' files come and go too.
 */
async function deskLists(ok: (files: string[]) => boolean, what: string): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS;
  let last = await desk();
  const files = () => last.listed.map((a) => a.file);
  while (last.state !== 'ready' || !ok(files())) {
    const left = deadline - Date.now();
    const fail = () => assert.fail(`timed out waiting for the Desk to list ${what}; it lists ${JSON.stringify(files())} (${last.state})`);
    if (left <= 0) fail();
    try {
      last = await vscode.commands.executeCommand<DeskSnapshot>('factdesk._test.desk', last.seq, left);
    } catch {
      fail();
    }
  }
}

/**
 * Re-analyzes the active article until its findings carry quote checks, of the current version, that
 * satisfy `ok` (the index takes in new files in the background; a check runs with each analysis).
 */
async function checksWhere(uri: vscode.Uri, ok: (quotes: QuoteCheckItem[], text: string) => boolean, what: string): Promise<ReceivedFindings> {
  const deadline = Date.now() + DEADLINE_MS;
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())!;
  for (;;) {
    const f = await lastFindings(uri);
    const checks = f?.quoteChecks;
    if (f && checks && checks.version === document.version && f.version === document.version && ok(checks.quotes, document.getText())) return f;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; last checks: ${JSON.stringify(checks)}`);
    await vscode.commands.executeCommand('factdesk.analyze');
  }
}

/** The quote check whose quoted text starts with `words`. */
function quoteOf(quotes: QuoteCheckItem[], text: string, words: string): QuoteCheckItem | undefined {
  return quotes.find((q) => text.slice(q.start, q.end).replace(/^["“]/, '').startsWith(words));
}

function rangeOf(document: vscode.TextDocument, q: { start: number; end: number }): Range4 {
  const s = document.positionAt(q.start);
  const e = document.positionAt(q.end);
  return [s.line, s.character, e.line, e.character];
}

async function openArticle(name: string): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.file(path.join(ARTICLES_DIR(), name));
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  if (!(await lastFindings(uri))) await nextFindings(uri);
  return editor;
}

/** The JSON argument of the first command link to `id` in hover Markdown. */
function linkArgs<T>(markdown: string, id: string): T {
  const m = new RegExp(`\\(command:${id.replace(/\./g, '\\.')}\\?([^)]+)\\)`).exec(markdown);
  assert.ok(m, `a ${id} link in:\n${markdown}`);
  return (JSON.parse(decodeURIComponent(m[1])) as T[])[0];
}

/** The Fact-check view's Quotes group of an article. */
async function quotesGroup(article: string): Promise<Json> {
  const view = await vscode.commands.executeCommand<Json[]>('factdesk._test.notesView');
  const row = view.find((r) => r.label === article);
  assert.ok(row, `${article} in the Fact-check view: ${JSON.stringify(view.map((r) => r.label))}`);
  const group = (row.children as Json[]).find((c) => c.label === 'Quotes');
  assert.ok(group, `a Quotes group under ${article}: ${JSON.stringify(row.children)}`);
  return group;
}

describe('quotes checked against the sources (real VS Code)', function () {
  this.timeout(240000);
  const HARBOUR = 'quotes/harbour.txt';

  before(async () => {
    await indexReady();
    // The Desk lists the articles its filters keep: all of them.
    await vscode.commands.executeCommand('factdesk.desk.clearFilters');
    fs.mkdirSync(SOURCES_DIR(), { recursive: true });
    fs.copyFileSync(path.join(FIXTURES, 'sources', SOURCE), path.join(SOURCES_DIR(), SOURCE));
    fs.mkdirSync(ARTICLES_DIR(), { recursive: true });
    fs.copyFileSync(path.join(FIXTURES, 'quote-editor', 'harbour.txt'), path.join(ARTICLES_DIR(), 'harbour.txt'));
    for (const name of ['ferries.txt', 'ferries-followup.txt']) fs.copyFileSync(path.join(FIXTURES, 'quotecheck', name), path.join(ARTICLES_DIR(), name));
    await setSetting('index.exclude', RESCAN_EXCLUDE);
    await deskLists((files) => files.includes(HARBOUR), HARBOUR);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(SOURCES_DIR(), { recursive: true, force: true });
    fs.rmSync(ARTICLES_DIR(), { recursive: true, force: true });
    // Not setSetting: there is no change event if the setting was never set (a failed before()).
    await vscode.workspace.getConfiguration('factdesk').update('index.exclude', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('marks each quote by its state (quiet for verbatim) and lists the quotes by state in the Fact-check view', async () => {
    const editor = await openArticle('harbour.txt');
    const { document } = editor;
    const uri = document.uri;
    const findings = await checksWhere(uri, (q, t) => quoteOf(q, t, 'The contract is worth')?.status === 'altered', 'the altered quote');
    const quotes = findings.quoteChecks!.quotes;
    const text = document.getText();
    const at = (words: string) => {
      const q = quoteOf(quotes, text, words);
      assert.ok(q, `a quote starting “${words}”`);
      return q;
    };
    assert.deepEqual(
      quotes.map((q) => [q.status, q.drift]),
      [
        ['altered', 0],
        ['verbatim', 0],
        ['wrong-speaker', 0],
        ['not-found', 0],
      ],
    );
    const marks = await drawn(uri);
    assert.deepEqual(marks.quoteAltered, [rangeOf(document, at('The contract is worth'))]);
    assert.deepEqual(marks.quoteVerbatim, [rangeOf(document, at('Fares will not'))]);
    assert.deepEqual(marks.quoteWrongSpeaker, [rangeOf(document, at('The battery rooms'))]);
    assert.deepEqual(marks.quoteNotFound, [rangeOf(document, at('Our harbour'))]);
    assert.deepEqual(marks.quoteDrift, []);
    // The ruler marks what needs a look: not the verbatim quotes (one mark per band of lines).
    const flagged = [...new Set(quotes.filter((q) => q.status !== 'verbatim').map((q) => document.positionAt(q.start).line))];
    assert.deepEqual(
      marks.rulerQuoteChecks,
      flagged.map((line) => [line, 0, line, 0]),
    );
    // Every mark is explained in the status bar's legend.
    const status = await vscode.commands.executeCommand<{ tooltip: string; label: string }>('factdesk._test.statusBar');
    for (const words of [
      /red tint: the words differ/,
      /magenta tint: the words are someone else’s/,
      /grey dashed box: not found/,
      /faint dotted green underline: verbatim/,
    ])
      assert.match(status.tooltip, words);
    assert.match(status.label, /4 quotes \(1 altered, 1 said by someone else, 1 not found in the sources\)/);

    const group = await quotesGroup('harbour.txt');
    assert.equal(group.description, '1 altered · 1 wrong speaker · 1 not found in the sources · 1 verbatim');
    assert.deepEqual(
      (group.children as Json[]).map((g) => [g.label, g.description, g.icon, g.collapsed ?? false]),
      [
        ['Altered', '1', 'diff', false],
        ['Wrong speaker', '1', 'person', false],
        ['Not found in the sources', '1', 'question', false],
        ['Verbatim', '1', 'pass', true],
      ],
    );
    const altered = (group.children as Json[])[0].children as Json[];
    assert.deepEqual(
      altered.map((q) => q.label),
      ['"The contract is worth 58 million euros over ten years,"'],
    );
    assert.match(altered[0].description, /^altered from sources\/press-conference-harbour\.txt:5 \(Mayor Ana Ruiz\): a number changed \(48 → 58\)$/);
    const wrong = (group.children as Json[])[1].children as Json[];
    assert.match(wrong[0].description, /said by Harbour Director Piet Van Dam in sources\/press-conference-harbour\.txt:13/);
    // A click reveals the quote.
    await vscode.commands.executeCommand(altered[0].command.command, ...altered[0].command.arguments);
    const active = vscode.window.activeTextEditor!;
    assert.equal(active.document.uri.toString(), uri.toString());
    const contract = at('The contract is worth');
    assert.deepEqual([active.document.offsetAt(active.selection.start), active.document.offsetAt(active.selection.end)], [contract.start, contract.end]);
  });

  it('shows the source passage and the diff in the hover; its link opens the source at the passage', async () => {
    const editor = await openArticle('harbour.txt');
    const uri = editor.document.uri;
    await checksWhere(uri, (q, t) => quoteOf(q, t, 'The contract is worth')?.status === 'altered', 'the altered quote');
    const offset = editor.document.getText().indexOf('The contract is worth');
    const hover = hoverText(await hoversAt(uri, editor.document.positionAt(offset + 3)));
    assert.match(hover, /\*\*Source check\*\* — altered/);
    assert.match(hover, /> The contract is worth 48 million euros over ten years/);
    assert.match(hover, /Diff \(source → quote\): .*~~48~~ \*\*58\*\* million euros over ten years/);
    assert.match(hover, /\*In the editor: red tint: the words differ from the source\.\*/);
    const target = linkArgs<{ uri: string; line: number; character: number }>(hover, 'factdesk.openLocation');
    await vscode.commands.executeCommand('factdesk.openLocation', target);
    const source = vscode.window.activeTextEditor!;
    assert.equal(source.document.uri.fsPath, path.join(SOURCES_DIR(), SOURCE));
    assert.equal(source.selection.active.line, 4);
    assert.match(source.document.lineAt(source.selection.active.line).text, /The contract is worth 48 million euros over ten years/);
  });

  it('rewrites an altered quote to the source’s wording with the quick fix; the quote is then verbatim', async () => {
    const editor = await openArticle('harbour.txt');
    const { document } = editor;
    const uri = document.uri;
    await checksWhere(uri, (q, t) => quoteOf(q, t, 'The contract is worth')?.status === 'altered', 'the altered quote');
    let diagnostic: vscode.Diagnostic | undefined;
    const deadline = Date.now() + DEADLINE_MS;
    while (
      !(diagnostic = vscode.languages.getDiagnostics(uri).find((d) => d.code === 'quote-altered' && document.getText(d.range).startsWith('The contract')))
    ) {
      if (Date.now() > deadline) assert.fail(`no quote-altered diagnostic on the contract quote: ${JSON.stringify(vscode.languages.getDiagnostics(uri))}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Information);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    const fix = actions.find((a) => a.title === REPLACE);
    assert.ok(fix?.edit, `"${REPLACE}" among ${JSON.stringify(actions.map((a) => a.title))}`);
    try {
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.match(document.getText(), /"The contract is worth 48 million euros over ten years," Ruiz said\./);
      await checksWhere(uri, (q, t) => quoteOf(q, t, 'The contract is worth')?.status === 'verbatim', 'the fixed quote checked verbatim');
      const marks = await drawn(uri);
      const fixed = rangeOf(document, quoteOf((await lastFindings(uri))!.quoteChecks!.quotes, document.getText(), 'The contract is worth')!);
      assert.ok(
        marks.quoteVerbatim.some((r) => JSON.stringify(r) === JSON.stringify(fixed)),
        `verbatim mark on ${JSON.stringify(fixed)}: ${JSON.stringify(marks.quoteVerbatim)}`,
      );
      assert.deepEqual(marks.quoteAltered, [], 'no altered quote is left');
    } finally {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  it('flags a quote drifted between two articles on both, with the other wording in the hover', async () => {
    const first = await openArticle('ferries.txt');
    const firstChecks = await checksWhere(first.document.uri, (q, t) => (quoteOf(q, t, 'The new ferries')?.drift ?? 0) > 0, 'drift in ferries.txt');
    const q1 = quoteOf(firstChecks.quoteChecks!.quotes, first.document.getText(), 'The new ferries')!;
    assert.equal(q1.status, 'altered');
    assert.deepEqual((await drawn(first.document.uri)).quoteDrift, [rangeOf(first.document, q1)]);
    const hover1 = hoverText(await hoversAt(first.document.uri, first.document.positionAt(q1.start + 5)));
    assert.match(
      hover1,
      /\*\*Quoted differently elsewhere\*\* \(Ana Ruiz\):\n- \[quotes\/ferries-followup\.txt:5\]\(command:factdesk\.openLocation\?[^)]+\): .*~~half~~ \*\*a third\*\*/,
    );
    assert.match(hover1, /teal dotted outline: the same speaker quoted with other words in another article/);
    const group = await quotesGroup('ferries.txt');
    const drift = (group.children as Json[]).find((g) => g.label === 'Quoted differently elsewhere');
    assert.ok(drift, JSON.stringify(group.children));
    assert.deepEqual(
      (drift.children as Json[]).map((c) => [c.description, c.icon]),
      [['quoted differently in 1 other article', 'arrow-swap']],
    );

    const second = await openArticle('ferries-followup.txt');
    const secondChecks = await checksWhere(second.document.uri, (q, t) => (quoteOf(q, t, 'The new ferries')?.drift ?? 0) > 0, 'drift in ferries-followup.txt');
    const q2 = quoteOf(secondChecks.quoteChecks!.quotes, second.document.getText(), 'The new ferries')!;
    assert.equal(q2.status, 'verbatim');
    const marks = await drawn(second.document.uri);
    assert.deepEqual(marks.quoteDrift, [rangeOf(second.document, q2)]);
    assert.deepEqual(marks.quoteVerbatim, [rangeOf(second.document, q2)], 'verbatim against the sources and drifting: both marks');
    const hover2 = hoverText(await hoversAt(second.document.uri, second.document.positionAt(q2.start + 5)));
    assert.match(hover2, /\*\*Quoted differently elsewhere\*\* \(Ana Ruiz\):\n- \[quotes\/ferries\.txt:7\]/);
  });
});
