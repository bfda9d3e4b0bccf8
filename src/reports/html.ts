// The report as one self-contained HTML file (inline CSS, no scripts, no external requests). All
// text from the article and the sidecar is escaped; note comments are Markdown rendered by micromark,
// which escapes raw HTML and drops dangerous link protocols by default. A Content-Security-Policy
// forbids scripts as a second line of defence.
import { VERDICTS } from '../notes';
import { ARTICLE_STYLE, articleAnchor, renderArticle } from './html-article';
import { badge, escapeHtml, link, renderComment, time } from './html-common';
import { claimCountsText, claimStatusLabel, type Report, type ReportClaim, type ReportDismissal, type ReportNote } from './model';
import { baseName, noteAnchor, oneLine } from './text';
import { checkedQuotes, QUOTE_STATUS_LABELS, quotesSummary } from './quotes';

export { escapeHtml } from './html-common';

/** Renders notes; a note on two claims gets its id (link target) only where it first appears. */
class NoteRenderer {
  private readonly shown = new Set<string>();

  render(note: ReportNote, claim?: ReportClaim): string {
    const id = this.shown.has(note.id) ? '' : ` id="${escapeHtml(noteAnchor(note.id))}"`;
    this.shown.add(note.id);
    const meta = [badge(note.verdict)];
    if (note.author) meta.push(`<span class="author">${escapeHtml(note.author)}</span>`);
    meta.push(note.created === note.modified ? time(note.created) : `${time(note.created)}, edited ${time(note.modified)}`);
    meta.push(
      note.position ? `<a href="#${articleAnchor.margin(note.id)}">line ${note.position.line}:${note.position.column}</a>` : '<strong>orphaned</strong>',
    );
    if (note.state === 'moved') meta.push('moved since written');
    if (note.state === 'changed') meta.push('<strong class="changed">changed since checked</strong>');
    const parts = [`<div class="note${note.state === 'changed' ? ' changed' : ''}"${id}>`, `<p class="meta">${meta.join(' · ')}</p>`];
    if (!claim || note.text !== claim.text || note.state === 'changed') parts.push(`<blockquote class="passage">${escapeHtml(note.text)}</blockquote>`);
    if (note.state === 'changed' && note.checkedText !== undefined)
      parts.push(`<p class="checked-text">Checked text:</p><blockquote class="passage checked">${escapeHtml(note.checkedText)}</blockquote>`);
    parts.push(renderComment(note.comment));
    if (note.sources.length) parts.push(`<ul class="sources">${note.sources.map((s) => `<li>${link(s)}</li>`).join('')}</ul>`);
    if (note.replies.length) {
      const replies = note.replies.map(
        (r) =>
          `<li><p class="meta">${r.author ? `<span class="author">${escapeHtml(r.author)}</span> · ` : ''}${time(r.modified)}</p>${renderComment(r.comment)}</li>`,
      );
      parts.push(`<ol class="replies">${replies.join('')}</ol>`);
    }
    parts.push('</div>');
    return parts.filter(Boolean).join('\n');
  }
}

function renderDismissal(d: ReportDismissal, inClaim: boolean): string {
  const meta = ['<span class="verdict v-dismissed">Not check-worthy</span>'];
  if (d.author) meta.push(`<span class="author">${escapeHtml(d.author)}</span>`);
  meta.push(time(d.modified));
  if (!inClaim) meta.push(d.position ? `line ${d.position.line}:${d.position.column}` : '<strong>orphaned</strong>');
  return [
    '<div class="note dismissal">',
    `<p class="meta">${meta.join(' · ')}</p>`,
    inClaim ? '' : `<blockquote class="passage">${escapeHtml(d.text)}</blockquote>`,
    d.reason.trim() ? `<p class="reason">Reason: ${escapeHtml(d.reason)}</p>` : '',
    '</div>',
  ]
    .filter(Boolean)
    .join('\n');
}

