// Quote checks in the editor's hover through the real server over JSON-RPC (issue #11): the quote's
// source check (status, passage with a link that opens the source there, diff), drift in another
// article, and "Checked before" on a claim noted in another article.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver/node';
import type { IndexStatusParams, QuoteChecksParams } from '../../src/shared/protocol';
import { deskCopy } from '../workspace/helpers';
import { positionAt, TestServer } from './lspClient';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

describe('quote checks over the protocol', function () {
  this.timeout(90000);
  let root: string;
  let storage: string;
  let server: TestServer;
  const uriOf = (rel: string) => pathToFileURL(path.join(root, rel)).toString();

  async function hoverOn(rel: string, phrase: string): Promise<string> {
    const text = fs.readFileSync(path.join(root, rel), 'utf8');
    const uri = uriOf(rel);
    if (!server.log.some((m) => m.method === 'factdesk/findings' && (m.params as { uri: string }).uri === uri)) {
      await server.open(uri, text);
      await server.findings(uri, 0);
    }
    const at = text.indexOf(phrase);
    assert.ok(at >= 0, phrase);
    const hover = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionAt(text, at + 2) });
    return hover ? (hover.contents as { value: string }).value : '';
  }

  beforeEach(async () => {
    root = deskCopy();
    fs.cpSync(path.join(FIXTURES, 'sources'), path.join(root, 'sources'), { recursive: true });
    fs.cpSync(path.join(FIXTURES, 'quotecheck'), path.join(root, 'desk'), { recursive: true });
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'factdesk-storage-'));
    server = new TestServer(
      { debounceMs: 0 },
      {
        workspaceFolders: [{ uri: pathToFileURL(root).toString(), name: 'desk' }],
        initializationOptions: { storagePath: storage },
        window: { workDoneProgress: true },
      },
    );
    await server.start();
    await server.waitFor<IndexStatusParams>('factdesk/indexStatus', (s) => s.state === 'ready', 0, 60000);
  });
  afterEach(async () => {
    await server?.stop();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(storage, { recursive: true, force: true });
  });

  it('shows an altered quote’s source passage, a link that opens the source there, and the diff', async () => {
    const value = await hoverOn('desk/hospitals.txt', 'There will be an increase in VAT');
    assert.match(value, /\*\*FactDesk · Quote\*\*/, 'the quote’s own part stays first');
    assert.match(value, /\*\*Source check\*\* — altered/);
    assert.match(value, /> there will be no increase in VAT in this parliament/);
    assert.match(value, /Diff \(source → quote\): there will be ~~no~~ \*\*an\*\* increase in VAT in this parliament/);
    assert.match(value, /a negation removed \(no\)/);
    assert.match(value, /\n\n\*In the editor: red tint: the words differ from the source\.\*$/, 'the quote’s mark explained');
    const link = /\[sources\/interview-kowalczyk\.txt:16\]\(command:factdesk\.openLocation\?([^)]+)\) \(Marta Kowalczyk\)/.exec(value);
    assert.ok(link, value);
    const [target] = JSON.parse(decodeURIComponent(link[1]));
    assert.deepEqual(target, { uri: uriOf('sources/interview-kowalczyk.txt'), line: 15, character: 0 });
  });

  it('says verbatim, wrong speaker and not found', async () => {
    assert.match(await hoverOn('desk/hospitals.txt', 'We will not balance'), /\*\*Source check\*\* — verbatim/);
    assert.match(await hoverOn('desk/hospitals.txt', 'Nobody wins from a strike'), /\*\*Source check\*\* — said by someone else[\s\S]*said by Marta Kowalczyk/);
    assert.match(
      await hoverOn('desk/hospitals.txt', 'The hospital budget is the largest'),
      /\*\*Source check\*\* — not found in the sources\n\nnothing close in the sources/,
    );
  });

  it('flags a drifted quote with the other article’s wording, on both articles', async () => {
    const first = await hoverOn('desk/ferries.txt', 'The new ferries will cut');
    assert.match(
      first,
      /\*\*Quoted differently elsewhere\*\* \(Ana Ruiz\):\n- \[desk\/ferries-followup\.txt:5\]\(command:factdesk\.openLocation\?[^)]+\): .*~~half~~ \*\*a third\*\*/,
    );
    const second = await hoverOn('desk/ferries-followup.txt', 'The new ferries will cut');
    assert.match(second, /\*\*Quoted differently elsewhere\*\* \(Ana Ruiz\):\n- \[desk\/ferries\.txt:7\]/);
    assert.match(
      second,
      /\*In the editor: faint dotted green underline: verbatim in the sources; teal dotted outline: the same speaker quoted with other words in another article\.\*$/,
    );
  });

  it('publishes Information diagnostics for altered and wrong-speaker quotes, with the quick fix for an altered one', async () => {
    const rel = 'desk/hospitals.txt';
    const text = fs.readFileSync(path.join(root, rel), 'utf8');
    const uri = uriOf(rel);
    const mark = server.log.length;
    await server.open(uri, text);
    const published = await server.waitFor<{ uri: string; diagnostics: Diagnostic[] }>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri && p.diagnostics.length > 0,
      mark,
    );
    const quoted = (d: Diagnostic) => {
      const lines = text.split('\n');
      return lines[d.range.start.line].slice(d.range.start.character, d.range.start.line === d.range.end.line ? d.range.end.character : undefined);
    };
    assert.deepEqual(
      published.diagnostics.map((d) => [d.severity, d.code, quoted(d)]),
      [
        [3, 'quote-altered', 'Spending on hospitals will rise by 14 percent'],
        [3, 'quote-altered', 'There will be an increase in VAT in this parliament'],
        [3, 'quote-wrong-speaker', 'Nobody wins from a strike'],
      ],
    );
    assert.match(
      published.diagnostics[1].message,
      /^Quote differs from the source: altered from sources\/interview-kowalczyk\.txt:16 \(Marta Kowalczyk\): a negation removed \(no\)$/,
    );
    const vat = published.diagnostics[1];
    const actions = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: vat.range, context: { diagnostics: [vat] } });
    const fix = actions.find((a) => a.title === "Replace with the source's wording");
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    assert.deepEqual(fix.edit!.changes![uri], [{ range: vat.range, newText: 'There will be no increase in VAT in this parliament' }]);
    const wrong = published.diagnostics[2];
    const none = await server.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: wrong.range,
      context: { diagnostics: [wrong] },
    });
    assert.ok(!none.some((a) => a.title === "Replace with the source's wording"), 'the words are the source’s: only the speaker is wrong');
  });

  it('sends every quote’s state and drift (factdesk/quoteChecks) for the editor’s marks and the Fact-check view', async () => {
    const states = async (rel: string) => {
      const text = fs.readFileSync(path.join(root, rel), 'utf8');
      const uri = uriOf(rel);
      const mark = server.log.length;
      await server.open(uri, text);
      const checks = await server.waitFor<QuoteChecksParams>('factdesk/quoteChecks', (p) => p.uri === uri, mark);
      assert.equal(checks.version, 1);
      assert.equal(checks.sources, 6);
      return checks.quotes.map((q) => [text.slice(q.start, q.end), q.status, q.drift]);
    };
    assert.deepEqual(await states('desk/hospitals.txt'), [
      ['"We will not balance the books on the backs of patients,"', 'verbatim', 0],
      ['"Every hospital will get more money next year than this year."', 'verbatim', 0],
      ['"Spending on hospitals will rise by 14 percent,"', 'altered', 0],
      ['"There will be an increase in VAT in this parliament,"', 'altered', 0],
      ['"Nobody wins from a strike,"', 'wrong-speaker', 0],
      ['"The hospital budget is the largest in our history."', 'not-found', 0],
    ]);
    // Drift is flagged on both articles, whatever each one's state against the sources.
    const followup = await states('desk/ferries-followup.txt');
    assert.deepEqual(followup[0].slice(1), ['verbatim', 1], JSON.stringify(followup));
    const ferries = await states('desk/ferries.txt');
    assert.deepEqual(
      ferries.map((q) => q.slice(1)),
      [
        ['altered', 1],
        ['verbatim', 0],
      ],
      JSON.stringify(ferries),
    );
    const mark = server.log.length;
    await server.configure({ debounceMs: 0, show: { quotes: false, claims: true, hedges: true, entities: true } });
    const cleared = await server.waitFor<QuoteChecksParams>('factdesk/quoteChecks', (p) => p.uri === uriOf('desk/hospitals.txt'), mark);
    assert.deepEqual(cleared.quotes, [], 'hiding quotes clears their marks');
  });

  it('says a claim was checked before, with verdict, article, date and comment', async () => {
    const value = await hoverOn('desk/hospitals.txt', 'Spending on hospitals will rise by 4 percent next year');
    assert.match(value, /\*\*FactDesk · Claim\*\*/);
    assert.match(
      value,
      /\*\*Checked before\*\*\n\n- \*\*Mostly false\*\* in \[Finance minister defends deficit plan\]\(command:factdesk\.openLocation\?[^)]+\) \(2026-02-04\): “spending on hospitals would rise by 4 percent next year” — The budget plan shows a 2\.6 percent rise/,
    );
  });

  it('offers "Reuse this verdict" on a claim checked before: a note with the earlier verdict, linking the earlier note', async () => {
    const rel = 'desk/hospitals.txt';
    const text = fs.readFileSync(path.join(root, rel), 'utf8');
    const uri = uriOf(rel);
    await server.open(uri, text);
    await server.findings(uri, 0);
    const at = text.indexOf('Spending on hospitals will rise by 4 percent');
    const position = positionAt(text, at + 3);
    const actions = await server.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: position, end: position },
      context: { diagnostics: [] },
    });
    const reuse = actions.find((a) => a.title.startsWith('Reuse this verdict'));
    assert.ok(reuse, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(reuse.title, 'Reuse this verdict: Mostly false (desk/budget-deficit.txt:8)');
    assert.equal(reuse.command!.command, 'factdesk.addNote');
    const [args] = reuse.command!.arguments as Array<{ uri: string; start: number; end: number; verdict: string; comment: string; sources: string[] }>;
    assert.equal(args.uri, uri);
    assert.match(text.slice(args.start, args.end), /^Spending on hospitals will rise by 4 percent next year, the minister told parliament\.$/);
    assert.equal(args.verdict, 'mostly-false');
    assert.match(args.comment, /^Checked before in desk\/budget-deficit\.txt \(2026-02-04\): Mostly false\.\n\nThe budget plan shows a 2\.6 percent rise/);
    assert.deepEqual(args.sources, [`${uriOf('desk/budget-deficit.txt')}#urn:uuid:7d7c3c3e-2a39-4c55-9a63-3f7a4c1d2b10`]);
    const elsewhere = positionAt(text, text.indexOf('Opposition figures'));
    const none = await server.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: elsewhere, end: elsewhere },
      context: { diagnostics: [] },
    });
    assert.ok(!none.some((a) => a.title.startsWith('Reuse this verdict')));
  });
});
