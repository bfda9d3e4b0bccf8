import { strict as assert } from 'node:assert';
import { analyze } from '../../src/core/analyze';
import { csvField, CSV_COLUMNS, markdownToPlainText, renderCsv, type Report } from '../../src/reports';
import { SourceCorpus, stripMarks, trustedAnalysisSpeaker, verifyQuote } from '../../src/sources';
import { reportFor } from './helpers';

/** Checks every quote of `report` against `sources` (file → text), as `factdesk report` does (src/cli/quotes.ts). */
function withQuoteChecks(report: Report, sources: Record<string, string>): Report {
  const corpus = new SourceCorpus();
  for (const [file, text] of Object.entries(sources)) corpus.add(file, text);
  const analysis = analyze(report.text);
  for (const q of report.quotes) {
    const quote = analysis.quotes.find((a) => a.start === q.start);
    if (!quote || quote.kind === 'title') continue;
    const text = stripMarks(report.text.slice(q.start, q.end));
    const speaker = trustedAnalysisSpeaker(analysis, quote);
    const check = verifyQuote(corpus, { text, speaker });
    q.check = { status: check.status, text, speaker, source: check.source, diff: check.diff, reason: check.reason };
  }
  report.quotesChecked = { sources: corpus.size };
  return report;
}

/** A small RFC 4180 reader, to check the writer by reading its output back. */
function parseCsv(csv: string): string[][] {
  assert.ok(csv.startsWith('\ufeff'), 'UTF-8 byte-order mark first');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = csv.slice(1);
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && s[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      assert.ok(c !== '\n' && c !== '\r' && c !== '"', `a bare ${JSON.stringify(c)} outside quotes at ${i}`);
      field += c;
    }
  }
  assert.equal(field, '', 'the file ends with a record separator');
  return rows;
}

