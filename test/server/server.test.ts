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
    for (const [name, stride] of [['quotes', 2], ['hedges', 2], ['claims', 3], ['entities', 3]] as const) {
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
      assert.match(hover.contents.value, /\((statement|short|title)\)/);
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
      assert.match(hover.contents.value, /Hedge\*\* “[^”]+” — .*\((modal|epistemic|adverb|weasel)\)/);
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
    });

    it('nothing over plain words outside any finding', async function () {
      const all = [...spansOf(findings.spans.quotes, 2), ...spansOf(findings.spans.claims, 3), ...spansOf(findings.spans.hedges, 2), ...spansOf(findings.spans.entities, 3)];
      const offset = FIXTURE.indexOf('date');
      if (all.some(([s, e]) => offset >= s && offset < e)) this.skip();
      assert.equal(await hoverAt(uri, FIXTURE, offset), null);
    });
  });

  it('outlines claims and quotes', async () => {
    await server.start();
    const { uri, findings } = await openFixture();
    const symbols = await server.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const group = (name: string) => symbols.find((s) => s.name === name)?.children ?? [];
    assert.equal(group('Claims').length, findings.counts.claims);
    assert.equal(group('Quotes').length, findings.counts.quotes);
    for (const s of [...group('Claims'), ...group('Quotes')]) assert.ok(s.name.length > 0);
  });

  it('outlines at most 500 claims and 500 quotes of a long article: the strongest claims, statements first', async () => {
    await server.start();
    const paragraphs: string[] = [];
    for (let i = 0; i < 1100; i++) {
      paragraphs.push(i % 2
        ? `Unemployment in district ${i} rose to ${(i % 9) + 1}.${i % 10} percent in ${1990 + (i % 30)}, the highest rate since ${1950 + (i % 40)}.`
        : `Residents said the plan made sense. “It is ${i % 3 ? 'fine' : 'a good plan for the town'},” said Anna Lindqvist.`);
    }
    const { uri, findings } = await openFixture(paragraphs.join('\n\n'));
    assert.ok(findings.counts.claims > 500 && findings.counts.quotes > 500, JSON.stringify(findings.counts));
    const symbols = await server.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const claims = symbols.find((s) => s.name === 'Claims (strongest)');
    assert.ok(claims, symbols.map((s) => s.name).join(', '));
    assert.equal(claims.children?.length, 500);
    assert.equal(claims.detail, `500 of ${findings.counts.claims}`);
    // In text order, and none left out scores higher than one listed.
    const lines = claims.children!.map((c) => (c as unknown as { range: { start: { line: number } } }).range.start.line);
    assert.deepEqual(lines, [...lines].sort((a, b) => a - b));
    const analysis = JSON.parse((await server.request<AnalysisResult>('factdesk/analysis', { uri })).findings!) as { claims: Array<{ score: number }> };
    const scores = analysis.claims.map((c) => c.score).sort((a, b) => b - a);
    const listed = claims.children!.map((c) => Number(/score (\d\.\d\d)/.exec(c.detail ?? '')?.[1]));
    assert.ok(Math.min(...listed) >= Number(scores[500].toFixed(2)), 'the strongest are listed');
    const quotes = symbols.find((s) => s.name === 'Quotes (statements first)');
    assert.deepEqual([quotes?.children?.length, quotes?.detail], [500, `500 of ${findings.counts.quotes}`]);
  });

  it('answers an outline request sent with didOpen once the first analysis is done, not empty', async () => {
    await server.start();
    const uri = nextUri();
    await server.open(uri, FIXTURE);
    const symbols = await server.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(symbols.some((s) => s.name === 'Claims'));
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
