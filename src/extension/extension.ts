// FactDesk client: starts the language server, draws its findings as decorations, shows counts in
// the status bar and offers the commands. Hovers, outline, diagnostics and code actions come from the
// server through vscode-languageclient.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type DocumentSelector, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  AnalysisRequest,
  AnalyzeRequest,
  CLAIM_HIGHLIGHTS,
  Commands,
  DEFAULT_SETTINGS,
  decodeFailureReports,
  decodeQuoteChecks,
  FindingsNotification,
  HEDGES_IN_QUOTES,
  QuoteChecksNotification,
  SETTINGS_SECTION,
  type CategoryName,
  type FindingsParams,
  type QuoteChecksParams,
  type ReceivedFindings,
  type ShowSettings,
} from '../shared/protocol';
import { DecorationPainter, type PaintStyle } from './decorations';
import { DeskModel } from './desk';
import { EditLog } from './editLog';
import { registerNotes } from './notes/feature';
import { registerReports } from './reports';
import { StatusBar } from './statusBar';
import { WorkspaceIndexClient } from './workspaceIndex';
import { SERVER_EXEC_ARGV } from '../shared/serverProcess';

let controller: Controller | undefined;

/** Scrolling fires many events: redraw once it pauses this long. */
const SCROLL_REPAINT_DELAY_MS = 40;

export function activate(context: vscode.ExtensionContext): void {
  controller = new Controller(context);
  // The server starts in the background: activation (and the editor) need not wait for it.
  controller.startInBackground();
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
  controller = undefined;
}

function readShow(): ShowSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const flag = (name: CategoryName) => {
    const value = config.get<unknown>(`show.${name}`);
    return typeof value === 'boolean' ? value : DEFAULT_SETTINGS.show[name];
  };
  return { quotes: flag('quotes'), claims: flag('claims'), hedges: flag('hedges'), entities: flag('entities') };
}

/** The two look settings; an invalid value falls back here (the server names it in one warning). */
function readStyle(): PaintStyle {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const oneOf = <T extends string>(key: string, options: readonly T[], fallback: T): T => {
    const value = config.get<unknown>(key);
    return typeof value === 'string' && (options as readonly string[]).includes(value) ? (value as T) : fallback;
  };
  return {
    claimsHighlight: oneOf('claims.highlight', CLAIM_HIGHLIGHTS, DEFAULT_SETTINGS.claims.highlight),
    hedgesInQuotes: oneOf('hedges.inQuotes', HEDGES_IN_QUOTES, DEFAULT_SETTINGS.hedges.inQuotes),
  };
}

/**
 * The URI schemes of documents that can be articles: files, unsaved (untitled) documents, and the
 * file systems of remote and virtual workspaces. Anything else VS Code opens as a text document is
 * not an article: comment input boxes (`comment`, named like commentinput-1.md), output panes
 * (`output`), settings (`vscode-userdata`), git and diff views (`git`, `vscode-scm`, ...), so the file
 * patterns never match them. Sources: vscode/src/vs/base/common/network.ts (Schemas), the Remote
 * Repositories extension (`vscode-vfs`), Live Share (`vsls`). A virtual workspace's own scheme is
 * added from its folders (see buildSelector).
 */
export const ARTICLE_SCHEMES = ['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vsls'] as const;

function readFilePatterns(): string[] {
  const value = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<unknown>('filePatterns');
  // The server reports an invalid value by name; here it only has to fall back.
  return Array.isArray(value) && value.every((p) => typeof p === 'string') ? value : DEFAULT_SETTINGS.filePatterns;
}

