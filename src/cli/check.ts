// `factdesk check FILE... [--json] [--threshold N] [--quotes [--sources GLOB...]]`: the publication
// gate. Exit 0 only when every check-worthy claim of every file is checked (a note with a final
// verdict on its current text) or dismissed as not check-worthy, no note's text changed since its
// verdict and no note is orphaned (with --quotes: and every quote is verbatim in the workspace's
// sources, or a note with a final verdict covers it); 1 with each unchecked claim, changed note,
// orphaned note and failing quote listed otherwise; 2 when a file or its sidecar is bad input.
import type { Command } from 'commander';
import type { Verdict } from '../notes';
import {
  gateCounts,
  LineIndex,
  publicationGate,
  oneLine,
  QUOTE_STATUS_LABELS,
  quoteGate,
  verdictBadge,
  type GateCounts,
  type GateResult,
  type Report,
} from '../reports';
import { DEFAULT_SOURCE_PATTERNS } from '../workspace';
import { collectArticles, InputError } from './input';
import { CliSources } from './quotes';
import { loadReport, parseThreshold } from './report';

interface FileResult {
  file: string;
  passed: boolean;
  claims: number;
  /** What is left by kind, as the editor's Desk counts it (src/reports/gate.ts gateCounts; `unverified` there counts the unchecked claims). */
  counts: GateCounts;
  /** Claims with no final verdict and no dismissal. */
  unchecked: { line: number; column: number; text: string; score: number; reasons: string[] }[];
  /** Notes whose text changed since their final verdict: the text now and as checked. */
  changed: { id: string; verdict: Verdict; line: number; column: number; text: string; checkedText: string }[];
  orphaned: { id: string; verdict: string; text: string }[];
  /** Claims accepted because they were dismissed as not check-worthy. */
  dismissed: number;
  /** With --quotes: the quotes that hold the article back (altered, wrong speaker, not found, no note accepting them). */
  quotes?: { line: number; column: number; text: string; status: string; reason: string; source: { file: string; line: number; text: string } | null }[];
  /** With --quotes: how many quotes were checked. */
  quotesChecked?: number;
  /** Set when the file or its sidecar could not be read: the file did not pass. */
  error?: string;
}

/** An unreadable file: nothing counted (it fails as an error, not by what is left). */
const EMPTY_COUNTS: GateCounts = { claims: 0, verified: 0, left: 0, unverified: 0, changed: 0, orphaned: 0 };

function fileResult(file: string, report: Report, gate: GateResult, checkQuotes: boolean): FileResult {
  const quotes = checkQuotes ? quoteGate(report) : undefined;
  const lines = quotes?.failing.length ? new LineIndex(report.text) : undefined;
  return {
    file,
    passed: gate.passed && (quotes?.passed ?? true),
    ...(quotes
      ? {
          quotes: quotes.failing.map((q) => ({
            ...lines!.at(q.start),
            text: oneLine(q.check.text),
            status: q.check.status,
            reason: q.check.reason,
            source: q.check.source ? { file: q.check.source.file, line: q.check.source.line, text: oneLine(q.check.source.text) } : null,
          })),
          quotesChecked: quotes.checked,
        }
      : {}),
    claims: report.counts.claims,
    // With --quotes the failing quotes are open items too (altered, wrongSpeaker, notFound; in `left`).
    counts: gateCounts(report, gate, quotes),
    unchecked: gate.uncheckedClaims.map((c) => ({ line: c.line, column: c.column, text: oneLine(c.text), score: c.score, reasons: c.reasons })),
    changed: gate.changedNotes.map((n) => ({
      id: n.id,
      verdict: n.verdict,
      line: n.position!.line,
      column: n.position!.column,
      text: oneLine(n.text),
      checkedText: oneLine(n.checkedText ?? ''),
    })),
    orphaned: gate.orphanedNotes.map((n) => ({ id: n.id, verdict: n.verdict, text: oneLine(n.text) })),
    dismissed: report.counts.dismissedClaims,
  };
}

function humanLines(r: FileResult): string[] {
  if (r.error) return [];
  const lines = r.unchecked.map((c) => `${r.file}:${c.line}:${c.column}  ${c.text} (${c.score.toFixed(2)})`);
  for (const n of r.changed)
    lines.push(
      `${r.file}:${n.line}:${n.column}  changed since checked (${verdictBadge(n.verdict)}): "${oneLine(n.text, 80)}", checked as "${oneLine(n.checkedText, 80)}"`,
    );
  for (const n of r.orphaned) lines.push(`${r.file}: orphaned note ${n.id} (${n.verdict}): "${oneLine(n.text, 80)}"`);
  for (const q of r.quotes ?? [])
    lines.push(
      `${r.file}:${q.line}:${q.column}  quote ${QUOTE_STATUS_LABELS[q.status as keyof typeof QUOTE_STATUS_LABELS]}: “${oneLine(q.text, 80)}” — ${q.reason}`,
    );
  const dismissed = r.dismissed ? `, ${r.dismissed} of them not check-worthy` : '';
  if (r.passed)
    lines.push(
      `${r.file}: ok, ${r.claims === 0 ? 'no check-worthy claims' : `all ${r.claims} check-worthy claim${r.claims === 1 ? '' : 's'} checked${dismissed}`}` +
        (r.quotesChecked !== undefined ? `, ${r.quotesChecked} quote${r.quotesChecked === 1 ? '' : 's'} checked` : ''),
    );
  else {
    const problems = [`${r.unchecked.length} of ${r.claims} claim${r.claims === 1 ? '' : 's'} unchecked`];
    if (r.changed.length) problems.push(`${r.changed.length} note${r.changed.length === 1 ? '' : 's'} changed since checked`);
    if (r.orphaned.length) problems.push(`${r.orphaned.length} orphaned note${r.orphaned.length === 1 ? '' : 's'}`);
    if (r.quotes?.length) problems.push(`${r.quotes.length} of ${r.quotesChecked} quote${r.quotesChecked === 1 ? '' : 's'} not verbatim in the sources`);
    lines.push(`${r.file}: not ready: ${problems.join(', ')}`);
  }
  return lines;
}

