// Builds and maintains a WorkspaceIndex for one workspace folder: walks the folder, analyzes each
// article (engine + notes) into a record, keeps records of unchanged files (same size and mtime, same
// sidecar) from the persisted index, follows single-file changes, and persists the records so a
// reopened workspace only re-reads what changed. Used in-process by the CLI and on the language
// server's index worker.
import path from 'node:path';
import type { AnalyzeOptions } from '../core/types';
import { parseSidecar, SidecarError, sidecarPathFor, type NoteCollection } from '../notes';
import { indexArticle, indexSource, unreadableArticle } from './article';
import {
  compileMatchers,
  decodeArticleBytes,
  DEFAULT_SOURCE_PATTERNS,
  listWorkspaceFiles,
  relativePath,
  sourceMatcher,
  type WorkspaceFileSystem,
} from './files';
import { WorkspaceIndex } from './workspaceIndex';
import { KB_PATH, KbError, readKnowledgeBase } from './kb';
import { INDEX_FORMAT_VERSION, type ArticleKind, type ArticleRecord, type FileStamp } from './model';

/** Above this many articles indexing stops, with a message (factdesk.index.maxFiles default). */
export const DEFAULT_MAX_FILES = 5000;

export interface IndexerOptions {
  root: string;
  fs: WorkspaceFileSystem;
  /** Globs of the articles (factdesk.filePatterns). */
  include: string[];
  /** Globs left out (files.exclude, search.exclude, factdesk.index.exclude). */
  exclude: string[];
  /** Globs of source documents (indexed as kind 'source': their text, not analyzed); default DEFAULT_SOURCE_PATTERNS. */
  sources?: string[];
  maxFiles?: number;
  analyzeOptions?: AnalyzeOptions;
  /** Where the index is persisted (absolute path); none: not persisted. */
  cachePath?: string;
  /** Names the engine build: a persisted index from another build is not trusted. */
  engineVersion?: string;
}

export interface ScanProgress {
  done: number;
  total: number;
}

export interface ScanResult {
  files: number;
  /** Articles analyzed in this scan (the others came from the persisted index or were live). */
  analyzed: number;
  removed: number;
  /** Set when the workspace holds more articles than maxFiles: only the first maxFiles are indexed. */
  truncated?: { found: number; limit: number };
  cancelled: boolean;
}

export interface ScanControl {
  onProgress?: (progress: ScanProgress) => void;
  isCancelled?: () => boolean;
  /** Each record analyzed afresh (not those kept from the persisted index). */
  onRecord?: (record: ArticleRecord) => void;
  /** Lets other work run between files (the worker answers messages); none in the CLI. */
  pause?: () => Promise<void>;
}

interface PersistedIndex {
  format: number;
  engine: string;
  options: string;
  records: ArticleRecord[];
}

const sameStamp = (a: FileStamp | null | undefined, b: FileStamp | null | undefined) =>
  (a ?? null) === (b ?? null) || (!!a && !!b && a.mtimeMs === b.mtimeMs && a.size === b.size);

export class WorkspaceIndexer {
  readonly index = new WorkspaceIndex();
  /** Open documents' text, by relative path: it wins over the file on disk. */
  private readonly live = new Map<string, string>();
  private readonly matchers: ReturnType<typeof compileMatchers>;
  private readonly isSource: (rel: string) => boolean;
  private readonly excluded: (rel: string) => boolean;
  /** Failures while indexing single files (logged by the caller, counted here). */
  failures = 0;

  constructor(readonly options: IndexerOptions) {
    this.matchers = compileMatchers({ include: options.include, exclude: options.exclude });
    this.isSource = sourceMatcher(this.sourcePatterns);
    this.excluded = this.matchers.excluded;
  }

  get root(): string {
    return this.options.root;
  }

  get sourcePatterns(): string[] {
    return this.options.sources ?? DEFAULT_SOURCE_PATTERNS;
  }

  get maxFiles(): number {
    return this.options.maxFiles ?? DEFAULT_MAX_FILES;
  }

