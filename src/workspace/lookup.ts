// `factdesk lookup`: what the workspace knows about each entity of one article. The JSON shape is a
// fixed contract (tests and other tools read it): { article, entities: [{ id, name, type, kb,
// elsewhere: [{ file, line, role }], quotes: [{ file, line, text }], verdicts: { verdict: count } }] }
// with files relative to the workspace folder. Fields may be added; these stay.
import path from 'node:path';
import type { EntityType } from '../core/types';
import type { WorkspaceFileSystem } from './files';
import { countVerdicts, type WorkspaceIndex } from './workspaceIndex';
import { KB_DIR, type KbEntry } from './kb';

export interface LookupEntity {
  id: string;
  name: string;
  type: EntityType;
  kb: KbEntry | null;
  elsewhere: Array<{ file: string; line: number; role: string | null; title?: string; date?: string }>;
  quotes: Array<{ file: string; line: number; text: string }>;
  verdicts: Record<string, number>;
  /** How the article itself writes the name, and where it first does. */
  written: string;
  line: number;
  /** For a surname two people share: who it may be (never merged with either). */
  candidates?: Array<{ id: string; name: string; articles: number }>;
}

export interface LookupResult {
  article: string;
  entities: LookupEntity[];
}

/** The workspace folder of an article: the nearest ancestor holding `.factdesk/`, else its git root, else its folder. */
export function findWorkspaceRoot(article: string, fs: Pick<WorkspaceFileSystem, 'readDirectory'>): string {
  const start = path.dirname(path.resolve(article));
  const ancestors: string[] = [];
  for (let dir = start; ; dir = path.dirname(dir)) {
    ancestors.push(dir);
    if (path.dirname(dir) === dir) break;
  }
  const has = (dir: string, name: string) => fs.readDirectory(dir).some((e) => e.name === name && (e.directory || name === '.git'));
  return ancestors.find((dir) => has(dir, KB_DIR)) ?? ancestors.find((dir) => has(dir, '.git')) ?? start;
}

/** The lookup of the article at relative path `file`, which must be in the index. */
export function lookupArticle(index: WorkspaceIndex, file: string): LookupResult {
  const record = index.record(file);
  if (!record) throw new Error(`${file} is not in the workspace index`);
  const byId = new Map<string, LookupEntity>();
  for (const entity of record.entities) {
    const report = index.report(entity, file);
    if (byId.has(report.id)) continue;
    byId.set(report.id, {
      id: report.id,
      name: report.name,
      type: report.type,
      kb: report.kb,
      elsewhere: report.elsewhere.map((e) => ({
        file: e.file,
        line: e.line,
        role: e.role,
        ...(e.title ? { title: e.title } : {}),
        ...(e.date ? { date: e.date } : {}),
      })),
      quotes: report.quotes.map((q) => ({ file: q.file, line: q.line, text: q.text })),
      verdicts: countVerdicts(report.verdicts) as Record<string, number>,
      written: entity.name,
      line: entity.line,
      ...(report.candidates ? { candidates: report.candidates } : {}),
    });
  }
  return { article: file, entities: [...byId.values()] };
}

/** The readable form: one block per entity that the workspace knows something about. */
export function renderLookup(result: LookupResult): string {
  const lines = [`${result.article}: ${result.entities.length} entit${result.entities.length === 1 ? 'y' : 'ies'}`];
  for (const e of result.entities) {
    lines.push('', `${e.name} (${e.type}, ${e.id})${e.written !== e.name ? ` — written “${e.written}”` : ''}, line ${e.line}`);
    if (e.kb) lines.push(`  knowledge base: ${e.kb.id}${e.kb.description ? ` — ${e.kb.description.replace(/\s+/g, ' ')}` : ''}`);
    if (e.candidates) {
      lines.push(`  ambiguous: may be ${e.candidates.map((c) => `${c.name} (${c.articles} article${c.articles === 1 ? '' : 's'})`).join(' or ')}; not linked`);
      continue;
    }
    if (!e.elsewhere.length) lines.push('  no other article mentions it');
    for (const x of e.elsewhere) lines.push(`  ${x.file}:${x.line}${x.role ? `  ${x.role}` : ''}${x.title ? `  “${x.title}”` : ''}`);
    for (const q of e.quotes) lines.push(`  quoted ${q.file}:${q.line}  “${q.text}”`);
    const verdicts = Object.entries(e.verdicts);
    if (verdicts.length) lines.push(`  verdicts: ${verdicts.map(([v, n]) => `${v} ${n}`).join(', ')}`);
  }
  return lines.join('\n') + '\n';
}
