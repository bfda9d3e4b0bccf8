// The annotated HTML report in a real browser: margin notes beside their paragraph on a wide
// screen, after it on a narrow one and in print; in print every note, claim and margin entry is
// kept whole (break-inside: avoid, and each fits on a page so the browser can honour it); a PDF is
// printed as a reader would (.test-artifacts/report-print.pdf), and nothing runs or loads.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { renderHtml } from '../../src/reports';
import { startReportBrowser, type ReportBrowser } from './chromium';
import { FERRY, reportFor } from './helpers';

const ARTIFACTS = path.join(__dirname, '../../.test-artifacts');
/** A4 at 96 px per inch with Chromium's default 1 cm print margins, in CSS pixels. */
const A4_PRINTABLE = { width: 718, height: 1047 };

describe('reports: the annotated HTML in a browser, on screen and in print', function () {
  this.timeout(120_000);
  let chrome: ReportBrowser | undefined;
  let url = '';

  before(async function () {
    chrome = await startReportBrowser(this);
    const long = 'Officials said the harbour authority raised fares by 12 percent in 2025, more than any other city. '.repeat(6);
    const text = `${FERRY}\n\n${Array.from({ length: 12 }, (_, i) => `Paragraph ${i + 1}: ${long}`).join('\n\n')}\n`;
    const notes = Array.from({ length: 12 }, (_, i) => ({
      quote: `Paragraph ${i + 1}:`,
      verdict: (i % 2 ? 'false' : 'true') as 'false' | 'true',
      comment: `Checked against the **tariff table**, row ${i + 1}.\n\n${'A longer explanation of the source and the figures. '.repeat(4)}`,
      sources: ['https://example.org/tariffs'],
      author: 'Ana Lima',
    }));
    notes.push({ quote: 'rise by 12 percent', verdict: 'true', comment: 'Matches the notice.', sources: [], author: 'Ana Lima' });
    url = chrome.serve('annotated', renderHtml(reportFor(notes, text)));
  });

  after(async () => chrome?.close());

  async function layout(width: number, media: 'screen' | 'print') {
    const page = await chrome!.browser.newPage({ viewport: { width, height: 900 } });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.emulateMedia({ media });
    await page.goto(url, { waitUntil: 'load' });
    const boxes = (await page.evaluate(`Array.from(document.querySelectorAll('#article .block')).filter((b) => b.querySelector('.margin-note')).map((b) => {
      const text = b.querySelector('.text').getBoundingClientRect();
      const notes = Array.from(b.querySelectorAll('.margin-note')).map((n) => { const r = n.getBoundingClientRect(); const s = getComputedStyle(n); return { left: r.left, top: r.top, height: r.height, breakInside: s.breakInside }; });
      return { text: { left: text.left, right: text.right, bottom: text.bottom }, notes };
    })`)) as { text: { left: number; right: number; bottom: number }; notes: { left: number; top: number; height: number; breakInside: string }[] }[];
    const kept = (await page.evaluate(
      `Array.from(document.querySelectorAll('.claim, .note, .margin-note')).map((n) => getComputedStyle(n).breakInside)`,
    )) as string[];
    return { page, boxes, kept, dialogs };
  }

  it('wide screen: each note stands in the margin beside its paragraph', async () => {
    const { page, boxes, dialogs } = await layout(1440, 'screen');
    try {
      assert.ok(boxes.length >= 12, `${boxes.length} paragraphs with notes`);
      for (const b of boxes) for (const n of b.notes) assert.ok(n.left >= b.text.right, `note at x=${n.left} right of the text ending at x=${b.text.right}`);
      assert.deepEqual(dialogs, []);
    } finally {
      await page.close();
    }
  });

  it('narrow screen: each note follows its paragraph, full width', async () => {
    const { page, boxes } = await layout(600, 'screen');
    try {
      for (const b of boxes) for (const n of b.notes) assert.ok(n.top >= b.text.bottom - 1 && Math.abs(n.left - b.text.left) < 2, 'note under its paragraph');
    } finally {
      await page.close();
    }
  });

  it('print: notes inline, none can be cut by a page break, and a PDF is printed', async () => {
    const { page, boxes, kept } = await layout(A4_PRINTABLE.width, 'print');
    try {
      for (const b of boxes) {
        for (const n of b.notes) {
          assert.ok(n.top >= b.text.bottom - 1, 'inline after its paragraph');
          assert.ok(n.height < A4_PRINTABLE.height, 'fits on one page, so break-inside: avoid can hold');
        }
      }
      assert.ok(kept.length > 20);
      assert.deepEqual([...new Set(kept)], ['avoid'], 'every claim, note and margin note is kept whole');
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      const pdf = await page.pdf({ format: 'A4', printBackground: true, path: path.join(ARTIFACTS, 'report-print.pdf') });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
      assert.ok(pages >= 2, `${pages} printed pages`);
      assert.deepEqual(chrome!.received, [], 'printing loaded nothing');
    } finally {
      await page.close();
    }
  });
});
