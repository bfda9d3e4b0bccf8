// The quote checks of issue #11 on the index worker (workspaceIndexWorker.ts), never on the
// server's main thread: the worker already holds every source document's text, so it keeps the
// checks of each workspace folder (src/sources/workspace.ts WorkspaceChecks: the sources' bigram
// index, the articles' quotes for drift, the noted passages for "checked before") in step with its
// index, and
// - answers the main thread's questions (a document's quotes for diagnostics, one quote and claim
//   for a hover, a claim for "Reuse this verdict") at once, between two files of a scan;
// - checks every article's quotes for the Desk and the gate counts (ArticleRecord.open.quotes),
//   a slice at a time, again for every article when the sources change (added, edited, deleted);
// - tells the main thread when the sources changed (a digest of their texts), so open documents'
//   diagnostics are checked again without the main thread ever reading a source.
import { createHash } from 'node:crypto';
import { trustedSpeaker, WorkspaceChecks, type CheckedBefore, type CheckedQuote, type DriftItem, type QuoteOfArticle, type QuoteStatus } from '../sources';
import { withQuoteStatuses, type ArticleRecord } from '../workspace';

/**
 * A folder's records as the checks read and update them (the index worker's indexer gives them
 * decoded from its encoded records, claims left encoded: WorkspaceIndexer.quoteRecords).
 */
export interface QuoteCheckRecords {
  allRecords(): Iterable<ArticleRecord>;
  put(record: ArticleRecord): void;
  /** Changes whenever a record is put, dropped or restored. */
  readonly generation: number;
}

/** Main thread -> worker: check these quotes (drift too, when asked) and claims of `file` in folder `root`. */
export interface QuoteCheckRequest {
  type: 'quoteCheck';
  id: number;
  root: string;
  /** The article, relative to the folder (its own quotes are no drift). */
  file: string;
  quotes: QuoteOfArticle[];
  /** Also look for drift (the same speaker quoted otherwise in other articles): hovers only. */
  drift: boolean;
  /** Claim texts to look up among the verdicts given in other articles. */
  claims: string[];
}

export interface QuoteCheckAnswer {
  type: 'quoteCheck';
  id: number;
  /** The sources checked against (as in quoteSources); '' when the folder holds none. */
  key: string;
  /** How many source documents that is. */
  sources: number;
  /** By request quote; null for a title (never checked). */
  quotes: Array<CheckedQuote | null>;
  drift: DriftItem[][];
  claims: CheckedBefore[][];
}

/** Worker -> main thread: the sources of a folder changed (their digest and number). */
export interface QuoteSourcesMessage {
  type: 'quoteSources';
  root: string;
  key: string;
  count: number;
}

/** Checks of quote texts are kept (per folder, per state of the sources) up to this many, then forgotten at once. */
export const QUOTE_CHECK_CACHE_MAX = 20_000;

/** One folder's checks. */
class FolderChecks {
  readonly checks = new WorkspaceChecks();
  /** Digest of the sources the checks hold ('' for none). */
  key = '';
  /** Digest of each source record's text, by record object (a record is replaced when its file changes). */
  private readonly digests = new WeakMap<ArticleRecord, string>();
  /** Quote (speaker + words) → its check without its place, for the current `key`. */
  private readonly cache = new Map<string, Omit<CheckedQuote, 'start' | 'end'>>();
  /**
   * Quote (article, place, speaker, words) → its drift, until the index changes (drift reads every
   * article's quotes): a hover asks again for what the document's check just found.
   */
  private readonly driftCache = new Map<string, DriftItem[]>();

  constructor(
    readonly root: string,
    private readonly index: () => QuoteCheckRecords,
  ) {}

  /** The index and its generation the checks were last brought up to date with. */
  private syncedWith: { index: QuoteCheckRecords; generation: number } | undefined;

  /**
   * Brings the checks up to date with the index (a pass over the records only when one changed:
   * every hover and document check asks first); true when the sources changed.
   */
  sync(): boolean {
    const index = this.index();
    const generation = index.generation;
    if (this.syncedWith?.index === index && this.syncedWith.generation === generation) return false;
    this.driftCache.clear();
    this.checks.sync(index);
    const parts: string[] = [];
    for (const record of index.allRecords()) {
      if (record.kind !== 'source' || record.text === undefined) continue;
      let digest = this.digests.get(record);
      if (!digest) {
        digest = createHash('sha256').update(record.text).digest('hex');
        this.digests.set(record, digest);
      }
      parts.push(`${record.file}\u0000${digest}`);
    }
    const key = parts.length ? createHash('sha256').update(parts.sort().join('\n')).digest('hex') : '';
    this.syncedWith = { index, generation };
    if (key === this.key) return false;
    this.key = key;
    this.cache.clear();
    return true;
  }

