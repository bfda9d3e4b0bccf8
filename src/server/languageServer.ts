// FactDesk language server: runs the analysis engine on synced documents and answers the editor
// with findings (custom notification), hovers, document symbols, hedge diagnostics and code actions.
// Transport comes from the command line (--node-ipc from the extension, --stdio for tests and benches).
// It never reads the file system: text arrives through the protocol, so virtual workspaces work.
// The engine runs on a worker thread (engineWorker.ts); this thread answers requests from the
// last findings meanwhile.
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  MessageType,
  ShowMessageNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Diagnostic,
  type InitializeResult,
  type Position,
} from 'vscode-languageserver/node';
import { DEFAULT_CLAIM_THRESHOLD } from '../core/types';
import {
  AnalysisRequest,
  AnalyzeRequest,
  DEFAULT_SETTINGS,
  FindingsNotification,
  QuoteChecksNotification,
  SETTINGS_SECTION,
  type AnalysisStatus,
  type FactDeskSettings,
  type FailureReport,
  type FindingCounts,
  type FindingsParams,
} from '../shared/protocol';
import { failureSummary } from '../shared/failures';
import { EngineHost, type EngineResult } from './engineWorker';
import { emptyCounts, emptySpans, Findings, textDelta, toAnalyzedOffset, type AnalysisFindings, type TextDelta } from './findings';
import { checkInput } from './inputCheck';
import { validateSettings } from './settings';
import { quoteQuickFixes, WorkspaceIndexHost } from './workspaceIndexHost';

/** Names this build in serverInfo and in the persisted workspace index (another build re-reads the articles). */
const SERVER_VERSION = '0.1.0';

