// `factdesk check FILE... [--json] [--threshold N] [--quotes [--sources GLOB...]]`: the publication
// gate. Exit 0 only when every check-worthy claim of every file has a note with a final verdict and no
// note is orphaned (with --quotes: and every quote is verbatim in the workspace's sources, or a note
// with a final verdict covers it); 1 with each unverified claim, orphaned note and failing quote
// listed otherwise; 2 when a file or its sidecar is bad input.
import type { Command } from 'commander';
import { gateCounts, LineIndex, publicationGate, oneLine, QUOTE_STATUS_LABELS, quoteGate, type GateCounts, type GateResult, type Report } from '../reports';
import { DEFAULT_SOURCE_PATTERNS } from '../workspace';
import { collectArticles, InputError } from './input';
import { CliSources } from './quotes';
import { loadReport, parseThreshold } from './report';

interface FileResult {
  file: string;
  passed: boolean;
  claims: number;
  /** What is left by kind, as the editor's Desk counts it (src/reports/gate.ts gateCounts). */
  counts: GateCounts;
  unverified: { line: number; column: number; text: string; score: number; reasons: string[] }[];
  orphaned: { id: string; verdict: string; text: string }[];
  /** With --quotes: the quotes that hold the article back (altered, wrong speaker, not found, no note accepting them). */
  quotes?: { line: number; column: number; text: string; status: string; reason: string; source: { file: string; line: number; text: string } | null }[];
  /** With --quotes: how many quotes were checked. */
  quotesChecked?: number;
  /** Set when the file or its sidecar could not be read: the file did not pass. */
  error?: string;
}

/** An unreadable file: nothing counted (it fails as an error, not by what is left). */
const EMPTY_COUNTS: GateCounts = { claims: 0, verified: 0, left: 0, unverified: 0, orphaned: 0 };

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
    counts: gateCounts(report, gate),
    unverified: gate.unverifiedClaims.map((c) => ({ line: c.line, column: c.column, text: oneLine(c.text), score: c.score, reasons: c.reasons })),
    orphaned: gate.orphanedNotes.map((n) => ({ id: n.id, verdict: n.verdict, text: oneLine(n.text) })),
  };
}

function humanLines(r: FileResult): string[] {
  if (r.error) return [];
  const lines = r.unverified.map((c) => `${r.file}:${c.line}:${c.column}  ${c.text} (${c.score.toFixed(2)})`);
  for (const n of r.orphaned) lines.push(`${r.file}: orphaned note ${n.id} (${n.verdict}): "${oneLine(n.text, 80)}"`);
  for (const q of r.quotes ?? [])
    lines.push(
      `${r.file}:${q.line}:${q.column}  quote ${QUOTE_STATUS_LABELS[q.status as keyof typeof QUOTE_STATUS_LABELS]}: “${oneLine(q.text, 80)}” — ${q.reason}`,
    );
  const verified = r.claims - r.unverified.length;
  if (r.passed)
    lines.push(
      `${r.file}: ok, ${r.claims === 0 ? 'no check-worthy claims' : `all ${r.claims} check-worthy claim${r.claims === 1 ? '' : 's'} verified`}` +
        (r.quotesChecked !== undefined ? `, ${r.quotesChecked} quote${r.quotesChecked === 1 ? '' : 's'} checked` : ''),
    );
  else {
    const problems = [`${r.unverified.length} of ${r.claims} claim${r.claims === 1 ? '' : 's'} unverified`];
    if (r.orphaned.length) problems.push(`${r.orphaned.length} orphaned note${r.orphaned.length === 1 ? '' : 's'}`);
    if (r.quotes?.length) problems.push(`${r.quotes.length} of ${r.quotesChecked} quote${r.quotesChecked === 1 ? '' : 's'} not verbatim in the sources`);
    lines.push(`${r.file}: not ready: ${problems.join(', ')} (${verified} verified)`);
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
      result = { file, passed: false, claims: 0, counts: EMPTY_COUNTS, unverified: [], orphaned: [], error: e.message };
    }
    results.push(result);
    if (!opts.json) for (const line of humanLines(result)) process.stdout.write(line + '\n');
  }
  const passed = results.every((r) => r.passed);
  const totals = {
    files: results.length,
    ready: results.filter((r) => r.passed).length,
    claims: results.reduce((n, r) => n + r.claims, 0),
    unverified: results.reduce((n, r) => n + r.unverified.length, 0),
    orphaned: results.reduce((n, r) => n + r.orphaned.length, 0),
    ...(sources ? { quotes: results.reduce((n, r) => n + (r.quotes?.length ?? 0), 0) } : {}),
    left: results.reduce((n, r) => n + r.counts.left, 0),
    errors: results.filter((r) => r.error).length,
  };
  if (opts.json) process.stdout.write(JSON.stringify({ passed, threshold, totals, files: results }, null, 2) + '\n');
  else if (results.length > 1) {
    const left = [
      `${totals.unverified} unverified claim${totals.unverified === 1 ? '' : 's'}`,
      `${totals.orphaned} orphaned note${totals.orphaned === 1 ? '' : 's'}`,
    ];
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
    .description('publication gate: exit 0 only when every check-worthy claim has a note with a final verdict and no note is orphaned')
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
