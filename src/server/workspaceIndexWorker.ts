// The workspace index runs on its own worker thread (dist/server.js again, with
// workerData.factdeskIndex set), beside the engine worker, so indexing 2,000 articles never delays
// highlights, hovers or typing. The worker reads the workspace with node's fs (file: folders only),
// analyzes articles into records, persists them to the extension's storage, and posts the records to
// the server's main thread, which keeps the WorkspaceIndex for instant hovers. The worker keeps each
// record only encoded (src/workspace/persisted.ts: what it writes to disk and posts, a string), so the
// process holds one decoded copy of the index, in the main thread; a reopen posts the persisted
// bodies as read, never a structured clone of decoded records.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { AnalyzeOptions } from '../core/types';
import { SIDECAR_SUFFIX } from '../notes';
import {
  KB_DIR,
  KB_PATH,
  nodeWorkspaceFileSystem,
  WorkspaceIndexer,
  type ArticleRecord,
  type EncodedRecord,
  type KnowledgeBase,
  type ScanResult,
} from '../workspace';
import { QuoteChecksPart, type QuoteCheckAnswer, type QuoteCheckRequest, type QuoteSourcesMessage } from './quoteChecksWorker';
import { WikidataWorkerPart, type FromWikidataWorker, type ToWikidataWorker } from './wikidataWorker';

/** Records go to the main thread in batches at most this often during a scan. */
export const RECORD_BATCH_MS = 200;
/** Progress goes to the main thread at most this often (it reports every PROGRESS_REPORT_MS to the client). */
export const PROGRESS_POST_MS = 100;
/** After single-file changes, the persisted index is rewritten once changes pause this long. */
export const PERSIST_DELAY_MS = 3000;
/** Articles' quotes are checked against the sources for this long at a time, then the worker turns to its messages. */
export const QUOTE_CHECK_SLICE_MS = 50;
/** Records restored from the persisted index go to the main thread this many at a time (each batch is decoded there in one go). */
export const RESTORED_BATCH_RECORDS = 250;

export interface IndexFolder {
  /** File-system path of the workspace folder. */
  root: string;
}

export interface IndexStartMessage {
  type: 'start';
  folders: IndexFolder[];
  /** Where persisted indexes go (the extension's workspace storage); none: not persisted. */
  storagePath?: string;
  include: string[];
  exclude: string[];
  maxFiles: number;
  engineVersion: string;
  analyzeOptions: AnalyzeOptions;
  /** Globs of the source documents, relative to each folder (factdesk.sources); none: the default. */
  sources?: string[];
}

export type ToIndexWorker =
  | IndexStartMessage
  /** A file changed on disk (`force`: analyzed again even if its stamps did not change). */
  | { type: 'changed'; path: string; force?: boolean }
  | { type: 'deleted'; path: string }
  | { type: 'live'; path: string; text: string }
  | { type: 'closed'; path: string }
  /** Records the main thread could not decode: analyzed again (absolute paths). */
  | { type: 'reindex'; paths: string[] }
  | { type: 'cancel' }
  | QuoteCheckRequest
  | ToWikidataWorker;

export type FromIndexWorker =
  /** Records to put (encoded: the main thread decodes them) and files removed; `reset`: these replace all records. */
  | { type: 'records'; root: string; put: EncodedRecord[]; removed: string[]; reset?: boolean }
  | { type: 'kb'; root: string; kb?: KnowledgeBase; error?: string }
  | { type: 'progress'; done: number; total: number }
  | { type: 'scanned'; root: string; result: ScanResult; restored: number; ms: number; reopenMs: number }
  | { type: 'log'; level: 'info' | 'warning' | 'error'; message: string }
  | QuoteCheckAnswer
  | QuoteSourcesMessage
  | FromWikidataWorker;

export function isIndexWorker(): boolean {
  return !isMainThread && (workerData as { factdeskIndex?: boolean } | undefined)?.factdeskIndex === true;
}

/** The cache file of a folder: one per folder path, under the storage folder. */
export function cacheFileFor(storagePath: string, root: string): string {
  return path.join(storagePath, `index-${createHash('sha256').update(root).digest('hex').slice(0, 16)}.json`);
}

