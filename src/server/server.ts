// FactDesk language server: runs the analysis engine on synced documents and answers the editor
// with findings (custom notification), hovers, document symbols, hedge diagnostics and code actions.
// Transport comes from the command line (--node-ipc from the extension, --stdio for tests and benches).
// It never reads the file system: text arrives through the protocol, so virtual workspaces work.
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
} from 'vscode-languageserver/node';
import { DEFAULT_CLAIM_THRESHOLD } from '../core/types';
import {
  AnalyzeRequest,
  DEFAULT_SETTINGS,
  FindingsNotification,
  SETTINGS_SECTION,
  type AnalysisStatus,
  type FactDeskSettings,
  type FindingsParams,
} from '../shared/protocol';
import { createDocumentAnalyzer, type DocumentAnalyzer } from './engine';
import { emptyCounts, emptySpans, Findings } from './findings';
import { checkInput } from './inputCheck';
import { validateSettings } from './settings';

const connection = createConnection(ProposedFeatures.all);
// A failed send or a rejected client request must never take the server (and every highlight) down.
process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${String(reason)}`));
const documents = new TextDocuments(TextDocument);

interface DocumentState {
  analyzer: DocumentAnalyzer;
  findings?: Findings;
  /** Status of the last run; anything but ok means there are no findings to show. */
  status?: AnalysisStatus;
  timer?: NodeJS.Timeout;
  diagnosticsPublished: boolean;
}

const states = new Map<string, DocumentState>();
let settings: FactDeskSettings = DEFAULT_SETTINGS;
let pullConfiguration = false;
let settingsReady: Promise<void> = Promise.resolve();
const warned = new Set<string>();

function stateOf(uri: string): DocumentState {
  let state = states.get(uri);
  if (!state) {
    state = { analyzer: createDocumentAnalyzer(), diagnosticsPublished: false };
    states.set(uri, state);
  }
  return state;
}

connection.onInitialize((params): InitializeResult => {
  pullConfiguration = !!params.capabilities.workspace?.configuration;
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      hoverProvider: true,
      documentSymbolProvider: { label: 'FactDesk' },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    },
    serverInfo: { name: 'FactDesk', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  if (pullConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch(() => undefined);
  }
  settingsReady = loadSettings(undefined);
});

connection.onDidChangeConfiguration((change) => {
  const pushed = (change.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
  settingsReady = settingsReady.then(() => loadSettings(pushed));
});

async function loadSettings(pushed: unknown): Promise<void> {
  let raw: unknown = pushed;
  if (pullConfiguration) {
    try {
      raw = await connection.workspace.getConfiguration({ section: SETTINGS_SECTION });
    } catch {
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
  const reanalyze = !same(
    [previous.claimThreshold, previous.extraHedgeWords, previous.ignoredWords, previous.maxFileSizeKB],
    [next.claimThreshold, next.extraHedgeWords, next.ignoredWords, next.maxFileSizeKB],
  );
  const leftManual = previous.runMode === 'manual' && next.runMode !== 'manual';
  for (const document of documents.all()) {
    const state = stateOf(document.uri);
    const analyzedBefore = state.status !== undefined;
    if ((reanalyze && (analyzedBefore || next.runMode !== 'manual')) || (leftManual && state.findings?.version !== document.version)) {
      runAnalysis(document);
    } else if (!same(previous.show, next.show) || previous.hedgeDiagnostics !== next.hedgeDiagnostics) {
      publishDiagnostics(document.uri, state);
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

/** Analyzes the document's current text now and sends the findings. */
function runAnalysis(document: TextDocument): Findings | undefined {
  const state = stateOf(document.uri);
  if (state.timer) {
    clearTimeout(state.timer);
    state.timer = undefined;
  }
  const text = document.getText();
  const started = performance.now();
  const verdict = checkInput(text, settings.maxFileSizeKB);
  let findings: Findings | undefined;
  let status = verdict.status;
  let message = verdict.message;
  if (status === 'ok') {
    try {
      const analysis = state.analyzer.analyze(text, analyzeOptions());
      const snapshot = TextDocument.create(document.uri, document.languageId, document.version, text);
      findings = new Findings(analysis, snapshot, settings.claimThreshold ?? DEFAULT_CLAIM_THRESHOLD);
    } catch (error) {
      // The engine promises never to throw; if it does, the editor still gets an answer.
      status = 'error';
      message = `FactDesk: the analysis failed (${error instanceof Error ? error.message : String(error)}).`;
      connection.console.error(`analysis of ${document.uri} failed: ${error instanceof Error ? error.stack : String(error)}`);
      state.analyzer = createDocumentAnalyzer();
    }
  }
  state.findings = findings;
  state.status = status;
  const params: FindingsParams = {
    uri: document.uri,
    version: document.version,
    status,
    message,
    counts: findings?.counts ?? emptyCounts(),
    spans: findings?.spans() ?? emptySpans(),
    elapsedMs: Math.round((performance.now() - started) * 10) / 10,
    reanalyzed: findings ? state.analyzer.lastRun() : undefined,
  };
  void connection.sendNotification(FindingsNotification, params);
  publishDiagnostics(document.uri, state);
  return findings;
}

function publishDiagnostics(uri: string, state: DocumentState): void {
  const diagnostics: Diagnostic[] = state.findings?.hedgeDiagnostics(settings.hedgeDiagnostics, settings.show) ?? [];
  if (!diagnostics.length && !state.diagnosticsPublished) return;
  state.diagnosticsPublished = diagnostics.length > 0;
  void connection.sendDiagnostics({ uri, version: state.findings?.version, diagnostics });
}

function schedule(document: TextDocument, delayMs: number): void {
  const state = stateOf(document.uri);
  if (state.timer) clearTimeout(state.timer);
  const uri = document.uri;
  state.timer = setTimeout(() => {
    state.timer = undefined;
    const current = documents.get(uri);
    if (current) runAnalysis(current);
  }, delayMs);
}

documents.onDidOpen((event) => {
  const uri = event.document.uri;
  void settingsReady.then(() => {
    const document = documents.get(uri);
    if (document && settings.runMode !== 'manual') runAnalysis(document);
  });
});

documents.onDidChangeContent((event) => {
  const state = states.get(event.document.uri);
  // The first content event comes with didOpen, handled above.
  if (!state || state.status === undefined) return;
  if (settings.runMode === 'onType') schedule(event.document, settings.debounceMs);
});

documents.onDidSave((event) => {
  if (settings.runMode === 'onSave') runAnalysis(event.document);
});

documents.onDidClose((event) => {
  const state = states.get(event.document.uri);
  if (state?.timer) clearTimeout(state.timer);
  if (state?.diagnosticsPublished) void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  states.delete(event.document.uri);
});

connection.onRequest(AnalyzeRequest, async ({ uri }) => {
  await settingsReady;
  const document = documents.get(uri);
  if (!document) return { status: 'unknownDocument' as const, counts: emptyCounts(), version: -1 };
  const findings = runAnalysis(document);
  return { status: stateOf(uri).status ?? 'ok', counts: findings?.counts ?? emptyCounts(), version: document.version };
});

/** Findings for a request; positions map through the analyzed snapshot even if edits came since. */
function findingsFor(uri: string): Findings | undefined {
  return states.get(uri)?.findings;
}

connection.onHover(({ textDocument, position }) => {
  const findings = findingsFor(textDocument.uri);
  if (!findings) return null;
  return findings.hover(findings.snapshot.offsetAt(position), settings.show);
});

connection.onDocumentSymbol(({ textDocument }) => findingsFor(textDocument.uri)?.symbols(settings.show) ?? []);

connection.onCodeAction(({ textDocument, range, context }) => {
  const findings = findingsFor(textDocument.uri);
  if (!findings) return [];
  const start = findings.snapshot.offsetAt(range.start);
  const end = findings.snapshot.offsetAt(range.end);
  return findings.codeActions(start, end, context.diagnostics, settings.show);
});

documents.listen(connection);
connection.listen();
