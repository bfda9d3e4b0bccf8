// The learned entity tagger (src/core/entities-model.ts, weights in src/core/models/entities.json)
// on news text written for these tests: headlines, bylines, datelines, titles before names,
// hyphenated compounds, and names a CoNLL-trained tagger has never seen.
import { strict as assert } from 'node:assert';
import { analyze, IncrementalAnalyzer } from '../../src/core/analyze';
import { detectEntities, entityTrainingView } from '../../src/core/entities';
import { allowed, describeFeature, LABELS, NUM_LABELS, viterbi, wordShape } from '../../src/core/entities-model';
import { segment } from '../../src/core/segmentation';
import type { Entity } from '../../src/core/types';

const entitiesOf = (text: string): Entity[] => detectEntities(text, segment(text, 'plaintext'));
const typeOf = (entities: Entity[], mention: string): string | undefined => entities.find((e) => e.mentions.some((m) => m.text === mention))?.type;

const STORY = [
  'FLOODS CLOSE BRIDGE AS STORM INGRID HITS NORTH',
  '',
  'By Tamsin Okafor, Regional Affairs Correspondent',
  '',
  'MARLOW VALE, March 3 (Wire) - Finance Minister Dara Quillon said on Tuesday that the EU-backed repair fund would cover the crossing, ' +
    'a day after the UN-led assessment team left Marlow Vale.',
  '',
  'Storm Ingrid pushed the River Wend over its banks overnight. A spokesman for Hallam Civil Engineering, Colm Vesey, said the firm ' +
    'would rebuild the weir.',
].join('\n');

describe('entity tagger on news text', () => {
  const entities = entitiesOf(STORY);

  it('types unseen place, event and company names by their head words', () => {
    assert.equal(typeOf(entities, 'Marlow Vale'), 'place');
    assert.equal(typeOf(entities, 'River Wend'), 'place');
    assert.equal(typeOf(entities, 'Storm Ingrid'), 'other');
    assert.equal(typeOf(entities, 'Hallam Civil Engineering'), 'organization');
  });

  it('reads titles before names as roles, not as parts of names', () => {
    const minister = entities.find((e) => e.name === 'Dara Quillon');
    assert.equal(minister?.type, 'person');
    assert.equal(minister?.role?.text, 'Finance Minister');
    const spokesman = entities.find((e) => e.name === 'Colm Vesey');
    assert.equal(spokesman?.type, 'person');
    assert.match(spokesman?.role?.text ?? '', /^spokesman for Hallam Civil Engineering$/);
  });

  it('finds organizations inside hyphenated compounds', () => {
    for (const [name, compound] of [
      ['EU', 'EU-backed'],
      ['UN', 'UN-led'],
    ]) {
      const entity = entities.find((e) => e.name === name);
      assert.equal(entity?.type, 'organization', name);
      const m = entity!.mentions[0];
      assert.equal(STORY.slice(m.start, m.end), name);
      assert.equal(STORY.slice(m.start, m.start + compound.length), compound);
    }
  });

  it('handles the headline, byline and dateline', () => {
    // The dateline's capitals take the type the running text gives the same name.
    assert.equal(typeOf(entities, 'MARLOW VALE'), 'place');
    assert.equal(
      entities.find((e) => e.mentions.some((m) => m.text === 'MARLOW VALE')),
      entities.find((e) => e.mentions.some((m) => m.text === 'Marlow Vale')),
    );
    // Headline words nothing vouches for are no names; the storm is the one the text names.
    assert.equal(typeOf(entities, 'STORM INGRID'), 'other');
    for (const word of ['FLOODS', 'CLOSE BRIDGE', 'HITS NORTH', 'NORTH', 'HITS']) assert.equal(typeOf(entities, word), undefined, word);
    assert.equal(typeOf(entities, 'Tamsin Okafor'), 'person');
    assert.equal(entities.find((e) => e.name === 'Tamsin Okafor')?.role?.text, 'Regional Affairs Correspondent');
    // A job title in a byline is not an organization.
    assert.equal(typeOf(entities, 'Regional Affairs Correspondent'), undefined);
  });

  it('explains every entity in words', () => {
    assert.ok(entities.length >= 8);
    for (const e of entities) {
      assert.ok(e.reasons && e.reasons.length > 0, `${e.name} has reasons`);
      for (const r of e.reasons) assert.doesNotMatch(r, /^[a-z+-]+\d?=|^bias$/, `a reason in words, not a feature name: ${r}`);
    }
    assert.ok(entities.find((e) => e.name === 'EU')?.reasons?.[0].includes('EU-backed'));
  });

  it('a name the rules found at a sentence start is kept when the text names it elsewhere', () => {
    const text = 'Striker Paolo Renzi scored twice. Renzi now has nine goals this season.';
    const renzi = entitiesOf(text).find((e) => e.name === 'Paolo Renzi');
    assert.deepEqual(
      renzi?.mentions.map((m) => m.text),
      ['Paolo Renzi', 'Renzi'],
    );
  });

  it('a one-character edit gives what a fresh analysis gives (paragraph caches)', () => {
    const engine = new IncrementalAnalyzer();
    engine.analyze(STORY);
    const edited = STORY.replace('overnight', 'overnigh');
    const incremental = engine.analyze(edited);
    assert.deepEqual(incremental.entities, analyze(edited).entities);
    assert.ok(engine.stats.paragraphsReused >= 3);
  });
});

