// The index worker's quote checks (src/server/quoteChecksWorker.ts) in-process, on a real indexer:
// a document's quotes are checked one at a time, so a question asked meanwhile (a hover) is answered
// between two of them; when the sources change halfway, the document is checked against the new ones.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import { QuoteChecksPart, type QuoteCheckAnswer, type QuoteCheckRequest, type QuoteSourcesMessage } from '../../src/server/quoteChecksWorker';
import type { QuoteOfArticle } from '../../src/sources';
import { deskCopy, indexerFor, write } from '../workspace/helpers';

const SOURCE =
  'speaker: Marta Kowalczyk\n\nWe will not balance the books on the backs of patients.\n\nSpending on hospitals will rise by 4 percent next year.\n';

const quote = (start: number, text: string): QuoteOfArticle => ({ start, end: start + text.length, text, speaker: 'Marta Kowalczyk', kind: 'statement' });

describe('quote checks on the index worker', () => {
  let root: string;
  beforeEach(() => (root = deskCopy()));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  async function setUp() {
    write(root, 'sources/statement.txt', SOURCE);
    const indexer = indexerFor(root, { keep: 'encoded' });
    await indexer.scan();
    const posted: Array<QuoteCheckAnswer | QuoteSourcesMessage> = [];
    const part = new QuoteChecksPart(
      (message) => posted.push(message),
      (r) => (r === root ? indexer.quoteRecords : undefined),
    );
    part.reset([root]);
    // A yield the test releases by hand: the answer waits there until `release` is called.
    const waits: Array<() => void> = [];
    const yieldByHand = () => new Promise<void>((resolve) => waits.push(resolve));
    const release = async () => {
      waits.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    };
    const request = (id: number, quotes: QuoteOfArticle[]): QuoteCheckRequest => ({
      type: 'quoteCheck',
      id,
      root,
      file: 'desk/new.txt',
      quotes,
      drift: true,
      claims: [],
    });
    const answers = () => posted.filter((m): m is QuoteCheckAnswer => m.type === 'quoteCheck');
    return { indexer, part, waits, yieldByHand, release, request, answers };
  }

  it('answers a question asked while a document is checked between two of its quotes', async () => {
    const { part, waits, yieldByHand, release, request, answers } = await setUp();
    const documentCheck = part.answer(
      request(1, [quote(0, 'We will not balance the books on the backs of patients.'), quote(100, 'Spending on hospitals will rise by 40 percent next year.')]),
      yieldByHand,
    );
    assert.equal(waits.length, 1, 'the first quote checked, waiting before the second');
    await part.answer(request(2, [quote(100, 'Spending on hospitals will rise by 40 percent next year.')]), yieldByHand);
    assert.deepEqual(
      answers().map((a) => a.id),
      [2],
      'the hover is answered before the document',
    );
    await release();
    await documentCheck;
    const [hover, document] = answers();
    assert.deepEqual(
      answers().map((a) => a.id),
      [2, 1],
    );
    assert.deepEqual(
      document.quotes.map((q) => q?.status),
      ['verbatim', 'altered'],
    );
    assert.deepEqual(document.quotes[1], hover.quotes[0]);
    assert.equal(document.sources, 1);
  });

  it('checks the document again when the sources change between two of its quotes', async () => {
    const { indexer, part, yieldByHand, release, request, answers } = await setUp();
    const documentCheck = part.answer(
      request(1, [quote(0, 'We will not balance the books on the backs of patients.'), quote(100, 'Spending on hospitals will rise by 40 percent next year.')]),
      yieldByHand,
    );
    // The source now says 40 percent, and the first quote is no longer in it.
    indexer.refresh(write(root, 'sources/statement.txt', 'speaker: Marta Kowalczyk\n\nSpending on hospitals will rise by 40 percent next year.\n'));
    await release();
    // Checked again from the first quote: one more wait before the second.
    await release();
    await documentCheck;
    const [document] = answers();
    assert.deepEqual(
      document.quotes.map((q) => q?.status),
      ['not-found', 'verbatim'],
    );
  });
});
