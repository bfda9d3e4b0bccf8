import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { analyze } from '../../src/core/analyze';
import { addContextReasons, claimFeatures, detectClaims, modelClaimThreshold, scoreClaim, type ClaimContext } from '../../src/core/claims';
import { unpackWeights } from '../../src/core/linear-model';
import model from '../../src/core/models/claims.json';
import { DEFAULT_CLAIM_THRESHOLD, type Claim, type ClaimReason, type Entity, type Quote, type Sentence, type TextStructure } from '../../src/core/types';

const EMPTY: ClaimContext = { entities: [], quotes: [], hedges: [] };

/** One paragraph whose sentences are exactly the given strings, so tests don't depend on the segmenter. */
function build(sentences: string[]): { text: string; structure: TextStructure } {
  let text = '';
  const spans: Sentence[] = [];
  for (const s of sentences) {
    if (text) text += ' ';
    spans.push({ start: text.length, end: text.length + s.length, paragraph: 0 });
    text += s;
  }
  return {
    text,
    structure: { format: 'plaintext', metadata: [], paragraphs: [{ start: 0, end: text.length, index: 0 }], sentences: spans, excluded: [] },
  };
}

function claimsOf(sentence: string, context: ClaimContext = EMPTY, threshold = DEFAULT_CLAIM_THRESHOLD): Claim[] {
  const { text, structure } = build([sentence]);
  return detectClaims(text, structure, context, threshold);
}

function reasonsOf(sentence: string): string[] {
  const claims = claimsOf(sentence);
  assert.ok(claims.length > 0, `expected a claim in: ${sentence}`);
  return claims.flatMap((c) => c.reasons);
}

function assertSpansValid(text: string, claims: Claim[]): void {
  let last = 0;
  for (const c of claims) {
    assert.ok(Number.isInteger(c.start) && Number.isInteger(c.end), 'integer offsets');
    assert.ok(c.start >= last && c.start < c.end && c.end <= text.length, `span ${c.start}-${c.end} in order and in bounds`);
    assert.ok(c.score >= 0 && c.score <= 1, 'score in [0, 1]');
    assert.equal(text.slice(c.start, c.end).trim(), text.slice(c.start, c.end), 'no surrounding white space');
    last = c.end;
  }
}

