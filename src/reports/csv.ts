// The report as CSV, for a spreadsheet or a newsroom's tracking sheet: one row per check-worthy
// claim, per quote checked against the sources (when the report has the checks) and per note
// (orphaned ones included), for one article or a whole desk of them.
// RFC 4180 (CRLF between records, fields quoted when they hold a comma, quote or line break, quotes
// doubled), UTF-8 with a byte-order mark so spreadsheet programs read accents and non-Latin names
// right, and a header row. A spreadsheet runs a cell that starts with = + - @ (or a tab or CR) as a
// formula: such text cells get a leading apostrophe, the usual neutralization (OWASP "CSV
// injection"), so an article or comment can never run a formula on the reader's machine.
import type { Nodes as MdastNode } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { toString as mdastToString } from 'mdast-util-to-string';
import { gfm } from 'micromark-extension-gfm';
import { verdictLabel, type Report, type ReportDismissal, type ReportNote } from './model';
import { checkedQuotes, notesOnQuote, quoteDiffText } from './quotes';

export const CSV_COLUMNS = [
  'file',
  'line',
  'column',
  'kind',
  'text',
  'score',
  'verdict',
  'comment',
  'sources',
  'author',
  'created',
  'modified',
  'anchor state',
  'checked text',
] as const;
type CsvRow = Record<(typeof CSV_COLUMNS)[number], string>;

const BYTE_ORDER_MARK = '\ufeff';
const RECORD_SEPARATOR = '\r\n';
/** Characters that make a spreadsheet read a cell as a formula (tab and CR too, per OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Separates several values in one cell (sources, verdicts of the notes on a claim). */
const LIST_SEPARATOR = '; ';

/** One field, quoted when it must be, with formula starts neutralized. */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A note comment as plain text: Markdown read by the same parser as the HTML report, one line per block. */
export function markdownToPlainText(markdown: string): string {
  if (!markdown.trim()) return '';
  const tree = fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  return blockLines(tree)
    .filter((line) => line.trim() !== '')
    .join('\n');
}

/** Lines of a Markdown block: containers by their children (list items as "- "), tables a row a line. */
function blockLines(node: MdastNode): string[] {
  switch (node.type) {
    case 'root':
    case 'blockquote':
    case 'list':
      return node.children.flatMap((child) => blockLines(child as MdastNode));
    case 'listItem':
      return node.children.flatMap((child) => blockLines(child as MdastNode)).map((line, i) => (i === 0 ? `- ${line}` : `  ${line}`));
    case 'table':
      return node.children.map((row) => row.children.map((cell) => mdastToString(cell)).join(' | '));
    default:
      return [mdastToString(node)];
  }
}

/** The columns a note and a dismissal fill alike: where the passage is, who marked it and when. */
function annotationRow(
  file: string,
  a: ReportNote | ReportDismissal,
  columns: Pick<CsvRow, 'kind' | 'verdict' | 'comment' | 'sources' | 'checked text'>,
): CsvRow {
  return {
    file,
    line: a.position ? String(a.position.line) : '',
    column: a.position ? String(a.position.column) : '',
    text: a.text,
    score: '',
    author: a.author ?? '',
    created: a.created,
    modified: a.modified,
    'anchor state': a.state,
    ...columns,
  };
}

function noteRow(file: string, note: ReportNote): CsvRow {
  return annotationRow(file, note, {
    kind: 'note',
    verdict: verdictLabel(note.verdict),
    comment: [markdownToPlainText(note.comment), ...note.replies.map((r) => `${r.author ?? 'Reply'}: ${markdownToPlainText(r.comment)}`)]
      .filter(Boolean)
      .join('\n'),
    sources: note.sources.join(LIST_SEPARATOR),
    'checked text': note.state === 'changed' ? (note.checkedText ?? '') : '',
  });
}

function dismissalRow(file: string, d: ReportDismissal): CsvRow {
  return annotationRow(file, d, { kind: 'dismissal', verdict: 'Not check-worthy', comment: d.reason, sources: '', 'checked text': '' });
}

/**
 * A quote checked against the sources: kind `quote`, its words as text, the verdicts of the notes
 * with a final verdict covering it, its state (verbatim, altered, wrong-speaker, not-found) as the
 * anchor state, the source passage as `file:line` in sources, and in the comment why, who said it
 * in the source, the source's words and the word diff.
 */
function quoteRows(report: Report): CsvRow[] {
  const file = report.article.path;
  return checkedQuotes(report).map((q) => {
    const c = q.check;
    const comment = [c.reason];
    if (c.source) comment.push(`Source${c.source.speaker ? ` (${c.source.speaker})` : ''}: “${c.source.text.replace(/\s+/g, ' ')}”`);
    if (c.status === 'altered' || c.status === 'wrong-speaker') comment.push(`Diff: ${quoteDiffText(c.diff)}`);
    return {
      file,
      line: String(q.position.line),
      column: String(q.position.column),
      kind: 'quote',
      text: c.text,
      score: '',
      verdict: notesOnQuote(report, q)
        .map((n) => verdictLabel(n.verdict))
        .join(LIST_SEPARATOR),
      comment: comment.join('\n'),
      sources: c.source ? `${c.source.file}:${c.source.line}` : '',
      author: c.speaker ?? '',
      created: '',
      modified: '',
      'anchor state': c.status,
      'checked text': '',
    };
  });
}

/**
 * The rows of one article's report: its claims in text order (state: checked, changed, dismissed or
 * unchecked), its checked quotes in text order (state: verbatim, altered, wrong-speaker,
 * not-found; the quote's speaker as author), then every note in text order, orphaned last, then the
 * dismissals.
 */
export function csvRows(report: Report): CsvRow[] {
  const file = report.article.path;
  const rows: CsvRow[] = report.claims.map((claim) => ({
    file,
    line: String(claim.line),
    column: String(claim.column),
    kind: 'claim',
    text: claim.text,
    score: claim.score.toFixed(2),
    verdict: claim.notes.map((n) => verdictLabel(n.verdict)).join(LIST_SEPARATOR),
    comment: '',
    sources: '',
    author: '',
    created: '',
    modified: '',
    'anchor state': claim.status,
    'checked text': '',
  }));
  rows.push(...quoteRows(report));
  const placed = [...new Set([...report.claims.flatMap((c) => c.notes), ...report.otherNotes])].sort(
    (a, b) => a.span!.start - b.span!.start || a.span!.end - b.span!.end,
  );
  for (const note of [...placed, ...report.orphanedNotes]) rows.push(noteRow(file, note));
  for (const d of report.dismissals) rows.push(dismissalRow(file, d));
  return rows;
}

/** The CSV of one or more articles' reports (a desk), with one header row. */
export function renderCsv(reports: readonly Report[]): string {
  const records = [CSV_COLUMNS.map(csvField).join(',')];
  for (const report of reports) {
    for (const row of csvRows(report)) records.push(CSV_COLUMNS.map((column) => csvField(row[column])).join(','));
  }
  return BYTE_ORDER_MARK + records.join(RECORD_SEPARATOR) + RECORD_SEPARATOR;
}