/** Starts the server on the transport named on the command line; `workerScript` runs the engine thread. */
export function startLanguageServer(workerScript: string): void {
  const connection = createConnection(ProposedFeatures.all);
  // A failed send or a rejected client request must never take the server (and every highlight) down.
  process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${String(reason)}`));
  const documents = new TextDocuments(TextDocument);
  const engine = new EngineHost(workerScript, (message) => connection.console.error(message));
  const workspaceIndex = new WorkspaceIndexHost(workerScript, connection, documents, SERVER_VERSION);
  // A source added, edited or deleted (on disk or in the editor): the open documents' quotes are
  // checked again against the sources now (on the index worker) and their diagnostics republished.
  workspaceIndex.onSourcesChanged = () => {
    for (const [uri, state] of states) if (state.status === 'ok') void publishDiagnostics(uri, state);
  };

  interface DocumentState {
    /** The last findings; built from `parked` on first use. */
    findings?: Findings;
    parked?: { json: string; snapshot: TextDocument; threshold: number };
    /** Counts and document version of the last run. */
    counts?: FindingCounts;
    version?: number;
    /** Status of the last run; anything but ok means there are no findings to show. */
    status?: AnalysisStatus;
    timer?: NodeJS.Timeout;
    diagnosticsPublished: boolean;
    /** Whether the last factdesk/quoteChecks for the document listed quotes (so hiding them, or nothing left to mark, sends one empty list). */
    quoteChecksSent?: boolean;
    /** Bumped by every publishDiagnostics: an answer of the index worker for an older one is dropped. */
    diagnosticsSeq?: number;
    /** The run in progress, and the one queued behind it (edits during a run coalesce into one). */
    running?: Promise<void>;
    queued?: Promise<void>;
    /** How the current text differs from the analyzed one (cached per document version). */
    delta?: TextDelta & { version: number; analyzedVersion: number };
    /** Detector failures already logged for this document, so a lasting one is logged once. */
    loggedFailures?: Set<string>;
  }

  const states = new Map<string, DocumentState>();
  let settings: FactDeskSettings = DEFAULT_SETTINGS;
  let pullConfiguration = false;
  let settingsReady: Promise<void> = Promise.resolve();
  const warned = new Set<string>();

  function stateOf(uri: string): DocumentState {
    let state = states.get(uri);
    if (!state) {
      state = { diagnosticsPublished: false };
      states.set(uri, state);
    }
    return state;
  }

  connection.onInitialize((params): InitializeResult => {
    pullConfiguration = !!params.capabilities.workspace?.configuration;
    workspaceIndex.initialize(params, (uri, position) => {
      const findings = findingsFor(uri);
      const offset = findings && analyzedOffset(uri, findings, position);
      return findings && offset !== undefined ? findings.entityAt(offset) : undefined;
    });
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        documentSymbolProvider: { label: 'FactDesk' },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'FactDesk', version: SERVER_VERSION },
    };
  });

  connection.onInitialized(() => {
    if (pullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch(() => undefined);
    }
    settingsReady = loadSettings(undefined);
    engine.warmUp();
    // The index reads its own settings (factdesk.index, files.exclude, search.exclude); without the pull model it stays off.
    if (pullConfiguration) void settingsReady.then(() => workspaceIndex.configure(analyzeOptions()));
  });

  connection.onDidChangeConfiguration((change) => {
    const pushed = (change.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
    settingsReady = settingsReady.then(() => loadSettings(pushed));
    if (pullConfiguration) void settingsReady.then(() => workspaceIndex.configurationChanged(analyzeOptions()));
  });

  async function loadSettings(pushed: unknown): Promise<void> {
    let raw: unknown = pushed;
    if (pullConfiguration) {
      try {
        raw = await connection.workspace.getConfiguration({ section: SETTINGS_SECTION });
      } catch (error) {
        // The client did not answer the pull: use what it pushed (or the defaults), and say so.
        connection.console.error(
          `reading the factdesk settings failed, using ${pushed === undefined ? 'the defaults' : 'the pushed settings'}: ${error instanceof Error ? error.message : String(error)}`,
        );
        raw = pushed;
      }
    }
    const { settings: next, problems } = validateSettings(raw);
    for (const problem of problems) {
      if (warned.has(problem)) continue;
      warned.add(problem);
      // A notification, not showMessageRequest: nothing to wait for, and no client support required.
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: problem });
    }
    const previous = settings;
    settings = next;
    applySettingsChange(previous, next);
  }

  function applySettingsChange(previous: FactDeskSettings, next: FactDeskSettings): void {
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    // The hedges in quotes change the findings' spans and counts: a new run (the engine reuses every paragraph).
    const reanalyze = !same(
      [previous.claimThreshold, previous.extraHedgeWords, previous.ignoredWords, previous.maxFileSizeKB, previous.hedges.inQuotes],
      [next.claimThreshold, next.extraHedgeWords, next.ignoredWords, next.maxFileSizeKB, next.hedges.inQuotes],
    );
    const leftManual = previous.runMode === 'manual' && next.runMode !== 'manual';
    for (const document of documents.all()) {
      const state = stateOf(document.uri);
      const analyzedBefore = state.status !== undefined;
      if ((reanalyze && (analyzedBefore || next.runMode !== 'manual')) || (leftManual && state.version !== document.version)) {
        void runAnalysis(document.uri);
      } else if (!same(previous.show, next.show) || previous.hedgeDiagnostics !== next.hedgeDiagnostics) {
        void publishDiagnostics(document.uri, state);
      }
    }
  }

  function analyzeOptions() {
    return {
      claimThreshold: settings.claimThreshold,
      extraHedgeWords: settings.extraHedgeWords,
      ignoredWords: settings.ignoredWords,
    };
  }

  /**
   * Analyzes the document's current text and sends the findings. Resolves once a run that started
   * after this call has finished: a call during a run queues one follow-up run, however many calls come.
   */
  function runAnalysis(uri: string): Promise<void> {
    const state = stateOf(uri);
    if (state.timer) {
      clearTimeout(state.timer);
      state.timer = undefined;
    }
    if (!state.running) {
      const run = execute(uri, state).finally(() => {
        if (state.running === run) state.running = undefined;
      });
      state.running = run;
      return run;
    }
    if (!state.queued) {
      state.queued = state.running.then(() => {
        state.queued = undefined;
        return runAnalysis(uri);
      });
    }
    return state.queued;
  }

  async function execute(uri: string, state: DocumentState): Promise<void> {
    const document = documents.get(uri);
    if (!document) return;
    const text = document.getText();
    const version = document.version;
    const started = performance.now();
    const verdict = checkInput(text, settings.maxFileSizeKB);
    let result: EngineResult | undefined;
    let snapshot: TextDocument | undefined;
    const threshold = settings.claimThreshold ?? DEFAULT_CLAIM_THRESHOLD;
    let status = verdict.status;
    let message = verdict.message;
    let engineMs: number | undefined;
    let reanalyzed: FindingsParams['reanalyzed'];
    if (status === 'ok') {
      try {
        result = await engine.analyze(uri, text, analyzeOptions(), { claimThreshold: threshold, hedgesInQuotes: settings.hedges.inQuotes });
        engineMs = Math.round(result.engineMs * 10) / 10;
        reanalyzed = result.lastRun;
        snapshot = TextDocument.create(uri, document.languageId, version, text);
      } catch (error) {
        // The engine promises never to throw; if it does, the editor still gets an answer.
        status = 'error';
        message = `FactDesk: the analysis failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)}).`;
        connection.console.error(`analysis of ${uri} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    // Closed while the engine worked: nothing to show any more.
    if (states.get(uri) !== state) return;
    state.findings = undefined;
    state.parked = result && snapshot ? { json: result.json, snapshot, threshold } : undefined;
    state.status = status;
    const params: FindingsParams = {
      uri,
      version,
      status,
      message,
      counts: result?.counts ?? emptyCounts(),
      spans: result?.spans ?? emptySpans(),
      elapsedMs: 0,
      engineMs,
      reanalyzed,
      claimThreshold: threshold,
    };
    if (result?.failures.length) {
      params.failures = result.failures;
      logFailures(uri, state, result.failures);
    } else state.loggedFailures = undefined;
    state.counts = params.counts;
    state.version = version;
    params.elapsedMs = Math.round((performance.now() - started) * 10) / 10;
    void connection.sendNotification(FindingsNotification, params);
    void publishDiagnostics(uri, state);
    // Build the lookup structures right after the notification has gone, not on the first hover.
    setImmediate(() => findingsOf(state));
  }

  /**
   * Each detector failure to the log (the client's FactDesk output channel): detector, file, line,
   * message and stack, once while it lasts. The findings notification carries them to the status bar.
   */
  function logFailures(uri: string, state: DocumentState, failures: FailureReport[]): void {
    const logged = (state.loggedFailures ??= new Set());
    const now = new Set<string>();
    for (const f of failures) {
      const key = `${f.detector}\n${f.line}\n${f.message}`;
      now.add(key);
      if (logged.has(key)) continue;
      connection.console.error(
        `${failureSummary(f)} in ${uri} (line ${f.line}${f.endLine > f.line ? `–${f.endLine}` : ''}): ${f.message}\n` +
          `Its findings there are missing; the rest of the file is analyzed. To report it, include this:\n${f.stack ?? '(no stack)'}`,
      );
    }
    state.loggedFailures = now;
  }

  /** The findings of the last run, parsed from the worker's JSON the first time something needs them. */
  function findingsOf(state: DocumentState | undefined): Findings | undefined {
    if (!state) return undefined;
    if (!state.findings && state.parked) {
      const { json, snapshot, threshold } = state.parked;
      state.findings = new Findings(JSON.parse(json) as AnalysisFindings, snapshot, threshold);
      state.parked = undefined;
    }
    return state.findings;
  }

  async function publishDiagnostics(uri: string, state: DocumentState): Promise<void> {
    const seq = (state.diagnosticsSeq = (state.diagnosticsSeq ?? 0) + 1);
    const wantHedges = settings.hedgeDiagnostics !== 'off' && settings.show.hedges;
    // Quotes checked against the workspace's sources and other articles (issue #11): their states for
    // the client's marks, and Information diagnostics with a quick fix. Only in an indexed folder. They
    // are checked on the index worker; a newer call or a closed document drops this answer.
    const wantQuotes = settings.show.quotes && workspaceIndex.indexes(uri);
    if (!wantHedges && !wantQuotes && !state.diagnosticsPublished && !state.quoteChecksSent) return;
    const findings = wantHedges || wantQuotes ? findingsOf(state) : undefined;
    const quotes = wantQuotes && findings ? await workspaceIndex.checkDocumentQuotes(uri, findings) : undefined;
    if (state.diagnosticsSeq !== seq || states.get(uri) !== state) return;
    // Nothing to mark without sources and drift: no message (an article outside a desk costs nothing).
    const informative = !!quotes && (quotes.params.sources > 0 || quotes.params.quotes.some((q) => q.drift > 0));
    if (informative || state.quoteChecksSent) {
      // Quotes hidden, no findings any more, or nothing left to mark: one empty list clears the marks.
      const params = informative ? quotes!.params : { uri, version: findings?.version ?? state.version ?? 0, sources: quotes?.params.sources ?? 0, quotes: [] };
      state.quoteChecksSent = params.quotes.length > 0;
      void connection.sendNotification(QuoteChecksNotification, params);
    }
    const diagnostics: Diagnostic[] = [
      ...((wantHedges && findings?.hedgeDiagnostics(settings.hedgeDiagnostics, settings.show)) || []),
      ...(quotes?.diagnostics ?? []),
    ];
    if (!diagnostics.length && !state.diagnosticsPublished) return;
    state.diagnosticsPublished = diagnostics.length > 0;
    void connection.sendDiagnostics({ uri, version: findings?.version, diagnostics });
  }

  function schedule(uri: string, delayMs: number): void {
    const state = stateOf(uri);
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void runAnalysis(uri);
    }, delayMs);
  }

  documents.onDidOpen((event) => {
    const uri = event.document.uri;
    void settingsReady.then(() => {
      if (documents.get(uri) && settings.runMode !== 'manual') void runAnalysis(uri);
    });
  });

  documents.onDidChangeContent((event) => {
    // The first content event comes with didOpen (handled above), before any state exists; an edit
    // during that first run still schedules the next one.
    if (!states.has(event.document.uri)) return;
    if (settings.runMode === 'onType') schedule(event.document.uri, settings.debounceMs);
  });

  documents.onDidSave((event) => {
    if (settings.runMode === 'onSave') void runAnalysis(event.document.uri);
  });

  documents.onDidClose((event) => {
    const state = states.get(event.document.uri);
    if (state?.timer) clearTimeout(state.timer);
    if (state?.diagnosticsPublished) void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
    states.delete(event.document.uri);
    engine.forget(event.document.uri);
  });

  connection.onRequest(AnalyzeRequest, async ({ uri }) => {
    await settingsReady;
    const document = documents.get(uri);
    if (!document) return { status: 'unknownDocument' as const, counts: emptyCounts(), version: -1 };
    await runAnalysis(uri);
    const state = stateOf(uri);
    return { status: state.status ?? 'ok', counts: state.counts ?? emptyCounts(), version: state.version ?? document.version };
  });

  connection.onRequest(AnalysisRequest, async ({ uri }) => {
    await settingsReady;
    const document = documents.get(uri);
    const claimThreshold = settings.claimThreshold ?? DEFAULT_CLAIM_THRESHOLD;
    if (!document) return { status: 'unknownDocument' as const, counts: emptyCounts(), version: -1, claimThreshold };
    await runAnalysis(uri);
    const state = stateOf(uri);
    const json = state.parked?.json ?? (state.findings ? JSON.stringify(state.findings.analysis) : undefined);
    const threshold = state.parked?.threshold ?? state.findings?.claimThreshold ?? claimThreshold;
    return {
      status: state.status ?? 'ok',
      counts: state.counts ?? emptyCounts(),
      version: state.version ?? document.version,
      findings: json,
      claimThreshold: threshold,
    };
  });

  /** Findings for a request; positions map through the analyzed snapshot even if edits came since. */
  function findingsFor(uri: string): Findings | undefined {
    return findingsOf(states.get(uri));
  }

  /**
   * A position in the document as it is now → an offset in the text the findings were computed for.
   * After edits, offsets before and after the edited region map exactly; inside it there is no answer.
   */
  function analyzedOffset(uri: string, findings: Findings, position: Position): number | undefined {
    const document = documents.get(uri);
    if (!document || document.version === findings.version) return findings.snapshot.offsetAt(position);
    const state = states.get(uri);
    if (!state) return undefined;
    if (state.delta?.version !== document.version || state.delta.analyzedVersion !== findings.version) {
      state.delta = { version: document.version, analyzedVersion: findings.version, ...textDelta(findings.snapshot.getText(), document.getText()) };
    }
    return toAnalyzedOffset(state.delta, document.getText().length, document.offsetAt(position));
  }

  connection.onHover(async ({ textDocument, position }) => {
    const findings = findingsFor(textDocument.uri);
    if (!findings) return null;
    const offset = analyzedOffset(textDocument.uri, findings, position);
    if (offset === undefined) return null;
    const hover = await workspaceIndex.extendHoverWithChecks(
      workspaceIndex.extendHover(
        findings.hover(offset, settings.show, settings.claims.highlight),
        textDocument.uri,
        settings.show.entities ? findings.entityAt(offset) : undefined,
      ),
      textDocument.uri,
      findings,
      offset,
      settings.show,
    );
    // The range is in analyzed coordinates; after edits, let the editor use the word under the mouse.
    if (hover && documents.get(textDocument.uri)?.version !== findings.version) delete hover.range;
    return hover;
  });

  /**
   * Waits for an analysis already under way for the document. VS Code caches the outline per document
   * version, so an empty answer given just before the first findings would stick until the next edit.
   */
  async function analysisInFlight(uri: string): Promise<void> {
    await settingsReady;
    const state = states.get(uri);
    if (state?.running) await (state.queued ?? state.running);
  }

  connection.onDocumentSymbol(async ({ textDocument }) => {
    await analysisInFlight(textDocument.uri);
    return findingsFor(textDocument.uri)?.symbols(settings.show) ?? [];
  });

  connection.onCodeAction(async ({ textDocument, range, context }) => {
    const findings = findingsFor(textDocument.uri);
    if (!findings) return [];
    const start = analyzedOffset(textDocument.uri, findings, range.start);
    const end = analyzedOffset(textDocument.uri, findings, range.end);
    if (start === undefined || end === undefined) return [];
    // The claim's offsets go to the client's Add Note: only when the document is as analyzed.
    const current = documents.get(textDocument.uri)?.version === findings.version;
    return [
      ...findings.codeActions(start, end, context.diagnostics, settings.show),
      ...quoteQuickFixes(textDocument.uri, context.diagnostics),
      ...(current && settings.show.claims ? await workspaceIndex.reuseVerdictActions(textDocument.uri, findings, start) : []),
    ];
  });

  connection.onShutdown(() => {
    engine.dispose();
    workspaceIndex.dispose();
  });

  documents.listen(connection);
  connection.listen();
}
