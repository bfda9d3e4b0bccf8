// `factdesk lookup ARTICLE [--workspace DIR] [--sources GLOB] [--json]`: what the workspace knows about
// each entity of an article: the other articles that mention it (with the role they give), its quotes
// there, the verdicts given on passages about it, its knowledge-base entry; and the article's quotes
// checked against the sources, quote drift, and claims checked before in other articles. The JSON is
// a fixed contract (see src/workspace/lookup.ts and src/sources/lookup.ts).
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import {
  DEFAULT_ARTICLE_PATTERNS,
  DEFAULT_SOURCE_PATTERNS,
  findWorkspaceRoot,
  lookupArticle,
  nodeWorkspaceFileSystem,
  renderLookup,
  WorkspaceIndexer,
} from '../workspace';
import { quotesOfRecord, renderChecks, toLookupChecks, WorkspaceChecks } from '../sources';
import { InputError, readArticle } from './input';

interface LookupOptions {
  workspace?: string;
  json?: boolean;
  exclude?: string[];
  sources?: string[];
}

async function runLookup(article: string, opts: LookupOptions): Promise<void> {
  // The article's own problems (missing, binary, not UTF-8) get the CLI's usual one-line message.
  const text = readArticle(article);
  const absolute = path.resolve(article);
  let root: string;
  if (opts.workspace !== undefined) {
    root = path.resolve(opts.workspace);
    if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new InputError(`--workspace ${opts.workspace}: not a folder`);
  } else {
    root = findWorkspaceRoot(absolute, nodeWorkspaceFileSystem);
  }
  const rel = path.relative(root, absolute);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new InputError(`${article}: is not inside the workspace ${root}`);
  const indexer = new WorkspaceIndexer({
    root,
    fs: nodeWorkspaceFileSystem,
    include: DEFAULT_ARTICLE_PATTERNS,
    exclude: opts.exclude ?? [],
    sources: opts.sources ?? DEFAULT_SOURCE_PATTERNS,
  });
  const kbProblem = indexer.loadKnowledgeBase();
  if (kbProblem) process.stderr.write(`factdesk: ${kbProblem} (the knowledge base is not used until it is fixed)\n`);
  const scan = await indexer.scan();
  if (scan.truncated)
    process.stderr.write(`factdesk: the workspace holds ${scan.truncated.found} articles; only the first ${scan.truncated.limit} are indexed\n`);
  // The article is looked up even if the patterns or excludes leave it out of the walk.
  const record = indexer.refresh(absolute, true) ?? indexer.index.record(indexer.relative(absolute));
  if (record?.error) throw new InputError(record.error);
  if (record?.notesError) process.stderr.write(`factdesk: ${record.notesError} (its notes are left out)\n`);
  const file = indexer.relative(absolute);
  const result = lookupArticle(indexer.index, file);
  const checks = new WorkspaceChecks();
  checks.sync(indexer.index);
  const own = indexer.index.record(file);
  const checked = own
    ? checks.checkArticle(file, text, quotesOfRecord(own, text), own.claims)
    : { quotes: [], drift: [], claims: [], sources: checks.sources.size };
  if (opts.json) process.stdout.write(JSON.stringify({ ...result, ...toLookupChecks(checked) }, null, 2) + '\n');
  else process.stdout.write(renderLookup(result) + renderChecks(checked));
}

/** Adds `lookup` to the CLI. */
export function registerLookupCommand(program: Command): void {
  program
    .command('lookup')
    .description('what the workspace knows about each entity of an article: other articles, quotes, verdicts, knowledge-base entry')
    .argument('<article>', 'article file')
    .option('--workspace <dir>', "workspace folder (default: the nearest ancestor holding .factdesk/, else the git root, else the article's folder)")
    .option('--exclude <glob...>', 'globs of files or folders to leave out, relative to the workspace')
    .option(
      '--sources <glob...>',
      `globs of the source documents quotes are checked against, relative to the workspace (default: ${DEFAULT_SOURCE_PATTERNS.join(' ')})`,
    )
    .option('--json', 'print the result as JSON')
    .action((article: string, opts: LookupOptions) => runLookup(article, opts));
}