describe('renderCsv', () => {
  const report = reportFor(
    [
      {
        quote: 'rise by 12 percent',
        verdict: 'false',
        comment: 'Wrong, see **the tariff table**.\n\nSecond "paragraph", with a comma.',
        sources: ['https://example.org/tariffs', 'Phone call with the authority'],
        author: 'Ana Lima',
        replies: ['=HYPERLINK("http://evil.example","click")'],
      },
      { quote: 'gather at the main pier', verdict: 'true', author: '@admin' },
    ],
    undefined,
  );
  const rows = parseCsv(renderCsv([report]));

  it('has a header row and one row per claim and per note, CRLF-separated', () => {
    assert.deepEqual(rows[0], [...CSV_COLUMNS]);
    const kinds = rows.slice(1).map((r) => r[3]);
    assert.equal(kinds.filter((k) => k === 'claim').length, report.claims.length);
    assert.equal(kinds.filter((k) => k === 'note').length, 2);
    for (const r of rows) assert.equal(r.length, CSV_COLUMNS.length);
  });

  it('quotes fields with commas, quotes and line breaks, and reads back to the same text', () => {
    const note = rows.find((r) => r[3] === 'note' && r[6] === 'False')!;
    assert.equal(
      note[7],
      'Wrong, see the tariff table.\nSecond "paragraph", with a comma.\nEditor: =HYPERLINK("http://evil.example","click")',
      'a reply inside the cell is not at its start: no formula',
    );
    assert.equal(note[8], 'https://example.org/tariffs; Phone call with the authority');
    assert.equal(note[9], 'Ana Lima');
    assert.equal(note[4], 'rise by 12 percent');
    assert.equal(note[12], 'anchored');
    const claim = rows.find((r) => r[3] === 'claim' && r[4].includes('rise by 12 percent'))!;
    assert.equal(claim[6], 'False');
    assert.equal(claim[12], 'checked');
    assert.match(claim[5], /^\d\.\d\d$/);
  });

  it('neutralizes cells that a spreadsheet would run as a formula', () => {
    for (const bad of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1']) assert.ok(csvField(bad).replace(/^"/, '').startsWith("'"), bad);
    assert.equal(csvField('a=1'), 'a=1');
    const author = rows.find((r) => r[9].includes('admin'))!;
    assert.equal(author[9], "'@admin");
  });

  it('keeps Unicode as UTF-8 text: accents, CJK, emoji, right-to-left', () => {
    const text = 'Zoë Ångström said 42 percent rose. 東京 rose 3%. 🚢 fares rose 9%. مرحبا rose 5%.';
    const csv = renderCsv([reportFor([{ quote: 'Zoë Ångström', verdict: 'true', comment: 'ok 🚢' }], text)]);
    const back = parseCsv(csv);
    assert.ok(back.some((r) => r[4] === 'Zoë Ångström'));
    assert.ok(back.some((r) => r[7] === 'ok 🚢'));
    assert.ok(Buffer.from(csv, 'utf8').toString('utf8') === csv);
  });

  it('lists orphaned notes with their last text and state, and works for several articles', () => {
    const orphaned = reportFor([{ quote: 'gather at the main pier', verdict: 'true' }], undefined, (t) =>
      t.replace('gather at the main pier', 'meet somewhere else entirely'),
    );
    const back = parseCsv(renderCsv([report, orphaned]));
    const last = back[back.length - 1];
    assert.equal(last[12], 'orphaned');
    assert.equal(last[1], '');
    assert.equal(back.filter((r) => r[0] === 'articles/ferry.txt').length, back.length - 1);
  });

  describe('quotes checked against the sources', () => {
    const ARTICLE = [
      'City signs ferry deal',
      '',
      '"The new ferries will cut the harbour\'s emissions by a third," Mayor Ana Ruiz said.',
      '',
      '"Fares will not go up this year or next year," Mayor Ana Ruiz said.',
      '',
      '"=SUM(1+2) and @cmd are the plan we have for the quay," Mayor Ana Ruiz said.',
      '',
    ].join('\n');
    const SOURCE = [
      "MAYOR ANA RUIZ: The new ferries will cut the harbour's emissions by half, and they will be quieter.",
      '',
      'MAYOR ANA RUIZ: Fares will not go up this year or next year.',
      '',
      'MAYOR ANA RUIZ: =SUM(1+2) and @cmd are not the plan we have for the quay.',
      '',
    ].join('\n');
    const checked = withQuoteChecks(reportFor([], ARTICLE), { 'sources/@press.txt': SOURCE });
    const back = parseCsv(renderCsv([checked]));
    const quotes = back.filter((r) => r[3] === 'quote');

    it('has one row per quote with its state, the source passage and why, in text order', () => {
      assert.deepEqual(
        quotes.map((r) => [r[1], r[4].slice(0, 20), r[12], r[8]]),
        [
          ['3', 'The new ferries will', 'altered', 'sources/@press.txt:1'],
          ['5', 'Fares will not go up', 'verbatim', 'sources/@press.txt:3'],
          ['7', "'=SUM(1+2) and @cmd ", 'altered', 'sources/@press.txt:5'],
        ],
      );
      const [cut] = quotes;
      assert.equal(cut[9], 'Ana Ruiz', 'the quote’s speaker');
      assert.match(cut[7], /^altered from sources\/@press\.txt:1 \(Mayor Ana Ruiz\): a number changed \(half → third\)/);
      assert.match(cut[7], /\nSource \(Mayor Ana Ruiz\): “The new ferries will cut the harbour's emissions by half”/);
      assert.match(cut[7], /\nDiff: .*\[-half-\] \{\+a third\+\}/);
      assert.equal(cut[6], '', 'no note accepts it');
    });

    it('keeps hostile quote and source text inert: no cell starts a formula', () => {
      for (const row of back) for (const cell of row) assert.ok(!/^[=+\-@\t\r]/.test(cell), `cell ${JSON.stringify(cell)} would run as a formula`);
      assert.ok(quotes[2][4].startsWith(`'=SUM(1+2) and @cmd`));
      assert.match(quotes[2][7], /Diff: =SUM\(1\+2\) and @cmd are \{\+not\+\}|Diff: .*\[-not-\]/);
    });

    it('lists the verdicts of the notes that accept a quote', () => {
      const accepted = withQuoteChecks(reportFor([{ quote: "cut the harbour's emissions by a third", verdict: 'mostly-true' }], ARTICLE), {
        'sources/@press.txt': SOURCE,
      });
      const row = parseCsv(renderCsv([accepted])).find((r) => r[3] === 'quote')!;
      assert.equal(row[6], 'Mostly true');
      assert.equal(row[12], 'altered');
    });

    it('has no quote rows when the quotes were not checked', () => {
      assert.ok(!rows.some((r) => r[3] === 'quote'));
    });
  });

  it('reads Markdown comments as plain text, one line per block', () => {
    assert.equal(
      markdownToPlainText('# Title\n\nSome *emphasis* and [a link](https://x.example).\n\n- one\n- two'),
      'Title\nSome emphasis and a link.\n- one\n- two',
    );
    assert.equal(markdownToPlainText(''), '');
  });
});