describe('claims', () => {
  describe('reasons', () => {
    it('statistic: numbers, percentages, money, magnitudes', () => {
      assert.ok(reasonsOf('Unemployment in the county fell to 4.2 percent in the spring.').includes('statistic'));
      assert.ok(reasonsOf('The hospital spent $3.4 million on temporary staff.').includes('statistic'));
      assert.ok(reasonsOf('Nearly two-thirds of the town’s bakeries closed within a decade.').includes('statistic'));
    });

    it('date: years, months and time phrases', () => {
      assert.ok(reasonsOf('The ferry line was closed in 1998 after the regional authority cut its subsidy.').includes('date'));
      assert.ok(reasonsOf('The board approved the merger on March 3 by a vote of five to two.').includes('date'));
    });

    it('comparison: comparatives, "than", superlatives', () => {
      assert.ok(reasonsOf('Rents in the harbour district rose faster than in any other part of the city.').includes('comparison'));
      assert.ok(reasonsOf('It was the largest budget increase in the province’s history, with 40 new posts.').includes('comparison'));
    });

    it('causal: because, led to, due to', () => {
      assert.ok(reasonsOf('The plant closed in 2019 because the state cut its energy subsidy by half.').includes('causal'));
      assert.ok(reasonsOf('The new tariff led to a 12 percent drop in steel imports last year.').includes('causal'));
    });

    it('attributed: attribution cues in the sentence, or an attributed quote from context', () => {
      assert.ok(reasonsOf('According to the census bureau, the county lost 8,000 residents between 2010 and 2020.').includes('attributed'));
      const sentence = 'The agency approved 300 new permits last year, the minister told reporters.';
      const quote: Quote = { start: 0, end: 10, content: { start: 1, end: 9 }, kind: 'statement', cue: { start: 60, end: 64, text: 'told' } };
      const claims = claimsOf(sentence, { ...EMPTY, quotes: [quote] });
      assert.ok(claims[0].reasons.includes('attributed'));
    });

    it('entity-fact: proper nouns, acronyms or an entity from context', () => {
      assert.ok(reasonsOf('Senator Halloway voted against the farm bill in 2012.').includes('entity-fact'));
      const sentence = 'the regional council voted to close 14 schools in 2021.';
      const entity: Entity = {
        id: 'organization:regional-council',
        type: 'organization',
        name: 'regional council',
        aliases: [],
        mentions: [{ start: 4, end: 20, text: 'regional council' }],
      };
      const claims = claimsOf(sentence, { ...EMPTY, entities: [entity] });
      assert.ok(claims[0].reasons.includes('entity-fact'));
    });

    it('context adds reasons only to the sentences it overlaps', () => {
      const sentences = ['the mill closed in 1985 after 40 years.', 'the town lost 2,000 jobs in 1986.'];
      const { text, structure } = build(sentences);
      const second = structure.sentences[1];
      const entity: Entity = {
        id: 'place:town',
        type: 'place',
        name: 'town',
        aliases: [],
        mentions: [{ start: second.start + 4, end: second.start + 8, text: 'town' }],
      };
      const claims = detectClaims(text, structure, { ...EMPTY, entities: [entity] }, DEFAULT_CLAIM_THRESHOLD);
      assert.equal(claims.length, 2);
      assert.ok(!claims[0].reasons.includes('entity-fact'));
      assert.ok(claims[1].reasons.includes('entity-fact'));
      // Context never changes the score: a sentence scores the same with or without it.
      assert.deepEqual(
        claims.map((c) => c.score),
        detectClaims(text, structure, EMPTY, DEFAULT_CLAIM_THRESHOLD).map((c) => c.score),
      );
    });

    it('reasons are listed once each, in a fixed order', () => {
      const reasons = claimsOf('According to the ministry, exports rose 7 percent in 2023, more than in any year since 1990, because the currency fell.')[0]
        .reasons;
      assert.deepEqual(reasons, [...new Set(reasons)]);
      assert.deepEqual(reasons.slice(0, 4), ['statistic', 'date', 'comparison', 'causal']);
    });
  });

  describe('low scores', () => {
    const low = [
      'What will you do about the deficit?',
      'Good evening, and thank you all for coming tonight.',
      'Thanks so much.',
      'I think it is wonderful.',
      'I believe in this country and I love its people.',
      'We will fight for every family in this state.',
      'We need to do better.',
      'Let me be clear.',
      'Look at the facts yourself.',
      'Yes.',
    ];
    for (const sentence of low) {
      it(`scores low: ${sentence}`, () => {
        assert.ok(scoreClaim(sentence) < DEFAULT_CLAIM_THRESHOLD, `${scoreClaim(sentence)} for ${sentence}`);
        assert.equal(claimsOf(sentence).length, 0);
      });
    }

    it('a question scores lower than the same statement', () => {
      assert.ok(scoreClaim('Did taxes rise 5 percent in 2020?') < scoreClaim('Taxes rose 5 percent in 2020.'));
    });

    it('check-worthy statements score well above opinions', () => {
      const claim = scoreClaim('The city council approved a $1.2 billion budget on Monday, the largest in its history.');
      assert.ok(claim > 0.9, String(claim));
      assert.ok(scoreClaim('I think it’s a great city.') < 0.2);
    });
  });

  describe('threshold', () => {
    const sentence = 'The governor signed the bill in May.';

    it('returns only claims scoring at or above the threshold', () => {
      const score = scoreClaim(sentence);
      assert.equal(claimsOf(sentence, EMPTY, score).length, 1, 'equal to the threshold is kept');
      assert.equal(claimsOf(sentence, EMPTY, Math.min(1, score + 0.01)).length, 0);
      assert.equal(claimsOf(sentence, EMPTY, 0).length, 1);
      assert.equal(claimsOf('Thank you.', EMPTY, 1.01).length, 0);
    });

    it('reported score matches the scoring function', () => {
      const [claim] = claimsOf(sentence, EMPTY, 0);
      assert.ok(Math.abs(claim.score - scoreClaim(sentence)) < 0.001);
    });
  });

  describe('clauses and spans', () => {
    it('splits a sentence of several statements into its check-worthy clauses', () => {
      const sentence = 'Spending rose 9 percent in 2022; the deficit doubled to $40 million; we must do better.';
      const { text, structure } = build([sentence]);
      const claims = detectClaims(text, structure, EMPTY, DEFAULT_CLAIM_THRESHOLD);
      assert.deepEqual(
        claims.map((c) => text.slice(c.start, c.end)),
        ['Spending rose 9 percent in 2022', 'the deficit doubled to $40 million'],
      );
      assertSpansValid(text, claims);
    });

    it('spans are in order, within bounds and match the sentences', () => {
      const sentences = ['Good morning.', 'The mill employed 1,200 people in 1985.', 'Is that fair?', 'Only 300 remain today, according to the union.'];
      const { text, structure } = build(sentences);
      const claims = detectClaims(text, structure, EMPTY, DEFAULT_CLAIM_THRESHOLD);
      assert.deepEqual(
        claims.map((c) => text.slice(c.start, c.end)),
        [sentences[1], sentences[3]],
      );
      assertSpansValid(text, claims);
    });

    it('a sentence scores the same wherever it stands (per-paragraph re-runs)', () => {
      const target = 'Exports to Brazil fell by a third in 2015.';
      const alone = claimsOf(target)[0];
      const { text, structure } = build(['We will win.', 'What a night!', target]);
      const inText = detectClaims(text, structure, EMPTY, DEFAULT_CLAIM_THRESHOLD).at(-1)!;
      assert.equal(inText.score, alone.score);
      assert.deepEqual(inText.reasons, alone.reasons);
      assert.equal(inText.start - structure.sentences[2].start, alone.start);
    });

    it('never throws on odd input', () => {
      const odd = [
        '',
        ' ',
        '???',
        '$$$ %%%',
        '\u0000\uFFFF\uD800',
        '🙂 1,000,000 🙂',
        'x'.repeat(100000),
        '1'.repeat(5000) + '%',
        'a-'.repeat(5000),
        "I'".repeat(3000),
      ];
      for (const s of odd) {
        const { text, structure } = build([s]);
        const claims = detectClaims(text, structure, EMPTY, 0);
        assertSpansValid(text, claims);
      }
      // Sentences outside the text are ignored rather than trusted.
      const bad: TextStructure = {
        format: 'plaintext',
        metadata: [],
        paragraphs: [],
        sentences: [
          { start: 5, end: 500, paragraph: 0 },
          { start: 3, end: 2, paragraph: 0 },
        ],
        excluded: [],
      };
      assert.deepEqual(detectClaims('short text', bad, EMPTY, 0), []);
      assert.deepEqual(detectClaims('', { ...bad, sentences: [] }, EMPTY, 0), []);
    });

    // Speed is measured by `npm run bench`, not here; this checks a megabyte is handled whole.
    it('scores a megabyte of news-like sentences', () => {
      const pool = [
        'The council approved a $1.2 billion budget on Monday, the largest in the city’s history.',
        '“We did not take this decision lightly,” said the chief engineer.',
        'Is that fair?',
        'Unemployment rose to 9.4 percent last year, higher than in any other region; exports fell by a third.',
        'Zоnе ünïcödé wörds — 12 000 € — naïve café façade.',
      ];
      const sentences: string[] = [];
      for (let size = 0; size < 1_000_000;) {
        const s = pool[sentences.length % pool.length];
        sentences.push(s);
        size += s.length + 1;
      }
      const { text, structure } = build(sentences);
      const claims = detectClaims(text, structure, EMPTY, DEFAULT_CLAIM_THRESHOLD);
      assert.ok(claims.length > sentences.length / 2);
      for (const c of claims) assert.ok(c.end <= text.length && c.start < c.end);
    });

    it('features are finite numbers', () => {
      for (const value of Object.values(claimFeatures('In 2020, 45% of voters — about 2 million — chose him.'))) assert.ok(Number.isFinite(value));
    });
  });

  describe('the learned model', () => {
    it('ships its selected threshold as the default everywhere (engine, types, VS Code setting)', () => {
      assert.equal(DEFAULT_CLAIM_THRESHOLD, modelClaimThreshold());
      const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8'));
      assert.equal(pkg.contributes.configuration.properties['factdesk.claimThreshold'].default, modelClaimThreshold());
    });

    it('unpacks its hashed weights into a table of the stated size with the stated number of weights', () => {
      const table = unpackWeights(model.grams);
      assert.equal(table.length, 1 << model.grams.bits);
      let nonZero = 0;
      for (const w of table) if (w !== 0) nonZero++;
      assert.equal(nonZero, Buffer.from(model.grams.values, 'base64').length);
      assert.ok(nonZero > 1000, `${nonZero} hashed weights`);
    });

    it('says why in words: at most three features, strongest first, none empty', () => {
      const [claim] = claimsOf('Unemployment fell to 4.1 percent in March, the lowest rate since 2019, the statistics office said.');
      assert.ok(claim, 'a claim');
      assert.ok(claim.why.length >= 1 && claim.why.length <= 3, JSON.stringify(claim.why));
      for (const w of claim.why) assert.ok(w.trim().length > 0);
      assert.ok(
        claim.why.some((w) => /number|percent|year|rate|fell|a rise or fall/.test(w)),
        JSON.stringify(claim.why),
      );
    });

    it('a word that raised the score is named as written in the text', () => {
      const claims = claimsOf('The DEFICIT grew by $40 billion last year under the new budget.');
      assert.ok(claims.length, 'a claim');
      for (const w of claims[0].why)
        if (w.startsWith('“')) assert.ok('The DEFICIT grew by $40 billion last year under the new budget.'.includes(w.slice(1, -1)), w);
    });
  });

  describe('real news layout (own fixture)', () => {
    const ARTICLE = [
      'HARBOUR TOWN FERRY FARES TO RISE 12 PERCENT IN SPRING',
      '',
      'By Lena Okafor, Transport Correspondent',
      '',
      'PORT ELLIS, March 4 (Wire) - Ferry fares between Port Ellis and Marrow Island will rise by 12 percent in April, the operator Tidewater Lines said on Tuesday, the third increase since 2021.',
      '',
      'The company said fuel costs had doubled in two years and that passenger numbers fell to 1.4 million last year, the lowest since the service began.',
      '',
      '"We have no choice," chief executive Sam Reyes told reporters.',
      '',
      'Thanks for reading. Sign up for our newsletter.',
    ].join('\n');
    const claimed = (fragment: string): boolean => {
      const at = ARTICLE.indexOf(fragment);
      assert.ok(at >= 0, fragment);
      return analyze(ARTICLE, { categories: ['claims'] }).claims.some((c) => c.start <= at && c.end >= at + fragment.length);
    };

    it('an all-caps wire headline with a figure is a claim', () => assert.ok(claimed('FARES TO RISE 12 PERCENT')));
    it('a dateline sentence with figures is a claim', () => assert.ok(claimed('will rise by 12 percent in April')));
    it('figures attributed to a company are a claim', () => assert.ok(claimed('fuel costs had doubled in two years')));
    it('the byline is not a claim', () => assert.ok(!claimed('By Lena Okafor, Transport Correspondent')));
    it('a quoted complaint without facts is not a claim', () => assert.ok(!claimed('We have no choice')));
    it('the sign-off is not a claim', () => assert.ok(!claimed('Sign up for our newsletter.')));
  });
});

