#!/usr/bin/env node
// Measures how well notes stay on the right text: generates article-like text, places notes on
// random sentences and phrases, applies random realistic edits (sentences inserted and removed,
// typos fixed in and around quoted text, words reworded, paragraphs moved), re-anchors from the
// stored selectors and compares with where each note's text really went.
// Usage: npm run bench:anchoring [-- --seed N --articles N --notes N --edits N --verbose]
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const SEED = opt('seed', 20261127);
// 200 articles x 50 notes: 10,000 notes, ten times the first version's volume (issue #8); the
// targets hold there too. `--articles 20` is the old run, `--articles 20 --notes 500` crowds each article.
const ARTICLES = opt('articles', 200);
const NOTES_PER_ARTICLE = opt('notes', 50);
const EDITS_PER_ARTICLE = opt('edits', 30);
const VERBOSE = args.includes('--verbose');
/** --examples: start from the articles in examples/ (real prose, short) instead of generated ones. */
const EXAMPLES = args.includes('--examples')
  ? fs
      .readdirSync(path.join(root, 'examples'))
      .filter((f) => /\.(txt|md)$/.test(f))
      .map((f) => fs.readFileSync(path.join(root, 'examples', f), 'utf8'))
  : undefined;

// Bundle the TypeScript notes module once, then load it.
const outfile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fd-bench-anchoring-')), 'notes.mjs');
await esbuild.build({
  entryPoints: [path.join(root, 'src/notes/index.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile,
  logLevel: 'warning',
});
const { anchorAll, describeSpan, shiftSpan } = await import(pathToFileURL(outfile).href);

// ---- seeded PRNG (mulberry32) ----
let state = SEED >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(random() * n);
const pick = (list) => list[int(list.length)];
const chance = (p) => random() < p;

// ---- article-like text ----
const W = {
  first: [
    'Maria',
    'James',
    'Aisha',
    'Tomasz',
    'Chen',
    'Lucia',
    'Kwame',
    'Sofia',
    'Rahul',
    'Elena',
    'David',
    'Fatima',
    'Oliver',
    'Ingrid',
    'Mateo',
    'Yuki',
    'Sinéad',
    'José',
    'Zoë',
    'Björn',
    'Amara',
    'Pieter',
    'Hana',
    'Liam',
    'Nadia',
    'Gustavo',
    'Mei',
    'Tariq',
    'Clara',
    'Emeka',
    'Irene',
    'Søren',
    'Priya',
    'Hamid',
    'Greta',
    'Luca',
    'Ana',
    'Kofi',
    'Marta',
    'Viktor',
  ],
  last: [
    'Okafor',
    'Novak',
    'Hughes',
    'Lindqvist',
    'Moreau',
    'Haddad',
    'Kowalski',
    'Tanaka',
    'Fernández',
    'Brennan',
    'Osei',
    'Petrov',
    'Ward',
    'Khan',
    'Rossi',
    'Müller',
    'Nakamura',
    'Delgado',
    'Achterberg',
    'Sato',
    'Mensah',
    'Quinn',
    'Baptiste',
    'Costa',
    'Eriksen',
    'Farouk',
    'Gallagher',
    'Ivanova',
    'Jansen',
    'Kaur',
    'Lopez',
    'Mwangi',
    'Nilsson',
    "O'Brien",
    'Pereira',
    'Reyes',
  ],
  role: [
    'finance director',
    'spokeswoman',
    'chief executive',
    'health minister',
    'council leader',
    'lead researcher',
    'union representative',
    'police commissioner',
    'head of planning',
    'opposition spokesman',
    'deputy mayor',
    'chief engineer',
    'board chair',
    'housing officer',
    'economist',
    'press officer',
    'medical director',
    'ombudsman',
    'auditor general',
    'campaign coordinator',
  ],
  org: [
    'the city council',
    'the health ministry',
    'Northbridge University',
    'the transport authority',
    'the national statistics office',
    'Harbour Water Ltd',
    "the teachers' union",
    'the regional hospital trust',
    'the environment agency',
    'Meridian Energy',
    'the port authority',
    'the fire service',
    'Greenline Buses',
    'the housing association',
    'the audit office',
    'the chamber of commerce',
    'the coastguard',
    'the planning inspectorate',
    "St Anne's Hospital",
    'the water regulator',
  ],
  place: [
    'the harbour district',
    'Eastfield',
    'the old town',
    'Riverside',
    'the northern suburbs',
    'Kingsmoor',
    'the county',
    'the city centre',
    'Westbay',
    'Millbrook',
    'Ashford Green',
    'the industrial estate',
    'Port Lesley',
    'the valley',
    'Southgate',
    'the university quarter',
    'Hollowmere',
    'the ring road',
    'Brackenfield',
    'the seafront',
  ],
  thing: [
    'budget',
    'bridge repairs',
    'waiting list',
    'bus fares',
    'flood defences',
    'school funding',
    'vaccine trial',
    'housing plan',
    'water bills',
    'recycling scheme',
    'speed limit',
    'library service',
    'parking charges',
    'tram extension',
    'rent cap',
    'heating subsidy',
    'cycle lane',
    'maternity unit',
    'sewage outflow',
    'tourist tax',
    'sports centre',
    'night bus',
    'air quality zone',
    'pension fund',
  ],
  verb: ['rise', 'fall', 'increase', 'drop', 'grow', 'shrink', 'double', 'stabilise'],
  past: [
    'approved',
    'rejected',
    'delayed',
    'announced',
    'criticised',
    'defended',
    'reviewed',
    'postponed',
    'expanded',
    'cut',
    'scrapped',
    'overhauled',
    'suspended',
    'extended',
  ],
  reason: [
    'rising costs',
    'safety concerns',
    'a shortage of staff',
    'legal advice',
    'lower demand',
    'an independent review',
    'pressure from residents',
    'new government rules',
    'higher interest rates',
    'a court ruling',
    'the storm damage',
    'an accounting error',
    'a fall in visitors',
    'contract disputes',
    'the energy crisis',
    'a data breach',
  ],
  unit: ['residents', 'patients', 'households', 'pupils', 'jobs', 'homes', 'complaints', 'vehicles', 'passengers', 'businesses', 'nurses', 'applications'],
  period: ['year', 'month', 'week', 'quarter', 'winter', 'summer', 'spring', 'autumn'],
  day: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  month: ['January', 'March', 'April', 'May', 'June', 'July', 'September', 'October', 'November', 'December'],
  adj: ['significant', 'modest', 'sharp', 'unexpected', 'gradual', 'record', 'temporary', 'lasting', 'steep', 'slight', 'dramatic', 'welcome'],
  emoji: ['📈', '🚧', '✅', '💶', '🏥', '🚌', '🌊'],
};
const person = () => `${pick(W.first)} ${pick(W.last)}`;
const num = () => pick([String(2 + int(98)), 1 + int(99) + '.' + int(10), String(100 + int(9900)), 1 + int(9) + ',' + String(100 + int(900))]);
const year = () => String(1995 + int(31));
const cap = (s) => s[0].toUpperCase() + s.slice(1);
// Sentences are composed from an optional opener, a subject, a predicate and an optional tail,
// so that, as in real articles, short phrases repeat but whole sentence frames rarely do.
const OPENERS = [
  () => `On ${pick(W.day)}, `,
  () => `Last ${pick(W.period)}, `,
  () => 'In a statement, ',
  () => 'Despite the protests, ',
  () => `According to ${pick(W.org)}, `,
  () => `By ${pick(W.month)}, `,
  () => 'However, ',
  () => `Since ${year()}, `,
  () => 'Separately, ',
  () => `In ${pick(W.place)}, `,
  () => 'Earlier this year, ',
];
const SUBJECTS = [
  () => person(),
  () => `${person()}, the ${pick(W.role)} of ${pick(W.org)},`,
  () => pick(W.org),
  () => `the ${pick(W.thing)}`,
  () => `${num()} ${pick(W.unit)}`,
  () => `officials in ${pick(W.place)}`,
  () => `a ${pick(W.role)} at ${pick(W.org)}`,
  () => `${pick(W.unit)} in ${pick(W.place)}`,
  () => `the ${pick(W.thing)} in ${pick(W.place)}`,
];
const PREDICATES = [
  () => `said the ${pick(W.thing)} would ${pick(W.verb)} by ${num()} percent`,
  () => `${pick(W.past)} the ${pick(W.thing)}`,
  () => `has cost about ${num()} million since ${year()}`,
  () => `warned that ${pick(W.reason)} could delay the ${pick(W.thing)}`,
  () => `rose to ${num()} in ${pick(W.month)}, up from ${num()} a ${pick(W.period)} earlier`,
  () => `blamed ${pick(W.reason)} for the ${pick(W.adj)} ${pick(['rise', 'fall', 'delay', 'overspend', 'shortfall'])}`,
  () => `told reporters that the ${pick(W.thing)} was "${pick(['a mistake', 'long overdue', 'working', 'under review', 'not affordable'])}"`,
  () => `will vote on the ${pick(W.thing)} in ${pick(W.month)}`,
  () => `received ${num()} complaints about the ${pick(W.thing)}`,
  () => `disputed the figures, arguing that ${pick(W.reason)} explained the ${pick(W.adj)} change`,
  () => `declined to comment on the ${pick(W.thing)}`,
  () => `found that ${num()} percent of ${pick(W.unit)} supported the ${pick(W.thing)}`,
  () => `lost ${num()} ${pick(W.unit)} between ${year()} and ${year()}`,
  () => `will pay ${num()} euros more per ${pick(['month', 'year', 'week'])} under the new ${pick(W.thing)}`,
  () => `first proposed the ${pick(W.thing)} in ${pick(W.month)} ${year()}`,
  () => `has ${pick(W.past)} ${num()} ${pick(W.unit)} claims ${pick(W.emoji)}`,
];
const TAILS = [
  () => `, citing ${pick(W.reason)}`,
  () => ` last ${pick(W.period)}`,
  () => ` in ${pick(W.place)}`,
  () => `, a ${pick(W.adj)} change`,
  () => `, the ${pick(['first', 'second', 'largest', 'smallest', 'highest'])} since ${year()}`,
  () => ` without consulting ${pick(W.unit)}`,
  () => `, ${pick(W.org)} confirmed`,
  () => `, ${person()} said`,
  () => ` despite ${pick(W.reason)}`,
];
function sentence() {
  if (chance(0.1)) return `"${cap(pick(PREDICATES)().replace(/^(said|told reporters that) /, ''))}," said ${person()}.`;
  const opener = chance(0.35) ? pick(OPENERS)() : '';
  const subject = pick(SUBJECTS)();
  const tail = chance(0.45) ? pick(TAILS)() : '';
  return cap(opener + subject + ' ' + pick(PREDICATES)() + tail + '.');
}
const paragraph = () => Array.from({ length: 2 + int(4) }, sentence).join(' ');
const article = () => `${cap(pick(W.thing))} ${pick(W.past)} in ${pick(W.place)}\n\n` + Array.from({ length: 30 + int(20) }, paragraph).join('\n\n') + '\n';

// ---- where sentences and paragraphs are in the current text ----
function sentenceSpans(text) {
  const out = [];
  const re = /[^\s][^\n]*?[.!?]["”]?(?=\s|$)/g;
  for (let m; (m = re.exec(text));) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}
function paragraphSpans(text) {
  const out = [];
  const re = /[^\n]+/g;
  for (let m; (m = re.exec(text));) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

// ---- notes on random sentences and phrases ----
function randomPassage(text) {
  const sentences = sentenceSpans(text).slice(1);
  // Whole sentences of at least three words ("Dr." is not a claim).
  const s = pick(sentences.filter((x) => /\S+\s+\S+\s+\S+/.test(text.slice(x.start, x.end))));
  if (chance(0.35)) return s;
  const words = [];
  const re = /\S+/g;
  const body = text.slice(s.start, s.end);
  for (let m; (m = re.exec(body));) words.push({ start: s.start + m.index, end: s.start + m.index + m[0].length });
  // Fact-check notes sit on claims: phrases of three to ten words, or whole sentences.
  const n = Math.min(words.length, 3 + int(8));
  const first = int(words.length - n + 1);
  let end = words[first + n - 1].end;
  while (end > words[first].start + 1 && /[.,;:!?"”]/.test(text[end - 1])) end--;
  return { start: words[first].start, end };
}

// ---- edits; each returns the primitive changes (for the truth) and the new text ----
function replaceEdit(text, start, end, insertText) {
  return { text: text.slice(0, start) + insertText + text.slice(end), changes: [{ offset: start, deleteLength: end - start, insertText }] };
}
const TYPOS = [
  (w) => (w.length > 3 ? w.slice(0, 1) + w[2] + w[1] + w.slice(3) : w + 's'), // swapped letters
  (w) => {
    const i = 1 + int(w.length - 1);
    return w.slice(0, i) + w.slice(i - 1, i) + w.slice(i);
  }, // doubled letter
  (w) => (w.length > 2 ? ((i) => w.slice(0, i) + w.slice(i + 1))(1 + int(w.length - 2)) : w + 'e'), // dropped letter
  (w) => ((i) => w.slice(0, i) + 'aeiou'[int(5)] + w.slice(i + 1))(int(w.length)), // wrong letter
];
function wordNear(text, from, to) {
  const re = /[A-Za-z]{3,}/g;
  re.lastIndex = Math.max(0, from);
  const words = [];
  for (let m; (m = re.exec(text)) && m.index < to;) words.push({ start: m.index, end: m.index + m[0].length, word: m[0] });
  return words.length ? pick(words) : undefined;
}
function typoEdit(text, truths) {
  // Most typo fixes land in or right around a noted passage: the hard case.
  const live = truths.filter(Boolean);
  let from = int(text.length);
  let to = from + 200;
  if (live.length && chance(0.7)) {
    const t = pick(live);
    if (chance(0.5)) [from, to] = [t.start, t.end];
    else [from, to] = chance(0.5) ? [t.start - 40, t.start] : [t.end, t.end + 40];
  }
  const w = wordNear(text, from, to);
  if (!w) return undefined;
  const fixed = pick(TYPOS)(w.word);
  return replaceEdit(text, w.start, w.end, fixed);
}
function rewordEdit(text) {
  const w = wordNear(text, int(text.length), text.length);
  if (!w) return undefined;
  return replaceEdit(text, w.start, w.end, pick(['very', 'however', 'reportedly', 'local', 'new', 'about', 'several']));
}
function insertSentenceEdit(text) {
  const sentences = sentenceSpans(text);
  const s = pick(sentences);
  return chance(0.5) ? replaceEdit(text, s.end, s.end, ' ' + sentence()) : replaceEdit(text, s.start, s.start, sentence() + ' ');
}
function insertParagraphEdit(text) {
  const p = pick(paragraphSpans(text));
  return replaceEdit(text, p.end, p.end, '\n\n' + paragraph());
}
function removeSentenceEdit(text) {
  const sentences = sentenceSpans(text).slice(1);
  if (sentences.length < 10) return undefined;
  const s = pick(sentences);
  const end = text[s.end] === ' ' ? s.end + 1 : s.end;
  return replaceEdit(text, s.start, end, '');
}
/** Cuts a paragraph and puts it elsewhere; spans inside it travel with it. */
function moveParagraphEdit(text) {
  const paragraphs = paragraphSpans(text).slice(1);
  if (paragraphs.length < 3) return undefined;
  const p = pick(paragraphs);
  const block = text.slice(p.start, p.end);
  const cutStart = p.start;
  const cutEnd = text.slice(p.end, p.end + 2) === '\n\n' ? p.end + 2 : p.end;
  const without = text.slice(0, cutStart) + text.slice(cutEnd);
  const targets = paragraphSpans(without);
  const target = pick(targets);
  const insertAt = target.end;
  const newText = without.slice(0, insertAt) + '\n\n' + block + without.slice(insertAt);
  const blockStartNew = insertAt + 2;
  const mapTruth = (span) => {
    if (!span) return span;
    if (span.start >= p.start && span.end <= p.end) return { start: span.start - p.start + blockStartNew, end: span.end - p.start + blockStartNew };
    let s = shiftSpan(span, { offset: cutStart, deleteLength: cutEnd - cutStart, insertText: '' });
    if (s) s = shiftSpan(s, { offset: insertAt, deleteLength: 0, insertText: '\n\n' + block });
    return s;
  };
  return { text: newText, mapTruth };
}
const EDIT_KINDS = [
  ['typo fixed', typoEdit, 0.35],
  ['sentence inserted', insertSentenceEdit, 0.2],
  ['sentence removed', removeSentenceEdit, 0.15],
  ['paragraph moved', moveParagraphEdit, 0.1],
  ['paragraph inserted', insertParagraphEdit, 0.05],
  ['word reworded', rewordEdit, 0.15],
];
function randomEdit(text, truths) {
  let r = random();
  for (const [, fn, p] of EDIT_KINDS) {
    if ((r -= p) < 0) return fn(text, truths);
  }
  return undefined;
}

// ---- scoring ----
function levenshtein(a, b) {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
/** Overlap of two spans relative to their union. */
function overlap(a, b) {
  const inter = Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
  return inter / (Math.max(a.end, b.end) - Math.min(a.start, b.start));
}
const CATEGORIES = ['quote untouched', 'quote changed <= 10%', 'quote changed > 10%', 'quote deleted'];
const tally = Object.fromEntries(CATEGORIES.map((c) => [c, { total: 0, correct: 0, exactSpan: 0, orphaned: 0, wrong: 0 }]));
const byMethod = {};
const wrongExamples = [];

const started = performance.now();
let anchorMs = 0;
let totalChars = 0;
for (let a = 0; a < ARTICLES; a++) {
  let text = EXAMPLES ? EXAMPLES[a % EXAMPLES.length] : article();
  const notes = [];
  // The truth starts where each note was placed, and follows its text through every edit.
  let truths = [];
  for (let i = 0; i < NOTES_PER_ARTICLE; i++) {
    const span = randomPassage(text);
    notes.push({ selectors: describeSpan(text, span), original: text.slice(span.start, span.end) });
    truths.push(span);
  }
  for (let e = 0; e < EDITS_PER_ARTICLE; e++) {
    const edit = randomEdit(text, truths);
    if (!edit) continue;
    if (edit.mapTruth) truths = truths.map(edit.mapTruth);
    else truths = truths.map((t) => (t ? edit.changes.reduce((s, c) => (s ? shiftSpan(s, c) : s), t) : t));
    text = edit.text;
  }
  totalChars += text.length;
  const t0 = performance.now();
  const results = anchorAll(text, notes);
  anchorMs += performance.now() - t0;
  notes.forEach((note, i) => {
    const truth = truths[i];
    const now = truth ? text.slice(truth.start, truth.end) : '';
    const changed = truth ? levenshtein(note.original, now) / note.original.length : 1;
    const category =
      !truth || now.trim() === '' ? 'quote deleted' : changed === 0 ? 'quote untouched' : changed <= 0.1 ? 'quote changed <= 10%' : 'quote changed > 10%';
    const r = results[i];
    const row = tally[category];
    row.total++;
    byMethod[r.method ?? 'orphaned'] = (byMethod[r.method ?? 'orphaned'] ?? 0) + 1;
    if (!r.span) {
      row.orphaned++;
      if (process.env.BENCH_DUMP && category === 'quote untouched' && !fs.existsSync(process.env.BENCH_DUMP))
        fs.writeFileSync(process.env.BENCH_DUMP, JSON.stringify({ text, selectors: note.selectors, truth }));
      if (VERBOSE && category !== 'quote deleted')
        console.log(
          'orphaned:',
          JSON.stringify({
            category,
            quote: note.original,
            truth: now,
            stored: note.selectors.quote,
            truthContext: truth && [text.slice(truth.start - 32, truth.start), text.slice(truth.end, truth.end + 32)],
          }),
        );
    } else if (truth && overlap(r.span, truth) >= 0.8) {
      row.correct++;
      if (r.span.start === truth.start && r.span.end === truth.end) row.exactSpan++;
    } else {
      row.wrong++;
      if (wrongExamples.length < 10)
        wrongExamples.push({
          category,
          quote: note.original,
          truth: now,
          placed: text.slice(r.span.start, r.span.end),
          method: r.method,
          stored: note.selectors.quote,
          truthContext: truth && [text.slice(truth.start - 32, truth.start), text.slice(truth.end, truth.end + 32)],
          placedContext: [text.slice(r.span.start - 32, r.span.start), text.slice(r.span.end, r.span.end + 32)],
        });
    }
  });
}

const pct = (n, d) => (d ? ((100 * n) / d).toFixed(1) + '%' : 'n/a');
console.log(
  `bench:anchoring seed ${SEED}: ${ARTICLES} ${EXAMPLES ? 'runs over examples/' : 'generated'} articles x ${NOTES_PER_ARTICLE} notes, ${EDITS_PER_ARTICLE} random edits each, re-anchored once from the stored selectors`,
);
console.log('category                 notes  correct (exact span)  orphaned  wrong');
let wrongTotal = 0;
for (const c of CATEGORIES) {
  const r = tally[c];
  wrongTotal += r.wrong;
  console.log(
    `${c.padEnd(24)} ${String(r.total).padStart(5)}  ${String(r.correct).padStart(4)} ${pct(r.correct, r.total).padStart(6)} (${String(r.exactSpan).padStart(4)})  ${String(r.orphaned).padStart(8)}  ${String(r.wrong).padStart(5)}`,
  );
}
console.log(
  `found by: ${Object.entries(byMethod)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}`,
);
console.log(
  `anchoring time: ${anchorMs.toFixed(0)} ms for ${ARTICLES * NOTES_PER_ARTICLE} notes on ${(totalChars / 1024).toFixed(0)} KB of text (total run ${((performance.now() - started) / 1000).toFixed(1)} s)`,
);
const untouched = tally['quote untouched'];
const small = tally['quote changed <= 10%'];
const targets = [
  ['0 wrong placements', wrongTotal === 0],
  ['>= 99% correct where the quote is untouched', untouched.correct >= 0.99 * untouched.total],
  ['>= 95% correct where <= 10% of the quote changed', small.correct >= 0.95 * small.total],
];
for (const [name, ok] of targets) console.log(`${ok ? 'PASS' : 'FAIL'} ${name}`);
if (VERBOSE || wrongExamples.length) for (const w of wrongExamples) console.log('wrong:', JSON.stringify(w));
fs.rmSync(path.dirname(outfile), { recursive: true, force: true });
process.exitCode = targets.every(([, ok]) => ok) ? 0 : 1;
