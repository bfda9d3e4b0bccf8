// Quote verification per class against the fixture sources (test/fixtures/sources).
import { strict as assert } from 'node:assert';
import { SourceCorpus, verifyQuote, type QuoteCheck } from '../../src/sources';
import { fixtureCorpus } from './helpers';

describe('sources: quote verification', () => {
  const corpus = fixtureCorpus();
  const check = (text: string, speaker: string | null = null): QuoteCheck => verifyQuote(corpus, { text, speaker });

  describe('verbatim', () => {
    it('names the source file, line, passage and speaker', () => {
      const r = check('We will not balance the books on the backs of patients', 'Marta Kowalczyk');
      assert.equal(r.status, 'verbatim');
      assert.deepEqual(
        { file: r.source!.file, line: r.source!.line, text: r.source!.text, speaker: r.source!.speaker },
        { file: 'sources/interview-kowalczyk.txt', line: 8, text: 'We will not balance the books on the backs of patients', speaker: 'Marta Kowalczyk' },
      );
      assert.deepEqual(r.diff, [{ op: 'equal', text: 'We will not balance the books on the backs of patients' }]);
    });

    const legit: Array<[string, string]> = [
      ['white space', 'We  will not balance\nthe books on the backs of patients'],
      ['curly apostrophes', 'The new ferries will cut the harbour’s emissions by half'],
      ['case', 'WE WILL NOT BALANCE THE BOOKS on the backs of patients'],
      ['edge punctuation', '“We will not balance the books on the backs of patients,”'],
      ['a truncation (part of a sentence)', 'the books on the backs of patients'],
      ['an ellipsis', 'We will not balance the books … Every hospital will get more money next year'],
      ['three dots', 'We will not balance the books... Every hospital will get more money next year'],
      ['a bracketed ellipsis', 'We will not balance the books [...] Every hospital will get more money next year'],
    ];
    for (const [what, text] of legit) {
      it(`is verbatim through ${what}`, () => {
        const speaker = /ferries/.test(text) ? 'Ana Ruiz' : 'Kowalczyk';
        const r = check(text, speaker);
        assert.equal(r.status, 'verbatim', r.reason);
      });
    }

    it('shows the words an ellipsis stands for as omitted', () => {
      const r = check('Nobody wins from a strike … My door is open', 'Kowalczyk');
      assert.equal(r.status, 'verbatim');
      assert.deepEqual(
        r.diff.map((d) => d.op),
        ['equal', 'delete', 'equal'],
      );
      assert.match(r.diff[1].text, /^least of all the patients/);
    });

    it('takes the speaker from the source when the article names none', () => {
      const r = check('The contract is worth 48 million euros over ten years');
      assert.equal(r.status, 'verbatim');
      assert.equal(r.source!.speaker, 'Mayor Ana Ruiz');
    });
  });

  describe('altered', () => {
    it('gives a substituted word as a delete and an insert', () => {
      const r = check('Every hospital will get more money next year than last year', 'Kowalczyk');
      assert.equal(r.status, 'altered');
      assert.deepEqual(r.diff, [
        { op: 'equal', text: 'Every hospital will get more money next year than' },
        { op: 'delete', text: 'this' },
        { op: 'insert', text: 'last' },
        { op: 'equal', text: 'year' },
      ]);
      assert.deepEqual(r.meaningChanges, []);
    });

    it('gives omitted and inserted words', () => {
      const omitted = check('Nurses and teachers will get a rise of 3.5 percent from April', 'Kowalczyk');
      assert.equal(omitted.status, 'altered');
      assert.ok(omitted.diff.some((d) => d.op === 'delete' && d.text === 'pay'));
      const inserted = check('We take all of those concerns very seriously', 'Piet van Dam');
      assert.equal(inserted.status, 'altered');
      assert.deepEqual(
        inserted.diff.filter((d) => d.op === 'insert').map((d) => d.text),
        ['all of', 'very'],
      );
    });

    it('says a removed negation flips the meaning', () => {
      const r = check('There will be an increase in VAT in this parliament', 'Kowalczyk');
      assert.equal(r.status, 'altered');
      assert.deepEqual(r.meaningChanges, [{ kind: 'negation', removed: ['no'], added: [] }]);
      assert.match(r.reason, /a negation changed|a negation removed/);
    });

    it('says an added negation flips the meaning', () => {
      const r = check('The dividend was not decided by the board before the worst of the delays', 'Adeyemi');
      assert.equal(r.status, 'altered');
      assert.deepEqual(r.meaningChanges, [{ kind: 'negation', removed: [], added: ['not'] }]);
    });

    it('says a changed number flips the meaning', () => {
      const r = check('Last year only 77 percent of our trains arrived on time', 'Robert Adeyemi');
      assert.equal(r.status, 'altered');
      assert.deepEqual(r.meaningChanges, [{ kind: 'number', removed: ['71'], added: ['77'] }]);
    });

    it('pairs a changed number at the edge of a quote with the number it replaces', () => {
      const r = check("The new ferries will cut the harbour's emissions by a third", 'Ana Ruiz');
      assert.equal(r.status, 'altered');
      assert.deepEqual(r.meaningChanges, [{ kind: 'number', removed: ['half'], added: ['third'] }]);
      assert.equal(r.source!.text, "The new ferries will cut the harbour's emissions by half");
    });

    it('moves an edge to the words the quote kept ("released charge" is "released without charge" less a word)', () => {
      const r = check('A third man was questioned and released charge', 'Dana Novak');
      assert.equal(r.status, 'altered');
      assert.deepEqual(r.meaningChanges, [{ kind: 'negation', removed: ['without'], added: [] }]);
    });

    it('says an ellipsis that leaves out a negation changes the meaning', () => {
      const r = check('We will … balance the books on the backs of patients', 'Kowalczyk');
      assert.equal(r.status, 'altered');
      assert.equal(r.meaningChanges[0].kind, 'negation');
    });
  });

  describe('wrong speaker', () => {
    it('finds the words in another person’s turn', () => {
      const r = check('Nobody wins from a strike, least of all the patients', 'Tomas Brenner');
      assert.equal(r.status, 'wrong-speaker');
      assert.equal(r.source!.speaker, 'Marta Kowalczyk');
      assert.equal(r.source!.file, 'sources/interview-kowalczyk.txt');
    });

    it('tells the interviewer’s question from the answer', () => {
      const r = check('The central bank has cut its growth forecast twice', 'Kowalczyk');
      assert.equal(r.status, 'wrong-speaker');
      assert.equal(r.source!.speaker, 'Paul Oduya');
    });

    it('tells two people with one surname apart', () => {
      const r = check('your company paid a dividend of 120 million pounds last year', 'Lena Brenner');
      assert.equal(r.status, 'wrong-speaker');
      assert.equal(r.source!.speaker, 'Tomas Brenner');
      assert.equal(check('your company paid a dividend of 120 million pounds last year', 'Brenner').status, 'verbatim');
    });

    it('matches a speaker written with a title the name lists do not know', () => {
      assert.equal(check('We take those concerns seriously', 'Piet van Dam').status, 'verbatim');
    });
  });

  describe('not found', () => {
    it('finds nothing for words nobody said', () => {
      const r = check('The hospital budget is the largest in our history', 'Kowalczyk');
      assert.equal(r.status, 'not-found');
      assert.equal(r.source, null);
      assert.deepEqual(r.diff, []);
    });

    it('says plainly when there are no sources at all', () => {
      const r = verifyQuote(new SourceCorpus(), { text: 'We will not balance the books', speaker: 'Kowalczyk' });
      assert.equal(r.status, 'not-found');
      assert.match(r.reason, /no source documents/);
    });

    it('never matches a short quote to a random word', () => {
      // "dangerous" is in no one's words; "hospitals" is in others' words, not the mayor's.
      assert.equal(check('dangerous', 'Kowalczyk').status, 'not-found');
      assert.equal(check('hospitals', 'Ana Ruiz').status, 'not-found');
      assert.equal(check('the plan', null).status, 'not-found');
    });

    it('matches a short quote only exactly, in its speaker’s own words', () => {
      assert.equal(check('a fair offer', 'Kowalczyk').status, 'verbatim');
      assert.equal(check('a fair offer', 'Ana Ruiz').status, 'not-found');
      assert.equal(check('a fairer offer', 'Kowalczyk').status, 'not-found');
    });
  });
});
