// How calm the default view is: the share of an article's sentences that get a background tint, on
// the bundled examples (examples/), as the editor draws them by default (factdesk.claims.highlight =
// strongest: the claims the article's ranking puts first, src/core/emphasis.ts; quotes are coloured
// text, not tinted) against the earlier drawing (every claim and every quote tinted). Part of
// `npm run bench`; `node scripts/bench-tint.mjs` alone after `npm run build`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The default view should tint at most this share of an article's sentences. */
export const TINTED_SHARE_TARGET = 1 / 3;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const core = await import(path.join(ROOT, 'dist', 'core.js')).then((m) => m.default ?? m);
const dir = path.join(ROOT, 'examples');
const files = fs
  .readdirSync(dir)
  .filter((f) => /\.(txt|md|markdown)$/.test(f))
  .sort();

const pct = (n, d) => `${((100 * n) / d).toFixed(0)}%`;
const rows = [];
const totals = { sentences: 0, before: 0, all: 0, strongest: 0 };
for (const file of files) {
  const analysis = core.analyze(fs.readFileSync(path.join(dir, file), 'utf8'));
  const { sentences } = analysis.structure;
  const flags = core.prominentClaims(analysis.claims);
  const strongest = analysis.claims.filter((_, i) => flags[i]);
  const row = {
    file,
    sentences: sentences.length,
    claims: analysis.claims.length,
    before: core.sentencesTouched(sentences, [...analysis.claims, ...analysis.quotes]),
    all: core.sentencesTouched(sentences, analysis.claims),
    strongest: core.sentencesTouched(sentences, strongest),
    tintedClaims: strongest.length,
  };
  rows.push(row);
  for (const key of Object.keys(totals)) totals[key] += row[key];
}

console.log('sentences tinted in the default view of the bundled examples (background colour on any part of the sentence)');
console.log(
  ['article', 'sentences', 'claims', 'before: all claims + quotes', 'claims.highlight=all', 'default (strongest)']
    .map((h, i) => (i ? h.padStart(i > 2 ? 29 : 10) : h.padEnd(30)))
    .join(''),
);
for (const r of rows) {
  console.log(
    [
      r.file.padEnd(30),
      String(r.sentences).padStart(10),
      String(r.claims).padStart(10),
      `${r.before} (${pct(r.before, r.sentences)})`.padStart(29),
      `${r.all} (${pct(r.all, r.sentences)})`.padStart(29),
      `${r.strongest} (${pct(r.strongest, r.sentences)}; ${r.tintedClaims} claims)`.padStart(29),
    ].join(''),
  );
}
const share = totals.strongest / totals.sentences;
console.log(
  `all examples: ${totals.sentences} sentences; tinted before ${totals.before} (${pct(totals.before, totals.sentences)}), ` +
    `claims.highlight=all ${totals.all} (${pct(totals.all, totals.sentences)}), default ${totals.strongest} (${pct(totals.strongest, totals.sentences)})`,
);
const worst = Math.max(...rows.map((r) => r.strongest / r.sentences));
const ok = share <= TINTED_SHARE_TARGET && worst <= TINTED_SHARE_TARGET;
console.log(`target: <= ${pct(1, 3)} of sentences tinted by default, overall and per article (worst ${pct(worst, 1)}): ${ok ? 'ok' : 'ABOVE TARGET'}`);
if (!ok) process.exitCode = 1;
