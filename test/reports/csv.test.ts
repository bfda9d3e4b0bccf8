import { strict as assert } from 'node:assert';
import { csvField, CSV_COLUMNS, markdownToPlainText, renderCsv } from '../../src/reports';
import { reportFor } from './helpers';

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

  it('reads Markdown comments as plain text, one line per block', () => {
    assert.equal(
      markdownToPlainText('# Title\n\nSome *emphasis* and [a link](https://x.example).\n\n- one\n- two'),
      'Title\nSome emphasis and a link.\n- one\n- two',
    );
    assert.equal(markdownToPlainText(''), '');
  });
});
