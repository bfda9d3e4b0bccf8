import { strict as assert } from 'node:assert';
import { escapeMarkdownText, renderMarkdown } from '../../src/reports';
import { reportFor } from './helpers';

describe('renderMarkdown', () => {
  const report = reportFor(
    [
      {
        quote: 'rise by 12 percent',
        verdict: 'mostly-true',
        comment: 'The notice says **11.8%**.\n\nSee <script>alert(1)</script>',
        sources: ['https://example.org/notice'],
        author: 'Ana',
        replies: ['Agreed'],
      },
      { quote: 'gather at the main pier', verdict: 'unchecked' },
      { quote: '4.6 million passengers', verdict: 'false' },
    ],
    undefined,
    (t) => t.replace('4.6 million passengers', 'many passengers'),
  );
  const md = renderMarkdown(report);

  it('has a heading, a summary and counts by verdict', () => {
    assert.match(md, /^# Fact-check report: ferry\.txt\n/);
    assert.match(md, /3 check-worthy claims \(score ≥ 0\.37\): 1 checked, 2 unchecked\. 3 notes, 1 orphaned\./);
    assert.match(md, /\| ✓ Mostly true \| 1 \|/);
    assert.match(md, /\| ✗ False \| 1 \|/);
    assert.doesNotMatch(md, /\| True \|/, 'verdicts without notes are left out of the table');
  });

  it('lists each claim with line:column, score, reasons and its notes', () => {
    assert.match(md, /### 1\. Line 5:1 — ✓ Mostly true\n\n> Ferry fares across the harbour/);
    assert.match(md, /Check-worthiness 0\.\d\d \([a-z-]+(, [a-z-]+)*\)/);
    assert.match(md, /- \*\*✓ Mostly true\*\* · Ana · \d{4}-\d\d-\d\d \d\d:\d\d UTC · line 5:/);
    assert.match(md, /On: “rise by 12 percent”/);
    assert.match(md, /The notice says \*\*11\.8%\*\*\./, 'comment Markdown is kept');
    assert.match(md, /Sources: <https:\/\/example\.org\/notice>/);
    assert.match(md, /\*Editor, [^*]+:\* Agreed/);
    assert.match(md, /No note yet\./);
  });

  it('neutralizes raw HTML in comments', () => {
    assert.doesNotMatch(md, /<script>/);
    assert.match(md, /&lt;script>/);
  });

  it('has sections for notes on other passages and for orphaned notes', () => {
    assert.match(md, /## Notes on other passages\n\n- \*\*○ Unchecked\*\*/);
    assert.match(md, /## Orphaned notes\n[\s\S]*- \*\*✗ False\*\*[^\n]*orphaned\n\n {2}On: “4\\\.6 million passengers”/);
  });

  it('escapes article text so it reads literally', () => {
    assert.equal(escapeMarkdownText('# 5 *big* [claims] <b>'), '\\# 5 \\*big\\* \\[claims\\] &lt;b&gt;');
    assert.equal(escapeMarkdownText('1. first'), '1\\. first');
    assert.equal(escapeMarkdownText('- item'), '\\- item');
  });
});
