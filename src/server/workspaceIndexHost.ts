// The server's side of the workspace index: starts the index worker (workspaceIndexWorker.ts) for the
// workspace's file: folders, feeds it file events (workspace/didChangeWatchedFiles), saves and open
// documents' live text, decodes the records it posts into a WorkspaceIndex per folder (the only
// decoded copy: the worker keeps them encoded), shows progress
// (work-done progress: `Indexing 312/2,000`, cancellable; plus factdesk/indexStatus), and answers the
// hover's "In this workspace" section and factdesk/workspaceEntity from that mirror, synchronously.
import { fileURLToPath, pathToFileURL } from 'node:url';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeAction,
  CodeActionKind,
  DiagnosticSeverity,
  FileChangeType,
  MessageType,
  TextEdit,
  type Diagnostic,
  ShowMessageNotification,
  type Connection,
  type Hover,
  type InitializeParams,
  type TextDocuments,
  type WorkDoneProgressServerReporter,
} from 'vscode-languageserver/node';
import type { Entity } from '../core/types';
import { verdictLabel } from '../reports/model';
import { escapeMarkdownText } from '../reports/markdown';
import {
  Commands,
  DEFAULT_INDEX_SETTINGS,
  DIAGNOSTIC_SOURCE,
  DeskChangedNotification,
  DeskItemsRequest,
  DeskRequest,
  INDEX_SETTINGS_SECTION,
  IndexStatusNotification,
  QUOTE_ALTERED_CODE,
  QUOTE_MARKS,
  QUOTE_WRONG_SPEAKER_CODE,
  WIKIDATA_SETTINGS_SECTION,
  WorkspaceEntityRequest,
  WorkspaceTrustNotification,
  type EntityLocation,
  type FactDeskInitializationOptions,
  type IndexSettings,
  type IndexStatusParams,
  type KbAddArgs,
  type KbEditArgs,
  type OpenLocationArgs,
  type QuoteChecksParams,
  type QuoteCheckItem,
  type QuoteDiagnosticData,
  type WorkspaceEntityResult,
} from '../shared/protocol';
import {
  countVerdicts,
  decodeRecord,
  DEFAULT_ARTICLE_PATTERNS,
  DEFAULT_SOURCE_PATTERNS,
  PersistedIndexError,
  StringPool,
  WorkspaceIndex,
  type ArticleRecord,
  type EncodedRecord,
  type EntityReport,
} from '../workspace';
import {
  stripMarks,
  tokenize,
  trustedAnalysisSpeaker,
  type CheckedBefore,
  type CheckedQuote,
  type DiffOp,
  type DriftItem,
  type QuoteOfArticle,
} from '../sources';
import type { Findings } from './findings';
import { buildDesk, buildDeskItems } from './desk';
import type { QuoteCheckAnswer } from './quoteChecksWorker';
import type { FromIndexWorker, ToIndexWorker } from './workspaceIndexWorker';
import { validateWikidataSettings, WikidataHover } from './wikidataHover';
import type { WikidataWorkerSettings } from './wikidataWorker';

/** The hover lists at most this many other articles, quotes. */
export const HOVER_MAX_ARTICLES = 5;
export const HOVER_MAX_QUOTES = 3;
/** Progress is reported at most this often. */
export const PROGRESS_REPORT_MS = 250;
/** An open document's edits reach the index once typing pauses this long. */
export const LIVE_INDEX_DELAY_MS = 1500;
/**
 * Young generation of the index worker. Smaller than the engine worker's: indexing is background work
 * where memory matters more than a few ms per article, and measured on 600 generated 5 KB articles
 * and on a 1 MB one, 16 MB costs no CPU time against 64 MB (2.2 s and 2.6 s either way) while the
 * process peak drops by 16 MB and 60 MB. 8 MB gained nothing more.
 */
export const INDEX_YOUNG_GENERATION_MB = 16;
/** The Desk is told of index changes at most this often (a save, a sidecar, typing in an open article). */
export const DESK_CHANGED_DELAY_MS = 250;
/** While a scan runs, at most this often: each notice makes the client fetch the whole Desk again. */
export const DESK_CHANGED_SCAN_DELAY_MS = 2000;
/** The setting naming the source documents (globs relative to each workspace folder). */
export const SOURCES_SETTING = 'factdesk.sources';

interface Folder {
  root: string;
  /** The workspace folder's name (the Desk shows it). */
  name: string;
  index: WorkspaceIndex;
  /** Digest of the sources the index worker checks quotes against ('' for none), from its quoteSources messages. */
  sourcesKey: string;
}

const command = (id: string, args: unknown) => `command:${id}?${encodeURIComponent(JSON.stringify([args]))}`;