class Controller {
  private client: LanguageClient | undefined;
  private readonly painter: DecorationPainter;
  private readonly statusBar: StatusBar;
  private readonly findings = new Map<string, ReceivedFindings>();
  private readonly editLog = new EditLog();
  private received = 0;
  /** Files outside the file patterns that the user asked to analyze (factdesk.analyzeFile). */
  private readonly adopted = new Set<string>();
  /** Messages already shown, so a too-large file warns once, not on every keystroke. */
  private readonly shownMessages = new Set<string>();
  private readonly findingsListeners = new Set<(f: ReceivedFindings) => void>();
  private outputChannel: vscode.OutputChannel;
  private selector: DocumentSelector = [];
  private restarting: Promise<void> = Promise.resolve();
  /** Redraws pending after scrolling, one per editor (see onDidChangeTextEditorVisibleRanges). */
  private readonly scrollRepaints = new Map<vscode.TextEditor, ReturnType<typeof setTimeout>>();
  private readonly workspaceIndex: WorkspaceIndexClient;
  private readonly desk: DeskModel;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.painter = new DecorationPainter(context.extensionUri);
    this.statusBar = new StatusBar();
    this.outputChannel = vscode.window.createOutputChannel('FactDesk');
    context.subscriptions.push(this.painter, this.statusBar, this.outputChannel);
    this.registerCommands();
    this.workspaceIndex = new WorkspaceIndexClient(context, () => this.client, this.testing);
    // Verification notes live client-side (sidecar files beside the article); they read the findings for claim badges.
    // The Desk: what is left across the workspace, from the server's index (a section of the Fact-check view).
    this.desk = new DeskModel(
      context,
      () => this.client,
      (message) => this.outputChannel.appendLine(message),
      this.testing,
    );
    const notes = registerNotes(
      context,
      {
        findingsFor: (uri) => this.findings.get(uri),
        onDidReceiveFindings: (listener) => {
          this.findingsListeners.add(listener);
          return new vscode.Disposable(() => this.findingsListeners.delete(listener));
        },
      },
      this.testing,
      this.desk,
      (line) => this.outputChannel.appendLine(line),
    );
    registerReports(
      context,
      {
        analysisOf: async (uri) => {
          await this.restarting;
          return this.client?.sendRequest(AnalysisRequest, { uri });
        },
        notesOf: notes.notesOf,
        onDidChangeNotes: notes.onDidChange,
      },
      this.testing,
    );
    context.subscriptions.push(
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.repaint(e))),
      // A long article is drawn around the visible lines: redraw when scrolling nears the drawn edge.
      vscode.window.onDidChangeTextEditorVisibleRanges(({ textEditor }) => {
        if (!this.painter.needsRepaint(textEditor) || this.scrollRepaints.has(textEditor)) return;
        this.scrollRepaints.set(
          textEditor,
          setTimeout(() => {
            this.scrollRepaints.delete(textEditor);
            if (vscode.window.visibleTextEditors.includes(textEditor)) this.repaint(textEditor);
          }, SCROLL_REPAINT_DELAY_MS),
        );
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateStatusBar()),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (this.isSynced(event.document)) this.editLog.record(event);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.findings.delete(document.uri.toString());
        this.editLog.forget(document.uri.toString());
        this.updateStatusBar();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => this.onConfigurationChanged(event)),
      // A folder of another file system joins the workspace: its documents become articles too.
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        if (JSON.stringify(this.buildSelector()) !== JSON.stringify(this.selector)) void this.restart();
      }),
    );
  }

  startInBackground(): void {
    this.restarting = this.start().catch((error: unknown) => {
      void vscode.window.showErrorMessage(`FactDesk: the language server did not start (${error instanceof Error ? error.message : String(error)}).`);
    });
  }

  async start(): Promise<void> {
    this.selector = this.buildSelector();
    const serverModule = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'server.js').fsPath;
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
      debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6011'] } },
    };
    const index = this.workspaceIndex.clientOptions();
    const clientOptions: LanguageClientOptions = {
      documentSelector: this.selector,
      synchronize: { configurationSection: SETTINGS_SECTION, fileEvents: index.fileEvents },
      initializationOptions: index.initializationOptions,
      markdown: index.markdown,
      outputChannel: this.outputChannel,
      diagnosticCollectionName: 'factdesk',
    };
    const client = new LanguageClient('factdesk', 'FactDesk', serverOptions, clientOptions);
    client.onNotification(FindingsNotification, (params) => this.onFindings(params));
    client.onNotification(QuoteChecksNotification, (params: unknown) => this.onQuoteChecks(params));
    this.workspaceIndex.attach(client);
    this.desk.attach(client);
    this.client = client;
    await client.start();
    this.updateStatusBar();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.stop().catch(() => undefined);
  }

  /** A new selector needs a new client: the language client fixes its selector when it starts. */
  private restart(): Promise<void> {
    this.restarting = this.restarting.then(async () => {
      await this.stop();
      this.findings.clear();
      for (const editor of vscode.window.visibleTextEditors) this.painter.clear(editor);
      await this.start();
    });
    return this.restarting;
  }

  private buildSelector(): DocumentSelector {
    // The workspace's own schemes count too (a virtual workspace on another file system provider).
    const schemes = new Set<string>(ARTICLE_SCHEMES.filter((s) => s !== 'untitled'));
    for (const folder of vscode.workspace.workspaceFolders ?? []) schemes.add(folder.uri.scheme);
    const selector: DocumentSelector = readFilePatterns().flatMap((pattern) => [...schemes].map((scheme) => ({ scheme, pattern })));
    selector.push({ scheme: 'untitled', language: 'plaintext' }, { scheme: 'untitled', language: 'markdown' });
    for (const uri of this.adopted) {
      const parsed = vscode.Uri.parse(uri);
      // Patterns match the fsPath; an exact path matches itself before any glob rule applies.
      selector.push({ scheme: parsed.scheme, pattern: parsed.fsPath });
    }
    return selector;
  }

  private isSynced(document: vscode.TextDocument): boolean {
    return vscode.languages.match(this.selector, document) > 0;
  }

  private onFindings(params: FindingsParams): void {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === params.uri);
    if (!document || params.version > document.version) return;
    let current = params;
    if (params.version < document.version) {
      // Offsets refer to the analyzed version: shift them over the edits made since, if all are known.
      const spans = this.editLog.map(params.uri, params.spans, params.version, document.version);
      if (!spans) return;
      current = { ...params, spans, version: document.version };
    }
    // The last quote checks stay until the server's next ones (they follow these findings), moved onto
    // this version; before the log forgets the edits that moves them over.
    const quoteChecks = this.carryQuoteChecks(this.findings.get(params.uri), current.version);
    this.editLog.settle(params.uri, params.version);
    // Detector failures reach the status bar; a malformed entry is logged, not shown as a failure.
    const { failures, dropped } = decodeFailureReports(params.failures);
    if (dropped) this.outputChannel.appendLine(`FactDesk: ${dropped} malformed failure report(s) in the findings for ${params.uri} were dropped.`);
    const received: ReceivedFindings = { ...current, failures: failures.length ? failures : undefined, quoteChecks, seq: ++this.received };
    this.findings.set(params.uri, received);
    for (const editor of vscode.window.visibleTextEditors) if (editor.document === document) this.repaint(editor);
    this.updateStatusBar();
    if (params.status !== 'ok' && params.message) {
      // Keyed by status, not text: the message names the size, which changes as the user types.
      const key = `${params.uri}\n${params.status}`;
      if (!this.shownMessages.has(key)) {
        this.shownMessages.add(key);
        void vscode.window.showWarningMessage(params.message);
      }
    }
    for (const listener of [...this.findingsListeners]) listener(received);
  }

  /** The quote checks of `previous` findings with their offsets moved onto `version` (undefined when an edit between is unknown). */
  private carryQuoteChecks(previous: ReceivedFindings | undefined, version: number): QuoteChecksParams | undefined {
    const checks = previous?.quoteChecks;
    if (!checks || !previous || previous.status !== 'ok') return undefined;
    if (previous.version === version) return checks;
    const quotes = this.editLog.mapItems(previous.uri, checks.quotes, previous.version, version);
    return quotes && { ...checks, quotes };
  }

  /**
   * The server's quote checks (factdesk/quoteChecks, issue #11): the quotes' states against the
   * sources and their drift. They join the findings of their document (offsets moved onto the findings'
   * version), which are redrawn and handed to the listeners (the Fact-check view) again, under their
   * own sequence number.
   */
  private onQuoteChecks(raw: unknown): void {
    const decoded = decodeQuoteChecks(raw);
    if (!decoded) {
      this.outputChannel.appendLine('FactDesk: a malformed factdesk/quoteChecks notification was dropped.');
      return;
    }
    const { checks, dropped } = decoded;
    if (dropped) this.outputChannel.appendLine(`FactDesk: ${dropped} malformed quote check(s) for ${checks.uri} were dropped.`);
    const findings = this.findings.get(checks.uri);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === checks.uri);
    // Checks follow the findings of their version; checks newer than the findings held (whose offsets
    // could not be moved) wait for the next findings, which bring the next checks.
    if (!findings || !document || checks.version > findings.version) return;
    let quotes = checks.quotes;
    if (checks.version < findings.version) {
      const moved = this.editLog.mapItems(checks.uri, quotes, checks.version, findings.version);
      if (!moved) return;
      quotes = moved;
    }
    // The same findings (same seq: a test waiting for the next analysis is not woken by this), with their checks.
    const received: ReceivedFindings = { ...findings, quoteChecks: { ...checks, quotes } };
    this.findings.set(checks.uri, received);
    for (const editor of vscode.window.visibleTextEditors) if (editor.document === document) this.repaint(editor);
    this.updateStatusBar();
    for (const listener of [...this.findingsListeners]) listener(received);
  }

  private repaint(editor: vscode.TextEditor): void {
    const findings = this.findings.get(editor.document.uri.toString());
    if (findings) this.painter.paint(editor, findings, readShow(), readStyle());
  }

  private updateStatusBar(): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !this.isSynced(editor.document)) {
      this.statusBar.hide();
      return;
    }
    const manual = vscode.workspace.getConfiguration(SETTINGS_SECTION).get('runMode') === 'manual';
    this.statusBar.show(this.findings.get(editor.document.uri.toString()), readShow(), manual, readStyle());
  }

  private onConfigurationChanged(event: vscode.ConfigurationChangeEvent): void {
    if (!event.affectsConfiguration(SETTINGS_SECTION)) return;
    if (event.affectsConfiguration(`${SETTINGS_SECTION}.filePatterns`)) {
      void this.restart();
      return;
    }
    if (['show', 'claims.highlight', 'hedges.inQuotes'].some((key) => event.affectsConfiguration(`${SETTINGS_SECTION}.${key}`))) {
      for (const editor of vscode.window.visibleTextEditors) this.repaint(editor);
    }
    // Everything else reaches the server through didChangeConfiguration (synchronize.configurationSection).
    this.updateStatusBar();
  }

  private async analyzeActive(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('FactDesk: open an article to analyze it.');
      return;
    }
    if (!this.isSynced(editor.document)) {
      await this.analyzeFile(editor.document.uri);
      return;
    }
    await this.requestAnalysis(editor.document);
  }

  private async requestAnalysis(document: vscode.TextDocument): Promise<void> {
    await this.restarting;
    if (!this.client) return;
    await this.client.sendRequest(AnalyzeRequest, { uri: document.uri.toString() });
  }

  /** Analyze a file the patterns leave out (another language, another extension). */
  private async analyzeFile(uri?: vscode.Uri): Promise<void> {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!target) {
      void vscode.window.showInformationMessage('FactDesk: open the file you want to analyze first.');
      return;
    }
    const document = await vscode.workspace.openTextDocument(target);
    // From the explorer the file may not be open yet: show it, so the highlights are seen.
    if (uri && !vscode.window.visibleTextEditors.some((e) => e.document === document)) await vscode.window.showTextDocument(document);
    if (!this.isSynced(document)) {
      this.adopted.add(document.uri.toString());
      await this.restart();
    }
    await this.requestAnalysis(document);
  }

  private async toggle(category: CategoryName): Promise<void> {
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const key = `show.${category}`;
    const inspected = config.inspect<boolean>(key);
    const target =
      inspected?.workspaceFolderValue !== undefined || inspected?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
    await config.update(key, !readShow()[category], target);
  }

  /** Adds a hedge word to factdesk.ignoredWords in the workspace settings (user settings without a workspace). */
  private async ignoreWord(word: unknown): Promise<void> {
    if (typeof word !== 'string' || !word.trim()) return;
    const normalized = word.trim().toLowerCase();
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const hasWorkspace = (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
    const target = hasWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    const inspected = config.inspect<string[]>('ignoredWords');
    const current = (hasWorkspace ? inspected?.workspaceValue : inspected?.globalValue) ?? [];
    if (current.includes(normalized)) return;
    await config.update('ignoredWords', [...current, normalized], target);
    vscode.window.setStatusBarMessage(`FactDesk: “${normalized}” is no longer flagged ${hasWorkspace ? 'in this workspace' : ''}`.trim(), 4000);
  }

  private get testing(): boolean {
    return this.context.extensionMode === vscode.ExtensionMode.Test || process.env.FACTDESK_TEST === '1';
  }

  private registerCommands(): void {
    const register = (id: string, run: (...args: unknown[]) => unknown) => this.context.subscriptions.push(vscode.commands.registerCommand(id, run));
    register(Commands.analyze, () => this.analyzeActive());
    register(Commands.analyzeFile, (uri) => this.analyzeFile(uri instanceof vscode.Uri ? uri : undefined));
    register(Commands.ignoreWord, (word) => this.ignoreWord(word));
    register(Commands.toggleQuotes, () => this.toggle('quotes'));
    register(Commands.toggleClaims, () => this.toggle('claims'));
    register(Commands.toggleHedges, () => this.toggle('hedges'));
    register(Commands.toggleEntities, () => this.toggle('entities'));
    register(Commands.showOutput, () => this.outputChannel.show(true));

    // Test hooks exist only when VS Code runs extension tests (or the e2e harness says so).
    if (!this.testing) return;
    register(Commands.testDecorations, (uri) => {
      const target = uri instanceof vscode.Uri ? uri : typeof uri === 'string' ? vscode.Uri.parse(uri) : vscode.window.activeTextEditor?.document.uri;
      return target ? this.painter.drawnFor(target) : {};
    });
    register(Commands.testFindings, (uri) => this.findings.get(String(uri)) ?? null);
    register(Commands.testStatusBar, () => this.statusBar.state());
    register(Commands.testIsArticle, async (uri) => {
      await this.restarting;
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === String(uri));
      return document ? this.isSynced(document) : null;
    });
    register(Commands.testWaitForFindings, (uri, afterSeq, timeoutMs) => this.waitForFindings(String(uri), Number(afterSeq ?? -1), Number(timeoutMs ?? 20000)));
  }

  /** Resolves with the first findings for `uri` received after sequence number `afterSeq` (for tests: no sleeps). */
  private waitForFindings(uri: string, afterSeq: number, timeoutMs: number): Promise<ReceivedFindings> {
    const current = this.findings.get(uri);
    if (current && current.seq > afterSeq) return Promise.resolve(current);
    return new Promise((resolve, reject) => {
      const listener = (f: ReceivedFindings) => {
        if (f.uri !== uri || f.seq <= afterSeq) return;
        clearTimeout(timer);
        this.findingsListeners.delete(listener);
        resolve(f);
      };
      const timer = setTimeout(() => {
        this.findingsListeners.delete(listener);
        reject(new Error(`FactDesk: no findings for ${uri} after #${afterSeq} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.findingsListeners.add(listener);
    });
  }
}
