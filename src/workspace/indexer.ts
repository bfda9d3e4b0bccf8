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
import type { ArticleKind, ArticleRecord, FileStamp } from './model';
import { decodeRecord, encodeRecord, parsePersistedIndex, PersistedIndexError, persistedIndexLines, StringPool, type EncodedRecord } from './persisted';

/** Above this many articles indexing stops, with a message (factdesk.index.maxFiles default). */
export const DEFAULT_MAX_FILES = 5000;

/**
 * A scan lets other work run (ScanControl.pause) after each article it analyzes, and at least this
 * often while it only checks the stamps of unchanged ones (a reopen stats thousands of files).
 */
export const SCAN_SLICE_MS = 10;

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
  /**
   * What the indexer keeps of each record: 'records' (default) the decoded records in `index`, for
   * callers that answer from it (CLI, tests); 'encoded' only the encoded form (EncodedRecord), for the
   * language server's worker, which persists them and hands them on to the thread that decodes and
   * uses them (one decoded copy in the process). In 'encoded' mode `index` holds the knowledge base only.
   */
  keep?: 'records' | 'encoded';
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
  /** Lets other work run between files (the worker answers messages; see SCAN_SLICE_MS); none in the CLI. */
  pause?: () => Promise<void>;
}

/** What the indexer knows of every file it indexed, whatever it keeps of the record. */
interface Entry {
  stamp: FileStamp;
  notesStamp: FileStamp | null;
  /** The encoded record ('encoded' mode, or restored and not yet decoded). */
  encoded?: EncodedRecord;
}

const sameStamp = (a: FileStamp | null | undefined, b: FileStamp | null | undefined) =>
  (a ?? null) === (b ?? null) || (!!a && !!b && a.mtimeMs === b.mtimeMs && a.size === b.size);

export class WorkspaceIndexer {
  readonly index = new WorkspaceIndex();
  /** Every indexed file (relative path) and its stamps. */
  private readonly entries = new Map<string, Entry>();
  /** Records changed since the index was last persisted or restored (a fresh indexer has nothing on disk yet). */
  private dirty = true;
  /** Open documents' text, by relative path: it wins over the file on disk. */
  private readonly live = new Map<string, string>();
  /** The live text each record made from an open document's text was made from (absent: made from the file). */
  private readonly indexedLive = new Map<string, string>();
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

  /** What the persisted index must have been made with. */
  private build(): { engine: string; options: string } {
    return { engine: this.options.engineVersion ?? '', options: this.optionsKey() };
  }

  private get keepsRecords(): boolean {
    return this.options.keep !== 'encoded';
  }

  /** How many files are indexed. */
  get size(): number {
    return this.entries.size;
  }

  /** The indexed files (relative paths). */
  files(): string[] {
    return [...this.entries.keys()];
  }

  has(rel: string): boolean {
    return this.entries.has(rel);
  }

  /** A file's record, encoded (kept as such in 'encoded' mode, encoded now otherwise). */
  encoded(rel: string): EncodedRecord | undefined {
    const entry = this.entries.get(rel);
    if (entry?.encoded) return entry.encoded;
    const record = entry && this.index.record(rel);
    return record ? encodeRecord(record) : undefined;
  }

  /** Every record, encoded, in the order they were indexed. */
  encodedRecords(): EncodedRecord[] {
    const out: EncodedRecord[] = [];
    for (const rel of this.entries.keys()) {
      const encoded = this.encoded(rel);
      if (encoded) out.push(encoded);
    }
    return out;
  }

  /** Whether records changed since the index was last persisted or restored. */
  get changedSincePersisted(): boolean {
    return this.dirty;
  }

  private put(record: ArticleRecord): void {
    if (this.keepsRecords) {
      this.index.put(record);
      this.entries.set(record.file, { stamp: record.stamp, notesStamp: record.notesStamp });
    } else {
      this.entries.set(record.file, { stamp: record.stamp, notesStamp: record.notesStamp, encoded: encodeRecord(record) });
      // Decoded again from the encoded form when the quote checks next read it (claims left encoded).
      this.views.delete(record.file);
    }
    this.dirty = true;
    this.changed();
  }

  /**
   * 'encoded' mode: each record decoded as the quote checks read it (quotes, entities, notes, a
   * source's text), its claims, about 3/4 of a record, left as their JSON text and decoded only when
   * read (persisted.ts DecodeOptions.lazyClaims). Decoded on first read, not on restore.
   */
  private readonly views = new Map<string, ArticleRecord>();
  /** Why the last records the quote checks read could not be decoded (file → message); the caller reports and re-indexes them. */
  readonly brokenViews = new Map<string, string>();