export class WorkspaceIndexHost {
  private worker: Worker | undefined;
  private folders: Folder[] = [];
  private storagePath: string | undefined;
  private progressSupported = false;
  private progress: WorkDoneProgressServerReporter | undefined;
  private progressStarting: Promise<void> | undefined;
  private lastReport = 0;
  private settings: IndexSettings = DEFAULT_INDEX_SETTINGS;
  private status: IndexStatusParams = { state: 'indexing', done: 0, total: 0, articles: 0 };
  private readonly liveTimers = new Map<string, NodeJS.Timeout>();
  /** The settings the running index was started with (JSON), to restart only when they change. */
  private startedWith = '';
  /** Failures reported by the worker (each logged where it happened). */
  failures = 0;
  /** Bumped whenever the Desk may have changed (records, state). */
  private deskGeneration = 0;
  private deskTimer: NodeJS.Timeout | undefined;
  /** The hover's Wikidata part; lookups go to the index worker. */
  readonly wikidata = new WikidataHover((key, request) => this.send({ type: 'wikidataLookup', key, request }));
  /** The Wikidata settings last sent to the worker (JSON). */
  private wikidataSent = '';
  private readonly warned = new Set<string>();
  /** Quote-check questions sent to the worker, by id. */
  private readonly pendingChecks = new Map<number, (answer: QuoteCheckAnswer | undefined) => void>();
  private nextCheckId = 1;
  /** Called when a folder's sources changed (open documents' quote diagnostics are checked again). */
  onSourcesChanged: (root: string) => void = () => undefined;

  constructor(
    private readonly script: string,
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly engineVersion: string,
  ) {}