function renderClaim(claim: ReportClaim, index: number, notes: NoteRenderer): string {
  const status = claim.status;
  const reasons = claim.reasons.length ? ` <span class="reasons">(${escapeHtml(claim.reasons.join(', '))})</span>` : '';
  const mark = status === 'checked' ? '' : status === 'changed' ? '⚠ ' : status === 'dismissed' ? '– ' : '○ ';
  return [
    `<article class="claim ${status}" id="claim-${index + 1}">`,
    `<h3><span class="status ${status}">${escapeHtml(mark + claimStatusLabel(claim))}</span> Claim ${index + 1}, line ${claim.line}:${claim.column}</h3>`,
    `<p class="back"><a href="#${articleAnchor.claim(index)}">in the article ↑</a></p>`,
    `<blockquote class="claim-text">${escapeHtml(claim.text)}</blockquote>`,
    `<p class="score">Check-worthiness ${claim.score.toFixed(2)}${reasons}</p>`,
    claim.notes.length || claim.dismissals.length
      ? [...claim.notes.map((n) => notes.render(n, claim)), ...claim.dismissals.map((d) => renderDismissal(d, true))].join('\n')
      : '<p class="empty">No note yet.</p>',
    '</article>',
  ].join('\n');
}

// Claims and notes in the lists are article.claim / div.note: the article's marks carry the same
// class names (mark.claim, mark.note) and must not get the boxes.
const STYLE = `
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1d2433;background:#fff}
h1{font-size:1.6rem;margin-bottom:.25rem}h2{margin-top:2.5rem;border-bottom:1px solid #d8dde6;padding-bottom:.25rem}h3{font-size:1.05rem;margin:.2rem 0}
.summary{color:#4a5568}table.counts{border-collapse:collapse;margin:1rem 0}table.counts td,table.counts th{border:1px solid #d8dde6;padding:.2rem .6rem;text-align:left}
article.claim{border:1px solid #d8dde6;border-left:6px solid #c98a00;border-radius:6px;padding:.75rem 1rem;margin:1rem 0}article.claim.checked{border-left-color:#2f855a}
article.claim.changed{border-left-color:#c53030}article.claim.dismissed{border-left-color:#a0aec0}
.status{font-weight:600}.status.unchecked{color:#8a5a00}.status.checked{color:#2f855a}.status.changed{color:#c53030}.status.dismissed{color:#4a5568}
div.note.changed{border:1px solid #c53030}strong.changed{color:#c53030}.checked-text{font-size:.9rem;margin:.25rem 0 0}blockquote.checked{color:#4a5568}
blockquote{margin:.5rem 0;padding:.25rem .75rem;border-left:3px solid #d8dde6;color:#2d3748;white-space:pre-wrap}
.score,.meta{color:#4a5568;font-size:.9rem;margin:.25rem 0}div.note{background:#f7f8fa;border-radius:6px;padding:.5rem .75rem;margin:.6rem 0}
.verdict{font-weight:700;padding:0 .4rem;border-radius:4px;background:#e2e8f0}
.v-true,.v-mostly-true{background:#c6f6d5;color:#22543d}.v-false,.v-mostly-false{background:#fed7d7;color:#822727}
.v-mixed,.v-misleading{background:#feebc8;color:#7b341e}.v-unverifiable,.v-unchecked,.v-dismissed{background:#e2e8f0;color:#2d3748}
.comment.plain{white-space:pre-wrap}.sources{font-size:.9rem;margin:.25rem 0}.replies{font-size:.95rem}
.orphaned div.note{border:1px dashed #c53030}.quotes li{margin:.4rem 0}.q-altered .status,.q-wrong-speaker .status,.q-not-found .status{color:#9b2c2c}
del{background:#fed7d7}ins{background:#c6f6d5;text-decoration:none}footer{margin-top:3rem;color:#718096;font-size:.85rem}
`.trim();

/** The saved report's policy: inline styles only, no script, no request. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'";

/** How a host page differs from the saved file (the editor's preview); the saved file uses none of this. */
export interface HtmlPageOptions {
  /** Replaces REPORT_CSP. */
  contentSecurityPolicy?: string;
  /** Extra markup at the end of <head> (the preview's theme styles and its nonce'd script). */
  head?: string;
}

export function renderHtml(report: Report, page: HtmlPageOptions = {}): string {
  return [...htmlHead(report, page), '<body>', renderHtmlBody(report), '</body>', '</html>', ''].join('\n');
}

/** The document title of the report. */
export function reportTitle(report: Report): string {
  return `Fact-check report: ${baseName(report.article.path)}`;
}

