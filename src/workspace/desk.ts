// The Desk: what is left to check across the articles of a workspace, from the index's records.
// Counts come from the publication gate each record was indexed with (src/reports/gate.ts), so the
// editor's Desk and `factdesk check DIR` agree article by article. Pure: the language server builds
// DeskArticles from its mirror of the index, the client filters and sorts them for the view.
import type { Verdict } from '../notes';
import type { GateCounts, OpenItemKind } from '../reports/gate';
import type { ArticleRecord } from './model';
import { claimOf } from './persisted';

/** An article's open items are listed up to this many; its counts stay exact (the rest are in the article). */
export const DESK_ITEMS_MAX = 50;

/** One thing the gate still asks for in an article (src/reports/gate.ts OpenItem), as the Desk lists it. */
export interface DeskItem {
  kind: OpenItemKind;
  /** Where it is (1-based line, 0-based UTF-16 character, offsets of the indexed text); absent for an orphaned note. */
  line?: number;
  character?: number;
  start?: number;
  end?: number;
  /** The passage of a changed or orphaned note, the quoted words of a quote (a claim's text is read from the article by whoever shows it). */
  text?: string;
  noteId?: string;
}

export interface DeskArticle {
  /** The article's URI (file:). */
  uri: string;
  /** Name of the workspace folder holding it (several folders: the first path segment shown). */
  folder: string;
  /** Path relative to that folder, forward slashes. */
  file: string;
  title?: string;
  /** From the metadata header, as written. */
  date?: string;
  /** The gate's counts; all zero when `error` is set. */
  counts: GateCounts;
  /** Where a click opens the article: its first open item (placed ones in text order, then orphaned notes). */
  first?: DeskItem;
  /** Authors of the article's notes (the "mine" filter). */
  authors: string[];
  /** The article's notes by verdict (only verdicts used). */
  verdicts: Partial<Record<Verdict, number>>;
  /** Why the article or its notes could not be read: it cannot pass, and is counted apart (as `check` does). */
  error?: string;
}

export interface DeskTotals {
  articles: number;
  /** Articles that pass the gate. */
  ready: number;
  /** Articles that could not be read. */
  errors: number;
  claims: number;
  left: number;
  unverified: number;
  changed: number;
  orphaned: number;
  /** Quotes altered, said by someone else, not found in the sources (articles of workspaces holding sources). */
  altered: number;
  wrongSpeaker: number;
  notFound: number;
}

const ZERO: GateCounts = { claims: 0, verified: 0, left: 0, unverified: 0, changed: 0, orphaned: 0 };

/** A record of the index → its Desk entry. */
export function deskArticle(record: ArticleRecord, folder: string, uri: string): DeskArticle {
  const verdicts: Partial<Record<Verdict, number>> = {};
  const authors = new Set<string>();
  for (const n of record.notes) {
    verdicts[n.verdict] = (verdicts[n.verdict] ?? 0) + 1;
    if (n.author) authors.add(n.author);
  }
  const error = record.error ?? record.notesError;
  return {
    uri,
    folder,
    file: record.file,
    ...(record.title ? { title: record.title } : {}),
    ...(record.date ? { date: record.date } : {}),
    counts: error || !record.gate ? ZERO : record.gate,
    ...(!error && record.open ? withFirst(record) : {}),
    authors: [...authors].sort(),
    verdicts,
    ...(error ? { error } : {}),
  };
}

function withFirst(record: ArticleRecord): { first?: DeskItem } {
  const [first] = deskItems(record, 1);
  return first ? { first } : {};
}

/**
 * The open items of a record, at most `max`: unverified claims in text order, notes changed since
 * checked, quotes altered, said by someone else or not found in the sources (in text order), then
 * orphaned notes.
 */
export function deskItems(record: ArticleRecord, max = DESK_ITEMS_MAX): DeskItem[] {
  const items: DeskItem[] = [];
  if (record.error || record.notesError || !record.open) return items;
  for (const index of record.open.unverified) {
    if (items.length >= max) return items;
    // One claim at a time: the server's records decode their claims only when read (persisted.ts).
    const claim = claimOf(record, index);
    if (claim) items.push({ kind: 'unverified', line: claim.line, character: claim.character, start: claim.start, end: claim.end });
  }
  for (const id of record.open.changed) {
    if (items.length >= max) return items;
    const note = record.notes.find((n) => n.id === id);
    if (note?.line !== undefined && note.start !== undefined && note.end !== undefined)
      items.push({ kind: 'changed', noteId: id, line: note.line, character: note.character ?? 0, start: note.start, end: note.end, text: note.text });
  }
  for (const { quote: index, status } of record.open.quotes ?? []) {
    if (items.length >= max) return items;
    const quote = record.quotes[index];
    if (quote) items.push({ kind: status, line: quote.line, character: quote.character, start: quote.start, end: quote.end, text: quote.text });
  }
  for (const id of record.open.orphaned) {
    if (items.length >= max) return items;
    const note = record.notes.find((n) => n.id === id);
    items.push({ kind: 'orphaned', noteId: id, ...(note ? { text: note.text } : {}) });
  }
  return items;
}