export function runIndexWorker(): void {
  if (parentPort) new IndexWorker(parentPort);
}

class IndexWorker {
  private indexers: WorkspaceIndexer[] = [];
  private cancelled = false;
  private scanning: Promise<void> | undefined;
  private persistTimer: NodeJS.Timeout | undefined;
  /** Messages that arrived during a scan, handled after it (so a scan's result is never stale). */
  private readonly pending: ToIndexWorker[] = [];

  /** Wikidata lookups: answered at once, never queued behind a scan. */
  private readonly wikidata: WikidataWorkerPart;
  /** Quote checks: questions answered at once; articles' quotes checked a slice at a time when idle. */
  private readonly quotes = new QuoteChecksPart(
    (message) => this.post(message),
    (root) => this.indexers.find((i) => i.root === root)?.quoteRecords,
  );
  private quotePass: Promise<void> | undefined;

  constructor(private readonly port: MessagePort) {
    this.wikidata = new WikidataWorkerPart(
      (message) => this.post(message),
      (level, message) => this.post({ type: 'log', level, message }),
    );
    port.on('message', (message: ToIndexWorker) => this.receive(message));
  }

  private post(message: FromIndexWorker): void {
    this.port.postMessage(message);
  }

  private receive(message: ToIndexWorker): void {
    if (message.type === 'wikidataConfigure' || message.type === 'wikidataLookup') {
      this.wikidata.receive(message);
      return;
    }
    if (message.type === 'cancel') {
      this.cancelled = true;
      return;
    }
    if (message.type === 'quoteCheck') {
      this.quotes
        .answer(message, () => new Promise((resolve) => setImmediate(resolve)))
        .catch((error: unknown) => {
          // Counted and logged like every failure here; the question is answered with nothing checked.
          this.post({ type: 'quoteCheck', id: message.id, key: '', sources: 0, quotes: message.quotes.map(() => null), drift: [], claims: [] });
          this.failed(`checking the quotes of ${message.file}`, error);
        });
      return;
    }
    if (message.type === 'start') {
      this.cancelled = true;
      void (this.scanning ?? Promise.resolve()).then(() => this.start(message));
      return;
    }
    if (this.scanning) this.pending.push(message);
    else this.apply(message);
  }

  private async start(message: IndexStartMessage): Promise<void> {
    this.cancelled = false;
    this.indexers = message.folders.map(
      (folder) =>
        new WorkspaceIndexer({
          root: folder.root,
          fs: nodeWorkspaceFileSystem,
          include: message.include,
          exclude: message.exclude,
          maxFiles: message.maxFiles,
          analyzeOptions: message.analyzeOptions,
          engineVersion: message.engineVersion,
          cachePath: message.storagePath ? cacheFileFor(message.storagePath, folder.root) : undefined,
          ...(message.sources ? { sources: message.sources } : {}),
          keep: 'encoded',
        }),
    );
    this.quotes.reset(this.indexers.map((i) => i.root));
    const run = this.scanAll();
    this.scanning = run;
    await run;
    this.scanning = undefined;
    for (const m of this.pending.splice(0)) this.apply(m);
    this.scheduleQuoteChecks();
  }