describe('entity tagger internals', () => {
  it('word shapes collapse runs', () => {
    assert.equal(wordShape('Paris'), 'Xx');
    assert.equal(wordShape('NATO'), 'X');
    assert.equal(wordShape('U.S.'), 'X.X.');
    assert.equal(wordShape('EU-backed'), 'X-x');
    assert.equal(wordShape('A'), 'X1');
    assert.equal(wordShape('1996'), 'd');
  });

  it('Viterbi never puts an inside label after O or after another type', () => {
    const L = NUM_LABELS;
    const n = 4;
    // Scores that favour I-place everywhere: the decoder must open the name with B-place.
    const scores = new Float32Array(n * L);
    for (let i = 0; i < n; i++) scores[i * L + LABELS.indexOf('I-place')] = 5;
    for (let i = 0; i < n; i++) scores[i * L + LABELS.indexOf('B-place')] = 1;
    const out = new Uint8Array(n);
    viterbi(scores, n, new Float32Array((L + 1) * L), out);
    assert.equal(LABELS[out[0]], 'B-place');
    for (let i = 1; i < n; i++) assert.ok(allowed(out[i - 1], out[i]));
    assert.ok(!allowed(0, LABELS.indexOf('I-person')));
    assert.ok(!allowed(LABELS.indexOf('B-place'), LABELS.indexOf('I-person')));
  });

  it('feature names read as words', () => {
    assert.equal(describeFeature('w-1=in'), 'after “in”');
    assert.equal(describeFeature('g=country'), 'a country in the word lists');
    assert.equal(describeFeature('rs=B-place:3'), 'the name rules say a place name (gazetteer, title or name ending)');
    assert.equal(describeFeature('caps-line'), 'in an all-capitals line');
  });

  it('the training view reads the candidate tokens with the features the tagger uses', () => {
    const text = 'Officials in Marlow Vale met Dara Quillon .';
    const segments = entityTrainingView(text, segment(text, 'plaintext'));
    const spans = segments.map((s) => s.spans.map(([a, b]) => text.slice(a, b)));
    assert.deepEqual(spans, [['Officials'], ['Marlow', 'Vale'], ['Dara', 'Quillon']]);
    const vale = segments[1].features[1];
    for (const f of ['w=vale', 'g=place-head', 'w-1=marlow', 'w+1=met', 'w-2=in', 'r=I-place']) assert.ok(vale.includes(f), f);
  });
});