  relative(file: string): string {
    return relativePath(this.root, file);
  }

  absolute(rel: string): string {
    return path.join(this.root, ...rel.split('/'));
  }

  /** Whether a path (absolute) is an article or source this index covers. */
  covers(file: string): boolean {
    const rel = this.relative(file);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return false;
    return this.isSource(rel) ? !this.excluded(rel) : this.matchers.included(rel);
  }

  private kindOf(rel: string): ArticleKind {
    return this.isSource(rel) ? 'source' : 'article';
  }

  private optionsKey(): string {
    return JSON.stringify([this.options.analyzeOptions ?? {}, this.sourcePatterns]);
  }

  /** (Re)reads `.factdesk/entities.json`; a malformed file leaves the index without a KB and says why. */
  loadKnowledgeBase(): string | undefined {
    const file = path.join(this.root, ...KB_PATH.split('/'));
    try {
      this.index.setKnowledgeBase(readKnowledgeBase(file, this.options.fs));
      return undefined;
    } catch (e) {
      if (!(e instanceof KbError)) throw e;
      this.index.setKnowledgeBase(undefined, e.message);
      return e.message;
    }
  }

  /**
   * Loads the persisted index, if it exists and matches this build and options; returns the records
   * loaded. Throws for a cache that is not JSON (nothing is loaded; a scan rebuilds it).
   */
  restore(): number {
    const cache = this.options.cachePath;
    if (!cache) return 0;
    const text = this.options.fs.readText(cache);
    if (text === undefined) return 0;
    let persisted: PersistedIndex;
    try {
      persisted = JSON.parse(text) as PersistedIndex;
    } catch (e) {
      // A cache is only a cache: a broken one is rebuilt (and overwritten on the next persist); the
      // caller logs this and counts it, and indexing goes on from scratch.
      throw new Error(`the persisted index ${cache} is not valid JSON (${e instanceof Error ? e.message : String(e)}); the workspace is indexed again`);
    }
    if (
      persisted.format !== INDEX_FORMAT_VERSION ||
      persisted.engine !== (this.options.engineVersion ?? '') ||
      persisted.options !== this.optionsKey() ||
      !Array.isArray(persisted.records)
    )
      return 0;
    for (const record of persisted.records) this.index.put(record);
    return persisted.records.length;
  }

  /** Writes the records to the cache file (atomically). */
  persist(): boolean {
    const cache = this.options.cachePath;
    if (!cache) return false;
    const persisted: PersistedIndex = {
      format: INDEX_FORMAT_VERSION,
      engine: this.options.engineVersion ?? '',
      options: this.optionsKey(),
      records: [...this.index.allRecords()],
    };
    this.options.fs.makeDirectory(path.dirname(cache));
    this.options.fs.writeTextAtomic(cache, JSON.stringify(persisted));
    return true;
  }

  /**
   * Walks the folder and brings the index up to date: new and changed articles analyzed, unchanged
   * ones kept, vanished ones dropped. Stops early (cancelled: true) when `isCancelled` says so.
   */
  async scan(control: ScanControl = {}): Promise<ScanResult> {
    const listed = listWorkspaceFiles(this.root, this.options.fs, {
      include: this.options.include,
      exclude: this.options.exclude,
      sources: this.sourcePatterns,
    });
    let files = [...listed.articles, ...listed.sources];
    let truncated: ScanResult['truncated'];
    if (files.length > this.maxFiles) {
      truncated = { found: files.length, limit: this.maxFiles };
      files = files.slice(0, this.maxFiles);
    }
    const wanted = new Set(files.map((f) => this.relative(f)));
    let removed = 0;
    for (const rel of this.index.files()) {
      if (!wanted.has(rel) && !this.live.has(rel)) {
        this.index.remove(rel);
        removed++;
      }
    }
    let analyzed = 0;
    const total = files.length;
    control.onProgress?.({ done: 0, total });
    for (let i = 0; i < files.length; i++) {
      if (control.isCancelled?.()) return { files: total, analyzed, removed, truncated, cancelled: true };
      const record = this.refresh(files[i]);
      if (record) {
        analyzed++;
        control.onRecord?.(record);
      }
      control.onProgress?.({ done: i + 1, total });
      if (control.pause) await control.pause();
    }
    return { files: total, analyzed, removed, truncated, cancelled: false };
  }

