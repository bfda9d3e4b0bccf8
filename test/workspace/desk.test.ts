// The Desk from the workspace index: counts per article agree with `factdesk check --json` on the same
// folder (one gate), notes and edits change them, filters and order.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  deskArticle,
  deskFolders,
  deskItems,
  deskList,
  deskTotals,
  leftInWords,
  withQuoteStatuses,
  type DeskArticle,
  type DeskItem,
} from '../../src/workspace';
import { cli, runCli } from '../reports/cli-run';
import { deskCopy, indexerFor, write } from './helpers';

async function deskOf(root: string): Promise<DeskArticle[] & { items: (file: string) => DeskItem[] }> {
  const indexer = indexerFor(root);
  await indexer.scan();
  const articles = [...indexer.index.allRecords()].map((r) => deskArticle(r, 'ws', pathToFileURL(indexer.absolute(r.file)).toString()));
  return Object.assign(articles, { items: (file: string) => deskItems(indexer.index.record(file)!) });
}

const NOTE = (source: string, exact: string, verdict: string, author: string) => ({
  id: `urn:uuid:${'0'.repeat(8)}-0000-4000-8000-${String(Math.abs(hash(exact + author)))
    .padStart(12, '0')
    .slice(0, 12)}`,
  type: 'Annotation',
  motivation: 'assessing',
  created: '2026-02-04T09:00:00.000Z',
  modified: '2026-02-04T09:00:00.000Z',
  creator: { type: 'Person', name: author },
  body: [{ type: 'TextualBody', purpose: 'assessing', value: verdict }],
  target: { source, selector: [{ type: 'TextQuoteSelector', exact }] },
});

function hash(s: string): number {
  let h = 7;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}

