// Fact-check reports and the publication check from the editor, in a real VS Code extension host:
// the commands read the language server's findings for the text in the editor and the notes beside
// the article, and write the same reports as `factdesk report`.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAll, drawn, EXTENSION_ID, nextFindings, notesWhere, open, workspaceDir } from '../helpers';

interface CheckResult {
  passed: boolean;
  claims: number;
  unchecked: Array<{ line: number; column: number; text: string }>;
  changed: Array<{ line: number; column: number; text: string; checkedText: string }>;
  dismissed: number;
  orphaned: number;
}

const FIXTURE = path.resolve(__dirname, '../../../../test/fixtures/workspace/article.txt');

function check(uri: vscode.Uri): Thenable<CheckResult> {
  return vscode.commands.executeCommand<CheckResult>('factdesk.checkPublication', { uri: uri.toString() });
}

function exportReport(uri: vscode.Uri, format: string, target: string): Thenable<string | undefined> {
  return vscode.commands.executeCommand<string | undefined>('factdesk.exportReport', { uri: uri.toString(), format, target });
}

describe('Fact-check reports and the publication check in VS Code', function () {
  this.timeout(120000);
  const dir = path.join(workspaceDir(), 'report-tests');

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    fs.mkdirSync(dir, { recursive: true });
  });

  after(async () => {
    await closeAll();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is not ready while claims lack a verdict, exports every format, and is ready once each claim has one', async () => {
    const article = path.join(dir, 'ready.txt');
    fs.writeFileSync(article, fs.readFileSync(FIXTURE, 'utf8'));
    const { uri } = await open(article);
    const findings = await nextFindings(uri);
    assert.ok(findings.counts.claims > 0, 'the fixture has check-worthy claims');

    const before = await check(uri);
    assert.deepEqual([before.passed, before.claims, before.unchecked.length, before.orphaned], [false, findings.counts.claims, findings.counts.claims, 0]);
    const markdown = path.join(dir, 'ready.report.md');
    assert.equal(await exportReport(uri, 'md', markdown), markdown);
    const md = fs.readFileSync(markdown, 'utf8');
    assert.match(md, /^# Fact-check report: ready\.txt$/m);
    assert.match(md, new RegExp(`${findings.counts.claims} check-worthy claims .*: 0 checked, ${findings.counts.claims} unchecked`));

    // A verdict on every claim (tinted or marked in the gutter only).
    const claims: Array<[number, number]> = [];
    for (let i = 0; i + 2 < findings.spans.claims.length; i += 3) claims.push([findings.spans.claims[i], findings.spans.claims[i + 1]]);
    const marks = await drawn(uri);
    assert.equal(claims.length, marks.claimGutter.length + marks.claimGutterQuiet.length);
    for (const [start, end] of claims) {
      const id = await vscode.commands.executeCommand<string>('factdesk.addNote', {
        uri: uri.toString(),
        start,
        end,
        verdict: 'true',
        comment: 'Checked against the minutes.',
        sources: ['https://example.org/minutes'],
      });
      assert.match(id, /^urn:uuid:/);
    }
    await notesWhere(uri, (s) => s.notes.length === claims.length, 'a note on every claim');
    const after = await check(uri);
    assert.deepEqual([after.passed, after.unchecked.length], [true, 0]);

    const html = path.join(dir, 'ready.report.html');
    await exportReport(uri, 'html', html);
    const page = fs.readFileSync(html, 'utf8');
    assert.match(page, /^<!DOCTYPE html>/i);
    assert.match(page, /Checked against the minutes\./);
    const jsonld = path.join(dir, 'ready.report.jsonld');
    await exportReport(uri, 'claimreview', jsonld);
    const reviews = JSON.parse(fs.readFileSync(jsonld, 'utf8')) as Array<Record<string, any>>;
    assert.equal(reviews.length, claims.length);
    for (const review of reviews) {
      assert.equal(review['@type'], 'ClaimReview');
      assert.equal(review.reviewRating.ratingValue, 5);
      assert.equal(review.author.name, 'FactDesk');
    }
  });

  it('checks the text in the editor, unsaved edits included', async () => {
    const article = path.join(dir, 'unsaved.txt');
    fs.writeFileSync(article, 'The council met on Monday.\n');
    const { editor, uri } = await open(article);
    await nextFindings(uri);
    assert.equal((await check(uri)).passed, true, 'no check-worthy claim yet');
    await editor.edit((b) => b.insert(new vscode.Position(1, 0), '\nUnemployment rose to 9.4 percent last year, the highest rate since 2009.\n'));
    const now = await check(uri);
    assert.equal(now.passed, false);
    assert.deepEqual(
      now.unchecked.map((c) => [c.line, c.column]),
      [[3, 1]],
    );
    assert.equal(fs.readFileSync(article, 'utf8'), 'The council met on Monday.\n', 'nothing was saved');
  });

  it('refuses to report on a malformed notes file, and says why', async () => {
    const article = path.join(dir, 'broken.txt');
    fs.writeFileSync(article, 'Unemployment rose to 9.4 percent last year.\n');
    fs.writeFileSync(`${article}.factcheck.json`, '{ "items": [ ');
    const { uri } = await open(article);
    await nextFindings(uri);
    assert.equal(await check(uri), undefined, 'no result from a malformed notes file');
    assert.equal(await exportReport(uri, 'md', path.join(dir, 'broken.report.md')), undefined);
    assert.equal(fs.existsSync(path.join(dir, 'broken.report.md')), false);
  });
});
