// The real language server (dist/server.js, built by `npm run build`) over JSON-RPC on stdio.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import type { AnalysisResult, AnalyzeResult, FindingsParams } from '../../src/shared/protocol';
import { positionAt, REPO, SERVER_JS, TestServer } from './lspClient';
import { DEFAULT_CLAIM_THRESHOLD } from '../../src/core/types';

const FIXTURE = fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'workspace', 'article.txt'), 'utf8');
const FIXTURE_MD = fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'workspace', 'article.md'), 'utf8');

interface Hover {
  contents: { kind: string; value: string };
  range?: unknown;
}
interface DocumentSymbol {
  name: string;
  detail?: string;
  children?: DocumentSymbol[];
}
interface CodeAction {
  title: string;
  kind?: string;
  command?: { command: string; arguments?: unknown[] };
}
interface Diagnostic {
  severity: number;
  message: string;
  source?: string;
  code?: string;
}

/** Pairs or triples of a flattened span list. */
function spansOf(flat: number[], stride: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < flat.length; i += stride) out.push(flat.slice(i, i + stride));
  return out;
}

const FAST = { debounceMs: 0 };

describe('language server (dist/server.js over stdio)', function () {
  this.timeout(30000);
  let server: TestServer;
  let uriCounter = 0;
  const nextUri = (ext = 'txt') => `file:///fixtures/doc-${++uriCounter}.${ext}`;

  before(function () {
    if (!fs.existsSync(SERVER_JS)) throw new Error(`${SERVER_JS} is missing: run \`npm run build\` first`);
  });

  beforeEach(async () => {
    server = new TestServer({ ...FAST });
  });

  afterEach(async () => {
    await server.stop();
  });

  async function openFixture(text = FIXTURE, ext = 'txt'): Promise<{ uri: string; findings: FindingsParams }> {
    const uri = nextUri(ext);
    const mark = server.mark();
    await server.open(uri, text, ext === 'md' ? 'markdown' : 'plaintext');
    return { uri, findings: await server.findings(uri, mark) };
  }

  async function hoverAt(uri: string, text: string, offset: number): Promise<Hover | null> {
    return server.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionAt(text, offset) });
  }

  it('declares hover, outline, code actions and incremental sync', async () => {
    const result = await server.start();
    const caps = result.capabilities as Record<string, unknown>;
    assert.ok(caps.hoverProvider);
    assert.ok(caps.documentSymbolProvider);
    assert.ok(caps.codeActionProvider);
    assert.equal((caps.textDocumentSync as { change: number }).change, 2);
  });

  it('sends findings for an opened article, with spans inside the text and counts that match', async () => {
    await server.start();
    const { findings } = await openFixture();
    assert.equal(findings.status, 'ok');
    assert.equal(findings.version, 1);
    assert.equal(findings.spans.quotes.length / 2, findings.counts.quotes);
    assert.equal(findings.spans.hedges.length / 2, findings.counts.hedges);
    assert.equal(findings.spans.claims.length / 3, findings.counts.claims);
    for (const [name, stride] of [
      ['quotes', 2],
      ['hedges', 2],
      ['claims', 3],
      ['entities', 3],
    ] as const) {
      for (const [start, end] of spansOf(findings.spans[name], stride)) {
        assert.ok(start >= 0 && start < end && end <= FIXTURE.length, `${name} span ${start}-${end}`);
      }
    }
    for (const [, , strength] of spansOf(findings.spans.claims, 3)) assert.ok(strength >= 0 && strength <= 2);
    const total = findings.counts.quotes + findings.counts.claims + findings.counts.hedges + findings.counts.entities;
    assert.ok(total > 0, 'the fixture article yields findings');
  });

  it('answers an empty document with no findings and no error', async () => {
    await server.start();
    const { findings } = await openFixture('');
    assert.equal(findings.status, 'ok');
    assert.deepEqual(findings.counts, { quotes: 0, claims: 0, hedges: 0, entities: 0 });
    const mark = server.mark();
    const { findings: blank } = await openFixture('\n\n   \n');
    assert.equal(blank.status, 'ok');
    assert.ok(!server.log.slice(mark).some((m) => m.method === 'window/showMessage'));
  });

  it('analyzes Markdown too', async () => {
    await server.start();
    const { findings } = await openFixture(FIXTURE_MD, 'md');
    assert.equal(findings.status, 'ok');
    assert.ok(findings.counts.claims + findings.counts.quotes > 0);
  });

  describe('hovers', () => {
    let uri: string;
    let findings: FindingsParams;
    beforeEach(async () => {
      await server.start();
      ({ uri, findings } = await openFixture());
    });

    it('quote → speaker and kind', async () => {
      const [start] = spansOf(findings.spans.quotes, 2)[0] ?? assert.fail('no quote found in the fixture');
      const hover = await hoverAt(uri, FIXTURE, start + 1);
      assert.ok(hover, 'a hover over the quote');
      assert.match(hover.contents.value, /Quote/);
      assert.match(hover.contents.value, /Speaker: /);
      // An identified speaker says why the ranker chose it, in words.
      if (!/Speaker: not identified/.test(hover.contents.value)) assert.match(hover.contents.value, /Why this speaker: [a-z“]/);
      // The kind in words, once: no "short (scare) quote (short)".
      assert.match(hover.contents.value, /Quote\*\* — (direct statement|partial or scare quote|title or name in quotation marks)\n/);
      assert.doesNotMatch(hover.contents.value, /\((statement|short|title)\)/);
    });

    it('claim → score and reasons', async () => {
      const [start, end] = spansOf(findings.spans.claims, 3)[0] ?? assert.fail('no claim found in the fixture');
      const hover = await hoverAt(uri, FIXTURE, Math.floor((start + end) / 2));
      assert.ok(hover);
      assert.match(hover.contents.value, /Claim\*\* — score \d\.\d\d/);
      assert.match(hover.contents.value, /Why: [^\n]+/);
      assert.match(hover.contents.value, /Reasons:/);
    });

    it('hedge → category and why it weakens the statement', async () => {
      const [start] = spansOf(findings.spans.hedges, 2)[0] ?? assert.fail('no hedge found in the fixture');
      const hover = await hoverAt(uri, FIXTURE, start);
      assert.ok(hover);
      // The category in words, once: no "hedging adverb (adverb)".
      assert.match(hover.contents.value, /Hedge\*\* “[^”]+” — (modal verb|epistemic phrase|hedging adverb|weasel wording)\n/);
      assert.doesNotMatch(hover.contents.value, /\((modal|epistemic|adverb|weasel)\)/);
      const explanation = hover.contents.value.split('\n\n')[1] ?? '';
      assert.ok(explanation.trim().length > 10, 'an explanation follows');
    });

    it('entity → type, canonical name, mentions and first mention', async () => {
      const [start] = spansOf(findings.spans.entities, 3)[0] ?? assert.fail('no entity found in the fixture');
      const hover = await hoverAt(uri, FIXTURE, start);
      assert.ok(hover);
      assert.match(hover.contents.value, /Entity\*\* .+ — (person|organization|place|other)/);
      assert.match(hover.contents.value, /Canonical name: /);
      assert.match(hover.contents.value, /Mentions: \d+/);
      assert.match(hover.contents.value, /First mention: line \d+/);
      // The tagger's strongest features, in words.
      assert.match(hover.contents.value, /Why (person|organization|place|other): [^=\n]+/);
    });

    it('nothing over plain words outside any finding', async function () {
      const all = [
        ...spansOf(findings.spans.quotes, 2),
        ...spansOf(findings.spans.claims, 3),
        ...spansOf(findings.spans.hedges, 2),
        ...spansOf(findings.spans.entities, 3),
      ];
      const offset = FIXTURE.indexOf('date');
      if (all.some(([s, e]) => offset >= s && offset < e)) this.skip();
      assert.equal(await hoverAt(uri, FIXTURE, offset), null);
    });
  });

  /** Every symbol of an outline tree, depth first. */
  const flatten = (symbols: DocumentSymbol[]): DocumentSymbol[] => symbols.flatMap((s) => [s, ...flatten(s.children ?? [])]);
  type Located = DocumentSymbol & { kind: number; range: { start: { line: number; character: number }; end: { line: number; character: number } } };
  const CLAIM_KIND = 24; // SymbolKind.Event
  const QUOTE_KIND = 15; // SymbolKind.String

  it('outlines each claim and quote on its own (no group spanning the article), quotes inside claims as children', async () => {
    await server.start();
    const { uri, findings } = await openFixture();
    const symbols = await server.request<Located[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const all = flatten(symbols) as Located[];
    assert.equal(all.filter((s) => s.kind === CLAIM_KIND).length, findings.counts.claims);
    assert.equal(all.filter((s) => s.kind === QUOTE_KIND).length, findings.counts.quotes);
    for (const s of all) assert.ok(s.name.length > 0);
    // Breadcrumbs and Sticky Scroll show the innermost symbols around the cursor: none may span
    // the article (today's groups "Quotes" / "Claims" ran from the first finding to the last).
    const lines = FIXTURE.split('\n').length;
    for (const s of symbols)
      assert.ok(s.range.end.line - s.range.start.line < 2, `${s.name} spans lines ${s.range.start.line}-${s.range.end.line} of ${lines}`);
    // Top-level entries in text order; every child lies inside its parent.
    const starts = symbols.map((s) => s.range.start.line * 1e6 + s.range.start.character);
    assert.deepEqual(
      starts,
      [...starts].sort((a, b) => a - b),
    );
    const within = (inner: Located, outer: Located) => {
      const key = (p: { line: number; character: number }) => p.line * 1e6 + p.character;
      return key(inner.range.start) >= key(outer.range.start) && key(inner.range.end) <= key(outer.range.end);
    };
    for (const parent of all) for (const child of (parent.children ?? []) as Located[]) assert.ok(within(child, parent), `${child.name} inside ${parent.name}`);
    assert.ok(
      all.some((s) => s.kind === CLAIM_KIND && (s.children ?? []).some((c) => (c as Located).kind === QUOTE_KIND)),
      'a quote in a claim sentence is its child',
    );
  });

  it('outlines at most 500 claims and 500 quotes of a long article: the strongest claims, statements first', async () => {
    await server.start();
    const paragraphs: string[] = [];
    for (let i = 0; i < 1100; i++) {
      paragraphs.push(
        i % 2
          ? `Unemployment in district ${i} rose to ${(i % 9) + 1}.${i % 10} percent in ${1990 + (i % 30)}, the highest rate since ${1950 + (i % 40)}.`
          : `Residents said the plan made sense. “It is ${i % 3 ? 'fine' : 'a good plan for the town'},” said Anna Lindqvist.`,
      );
    }
    const text = paragraphs.join('\n\n');
    const { uri, findings } = await openFixture(text);
    assert.ok(findings.counts.claims > 500 && findings.counts.quotes > 500, JSON.stringify(findings.counts));
    const symbols = flatten(await server.request<Located[]>('textDocument/documentSymbol', { textDocument: { uri } })) as Located[];
    const claims = symbols.filter((s) => s.kind === CLAIM_KIND);
    assert.equal(claims.length, 500);
    // In text order, and none left out scores higher than one listed.
    const lines = claims.map((c) => c.range.start.line);
    assert.deepEqual(
      lines,
      [...lines].sort((a, b) => a - b),
    );
    const analysis = JSON.parse((await server.request<AnalysisResult>('factdesk/analysis', { uri })).findings!) as { claims: Array<{ score: number }> };
    const scores = analysis.claims.map((c) => c.score).sort((a, b) => b - a);
    const listed = claims.map((c) => Number(/score (\d\.\d\d)/.exec(c.detail ?? '')?.[1]));
    assert.ok(Math.min(...listed) >= Number(scores[500].toFixed(2)), 'the strongest are listed');
    const quotes = symbols.filter((s) => s.kind === QUOTE_KIND);
    assert.equal(quotes.length, 500);
    assert.ok(
      quotes.every((q) => q.detail === 'Anna Lindqvist'),
      'statements with a speaker first',
    );
  });

  it('answers an outline request sent with didOpen once the first analysis is done, not empty', async () => {
    await server.start();
    const uri = nextUri();
    await server.open(uri, FIXTURE);
    const symbols = await server.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(symbols.length > 0);
  });

  it('marks the strongest claims of the article (prominentClaims) and says so in the claim hover', async () => {
    await server.start();
    const { uri, findings } = await openFixture();
    const claims = spansOf(findings.spans.claims, 3);
    const prominent = spansOf(findings.spans.prominentClaims, 2);
    assert.ok(prominent.length > 0 && prominent.length < claims.length, `${prominent.length} of ${claims.length} claims`);
    for (const [start, end] of prominent)
      assert.ok(
        claims.some(([s, e]) => s === start && e === end),
        'each is one of the claims',
      );
    const quiet = claims.find(([s]) => !prominent.some(([p]) => p === s))!;
    const strongHover = await hoverAt(uri, FIXTURE, Math.floor((prominent[0][0] + prominent[0][1]) / 2));
    assert.match(strongHover!.contents.value, /tinted, among the strongest claims of this article/);
    const quietHover = await hoverAt(uri, FIXTURE, Math.floor((quiet[0] + quiet[1]) / 2));
    assert.match(quietHover!.contents.value, /not tinted, ring in the gutter/);
  });

  describe('hedges inside a direct quote (factdesk.hedges.inQuotes)', () => {
    const STORY =
      'The council approved the budget on Monday.\n\n“The new depot may never pay for itself,” said Mayor Ruth Okafor.\n\nThe plan could cost 12 million euros, officials reportedly said.';
    const hedgeWords = (f: FindingsParams, list: number[]) => spansOf(list, 2).map(([s, e]) => STORY.slice(s, e));

    it('lists the speaker’s hedges apart and says whose they are in the hover', async () => {
      await server.start();
      const { uri, findings } = await openFixture(STORY);
      assert.deepEqual(hedgeWords(findings, findings.spans.quotedHedges), ['may']);
      assert.ok(hedgeWords(findings, findings.spans.hedges).includes('could'), 'the reporter’s hedges stay');
      const hover = await hoverAt(uri, STORY, STORY.indexOf('may') + 1);
      assert.match(hover!.contents.value, /Hedge in a quote\*\* “may”/);
      assert.match(hover!.contents.value, /In a quote by Ruth Okafor: the speaker's hedging, not the reporter's/);
      const reporters = await hoverAt(uri, STORY, STORY.indexOf('could') + 1);
      assert.doesNotMatch(reporters!.contents.value, /in a quote/i);
    });

    it('off: the speaker’s hedges are neither marked, counted nor explained', async () => {
      server = new TestServer({ ...FAST, hedges: { inQuotes: 'off' } });
      await server.start();
      const { uri, findings } = await openFixture(STORY);
      assert.deepEqual(findings.spans.quotedHedges, []);
      assert.ok(!hedgeWords(findings, findings.spans.hedges).includes('may'));
      assert.equal(findings.counts.hedges, findings.spans.hedges.length / 2);
      const hover = await hoverAt(uri, STORY, STORY.indexOf('may') + 1);
      assert.ok(!hover || !/Hedge/.test(hover.contents.value));
    });

    it('warns once about an invalid value of either look setting and uses the default', async () => {
      server = new TestServer({ ...FAST, hedges: { inQuotes: 'hidden' }, claims: { highlight: 'loud' } });
      await server.start();
      const warning = await server.waitFor<{ type: number; message: string }>('window/showMessage', (m) => m.message.includes('factdesk.hedges.inQuotes'));
      assert.match(warning.message, /"hidden".*"quiet", "show", "off".*"quiet"/);
      await server.waitFor<{ message: string }>('window/showMessage', (m) => m.message.includes('factdesk.claims.highlight') && m.message.includes('"loud"'));
      const { findings } = await openFixture(STORY);
      assert.deepEqual(hedgeWords(findings, findings.spans.quotedHedges), ['may'], 'the default, quiet');
    });
  });

  it('offers to ignore a hedge word, and the ignoredWords setting then removes it', async () => {
    await server.start();
    const { uri, findings } = await openFixture();
    const [start, end] = spansOf(findings.spans.hedges, 2)[0] ?? assert.fail('no hedge found in the fixture');
    const word = FIXTURE.slice(start, end).toLowerCase();
    const actions = await server.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: positionAt(FIXTURE, start), end: positionAt(FIXTURE, start) },
      context: { diagnostics: [] },
    });
    const action = actions.find((a) => a.title === `Ignore “${word}” in this workspace`);
    assert.ok(action, `got ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(action.kind, 'quickfix');
    assert.deepEqual(action.command, { title: action.title, command: 'factdesk.ignoreWord', arguments: [word] });

    // The client runs that command by adding the word to the workspace settings:
    const mark = server.mark();
    await server.configure({ ...FAST, ignoredWords: [word] });
    const after = await server.findings(uri, mark);
    const remaining = spansOf(after.spans.hedges, 2).map(([s, e]) => FIXTURE.slice(s, e).toLowerCase());
    assert.ok(!remaining.includes(word), `“${word}” is no longer a hedge`);
  });

  it('flags the extra hedge words of factdesk.extraHedgeWords', async () => {
    await server.start();
    const { uri, findings } = await openFixture();
    const mark = server.mark();
    await server.configure({ ...FAST, extraHedgeWords: ['welcomed'] });
    const after = await server.findings(uri, mark);
    assert.equal(after.counts.hedges, findings.counts.hedges + 1);
    const words = spansOf(after.spans.hedges, 2).map(([s, e]) => FIXTURE.slice(s, e).toLowerCase());
    assert.ok(words.includes('welcomed'), `hedges now: ${words.join(', ')}`);
  });

  it('publishes hedges as diagnostics only when enabled, with the chosen severity', async () => {
    await server.start();
    const { uri, findings } = await openFixture();
    assert.ok(findings.counts.hedges > 0, 'the fixture has hedges');
    let mark = server.mark();
    await server.configure({ ...FAST, hedgeDiagnostics: 'information' });
    type Published = { uri: string; diagnostics: Diagnostic[] };
    let published = await server.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri, mark);
    assert.equal(published.diagnostics.length, findings.counts.hedges);
    assert.ok(published.diagnostics.every((d) => d.severity === 3 && d.source === 'FactDesk' && d.code === 'hedge'));
    mark = server.mark();
    await server.configure({ ...FAST, hedgeDiagnostics: 'hint' });
    published = await server.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri, mark);
    assert.ok(published.diagnostics.every((d) => d.severity === 4));
    mark = server.mark();
    await server.configure({ ...FAST, hedgeDiagnostics: 'off' });
    published = await server.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri, mark);
    assert.equal(published.diagnostics.length, 0);
  });

  it('applies a claim threshold change without a restart', async () => {
    await server.start();
    const { uri, findings } = await openFixture();
    const mark = server.mark();
    await server.configure({ ...FAST, claimThreshold: 0.99 });
    const strict = await server.findings(uri, mark);
    assert.ok(strict.counts.claims <= findings.counts.claims);
    assert.ok(findings.counts.claims === 0 || strict.counts.claims < findings.counts.claims, 'a near-1 threshold drops claims');
  });

  it('hides a category from hovers when factdesk.show turns it off', async () => {
    await server.start();
    const { uri, findings } = await openFixture();
    const [start] = spansOf(findings.spans.entities, 3)[0] ?? assert.fail('no entity found in the fixture');
    // A settings change that needs no re-analysis still takes effect: once the server has pulled the
    // new settings, the next request (sent after our answer, so read after it) sees them.
    const mark = server.mark();
    await server.configure({ ...FAST, show: { entities: false } });
    await server.waitFor('workspace/configuration', () => true, mark);
    const hover = await hoverAt(uri, FIXTURE, start);
    assert.ok(!hover || !/Entity\*\*/.test(hover.contents.value));
  });

  it('warns once, naming the setting, about an invalid value and falls back to the default', async () => {
    server = new TestServer({ ...FAST, runMode: 'sometimes', claimThreshold: 7 });
    await server.start();
    const warning = await server.waitFor<{ type: number; message: string }>('window/showMessage', (m) => m.message.includes('factdesk.runMode'));
    assert.equal(warning.type, 2);
    assert.match(warning.message, /"sometimes"/);
    await server.waitFor<{ message: string }>('window/showMessage', (m) => m.message.includes('factdesk.claimThreshold'));
    // Defaults still work: the document is analyzed as you type.
    const { findings } = await openFixture();
    assert.equal(findings.status, 'ok');
  });

  it('re-analyzes after a one-character edit (as you type) and reports the paragraphs reused', async () => {
    await server.start();
    const { uri } = await openFixture();
    const mark = server.mark();
    const at = positionAt(FIXTURE, FIXTURE.indexOf('Ferry'));
    await server.change(uri, 2, { start: at, end: at }, 'X');
    const edited = await server.findings(uri, mark, (f) => f.version === 2);
    assert.equal(edited.status, 'ok');
    if (edited.reanalyzed) assert.ok(edited.reanalyzed.reused > 0, 'unchanged paragraphs come from the cache');
  });

  it('re-analyzes an edit made while the first analysis was still running', async () => {
    await server.start();
    const uri = nextUri();
    const mark = server.mark();
    await server.open(uri, FIXTURE);
    await server.change(uri, 2, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, 'Z');
    const latest = await server.findings(uri, mark, (f) => f.version === 2);
    assert.equal(latest.status, 'ok');
  });

  it('answers hovers from the last findings while a large article is being re-analyzed', async () => {
    await server.start();
    const big = FIXTURE.repeat(Math.ceil(400_000 / FIXTURE.length));
    const { uri, findings } = await openFixture(big);
    const [start] = spansOf(findings.spans.claims, 3)[0] ?? assert.fail('no claim found');
    const mark = server.mark();
    const end = positionAt(big, big.length);
    await server.change(uri, 2, { start: end, end }, ' More.');
    const hover = await hoverAt(uri, big, start + 1);
    assert.ok(hover, 'a hover from the previous findings');
    const reanalyzed = server.log.slice(mark).filter((m) => m.method === 'factdesk/findings');
    assert.equal(reanalyzed.length, 0, 'the hover was answered before the re-analysis finished');
    assert.equal((await server.findings(uri, mark, (f) => f.version === 2)).status, 'ok');
  });

  it('gives a document over factdesk.maxFileSizeKB one clear message instead of an analysis', async () => {
    server = new TestServer({ ...FAST, maxFileSizeKB: 64 });
    await server.start();
    const big = FIXTURE.repeat(Math.ceil((100 * 1024) / FIXTURE.length));
    const { uri, findings } = await openFixture(big);
    assert.equal(findings.status, 'tooLarge');
    assert.match(findings.message ?? '', /over the 64 KB limit \(factdesk\.maxFileSizeKB\)/);
    assert.deepEqual(findings.counts, { quotes: 0, claims: 0, hedges: 0, entities: 0 });
    assert.equal(await hoverAt(uri, big, 10), null);
    // Raising the limit analyzes it at once.
    const mark = server.mark();
    await server.configure({ ...FAST, maxFileSizeKB: 4096 });
    const analyzed = await server.findings(uri, mark);
    assert.equal(analyzed.status, 'ok');
  });

  it('refuses binary and mis-decoded text with a message', async () => {
    await server.start();
    const { findings } = await openFixture('PK\u0003\u0004\u0000\u0000binary\u0000data');
    assert.equal(findings.status, 'binary');
    assert.match(findings.message ?? '', /binary/);
    const { findings: garbled } = await openFixture('caf\uFFFD d\uFFFDj\uFFFD vu '.repeat(20));
    assert.equal(garbled.status, 'binary');
    assert.match(garbled.message ?? '', /encoding/);
  });

  it('in manual mode analyzes only on request', async () => {
    server = new TestServer({ ...FAST, runMode: 'manual' });
    await server.start();
    const uri = nextUri();
    const mark = server.mark();
    await server.open(uri, FIXTURE);
    const result = await server.request<AnalyzeResult>('factdesk/analyze', { uri });
    assert.equal(result.status, 'ok');
    // Messages arrive in order: the only findings so far are those the request produced.
    const sent = server.log.slice(mark).filter((m) => m.method === 'factdesk/findings');
    assert.equal(sent.length, 1);
    assert.deepEqual((sent[0].params as FindingsParams).counts, result.counts);
    const unknown = await server.request<AnalyzeResult>('factdesk/analyze', { uri: 'file:///not/open.txt' });
    assert.equal(unknown.status, 'unknownDocument');
  });

  it('returns the full findings of the current version on factdesk/analysis (for reports)', async () => {
    await server.start();
    const { uri, findings } = await openFixture();
    const result = await server.request<AnalysisResult>('factdesk/analysis', { uri });
    assert.equal(result.status, 'ok');
    assert.equal(result.claimThreshold, DEFAULT_CLAIM_THRESHOLD);
    assert.deepEqual(result.counts, findings.counts);
    const full = JSON.parse(result.findings ?? 'null') as { claims: Array<{ start: number; end: number; score: number; reasons: string[] }> };
    assert.equal(full.claims.length, findings.counts.claims);
    for (const claim of full.claims) {
      assert.ok(claim.score >= result.claimThreshold && claim.reasons.length > 0, JSON.stringify(claim));
      assert.ok(FIXTURE.slice(claim.start, claim.end).trim().length > 0);
    }
    const unknown = await server.request<AnalysisResult>('factdesk/analysis', { uri: 'file:///not/open.txt' });
    assert.deepEqual([unknown.status, unknown.findings], ['unknownDocument', undefined]);
  });

  it('maps hovers over edits made since the last analysis', async () => {
    server = new TestServer({ ...FAST, runMode: 'manual' });
    await server.start();
    const uri = nextUri();
    await server.open(uri, FIXTURE);
    const mark = server.mark();
    await server.request<AnalyzeResult>('factdesk/analyze', { uri });
    const findings = await server.findings(uri, mark);
    const [start] = spansOf(findings.spans.quotes, 2)[0] ?? assert.fail('no quote found');
    const inserted = 'Breaking: ';
    await server.change(uri, 2, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, inserted);
    const edited = inserted + FIXTURE;
    const hover = await hoverAt(uri, edited, start + inserted.length + 1);
    assert.ok(hover && /Quote/.test(hover.contents.value), 'the quote is found at its new place');
    assert.equal(await hoverAt(uri, edited, 3), null, 'nothing inside the edited text');
  });

  it('in onSave mode analyzes when the document is saved', async () => {
    server = new TestServer({ ...FAST, runMode: 'onSave' });
    await server.start();
    const { uri } = await openFixture();
    const mark = server.mark();
    await server.change(uri, 2, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, 'Y');
    await server.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    const saved = await server.findings(uri, mark);
    assert.equal(saved.version, 2);
  });
});
