// "FactDesk: Open Report Preview": the HTML report of an article beside its editor, in a webview.
// The page is the saved report (src/reports/html.ts) with a stricter host policy: no request of any
// kind, inline styles, and one small script allowed by a fresh nonce. The script only reports clicks
// on the article's marks, claims and notes (the extension reveals the passage in the editor) and
// swaps the body in when the report changes, keeping the scroll position. The saved file keeps its
// own policy and has no script. Colours follow the editor's theme through VS Code's CSS variables.
// The preview is rebuilt, debounced, when the article is edited or its notes change.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { noteAnchor, renderHtml, renderHtmlBody, reportTitle, type Report } from '../reports';
import { NotesCommands, PreviewCommands, ReportCommands } from './commands';
import { editorReport, type ExportReportArgs, type ReportFormat, type ReportSources } from './reports';

/** The preview is rebuilt once edits or note changes pause this long. */
export const REPORT_PREVIEW_DEBOUNCE_MS = 400;
export const PREVIEW_VIEW_TYPE = 'factdesk.reportPreview';

/** What the preview's script posts. */
type FromPreview = { type: 'ready' } | { type: 'reveal'; kind: RevealKind; key?: string; anchor?: string };
type RevealKind = 'claim' | 'quote' | 'hedge' | 'note';
const REVEAL_KINDS: readonly RevealKind[] = ['claim', 'quote', 'hedge', 'note'];

/** Arguments of factdesk.reportPreview.reveal: the article and a claim/quote/hedge number (1-based) or a note id or anchor. */
export interface PreviewRevealArgs {
  uri: string;
  kind: RevealKind;
  key?: string;
  anchor?: string;
}

/** The open previews, for the in-host tests. */
export interface PreviewSnapshot {
  uri: string;
  title: string;
  html: string;
  /** The body last sent (the page's initial body, or the last update). */
  body: string;
  renders: number;
  ready: boolean;
  problem?: string;
}

/**
 * Colours from the editor's theme (VS Code sets these variables in every webview), over the saved
 * report's print-friendly ones. Tints are mixed with transparency so they read on light and dark.
 */
const THEME_STYLE = `
body{color:var(--vscode-editor-foreground);background:var(--vscode-editor-background);font-family:var(--vscode-font-family)}
h2,article.claim,table.counts td,table.counts th,blockquote{border-color:var(--vscode-widget-border,var(--vscode-panel-border))}
.summary,.score,.meta,.legend,footer,.margin-note .passage,blockquote{color:var(--vscode-descriptionForeground)}
div.note,.margin-note{background:var(--vscode-textBlockQuote-background)}
a{color:var(--vscode-textLink-foreground)}a:hover{color:var(--vscode-textLink-activeForeground)}
mark.claim{background:color-mix(in srgb,#e6a700 28%,transparent)}mark.note{box-shadow:inset 0 -0.45em 0 color-mix(in srgb,#38a169 40%,transparent)}
mark.quote{border-bottom-color:var(--vscode-textLink-foreground)}
#article mark,.claim h3,.claim-text,.margin-note .passage{cursor:pointer}
`.trim();

/** Reports clicks and swaps the body in on updates; nothing else. */
const PREVIEW_SCRIPT = `
(function () {
  const vscode = acquireVsCodeApi();
  const KINDS = ['note', 'claim', 'quote', 'hedge'];
  document.addEventListener('click', function (event) {
    const target = event.target instanceof Element ? event.target : null;
    if (!target || target.closest('.legend')) return;
    const mark = target.closest('#article mark');
    if (mark) {
      for (const kind of KINDS) {
        const keys = mark.getAttribute('data-' + kind);
        if (keys) return vscode.postMessage({ type: 'reveal', kind: kind, key: keys.split(' ')[0] });
      }
    }
    const claim = target.closest('article.claim');
    if (claim && (target.closest('h3') || target.closest('.claim-text'))) return vscode.postMessage({ type: 'reveal', kind: 'claim', key: claim.id.replace(/^claim-/, '') });
    const margin = target.closest('aside.margin-note');
    if (margin && target.closest('.passage')) return vscode.postMessage({ type: 'reveal', kind: 'note', anchor: margin.id.replace(/^margin-/, '') });
  });
  window.addEventListener('message', function (event) {
    const message = event.data;
    if (!message || message.type !== 'update' || typeof message.body !== 'string') return;
    const y = window.scrollY;
    document.body.innerHTML = message.body;
    document.title = message.title;
    window.scrollTo(0, y);
  });
  vscode.postMessage({ type: 'ready' });
})();
`.trim();

