// The properties the fuzzer checks in long runs (`npm run fuzz`, scripts/fuzz-worker.ts); the tests use
// its invariants (test/core/analyze.test.ts, the regression cases). No mocha test runs a fixed-seed
// slice of these properties yet (issue #8 asks for one of >= 20,000 inputs). Each property names what
// it generates and what must hold:
//   - analyze never throws; every span in bounds, ordered as documented, and equal to its reported text;
//   - the editor's answers (hover at every offset, document symbols, hedge diagnostics, code actions),
//     computed by the same pure Findings the language server uses, on the findings after the same
//     JSON round trip, never throw and stay inside the document;
//   - the incremental analyzer (paragraph caches, as the language server keeps one per document)
//     equals a fresh analysis after every step of a random edit sequence, and offsets in the edited
//     text map back to the analyzed one the way the server maps hovers between analyses.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, IncrementalAnalyzer } from '../../../src/core/analyze';
import type { Analysis, AnalyzeOptions, Span } from '../../../src/core/types';
import { Findings, textDelta, toAnalyzedOffset, type AnalysisFindings } from '../../../src/server/findings';
import type { ShowSettings } from '../../../src/shared/protocol';
import { article, fragment, type Article, type ArticleSize } from './articles';
import { mutate, realInputArb } from './realText';

// ---------------------------------------------------------------------------------------------
// Invariants of one analysis

/**
 * assert.ok with a message built only when the check fails: the checks run for every span and every
 * offset of millions of inputs, and building each message up front cost the fuzzer about 5% of its CPU time.
 */
function holds(condition: boolean, message: () => string): void {
  if (!condition) assert.fail(message());
}

