// The speaker ranker (src/core/quotes-ranker.ts, weights in src/core/models/speakers.json) on news
// written the way wires and papers write it: datelines, bylines, all-caps wire headers, titles before
// names, a subject that speaks through a participle, partial quotes framed by the sentence's subject.
// Every sentence here is our own.
import { strict as assert } from 'node:assert';
import { analyze, IncrementalAnalyzer } from '../../src/core/analyze';
import { speakerReasons, speakerScore } from '../../src/core/quotes-ranker';
import type { Quote } from '../../src/core/types';
import model from '../../src/core/models/speakers.json';

function speakers(text: string): [string, string | undefined, string | undefined][] {
  return analyze(text).quotes.map((q: Quote) => [text.slice(q.start, q.end), q.speaker && text.slice(q.speaker.start, q.speaker.end), q.speaker?.name]);
}

const WIRE =
  'BRIDGE TOLLS TO RISE AS REPAIR BILL GROWS\n\n' +
  'By Lena Ortiz\n\n' +
  'MARLOW VALE, March 3 (Wire) - The transport ministry issued a statement on Tuesday, warning that “the crossing will stay shut until the spring.”\n\n' +
  'Finance Minister Dara Quillon said the EU-backed repair fund was “nearly spent” and that tolls would rise.\n\n' +
  '“We cannot ask drivers to wait another year,” she told reporters in Marlow Vale.\n\n' +
  'A ministry spokesman, who asked not to be named, called the delay “regrettable but unavoidable.”';

describe('quote speakers: the ranker on wire copy', () => {
  const found = speakers(WIRE);
  const byQuote = (q: string) => found.find(([text]) => text.includes(q)) ?? assert.fail(`no quote “${q}”: ${JSON.stringify(found)}`);

  it('a subject that speaks through a participle before the quote: the ministry, not its statement', () => {
    const [, span] = byQuote('the crossing will stay shut');
    assert.equal(span, 'The transport ministry');
  });

  it('a title before a name: the partial quote belongs to the minister, never to the dateline or the byline', () => {
    const [, span, name] = byQuote('nearly spent');
    assert.ok(span?.includes('Dara Quillon'), `speaker span ${span}`);
    assert.ok(name?.includes('Quillon'), `speaker name ${name}`);
    for (const [, s] of found) assert.ok(!s || !/MARLOW VALE|Lena Ortiz|BRIDGE TOLLS/.test(s), `dateline, byline or headline as a speaker: ${s}`);
  });

  it('a pronoun after the quote resolves to the minister named in the paragraph before', () => {
    const [, span, name] = byQuote('We cannot ask drivers');
    assert.equal(span, 'she');
    assert.equal(name, 'Dara Quillon');
  });

  it('the subject of the clause frames a partial quote: the spokesman called the delay “…”', () => {
    const [, span] = byQuote('regrettable but unavoidable');
    assert.ok(span?.includes('spokesman'), `speaker span ${span}`);
  });

  it('a headline in capitals and a title in marks get no speaker', () => {
    const text = 'FERRY CREW SAYS “ENOUGH”\n\nHer best-known song was “Harbour Lights” (“Luces del puerto”), recorded in 1971.';
    const quotes = speakers(text);
    const title = quotes.find(([q]) => q.includes('Harbour Lights'));
    assert.equal(title?.[1], undefined);
    const translation = quotes.find(([q]) => q.includes('Luces'));
    assert.equal(translation?.[1], undefined);
  });
});

describe('quote speakers: why this speaker', () => {
  it('every speaker carries its reasons in words, strongest first', () => {
    const quotes = analyze(WIRE).quotes.filter((q) => q.speaker);
    assert.ok(quotes.length >= 4);
    for (const q of quotes) {
      const reasons = q.speaker?.reasons ?? [];
      assert.ok(reasons.length >= 1, `no reasons for ${q.speaker?.name}`);
      for (const r of reasons) assert.match(r, /^[a-z“]/, `a reason in words: ${r}`);
    }
  });

  it('reasons are the features with the largest weights, at most three, with no feature names', () => {
    const weights = (model as { weights: Record<string, number> }).weights;
    const features = ['rule:after', 'tight-after', 'cue', 'side:after', 'dist:0', 'cls:name', 'next:said'];
    const reasons = speakerReasons(features);
    assert.ok(reasons.length <= 3 && reasons.length >= 1);
    assert.ok(reasons.every((r) => !/[a-z]+:[a-z]/.test(r)));
    // The score is the sum of the weights the model file gives.
    const sum = features.reduce((s, f) => s + (weights[f] ?? 0), 0);
    assert.ok(Math.abs(speakerScore(features) - sum) < 1e-9);
  });
});

describe('quote speakers: incremental', () => {
  it('a one-character edit reuses the other paragraphs and gives the same speakers as a fresh analysis', () => {
    const incremental = new IncrementalAnalyzer();
    const first = incremental.analyze(WIRE);
    assert.deepEqual(first, analyze(WIRE));
    const edited = WIRE.replace('on Tuesday', 'on Tuesdays');
    const again = incremental.analyze(edited);
    assert.equal(incremental.stats.paragraphsAnalyzed, 1);
    assert.ok(incremental.stats.paragraphsReused >= 5);
    assert.deepEqual(again, analyze(edited));
  });
});