  /** `entityAt` finds the entity mentioned at a position of an open document (from its last findings). */
  initialize(params: InitializeParams, entityAt: (uri: string, position: { line: number; character: number }) => Entity | undefined): void {
    const options = (params.initializationOptions ?? {}) as FactDeskInitializationOptions;
    this.storagePath = typeof options.storagePath === 'string' ? options.storagePath : undefined;
    this.progressSupported = !!params.capabilities.window?.workDoneProgress;
    // Restricted Mode: no network. A client that does not say is trusted (only VS Code has the notion).
    this.wikidata.trusted = options.workspaceTrusted !== false;
    this.connection.onNotification(WorkspaceTrustNotification, ({ trusted }) => {
      this.wikidata.trusted = trusted === true;
      void this.configureWikidata();
    });
    const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []);
    // Only folders on disk: a virtual workspace has no files the worker may read (README: what works).
    this.folders = folders
      .filter((f) => f.uri.startsWith('file:'))
      .map((f) => ({
        root: fileURLToPath(f.uri),
        name: f.name || path.basename(fileURLToPath(f.uri)),
        index: new WorkspaceIndex(),
        sourcesKey: '',
      }));
    this.connection.onDidChangeWatchedFiles(({ changes }) => {
      for (const change of changes) {
        if (!change.uri.startsWith('file:')) continue;
        const file = fileURLToPath(change.uri);
        if (change.type === FileChangeType.Deleted) this.send({ type: 'deleted', path: file });
        else if (!this.documents.get(change.uri)) this.send({ type: 'changed', path: file });
      }
    });
    this.connection.onRequest(WorkspaceEntityRequest, ({ uri, position }) => {
      const entity = entityAt(uri, position);
      return entity ? this.entityLocations(uri, entity) : { entity: null, locations: [] };
    });
    this.connection.onRequest(DeskRequest, () => buildDesk(this.folders, this.status.state, this.deskGeneration));
    this.connection.onRequest(DeskItemsRequest, ({ uri }) => buildDeskItems(this.folders, uri));
    this.documents.onDidOpen((e) => this.sendLive(e.document));
    this.documents.onDidChangeContent((e) => this.scheduleLive(e.document));
    this.documents.onDidSave((e) => this.sendLive(e.document));
    this.documents.onDidClose((e) => {
      const timer = this.liveTimers.get(e.document.uri);
      if (timer) clearTimeout(timer);
      this.liveTimers.delete(e.document.uri);
      if (e.document.uri.startsWith('file:')) this.send({ type: 'closed', path: fileURLToPath(e.document.uri) });
    });
  }

  /** Settings changed: restart indexing only if what the index depends on changed. */
  async configurationChanged(analyzeOptions: Record<string, unknown>): Promise<void> {
    const key = JSON.stringify([
      await this.readSettings(),
      await this.vscodeExcludes(),
      await this.filePatterns(),
      await this.sourcePatterns(),
      analyzeOptions,
    ]);
    if (key !== this.startedWith) await this.configure(analyzeOptions);
    else await this.configureWikidata();
  }

  /** Reads the settings and (re)starts indexing. */
  async configure(analyzeOptions: Record<string, unknown>): Promise<void> {
    this.settings = await this.readSettings();
    const sources = await this.sourcePatterns();
    this.startedWith = JSON.stringify([this.settings, await this.vscodeExcludes(), await this.filePatterns(), sources, analyzeOptions]);
    if (!this.settings.enabled) {
      this.stopWorker();
      for (const f of this.folders) f.index = new WorkspaceIndex();
      this.deskChanged();
      this.setStatus({ state: 'disabled', done: 0, total: 0, articles: 0 });
      return;
    }
    if (!this.folders.length) {
      this.setStatus({ state: 'unavailable', done: 0, total: 0, articles: 0, message: 'no workspace folder on disk to index' });
      return;
    }
    const exclude = [...this.settings.exclude, ...(await this.vscodeExcludes())];
    const include = await this.filePatterns();
    this.setStatus({ state: 'indexing', done: 0, total: 0, articles: 0 });
    this.send({
      type: 'start',
      folders: this.folders.map((f) => ({ root: f.root })),
      storagePath: this.storagePath,
      include,
      exclude,
      maxFiles: this.settings.maxFiles,
      engineVersion: this.buildId(),
      analyzeOptions,
      sources,
    });
    for (const document of this.documents.all()) this.sendLive(document);
    this.wikidataSent = '';
    await this.configureWikidata();
  }

  /** Reads factdesk.wikidata and tells the worker (only when something changed). Off when untrusted. */
  async configureWikidata(): Promise<void> {
    const raw = await this.connection.workspace.getConfiguration({ section: WIKIDATA_SETTINGS_SECTION }).catch((error: unknown) => {
      this.connection.console.error(`reading ${WIKIDATA_SETTINGS_SECTION} failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    const { settings, problems } = validateWikidataSettings(raw);
    for (const problem of problems) {
      if (this.warned.has(problem)) continue;
      this.warned.add(problem);
      void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: problem });
    }
    this.wikidata.setSettings(settings);
    const message: WikidataWorkerSettings = {
      enabled: this.wikidata.wanted,
      endpoint: settings.endpoint,
      contact: settings.contact,
      cacheDays: settings.cacheDays,
      version: this.engineVersion,
      storagePath: this.storagePath,
    };
    const key = JSON.stringify(message);
    if (key === this.wikidataSent || !this.worker) return;
    this.wikidataSent = key;
    // The worker drops answers of its old configuration: nothing asked before is pending any more.
    this.wikidata.forget();
    this.send({ type: 'wikidataConfigure', settings: message });
    this.wikidata.workerEnabled = message.enabled;
  }

  /** The server version and its bundle's size and time: a persisted index from another build is re-read. */
  private buildId(): string {
    try {
      const stat = fs.statSync(this.script);
      return `${this.engineVersion}-${stat.size}-${Math.round(stat.mtimeMs)}`;
    } catch {
      return this.engineVersion;
    }
  }

  private async readSettings(): Promise<IndexSettings> {
    const raw = (await this.connection.workspace.getConfiguration({ section: INDEX_SETTINGS_SECTION }).catch(() => undefined)) as
      Partial<IndexSettings> | undefined;
    const d = DEFAULT_INDEX_SETTINGS;
    return {
      enabled: typeof raw?.enabled === 'boolean' ? raw.enabled : d.enabled,
      maxFiles: typeof raw?.maxFiles === 'number' && Number.isInteger(raw.maxFiles) && raw.maxFiles > 0 ? raw.maxFiles : d.maxFiles,
      exclude: Array.isArray(raw?.exclude) && raw.exclude.every((g) => typeof g === 'string') ? raw.exclude : d.exclude,
    };
  }

  /** files.exclude and search.exclude globs that are on (`true`). */
  private async vscodeExcludes(): Promise<string[]> {
    const globs: string[] = [];
    for (const section of ['files.exclude', 'search.exclude']) {
      const value = (await this.connection.workspace.getConfiguration({ section }).catch(() => undefined)) as Record<string, unknown> | undefined;
      for (const [glob, on] of Object.entries(value ?? {})) if (on === true) globs.push(glob);
    }
    return globs;
  }

  private async filePatterns(): Promise<string[]> {
    const value = (await this.connection.workspace.getConfiguration({ section: 'factdesk.filePatterns' }).catch(() => undefined)) as unknown;
    return Array.isArray(value) && value.length && value.every((p) => typeof p === 'string') ? value : DEFAULT_ARTICLE_PATTERNS;
  }

  /** factdesk.sources: globs of the source documents, relative to each workspace folder. */
  private async sourcePatterns(): Promise<string[]> {
    const value = (await this.connection.workspace.getConfiguration({ section: SOURCES_SETTING }).catch((error: unknown) => {
      this.connection.console.error(`reading ${SOURCES_SETTING} failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    })) as unknown;
    return Array.isArray(value) && value.length && value.every((p) => typeof p === 'string' && p.trim()) ? value : DEFAULT_SOURCE_PATTERNS;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script, { workerData: { factdeskIndex: true }, resourceLimits: { maxYoungGenerationSizeMb: INDEX_YOUNG_GENERATION_MB } });
    worker.on('message', (message: FromIndexWorker) => this.receive(message));
    const fail = (reason: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.wikidata.workerEnabled = false;
      this.wikidataSent = '';
      this.failures++;
      this.connection.console.error(`workspace index worker stopped: ${reason}`);
      this.dropPendingChecks();
      this.endProgress();
      this.setStatus({ ...this.status, state: 'unavailable', message: `the workspace index stopped (${reason})` });
    };
    worker.on('error', (error) => fail(error.message));
    worker.on('exit', (code) => fail(`exit code ${code}`));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private stopWorker(): void {
    this.wikidata.workerEnabled = false;
    this.wikidataSent = '';
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    this.dropPendingChecks();
    this.endProgress();
  }

  /** Questions the worker will not answer any more (it stopped) are answered with nothing. */
  private dropPendingChecks(): void {
    const pending = [...this.pendingChecks.values()];
    this.pendingChecks.clear();
    for (const resolve of pending) resolve(undefined);
  }

  /**
   * Asks the index worker to check quotes (with drift, for a hover) and claims of an article; undefined
   * when there is no worker (the index is off or stopped).
   */
  private askChecks(folder: Folder, file: string, quotes: QuoteOfArticle[], drift: boolean, claims: string[]): Promise<QuoteCheckAnswer | undefined> {
    if (!this.worker || !this.settings.enabled) return Promise.resolve(undefined);
    const id = this.nextCheckId++;
    return new Promise((resolve) => {
      this.pendingChecks.set(id, resolve);
      this.send({ type: 'quoteCheck', id, root: folder.root, file, quotes, drift, claims });
    });
  }

  private send(message: ToIndexWorker): void {
    if (!this.settings.enabled || !this.folders.length) return;
    if (message.type !== 'start' && !this.worker) return;
    this.ensureWorker().postMessage(message);
  }

  private sendLive(document: TextDocument): void {
    if (!document.uri.startsWith('file:')) return;
    this.send({ type: 'live', path: fileURLToPath(document.uri), text: document.getText() });
  }

  private scheduleLive(document: TextDocument): void {
    const timer = this.liveTimers.get(document.uri);
    if (timer) clearTimeout(timer);
    this.liveTimers.set(
      document.uri,
      setTimeout(() => {
        this.liveTimers.delete(document.uri);
        const current = this.documents.get(document.uri);
        if (current) this.sendLive(current);
      }, LIVE_INDEX_DELAY_MS),
    );
  }

  cancel(): void {
    this.worker?.postMessage({ type: 'cancel' } satisfies ToIndexWorker);
  }

  dispose(): void {
    if (this.deskTimer) clearTimeout(this.deskTimer);
    this.stopWorker();
  }

  private folderOf(root: string): Folder | undefined {
    return this.folders.find((f) => f.root === root);
  }

  private receive(message: FromIndexWorker): void {
    switch (message.type) {
      case 'records': {
        const folder = this.folderOf(message.root);
        if (!folder) return;
        if (message.reset) folder.index = rebuilt(folder.index);
        for (const file of message.removed) folder.index.remove(file);
        for (const record of this.decode(folder, message.put)) folder.index.put(record);
        if (this.status.state === 'ready') this.setStatus({ ...this.status, articles: this.articleCount() });
        this.deskChanged();
        break;
      }
      case 'kb': {
        const folder = this.folderOf(message.root);
        folder?.index.setKnowledgeBase(message.kb, message.error);
        if (message.error)
          void this.connection.sendNotification(ShowMessageNotification.type, {
            type: MessageType.Warning,
            message: `FactDesk: ${message.error} (the knowledge base is not used until it is fixed; the file was not changed).`,
          });
        break;
      }
      case 'progress':
        this.reportProgress(message.done, message.total);
        break;
      case 'scanned': {
        this.endProgress();
        const { result } = message;
        this.connection.console.info(
          `workspace index of ${message.root}: ${result.files} articles, ${result.analyzed} analyzed, ${message.restored} from the persisted index (reopen ${Math.round(message.reopenMs)} ms), ${result.removed} removed, ${Math.round(message.ms)} ms${result.cancelled ? ', cancelled' : ''}`,
        );
        let text: string | undefined;
        if (result.truncated) {
          text = `FactDesk: this workspace holds ${result.truncated.found.toLocaleString('en-US')} articles, more than factdesk.index.maxFiles (${result.truncated.limit.toLocaleString('en-US')}); only the first ${result.truncated.limit.toLocaleString('en-US')} are indexed.`;
          void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: text });
        }
        this.setStatus({
          state: 'ready',
          done: result.files,
          total: result.files,
          articles: this.articleCount(),
          message: result.cancelled ? 'indexing was cancelled' : text,
        });
        break;
      }
      case 'wikidata':
        this.wikidata.receive(message.key, message.result);
        break;
      case 'quoteCheck': {
        const resolve = this.pendingChecks.get(message.id);
        this.pendingChecks.delete(message.id);
        resolve?.(message);
        break;
      }
      case 'quoteSources': {
        const folder = this.folderOf(message.root);
        if (!folder || folder.sourcesKey === message.key) break;
        folder.sourcesKey = message.key;
        this.onSourcesChanged(folder.root);
        break;
      }
      case 'log':
        if (message.level === 'error') {
          this.failures++;
          this.connection.console.error(`workspace index: ${message.message}`);
        } else this.connection.console.info(`workspace index: ${message.message}`);
        break;
    }
  }

  /**
   * The worker's encoded records → records. One that cannot be decoded (a persisted index damaged
   * inside a record) is logged and counted, and the worker analyzes that file again.
   */
  private decode(folder: Folder, encoded: readonly EncodedRecord[]): ArticleRecord[] {
    // One pool per batch: names shared across the batch's articles are kept once, and nothing outlives it.
    const pool = new StringPool();
    const records: ArticleRecord[] = [];
    const broken: string[] = [];
    const absolute = (file: string) => path.join(folder.root, ...file.split('/'));
    const report = (error: PersistedIndexError) => {
      this.failures++;
      this.connection.console.error(`workspace index of ${folder.root}: ${error.message}; the file is analyzed again`);
    };
    for (const e of encoded) {
      // Claims are decoded when read (only the Desk reads them): most of a record, kept as one string.
      // The callback kept with them names the file alone: holding `e` would keep every encoded record
      // alive beside its decoded copy (10.5 MB at 2,000 articles).
      const file = e.file;
      let told = false;
      const lazyClaims = {
        broken: (error: PersistedIndexError) => {
          if (told) return;
          told = true;
          report(error);
          this.send({ type: 'reindex', paths: [absolute(file)] });
        },
      };
      try {
        records.push(decodeRecord(e, pool, { lazyClaims, withoutSourceText: true }));
      } catch (error) {
        if (!(error instanceof PersistedIndexError)) throw error;
        report(error);
        broken.push(absolute(e.file));
      }
    }
    if (broken.length) this.send({ type: 'reindex', paths: broken });
    return records;
  }

  private articleCount(): number {
    return this.folders.reduce((n, f) => n + f.index.size, 0);
  }

  /** Tells the client the Desk changed, at most every DESK_CHANGED_DELAY_MS (DESK_CHANGED_SCAN_DELAY_MS during a scan). */
  private deskChanged(stateChanged = false): void {
    this.deskGeneration++;
    // A new state (scan done, index off) is told without the scan's long wait.
    if (stateChanged && this.deskTimer) {
      clearTimeout(this.deskTimer);
      this.deskTimer = undefined;
    }
    if (this.deskTimer) return;
    this.deskTimer = setTimeout(
      () => {
        this.deskTimer = undefined;
        void this.connection.sendNotification(DeskChangedNotification, { generation: this.deskGeneration });
      },
      this.status.state === 'indexing' ? DESK_CHANGED_SCAN_DELAY_MS : DESK_CHANGED_DELAY_MS,
    );
  }

  private setStatus(status: IndexStatusParams): void {
    const stateChanged = status.state !== this.status.state;
    this.status = status;
    if (stateChanged) this.deskChanged(true);
    void this.connection.sendNotification(IndexStatusNotification, status);
  }

  private reportProgress(done: number, total: number): void {
    this.status = { state: 'indexing', done, total, articles: this.articleCount() };
    const now = performance.now();
    if (done !== 0 && done !== total && now - this.lastReport < PROGRESS_REPORT_MS) return;
    this.lastReport = now;
    void this.connection.sendNotification(IndexStatusNotification, this.status);
    if (!this.progressSupported || total === 0) return;
    const message = `Indexing ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`;
    const percentage = Math.round((done / total) * 100);
    if (this.progress) {
      this.progress.report(percentage, message);
      return;
    }
    if (this.progressStarting) return;
    this.progressStarting = this.connection.window
      .createWorkDoneProgress()
      .then(
        (reporter) => {
          this.progress = reporter;
          reporter.begin('FactDesk', percentage, message, true);
          reporter.token.onCancellationRequested(() => this.cancel());
        },
        (error: unknown) => {
          this.connection.console.error(`workspace index: no progress reporter (${error instanceof Error ? error.message : String(error)})`);
        },
      )
      .finally(() => {
        this.progressStarting = undefined;
        if (this.status.state !== 'indexing') this.endProgress();
      });
  }

  private endProgress(): void {
    this.progress?.done();
    this.progress = undefined;
  }

  /** The folder holding a document, and its path relative to that folder. */
  private locate(uri: string): { folder: Folder; file: string } | undefined {
    if (!uri.startsWith('file:')) return undefined;
    const absolute = fileURLToPath(uri);
    let best: Folder | undefined;
    for (const folder of this.folders) {
      const rel = path.relative(folder.root, absolute);
      if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
      if (!best || folder.root.length > best.root.length) best = folder;
    }
    return best && { folder: best, file: path.relative(best.root, absolute).split(path.sep).join('/') };
  }

  private uriOf(folder: Folder, file: string): string {
    return pathToFileURL(path.join(folder.root, ...file.split('/'))).toString();
  }

  /** Adds the "In this workspace" section to a hover on an entity. */
  extendHover(hover: Hover | null, uri: string, entity: Entity | undefined): Hover | null {
    if (!hover || !entity || !this.settings.enabled) return hover;
    const section = this.hoverSection(uri, entity);
    if (!section) return hover;
    const contents = hover.contents as { kind: string; value: string };
    contents.value = `${contents.value}\n\n---\n\n${section}`;
    return hover;
  }

  /** The document's quote at `offset` (or every quote) as the checks read it: words without marks, the trusted speaker. */
  private quoteOf(findings: Findings, quote: Findings['analysis']['quotes'][number]): QuoteOfArticle {
    const text = findings.snapshot.getText();
    return {
      start: quote.start,
      end: quote.end,
      text: stripMarks(text.slice(quote.start, quote.end)),
      speaker: trustedAnalysisSpeaker(findings.analysis, quote),
      kind: quote.kind,
    };
  }

  /**
   * Adds the source check of the quote at `offset` (status, source passage with a link, diff, drift in
   * other articles) and "Checked before" for the claim there (issue #11). The checks run on the index
   * worker: the hover waits for its answer, the main thread does not.
   */
  async extendHoverWithChecks(
    hover: Hover | null,
    uri: string,
    findings: Findings,
    offset: number,
    show: { quotes: boolean; claims: boolean },
  ): Promise<Hover | null> {
    if (!hover || !this.settings.enabled) return hover;
    const place = this.locate(uri);
    if (!place) return hover;
    const { folder, file } = place;
    const text = findings.snapshot.getText();
    const quote = show.quotes ? findings.quoteAt(offset) : undefined;
    const q = quote && quote.kind !== 'title' ? this.quoteOf(findings, quote) : undefined;
    const claim = show.claims ? findings.claimAt(offset) : undefined;
    if (!q && !claim) return hover;
    const answer = await this.askChecks(folder, file, q ? [q] : [], true, claim ? [text.slice(claim.start, claim.end)] : []);
    if (!answer) return hover;
    const sections: string[] = [];
    const check = answer.quotes[0];
    if (q && check) sections.push(this.quoteCheckSection(folder, q, check, answer.drift[0] ?? [], answer.sources));
    const before = answer.claims[0] ?? [];
    if (before.length) sections.push(this.checkedBeforeSection(folder, before));
    if (!sections.length) return hover;
    const contents = hover.contents as { kind: string; value: string };
    contents.value = `${contents.value}\n\n---\n\n${sections.join('\n\n---\n\n')}`;
    return hover;
  }

  /** Whether the document is in a workspace folder the index follows (its quotes are checked). */
  indexes(uri: string): boolean {
    return this.settings.enabled && this.locate(uri) !== undefined;
  }

  /** Whether the document's workspace folder holds source documents (else no quote is checked). */
  hasSources(uri: string): boolean {
    const place = this.settings.enabled ? this.locate(uri) : undefined;
    if (!place) return false;
    for (const record of place.folder.index.allRecords()) if (record.kind === 'source') return true;
    return false;
  }

  /**
   * Every quote of the document checked (issue #11): its state against the sources and its drift in
   * other articles (the client's quote marks and Fact-check view), and Information diagnostics for the
   * altered and wrong-speaker ones, the reason as message (an altered one carries the source's wording
   * for the quick fix). Undefined outside an indexed workspace folder, or when the index worker does
   * not answer (stopped). Without source documents the states are null and there are no diagnostics
   * (drift is still found). The checks run on the index worker (it keeps each quote's check per state
   * of the sources, so an edit costs only the quotes it changed); the main thread only waits.
   */
  async checkDocumentQuotes(uri: string, findings: Findings): Promise<{ params: QuoteChecksParams; diagnostics: Diagnostic[] } | undefined> {
    if (!this.settings.enabled) return undefined;
    const place = this.locate(uri);
    if (!place) return undefined;
    const { folder, file } = place;
    const text = findings.snapshot.getText();
    const asked = findings.analysis.quotes.filter((quote) => quote.kind !== 'title' && tokenize(text, quote.content.start, quote.content.end).length);
    const answer = await this.askChecks(
      folder,
      file,
      asked.map((quote) => this.quoteOf(findings, quote)),
      true,
      [],
    );
    if (!answer) return undefined;
    const sources = answer.sources;
    const quotes: QuoteCheckItem[] = [];
    const diagnostics: Diagnostic[] = [];
    asked.forEach((quote, i) => {
      const drift = answer.drift[i]?.length ?? 0;
      const check = sources ? answer.quotes[i] : null;
      quotes.push({
        start: quote.start,
        end: quote.end,
        status: check?.status ?? null,
        drift,
        reason: check?.reason ?? 'no source documents to check against',
      });
      if (!check || (check.status !== 'altered' && check.status !== 'wrong-speaker') || !check.source) return;
      const words = tokenize(text, quote.content.start, quote.content.end);
      // The range is the quote's first to last word: its marks and edge punctuation stay as written.
      const start = words[0].start;
      const end = words[words.length - 1].end;
      const quoted = text.slice(start, end);
      const replacement = matchFirstLetterCase(check.source.text.replace(/\s+/g, ' '), quoted);
      diagnostics.push({
        range: { start: findings.snapshot.positionAt(start), end: findings.snapshot.positionAt(end) },
        severity: DiagnosticSeverity.Information,
        source: DIAGNOSTIC_SOURCE,
        code: check.status === 'altered' ? QUOTE_ALTERED_CODE : QUOTE_WRONG_SPEAKER_CODE,
        message: check.status === 'altered' ? `Quote differs from the source: ${check.reason}` : `Quote attributed to someone else: ${check.reason}`,
        data: { replacement, source: check.source.file, line: check.source.line } satisfies QuoteDiagnosticData,
      });
    });
    return { params: { uri, version: findings.version, sources, quotes }, diagnostics };
  }

  /**
   * "Reuse this verdict" for the claim at `offset` checked before in other articles: adds a note with
   * the earlier verdict and comment on the claim, linking the earlier note as its source.
   */
  async reuseVerdictActions(uri: string, findings: Findings, offset: number): Promise<CodeAction[]> {
    if (!this.settings.enabled) return [];
    const place = this.locate(uri);
    const claim = place ? findings.claimAt(offset) : undefined;
    if (!place || !claim) return [];
    const { folder, file } = place;
    const text = findings.snapshot.getText();
    const answer = await this.askChecks(folder, file, [], false, [text.slice(claim.start, claim.end)]);
    return (answer?.claims[0] ?? []).slice(0, HOVER_CHECKED_BEFORE_MAX).map((b) => {
      const verdict = verdictLabel(b.verdict as Parameters<typeof verdictLabel>[0]);
      const title = `Reuse this verdict: ${verdict} (${b.file}:${b.line})`;
      const comment = `Checked before in ${b.file} (${b.date.slice(0, 10)}): ${verdict}.${b.comment ? `\n\n${b.comment}` : ''}`;
      const args = { uri, start: claim.start, end: claim.end, verdict: b.verdict, comment, sources: [`${this.uriOf(folder, b.file)}#${b.noteId}`] };
      return CodeAction.create(title, { title, command: Commands.addNote, arguments: [args] }, CodeActionKind.QuickFix);
    });
  }

  private link(folder: Folder, label: string, target: { file: string; line: number; character?: number }): string {
    return `[${escapeMarkdownText(label)}](${command(Commands.openLocation, { uri: this.uriOf(folder, target.file), line: target.line - 1, character: target.character ?? 0 } satisfies OpenLocationArgs)})`;
  }

  /** `sources`: how many source documents the quote was checked against (none: no state mark). */
  private quoteCheckSection(folder: Folder, quote: { speaker: string | null }, check: CheckedQuote, drift: DriftItem[], sources: number): string {
    const esc = escapeMarkdownText;
    const label = { verbatim: 'verbatim', altered: 'altered', 'wrong-speaker': 'said by someone else', 'not-found': 'not found in the sources' }[check.status];
    const lines = [`**Source check** — ${label}`, ''];
    if (check.source) {
      const who = check.source.speaker ? ` (${esc(check.source.speaker)})` : '';
      lines.push(`${this.link(folder, `${check.source.file}:${check.source.line}`, { file: check.source.file, line: check.source.line })}${who}`, '');
      lines.push(`> ${esc(check.source.text.replace(/\s+/g, ' '))}`, '');
      if (check.status !== 'verbatim') lines.push(`Diff (source → quote): ${diffMarkdown(check.diff)}`, '');
    }
    lines.push(esc(check.reason));
    if (drift.length) {
      lines.push('', `**Quoted differently elsewhere**${quote.speaker ? ` (${esc(quote.speaker)})` : ''}:`);
      for (const d of drift.slice(0, HOVER_DRIFT_MAX)) lines.push(`- ${this.link(folder, `${d.file}:${d.line}`, d)}: ${diffMarkdown(d.diff)}`);
    }
    // The quote's marks in the editor, explained (no state mark without source documents).
    const marks = [...(sources ? [QUOTE_MARKS[check.status]] : []), ...(drift.length ? [QUOTE_MARKS.drift] : [])];
    if (marks.length) lines.push('', `*In the editor: ${marks.map(esc).join('; ')}.*`);
    return lines.join('\n');
  }

  private checkedBeforeSection(folder: Folder, before: CheckedBefore[]): string {
    const esc = escapeMarkdownText;
    const lines = ['**Checked before**', ''];
    for (const b of before.slice(0, HOVER_CHECKED_BEFORE_MAX)) {
      const title = folder.index.record(b.file)?.title ?? b.file;
      const comment = b.comment ? ` — ${esc(b.comment)}` : '';
      lines.push(
        `- **${esc(verdictLabel(b.verdict as Parameters<typeof verdictLabel>[0]))}** in ${this.link(folder, title, b)} (${esc(b.date.slice(0, 10))}): “${esc(b.text)}”${comment}`,
      );
    }
    return lines.join('\n');
  }

  hoverSection(uri: string, entity: Entity): string | undefined {
    const place = this.locate(uri);
    if (!place) return undefined;
    const { folder, file } = place;
    const report = folder.index.report(entity, file);
    const lines: string[] = [];
    const esc = escapeMarkdownText;
    const link = (label: string, target: { file: string; line: number; character: number }) =>
      `[${esc(label)}](${command(Commands.openLocation, { uri: this.uriOf(folder, target.file), line: target.line - 1, character: target.character } satisfies OpenLocationArgs)})`;
    if (this.status.state === 'indexing')
      lines.push(
        `*Indexing the workspace: ${this.status.done.toLocaleString('en-US')}/${this.status.total.toLocaleString('en-US')}; what follows may be incomplete.*`,
        '',
      );
    if (report.candidates) {
      lines.push(
        `**FactDesk · In this workspace** “${esc(entity.name)}” is ambiguous: it may be ${report.candidates.map((c) => `**${esc(c.name)}** (${c.articles} article${c.articles === 1 ? '' : 's'})`).join(' or ')}. Not linked to either; a knowledge-base alias settles it.`,
      );
      return lines.join('\n');
    }
    const what = report.type === 'person' ? 'this person' : report.type === 'place' ? 'this place' : `this ${report.type}`;
    lines.push(
      `**FactDesk · In this workspace** ${esc(report.name)} — ${report.type}${report.kb && report.kb.type !== entity.type ? ' (knowledge base)' : ''}`,
      '',
    );
    const n = report.elsewhere.length;
    lines.push(n ? `${n} other article${n === 1 ? '' : 's'} mention${n === 1 ? 's' : ''} ${what}:` : `No other article mentions ${what}.`);
    for (const e of report.elsewhere.slice(0, HOVER_MAX_ARTICLES)) {
      const meta = [e.date, e.role ? `*${esc(e.role)}*` : undefined].filter(Boolean).join(' · ');
      lines.push(`- ${link(e.title ?? e.file, e)}${meta ? ` · ${meta}` : ''}`);
    }
    if (n > HOVER_MAX_ARTICLES) lines.push(`- … and ${n - HOVER_MAX_ARTICLES} more`);
    if (report.quotes.length) {
      lines.push('', `Quoted elsewhere:`);
      for (const q of report.quotes.slice(0, HOVER_MAX_QUOTES)) lines.push(`- “${esc(q.text)}” — ${link(`${q.file}:${q.line}`, q)}`);
    }
    if (report.verdicts.length) {
      const counts = countVerdicts(report.verdicts);
      const first = new Map<string, EntityReport['verdicts'][number]>();
      for (const v of report.verdicts) if (!first.has(v.verdict)) first.set(v.verdict, v);
      lines.push(
        '',
        `Verdicts on claims about ${what}: ${Object.entries(counts)
          .map(([v, c]) => `${link(`${verdictLabel(v as never)} ${c}`, first.get(v)!)}`)
          .join(', ')}`,
      );
    }
    lines.push('');
    if (report.kb) {
      if (report.kb.description) lines.push(`Knowledge base: ${esc(report.kb.description)}`);
      if (report.kb.notes) lines.push(`Notes: ${esc(report.kb.notes)}`);
      lines.push(
        `[Edit knowledge base entry](${command(Commands.kbEdit, { root: folder.root, id: report.kb.id } satisfies KbEditArgs)}) · [Show all](${command(Commands.showEntity, { uri, name: entity.name })})`,
      );
    } else {
      const aliases = entity.aliases.filter((a) => a !== entity.name);
      const args: KbAddArgs = { root: folder.root, name: report.name, type: report.type, aliases, ...(entity.role ? { role: entity.role.text } : {}) };
      lines.push(`[Add to knowledge base](${command(Commands.kbAdd, args)}) · [Show all](${command(Commands.showEntity, { uri, name: entity.name })})`);
    }
    const wikidata = this.wikidata.section({ name: report.name, type: report.type, aliases: entity.aliases }, report.kb ?? undefined, folder.root);
    if (wikidata.length) lines.push('', ...wikidata);
    if (folder.index.kbError) lines.push('', `*${esc(folder.index.kbError)}*`);
    return lines.join('\n');
  }

  /** Everything the index knows about an entity, as locations for a peek (Show Entity). */
  entityLocations(uri: string, entity: Entity): WorkspaceEntityResult {
    const place = this.locate(uri);
    if (!place) return { entity: null, locations: [] };
    const { folder, file } = place;
    const report = folder.index.report(entity, file);
    const locations: EntityLocation[] = [];
    const title = (f: string) => folder.index.record(f)?.title ?? f;
    for (const e of report.elsewhere)
      locations.push({ uri: this.uriOf(folder, e.file), line: e.line - 1, character: e.character, label: `mention · ${title(e.file)}` });
    for (const q of report.quotes)
      locations.push({ uri: this.uriOf(folder, q.file), line: q.line - 1, character: q.character, label: `quote · ${title(q.file)}` });
    for (const v of report.verdicts)
      locations.push({ uri: this.uriOf(folder, v.file), line: v.line - 1, character: v.character, label: `${v.verdict} · ${title(v.file)}` });
    return {
      entity: {
        id: report.id,
        name: report.name,
        type: report.type,
        ...(report.candidates ? { candidates: report.candidates.map((c) => ({ name: c.name, articles: c.articles })) } : {}),
      },
      locations,
    };
  }
}

