// `factdesk check FILE... [--json] [--threshold N]`: the publication gate. Exit 0 only when every
// check-worthy claim of every file has a note with a final verdict and no note is orphaned; 1 with
// each unverified claim and orphaned note listed otherwise; 2 when a file or its sidecar is bad input.
import type { Command } from 'commander';
import { gateCounts, publicationGate, oneLine, type GateCounts, type GateResult, type Report } from '../reports';
import { collectArticles, InputError } from './input';
import { loadReport, parseThreshold } from './report';

interface FileResult {
  file: string;
  passed: boolean;
  claims: number;
  /** What is left by kind, as the editor's Desk counts it (src/reports/gate.ts gateCounts). */
  counts: GateCounts;
  unverified: { line: number; column: number; text: string; score: number; reasons: string[] }[];
  orphaned: { id: string; verdict: string; text: string }[];
  /** Set when the file or its sidecar could not be read: the file did not pass. */
  error?: string;
}

/** An unreadable file: nothing counted (it fails as an error, not by what is left). */
const EMPTY_COUNTS: GateCounts = { claims: 0, verified: 0, left: 0, unverified: 0, orphaned: 0 };

function fileResult(file: string, report: Report, gate: GateResult): FileResult {
  return {
    file,
    passed: gate.passed,
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
  const verified = r.claims - r.unverified.length;
  if (r.passed)
    lines.push(`${r.file}: ok, ${r.claims === 0 ? 'no check-worthy claims' : `all ${r.claims} check-worthy claim${r.claims === 1 ? '' : 's'} verified`}`);
  else {
    const problems = [`${r.unverified.length} of ${r.claims} claim${r.claims === 1 ? '' : 's'} unverified`];
    if (r.orphaned.length) problems.push(`${r.orphaned.length} orphaned note${r.orphaned.length === 1 ? '' : 's'}`);
    lines.push(`${r.file}: not ready: ${problems.join(', ')} (${verified} verified)`);
  }
  return lines;
}

function runCheck(paths: string[], opts: { json?: boolean; threshold?: string }): void {
  if (!paths.length) throw new InputError('no files given; try: factdesk check article.txt (or a folder)');
  const files = collectArticles(paths);
  if (!files.length) throw new InputError(`${paths.join(', ')}: no article files (.txt, .md, .markdown) found`);
  const threshold = parseThreshold(opts.threshold);
  const results: FileResult[] = [];
  for (const file of files) {
    let result: FileResult;
    try {
      const report = loadReport(file, threshold);
      result = fileResult(file, report, publicationGate(report));
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
    left: results.reduce((n, r) => n + r.counts.left, 0),
    errors: results.filter((r) => r.error).length,
  };
  if (opts.json) process.stdout.write(JSON.stringify({ passed, threshold, totals, files: results }, null, 2) + '\n');
  else if (results.length > 1) {
    const left = [
      `${totals.unverified} unverified claim${totals.unverified === 1 ? '' : 's'}`,
      `${totals.orphaned} orphaned note${totals.orphaned === 1 ? '' : 's'}`,
    ];
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
    .action((files: string[], opts: { json?: boolean; threshold?: string }) => runCheck(files, opts));
}
