// The fixed-seed slice of the structured fuzzing (issue #8) that every test run repeats: the same
// properties as `npm run fuzz` (scripts/fuzz-worker.ts), on short generated articles, with seeds that
// never change, so a regression in any detector's handling of odd text fails here first. Long runs with
// other seeds are `npm run fuzz -- --seconds N --seed S`.
import fc from 'fast-check';
import { SMALL, TINY } from './fuzz/articles';
import { articleProperty, incrementalProperty } from './fuzz/properties';

/** Inputs of the slice, by property: at least 20,000 in all (the floor). */
const SLICE = { tinyArticles: 18000, smallArticles: 1500, incremental: 500 } as const;
/** Fixed seeds: the slice is the same inputs on every run and machine. */
const SLICE_SEED = 20261206;
const MAX_EDIT_STEPS = 6;

describe('fuzzing: a fixed-seed slice of the properties', function () {
  // Tens of thousands of analyses: minutes on a loaded machine, so no per-test time limit.
  this.timeout(0);

  it(`${SLICE.tinyArticles} articles of a few sentences: never throw, spans valid, the editor answers at every offset`, () => {
    fc.assert(articleProperty(TINY), { seed: SLICE_SEED, numRuns: SLICE.tinyArticles });
  });

  it(`${SLICE.smallArticles} articles of a few paragraphs: the same properties`, () => {
    fc.assert(articleProperty(SMALL), { seed: SLICE_SEED + 1, numRuns: SLICE.smallArticles });
  });

  it(`${SLICE.incremental} edit sequences: incremental analysis equals a fresh one after every step`, () => {
    fc.assert(incrementalProperty(TINY, MAX_EDIT_STEPS), { seed: SLICE_SEED + 2, numRuns: SLICE.incremental });
  });
});
