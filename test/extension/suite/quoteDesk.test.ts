// Quote problems on the Desk in a real VS Code (issue #11): with source documents in the workspace,
// an article's altered, wrong-speaker and not-found quotes are counted on its Desk row and listed
// under it, each described by its kind and line. The sources (test/fixtures/sources) and articles
// (test/fixtures/quotecheck) are copied into the workspace and removed afterwards; the counts
// themselves are compared with `factdesk check --quotes --json` over the protocol
// (test/server/quoteDesk.test.ts).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DeskSnapshot } from '../../../src/extension/desk';
import type { IndexStatusParams } from '../../../src/shared/protocol';
import { DEADLINE_MS, setSetting, workspaceDir, type Json } from '../helpers';

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures');
const SOURCES_DIR = () => path.join(workspaceDir(), 'sources');
const ARTICLES_DIR = () => path.join(workspaceDir(), 'quotes-desk');
/** An exclude glob that matches nothing in the workspace: setting it makes the index scan again. */
const RESCAN_EXCLUDE = ['**/.factdesk-quote-desk-suite-excludes-nothing/**'];

/** Resolves with the first Desk state that satisfies `ok`, waiting on the Desk's change events. */
async function deskWhere(ok: (s: DeskSnapshot) => boolean, what: string): Promise<DeskSnapshot> {
  const deadline = Date.now() + DEADLINE_MS;
  let last = await vscode.commands.executeCommand<DeskSnapshot>('factdesk._test.desk', -1, DEADLINE_MS);
  while (!ok(last)) {
    const left = deadline - Date.now();
    const fail = () => assert.fail(`timed out waiting for ${what}; last Desk: ${JSON.stringify(last, null, 1).slice(0, 4000)}`);
    if (left <= 0) fail();
    try {
      last = await vscode.commands.executeCommand<DeskSnapshot>('factdesk._test.desk', last.seq, left);
    } catch {
      fail();
    }
  }
  return last;
}

describe('quote problems on the Desk (real VS Code)', function () {
  this.timeout(240000);
  const file = 'quotes-desk/hospitals.txt';
  const entry = (s: DeskSnapshot) => s.listed.find((a) => a.file === file);

  before(async () => {
    await vscode.commands.executeCommand<IndexStatusParams>('factdesk._test.indexStatus', true, 60000);
    await vscode.commands.executeCommand('factdesk.desk.clearFilters');
    fs.cpSync(path.join(FIXTURES, 'sources'), SOURCES_DIR(), { recursive: true });
    fs.mkdirSync(ARTICLES_DIR(), { recursive: true });
    fs.copyFileSync(path.join(FIXTURES, 'quotecheck', 'hospitals.txt'), path.join(ARTICLES_DIR(), 'hospitals.txt'));
    await setSetting('index.exclude', RESCAN_EXCLUDE);
  });

  after(async () => {
    fs.rmSync(SOURCES_DIR(), { recursive: true, force: true });
    fs.rmSync(ARTICLES_DIR(), { recursive: true, force: true });
    // Not setSetting: there is no change event if the setting was never set (a failed before()).
    await vscode.workspace.getConfiguration('factdesk').update('index.exclude', undefined, vscode.ConfigurationTarget.Workspace);
    await deskWhere((s) => s.state === 'ready' && !entry(s), 'the article to leave the Desk');
  });

  it('counts the article’s quote problems on its row and lists each under it by kind and line', async () => {
    const desk = await deskWhere((s) => s.state === 'ready' && entry(s)?.counts.altered === 2, 'the article’s quotes checked against the sources');
    const article = entry(desk)!;
    assert.deepEqual([article.counts.altered, article.counts.wrongSpeaker, article.counts.notFound], [2, 1, 1]);
    assert.equal(article.counts.left, article.counts.unverified + article.counts.changed + article.counts.orphaned + 4);
    assert.ok(desk.totals.altered >= 2 && desk.totals.left >= article.counts.left);
    const view = await vscode.commands.executeCommand<Json[]>('factdesk._test.notesView');
    const rows = view.find((row) => row.label === 'Desk');
    assert.ok(rows, `a Desk section in the view: ${JSON.stringify(view).slice(0, 2000)}`);
    const row = rows.children.find((r: Json) => /2 altered quotes, 1 quote by someone else, 1 quote not found in the sources/.test(r.description ?? ''));
    assert.ok(row, JSON.stringify(rows.children).slice(0, 4000));
    assert.equal(row.children.length, article.counts.left);
    const text = fs.readFileSync(path.join(ARTICLES_DIR(), 'hospitals.txt'), 'utf8');
    const lineOf = (words: string) => text.slice(0, text.indexOf(words)).split('\n').length;
    const quoteItems = row.children.filter((c: Json) => /^quote /.test(c.description ?? '')).map((c: Json) => [c.label, c.description]);
    assert.deepEqual(quoteItems, [
      ['Spending on hospitals will rise by 14 percent,', `quote altered · line ${lineOf('"Spending on hospitals will rise by 14')}`],
      ['There will be an increase in VAT in this parliament,', `quote altered · line ${lineOf('There will be an increase')}`],
      ['Nobody wins from a strike,', `quote by someone else · line ${lineOf('Nobody wins')}`],
      ['The hospital budget is the largest in our history.', `quote not in the sources · line ${lineOf('The hospital budget')}`],
    ]);
  });
});
