import { strict as assert } from 'node:assert';
import entitiesWords from '../../src/core/lexicons/entities-words.json';
import { wordList, wordListNames, wordListSource, wordSet, type WordListName } from '../../src/core/word-lists';

describe('word lists (one data file per concept, subsets by name)', () => {
  it('resolves every declared list to words, with no repeats and no unresolved subset reference', () => {
    const names = wordListNames();
    assert.ok(names.length >= 20, `only ${names.length} lists declared`);
    for (const name of names) {
      const words = wordList(name);
      assert.ok(words.length > 0, `${name} is empty`);
      assert.equal(new Set(words).size, words.length, `${name} repeats a word`);
      for (const w of words) assert.ok(!w.startsWith('@') && w.trim() === w && w !== '', `${name}: bad entry '${w}'`);
      const { source, license } = wordListSource(name);
      assert.ok(source.length > 0 && license.length > 0, `${name} has no source or licence`);
    }
  });

  it('expands subset references in file order', () => {
    assert.deepEqual(wordList('determiners.nounPhraseStart'), [
      ...wordList('determiners.articles'),
      ...wordList('determiners.demonstratives'),
      ...wordList('determiners.possessives'),
    ]);
    assert.ok(wordSet('determiners.speakerPhrase').has('several'));
    assert.ok(!wordSet('determiners.speakerPhrase').has('whose'));
    assert.ok(wordSet('determiners.hedgeContext').has('whose'));
  });

  it('names the failure when a list is not declared', () => {
    assert.throws(() => wordList('determiners.adverbs' as WordListName), /determiners\.adverbs: no such subset/);
  });

  it('keeps the speech-verb subsets of the detectors inside the one list of saying', () => {
    const reporting = new Set([
      ...wordList('speechVerbs.reportingStrong'),
      ...wordList('speechVerbs.reportingWeak'),
      ...wordList('speechVerbs.reportingPhrases'),
    ]);
    for (const name of ['speechVerbs.claimAttribution', 'speechVerbs.reportingDeferred'] as const) {
      const outside = wordList(name).filter((w) => !reporting.has(w));
      assert.deepEqual(outside, [], `${name} has words the quote attribution does not know`);
    }
    // The sentence splitter also keeps '“Why?” Ortega cried.' together; quote attribution does not take
    // "cried" (it is as often "wept"), so this one word is the splitter's own.
    assert.deepEqual(
      wordList('speechVerbs.sentenceAttribution').filter((w) => !reporting.has(w)),
      ['cried'],
    );
    // The entity detector's verbs after a name: speech verbs here, actions ("resigned", "won") in entities-words.json.
    const actions = new Set(entitiesWords.personActionVerbs);
    assert.deepEqual(
      wordList('speechVerbs.afterName').filter((w) => actions.has(w)),
      [],
    );
    for (const name of wordListNames().filter((n) => n.startsWith('speechVerbs.') || n.startsWith('determiners.'))) {
      for (const w of wordList(name)) assert.equal(w, w.toLowerCase(), `${name}: '${w}' is not lower case`);
    }
  });

  it('keeps the tokenizers’ abbreviations lower case and without their period', () => {
    for (const name of ['abbreviations.entityTokens', 'abbreviations.attributionTokens'] as const) {
      for (const w of wordList(name)) assert.match(w, /^[a-z]+$/, `${name}: '${w}'`);
    }
  });
});
