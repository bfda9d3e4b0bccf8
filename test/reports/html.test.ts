import { strict as assert } from 'node:assert';
import { escapeHtml, noteAnchor, renderHtml } from '../../src/reports';
import { reportFor } from './helpers';

describe('renderHtml', () => {
  const report = reportFor(
    [
      {
        quote: 'rise by 12 percent',
        verdict: 'false',
        comment: 'Wrong: <script>alert("x")</script> and <img src=x onerror=alert(1)> [click](javascript:alert(1)) **bold**',
        sources: ['https://example.org/a?x=1&y=2', 'javascript:alert(1)'],
        author: '<b>Eve</b>',
        replies: ['<iframe src="https://evil.example"></iframe>'],
      },
      { quote: 'gather at the main pier', verdict: 'true' },
    ],
    undefined,
    (t) => t.replace('said on Friday', 'said on <em>Friday</em>'),
  );
  const html = renderHtml(report);

  it('is one self-contained document with inline CSS and no scripts or external resources', () => {
    assert.match(html, /^<!doctype html>\n<html lang="en">/);
    assert.match(html, /<meta charset="utf-8">/);
    assert.match(html, /<style>[^<]+<\/style>/);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/);
    assert.doesNotMatch(html, /<(script|link|img|iframe|object|embed)\b|<[^>]*\ssrc=/i);
    assert.match(html, /<\/html>\n$/);
  });

  it('escapes a note comment containing <script>', () => {
    assert.match(html, /Wrong: &lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(html, /<strong>bold<\/strong>/, 'comment Markdown is rendered');
    assert.doesNotMatch(html, /href="javascript:/i);
  });

  it('escapes authors, replies, sources and the article text', () => {
    assert.match(html, /&lt;b&gt;Eve&lt;\/b&gt;/);
    assert.match(html, /&lt;iframe src=&quot;https:\/\/evil\.example&quot;&gt;&lt;\/iframe&gt;/);
    assert.match(html, /<a href="https:\/\/example\.org\/a\?x=1&amp;y=2" rel="noopener noreferrer">/);
    assert.match(html, /<li>javascript:alert\(1\)<\/li>/, 'a non-http source is text, not a link');
    assert.doesNotMatch(html, /<em>Friday<\/em>/);
    assert.match(html, /&lt;em&gt;Friday&lt;\/em&gt;/);
  });

  it('shows claims with status, line:column, score and notes with an anchor id', () => {
    assert.match(html, /<article class="claim checked" id="claim-1">/);
    assert.match(html, /Claim 1, line 5:1/);
    assert.match(html, /class="verdict v-false">✗ False</);
    assert.match(html, /<article class="claim unchecked"/);
    const id = report.claims[0].notes[0].id;
    assert.match(html, new RegExp(`<div class="note" id="${noteAnchor(id)}">`));
    assert.match(html, /<section id="other-notes"><h2>Notes on other passages<\/h2>/);
  });

  it('escapes the five HTML-special characters', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
