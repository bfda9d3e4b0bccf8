// The article itself in the HTML report, with its claims, quotes, hedges and noted passages marked
// and each note beside its passage: in the right margin on wide screens, after its paragraph on
// narrow ones and in print. Marks never nest: the text is cut at every span boundary into flat
// segments, each a <mark> whose classes and data attributes name every span it lies in; a span's
// first segment carries its id, so each claim, quote, hedge and note is anchored exactly once.
// Links go both ways: a claim's reference number leads to its entry in the claim list and back; a
// note's margin entry leads to the full note below and back.
import type { Span } from '../core/types';
import { badge, escapeHtml, link, renderComment } from './html-common';
import { verdictLabel, type Report, type ReportNote } from './model';
import { noteAnchor } from './text';

/** A blank line (white space allowed) separates the blocks the article is shown in. */
const BLOCK_SEPARATOR = /\n[ \t]*\r?\n|\r[ \t]*\r/g;
/** Margin entries quote at most this much of their passage; the full note is in the list below. */
const MARGIN_PASSAGE_CHARS = 160;

export const articleAnchor = {
  claim: (index: number) => `text-claim-${index + 1}`,
  quote: (index: number) => `text-quote-${index + 1}`,
  hedge: (index: number) => `text-hedge-${index + 1}`,
  note: (id: string) => `text-${noteAnchor(id)}`,
  margin: (id: string) => `margin-${noteAnchor(id)}`,
};

interface Marked extends Span {
  kind: 'claim' | 'quote' | 'hedge' | 'note';
  /** Index in its list (claims, quotes, hedges) or the note id. */
  key: string;
  anchor: string;
  title: string;
}