/** At most this many other articles' wordings of a drifted quote in a hover. */
const HOVER_DRIFT_MAX = 3;
/** At most this many earlier verdicts in a claim's hover. */
const HOVER_CHECKED_BEFORE_MAX = 3;

/** The quick fix for an altered quote: its words replaced by the source's wording. */
export function quoteQuickFixes(uri: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== DIAGNOSTIC_SOURCE || d.code !== QUOTE_ALTERED_CODE) continue;
    const data = d.data as Partial<QuoteDiagnosticData> | undefined;
    if (typeof data?.replacement !== 'string') continue;
    const title = "Replace with the source's wording";
    const action = CodeAction.create(title, { changes: { [uri]: [TextEdit.replace(d.range, data.replacement)] } }, CodeActionKind.QuickFix);
    action.diagnostics = [d];
    out.push(action);
  }
  return out;
}

/** `text` with its first letter upper- or lower-case as `like`'s is (a quote may start a sentence). */
function matchFirstLetterCase(text: string, like: string): string {
  const first = like.charAt(0);
  if (!first || first.toUpperCase() === first.toLowerCase()) return text;
  const upper = first === first.toUpperCase();
  return (upper ? text.charAt(0).toUpperCase() : text.charAt(0).toLowerCase()) + text.slice(1);
}

/** A word diff in Markdown: omitted words struck through, inserted ones bold. */
function diffMarkdown(diff: readonly DiffOp[]): string {
  return diff
    .map((d) => (d.op === 'equal' ? escapeMarkdownText(d.text) : d.op === 'delete' ? `~~${escapeMarkdownText(d.text)}~~` : `**${escapeMarkdownText(d.text)}**`))
    .join(' ');
}

/** A fresh index with the knowledge base of the old one (a restored index replaces all records). */
function rebuilt(old: WorkspaceIndex): WorkspaceIndex {
  const next = new WorkspaceIndex();
  next.setKnowledgeBase(old.knowledgeBase(), old.kbError);
  return next;
}