  /**
   * The records as the quote checks read and update them. In 'records' mode the index itself; in
   * 'encoded' mode the records decoded from their encoded form (claims decoded only when read), and
   * a record put back is encoded again (what is persisted and sent on).
   */
  readonly quoteRecords: { allRecords(): Iterable<ArticleRecord>; put(record: ArticleRecord): void; readonly generation: number } = {
    allRecords: () => (this.keepsRecords ? this.index.allRecords() : this.decodedViews()),
    put: (record) => this.put(record),
    generation: 0,
  };

  /** Bumped whenever a record is put, dropped or restored (readers of `quoteRecords` skip a pass over an unchanged index). */
  private changed(): void {
    (this.quoteRecords as { generation: number }).generation++;
  }

  private *decodedViews(): Generator<ArticleRecord> {
    const pool = new StringPool();
    for (const [rel, entry] of [...this.entries]) {
      let view = this.views.get(rel);
      if (!view && entry.encoded) {
        const broken = (error: PersistedIndexError) => {
          this.failures++;
          this.brokenViews.set(rel, error.message);
        };
        try {
          view = decodeRecord(entry.encoded, pool, { lazyClaims: { broken } });
        } catch (e) {
          if (!(e instanceof PersistedIndexError)) throw e;
          broken(e);
          continue;
        }
        this.views.set(rel, view);
      }
      if (view) yield view;
    }
  }

  private drop(rel: string): boolean {
    this.indexedLive.delete(rel);
    this.index.remove(rel);
    this.views.delete(rel);
    if (!this.entries.delete(rel)) return false;
    this.dirty = true;
    this.changed();
    return true;
  }

  /**
   * Loads the persisted index, if it exists and was made by this build with these options; returns
   * the records loaded. An index of another format, build or options loads nothing (`staleReason`
   * says why). Throws for a broken one (nothing is loaded; the caller logs and counts it, a scan
   * rebuilds it and the next persist overwrites it).
   */
  restore(): number {
    this.staleReason = undefined;
    const cache = this.options.cachePath;
    if (!cache) return 0;
    const bytes = this.options.fs.readBytes(cache);
    if (bytes === undefined) return 0;
    let records: EncodedRecord[];
    let decoded: ArticleRecord[] = [];
    try {
      const read = parsePersistedIndex(bytes, cache, this.build());
      if ('stale' in read) {
        this.staleReason = read.stale;
        return 0;
      }
      records = read.records;
      if (this.keepsRecords) {
        const pool = new StringPool();
        decoded = records.map((r) => decodeRecord(r, pool));
      }
    } catch (e) {
      if (!(e instanceof PersistedIndexError)) throw e;
      throw new PersistedIndexError(`the persisted index is broken (${e.message}); the workspace is indexed again`);
    }
    for (const r of decoded) this.index.put(r);
    for (const r of records) {
      this.entries.set(r.file, { stamp: r.stamp, notesStamp: r.notesStamp, ...(this.keepsRecords ? {} : { encoded: r }) });
      this.views.delete(r.file);
    }
    this.dirty = false;
    this.changed();
    return records.length;
  }

  /** Why the last restore loaded nothing from an existing persisted index (another format, build or options). */
  staleReason: string | undefined;

  /** Temporary files of saves that died midway (the window closed, the machine stopped), removed by the last persist. */
  removedTemporaries: string[] = [];

  /** Writes the records to the cache file (atomically), first removing what a save killed midway left. */
  persist(): boolean {
    const cache = this.options.cachePath;
    if (!cache) return false;
    this.options.fs.makeDirectory(path.dirname(cache));
    this.removedTemporaries = this.options.fs.abandonedTemporaries(cache);
    for (const temp of this.removedTemporaries) this.options.fs.remove(temp);
    this.options.fs.writeLinesAtomic(cache, persistedIndexLines(this.build(), this.encodedRecords()));
    this.dirty = false;
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
    for (const rel of this.files()) {
      if (!wanted.has(rel) && !this.live.has(rel)) {
        this.drop(rel);
        removed++;
      }
    }
    let analyzed = 0;
    const total = files.length;
    control.onProgress?.({ done: 0, total });
    let lastPause = performance.now();
    for (let i = 0; i < files.length; i++) {
      if (control.isCancelled?.()) return { files: total, analyzed, removed, truncated, cancelled: true };
      const record = this.refresh(files[i]);
      if (record) {
        analyzed++;
        control.onRecord?.(record);
      }
      control.onProgress?.({ done: i + 1, total });
      // After each analysis; files found unchanged (a stat each) are checked in runs of SCAN_SLICE_MS.
      if (control.pause && (record || performance.now() - lastPause >= SCAN_SLICE_MS)) {
        await control.pause();
        lastPause = performance.now();
      }
    }
    return { files: total, analyzed, removed, truncated, cancelled: false };
  }