interface CheckOptions {
  json?: boolean;
  threshold?: string;
  quotes?: boolean;
  sources?: string[];
}

function runCheck(paths: string[], opts: CheckOptions): void {
  if (!paths.length) throw new InputError('no files given; try: factdesk check article.txt (or a folder)');
  const files = collectArticles(paths);
  if (!files.length) throw new InputError(`${paths.join(', ')}: no article files (.txt, .md, .markdown) found`);
  const threshold = parseThreshold(opts.threshold);
  if (opts.sources && !opts.quotes) throw new InputError('--sources goes with --quotes (the quotes are checked against the sources)');
  const sources = opts.quotes ? new CliSources(opts.sources ?? DEFAULT_SOURCE_PATTERNS, (line) => process.stderr.write(`factdesk: ${line}\n`)) : undefined;
  const results: FileResult[] = [];
  for (const file of files) {
    let result: FileResult;
    try {
      const report = loadReport(file, threshold, sources);
      result = fileResult(file, report, publicationGate(report), !!sources);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      // Go on with the other files; the run still ends with the bad-input exit code.
      process.stderr.write(`factdesk: ${e.message}\n`);
      result = { file, passed: false, claims: 0, counts: EMPTY_COUNTS, unchecked: [], changed: [], orphaned: [], dismissed: 0, error: e.message };
    }
    results.push(result);
    if (!opts.json) for (const line of humanLines(result)) process.stdout.write(line + '\n');
  }
  const passed = results.every((r) => r.passed);
  const totals = {
    files: results.length,
    ready: results.filter((r) => r.passed).length,
    claims: results.reduce((n, r) => n + r.claims, 0),
    unchecked: results.reduce((n, r) => n + r.unchecked.length, 0),
    changed: results.reduce((n, r) => n + r.changed.length, 0),
    orphaned: results.reduce((n, r) => n + r.orphaned.length, 0),
    ...(sources
      ? {
          quotes: results.reduce((n, r) => n + (r.quotes?.length ?? 0), 0),
          altered: results.reduce((n, r) => n + (r.counts.altered ?? 0), 0),
          wrongSpeaker: results.reduce((n, r) => n + (r.counts.wrongSpeaker ?? 0), 0),
          notFound: results.reduce((n, r) => n + (r.counts.notFound ?? 0), 0),
        }
      : {}),
    left: results.reduce((n, r) => n + r.counts.left, 0),
    errors: results.filter((r) => r.error).length,
  };
  if (opts.json) process.stdout.write(JSON.stringify({ passed, threshold, totals, files: results }, null, 2) + '\n');
  else if (results.length > 1) {
    const left = [`${totals.unchecked} unchecked claim${totals.unchecked === 1 ? '' : 's'}`];
    if (totals.changed) left.push(`${totals.changed} note${totals.changed === 1 ? '' : 's'} changed since checked`);
    left.push(`${totals.orphaned} orphaned note${totals.orphaned === 1 ? '' : 's'}`);
    if (totals.quotes !== undefined) left.push(`${totals.quotes} quote${totals.quotes === 1 ? '' : 's'} not verbatim`);
    if (totals.errors) left.push(`${totals.errors} unreadable`);
    process.stdout.write(`total: ${totals.ready} of ${totals.files} articles ready; left: ${left.join(', ')} (of ${totals.claims} claims)\n`);
  }
  process.exitCode = results.some((r) => r.error) ? 2 : passed ? 0 : 1;
}

/** Adds `check` (the publication gate) to the CLI. */
export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .description(
      'publication gate: exit 0 only when every check-worthy claim has a final verdict on its current text or is dismissed as not check-worthy, and no note changed since checked or is orphaned',
    )
    .argument('[paths...]', 'article files or folders (walked for .txt, .md, .markdown)')
    .option('--json', 'print the result as JSON')
    .option('--threshold <n>', 'claim check-worthiness threshold, 0 to 1 (default: the engine default)')
    .option(
      '--quotes',
      "also fail on quotes that are altered, said by someone else or not found in the workspace's sources (unless a note with a final verdict covers them)",
    )
    .option(
      '--sources <glob...>',
      `with --quotes: globs of the source documents, relative to each article's workspace (default: ${DEFAULT_SOURCE_PATTERNS.join(' ')})`,
    )
    .action((files: string[], opts: CheckOptions) => runCheck(files, opts));
}
