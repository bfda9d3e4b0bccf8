// Quote checks on the index worker, through the real server over JSON-RPC (issue #11): the Desk
// counts and lists quote problems exactly as `factdesk check --quotes --json` does on the same
// folder, and a source added, edited or deleted on disk (workspace/didChangeWatchedFiles) checks the
// open articles' quotes again: their diagnostics are republished and the Desk follows.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Hover } from 'vscode-languageserver/node';
import { decodeDeskItems, decodeDeskResult } from '../../src/shared/protocol';
import { deskTotals } from '../../src/workspace';
import { cli, runCli } from '../reports/cli-run';
import { deskCopy } from '../workspace/helpers';
import { positionAt, startIndexedServer, type TestServer } from './lspClient';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

type Published = { uri: string; diagnostics: Diagnostic[] };

describe('quote checks on the index worker: the Desk and sources changing on disk', function () {
  this.timeout(120000);
  let root: string;
  let storage: string;
  let server: TestServer;
  const uriOf = (rel: string) => pathToFileURL(path.join(root, rel)).toString();

  async function start(settings: Record<string, unknown> = {}): Promise<void> {
    await startIndexedServer(root, storage, settings, (s) => (server = s), 60000);
  }

  async function desk() {
    const decoded = decodeDeskResult(await server.request('factdesk/desk', {}));
    assert.ok(decoded, 'a well-formed desk');
    assert.equal(decoded.dropped, 0);
    return decoded.desk;
  }

  /** The Desk once every article's quotes were checked against the sources now (the worker does it after the scan). */
  async function deskChecked(done: (d: Awaited<ReturnType<typeof desk>>) => boolean) {
    let last = await desk();
    await waitUntil(async () => done((last = await desk())));
    return last;
  }

  const quoted = (text: string, d: Diagnostic) => {
    const lines = text.split('\n');
    return lines[d.range.start.line].slice(d.range.start.character, d.range.end.character);
  };

  beforeEach(() => {
    root = deskCopy();
    // A .factdesk folder makes the temporary folder the workspace for the CLI too.
    fs.mkdirSync(path.join(root, '.factdesk'));
    fs.cpSync(path.join(FIXTURES, 'sources'), path.join(root, 'sources'), { recursive: true });
    fs.cpSync(path.join(FIXTURES, 'quotecheck'), path.join(root, 'desk'), { recursive: true });
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'factdesk-storage-'));
  });
  afterEach(async () => {
    await server?.stop();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(storage, { recursive: true, force: true });
  });

  it('counts and lists quote problems per article exactly as `factdesk check --quotes --json`', async () => {
    assert.ok(fs.existsSync(cli), `${cli} is built`);
    await start();
    const run = runCli(['check', 'desk', '--quotes', '--json'], root);
    assert.equal(run.code, 1, run.stderr);
    const checked = JSON.parse(run.stdout) as {
      totals: Record<string, number>;
      files: Array<{ file: string; counts: Record<string, number>; quotes: Array<{ line: number; column: number; status: string }> }>;
    };
    const hospitals = checked.files.find((f) => f.file === 'desk/hospitals.txt')!;
    assert.deepEqual(
      [hospitals.counts.altered, hospitals.counts.wrongSpeaker, hospitals.counts.notFound],
      [2, 1, 1],
      'the fixture has every kind of quote problem',
    );
    const result = await deskChecked((d) => d.articles.every((a) => a.counts.altered !== undefined));
    assert.equal(result.articles.length, checked.files.length);
    for (const file of checked.files) {
      const article = result.articles.find((a) => a.file === file.file);
      assert.ok(article, `${file.file} is on the desk`);
      assert.deepEqual(article.counts, file.counts, file.file);
      // Every failing quote is an item, at the line and column `check` names.
      const items = decodeDeskItems(await server.request('factdesk/deskItems', { uri: article.uri }));
      assert.ok(items);
      const quoteItems = items.items.filter((i) => i.kind === 'altered' || i.kind === 'wrong-speaker' || i.kind === 'not-found');
      assert.deepEqual(
        quoteItems.map((i) => [i.line, i.character! + 1, i.kind]),
        file.quotes.map((q) => [q.line, q.column, q.status]),
        file.file,
      );
    }
    const totals = deskTotals(result.articles);
    assert.deepEqual(
      [totals.left, totals.altered, totals.wrongSpeaker, totals.notFound],
      [checked.totals.left, checked.totals.altered, checked.totals.wrongSpeaker, checked.totals.notFound],
    );
    const items = decodeDeskItems(await server.request('factdesk/deskItems', { uri: uriOf('desk/hospitals.txt') }))!;
    const vat = items.items.find((i) => i.kind === 'altered' && /VAT/.test(i.text ?? ''));
    assert.ok(vat, 'an altered quote is listed with its words');
    assert.equal(vat.text, 'There will be an increase in VAT in this parliament,');
  });

  it('a source edited, added or deleted on disk re-checks the open article’s quotes: diagnostics, hover and Desk follow', async () => {
    await start();
    const rel = 'desk/hospitals.txt';
    const uri = uriOf(rel);
    const text = fs.readFileSync(path.join(root, rel), 'utf8');
    let mark = server.mark();
    await server.open(uri, text);
    let published = await server.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.length > 0, mark);
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, quoted(text, d)]),
      [
        ['quote-altered', 'Spending on hospitals will rise by 14 percent'],
        ['quote-altered', 'There will be an increase in VAT in this parliament'],
        ['quote-wrong-speaker', 'Nobody wins from a strike'],
      ],
    );
    const deskBefore = await deskChecked((d) => d.articles.find((a) => a.file === rel)?.counts.altered === 2);
    const before = deskBefore.articles.find((a) => a.file === rel)!;

    // Edited: the minister's transcript now says what the article quotes about VAT.
    const interview = path.join(root, 'sources/interview-kowalczyk.txt');
    const original = fs.readFileSync(interview, 'utf8');
    fs.writeFileSync(interview, original.replace('there will be no increase in VAT', 'there will be an increase in VAT'));
    mark = server.mark();
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('sources/interview-kowalczyk.txt'), type: 2 }] });
    published = await server.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.length === 2, mark);
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, quoted(text, d)]),
      [
        ['quote-altered', 'Spending on hospitals will rise by 14 percent'],
        ['quote-wrong-speaker', 'Nobody wins from a strike'],
      ],
    );
    // The editor's quote marks follow too (factdesk/quoteChecks): one altered quote left.
    await server.waitFor<{ uri: string; quotes: Array<{ status: string | null }> }>(
      'factdesk/quoteChecks',
      (p) => p.uri === uri && p.quotes.filter((q) => q.status === 'altered').length === 1,
      mark,
    );
    const vatHover = await server.request<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: positionAt(text, text.indexOf('increase in VAT')),
    });
    assert.match((vatHover!.contents as { value: string }).value, /\*\*Source check\*\* — verbatim/);
    const deskEdited = await deskChecked((d) => d.articles.find((a) => a.file === rel)?.counts.altered === 1);
    assert.equal(deskEdited.articles.find((a) => a.file === rel)!.counts.left, before.counts.left - 1);

    // Added: a transcript in which the opposition leader says it too (his own words now).
    fs.writeFileSync(
      path.join(root, 'sources/brenner-radio.txt'),
      'title: Radio interview with Tomas Brenner\n\nQ: Will the nurses strike?\n\nTOMAS BRENNER: Nobody wins from a strike, and the government knows it.\n',
    );
    mark = server.mark();
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('sources/brenner-radio.txt'), type: 1 }] });
    published = await server.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.length === 1, mark);
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, quoted(text, d)]),
      [['quote-altered', 'Spending on hospitals will rise by 14 percent']],
    );

    // Deleted: the minister's transcript is gone; her quotes are not found any more (no diagnostic,
    // but Desk items), the altered one with it.
    fs.rmSync(interview);
    mark = server.mark();
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('sources/interview-kowalczyk.txt'), type: 3 }] });
    published = await server.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.length === 0, mark);
    const deskDeleted = await deskChecked((d) => (d.articles.find((a) => a.file === rel)?.counts.altered ?? -1) === 0);
    const after = deskDeleted.articles.find((a) => a.file === rel)!;
    assert.equal(after.counts.wrongSpeaker, 0);
    assert.ok(after.counts.notFound! >= 4, JSON.stringify(after.counts));
    const gone = await server.request<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: positionAt(text, text.indexOf('increase in VAT')),
    });
    assert.match((gone!.contents as { value: string }).value, /\*\*Source check\*\* — not found in the sources/);
  });

  it('factdesk.sources names other folders of source documents', async () => {
    fs.renameSync(path.join(root, 'sources'), path.join(root, 'material'));
    await start({ sources: ['material/**'] });
    const uri = uriOf('desk/hospitals.txt');
    const text = fs.readFileSync(path.join(root, 'desk/hospitals.txt'), 'utf8');
    const mark = server.mark();
    await server.open(uri, text);
    const published = await server.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.length > 0, mark);
    assert.equal(published.diagnostics.length, 3);
    assert.match(published.diagnostics[1].message, /altered from material\/interview-kowalczyk\.txt:16/);
    const result = await desk();
    assert.ok(!result.articles.some((a) => a.file.startsWith('material/')), 'sources are not articles');
  });

  it('without sources, the Desk counts no quote: the same counts as `factdesk check` without --quotes', async () => {
    fs.rmSync(path.join(root, 'sources'), { recursive: true });
    await start();
    const result = await desk();
    const hospitals = result.articles.find((a) => a.file === 'desk/hospitals.txt')!;
    assert.equal(hospitals.counts.altered, undefined);
    assert.equal(hospitals.counts.notFound, undefined);
    const run = JSON.parse(runCli(['check', 'desk/hospitals.txt', '--json'], root).stdout) as { files: Array<{ counts: object }> };
    assert.deepEqual(hospitals.counts, run.files[0].counts, 'the same as `check` without --quotes');
  });
});

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // Polls a condition the server reaches asynchronously (the worker checking every article's quotes);
  // the deadline only bounds a failure, it never decides success.
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
