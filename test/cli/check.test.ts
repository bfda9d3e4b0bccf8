// `factdesk check`, the publication gate, run as a child process on fixture articles.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { addNote, cli, FERRY_CLAIMS, fixtureDir, runCli } from '../reports/cli-run';
import { DEFAULT_CLAIM_THRESHOLD } from '../../src/core/types';

describe('factdesk check', function () {
  // Each case spawns the CLI a few times; allow for a busy machine.
  this.timeout(60000);
  let dir: string;
  before(() => assert.ok(fs.existsSync(cli), `${cli} is built (npm test builds it first)`));
  beforeEach(() => (dir = fixtureDir('ferry.txt', 'calm.txt', 'broken.txt', 'broken.txt.factcheck.json')));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('fails without a sidecar and lists every claim as path:line:col  text (score)', () => {
    const r = runCli(['check', 'ferry.txt'], dir);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(
      lines[0],
      /^ferry\.txt:5:1 {2}Ferry fares across the harbour will rise by 12 percent in April, the transport authority said on Friday\. \(0\.\d\d\)$/,
    );
    assert.match(lines[1], /^ferry\.txt:7:1 {2}The authority carried 4\.6 million/);
    assert.match(lines[2], /^ferry\.txt:9:1 {2}"We cannot run more boats/);
    assert.match(lines[3], /^ferry\.txt: not ready: 3 of 3 claims unchecked/);
  });

  it('walks a folder and ends with the totals of the desk', () => {
    fs.mkdirSync(path.join(dir, 'desk'));
    fs.copyFileSync(path.join(dir, 'ferry.txt'), path.join(dir, 'desk', 'ferry.txt'));
    fs.copyFileSync(path.join(dir, 'calm.txt'), path.join(dir, 'desk', 'calm.txt'));
    const r = runCli(['check', 'desk'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /desk[\\/]calm\.txt: ok/);
    assert.match(r.stdout.trimEnd().split('\n').pop()!, /^total: 1 of 2 articles ready; left: 3 unchecked claims, 0 orphaned notes \(of 3 claims\)$/);
    const json = JSON.parse(runCli(['check', 'desk', '--json'], dir).stdout);
    assert.deepEqual(json.totals, { files: 2, ready: 1, claims: 3, unchecked: 3, changed: 0, orphaned: 0, left: 3, errors: 0 });
    fs.mkdirSync(path.join(dir, 'empty'));
    const empty = runCli(['check', 'empty'], dir);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /no article files/);
  });

  it('passes an article without check-worthy claims', () => {
    const r = runCli(['check', 'calm.txt'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /calm\.txt: ok, no check-worthy claims/);
  });

  it('an unchecked note does not verify a claim; a final verdict does', () => {
    addNote(dir, 'ferry.txt', 'rise by 12 percent', 'unchecked');
    addNote(dir, 'ferry.txt', '4.6 million passengers', 'false', '--comment', 'Annual report: 3.9 million');
    const r = runCli(['check', 'ferry.txt'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /ferry\.txt:5:1 {2}Ferry fares/);
    assert.doesNotMatch(r.stdout, /ferry\.txt:7:1/);
    assert.match(r.stdout, /not ready: 2 of 3 claims unchecked$/m);
  });

  it('passes once every claim has a note with a final verdict', () => {
    FERRY_CLAIMS.forEach((claim, i) => addNote(dir, 'ferry.txt', claim, ['true', 'mostly-false', 'misleading'][i]));
    const r = runCli(['check', 'ferry.txt'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /ferry\.txt: ok, all 3 check-worthy claims checked$/m);
  });

  it('fails on an orphaned note even when every claim is verified, and names it', () => {
    FERRY_CLAIMS.forEach((claim) => addNote(dir, 'ferry.txt', claim, 'true'));
    addNote(dir, 'ferry.txt', 'gather at the main pier', 'unverifiable');
    const article = path.join(dir, 'ferry.txt');
    fs.writeFileSync(
      article,
      fs.readFileSync(article, 'utf8').replace('Commuters plan to gather at the main pier on Saturday morning.', 'No protest is planned.'),
    );
    const r = runCli(['check', 'ferry.txt'], dir);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^ferry\.txt: orphaned note urn:uuid:[0-9a-f-]+ \(unverifiable\): "gather at the main pier"$/m);
    assert.match(r.stdout, /0 of 3 claims unchecked, 1 orphaned note/);
  });

  it('--json gives the result per file', () => {
    addNote(dir, 'ferry.txt', 'rise by 12 percent', 'true');
    const r = runCli(['check', 'ferry.txt', 'calm.txt', '--json'], dir);
    assert.equal(r.code, 1);
    const result = JSON.parse(r.stdout);
    assert.equal(result.passed, false);
    assert.equal(result.threshold, DEFAULT_CLAIM_THRESHOLD);
    const [ferry, calm] = result.files;
    assert.equal(ferry.file, 'ferry.txt');
    assert.equal(ferry.passed, false);
    assert.equal(ferry.claims, 3);
    assert.deepEqual(
      ferry.unchecked.map((c: { line: number; column: number }) => [c.line, c.column]),
      [
        [7, 1],
        [9, 1],
      ],
    );
    assert.equal(typeof ferry.unchecked[0].score, 'number');
    assert.deepEqual(ferry.changed, []);
    assert.equal(ferry.dismissed, 0);
    assert.deepEqual(ferry.orphaned, []);
    assert.deepEqual(ferry.counts, { claims: 3, verified: 1, left: 2, unverified: 2, changed: 0, orphaned: 0 });
    assert.equal(calm.passed, true);
    assert.equal(calm.counts.left, 0);
  });

  it("fails on a note whose text changed since its final verdict (the issue's example), until the verdict is given again", () => {
    FERRY_CLAIMS.forEach((claim) => addNote(dir, 'ferry.txt', claim, 'mostly-false'));
    const article = path.join(dir, 'ferry.txt');
    fs.writeFileSync(article, fs.readFileSync(article, 'utf8').replace('4.6 million', '4.9 million'));
    const r = runCli(['check', 'ferry.txt'], dir);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /^ferry\.txt:7:1 {2}changed since checked \(✗ Mostly false\): "The authority carried 4\.9 million[^"]*", checked as "The authority carried 4\.6 million/m,
    );
    assert.match(r.stdout, /not ready: 0 of 3 claims unchecked, 1 note changed since checked$/m);
    const json = JSON.parse(runCli(['check', 'ferry.txt', '--json'], dir).stdout);
    assert.equal(json.files[0].changed.length, 1);
    assert.match(json.files[0].changed[0].checkedText, /4\.6 million/);
    assert.equal(json.totals.changed, 1);
    const listed = JSON.parse(runCli(['notes', 'ferry.txt', '--json'], dir).stdout).notes;
    assert.deepEqual(
      listed.map((n: { state: string }) => n.state),
      ['anchored', 'changed', 'anchored'],
    );
    // White space alone is no change.
    fs.writeFileSync(article, fs.readFileSync(article, 'utf8').replace('4.9 million', '4.6 million').replace('last year, more', 'last  year,\nmore'));
    assert.equal(runCli(['check', 'ferry.txt'], dir).code, 0);
  });

  it('accepts a claim dismissed as not check-worthy (notes dismiss), and lists the dismissal in the report', () => {
    addNote(dir, 'ferry.txt', FERRY_CLAIMS[0], 'true');
    addNote(dir, 'ferry.txt', FERRY_CLAIMS[1], 'unverifiable');
    assert.equal(runCli(['check', 'ferry.txt'], dir).code, 1);
    const d = runCli(['notes', 'dismiss', 'ferry.txt', '--quote', 'We cannot run more boats', '--reason', 'An opinion of the operator, attributed'], dir);
    assert.equal(d.code, 0, d.stderr);
    assert.match(d.stdout, /dismissed \d+-\d+ "We cannot run more boats" as not check-worthy \(urn:uuid:[0-9a-f-]+\): An opinion/);
    const r = runCli(['check', 'ferry.txt'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /ok, all 3 check-worthy claims checked, 1 of them not check-worthy/);
    const md = runCli(['report', 'ferry.txt'], dir).stdout;
    assert.match(md, /### 2\. Line 7:1 — \? Unverifiable/, 'the verdict itself, never "verified"');
    assert.match(md, /### 3\. Line 9:1 — not check-worthy/);
    assert.match(
      md,
      /## Dismissed as not check-worthy\n\n- \*\*not check-worthy\*\* · Test Desk · [^\n]+ · line 9:2\n\n {2}On: “We cannot run more boats”\n\n {2}Reason: An opinion/,
    );
    const listed = JSON.parse(runCli(['notes', 'ferry.txt', '--json'], dir).stdout);
    assert.equal(listed.dismissals.length, 1);
    assert.equal(listed.dismissals[0].reason, 'An opinion of the operator, attributed');
    assert.equal(listed.dismissals[0].state, 'anchored');
    const csv = runCli(['report', 'ferry.txt', '--format', 'csv'], dir).stdout;
    assert.match(csv, /\r\nferry\.txt,9,1,claim,[^\r]*,dismissed,\r\n/);
    assert.match(csv, /\r\nferry\.txt,9,2,dismissal,We cannot run more boats,,Not check-worthy,"An opinion of the operator, attributed",,Test Desk,/);
  });

  it('--threshold changes which claims must be verified', () => {
    const high = runCli(['check', 'ferry.txt', '--threshold', '0.99', '--json'], dir);
    const files = JSON.parse(high.stdout).files;
    assert.ok(files[0].claims < 3 && files[0].claims > 0, high.stdout);
    assert.equal(runCli(['check', 'ferry.txt', '--threshold', '1.5'], dir).code, 2);
    assert.equal(runCli(['check', 'ferry.txt', '--threshold', 'high'], dir).code, 2);
  });

  it('a malformed sidecar is bad input: a clear message and exit 2, the other files still checked', () => {
    const r = runCli(['check', 'broken.txt', 'calm.txt'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^factdesk: broken\.txt\.factcheck\.json:\d+:\d+: malformed JSON/m);
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
    assert.match(r.stdout, /calm\.txt: ok/);
    assert.equal(fs.readFileSync(path.join(dir, 'broken.txt.factcheck.json'), 'utf8').startsWith('{ "@context"'), true, 'the sidecar is left as it is');
  });

  it('a missing article or no files is bad input (exit 2)', () => {
    const missing = runCli(['check', 'nope.txt'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.txt: no such file/);
    assert.equal(runCli(['check'], dir).code, 2);
  });
});
