// The real language server when a detector fails (issue #8): the detector is made to fail through
// FACTDESK_TEST_FAULTS (the engine's registry seam), the server runs it on its worker thread, and the
// test reads what goes over the protocol: findings for the rest of the document, the failure in the
// findings message, and one log message with detector, file, line, message and stack.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import { decodeFailureReports, type FindingsParams } from '../../src/shared/protocol';
import { positionAt, SERVER_JS, TestServer } from './lspClient';

const MARKER = 'Harbourmaster';
const ARTICLE = [
  'Council President Rebecca Nguyen said the ferry would reportedly cost $4.5 million.',
  '',
  `The ${MARKER} Tomas Brenner may resign, according to officials.`,
  '',
  'Prices may rise 40 percent in March, said Amara Mensah.',
].join('\n');

interface LogMessage {
  type: number;
  message: string;
}

const pairs = (flat: number[], stride: number) => Array.from({ length: flat.length / stride }, (_, i) => flat.slice(i * stride, i * stride + 2));

describe('language server: a failing detector (FACTDESK_TEST_FAULTS)', function () {
  this.timeout(30000);
  let server: TestServer | undefined;

  before(() => {
    if (!fs.existsSync(SERVER_JS)) throw new Error(`${SERVER_JS} is missing: run \`npm run build\` first`);
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  async function findingsWith(faults: string | undefined, uri: string): Promise<{ findings: FindingsParams; s: TestServer }> {
    const s = new TestServer({ debounceMs: 0 }, {}, faults ? { FACTDESK_TEST_FAULTS: faults } : {});
    server = s;
    await s.start();
    await s.open(uri, ARTICLE);
    return { findings: await s.findings(uri), s };
  }

  it('sends the findings of the rest of the document and the failure with its lines; logs it once with its stack', async () => {
    const { findings: clean } = await findingsWith(undefined, 'file:///fixtures/clean.txt');
    assert.equal(clean.failures, undefined, 'no failures field when nothing failed');
    await server?.stop();

    const uri = 'file:///fixtures/failing.txt';
    const { findings, s } = await findingsWith(`hedges:${MARKER}`, uri);
    assert.equal(findings.status, 'ok', 'the document is analyzed');
    const { failures, dropped } = decodeFailureReports(findings.failures);
    assert.equal(dropped, 0);
    assert.equal(failures.length, 1);
    const failing = { start: ARTICLE.indexOf('The '), end: ARTICLE.indexOf('officials.') + 'officials.'.length };
    assert.deepEqual(
      [failures[0].detector, failures[0].start, failures[0].end, failures[0].line, failures[0].endLine],
      ['hedges', failing.start, failing.end, 3, 3],
    );
    assert.match(failures[0].message, /injected fault/);

    // Hedges outside the failing paragraph, and every other category, as without the failure.
    const hedges = pairs(findings.spans.hedges, 2);
    assert.deepEqual(
      hedges,
      pairs(clean.spans.hedges, 2).filter(([start]) => start < failing.start || start >= failing.end),
    );
    assert.ok(hedges.length >= 2, 'hedges before and after the failing paragraph');
    for (const key of ['quotes', 'claims', 'entities'] as const) assert.deepEqual(findings.spans[key], clean.spans[key], key);

    const log = await s.waitFor<LogMessage>('window/logMessage', (m) => /hedges failed on line 3/.test(m.message));
    assert.equal(log.type, 1, 'an error in the log');
    assert.ok(log.message.includes(uri), 'names the file');
    assert.match(log.message, /injected fault: hedges/);
    assert.match(log.message, /\n\s+at \S/, 'the stack');

    // An edit elsewhere: the failure is still sent (not cached away), but logged only once.
    const mark = s.mark();
    const end = positionAt(ARTICLE, ARTICLE.length);
    await s.change(uri, 2, { start: end, end }, ' More.');
    const next = await s.findings(uri, mark, (f) => f.version === 2);
    assert.equal(decodeFailureReports(next.failures).failures.length, 1);
    assert.equal(s.log.slice(mark).filter((m) => m.method === 'window/logMessage' && /failed on line/.test((m.params as LogMessage).message)).length, 0);
  });

  it('the hover answers for the rest of the document when entities fail on one paragraph', async () => {
    const uri = 'file:///fixtures/entities.txt';
    const { findings, s } = await findingsWith(`entities:${MARKER}`, uri);
    assert.equal(decodeFailureReports(findings.failures).failures[0].detector, 'entities');
    const hover = await s.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position: positionAt(ARTICLE, ARTICLE.indexOf('Amara Mensah') + 2),
    });
    assert.ok(hover && /Amara Mensah/.test(hover.contents.value), JSON.stringify(hover));
  });

  it('a document the engine cannot analyze at all gets status error and a message, the server goes on', async () => {
    const uri = 'file:///fixtures/segmentation.txt';
    const { findings, s } = await findingsWith(`segmentation:${MARKER}`, uri);
    assert.equal(findings.status, 'error');
    assert.match(findings.message ?? '', /the analysis failed \(injected fault: segmentation/);
    const other = 'file:///fixtures/other.txt';
    await s.open(other, 'Prices may rise.');
    const ok = await s.findings(other);
    assert.equal(ok.status, 'ok');
    assert.equal(ok.counts.hedges, 1);
  });
});

describe('decodeFailureReports', () => {
  it('keeps well-formed entries and counts the rest', () => {
    const good = { detector: 'quotes', start: 0, end: 4, line: 1, endLine: 1, message: 'x', stack: 'Error: x' };
    assert.deepEqual(decodeFailureReports(undefined), { failures: [], dropped: 0 });
    assert.deepEqual(decodeFailureReports([good]), { failures: [good], dropped: 0 });
    assert.deepEqual(decodeFailureReports([good, { ...good, line: -1 }, null, { ...good, stack: 3 }, 'x']), { failures: [good], dropped: 4 });
    assert.deepEqual(decodeFailureReports({}), { failures: [], dropped: 1 });
  });
});