export function deskTotals(articles: readonly DeskArticle[]): DeskTotals {
  const totals: DeskTotals = {
    articles: articles.length,
    ready: 0,
    errors: 0,
    claims: 0,
    left: 0,
    unverified: 0,
    changed: 0,
    orphaned: 0,
    altered: 0,
    wrongSpeaker: 0,
    notFound: 0,
  };
  for (const a of articles) {
    if (a.error) totals.errors++;
    else if (a.counts.left === 0) totals.ready++;
    totals.claims += a.counts.claims;
    totals.left += a.counts.left;
    totals.unverified += a.counts.unverified;
    totals.changed += a.counts.changed;
    totals.orphaned += a.counts.orphaned;
    totals.altered += a.counts.altered ?? 0;
    totals.wrongSpeaker += a.counts.wrongSpeaker ?? 0;
    totals.notFound += a.counts.notFound ?? 0;
  }
  return totals;
}

export interface DeskFilter {
  /** Only articles with a note by this author ("mine"); undefined: all. */
  author?: string;
  /** Only articles under this folder: "<workspace folder>/<path>" prefix, as deskFolderOf gives. */
  folder?: string;
  /** Only articles with a note of this verdict. */
  verdict?: Verdict;
}

/** "<workspace folder>/<dir>" of an article: what the folder filter matches (a folder includes its subfolders). */
export function deskFolderOf(article: Pick<DeskArticle, 'folder' | 'file'>): string {
  const slash = article.file.lastIndexOf('/');
  return slash < 0 ? article.folder : `${article.folder}/${article.file.slice(0, slash)}`;
}

/** Every folder (and parent folder) holding an article, sorted: the choices of the folder filter. */
export function deskFolders(articles: readonly DeskArticle[]): string[] {
  const folders = new Set<string>();
  for (const a of articles) {
    const parts = deskFolderOf(a).split('/');
    for (let i = 1; i <= parts.length; i++) folders.add(parts.slice(0, i).join('/'));
  }
  return [...folders].sort();
}

export function matchesDeskFilter(article: DeskArticle, filter: DeskFilter): boolean {
  if (filter.author !== undefined && !article.authors.includes(filter.author)) return false;
  if (filter.verdict !== undefined && !article.verdicts[filter.verdict]) return false;
  if (filter.folder !== undefined) {
    const folder = deskFolderOf(article);
    if (folder !== filter.folder && !folder.startsWith(`${filter.folder}/`)) return false;
  }
  return true;
}

/**
 * The articles the Desk lists: those the filter keeps that still have something left or could not be
 * read, most left first (unreadable ones last), then by folder and path.
 */
export function deskList(articles: readonly DeskArticle[], filter: DeskFilter): DeskArticle[] {
  return articles
    .filter((a) => (a.counts.left > 0 || a.error) && matchesDeskFilter(a, filter))
    .sort((a, b) => Number(!!a.error) - Number(!!b.error) || b.counts.left - a.counts.left || a.folder.localeCompare(b.folder) || a.file.localeCompare(b.file));
}

/**
 * "3 unverified claims, 1 note changed since checked, 1 altered quote, 1 orphaned note": what is left
 * of an article or a desk, in words.
 */
export function leftInWords(counts: Pick<GateCounts, 'unverified' | 'changed' | 'orphaned' | 'altered' | 'wrongSpeaker' | 'notFound'>): string {
  const parts: string[] = [];
  const s = (n: number) => (n === 1 ? '' : 's');
  if (counts.unverified) parts.push(`${counts.unverified} unverified claim${s(counts.unverified)}`);
  if (counts.changed) parts.push(`${counts.changed} note${s(counts.changed)} changed since checked`);
  if (counts.altered) parts.push(`${counts.altered} altered quote${s(counts.altered)}`);
  if (counts.wrongSpeaker) parts.push(`${counts.wrongSpeaker} quote${s(counts.wrongSpeaker)} by someone else`);
  if (counts.notFound) parts.push(`${counts.notFound} quote${s(counts.notFound)} not found in the sources`);
  if (counts.orphaned) parts.push(`${counts.orphaned} orphaned note${s(counts.orphaned)}`);
  return parts.join(', ') || 'nothing left';
}