function blocks(text: string): Span[] {
  const out: Span[] = [];
  let start = 0;
  for (const m of text.matchAll(BLOCK_SEPARATOR)) {
    if (text.slice(start, m.index).trim()) out.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  if (text.slice(start).trim()) out.push({ start, end: text.length });
  return out;
}

function marksOf(report: Report, placedNotes: ReportNote[]): Marked[] {
  const marks: Marked[] = [];
  report.claims.forEach((c, i) =>
    marks.push({
      start: c.start,
      end: c.end,
      kind: 'claim',
      key: String(i + 1),
      anchor: articleAnchor.claim(i),
      title: `Claim ${i + 1}, check-worthiness ${c.score.toFixed(2)}`,
    }),
  );
  report.quotes.forEach((q, i) =>
    marks.push({
      start: q.start,
      end: q.end,
      kind: 'quote',
      key: String(i + 1),
      anchor: articleAnchor.quote(i),
      title: q.speaker ? `Quote: ${q.speaker}` : 'Quote',
    }),
  );
  report.hedges.forEach((h, i) =>
    marks.push({
      start: h.start,
      end: h.end,
      kind: 'hedge',
      key: String(i + 1),
      anchor: articleAnchor.hedge(i),
      title: `Hedge (${h.category}): ${h.explanation}`,
    }),
  );
  for (const n of placedNotes)
    marks.push({
      start: n.span!.start,
      end: n.span!.end,
      kind: 'note',
      key: n.id,
      anchor: articleAnchor.note(n.id),
      title: `Note: ${verdictLabel(n.verdict)}${n.state === 'changed' ? ' (changed since checked)' : ''}`,
    });
  return marks.filter((m) => m.end > m.start).sort((a, b) => a.start - b.start || b.end - a.end);
}

/**
 * One block of text cut into flat segments. A span's id sits on the first segment it covers
 * (`anchored` is shared by all blocks, as a quote may run over several paragraphs).
 */
function renderBlock(text: string, block: Span, nextStart: number, marks: readonly Marked[], claimEnds: readonly number[], anchored: Set<Marked>): string {
  const inside = marks.filter((m) => m.start < block.end && m.end > block.start);
  const cuts = new Set<number>([block.start, block.end]);
  for (const m of inside) {
    if (m.start > block.start) cuts.add(m.start);
    if (m.end < block.end) cuts.add(m.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i];
    const end = points[i + 1];
    const here = inside.filter((m) => m.start <= start && m.end >= end);
    const segment = escapeHtml(text.slice(start, end));
    if (here.length === 0) out.push(segment);
    else {
      const kinds = [...new Set(here.map((m) => m.kind))];
      const data = kinds
        .map(
          (k) =>
            ` data-${k}="${escapeHtml(
              here
                .filter((m) => m.kind === k)
                .map((m) => m.key)
                .join(' '),
            )}"`,
        )
        .join('');
      const starting = here.filter((m) => !anchored.has(m));
      for (const m of starting) anchored.add(m);
      // One id per element: the first span starting here takes the mark's id, others an empty anchor just before it.
      const before = starting
        .slice(1)
        .map((m) => `<span id="${m.anchor}"></span>`)
        .join('');
      const id = starting.length ? ` id="${starting[0].anchor}"` : '';
      out.push(`${before}<mark class="${kinds.join(' ')}"${id}${data} title="${escapeHtml(here.map((m) => m.title).join('; '))}">${segment}</mark>`);
    }
    // A claim's reference number follows its last segment (at the block's end if it ends in the gap after it).
    claimEnds.forEach((claimEnd, index) => {
      if (claimEnd === end || (end === block.end && claimEnd > block.end && claimEnd <= nextStart)) {
        out.push(`<a class="ref" href="#claim-${index + 1}" title="Claim ${index + 1} in the list">[${index + 1}]</a>`);
      }
    });
  }
  return out.join('');
}

function marginNote(note: ReportNote): string {
  const passage = note.text.length > MARGIN_PASSAGE_CHARS ? `${note.text.slice(0, MARGIN_PASSAGE_CHARS - 1)}…` : note.text;
  const parts = [
    `<aside class="margin-note v-${note.verdict}" id="${articleAnchor.margin(note.id)}">`,
    `<p class="meta">${badge(note.verdict)}${note.author ? ` <span class="author">${escapeHtml(note.author)}</span>` : ''}${note.state === 'moved' ? ' · moved since written' : note.state === 'changed' ? ' · <strong class="changed">changed since checked</strong>' : ''}</p>`,
    `<p class="passage"><a href="#${articleAnchor.note(note.id)}">“${escapeHtml(passage)}”</a></p>`,
    renderComment(note.comment),
    note.sources.length ? `<ul class="sources">${note.sources.map((s) => `<li>${link(s)}</li>`).join('')}</ul>` : '',
    note.replies.length ? `<p class="meta">${note.replies.length} repl${note.replies.length === 1 ? 'y' : 'ies'}</p>` : '',
    `<p class="back"><a href="#${escapeHtml(noteAnchor(note.id))}">full note ↓</a></p>`,
    '</aside>',
  ];
  return parts.filter(Boolean).join('\n');
}

/** The "Article" section: every block with its marks, then the notes that start in it. */
export function renderArticle(report: Report): string {
  const placed = [...new Map([...report.claims.flatMap((c) => c.notes), ...report.otherNotes].map((n) => [n.id, n])).values()].sort(
    (a, b) => a.span!.start - b.span!.start || a.span!.end - b.span!.end,
  );
  const marks = marksOf(report, placed);
  const claimEnds = report.claims.map((c) => c.end);
  const anchored = new Set<Marked>();
  const parts = ['<section id="article"><h2>The article, annotated</h2>', LEGEND];
  const textBlocks = blocks(report.text);
  for (const [i, block] of textBlocks.entries()) {
    const next = textBlocks[i + 1]?.start ?? Infinity;
    const notesHere = placed.filter((n) => n.span!.start >= block.start && n.span!.start < next);
    parts.push(`<div class="block"><p class="text">${renderBlock(report.text, block, next, marks, claimEnds, anchored)}</p>`);
    if (notesHere.length) parts.push(`<div class="margin">${notesHere.map(marginNote).join('\n')}</div>`);
    parts.push('</div>');
  }
  if (!textBlocks.length) parts.push('<p class="empty">The article is empty.</p>');
  parts.push('</section>');
  return parts.join('\n');
}

const LEGEND =
  '<p class="legend"><mark class="claim">check-worthy claim</mark> <mark class="quote">quote</mark> <mark class="hedge">hedge</mark> ' +
  '<mark class="note">passage with a note</mark> · [n] leads to the claim in the list; the notes stand beside their paragraph.</p>';

export const ARTICLE_STYLE = `
mark{background:none;color:inherit;padding:0}
mark.claim{background:#fdf0d0}mark.quote{border-bottom:2px solid #3a7bd5}mark.hedge{text-decoration:underline dotted #a1309b;text-underline-offset:3px}
mark.note{box-shadow:inset 0 -0.45em 0 #c6f6d5}
#article .text{white-space:pre-wrap;margin:.6rem 0}.ref{font-size:.75rem;vertical-align:super;text-decoration:none;margin-left:.1rem}
.margin-note{background:#f7f8fa;border-left:4px solid #a0aec0;border-radius:4px;padding:.4rem .6rem;margin:.4rem 0;font-size:.9rem;break-inside:avoid;page-break-inside:avoid}
.margin-note.v-true,.margin-note.v-mostly-true{border-left-color:#2f855a}.margin-note.v-false,.margin-note.v-mostly-false{border-left-color:#c53030}
.margin-note.v-mixed,.margin-note.v-misleading{border-left-color:#c05621}
.margin-note .passage{margin:.2rem 0;color:#2d3748}.margin-note .back{margin:.2rem 0;font-size:.8rem}
.legend{font-size:.85rem;color:#4a5568}
@media (min-width:76rem){body{max-width:74rem}body>header,body>section:not(#article),body>footer{max-width:52rem}
#article .block{display:grid;grid-template-columns:minmax(0,52rem) 18rem;column-gap:1.5rem;align-items:start}#article .margin{grid-column:2}}
@media print{body{max-width:none;margin:0;font-size:11pt}#article .block{display:block}.margin-note,.claim,.note{break-inside:avoid;page-break-inside:avoid}
a{color:inherit;text-decoration:none}.ref{display:none}h2{break-after:avoid;page-break-after:avoid}}
`.trim();