/** Every invariant the rest of the product relies on: spans in bounds, ordered, matching their text. */
export function assertSpanInvariants(text: string, a: Analysis): void {
  const inBounds = (s: Span, what: string): void => {
    holds(Number.isInteger(s.start) && Number.isInteger(s.end), () => `${what}: integer offsets`);
    holds(s.start >= 0 && s.start <= s.end && s.end <= text.length, () => `${what}: ${s.start}-${s.end} in 0-${text.length}`);
  };
  const ordered = (spans: readonly Span[], what: string): void => {
    for (let i = 1; i < spans.length; i++) holds(spans[i - 1].start <= spans[i].start, () => `${what} out of order at ${i}`);
  };
  const disjoint = (spans: readonly Span[], what: string): void => {
    for (let i = 1; i < spans.length; i++) holds(spans[i - 1].end <= spans[i].start, () => `${what} ${i - 1} and ${i} overlap`);
  };
  assert.equal(a.length, text.length);
  // The engine isolates a detector that throws (the analysis goes on without its findings there):
  // for the fuzzer, a caught failure is a failure all the same.
  // Thrown with the detector's own stack, so the fuzz script tells two detectors' bugs apart (its
  // failure signature is the message and the first place in src/ of the stack).
  if (a.failures.length) {
    const [first, ...more] = a.failures;
    const error = new Error(
      `detector ${first.detector} failed on lines ${first.line}-${first.endLine}: ${first.message}${more.length ? ` (and ${more.length} more: ${more.map((f) => f.detector).join(', ')})` : ''}`,
    );
    if (first.stack) error.stack = `${error.message}\n${first.stack.split('\n').slice(1).join('\n')}`;
    throw error;
  }
  const { paragraphs, sentences, excluded, metadata, header } = a.structure;
  paragraphs.forEach((p, i) => {
    inBounds(p, 'paragraph');
    holds(p.start < p.end, () => `paragraph ${i} is not empty`);
    assert.equal(p.index, i, 'paragraph index is its position');
  });
  disjoint(paragraphs, 'paragraphs');
  for (const s of sentences) {
    inBounds(s, 'sentence');
    const p = paragraphs[s.paragraph];
    if (!p) assert.fail(`sentence ${s.start}-${s.end} names paragraph ${s.paragraph}`);
    holds(s.start >= p.start && s.end <= p.end, () => `sentence ${s.start}-${s.end} inside its paragraph ${p.start}-${p.end}`);
  }
  disjoint(sentences, 'sentences');
  for (const x of excluded) inBounds(x, 'excluded range');
  ordered(excluded, 'excluded ranges');
  for (const m of metadata) inBounds(m, 'metadata field');
  if (header) inBounds(header, 'header');
  for (const q of a.quotes) {
    inBounds(q, 'quote');
    inBounds(q.content, 'quote content');
    assert.ok(q.content.start >= q.start && q.content.end <= q.end, 'quote content inside the quote');
    if (q.speaker) {
      inBounds(q.speaker, 'speaker');
      assert.ok(q.speaker.name.length > 0, 'a speaker has a name');
    }
    if (q.cue) {
      inBounds(q.cue, 'quote cue');
      assert.equal(text.slice(q.cue.start, q.cue.end), q.cue.text, 'quote cue is its text');
    }
  }
  ordered(a.quotes, 'quotes');
  for (const h of a.hedges) {
    inBounds(h, 'hedge');
    assert.equal(text.slice(h.start, h.end), h.cue, 'hedge cue is its text');
  }
  ordered(a.hedges, 'hedges');
  for (const c of a.claims) {
    inBounds(c, 'claim');
    assert.ok(c.score >= 0 && c.score <= 1, 'claim score in [0,1]');
  }
  ordered(a.claims, 'claims');
  const ids = new Set<string>();
  for (const e of a.entities) {
    holds(!ids.has(e.id), () => `entity id ${e.id} is unique`);
    ids.add(e.id);
    assert.ok(e.mentions.length > 0, 'an entity has mentions');
    for (const m of e.mentions) {
      inBounds(m, 'mention');
      assert.equal(text.slice(m.start, m.end), m.text, 'mention text');
    }
    ordered(e.mentions, 'mentions');
    if (e.role) {
      inBounds(e.role, 'role');
      assert.equal(text.slice(e.role.start, e.role.end), e.role.text, 'role text');
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The editor's answers

const SHOW_ALL: ShowSettings = { quotes: true, claims: true, hedges: true, entities: true };
/** Hovers are asked at every offset up to this length, then at this many offsets spread over the text. */
export const HOVER_EVERY_OFFSET_UP_TO = 4000;

/** Findings as the server holds them: the worker's JSON, parsed, over a snapshot of the analyzed text. */
export function serverFindings(text: string, a: Analysis, threshold: number): Findings {
  const { quotes, claims, hedges, entities } = a;
  const parsed = JSON.parse(JSON.stringify({ quotes, claims, hedges, entities })) as AnalysisFindings;
  return new Findings(parsed, TextDocument.create('file:///fuzz.md', 'markdown', 1, text), threshold);
}

/** Hover at every offset, document symbols, diagnostics and code actions: no throw, answers inside the document. */
export function assertEditorAnswers(text: string, findings: Findings): void {
  const doc = findings.snapshot;
  const end = doc.positionAt(text.length);
  const before = (a: { line: number; character: number }, b: { line: number; character: number }) =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  const origin = { line: 0, character: 0 };
  const inDocument = (r: { start: { line: number; character: number }; end: { line: number; character: number } }, what: () => string) => {
    holds(before(origin, r.start) && before(r.start, r.end) && before(r.end, end), () => `${what()}: ${JSON.stringify(r)} inside the document`);
  };
  const step = text.length <= HOVER_EVERY_OFFSET_UP_TO ? 1 : Math.ceil(text.length / HOVER_EVERY_OFFSET_UP_TO);
  for (let offset = 0; offset <= text.length; offset += step) {
    const hover = findings.hover(offset, SHOW_ALL);
    if (!hover) continue;
    const value = (hover.contents as { value: string }).value;
    holds(typeof value === 'string' && value.length > 0, () => `hover at ${offset} has text`);
    if (hover.range) {
      inDocument(hover.range, () => `hover range at ${offset}`);
      const position = doc.positionAt(offset);
      holds(before(hover.range.start, position) && before(position, hover.range.end), () => `hover range at ${offset} holds the position`);
    }
  }
  type Symbols = ReturnType<Findings['symbols']>;
  const walk = (symbols: Symbols, depth: number, parent?: Symbols[number]) => {
    for (const s of symbols) {
      // VS Code rejects a symbol with an empty name or a selection outside its range.
      holds(s.name.trim().length > 0, () => `symbol at depth ${depth} has a name`);
      inDocument(s.range, () => `symbol ${s.name}`);
      inDocument(s.selectionRange, () => `symbol ${s.name} selection`);
      holds(before(s.range.start, s.selectionRange.start) && before(s.selectionRange.end, s.range.end), () => `symbol ${s.name}: selection inside its range`);
      // Breadcrumbs and Sticky Scroll read the tree as containment.
      if (parent) holds(before(parent.range.start, s.range.start) && before(s.range.end, parent.range.end), () => `symbol ${s.name} inside ${parent.name}`);
      if (s.children) walk(s.children, depth + 1, s);
    }
  };
  walk(findings.symbols(SHOW_ALL), 0);
  for (const d of findings.hedgeDiagnostics('information', SHOW_ALL)) inDocument(d.range, () => 'hedge diagnostic');
  const codeActionStep = Math.max(1, Math.ceil(text.length / 64));
  for (let offset = 0; offset <= text.length; offset += codeActionStep) findings.codeActions(offset, Math.min(text.length, offset + 7), [], SHOW_ALL);
}

// ---------------------------------------------------------------------------------------------
// Properties

/**
 * Runs one check. The fuzz script passes a guard that lets only one kind of failure through while it
 * shrinks a counterexample, so shrinking cannot wander off to a different bug.
 */
export type Guard = (check: () => void) => void;
const run: Guard = (check) => check();

/** Options the editor may pass: defaults mostly, sometimes user hedge words or a threshold. */
const options: fc.Arbitrary<Omit<AnalyzeOptions, 'format'>> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc.record({
      extraHedgeWords: fc.array(fc.constantFrom('said', 'the', 'bridge', 'according to', '', ' ', '“', 'ex.', 'à'), { maxLength: 3 }),
      ignoredWords: fc.array(fc.constantFrom('may', 'could', 'reportedly', 'some', ''), { maxLength: 2 }),
      claimThreshold: fc.constantFrom(0, 0.32, 0.9, 1),
    }),
  },
);

/** Counts what the properties did, for the fuzz script's report. */
export const fuzzStats = { analyses: 0 };

function analyzeArticle(input: Article, extra: Omit<AnalyzeOptions, 'format'> = {}): Analysis {
  const a = analyze(input.text, input.format ? { ...extra, format: input.format } : extra);
  fuzzStats.analyses++;
  assertSpanInvariants(input.text, a);
  return a;
}

/** One generated article: analysis, invariants and the editor's answers at every offset. */
export function articleProperty(size: ArticleSize, guard: Guard = run) {
  return fc.property(article(size), options, (input, extra) =>
    guard(() => {
      const a = analyzeArticle(input, extra);
      assertEditorAnswers(input.text, serverFindings(input.text, a, extra.claimThreshold ?? 0.32));
    }),
  );
}

export interface EditStep {
  at: number;
  /** Code units deleted at `at` before `text` is inserted. */
  remove: number;
  text: string;
}

const editStep: fc.Arbitrary<EditStep> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.oneof(
    { weight: 3, arbitrary: fc.constant(0) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 3 }) },
    { weight: 1, arbitrary: fc.integer({ min: 4, max: 200 }) },
  ),
  text: fc.oneof(
    { weight: 3, arbitrary: fragment },
    { weight: 1, arbitrary: fc.constant('') },
    { weight: 2, arbitrary: fc.constantFrom('a', ' ', '\n', '\n\n', '.', '“', '"', "'") },
  ),
});

