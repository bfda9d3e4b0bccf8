// `factdesk report`, run as a child process on fixture articles with sidecars made by `notes add`.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { addNote, cli, fixtureDir, runCli } from '../reports/cli-run';

describe('factdesk report', function () {
  this.timeout(60000);
  let dir: string;
  before(() => assert.ok(fs.existsSync(cli), `${cli} is built (npm test builds it first)`));
  beforeEach(() => {
    dir = fixtureDir('ferry.txt', 'broken.txt', 'broken.txt.factcheck.json');
    addNote(
      dir,
      'ferry.txt',
      'rise by 12 percent',
      'mostly-true',
      '--comment',
      'Notice says 11.8% <script>alert(1)</script>',
      '--source',
      'https://example.org/notice',
    );
    addNote(dir, 'ferry.txt', 'We cannot run more boats', 'misleading', '--author', 'Ana');
    addNote(dir, 'ferry.txt', 'gather at the main pier', 'unchecked');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints Markdown by default', () => {
    const r = runCli(['report', 'ferry.txt'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^# Fact-check report: ferry\.txt\n/);
    assert.match(r.stdout, /3 check-worthy claims \(score ≥ 0\.37\): 2 checked, 1 unchecked\. 3 notes, 0 orphaned\./);
    assert.match(r.stdout, /### 1\. Line 5:1 — ✓ Mostly true/);
    assert.match(r.stdout, /- \*\*✓ Mostly true\*\* · Test Desk · /);
    assert.match(r.stdout, /## Notes on other passages\n\n- \*\*○ Unchecked\*\*/);
    assert.doesNotMatch(r.stdout, /<script>/);
  });

  it('writes self-contained HTML with -o, escaping the comment', () => {
    const r = runCli(['report', 'ferry.txt', '--format', 'html', '-o', 'report.html'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    const html = fs.readFileSync(path.join(dir, 'report.html'), 'utf8');
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /Notice says 11\.8% &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(html, /<script/i);
  });

  it('prints ClaimReview JSON-LD for the notes with a final verdict', () => {
    const r = runCli(
      [
        'report',
        'ferry.txt',
        '--format',
        'claimreview',
        '--org',
        'Harbour Checks',
        '--url',
        'https://checks.example/ferry',
        '--article-url',
        'https://news.example/ferry',
      ],
      dir,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /</, 'safe inside a <script> element');
    const reviews = JSON.parse(r.stdout);
    assert.equal(reviews.length, 2, 'the unchecked note is left out');
    assert.equal(reviews[0]['@type'], 'ClaimReview');
    assert.equal(reviews[0].author.name, 'Harbour Checks');
    assert.equal(reviews[0].claimReviewed, 'rise by 12 percent');
    assert.equal(reviews[0].reviewRating.ratingValue, 4);
    assert.equal(reviews[0].reviewBody, 'Notice says 11.8% <script>alert(1)</script>');
    assert.deepEqual(reviews[1].reviewRating, { '@type': 'Rating', alternateName: 'Misleading' });
    assert.match(reviews[1].itemReviewed.author.name, /Paula Mendes/);
    assert.equal(reviews[1].itemReviewed.appearance[0].url, 'https://news.example/ferry');
  });

  it('warns when orphaned notes with a verdict are left out of ClaimReview', () => {
    const article = path.join(dir, 'ferry.txt');
    fs.writeFileSync(
      article,
      fs
        .readFileSync(article, 'utf8')
        .replace(
          '"We cannot run more boats without the increase, because fuel costs doubled since 2022," said Director Paula Mendes.',
          'The director declined to comment.',
        ),
    );
    const r = runCli(['report', 'ferry.txt', '--format', 'claimreview'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).length, 1);
    assert.match(r.stderr, /1 orphaned note with a verdict left out/);
    assert.match(runCli(['report', 'ferry.txt'], dir).stdout, /## Orphaned notes[\s\S]*We cannot run more boats/);
  });

  it('writes CSV for one article and for a folder (a desk), sidecars and hidden folders skipped', () => {
    const one = runCli(['report', 'ferry.txt', '--format', 'csv'], dir);
    assert.equal(one.code, 0, one.stderr);
    const lines = one.stdout.replace(/^\ufeff/, '').split('\r\n');
    assert.equal(lines[0], 'file,line,column,kind,text,score,verdict,comment,sources,author,created,modified,anchor state,checked text');
    assert.equal(lines.filter((l) => /^ferry\.txt,\d+,\d+,claim,/.test(l)).length, 3);
    assert.equal(lines.filter((l) => /^ferry\.txt,\d+,\d+,note,/.test(l)).length, 3);
    fs.mkdirSync(path.join(dir, 'desk', '.git'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'desk', 'world'));
    fs.copyFileSync(path.join(dir, 'ferry.txt'), path.join(dir, 'desk', 'world', 'ferry.txt'));
    fs.copyFileSync(path.join(dir, 'ferry.txt.factcheck.json'), path.join(dir, 'desk', 'world', 'ferry.txt.factcheck.json'));
    fs.writeFileSync(path.join(dir, 'desk', 'sport.md'), 'The club signed 3 players for 12 million euros, more than any rival.\n');
    fs.writeFileSync(path.join(dir, 'desk', '.git', 'HEAD.txt'), 'The club signed 3 players for 12 million euros.\n');
    const desk = runCli(['report', 'desk', '--format', 'csv', '-o', 'desk.csv'], dir);
    assert.equal(desk.code, 0, desk.stderr);
    const csv = fs.readFileSync(path.join(dir, 'desk.csv'), 'utf8');
    const files = new Set(
      csv
        .split('\r\n')
        .slice(1, -1)
        .map((l) => l.split(',')[0]),
    );
    assert.deepEqual([...files].sort(), [path.join('desk', 'sport.md'), path.join('desk', 'world', 'ferry.txt')], 'the .git folder is not walked');
    const folderToMarkdown = runCli(['report', 'desk'], dir);
    assert.equal(folderToMarkdown.code, 2);
    assert.match(folderToMarkdown.stderr, /--format md reports on one article \(2 given\); use --format csv/);
  });

  it('rejects a bad format, a bad URL, a malformed sidecar and a missing file with exit 2', () => {
    const badFormat = runCli(['report', 'ferry.txt', '--format', 'pdf'], dir);
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr, /--format pdf: use one of md, html, claimreview, csv/);
    assert.equal(runCli(['report', 'ferry.txt', '--format', 'claimreview', '--url', 'not a url'], dir).code, 2);
    const broken = runCli(['report', 'broken.txt'], dir);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /broken\.txt\.factcheck\.json:\d+:\d+: malformed JSON/);
    assert.equal(runCli(['report', 'missing.txt'], dir).code, 2);
  });
});
