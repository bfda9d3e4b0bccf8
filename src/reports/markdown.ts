// The report as Markdown, for a pull request, a wiki or an editor's inbox. Article text is escaped
// so it reads literally; note comments are Markdown and kept as such, with raw HTML neutralized
// (a comment is written by anyone with access to the sidecar, the report may be rendered anywhere).
import { VERDICTS } from '../notes';
import { claimCountsText, claimStatusLabel, verdictBadge, type Report, type ReportClaim, type ReportDismissal, type ReportNote } from './model';
import { baseName, formatDate, isLinkableUrl, oneLine } from './text';
import { checkedQuotes, QUOTE_STATUS_LABELS, quoteDiffText, quotesSummary } from './quotes';

/**
 * Escapes what Markdown would read as markup, so article text shows as written. `&`, `<` and `>`
 * become character references, not backslash escapes: a GFM autolink literal just before them
 * (`https://x.example/?q=\<img …`) swallows the backslash, which would leave the `<` live.
 */
export function escapeMarkdownText(s: string): string {
  return oneLine(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]|~!#]/g, '\\$&')
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/**
 * A note comment: its Markdown kept, raw HTML turned into text, and images turned into links
 * (`![a](u)` → `\![a](u)`, unless the `!` is already escaped), so a renderer loads nothing.
 */
function safeComment(markdown: string): string {
  return markdown
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/(\\*)!\[/g, (match, slashes: string) => (slashes.length % 2 === 0 ? `${slashes}\\![` : match))
    .trim();
}

function indent(s: string, by: string): string {
  return s.replace(/\n(?!\n|$)/g, '\n' + by);
}

function sourceLink(url: string): string {
  return isLinkableUrl(url) ? `<${url}>` : escapeMarkdownText(url);
}

function dates(created: string, modified: string): string {
  return created === modified ? formatDate(created) : `${formatDate(created)}, edited ${formatDate(modified)}`;
}

function renderNote(note: ReportNote, claim?: ReportClaim): string[] {
  const where = note.position ? `line ${note.position.line}:${note.position.column}` : 'orphaned';
  const head = [`**${verdictBadge(note.verdict)}**`, note.author ? escapeMarkdownText(note.author) : undefined, dates(note.created, note.modified), where];
  if (note.state === 'moved') head.push('moved since written');
  if (note.state === 'changed') head.push('**changed since checked**');
  const out = [`- ${head.filter(Boolean).join(' · ')}`];
  if (!claim || note.text !== claim.text || note.state === 'changed') out.push('', `  On: “${escapeMarkdownText(note.text)}”`);
  if (note.state === 'changed' && note.checkedText !== undefined) out.push('', `  Checked text: “${escapeMarkdownText(note.checkedText)}”`);
  if (note.comment.trim()) out.push('', '  ' + indent(safeComment(note.comment), '  '));
  if (note.sources.length) out.push('', '  Sources: ' + note.sources.map(sourceLink).join(', '));
  for (const r of note.replies) {
    const by = [r.author ? escapeMarkdownText(r.author) : 'Reply', dates(r.created, r.modified)].join(', ');
    out.push('', `  - *${by}:* ` + indent(safeComment(r.comment), '    '));
  }
  out.push('');
  return out;
}

function renderDismissal(d: ReportDismissal): string[] {
  const where = d.position ? `line ${d.position.line}:${d.position.column}` : 'orphaned';
  const head = ['**not check-worthy**', d.author ? escapeMarkdownText(d.author) : undefined, dates(d.created, d.modified), where];
  const out = [`- ${head.filter(Boolean).join(' · ')}`, '', `  On: “${escapeMarkdownText(d.text)}”`];
  if (d.reason.trim()) out.push('', `  Reason: ${escapeMarkdownText(d.reason)}`);
  out.push('');
  return out;
}

function renderClaim(claim: ReportClaim, index: number): string[] {
  const out = [
    `### ${index + 1}. Line ${claim.line}:${claim.column} — ${escapeMarkdownText(claimStatusLabel(claim))}`,
    '',
    `> ${escapeMarkdownText(claim.text)}`,
    '',
    `Check-worthiness ${claim.score.toFixed(2)}${claim.reasons.length ? ` (${claim.reasons.join(', ')})` : ''}`,
    '',
  ];
  if (!claim.notes.length && !claim.dismissals.length) out.push('No note yet.', '');
  for (const note of claim.notes) out.push(...renderNote(note, claim));
  for (const d of claim.dismissals) {
    out.push(`- Dismissed as **not check-worthy**${d.author ? ` by ${escapeMarkdownText(d.author)}` : ''}, ${dates(d.created, d.modified)}`);
    out.push(...(d.reason.trim() ? ['', `  Reason: ${escapeMarkdownText(d.reason)}`] : []), '');
  }
  return out;
}

export function renderMarkdown(report: Report): string {
  const c = report.counts;
  const out = [
    `# Fact-check report: ${escapeMarkdownText(baseName(report.article.path))}`,
    '',
    `${c.claims} check-worthy claim${c.claims === 1 ? '' : 's'}${report.threshold !== undefined ? ` (score ≥ ${report.threshold})` : ''}: ` +
      `${claimCountsText(c)}. ${c.notes} note${c.notes === 1 ? '' : 's'}, ${c.orphanedNotes} orphaned` +
      `${c.changedNotes ? `, ${c.changedNotes} changed since checked` : ''}${c.dismissals ? `; ${c.dismissals} passage${c.dismissals === 1 ? '' : 's'} dismissed as not check-worthy` : ''}.`,
    '',
    ...(c.notes
      ? ['| Verdict | Notes |', '|---|---:|', ...VERDICTS.filter((v) => c.byVerdict[v] > 0).map((v) => `| ${verdictBadge(v)} | ${c.byVerdict[v]} |`), '']
      : []),
    '## Check-worthy claims',
    '',
  ];
  if (!report.claims.length) out.push('None found.', '');
  report.claims.forEach((claim, i) => out.push(...renderClaim(claim, i)));
  if (report.quotesChecked) {
    out.push('## Quotes', '', escapeMarkdownText(quotesSummary(report)), '');
    checkedQuotes(report).forEach((q, i) => {
      const c = q.check;
      out.push(
        `${i + 1}. Line ${q.position.line}:${q.position.column} — **${QUOTE_STATUS_LABELS[c.status]}**${q.accepted ? ' (accepted by a note)' : ''}: “${escapeMarkdownText(oneLine(c.text))}”` +
          (c.speaker ? ` — ${escapeMarkdownText(c.speaker)}` : ''),
      );
      if (c.source)
        out.push(
          `   - Source: ${escapeMarkdownText(c.source.file)}:${c.source.line}${c.source.speaker ? ` (${escapeMarkdownText(c.source.speaker)})` : ''}: “${escapeMarkdownText(oneLine(c.source.text))}”`,
        );
      if (c.status === 'altered' || c.status === 'wrong-speaker') out.push(`   - Diff: ${escapeMarkdownText(quoteDiffText(c.diff))}`);
      out.push(`   - ${escapeMarkdownText(c.reason)}`);
    });
    out.push('');
  }
  if (report.otherNotes.length) {
    out.push('## Notes on other passages', '');
    for (const note of report.otherNotes) out.push(...renderNote(note));
  }
  if (report.orphanedNotes.length) {
    out.push('## Orphaned notes', '', 'These notes’ passages are no longer in the article as written; re-attach or delete them.', '');
    for (const note of report.orphanedNotes) out.push(...renderNote(note));
  }
  if (report.dismissals.length) {
    out.push('## Dismissed as not check-worthy', '');
    for (const d of report.dismissals) out.push(...renderDismissal(d));
  }
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}