  check(quote: QuoteOfArticle): CheckedQuote {
    const cacheKey = `${quote.speaker ?? ''}\u0000${quote.text}`;
    const known = this.cache.get(cacheKey);
    if (known) return { ...known, start: quote.start, end: quote.end };
    const checked = this.checks.checkQuote(quote);
    if (this.cache.size >= QUOTE_CHECK_CACHE_MAX) this.cache.clear();
    const { start: _start, end: _end, ...rest } = checked;
    this.cache.set(cacheKey, rest);
    return checked;
  }

  drift(file: string, quote: QuoteOfArticle): DriftItem[] {
    const cacheKey = `${file}\u0000${quote.start}\u0000${quote.end}\u0000${quote.speaker ?? ''}\u0000${quote.text}`;
    let drift = this.driftCache.get(cacheKey);
    if (!drift) {
      drift = this.checks.drift(file, quote);
      if (this.driftCache.size >= QUOTE_CHECK_CACHE_MAX) this.driftCache.clear();
      this.driftCache.set(cacheKey, drift);
    }
    return drift;
  }

  /** Each quote's status by index into record.quotes (titles: undefined); undefined when there are no sources. */
  statuses(record: ArticleRecord): Array<QuoteStatus | undefined> | undefined {
    if (!this.key) return undefined;
    return record.quotes.map((q) =>
      q.kind === 'title'
        ? undefined
        : this.check({ start: q.start, end: q.end, text: q.full ?? q.text, speaker: trustedSpeaker(record, q), kind: q.kind }).status,
    );
  }
}

export class QuoteChecksPart {
  private folders = new Map<string, FolderChecks>();

  constructor(
    private readonly post: (message: QuoteCheckAnswer | QuoteSourcesMessage) => void,
    /** The folders' indexes (they are replaced when indexing restarts). */
    private readonly indexOf: (root: string) => QuoteCheckRecords | undefined,
  ) {}

  /** Indexing (re)started with these folders: the checks start over. */
  reset(roots: readonly string[]): void {
    this.folders = new Map(roots.map((root) => [root, new FolderChecks(root, () => this.indexOf(root)!)]));
  }

  private synced(root: string): FolderChecks | undefined {
    const folder = this.folders.get(root);
    if (!folder || !this.indexOf(root)) return undefined;
    if (folder.sync()) this.post({ type: 'quoteSources', root, key: folder.key, count: folder.checks.sources.size });
    return folder;
  }

  /**
   * Answers a question of the main thread. A document's quotes are checked one at a time with
   * `yieldToMessages` between them, so a hover asked meanwhile is answered between two quotes instead
   * of after the whole document (its drift is then remembered for the document's check). When the
   * sources change halfway, the quotes are checked again against the new ones.
   */
  async answer(request: QuoteCheckRequest, yieldToMessages: () => Promise<void>): Promise<void> {
    const nothing = () =>
      this.post({
        type: 'quoteCheck',
        id: request.id,
        key: '',
        sources: 0,
        quotes: request.quotes.map(() => null),
        drift: request.quotes.map(() => []),
        claims: request.claims.map(() => []),
      });
    let folder = this.synced(request.root);
    if (!folder) return nothing();
    let key = folder.key;
    const quotes: Array<CheckedQuote | null> = [];
    const drift: DriftItem[][] = [];
    for (let i = 0; i < request.quotes.length; i++) {
      if (i > 0) {
        await yieldToMessages();
        folder = this.synced(request.root);
        if (!folder) return nothing();
        if (folder.key !== key) {
          key = folder.key;
          quotes.length = drift.length = 0;
          i = -1;
          continue;
        }
      }
      const q = request.quotes[i];
      quotes.push(q.kind === 'title' ? null : folder.check(q));
      drift.push(request.drift ? folder.drift(request.file, q) : []);
    }
    this.post({
      type: 'quoteCheck',
      id: request.id,
      key: folder.key,
      sources: folder.checks.sources.size,
      quotes,
      drift,
      claims: request.claims.map((text) => folder!.checks.verdicts.matches(text, request.file)),
    });
  }

  /**
   * Checks the quotes of articles whose check is out of date (new or changed records, or every one
   * when the sources changed) until `deadline` (performance.now()); `put` gets each updated record.
   * Returns whether some are left.
   */
  step(deadline: number, put: (root: string, record: ArticleRecord) => void, failed: (file: string, error: unknown) => void): boolean {
    for (const root of this.folders.keys()) {
      const folder = this.synced(root);
      if (!folder) continue;
      const index = this.indexOf(root)!;
      for (const record of [...index.allRecords()]) {
        if (record.kind !== 'article' || (record.quotesCheckedWith ?? '') === folder.key) continue;
        if (performance.now() > deadline) return true;
        let statuses: Array<QuoteStatus | undefined> | undefined;
        try {
          statuses = folder.statuses(record);
        } catch (error) {
          // Counted and logged by the caller; this article's quotes count as unchecked (not retried
          // until the article or the sources change), the other articles go on.
          failed(record.file, error);
          statuses = undefined;
        }
        const updated = withQuoteStatuses(record, statuses, folder.key);
        index.put(updated);
        put(root, updated);
      }
    }
    return false;
  }
}