class Preview implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private report: Report | undefined;
  private rendering = false;
  private renderAgain = false;
  ready = false;
  renders = 0;
  body = '';
  problem: string | undefined;
  /** The editor column the article was in: reveals go there, not into the preview's column. */
  private readonly sourceColumn: vscode.ViewColumn;

  constructor(
    readonly document: vscode.TextDocument,
    readonly panel: vscode.WebviewPanel,
    private readonly sources: ReportSources,
    private readonly onDispose: () => void,
  ) {
    this.sourceColumn = vscode.window.visibleTextEditors.find((e) => e.document === document)?.viewColumn ?? vscode.ViewColumn.One;
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === document) this.schedule();
      }),
      sources.onDidChangeNotes(() => this.schedule()),
    );
  }

  get uri(): string {
    return this.document.uri.toString();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.onDispose();
  }

  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.render();
    }, REPORT_PREVIEW_DEBOUNCE_MS);
  }

  /** Builds the report of the text now and shows it; one render at a time, the last change wins. */
  async render(): Promise<void> {
    if (this.rendering) {
      this.renderAgain = true;
      return;
    }
    this.rendering = true;
    try {
      do {
        this.renderAgain = false;
        const built = await editorReport(this.sources, this.document);
        if ('report' in built) {
          this.report = built.report;
          this.problem = undefined;
          this.show(renderHtmlBody(built.report), reportTitle(built.report));
        } else {
          this.problem = built.problem;
          this.show(`<p class="summary">${escapeText(built.problem)}</p>`, `Fact-check report: ${path.basename(this.document.uri.path)}`);
        }
      } while (this.renderAgain);
    } finally {
      this.rendering = false;
    }
  }

  private show(body: string, title: string): void {
    this.renders++;
    this.body = body;
    this.panel.title = `Report: ${path.basename(this.document.uri.path)}`;
    if (this.ready) void this.panel.webview.postMessage({ type: 'update', body, title });
    else this.panel.webview.html = previewPage(body, title, this.report);
  }

  private receive(message: unknown): void {
    const m = message as Partial<FromPreview> | null;
    if (m?.type === 'ready') {
      // A page (re)loaded, e.g. after the panel was hidden: it holds the first body, so send the latest.
      this.ready = true;
      void this.panel.webview.postMessage({ type: 'update', body: this.body, title: this.report ? reportTitle(this.report) : this.panel.title });
      return;
    }
    if (m?.type === 'reveal' && REVEAL_KINDS.includes(m.kind as RevealKind)) {
      const args: PreviewRevealArgs = { uri: this.uri, kind: m.kind as RevealKind };
      if (typeof m.key === 'string') args.key = m.key;
      if (typeof m.anchor === 'string') args.anchor = m.anchor;
      void vscode.commands.executeCommand(PreviewCommands.reveal, args);
    }
  }

  /** Selects a claim, quote, hedge or note of the last report in the article's editor; returns its span. */
  async reveal(args: PreviewRevealArgs): Promise<{ start: number; end: number } | undefined> {
    const report = this.report;
    if (!report) return undefined;
    const index = Number(args.key) - 1;
    let span: { start: number; end: number } | undefined;
    if (args.kind === 'claim') span = report.claims[index];
    else if (args.kind === 'quote') span = report.quotes[index];
    else if (args.kind === 'hedge') span = report.hedges[index];
    else {
      const notes = [...report.claims.flatMap((c) => c.notes), ...report.otherNotes, ...report.orphanedNotes];
      const note = notes.find((n) => n.id === args.key || noteAnchor(n.id) === args.anchor);
      if (note && !note.span) {
        await vscode.commands.executeCommand(NotesCommands.reveal, this.uri, -1, -1, note.id);
        return undefined;
      }
      span = note?.span;
    }
    if (!span) return undefined;
    const range = new vscode.Range(this.document.positionAt(span.start), this.document.positionAt(span.end));
    const editor = await vscode.window.showTextDocument(this.document, { viewColumn: this.sourceColumn, selection: range });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return { start: span.start, end: span.end };
  }

  snapshot(): PreviewSnapshot {
    return {
      uri: this.uri,
      title: this.panel.title,
      html: this.panel.webview.html,
      body: this.body,
      renders: this.renders,
      ready: this.ready,
      ...(this.problem ? { problem: this.problem } : {}),
    };
  }
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The whole page: the saved report's markup with the webview's policy, the theme styles and the nonce'd script. */
function previewPage(body: string, title: string, report: Report | undefined): string {
  const nonce = randomBytes(18).toString('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'`;
  const head = `<style>${THEME_STYLE}</style>\n<script nonce="${nonce}">${PREVIEW_SCRIPT}</script>`;
  if (report) return renderHtml(report, { contentSecurityPolicy: csp, head });
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    `<title>${escapeText(title)}</title>`,
    head,
    '</head>',
    `<body>${body}</body>`,
    '</html>',
  ].join('\n');
}

const SAVE_FORMATS: Array<[string, ReportFormat]> = [
  [PreviewCommands.saveHtml, 'html'],
  [PreviewCommands.saveMarkdown, 'md'],
  [PreviewCommands.saveClaimReview, 'claimreview'],
  [PreviewCommands.saveCsv, 'csv'],
];

export function registerReportPreview(context: vscode.ExtensionContext, sources: ReportSources, testing: boolean): void {
  const previews = new Map<string, Preview>();
  let active: Preview | undefined;

  const open = async (args?: { uri?: string }): Promise<PreviewSnapshot | undefined> => {
    const document = args?.uri ? await vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri)) : vscode.window.activeTextEditor?.document;
    if (!document) {
      void vscode.window.showInformationMessage('FactDesk: open an article to preview its fact-check report.');
      return undefined;
    }
    const key = document.uri.toString();
    const existing = previews.get(key);
    if (existing) {
      existing.panel.reveal(undefined, true);
      return existing.snapshot();
    }
    const panel = vscode.window.createWebviewPanel(
      PREVIEW_VIEW_TYPE,
      `Report: ${path.basename(document.uri.path)}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      // No local files, no command links: the script's messages are the only way out.
      { enableScripts: true, enableCommandUris: false, localResourceRoots: [] },
    );
    const preview = new Preview(document, panel, sources, () => {
      previews.delete(key);
      if (active === preview) active = undefined;
    });
    previews.set(key, preview);
    active = preview;
    panel.onDidChangeViewState(({ webviewPanel }) => {
      if (webviewPanel.active) active = preview;
    });
    await preview.render();
    return preview.snapshot();
  };

  /** The preview a title-bar button belongs to: the active one (VS Code passes no argument for webviews). */
  const target = (args: unknown): Preview | undefined => {
    const uri = typeof args === 'object' && args !== null ? (args as { uri?: unknown }).uri : undefined;
    return typeof uri === 'string' ? previews.get(uri) : active;
  };

  const register = (id: string, run: (...args: unknown[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, run));
  register(PreviewCommands.open, (args) =>
    open(
      typeof args === 'object' && args !== null && !(args instanceof vscode.Uri)
        ? (args as { uri?: string })
        : args instanceof vscode.Uri
          ? { uri: args.toString() }
          : undefined,
    ),
  );
  register(PreviewCommands.reveal, (args) => {
    const a = args as PreviewRevealArgs | undefined;
    return a && typeof a.uri === 'string' ? previews.get(a.uri)?.reveal(a) : undefined;
  });
  for (const [id, format] of SAVE_FORMATS) {
    register(id, (args) => {
      const preview = target(args);
      if (!preview) {
        void vscode.window.showInformationMessage('FactDesk: open a report preview first.');
        return undefined;
      }
      const given = typeof args === 'object' && args !== null ? (args as { target?: unknown }).target : undefined;
      const exportArgs: ExportReportArgs = { uri: preview.uri, format, ...(typeof given === 'string' ? { target: given } : {}) };
      return vscode.commands.executeCommand(ReportCommands.exportReport, exportArgs);
    });
  }
  if (testing) register(PreviewCommands.testPreview, () => [...previews.values()].map((p) => p.snapshot()));
  context.subscriptions.push({ dispose: () => [...previews.values()].forEach((p) => p.panel.dispose()) });
}
