// The compact source corpus: a source's word columns read back as tokenize gives them, and the
// bigram index after sources are added, replaced and removed answers as one built afresh.
import { strict as assert } from 'node:assert';
import { endAt, idAt, normAt, normsOf, SourceCorpus, startAt, tokenCount, turnAt, type CandidateWindow } from '../../src/sources/corpus';
import { tokenize } from '../../src/sources/normalize';
import { verifyQuote } from '../../src/sources/verify';

const TRANSCRIPT = 'ANA RUIZ: The ferries will be electric from 2028.\n\nTOM BELL: Electric ferries cost more, don’t they?\n';

describe('sources: corpus', () => {
  it('keeps each word’s normalized form, offsets and turn', () => {
    const corpus = new SourceCorpus();
    const source = corpus.add('sources/a.txt', TRANSCRIPT);
    const expected = source.doc.turns.flatMap((turn, t) => tokenize(TRANSCRIPT, turn.start, turn.end).map((token) => ({ ...token, turn: t })));
    assert.equal(tokenCount(source), expected.length);
    const read = expected.map((_, i) => ({ norm: normAt(source, i), start: startAt(source, i), end: endAt(source, i), turn: turnAt(source, i) }));
    assert.deepEqual(read, expected);
    assert.deepEqual(normsOf(source, 0, 3), ['the', 'ferries', 'will']);
    assert.ok(read.some((t) => t.norm === "don't"));
    // One vocabulary for the corpus: the same word has the same id in every source.
    const other = corpus.add('sources/b.txt', 'SAM LEE: Ferries again.\n');
    assert.equal(idAt(other, 0), idAt(source, 1));
    assert.equal(idAt(source, 1), corpus.idOf('ferries'));
  });

  it('adds, replaces and removes sources one at a time', () => {
    const corpus = new SourceCorpus();
    corpus.add('sources/a.txt', 'speaker: Ana Ruiz\n\nThe ferries will be electric from 2028 onwards.\n');
    const quote = { text: 'The ferries will be electric from 2028 onwards', speaker: 'Ruiz' };
    assert.equal(verifyQuote(corpus, quote).status, 'verbatim');
    corpus.add('sources/a.txt', 'speaker: Ana Ruiz\n\nThe ferries will be electric from 2029 onwards.\n');
    assert.equal(verifyQuote(corpus, quote).status, 'altered');
    corpus.remove('sources/a.txt');
    assert.equal(corpus.size, 0);
    assert.match(verifyQuote(corpus, quote).reason, /no source documents/);
  });

  it('answers after adds and removals as a corpus built afresh from the sources left', () => {
    // Bigrams held by one source, by several, and repeated within a source.
    const texts: Record<string, string> = {
      'a.txt': 'ANA RUIZ: The ferries will be electric. The ferries will be electric by 2028.\n',
      'b.txt': 'TOM BELL: The ferries will be late. Electric buses come first.\n',
      'c.txt': 'SAM LEE: We said the ferries will be electric and the buses too.\n',
      'd.txt': 'ANA RUIZ: Nothing about ferries here at all.\n',
      // "of the" common (over 400 times) with the three, rare enough to vote with two.
      'e.txt': `BOB ROY: ${'of the '.repeat(150)}\n`,
      'f.txt': `BOB ROY: ${'of the '.repeat(150)}\n`,
      'g.txt': `BOB ROY: ${'of the '.repeat(150)}\n`,
    };
    const churned = new SourceCorpus();
    for (const file of ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt', 'f.txt', 'g.txt']) churned.add(file, texts[file]);
    churned.remove('g.txt');
    churned.remove('b.txt');
    churned.add('d.txt', texts['d.txt']);
    churned.remove('a.txt');
    churned.add('a.txt', texts['a.txt']);
    const fresh = new SourceCorpus();
    // The order of the adds that are left (serials break ties between equal votes).
    for (const file of ['c.txt', 'd.txt', 'e.txt', 'f.txt', 'a.txt']) fresh.add(file, texts[file]);
    const windows = (corpus: SourceCorpus, words: string[]) =>
      corpus.candidates(words).map((w: CandidateWindow) => ({ file: w.source.doc.file, from: w.from, to: w.to, votes: w.votes }));
    for (const quote of [
      'the ferries will be electric',
      'electric buses come first',
      'the buses too',
      'nothing about ferries',
      'the ferries will be electric by the end of the year',
    ]) {
      const words = quote.split(' ');
      assert.deepEqual(windows(churned, words), windows(fresh, words), quote);
    }
    assert.deepEqual(
      windows(churned, ['the', 'ferries', 'will', 'be', 'electric']).map((w) => w.file),
      // a.txt says it twice: more votes.
      ['a.txt', 'c.txt'],
    );
    // With g.txt gone, "of the" is rare enough to vote: its windows are in e.txt.
    assert.ok(windows(churned, 'the ferries will be electric by the end of the year'.split(' ')).some((w) => w.file === 'e.txt'));
    assert.deepEqual(windows(churned, ['electric', 'buses', 'come', 'first']), []);
    for (const file of ['a.txt', 'c.txt', 'd.txt', 'e.txt', 'f.txt']) churned.remove(file);
    assert.deepEqual(windows(churned, ['the', 'ferries', 'will', 'be']), []);
  });
});
