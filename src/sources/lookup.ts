// The quote and claim parts of `factdesk lookup --json`, a fixed contract (tests and tools read it):
//   "quotes": [{ start, end, text, speaker|null, status: verbatim|altered|wrong-speaker|not-found,
//               source: { file, line, text, speaker|null } | null, diff: [{ op: equal|delete|insert, text }] }]
//   "drift":  [{ start, end, file, line, text }]
//   "claims": [{ start, end, checkedBefore: [{ file, line, verdict, text }] }]
// Offsets are UTF-16 in the article; files relative to the workspace. Fields may be added (reason,
// meaningChanges, date, comment); these stay.
import type { ArticleChecks } from './workspace';

export function toLookupChecks(checks: ArticleChecks) {
  return {
    quotes: checks.quotes.map((q) => ({
      start: q.start,
      end: q.end,
      text: q.text,
      speaker: q.speaker,
      status: q.status,
      source: q.source ? { file: q.source.file, line: q.source.line, text: q.source.text, speaker: q.source.speaker } : null,
      diff: q.diff,
      meaningChanges: q.meaningChanges,
      reason: q.reason,
    })),
    drift: checks.drift.map((d) => ({ start: d.start, end: d.end, file: d.file, line: d.line, text: d.text, speaker: d.speaker, diff: d.diff })),
    claims: checks.claims.map((c) => ({
      start: c.start,
      end: c.end,
      checkedBefore: c.checkedBefore.map((b) => ({ file: b.file, line: b.line, verdict: b.verdict, text: b.text, date: b.date, comment: b.comment })),
    })),
  };
}

/** A diff in one line: omitted words as [-word-], inserted ones as {+word+}. */
export function diffLine(diff: ArticleChecks['quotes'][number]['diff']): string {
  return diff.map((d) => (d.op === 'equal' ? d.text : d.op === 'delete' ? `[-${d.text}-]` : `{+${d.text}+}`)).join(' ');
}

/** The readable form of the checks, after the entity lookup. */
export function renderChecks(checks: ArticleChecks): string {
  const lines = [
    '',
    `Quotes (${checks.sources ? `checked against ${checks.sources} source document${checks.sources === 1 ? '' : 's'}` : 'no source documents in the workspace'}):`,
  ];
  if (!checks.quotes.length) lines.push('  none');
  for (const q of checks.quotes) {
    lines.push(`  ${q.status}: “${q.text.replace(/\s+/g, ' ')}”${q.speaker ? ` (${q.speaker})` : ''} — ${q.reason}`);
    if (q.status === 'altered' || q.status === 'wrong-speaker')
      lines.push(`    source: “${q.source!.text.replace(/\s+/g, ' ')}”`, `    diff: ${diffLine(q.diff)}`);
  }
  if (checks.drift.length) {
    lines.push('', 'Quote drift (the same speaker quoted with other words elsewhere):');
    for (const d of checks.drift) lines.push(`  ${d.file}:${d.line}  “${d.text}”`, `    diff: ${diffLine(d.diff)}`);
  }
  const before = checks.claims.filter((c) => c.checkedBefore.length);
  if (before.length) {
    lines.push('', 'Checked before:');
    for (const c of before)
      for (const b of c.checkedBefore) lines.push(`  ${b.verdict}: ${b.file}:${b.line}  “${b.text}”${b.comment ? ` — ${b.comment}` : ''}`);
  }
  return lines.join('\n') + '\n';
}