describe('claims: reasons from the other findings (addContextReasons)', () => {
  /** A deterministic pseudo-random sequence (no dependence on Math.random). */
  function generator(seed: number): () => number {
    let x = seed;
    return () => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x / 2 ** 32;
    };
  }

  const REASONS = ['statistic', 'date', 'comparison', 'causal', 'attributed', 'entity-fact'] as const;

  /** Claims in text order, with reasons of their own (some out of canonical order), quotes and entities spread over the same range. */
  function scene(seed: number): { claims: Claim[]; context: ClaimContext } {
    const random = generator(seed);
    const claims: Claim[] = [];
    let at = 0;
    for (let k = 0; k < 300; k++) {
      at += Math.floor(random() * 20);
      const end = at + 1 + Math.floor(random() * 60);
      const reasons = REASONS.filter(() => random() < 0.3);
      if (random() < 0.1) reasons.reverse();
      claims.push({ start: at, end, score: 0.5, reasons, why: [] });
      at = end;
    }
    const span = (): { start: number; end: number } => {
      const start = Math.floor(random() * at);
      return { start, end: start + Math.floor(random() * 80) };
    };
    const quotes: Quote[] = Array.from({ length: 60 }, () => {
      const s = span();
      const attributed = random() < 0.6;
      return { ...s, content: s, kind: 'statement', ...(attributed ? { cue: { ...s, text: 'said' } } : {}) };
    });
    const entities: Entity[] = Array.from({ length: 20 }, (_, e) => {
      const mentions = Array.from({ length: 30 }, () => ({ ...span(), text: 'x' })).sort((a, b) => a.start - b.start);
      // Some entities list a mention out of order: the search must not rely on the order.
      if (e % 5 === 0) mentions.reverse();
      return { id: `person:${e}`, type: 'person', name: 'x', aliases: [], mentions };
    });
    return { claims, context: { entities, quotes, hedges: [] } };
  }

  /** The reasons by the definition: a claim overlapping an attributed quote is attributed, one overlapping a mention names an entity. */
  function expected(claim: Claim, context: ClaimContext): ClaimReason[] {
    const overlaps = (s: { start: number; end: number }) => s.start < claim.end && s.end > claim.start;
    const attributed = context.quotes.some((q) => (q.speaker || q.cue) && overlaps(q));
    const mentioned = context.entities.some((e) => e.mentions.some(overlaps));
    if (!attributed && !mentioned) return claim.reasons;
    const news = (attributed && !claim.reasons.includes('attributed')) || (mentioned && !claim.reasons.includes('entity-fact'));
    const canonical = claim.reasons.every((r, k) => k === 0 || REASONS.indexOf(r) > REASONS.indexOf(claim.reasons[k - 1]));
    if (!news && canonical) return claim.reasons;
    const all = new Set<ClaimReason>([...claim.reasons, ...(attributed ? ['attributed' as const] : []), ...(mentioned ? ['entity-fact' as const] : [])]);
    return REASONS.filter((r) => all.has(r));
  }

  it('adds what the quotes and mentions a claim overlaps say, whatever the order of claims and spans', () => {
    for (const seed of [1, 2, 3]) {
      const { claims, context } = scene(seed);
      const inOrder = addContextReasons(claims, context);
      assert.deepEqual(
        inOrder.map((c) => c.reasons),
        claims.map((c) => expected(c, context)),
      );
      // Claims out of text order take another path; the answer is the same.
      const reversed = addContextReasons([...claims].reverse(), context);
      assert.deepEqual([...reversed].reverse(), inOrder);
      assert.ok(inOrder.some((c, k) => c !== claims[k]) && inOrder.some((c, k) => c === claims[k]));
    }
  });
});