export function applyEdit(text: string, e: EditStep): string {
  const at = Math.min(text.length, Math.floor(e.at * (text.length + 1)));
  return text.slice(0, at) + e.text + text.slice(at + e.remove);
}

/**
 * A document edited step by step, as in the editor: one IncrementalAnalyzer (the server's per-document
 * engine) analyzes every version and must equal a fresh analysis; the server's offset mapping from the
 * edited text to the last analyzed one gives offsets whose hovers answer.
 */
export function incrementalProperty(size: ArticleSize, maxSteps: number, guard: Guard = run) {
  return fc.property(article(size), fc.array(editStep, { minLength: 1, maxLength: maxSteps }), options, (input, steps, extra) =>
    guard(() => {
      const opts: AnalyzeOptions = input.format ? { ...extra, format: input.format } : extra;
      const engine = new IncrementalAnalyzer();
      let text = input.text;
      let previous = engine.analyze(text, opts);
      fuzzStats.analyses += 2;
      assert.deepEqual(previous, analyze(text, opts), 'first version');
      let previousText = text;
      steps.forEach((step, i) => {
        text = applyEdit(text, step);
        // Before the new analysis arrives the server answers from the previous one through the edit delta.
        const findings = serverFindings(previousText, previous, extra.claimThreshold ?? 0.32);
        const delta = textDelta(previousText, text);
        for (let offset = 0; offset <= text.length; offset++) {
          const mapped = toAnalyzedOffset(delta, text.length, offset);
          if (mapped === undefined) continue;
          holds(mapped >= 0 && mapped <= previousText.length, () => `step ${i}: offset ${offset} maps to ${mapped} in 0-${previousText.length}`);
          findings.hover(mapped, SHOW_ALL);
        }
        const next = engine.analyze(text, opts);
        fuzzStats.analyses += 2;
        assert.deepEqual(next, analyze(text, opts), `step ${i} (${JSON.stringify(step)}): incremental equals fresh`);
        assertSpanInvariants(text, next);
        previous = next;
        previousText = text;
      });
    }),
  );
}

/** A real text (eval data, read at run time) with fragments spliced in, marks inserted and deleted, sentences joined. */
export function realTextProperty(texts: readonly string[], maxMutations: number, guard: Guard = run) {
  return fc.property(realInputArb(texts.length, maxMutations), fc.constantFrom<Article['format']>(undefined, 'markdown'), (input, format) =>
    guard(() => {
      const text = mutate(texts, input);
      const a = analyzeArticle({ text, format });
      assertEditorAnswers(text, serverFindings(text, a, 0.32));
    }),
  );
}
