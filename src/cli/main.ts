// `factdesk`: analyze articles from the terminal or in batch (JSON Lines) for evaluation.
import { Command, CommanderError } from 'commander';
import { analyze } from '../core/analyze';
import { detectorsFromEnvironment } from '../core/detectors';
import type { Analysis } from '../core/types';
import { failureSummary } from '../shared/failures';
import { LockTimeoutError } from '../notes';
import { InputError, readArticle } from './input';
import { runJsonl } from './jsonl';
import { renderAnalysis } from './render';
import { registerNotesCommands } from './notes';
import { registerCheckCommand } from './check';
import { registerReportCommand } from './report';
import { registerLookupCommand } from './lookup';

const program = new Command();
program
  .name('factdesk')
  .description('Find quotes, check-worthy claims, hedged language and named entities in article text.')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

program
  .command('analyze')
  .description('analyze article files (.txt, .md); with --jsonl, read JSON Lines {"id","text"} from stdin')
  .argument('[files...]', 'article files')
  .option('--json', 'print the full analysis as JSON')
  .option('--jsonl', 'batch mode: JSON Lines {"id","text"} on stdin, one result line per input on stdout')
  .action(async (files: string[], opts: { json?: boolean; jsonl?: boolean }) => {
    // Failures (issue #8): a detector that failed on part of an article leaves the rest of the
    // results; each failure is one warning on stderr (detector and line) and the exit code is 1.
    const detectors = detectorsFromEnvironment(process.env);
    const warn = (line: string) => process.stderr.write(`factdesk: warning: ${line}\n`);
    if (opts.jsonl) {
      if (files.length) throw new InputError('--jsonl reads stdin; give no files');
      const summary = await runJsonl(process.stdin, process.stdout, warn, detectors);
      if (summary.failed || summary.partial) process.exitCode = 1;
      return;
    }
    if (!files.length) throw new InputError('no files given; try: factdesk analyze article.txt');
    const results: unknown[] = [];
    for (const file of files) {
      const text = readArticle(file);
      let analysis: Analysis;
      try {
        analysis = analyze(text, { format: /\.(md|markdown)$/i.test(file) ? 'markdown' : undefined }, detectors);
      } catch (e) {
        // The engine could not analyze this file at all: said, and the other files are still done.
        warn(`${file}: the analysis failed: ${e instanceof Error ? e.message : String(e)}`);
        if (opts.json) results.push({ file, error: e instanceof Error ? e.message : String(e) });
        process.exitCode = 1;
        continue;
      }
      for (const f of analysis.failures) warn(`${file}:${f.line}: ${failureSummary(f)} (${f.message}); its findings there are missing`);
      if (analysis.failures.length) process.exitCode = 1;
      if (opts.json) results.push({ file, ...analysis });
      else process.stdout.write(renderAnalysis(file, text, analysis, Boolean(process.stdout.isTTY) && !process.env.NO_COLOR));
    }
    if (opts.json) process.stdout.write(JSON.stringify(files.length === 1 ? results[0] : results, null, 2) + '\n');
  });

registerNotesCommands(program);
registerReportCommand(program);
registerCheckCommand(program);
registerLookupCommand(program);

async function main(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    if (e instanceof InputError) {
      process.stderr.write(`factdesk: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    if (e instanceof LockTimeoutError) {
      // Not bad input and not a bug: another writer kept the notes busy; nothing was written.
      process.stderr.write(`factdesk: ${e.message}\n`);
      process.exitCode = 1;
      return;
    }
    process.stderr.write(`factdesk: internal error: ${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}

process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
});
void main();
