// The Desk section of the Fact-check view in a real VS Code: a workspace of several articles
// (test/fixtures/workspace/desk), counts that agree with `factdesk check --json` on the same folder,
// the badge on the view, a click opening the article at its first open item, counts following a
// note added in the editor and articles created, changed and deleted on disk, and the filters.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DeskSnapshot } from '../../../src/extension/desk';
import { closeAll, DEADLINE_MS, EXTENSION_ID, setSetting, workspaceDir, type Json } from '../helpers';

/** The CLI of the same build (dist/cli.js beside dist/test/extension/suite). */
const CLI = path.resolve(__dirname, '../../../cli.js');
/** The extension host's executable runs the CLI as node (desktop VS Code's is Electron). */
const CLI_ENV = { ...process.env, NO_COLOR: '1', ELECTRON_RUN_AS_NODE: '1' };

function snapshotAfter(seq: number, timeoutMs: number): Thenable<DeskSnapshot> {
  return vscode.commands.executeCommand<DeskSnapshot>('factdesk._test.desk', seq, timeoutMs);
}

/** Resolves with the first Desk state that satisfies `ok`, waiting on the Desk's change events. */
async function deskWhere(ok: (s: DeskSnapshot) => boolean, what: string): Promise<DeskSnapshot> {
  const deadline = Date.now() + DEADLINE_MS;
  let last = await snapshotAfter(-1, DEADLINE_MS);
  while (!ok(last)) {
    const left = deadline - Date.now();
    if (left <= 0) assert.fail(`timed out waiting for ${what}; last Desk: ${JSON.stringify(last, null, 1).slice(0, 4000)}`);
    try {
      last = await snapshotAfter(last.seq, left);
    } catch {
      last = await snapshotAfter(-1, 1);
      if (!ok(last)) assert.fail(`timed out waiting for ${what}; last Desk: ${JSON.stringify(last, null, 1).slice(0, 4000)}`);
    }
  }
  return last;
}

interface CheckFile {
  file: string;
  counts: { claims: number; verified: number; left: number; unverified: number; orphaned: number };
}

function check(rel: string): CheckFile[] {
  const run = spawnSync(process.execPath, [CLI, 'check', rel, '--json'], { cwd: workspaceDir(), encoding: 'utf8', env: CLI_ENV });
  assert.ok(run.status === 0 || run.status === 1, `check ${rel}: exit ${run.status}\n${run.stderr}`);
  return (JSON.parse(run.stdout) as { files: CheckFile[] }).files;
}

const deskFiles = (s: DeskSnapshot) => s.listed.filter((a) => a.file.startsWith('desk/'));
const entry = (s: DeskSnapshot, file: string) => s.listed.find((a) => a.file === file);

async function deskRows(): Promise<Json> {
  const view = await vscode.commands.executeCommand<Json[]>('factdesk._test.notesView');
  const desk = view.find((row) => row.label === 'Desk');
  assert.ok(desk, `a Desk section in the view: ${JSON.stringify(view).slice(0, 2000)}`);
  return desk;
}

