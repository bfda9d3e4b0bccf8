import { strict as assert } from 'node:assert';
import { articleAnchor, escapeHtml, noteAnchor, renderHtml } from '../../src/reports';
import { FERRY, reportFor } from './helpers';

/** The article section's flat segments: [classes, data attributes, text] in order. */
function segments(html: string): { kinds: string[]; data: Record<string, string[]>; text: string }[] {
  const article = html.slice(html.indexOf('<section id="article">'), html.indexOf('</section>', html.indexOf('<section id="article">')));
  const body = article.slice(article.indexOf('<div class="block">'));
  return [...body.matchAll(/<mark class="([^"]+)"(?: id="[^"]+")?((?: data-[a-z]+="[^"]*")*) title="[^"]*">([^<]*)<\/mark>/g)].map((m) => ({
    kinds: m[1].split(' '),
    data: Object.fromEntries([...m[2].matchAll(/data-([a-z]+)="([^"]*)"/g)].map((d) => [d[1], d[2].split(' ')])),
    text: m[3],
  }));
}

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

describe('renderHtml: the annotated article', () => {
  const text = `${FERRY}\n\n"The <b>fares</b> reportedly rise by 9 percent.\n\n"That may hurt commuters," said Ana Lima.\n`;
  const report = reportFor(
    [
      { quote: 'rise by 12 percent', verdict: 'false', comment: 'Tariff table says **9** percent.' },
      { quote: 'fares across the harbour will rise', verdict: 'true', comment: 'Overlaps the first note.' },
      { quote: 'gather at the main pier', verdict: 'mostly-true' },
    ],
    text,
  );
  const html = renderHtml(report);
  const segs = segments(html);

  it('marks every claim, quote, hedge and note exactly once by id', () => {
    const ids = [
      ...report.claims.map((_, i) => articleAnchor.claim(i)),
      ...report.quotes.map((_, i) => articleAnchor.quote(i)),
      ...report.hedges.map((_, i) => articleAnchor.hedge(i)),
      ...report.claims
        .flatMap((c) => c.notes)
        .concat(report.otherNotes)
        .map((n) => articleAnchor.note(n.id)),
    ];
    assert.ok(report.claims.length > 2 && report.quotes.length >= 2 && report.hedges.length >= 1, 'the fixture has claims, quotes and hedges');
    for (const id of new Set(ids)) assert.equal(html.split(`id="${id}"`).length - 1, 1, id);
  });

  it('never nests marks, and the segments of each span put back together give its text', () => {
    assert.doesNotMatch(html, /<mark[^>]*>[^<]*<mark/);
    for (const [kind, spans] of [
      ['claim', report.claims],
      ['quote', report.quotes],
      ['hedge', report.hedges],
    ] as const) {
      spans.forEach((span, i) => {
        const joined = segs
          .filter((s) => s.data[kind]?.includes(String(i + 1)))
          .map((s) => unescape(s.text))
          .join('');
        // A span over several paragraphs is shown per paragraph: the blank lines between are not marked.
        const expected = report.text
          .slice(span.start, span.end)
          .split(/\n[ \t]*\n/)
          .join('');
        assert.equal(joined.replace(/\s+/g, ' '), expected.replace(/\s+/g, ' '), `${kind} ${i + 1}`);
      });
    }
  });

  it('puts each note beside its passage: in the block where the passage starts', () => {
    for (const note of report.claims.flatMap((c) => c.notes)) {
      const mark = html.indexOf(`id="${articleAnchor.note(note.id)}"`);
      const margin = html.indexOf(`id="${articleAnchor.margin(note.id)}"`);
      assert.ok(mark > 0 && margin > mark, 'margin entry after its passage');
      assert.equal(html.slice(mark, margin).includes('<div class="block">'), false, 'and in the same block');
    }
  });

  it('links both ways: claim marks to the list and back, margin notes to the full notes and back', () => {
    report.claims.forEach((_, i) => {
      assert.ok(html.includes(`href="#claim-${i + 1}"`), `article → claim ${i + 1}`);
      assert.ok(html.includes(`href="#${articleAnchor.claim(i)}"`), `claim ${i + 1} → article`);
    });
    for (const note of report.claims.flatMap((c) => c.notes)) {
      assert.ok(html.includes(`href="#${noteAnchor(note.id)}"`), 'margin → note');
      assert.ok(html.includes(`href="#${articleAnchor.margin(note.id)}"`), 'note → margin');
      assert.equal(html.split(`id="${noteAnchor(note.id)}"`).length - 1, 1, 'the full note is anchored once');
    }
  });

  it('escapes the article text and keeps it whole', () => {
    assert.ok(html.includes(escapeHtml('<b>fares</b>')));
    assert.doesNotMatch(html, /<b>fares<\/b>/);
    const article = html.slice(html.indexOf('<section id="article">'), html.indexOf('</section>', html.indexOf('<section id="article">')));
    const shown = unescape(
      article
        .replace(/<aside[\s\S]*?<\/aside>/g, '')
        .replace(/<a class="ref"[^>]*>[^<]*<\/a>/g, '')
        .replace(/<p class="legend">[\s\S]*?<\/p>/, '')
        .replace(/<h2>[^<]*<\/h2>/, '')
        .replace(/<[^>]+>/g, ''),
    );
    assert.equal(shown.replace(/\s+/g, ''), report.text.replace(/\s+/g, ''));
  });

  it('has a print style: notes and claims are never cut by a page break, margin notes inline', () => {
    assert.match(html, /@media print\{[^}]*\}?[\s\S]*\.margin-note,\.claim,\.note\{break-inside:avoid;page-break-inside:avoid\}/);
    assert.match(html, /@media print\{[^@]*#article \.block\{display:block\}/);
  });
});
