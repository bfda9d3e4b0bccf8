import { strict as assert } from 'node:assert';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { renderClaimReview, serializeJsonLd } from '../../src/reports';
import { reportFor } from './helpers';

/** The fields renderClaimReview promises (see README, "Reports and the publication gate"). */
const CLAIM_REVIEW_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    required: ['@context', '@type', 'datePublished', 'author', 'claimReviewed', 'itemReviewed', 'reviewRating'],
    additionalProperties: false,
    properties: {
      '@context': { const: 'https://schema.org' },
      '@type': { const: 'ClaimReview' },
      url: { type: 'string', format: 'uri' },
      datePublished: { type: 'string', format: 'date-time' },
      author: {
        type: 'object',
        required: ['@type', 'name'],
        additionalProperties: false,
        properties: { '@type': { const: 'Organization' }, name: { type: 'string', minLength: 1 }, url: { type: 'string', format: 'uri' } },
      },
      claimReviewed: { type: 'string', minLength: 1 },
      itemReviewed: {
        type: 'object',
        required: ['@type'],
        additionalProperties: false,
        properties: {
          '@type': { const: 'Claim' },
          appearance: { type: 'array', items: { $ref: '#/definitions/work' } },
          author: {
            type: 'object',
            required: ['@type', 'name'],
            additionalProperties: false,
            properties: { '@type': { enum: ['Person', 'Organization'] }, name: { type: 'string', minLength: 1 } },
          },
        },
      },
      reviewRating: {
        type: 'object',
        required: ['@type', 'alternateName'],
        additionalProperties: false,
        properties: {
          '@type': { const: 'Rating' },
          ratingValue: { type: 'integer', minimum: 1, maximum: 5 },
          bestRating: { const: 5 },
          worstRating: { const: 1 },
          alternateName: { type: 'string', minLength: 1 },
        },
        dependencies: { ratingValue: ['bestRating', 'worstRating'] },
      },
      reviewBody: { type: 'string', minLength: 1 },
      citation: { type: 'array', items: { $ref: '#/definitions/work' } },
    },
  },
  definitions: {
    work: {
      type: 'object',
      required: ['@type', 'url'],
      additionalProperties: false,
      properties: { '@type': { const: 'CreativeWork' }, url: { type: 'string', format: 'uri' } },
    },
  },
};

function validate(doc: unknown): void {
  const ajv = new Ajv({ strict: true, allErrors: true });
  addFormats(ajv);
  assert.ok(ajv.validate(CLAIM_REVIEW_SCHEMA, doc), JSON.stringify(ajv.errors, null, 2));
}

describe('renderClaimReview', () => {
  const report = reportFor(
    [
      { quote: 'rise by 12 percent', verdict: 'mostly-true', comment: 'Tariff notice: 11.8%', sources: ['https://example.org/tariffs'] },
      { quote: '4.6 million passengers', verdict: 'false' },
      { quote: 'We cannot run more boats', verdict: 'misleading' },
      { quote: 'gather at the main pier', verdict: 'unverifiable' },
      { quote: 'transport authority', verdict: 'unchecked' },
      { quote: 'By Ines Duarte', verdict: 'true' },
    ],
    undefined,
    (t) => t.replace('By Ines Duarte', 'By the news desk'),
  );

  it('makes one valid ClaimReview per placed note with a final verdict, in text order', () => {
    const reviews = renderClaimReview(report, {
      organization: 'Harbour Checks',
      organizationUrl: 'https://checks.example',
      url: 'https://checks.example/ferry',
      articleUrl: 'https://news.example/ferry',
    });
    validate(reviews);
    assert.deepEqual(
      reviews.map((r) => r.claimReviewed),
      ['rise by 12 percent', '4.6 million passengers', 'We cannot run more boats', 'gather at the main pier'],
      'unchecked and orphaned notes are left out',
    );
    const first = reviews[0] as Record<string, any>;
    assert.deepEqual(first.author, { '@type': 'Organization', name: 'Harbour Checks', url: 'https://checks.example' });
    assert.deepEqual(first.reviewRating, { '@type': 'Rating', ratingValue: 4, bestRating: 5, worstRating: 1, alternateName: 'Mostly true' });
    assert.deepEqual(first.itemReviewed.appearance, [{ '@type': 'CreativeWork', url: 'https://news.example/ferry' }]);
    assert.match(first.url, /^https:\/\/checks\.example\/ferry#note-[0-9a-f-]{36}$/);
    assert.equal(first.datePublished, report.claims[0].notes[0].modified);
    assert.equal(first.reviewBody, 'Tariff notice: 11.8%');
    assert.deepEqual(first.citation, [{ '@type': 'CreativeWork', url: 'https://example.org/tariffs' }]);
  });

  it('maps verdicts to the 1–5 scale; misleading and unverifiable get only a textual rating', () => {
    const ratings = renderClaimReview(report).map((r) => r.reviewRating);
    assert.equal((ratings[1] as Record<string, unknown>).ratingValue, 1);
    assert.deepEqual(ratings[2], { '@type': 'Rating', alternateName: 'Misleading' });
    assert.deepEqual(ratings[3], { '@type': 'Rating', alternateName: 'Unverifiable' });
  });

  it('names the speaker of a quoted claim as the claim author', () => {
    const quoted = renderClaimReview(report)[2].itemReviewed as Record<string, any>;
    assert.equal(quoted.author['@type'], 'Person');
    assert.match(quoted.author.name, /Paula Mendes/);
    assert.equal((renderClaimReview(report)[1].itemReviewed as Record<string, unknown>).author, undefined);
  });

  it('defaults: author FactDesk, no url, no appearance for a local file', () => {
    const reviews = renderClaimReview(report);
    validate(reviews);
    const first = reviews[0] as Record<string, any>;
    assert.equal(first.author.name, 'FactDesk');
    assert.equal(first.url, undefined);
    assert.equal(first.itemReviewed.appearance, undefined);
  });

  it('serializes so that it can sit inside <script type="application/ld+json">', () => {
    const tricky = reportFor([{ quote: '4.6 million passengers', verdict: 'false', comment: '</script><script>alert(1)</script> & more' }]);
    const text = serializeJsonLd(renderClaimReview(tricky));
    assert.doesNotMatch(text, /<|>/);
    assert.equal((JSON.parse(text)[0] as { reviewBody: string }).reviewBody, '</script><script>alert(1)</script> & more');
  });
});