function htmlHead(report: Report, page: HtmlPageOptions): string[] {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="${page.contentSecurityPolicy ?? REPORT_CSP}">`,
    `<title>${escapeHtml(reportTitle(report))}</title>`,
    `<style>${STYLE}\n${ARTICLE_STYLE}</style>`,
    ...(page.head ? [page.head] : []),
    '</head>',
  ];
}

/** The contents of <body>: what the preview replaces when the report changes. */
export function renderHtmlBody(report: Report): string {
  const c = report.counts;
  const name = baseName(report.article.path);
  const notes = new NoteRenderer();
  const counts = VERDICTS.filter((v) => c.byVerdict[v] > 0).map((v) => `<tr><td>${badge(v)}</td><td>${c.byVerdict[v]}</td></tr>`);
  const threshold = report.threshold !== undefined ? ` (score ≥ ${report.threshold})` : '';
  const body = [
    `<header><h1>Fact-check report: ${escapeHtml(name)}</h1>`,
    `<p class="summary">${escapeHtml(report.article.path)} — ${c.claims} check-worthy claim${c.claims === 1 ? '' : 's'}${escapeHtml(threshold)}: ` +
      `${escapeHtml(claimCountsText(c))}. ${c.notes} note${c.notes === 1 ? '' : 's'}, ${c.orphanedNotes} orphaned` +
      `${c.changedNotes ? `, ${c.changedNotes} changed since checked` : ''}${c.dismissals ? `; ${c.dismissals} passage${c.dismissals === 1 ? '' : 's'} dismissed as not check-worthy` : ''}.</p>`,
    counts.length ? `<table class="counts"><thead><tr><th>Verdict</th><th>Notes</th></tr></thead><tbody>${counts.join('')}</tbody></table>` : '',
    '</header>',
    renderArticle(report),
    '<section id="claims"><h2>Check-worthy claims</h2>',
    report.claims.length ? report.claims.map((claim, i) => renderClaim(claim, i, notes)).join('\n') : '<p class="empty">None found.</p>',
    '</section>',
  ];
  if (report.quotesChecked) {
    body.push('<section id="quotes"><h2>Quotes</h2>', `<p class="summary">${escapeHtml(quotesSummary(report))}</p>`, '<ol class="quotes">');
    for (const q of checkedQuotes(report)) {
      const c = q.check;
      const diff = c.diff
        .map((d) => (d.op === 'equal' ? escapeHtml(d.text) : d.op === 'delete' ? `<del>${escapeHtml(d.text)}</del>` : `<ins>${escapeHtml(d.text)}</ins>`))
        .join(' ');
      body.push(
        `<li class="quote-check q-${c.status}"><span class="status">${escapeHtml(QUOTE_STATUS_LABELS[c.status])}</span>${q.accepted ? ' (accepted by a note)' : ''} ` +
          `<span class="meta">line ${q.position.line}:${q.position.column}</span> “${escapeHtml(oneLine(c.text))}”${c.speaker ? ` — ${escapeHtml(c.speaker)}` : ''}` +
          (c.source
            ? `<div class="meta">Source: ${escapeHtml(c.source.file)}:${c.source.line}${c.source.speaker ? ` (${escapeHtml(c.source.speaker)})` : ''}: “${escapeHtml(oneLine(c.source.text))}”</div>`
            : '') +
          (c.status === 'altered' || c.status === 'wrong-speaker' ? `<div class="diff">${diff}</div>` : '') +
          `<div class="meta">${escapeHtml(c.reason)}</div></li>`,
      );
    }
    body.push('</ol>', '</section>');
  }
  if (report.otherNotes.length) {
    body.push('<section id="other-notes"><h2>Notes on other passages</h2>', ...report.otherNotes.map((n) => notes.render(n)), '</section>');
  }
  if (report.orphanedNotes.length) {
    body.push(
      '<section id="orphaned" class="orphaned"><h2>Orphaned notes</h2>',
      '<p>These notes’ passages are no longer in the article as written; re-attach or delete them.</p>',
      ...report.orphanedNotes.map((n) => notes.render(n)),
      '</section>',
    );
  }
  if (report.dismissals.length) {
    body.push('<section id="dismissed"><h2>Dismissed as not check-worthy</h2>', ...report.dismissals.map((d) => renderDismissal(d, false)), '</section>');
  }
  body.push('<footer>Made with FactDesk.</footer>');
  return body.filter(Boolean).join('\n');
}
