// Wikidata answers kept on disk (the extension's workspace storage, never the repository) for
// `factdesk.wikidata.cacheDays`, so a name is looked up once and every later hover is instant. The
// file is written atomically; a malformed one is reported and ignored (rewritten on the next save),
// never fatal. Failed lookups are not cached here.
import fs from 'node:fs';
import path from 'node:path';
import { nodeFileSystem } from '../notes';
import type { WikidataResult } from './lookup';

export const CACHE_FILE = 'wikidata-cache.json';
/** Bumped when WikidataResult changes shape: an older file is dropped whole. */
export const CACHE_FORMAT_VERSION = 1;
/** At most this many answers are kept; the oldest go first. */
export const MAX_CACHE_ENTRIES = 5_000;
export const DAY_MS = 24 * 60 * 60 * 1000;

export interface CacheEntry {
  /** When it was fetched (ms since the epoch). */
  at: number;
  result: WikidataResult;
}

export class WikidataCache {
  private entries = new Map<string, CacheEntry>();
  private dirty = false;

  /**
   * `file`: where the cache lives (undefined: memory only). `now` is the clock (tests pass their own);
   * `report` receives problems with the file (malformed, unwritable), each also counted in `problems`.
   */
  constructor(
    readonly file: string | undefined,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly report: (message: string) => void = () => undefined,
  ) {}

  problems = 0;

  /** Reads the file; a missing one is an empty cache, a malformed one is reported and ignored. */
  load(): void {
    this.entries.clear();
    if (!this.file) return;
    let text: string | undefined;
    try {
      text = nodeFileSystem.readText(this.file);
    } catch (error) {
      this.problem(`cannot read ${this.file}: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (text === undefined) return;
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (error) {
      this.problem(`${this.file} is malformed (${error instanceof Error ? error.message : String(error)}); ignored, it is rewritten with the next answer`);
      return;
    }
    const d = doc as { version?: unknown; entries?: unknown } | null;
    if (!d || typeof d !== 'object' || d.version !== CACHE_FORMAT_VERSION || !d.entries || typeof d.entries !== 'object') {
      this.problem(`${this.file} is not a FactDesk Wikidata cache of format ${CACHE_FORMAT_VERSION}; ignored, it is rewritten with the next answer`);
      return;
    }
    for (const [key, entry] of Object.entries(d.entries as Record<string, unknown>)) {
      const e = entry as Partial<CacheEntry> | null;
      if (e && typeof e.at === 'number' && e.result && typeof e.result === 'object' && typeof (e.result as { kind?: unknown }).kind === 'string')
        this.entries.set(key, e as CacheEntry);
    }
  }

  /** A fresh answer (younger than the TTL), if any. */
  get(key: string): WikidataResult | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    const age = this.now() - e.at;
    return age >= 0 && age < this.ttlMs ? e.result : undefined;
  }

  set(key: string, result: WikidataResult): void {
    this.entries.delete(key);
    this.entries.set(key, { at: this.now(), result });
    if (this.entries.size > MAX_CACHE_ENTRIES) {
      const oldest = [...this.entries].sort((a, b) => a[1].at - b[1].at).slice(0, this.entries.size - MAX_CACHE_ENTRIES);
      for (const [k] of oldest) this.entries.delete(k);
    }
    this.dirty = true;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Writes the file (atomically) if anything changed; stale entries are dropped on the way. */
  save(): void {
    if (!this.file || !this.dirty) return;
    const now = this.now();
    const entries: Record<string, CacheEntry> = {};
    for (const [k, e] of this.entries) if (now - e.at < this.ttlMs) entries[k] = e;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      nodeFileSystem.writeTextAtomic(this.file, JSON.stringify({ version: CACHE_FORMAT_VERSION, entries }));
      this.dirty = false;
    } catch (error) {
      this.problem(`cannot write ${this.file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private problem(message: string): void {
    this.problems++;
    this.report(message);
  }
}