  /**
   * Re-indexes one file if it changed (or `force`); returns the new record, or undefined when the
   * record was still current. A file that vanished is removed from the index.
   */
  refresh(file: string, force = false): ArticleRecord | undefined {
    const rel = this.relative(file);
    const entry = this.entries.get(rel);
    if (this.live.has(rel)) {
      // An open document: its text comes from the editor; only its notes may have changed on disk.
      const notesStamp = this.options.fs.stat(sidecarPathFor(file)) ?? null;
      if (!force && entry && sameStamp(entry.notesStamp, notesStamp)) return undefined;
      const text = this.live.get(rel)!;
      const record = this.indexText(rel, text, entry?.stamp ?? { mtimeMs: -1, size: 0 });
      this.indexedLive.set(rel, text);
      return record;
    }
    const stamp = this.options.fs.stat(file);
    if (!stamp) {
      this.drop(rel);
      return undefined;
    }
    const notesStamp = this.options.fs.stat(sidecarPathFor(file)) ?? null;
    if (!force && entry && sameStamp(entry.stamp, stamp) && sameStamp(entry.notesStamp, notesStamp) && !this.indexedLive.has(rel)) return undefined;
    this.indexedLive.delete(rel);
    const bytes = this.options.fs.readBytes(file);
    if (!bytes) {
      this.drop(rel);
      return undefined;
    }
    const decoded = decodeArticleBytes(bytes);
    if ('error' in decoded) {
      const unreadable = unreadableArticle(rel, this.kindOf(rel), stamp, notesStamp, `${rel}: ${decoded.error}`);
      this.put(unreadable);
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
    this.put(record);
    return record;
  }

  /**
   * An open document's text (it wins over the disk until `clearLiveText`). Returns the new record, or
   * undefined when the record already holds that text: a document opened as it is on disk, or saved
   * as last sent, is not analyzed again (a hover right after opening an article would wait for it).
   */
  setLiveText(file: string, text: string): ArticleRecord | undefined {
    const rel = this.relative(file);
    this.live.set(rel, text);
    const madeFrom = this.indexedLive.get(rel);
    if (madeFrom === text || (madeFrom === undefined && this.indexedFromDiskAs(rel, text))) return undefined;
    const record = this.indexText(rel, text, this.entries.get(rel)?.stamp ?? { mtimeMs: -1, size: text.length });
    this.indexedLive.set(rel, text);
    return record;
  }

  /** Whether the record of `rel` was made from the file as it is now on disk (notes too), and the file reads as `text`. */
  private indexedFromDiskAs(rel: string, text: string): boolean {
    const entry = this.entries.get(rel);
    if (!entry) return false;
    const file = this.absolute(rel);
    const stamp = this.options.fs.stat(file);
    if (!stamp || !sameStamp(entry.stamp, stamp) || !sameStamp(entry.notesStamp, this.options.fs.stat(sidecarPathFor(file)) ?? null)) return false;
    const bytes = this.options.fs.readBytes(file);
    const decoded = bytes && decodeArticleBytes(bytes);
    return !!decoded && !('error' in decoded) && decoded.text === text;
  }

  /** The document was closed: the file on disk is the truth again. */
  clearLiveText(file: string): ArticleRecord | undefined {
    const rel = this.relative(file);
    if (!this.live.delete(rel)) return undefined;
    // A record made from the file (the document was never changed) is re-read only if the file changed.
    return this.refresh(file, this.indexedLive.has(rel));
  }

  remove(file: string): boolean {
    const rel = this.relative(file);
    this.live.delete(rel);
    return this.drop(rel);
  }

  /** Removes every file under a folder (relative path); returns the files removed. */
  removeFolder(relFolder: string): string[] {
    const prefix = relFolder + '/';
    const gone = this.files().filter((f) => f.startsWith(prefix));
    for (const f of gone) {
      this.live.delete(f);
      this.drop(f);
    }
    return gone;
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
