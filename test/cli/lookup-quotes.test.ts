// `factdesk lookup --json`: quotes checked against the sources, quote drift and claims checked
// before, as a child process on a workspace of the desk fixture, the fixture sources and the
// quote-check articles (test/fixtures/quotecheck).
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { cli, runCli } from '../reports/cli-run';
import { deskCopy } from '../workspace/helpers';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

interface QuoteOut {
  start: number;
  end: number;
  text: string;
  speaker: string | null;
  status: string;
  source: { file: string; line: number; text: string; speaker: string | null } | null;
  diff: Array<{ op: string; text: string }>;
}

describe('factdesk lookup: quotes, drift, checked before', function () {
  this.timeout(60000);
  let root: string;
  before(() => assert.ok(fs.existsSync(cli), `${cli} is built (npm test builds it first)`));
  beforeEach(() => {
    root = deskCopy();
    fs.cpSync(path.join(FIXTURES, 'sources'), path.join(root, 'sources'), { recursive: true });
    fs.cpSync(path.join(FIXTURES, 'quotecheck'), path.join(root, 'desk'), { recursive: true });
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const lookup = (article: string, ...extra: string[]) => {
    const r = runCli(['lookup', article, '--workspace', '.', '--json', ...extra], root);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
  };

  it('gives every quote its status, source passage and diff, with UTF-16 offsets into the article', () => {
    const out = lookup('desk/hospitals.txt');
    const text = fs.readFileSync(path.join(root, 'desk/hospitals.txt'), 'utf8');
    const quotes: QuoteOut[] = out.quotes;
    for (const q of quotes) {
      assert.ok(text.slice(q.start, q.end).includes(q.text), q.text);
      for (const key of ['start', 'end', 'text', 'speaker', 'status', 'source', 'diff']) assert.ok(key in q, key);
    }
    const byStart = quotes.map((q) => [q.status, q.text.replace(/[,.]$/, ''), q.source && `${q.source.file}:${q.source.line}`, q.source?.speaker ?? null]);
    assert.deepEqual(byStart, [
      ['verbatim', 'We will not balance the books on the backs of patients', 'sources/interview-kowalczyk.txt:8', 'Marta Kowalczyk'],
      ['verbatim', 'Every hospital will get more money next year than this year', 'sources/interview-kowalczyk.txt:8', 'Marta Kowalczyk'],
      ['altered', 'Spending on hospitals will rise by 14 percent', 'sources/interview-kowalczyk.txt:8', 'Marta Kowalczyk'],
      ['altered', 'There will be an increase in VAT in this parliament', 'sources/interview-kowalczyk.txt:16', 'Marta Kowalczyk'],
      ['wrong-speaker', 'Nobody wins from a strike', 'sources/interview-kowalczyk.txt:24', 'Marta Kowalczyk'],
      ['not-found', 'The hospital budget is the largest in our history', null, null],
    ]);
    assert.deepEqual(quotes[3].diff, [
      { op: 'equal', text: 'there will be' },
      { op: 'delete', text: 'no' },
      { op: 'insert', text: 'an' },
      { op: 'equal', text: 'increase in VAT in this parliament' },
    ]);
    assert.equal(quotes[4].speaker, 'Tomas Brenner');
  });

  it('flags quote drift on both articles', () => {
    const first = lookup('desk/ferries.txt');
    assert.deepEqual(
      first.drift.map((d: { file: string; line: number }) => [d.file, d.line]),
      [['desk/ferries-followup.txt', 5]],
    );
    const text = fs.readFileSync(path.join(root, 'desk/ferries.txt'), 'utf8');
    assert.match(text.slice(first.drift[0].start, first.drift[0].end), /by a third/);
    assert.match(first.drift[0].text, /by half, and they will be quieter/);
    const second = lookup('desk/ferries-followup.txt');
    assert.deepEqual(
      second.drift.map((d: { file: string; text: string }) => [d.file, d.text]),
      [['desk/ferries.txt', "The new ferries will cut the harbour's emissions by a third,"]],
    );
  });

  it('lists claims checked before in another article, with verdict', () => {
    const out = lookup('desk/hospitals.txt');
    const text = fs.readFileSync(path.join(root, 'desk/hospitals.txt'), 'utf8');
    const before = out.claims.filter((c: { checkedBefore: unknown[] }) => c.checkedBefore.length);
    assert.equal(before.length, 1);
    assert.match(text.slice(before[0].start, before[0].end), /^Spending on hospitals will rise by 4 percent next year/);
    assert.deepEqual(
      before[0].checkedBefore.map((b: object) => ({ ...b, date: undefined, comment: undefined })),
      [
        {
          file: 'desk/budget-deficit.txt',
          line: 8,
          verdict: 'mostly-false',
          text: 'spending on hospitals would rise by 4 percent next year',
          date: undefined,
          comment: undefined,
        },
      ],
    );
    for (const c of out.claims) for (const key of ['start', 'end', 'checkedBefore']) assert.ok(key in c);
  });

  it('takes other sources with --sources, and says plainly when there are none', () => {
    fs.renameSync(path.join(root, 'sources'), path.join(root, 'material'));
    let out = lookup('desk/hospitals.txt');
    assert.ok(out.quotes.every((q: QuoteOut) => q.status === 'not-found'));
    const r = runCli(['lookup', 'desk/hospitals.txt', '--workspace', '.'], root);
    assert.match(r.stdout, /Quotes \(no source documents in the workspace\)/);
    out = lookup('desk/hospitals.txt', '--sources', 'material/**');
    assert.equal(out.quotes[0].status, 'verbatim');
    assert.equal(out.quotes[0].source.file, 'material/interview-kowalczyk.txt');
  });

  it('never treats a source as an article', () => {
    const out = lookup('desk/hospitals.txt');
    for (const e of out.entities) for (const x of e.elsewhere) assert.ok(!x.file.startsWith('sources/'), x.file);
  });
});