function writeNotes(root: string, rel: string, notes: object[]): void {
  write(root, `${rel}.factcheck.json`, JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationCollection', items: notes }, null, 2));
}

describe('the Desk', function () {
  this.timeout(60000);
  let root: string;
  beforeEach(() => (root = deskCopy()));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('counts what is left per article exactly as `factdesk check --json` does on the same folder', async () => {
    assert.ok(fs.existsSync(cli), `${cli} is built`);
    // An orphaned note and a note by another author, so every kind is counted.
    writeNotes(root, 'desk/council-vote.txt', [
      NOTE('council-vote.txt', 'a passage that is not in the article at all', 'true', 'Grace'),
      NOTE('council-vote.txt', 'The city council voted 31 to 12 on Thursday', 'true', 'Paul'),
    ]);
    const desk = await deskOf(root);
    const run = runCli(['check', 'desk', '--json'], root);
    assert.equal(run.code, 1, run.stderr);
    const checked = JSON.parse(run.stdout) as { totals: Record<string, number>; files: Array<{ file: string; counts: Record<string, number> }> };
    assert.equal(desk.length, checked.files.length);
    for (const file of checked.files) {
      const article = desk.find((a) => a.file === file.file);
      assert.ok(article, `${file.file} is on the desk`);
      assert.deepEqual(article.counts, file.counts, file.file);
    }
    const totals = deskTotals(desk);
    assert.deepEqual(
      [totals.articles, totals.ready, totals.claims, totals.left, totals.unverified, totals.orphaned],
      [checked.totals.files, checked.totals.ready, checked.totals.claims, checked.totals.left, checked.totals.unchecked, checked.totals.orphaned],
    );
    const council = desk.find((a) => a.file === 'desk/council-vote.txt')!;
    assert.equal(council.counts.orphaned, 1);
    assert.deepEqual(council.authors, ['Grace', 'Paul']);
    assert.deepEqual(council.verdicts, { true: 2 });
    // Placed items first in text order, the orphaned note last; lines are 1-based as in `check`.
    const items = desk.items('desk/council-vote.txt');
    assert.equal(items.length, council.counts.left);
    assert.deepEqual(council.first, items[0], 'a click opens the first item');
    const kinds = items.map((i) => i.kind);
    assert.equal(kinds.at(-1), 'orphaned');
    assert.ok(kinds.slice(0, -1).every((k) => k === 'unverified'));
    assert.equal(items.at(-1)!.text, 'a passage that is not in the article at all', 'an orphaned note keeps its last passage');
    const lines = items.filter((i) => i.line !== undefined).map((i) => i.line!);
    assert.deepEqual(
      lines,
      [...lines].sort((a, b) => a - b),
    );
    assert.equal(leftInWords(council.counts), `${council.counts.unverified} unverified claims, 1 orphaned note`);
  });

  it('follows a note with a verdict and an edit of the article', async () => {
    const indexer = indexerFor(root);
    await indexer.scan();
    const file = indexer.absolute('desk/brenner-response.txt');
    const before = deskArticle(indexer.index.record('desk/brenner-response.txt')!, 'ws', 'file:///x');
    assert.ok(before.counts.unverified > 0);
    const first = before.first!;
    const text = fs.readFileSync(file, 'utf8');
    const claimText = text.slice(first.start!, first.end!);
    writeNotes(root, 'desk/brenner-response.txt', [NOTE('brenner-response.txt', claimText, 'false', 'Grace')]);
    const afterNote = deskArticle(indexer.refresh(file)!, 'ws', 'file:///x');
    assert.equal(afterNote.counts.unverified, before.counts.unverified - 1);
    assert.equal(afterNote.counts.verified, before.counts.verified + 1);
    // The claim's sentence is rewritten: the note loses its passage, which is now orphaned and left.
    fs.writeFileSync(file, text.replace(claimText, 'Brenner did not comment.'));
    const afterEdit = deskArticle(indexer.refresh(file)!, 'ws', 'file:///x');
    assert.equal(afterEdit.counts.orphaned, 1);
    assert.equal(deskItems(indexer.index.record('desk/brenner-response.txt')!).at(-1)!.kind, 'orphaned');
  });

  it('lists articles with something left, most first, filtered by author, folder and verdict', () => {
    const counts = (left: number) => ({ claims: left + 1, verified: 1, left, unverified: left, changed: 0, orphaned: 0 });
    const a = (file: string, left: number, authors: string[], verdicts: Record<string, number>, error?: string): DeskArticle => ({
      uri: `file:///ws/${file}`,
      folder: 'ws',
      file,
      counts: counts(left),
      authors,
      verdicts,
      ...(error ? { error } : {}),
    });
    const all = [
      a('politics/a.txt', 2, ['Grace'], { true: 1 }),
      a('politics/local/b.txt', 5, ['Paul'], { false: 1 }),
      a('sport/c.txt', 0, ['Grace'], { true: 1 }),
      a('d.txt', 2, [], {}),
      a('e.txt', 0, [], {}, 'e.txt: is not valid UTF-8 text'),
    ];
    const files = (filter: Parameters<typeof deskList>[1]) => deskList(all, filter).map((x) => x.file);
    assert.deepEqual(files({}), ['politics/local/b.txt', 'd.txt', 'politics/a.txt', 'e.txt']);
    assert.deepEqual(files({ author: 'Grace' }), ['politics/a.txt']);
    assert.deepEqual(files({ folder: 'ws/politics' }), ['politics/local/b.txt', 'politics/a.txt']);
    assert.deepEqual(files({ folder: 'ws/politics/local' }), ['politics/local/b.txt']);
    assert.deepEqual(files({ verdict: 'false' }), ['politics/local/b.txt']);
    assert.deepEqual(files({ author: 'Paul', verdict: 'true' }), []);
    assert.deepEqual(deskFolders(all), ['ws', 'ws/politics', 'ws/politics/local', 'ws/sport']);
    assert.deepEqual(deskTotals(all), {
      articles: 5,
      ready: 1,
      errors: 1,
      claims: 14,
      left: 9,
      unverified: 9,
      changed: 0,
      orphaned: 0,
      altered: 0,
      wrongSpeaker: 0,
      notFound: 0,
    });
  });

  it('an unreadable sidecar makes the article an error, as `check` counts it', async () => {
    write(root, 'desk/council-vote.txt.factcheck.json', '{ "items": [');
    const desk = await deskOf(root);
    const council = desk.find((a) => a.file === 'desk/council-vote.txt')!;
    assert.match(council.error ?? '', /council-vote\.txt\.factcheck\.json/);
    assert.equal(council.counts.left, 0);
    const run = JSON.parse(runCli(['check', 'desk', '--json'], root).stdout) as { files: Array<{ file: string; error?: string }> };
    assert.ok(run.files.find((f) => f.file === 'desk/council-vote.txt')!.error);
    assert.equal(path.basename(council.file), 'council-vote.txt');
  });

  describe('quotes checked against the sources (withQuoteStatuses)', () => {
    const FIXTURES = path.join(__dirname, '..', 'fixtures');
    async function hospitals(notes: object[] = []) {
      fs.cpSync(path.join(FIXTURES, 'quotecheck', 'hospitals.txt'), path.join(root, 'desk', 'hospitals.txt'));
      if (notes.length) writeNotes(root, 'desk/hospitals.txt', notes);
      const indexer = indexerFor(root);
      await indexer.scan();
      const record = indexer.index.record('desk/hospitals.txt')!;
      const text = fs.readFileSync(path.join(root, 'desk/hospitals.txt'), 'utf8');
      const at = (phrase: string) => record.quotes.findIndex((q) => text.slice(q.start, q.end).includes(phrase));
      return { record, text, at };
    }

    it('makes each quote that is not verbatim an open item, with its kind, place and words, and counts it in `left`', async () => {
      const { record, at } = await hospitals();
      const statuses = record.quotes.map(() => 'verbatim');
      statuses[at('There will be an increase in VAT')] = 'altered';
      statuses[at('Nobody wins')] = 'wrong-speaker';
      statuses[at('The hospital budget')] = 'not-found';
      const checked = withQuoteStatuses(record, statuses, 'sources-1');
      assert.equal(checked.quotesCheckedWith, 'sources-1');
      assert.deepEqual([checked.gate!.altered, checked.gate!.wrongSpeaker, checked.gate!.notFound], [1, 1, 1]);
      assert.equal(checked.gate!.left, record.gate!.left + 3);
      const article = deskArticle(checked, 'ws', 'file:///x');
      const quoteItems = deskItems(checked).filter((i) => i.kind !== 'unverified');
      assert.deepEqual(
        quoteItems.map((i) => [i.kind, i.text]),
        [
          ['altered', 'There will be an increase in VAT in this parliament,'],
          ['wrong-speaker', 'Nobody wins from a strike,'],
          ['not-found', 'The hospital budget is the largest in our history.'],
        ],
      );
      assert.match(leftInWords(article.counts), /1 altered quote, 1 quote by someone else, 1 quote not found in the sources/);
      const totals = deskTotals([article]);
      assert.deepEqual([totals.altered, totals.wrongSpeaker, totals.notFound, totals.left], [1, 1, 1, article.counts.left]);
      // Checked again (the sources changed): replaced, never added twice; with no sources, gone.
      const again = withQuoteStatuses(
        checked,
        record.quotes.map(() => 'verbatim'),
        'sources-2',
      );
      assert.deepEqual([again.gate!.altered, again.gate!.left], [0, record.gate!.left]);
      const none = withQuoteStatuses(checked, undefined, '');
      assert.deepEqual(none.gate, record.gate);
      assert.equal(none.open!.quotes, undefined);
    });

    it('a note with a final verdict on the quote accepts it; an unchecked one does not', async () => {
      const { record, at } = await hospitals([
        NOTE('hospitals.txt', 'There will be an increase in VAT in this parliament', 'mostly-true', 'Grace'),
        NOTE('hospitals.txt', 'Nobody wins from a strike', 'unchecked', 'Grace'),
      ]);
      const statuses = record.quotes.map(() => 'verbatim');
      statuses[at('There will be an increase in VAT')] = 'altered';
      statuses[at('Nobody wins')] = 'wrong-speaker';
      const checked = withQuoteStatuses(record, statuses, 'k');
      assert.deepEqual([checked.gate!.altered, checked.gate!.wrongSpeaker], [0, 1]);
      assert.deepEqual(checked.open!.quotes, [{ quote: at('Nobody wins'), status: 'wrong-speaker' }]);
    });
  });
});
