import assert from 'node:assert/strict';
import { cueFeatureNames, lemma, sentenceFeatureNames } from '../../src/core/hedges-model';
import { hedgeTrainingCandidates, hedgeTrainingWords } from '../../src/core/hedges';

describe('hedge cue candidates for the learned models (issue #12)', () => {
  const summary = (text: string, learned: string[] = []) =>
    hedgeTrainingCandidates(text, learned).candidates.map((c) => [text.slice(c.start, c.end), c.category, c.rule, c.source]);

  it('proposes every lexicon match and keeps the context rule verdict instead of applying it', () => {
    assert.deepEqual(summary('The vote is on May 5.'), [['May', 'modal', 'fail', 'lexicon']]);
    assert.deepEqual(summary('The wreck may have drifted north.'), [['may', 'modal', 'pass', 'lexicon']]);
    assert.deepEqual(summary('The kit may also include a spare battery.'), [['may', 'modal', 'fail', 'lexicon']]);
  });

  it('proposes learned phrases the lexicon lacks, and marks phrases both propose', () => {
    assert.deepEqual(summary('The idea is untested.'), []);
    assert.deepEqual(summary('The idea is untested.', ['idea']), [['idea', 'learned', 'none', 'learned']]);
    assert.deepEqual(summary('The ferry might sink.', ['might']), [['might', 'modal', 'pass', 'both']]);
  });

  it('flags anonymous sources and vague news attributions', () => {
    const [anonymous] = hedgeTrainingCandidates('An unnamed official said so.', []).candidates;
    assert.equal(anonymous.anonymous, true);
    const [critics] = hedgeTrainingCandidates('Critics say the law failed.', []).candidates;
    assert.deepEqual([critics.cue, critics.strong, critics.anonymous], ['critics say', true, false]);
  });

  it('names a candidate by its words, context and the rule verdict', () => {
    const words = hedgeTrainingWords('It may have rained');
    const tokens = words.map((w, i) => ({ lower: w, capitalized: i === 0 }));
    const names = cueFeatureNames(tokens, 1, 2, 'modal', 'pass', 'lexicon');
    for (const n of ['w:may', 'c:modal', 'r:pass', 'p1:it', 'n1:have', 'nb:have', 'n2:rained', 'ps:Cap']) assert.ok(names.includes(n), n);
    assert.ok(!names.includes('first'));
    assert.ok(cueFeatureNames(tokens, 0, 1, 'learned', 'none', 'learned').includes('first'));
  });

  it('reads a sentence by its words, pairs, candidates and best cue score', () => {
    const tokens = hedgeTrainingWords('Some say it works').map((w) => ({ lower: w, capitalized: false }));
    const names = sentenceFeatureNames(tokens, [{ cue: 'some say', category: 'weasel', rule: 'none' }], 0.4);
    for (const n of ['u:some', 'b:<s> some', 'b:say it', 'cw:some say', 'cc:weasel', 'mx:0.35']) assert.ok(names.includes(n), n);
    assert.ok(!names.includes('mx:0.5'));
  });

  it('shares a lemma between forms of a verb', () => {
    assert.deepEqual(['suggests', 'suggested', 'suggesting'].map(lemma), ['suggest', 'suggest', 'suggest']);
  });
});