describe('the Desk (real VS Code)', function () {
  this.timeout(180000);
  const created: string[] = [];
  const folderName = () => vscode.workspace.workspaceFolders![0].name;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await closeAll();
    await vscode.commands.executeCommand('factdesk.desk.clearFilters');
  });

  after(async () => {
    await closeAll();
    for (const file of created) fs.rmSync(file, { force: true });
    await vscode.commands.executeCommand('factdesk.desk.clearFilters');
    // Not setSetting: it waits for a change event, and there is none if the last test failed before setting it.
    await vscode.workspace.getConfiguration('factdesk').update('notes.author', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('lists the articles with something left, with the counts of `factdesk check`, and the total on the view badge', async () => {
    const expected = check('desk').filter((f) => f.counts.left > 0);
    assert.ok(expected.length >= 3, `the desk fixture has work left: ${JSON.stringify(expected)}`);
    const desk = await deskWhere(
      (s) => s.state === 'ready' && expected.every((f) => JSON.stringify(entry(s, f.file)?.counts) === JSON.stringify(f.counts)),
      'the Desk to list the desk articles with the counts of factdesk check',
    );
    assert.equal(deskFiles(desk).length, expected.length);
    // Most left first.
    const lefts = desk.listed.map((a) => a.counts.left);
    assert.deepEqual(
      lefts,
      [...lefts].sort((a, b) => b - a),
    );
    assert.ok(desk.badge, 'a badge on the view');
    assert.equal(desk.badge.value, desk.totals.left);
    assert.match(desk.badge.tooltip, /unverified claims? .*left to check/);
    const budget = entry(desk, 'desk/budget-deficit.txt')!;
    assert.equal(budget.date, '2026-02-03');
    // The view's rows: the Desk section first, an article per row with what is left and its date.
    const rows = await deskRows();
    assert.match(rows.description, new RegExp(`^${desk.totals.left} left · ${desk.totals.ready} of ${desk.totals.articles} ready`));
    const row = rows.children.find((r: Json) => r.label === 'Finance minister defends deficit plan');
    assert.ok(row, JSON.stringify(rows.children));
    assert.equal(row.description, `${budget.counts.unverified} unverified claim${budget.counts.unverified === 1 ? '' : 's'} · 2026-02-03`);
    // Unfolded, an article lists each open item (asked from the server, with the claim's text read from the article).
    assert.equal(row.children.length, budget.counts.left);
    const text = fs.readFileSync(path.join(workspaceDir(), 'desk', 'budget-deficit.txt'), 'utf8');
    const first = budget.first!;
    const flat = text.slice(first.start, first.end).replace(/\s+/g, ' ').trim();
    assert.equal(row.children[0].label, flat.length <= 60 ? flat : `${flat.slice(0, 59)}…`);
    assert.equal(row.children[0].description, `unverified · line ${first.line}`);
  });

  it('a click on an article opens it at its first open item', async () => {
    const rows = await deskRows();
    const row = rows.children.find((r: Json) => r.label === 'Council approves new tram line');
    assert.ok(row?.command, JSON.stringify(rows.children));
    await vscode.commands.executeCommand(row.command.command, ...row.command.arguments);
    const editor = vscode.window.activeTextEditor!;
    assert.equal(path.basename(editor.document.uri.fsPath), 'council-vote.txt');
    const first = check('desk/council-vote.txt')[0];
    assert.ok(first.counts.unverified > 0);
    const cli = spawnSync(process.execPath, [CLI, 'check', 'desk/council-vote.txt'], { cwd: workspaceDir(), encoding: 'utf8', env: CLI_ENV });
    // The CLI's first line names the first unverified claim: path:line:col  text (score).
    const m = /^desk\/council-vote\.txt:(\d+):(\d+) {2}(.*) \(\d\.\d\d\)$/m.exec(cli.stdout);
    assert.ok(m, cli.stdout);
    assert.equal(editor.selection.start.line, Number(m[1]) - 1);
    assert.equal(editor.selection.start.character, Number(m[2]) - 1);
    assert.equal(editor.document.getText(editor.selection).replace(/\s+/g, ' '), m[3]);
  });

  it('counts follow a note added in the editor, and an article created, changed and deleted on disk', async () => {
    const file = path.join(workspaceDir(), 'desk', 'council-vote.txt');
    created.push(`${file}.factcheck.json`);
    const before = await deskWhere((s) => !!entry(s, 'desk/council-vote.txt'), 'the council article on the Desk');
    const council = entry(before, 'desk/council-vote.txt')!;
    const first = council.first!;
    await vscode.commands.executeCommand('factdesk.addNote', {
      uri: vscode.Uri.file(file).toString(),
      start: first.start,
      end: first.end,
      verdict: 'true',
      comment: 'Minutes of the council meeting.',
    });
    const afterNote = await deskWhere(
      (s) => entry(s, 'desk/council-vote.txt')?.counts.unverified === council.counts.unverified - 1,
      'one unverified claim less after the note',
    );
    assert.equal(afterNote.badge?.value, before.totals.left - 1);
    assert.deepEqual(entry(afterNote, 'desk/council-vote.txt')!.counts, check('desk/council-vote.txt')[0].counts);

    const tram = path.join(workspaceDir(), 'desk', 'tram-delay.txt');
    created.push(tram);
    fs.writeFileSync(
      tram,
      'Tram line delayed\n\nThe tram line will open in 2029, a year later than planned, and cost 40 million euros more, the council said on Monday.\n',
    );
    const withTram = await deskWhere((s) => !!entry(s, 'desk/tram-delay.txt'), 'the new article on the Desk');
    assert.deepEqual(entry(withTram, 'desk/tram-delay.txt')!.counts, check('desk/tram-delay.txt')[0].counts);
    fs.writeFileSync(
      tram,
      'Tram line delayed\n\nThe tram line will open in 2029, a year later than planned, the council said on Monday.\n\nIt will cost 40 million euros more than the 240 million approved in 2024, according to the city budget.\n',
    );
    const expected = check('desk/tram-delay.txt')[0].counts;
    await deskWhere(
      (s) => JSON.stringify(entry(s, 'desk/tram-delay.txt')?.counts) === JSON.stringify(expected),
      `the changed article's counts ${JSON.stringify(expected)}`,
    );
    fs.rmSync(tram);
    await deskWhere((s) => !entry(s, 'desk/tram-delay.txt'), 'the deleted article gone from the Desk');
  });

  it('filters: mine, folder and verdict', async () => {
    await setSetting('notes.author', 'Desk Tester');
    const file = path.join(workspaceDir(), 'desk', 'hospital-funding.txt');
    created.push(`${file}.factcheck.json`);
    const hospital = entry(await deskWhere((s) => !!entry(s, 'desk/hospital-funding.txt'), 'the hospital article'), 'desk/hospital-funding.txt')!;
    await vscode.commands.executeCommand('factdesk.addNote', {
      uri: vscode.Uri.file(file).toString(),
      start: hospital.first!.start,
      end: hospital.first!.end,
      verdict: 'unchecked',
      comment: 'Asking the ministry.',
    });
    await vscode.commands.executeCommand('factdesk.desk.filterMine');
    const mine = await deskWhere((s) => s.filter.mine && s.listed.length === 1, 'only the article with my note');
    assert.equal(mine.listed[0].file, 'desk/hospital-funding.txt');
    assert.equal(mine.badge?.value, mine.listed[0].counts.left, 'the badge counts what the filters keep');
    assert.match((await deskRows()).description, /mine \(Desk Tester\)/);

    await vscode.commands.executeCommand('factdesk.desk.filterAll');
    await vscode.commands.executeCommand('factdesk.desk.filterVerdict', 'mostly-false');
    const verdict = await deskWhere((s) => !s.filter.mine && s.filter.verdict === 'mostly-false', 'the verdict filter');
    assert.deepEqual(
      verdict.listed.map((a) => a.file),
      ['desk/budget-deficit.txt'],
    );
    await vscode.commands.executeCommand('factdesk.desk.filterVerdict', '');
    await vscode.commands.executeCommand('factdesk.desk.filterFolder', `${folderName()}/desk`);
    const folder = await deskWhere((s) => s.filter.folder === `${folderName()}/desk` && !s.filter.verdict, 'the folder filter');
    assert.ok(folder.listed.length >= 3);
    assert.ok(
      folder.listed.every((a) => a.file.startsWith('desk/')),
      JSON.stringify(folder.listed.map((a) => a.file)),
    );
    await vscode.commands.executeCommand('factdesk.desk.clearFilters');
    const all = await deskWhere((s) => !s.filter.folder && !s.filter.mine && !s.filter.verdict, 'no filters');
    assert.ok(all.listed.length > folder.listed.length || all.listed.some((a) => !a.file.startsWith('desk/')), 'the other articles are back');
  });
});