  /**
   * Re-indexes one file if it changed (or `force`); returns the new record, or undefined when the
   * record was still current. A file that vanished is removed from the index.
   */
  refresh(file: string, force = false): ArticleRecord | undefined {
    const rel = this.relative(file);
    if (this.live.has(rel)) {
      // An open document: its text comes from the editor; only its notes may have changed on disk.
      const record = this.index.record(rel);
      const notesStamp = this.options.fs.stat(sidecarPathFor(file)) ?? null;
      if (!force && record && sameStamp(record.notesStamp, notesStamp)) return undefined;
      return this.indexText(rel, this.live.get(rel)!, record?.stamp ?? { mtimeMs: -1, size: 0 });
    }
    const stamp = this.options.fs.stat(file);
    if (!stamp) {
      this.index.remove(rel);
      return undefined;
    }
    const record = this.index.record(rel);
    const notesStamp = this.options.fs.stat(sidecarPathFor(file)) ?? null;
    if (!force && record && sameStamp(record.stamp, stamp) && sameStamp(record.notesStamp, notesStamp)) return undefined;
    const bytes = this.options.fs.readBytes(file);
    if (!bytes) {
      this.index.remove(rel);
      return undefined;
    }
    const decoded = decodeArticleBytes(bytes);
    if ('error' in decoded) {
      const unreadable = unreadableArticle(rel, this.kindOf(rel), stamp, notesStamp, `${rel}: ${decoded.error}`);
      this.index.put(unreadable);
      return unreadable;
    }
    return this.indexText(rel, decoded.text, stamp);
  }

  private indexText(rel: string, text: string, stamp: FileStamp): ArticleRecord {
    const file = this.absolute(rel);
    const sidecar = sidecarPathFor(file);
    const notesStamp = this.options.fs.stat(sidecar) ?? null;
    let notes: NoteCollection | undefined;
    let notesError: string | undefined;
    const sidecarText = notesStamp ? this.options.fs.readText(sidecar) : undefined;
    if (sidecarText !== undefined) {
      try {
        notes = parseSidecar(sidecarText, relativePath(this.root, sidecar));
      } catch (e) {
        if (!(e instanceof SidecarError)) throw e;
        notesError = e.message;
      }
    }
    const kind = this.kindOf(rel);
    // A source is material, not an article: its text is kept for quote checking, nothing is analyzed.
    const record =
      kind === 'source'
        ? indexSource(rel, stamp, notesStamp, text)
        : indexArticle({ file: rel, kind, stamp, notesStamp, text, notes, notesError, options: this.options.analyzeOptions });
    this.index.put(record);
    return record;
  }

  /** An open document's text (it wins over the disk until `clearLiveText`). */
  setLiveText(file: string, text: string): ArticleRecord {
    const rel = this.relative(file);
    this.live.set(rel, text);
    return this.indexText(rel, text, this.index.record(rel)?.stamp ?? { mtimeMs: -1, size: text.length });
  }

  /** The document was closed: the file on disk is the truth again. */
  clearLiveText(file: string): ArticleRecord | undefined {
    const rel = this.relative(file);
    if (!this.live.delete(rel)) return undefined;
    return this.refresh(file, true);
  }

  remove(file: string): boolean {
    const rel = this.relative(file);
    this.live.delete(rel);
    return this.index.remove(rel);
  }

  rename(from: string, to: string): ArticleRecord | undefined {
    const fromRel = this.relative(from);
    const text = this.live.get(fromRel);
    this.remove(from);
    if (!this.covers(to)) return undefined;
    if (text !== undefined) return this.setLiveText(to, text);
    return this.refresh(to, true);
  }
}