  /** Checks the quotes of articles whose check is out of date, a slice at a time, while no scan runs. */
  private scheduleQuoteChecks(): void {
    if (this.quotePass || this.scanning) return;
    this.quotePass = (async () => {
      let more = true;
      while (more && !this.scanning) {
        const batches = new Map<string, EncodedRecord[]>();
        more = false;
        this.guard('checking the quotes of the articles', () => {
          more = this.quotes.step(
            performance.now() + QUOTE_CHECK_SLICE_MS,
            (root, record) => {
              const indexer = this.indexers.find((i) => i.root === root);
              if (!indexer) return;
              this.encodedOf(indexer, record, (encoded) => {
                const batch = batches.get(root) ?? [];
                batch.push(encoded);
                batches.set(root, batch);
              });
            },
            (file, error) => {
              const indexer = this.indexers[0];
              if (indexer) indexer.failures++;
              this.post({
                type: 'log',
                level: 'error',
                message: `checking the quotes of ${file} against the sources failed (its quotes are left out of the Desk): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
              });
            },
          );
        });
        for (const [root, put] of batches) this.postRecords(root, put, []);
        if (batches.size) this.schedulePersist();
        for (const indexer of this.indexers) this.reindexBrokenViews(indexer);
        if (more) await new Promise((resolve) => setImmediate(resolve));
      }
    })().finally(() => (this.quotePass = undefined));
  }

  /**
   * Records the quote checks could not decode (a persisted index damaged inside a record; counted
   * by the indexer): logged, and the file analyzed again.
   */
  private reindexBrokenViews(indexer: WorkspaceIndexer): void {
    for (const [rel, message] of [...indexer.brokenViews]) {
      indexer.brokenViews.delete(rel);
      this.post({ type: 'log', level: 'error', message: `workspace index of ${indexer.root}: ${message}; the file is analyzed again` });
      this.guard(`indexing ${rel} again`, () => this.publish(indexer, indexer.refresh(path.join(indexer.root, ...rel.split('/')), true)));
    }
  }

  /** Records to the main thread, encoded (it decodes them, without the sources' texts: the quote checks run here). */
  private postRecords(root: string, put: EncodedRecord[], removed: string[], reset?: boolean): void {
    this.post({ type: 'records', root, put, removed, ...(reset ? { reset } : {}) });
  }

  private async scanAll(): Promise<void> {
    for (const indexer of this.indexers) {
      const started = performance.now();
      this.guard(`reading the knowledge base of ${indexer.root}`, () => this.loadKb(indexer));
      let restored = 0;
      this.guard(`reading the persisted index of ${indexer.root}`, () => (restored = indexer.restore()));
      if (indexer.staleReason) this.post({ type: 'log', level: 'info', message: `the persisted index of ${indexer.root} is not used: ${indexer.staleReason}` });
      if (restored) {
        const records = indexer.encodedRecords();
        for (let i = 0; i < records.length; i += RESTORED_BATCH_RECORDS)
          this.postRecords(indexer.root, records.slice(i, i + RESTORED_BATCH_RECORDS), [], i === 0);
      }
      const reopenMs = performance.now() - started;
      let batch: EncodedRecord[] = [];
      let lastPost = performance.now();
      let lastProgress = 0;
      const flush = () => {
        if (batch.length) this.postRecords(indexer.root, batch, []);
        batch = [];
        lastPost = performance.now();
      };
      const before = new Set(indexer.files());
      let result: ScanResult | undefined;
      try {
        result = await indexer.scan({
          isCancelled: () => this.cancelled,
          onProgress: ({ done, total }) => {
            const now = performance.now();
            if (done === 0 || done === total || now - lastProgress >= PROGRESS_POST_MS) {
              lastProgress = now;
              this.post({ type: 'progress', done, total });
            }
            if (now - lastPost > RECORD_BATCH_MS) flush();
          },
          pause: () => new Promise((resolve) => setImmediate(resolve)),
          onRecord: (record) => this.encodedOf(indexer, record, (encoded) => batch.push(encoded)),
        });
      } catch (error) {
        this.post({
          type: 'log',
          level: 'error',
          message: `indexing ${indexer.root} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        });
      }
      flush();
      const removed = [...before].filter((f) => !indexer.has(f));
      if (removed.length) this.post({ type: 'records', root: indexer.root, put: [], removed });
      if (result) {
        this.post({ type: 'scanned', root: indexer.root, result, restored, ms: performance.now() - started, reopenMs });
        // A reopen that found nothing changed leaves the file as it is.
        if (indexer.changedSincePersisted) this.persist(indexer);
      }
      if (this.cancelled) return;
    }
  }

  private loadKb(indexer: WorkspaceIndexer): void {
    const error = indexer.loadKnowledgeBase();
    this.post({ type: 'kb', root: indexer.root, kb: indexer.index.knowledgeBase(), error });
  }

  private indexerFor(file: string): WorkspaceIndexer | undefined {
    // The innermost folder holding the file (folders may nest).
    let best: WorkspaceIndexer | undefined;
    for (const indexer of this.indexers) {
      const rel = path.relative(indexer.root, file);
      if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
      if (!best || indexer.root.length > best.root.length) best = indexer;
    }
    return best;
  }

  /** One file event or live text. Failures are logged with the file and degrade that file only. */
  private apply(message: ToIndexWorker): void {
    if (
      message.type === 'start' ||
      message.type === 'cancel' ||
      message.type === 'quoteCheck' ||
      message.type === 'wikidataConfigure' ||
      message.type === 'wikidataLookup'
    )
      return;
    if (message.type === 'reindex') {
      for (const file of message.paths) this.apply({ type: 'changed', path: file, force: true });
      return;
    }
    const indexer = this.indexerFor(message.path);
    if (!indexer) return;
    const rel = indexer.relative(message.path);
    this.guard(`indexing ${message.path}`, () => {
      // The folder's own events count too: a watcher may report only `.factdesk` created or deleted
      // (git checkout, rm -r, a tool writing the folder and file at once), never the file inside.
      if (rel === KB_PATH || rel === KB_DIR) {
        this.loadKb(indexer);
        return;
      }
      if (message.path.endsWith(SIDECAR_SUFFIX)) {
        // Notes changed: the article's record holds them.
        const article = message.path.slice(0, -SIDECAR_SUFFIX.length);
        if (indexer.has(indexer.relative(article))) this.publish(indexer, indexer.refresh(article));
        return;
      }
      switch (message.type) {
        case 'changed':
          if (!indexer.covers(message.path) && !indexer.has(rel)) return;
          if (indexer.size >= indexer.maxFiles && !indexer.has(rel)) return;
          this.publish(indexer, indexer.refresh(message.path, message.force));
          if (!indexer.has(rel)) this.post({ type: 'records', root: indexer.root, put: [], removed: [rel] });
          break;
        case 'deleted':
          if (indexer.remove(message.path)) this.post({ type: 'records', root: indexer.root, put: [], removed: [rel] });
          else {
            // A folder: everything under it.
            const gone = indexer.removeFolder(rel);
            if (gone.length) this.post({ type: 'records', root: indexer.root, put: [], removed: gone });
          }
          break;
        case 'live':
          if (!indexer.covers(message.path)) return;
          this.publish(indexer, indexer.setLiveText(message.path, message.text));
          break;
        case 'closed':
          this.publish(indexer, indexer.clearLiveText(message.path));
          break;
      }
    });
    this.schedulePersist();
    this.scheduleQuoteChecks();
  }

  private publish(indexer: WorkspaceIndexer, record: ArticleRecord | undefined): void {
    if (record) this.encodedOf(indexer, record, (encoded) => this.postRecords(indexer.root, [encoded], []));
  }

  /** The encoded form the indexer keeps of a record it just made. */
  private encodedOf(indexer: WorkspaceIndexer, record: ArticleRecord, use: (encoded: EncodedRecord) => void): void {
    const encoded = indexer.encoded(record.file);
    if (encoded) use(encoded);
    else {
      indexer.failures++;
      this.post({ type: 'log', level: 'error', message: `indexing ${record.file} in ${indexer.root} failed: the indexer kept no record of it` });
    }
  }

  private schedulePersist(): void {
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.persistTimer = setTimeout(() => {
      this.persistTimer = undefined;
      for (const indexer of this.indexers) if (indexer.changedSincePersisted) this.persist(indexer);
    }, PERSIST_DELAY_MS);
  }

  private persist(indexer: WorkspaceIndexer): void {
    this.guard(`saving the index of ${indexer.root}`, () => {
      indexer.persist();
      for (const temp of indexer.removedTemporaries)
        this.post({ type: 'log', level: 'info', message: `workspace index of ${indexer.root}: removed ${temp}, left by a save that was killed midway` });
    });
  }

  /** Runs `run`; a failure is counted and logged with `where`, and `degrade` (if any) answers in its place. */
  private guard(where: string, run: () => void, degrade?: () => void): void {
    try {
      run();
    } catch (error) {
      degrade?.();
      this.failed(where, error);
    }
  }

  /** A failure: counted and logged with `where`. */
  private failed(where: string, error: unknown): void {
    const indexer = this.indexers[0];
    if (indexer) indexer.failures++;
    this.post({ type: 'log', level: 'error', message: `${where} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` });
  }
}
