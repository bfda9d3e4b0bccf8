// Fact-check reports and the publication check from the editor: the same report model and gate as
// `factdesk report` / `factdesk check` (src/reports), built from the language server's findings for
// the text in the editor (unsaved edits included) and the notes as the editor places them.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Claim, Entity, Hedge, Quote } from '../core/types';
import { ReportCommands } from './commands';
import type { NotesOf } from './notes/feature';
import { registerReportPreview } from './reportPreview';
import { buildReport, oneLine, publicationGate, renderClaimReview, renderCsv, renderHtml, renderMarkdown, serializeJsonLd, type Report } from '../reports';
import { SETTINGS_SECTION, type AnalysisResult } from '../shared/protocol';

export { ReportCommands };

export type ReportFormat = 'html' | 'md' | 'claimreview' | 'csv';

const FORMATS: Array<vscode.QuickPickItem & { format: ReportFormat; extension: string; filter: string }> = [
  { label: 'HTML', description: 'one self-contained page to share or print', format: 'html', extension: 'html', filter: 'HTML' },
  { label: 'Markdown', description: 'for a CMS, a ticket or a pull request', format: 'md', extension: 'md', filter: 'Markdown' },
  {
    label: 'ClaimReview (JSON-LD)',
    description: 'schema.org markup of the verdicts, for search engines and fact-check databases',
    format: 'claimreview',
    extension: 'jsonld',
    filter: 'JSON-LD',
  },
  { label: 'CSV', description: 'one row per claim and per note, for a spreadsheet', format: 'csv', extension: 'csv', filter: 'CSV' },
];

/** Arguments the commands take from code (tests, keybindings, tasks): no dialogs when given. */
export interface ExportReportArgs {
  uri?: string;
  format?: ReportFormat;
  /** File path to write; without it a save dialog asks. */
  target?: string;
}

export interface CheckPublicationResult {
  passed: boolean;
  claims: number;
  /** Claims with no final verdict and no dismissal. */
  unchecked: Array<{ line: number; column: number; text: string }>;
  /** Notes whose text changed since their final verdict. */
  changed: Array<{ line: number; column: number; text: string; checkedText: string }>;
  orphaned: number;
  /** Claims dismissed as not check-worthy (accepted). */
  dismissed: number;
}

/** Asks the language server to analyze a document now and return its findings. */
export type AnalysisSource = (uri: string) => Promise<AnalysisResult | undefined>;

export interface ReportSources {
  analysisOf: AnalysisSource;
  notesOf: NotesOf;
  /** Fires when any article's notes change (the preview follows it). */
  onDidChangeNotes: vscode.Event<void>;
}
type Sources = ReportSources;

export function registerReports(context: vscode.ExtensionContext, sources: Sources, testing: boolean): void {
  registerReportPreview(context, sources, testing);
  context.subscriptions.push(
    vscode.commands.registerCommand(ReportCommands.exportReport, (args?: ExportReportArgs) => exportReport(sources, args ?? {})),
    vscode.commands.registerCommand(ReportCommands.checkPublication, (args?: { uri?: string }) => checkPublication(sources, args ?? {})),
  );
}

async function exportReport(sources: Sources, args: ExportReportArgs): Promise<string | undefined> {
  const built = await reportFor(sources, args.uri);
  if (!built) return undefined;
  const picked = args.format
    ? FORMATS.find((f) => f.format === args.format)
    : await vscode.window.showQuickPick(FORMATS, { title: 'FactDesk: export the fact-check report as' });
  if (!picked) return undefined;
  const { document, report } = built;
  let target: vscode.Uri | undefined;
  if (args.target) target = vscode.Uri.file(args.target);
  else {
    const beside =
      document.uri.scheme === 'file'
        ? document.uri.fsPath.replace(/\.[^./\\]*$/, '')
        : path.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '', 'article');
    target = await vscode.window.showSaveDialog({
      title: 'FactDesk: save the fact-check report',
      defaultUri: vscode.Uri.file(`${beside}.factcheck-report.${picked.extension}`),
      filters: { [picked.filter]: [picked.extension] },
    });
  }
  if (!target) return undefined;
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const setting = (key: string) => {
    const value = config.get<unknown>(key);
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  };
  let content: string;
  if (picked.format === 'html') content = renderHtml(report);
  else if (picked.format === 'md') content = renderMarkdown(report);
  else if (picked.format === 'csv') content = renderCsv([report]);
  else
    content = serializeJsonLd(
      renderClaimReview(report, { organization: setting('reports.organization'), organizationUrl: setting('reports.organizationUrl') }),
    );
  try {
    await vscode.workspace.fs.writeFile(target, Buffer.from(content, 'utf8'));
  } catch (error) {
    void vscode.window.showErrorMessage(`FactDesk: the report was not written to ${target.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  const { claims, checkedClaims, dismissedClaims } = report.counts;
  const open = 'Open';
  if (!args.target) {
    void vscode.window
      .showInformationMessage(
        `FactDesk: report written to ${path.basename(target.fsPath)} (${checkedClaims} of ${claims} claims checked${dismissedClaims ? `, ${dismissedClaims} not check-worthy` : ''}).`,
        open,
      )
      .then((choice) => {
        if (choice === open) void vscode.commands.executeCommand('vscode.open', target);
      });
  }
  return target.fsPath;
}

async function checkPublication(sources: Sources, args: { uri?: string }): Promise<CheckPublicationResult | undefined> {
  const built = await reportFor(sources, args.uri);
  if (!built) return undefined;
  const { document, report } = built;
  const gate = publicationGate(report);
  const result: CheckPublicationResult = {
    passed: gate.passed,
    claims: report.counts.claims,
    unchecked: gate.uncheckedClaims.map((c) => ({ line: c.line, column: c.column, text: oneLine(c.text, 120) })),
    changed: gate.changedNotes.map((n) => ({
      line: n.position!.line,
      column: n.position!.column,
      text: oneLine(n.text, 120),
      checkedText: oneLine(n.checkedText ?? '', 120),
    })),
    orphaned: gate.orphanedNotes.length,
    dismissed: report.counts.dismissedClaims,
  };
  const name = path.basename(document.uri.path);
  if (gate.passed) {
    const dismissed = result.dismissed ? ` (${result.dismissed} dismissed as not check-worthy)` : '';
    const what = result.claims === 0 ? 'it has no check-worthy claims' : `all ${result.claims} check-worthy claims are checked${dismissed}`;
    void vscode.window.showInformationMessage(`FactDesk: ${name} is ready to publish: ${what}.`);
    return result;
  }
  const problems: string[] = [];
  if (result.unchecked.length) problems.push(`${result.unchecked.length} of ${result.claims} claims have no verdict yet`);
  if (result.changed.length)
    problems.push(`${result.changed.length} note${result.changed.length === 1 ? '' : 's'} changed since checked (confirm or give the verdict again)`);
  if (result.orphaned) problems.push(`${result.orphaned} note${result.orphaned === 1 ? '' : 's'} lost ${result.orphaned === 1 ? 'its' : 'their'} passage`);
  const show = 'Show What Is Left';
  const items = [
    ...gate.uncheckedClaims.map((c) => ({
      label: `Line ${c.line}`,
      description: oneLine(c.text, 100),
      detail: 'no verdict yet',
      span: { start: c.start, end: c.end },
    })),
    ...gate.changedNotes.map((n) => ({
      label: `Line ${n.position!.line}`,
      description: oneLine(n.text, 100),
      detail: `changed since checked; was “${oneLine(n.checkedText ?? '', 80)}”`,
      span: n.span!,
    })),
  ].sort((a, b) => a.span.start - b.span.start);
  void vscode.window
    .showWarningMessage(`FactDesk: ${name} is not ready to publish: ${problems.join('; ')}.`, ...(items.length ? [show] : []))
    .then(async (choice) => {
      if (choice !== show) return;
      const picked = await vscode.window.showQuickPick(items, { title: 'FactDesk: claims not checked yet', matchOnDescription: true });
      if (!picked) return;
      const editor = await vscode.window.showTextDocument(document);
      const range = new vscode.Range(document.positionAt(picked.span.start), document.positionAt(picked.span.end));
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
    });
  return result;
}

/** The report of a document (the active editor's by default), or undefined with the reason shown. */
async function reportFor(sources: Sources, uri: string | undefined): Promise<{ document: vscode.TextDocument; report: Report } | undefined> {
  const document = uri ? await vscode.workspace.openTextDocument(vscode.Uri.parse(uri)) : vscode.window.activeTextEditor?.document;
  if (!document) {
    void vscode.window.showInformationMessage('FactDesk: open an article first.');
    return undefined;
  }
  const built = await editorReport(sources, document);
  if ('report' in built) return { document, report: built.report };
  if (built.level === 'error') void vscode.window.showErrorMessage(built.problem);
  else void vscode.window.showWarningMessage(built.problem);
  return undefined;
}

/**
 * The report of the text in the editor (unsaved edits included) with the notes as the editor places
 * them, or why there is none (a message for the user).
 */
export async function editorReport(
  { analysisOf, notesOf }: Pick<Sources, 'analysisOf' | 'notesOf'>,
  document: vscode.TextDocument,
): Promise<{ report: Report } | { problem: string; level: 'warning' | 'error' }> {
  // The server analyzes the version it has; if the user typed meanwhile, ask again (twice at most).
  for (let attempt = 0; attempt < 3; attempt++) {
    const result = await analysisOf(document.uri.toString());
    if (!result || result.status === 'unknownDocument') {
      return {
        problem: 'FactDesk: this file is not analyzed (it is outside factdesk.filePatterns). Run "FactDesk: Analyze This File" first.',
        level: 'warning',
      };
    }
    if (result.status !== 'ok' || result.findings === undefined) {
      return { problem: `FactDesk: no report for this file: it was not analyzed (${result.status}).`, level: 'warning' };
    }
    if (result.version !== document.version) continue;
    const text = document.getText();
    // Notes live in a file beside the article: an unsaved or virtual document has none.
    const notes = notesOf(document);
    if (notes?.error) return { problem: `FactDesk: no report: ${notes.error} Fix the notes file (or restore it from git) first.`, level: 'error' };
    const findings = JSON.parse(result.findings) as { claims: Claim[]; quotes: Quote[]; hedges: Hedge[]; entities: Entity[] };
    const report = buildReport({
      path: document.uri.scheme === 'file' ? vscode.workspace.asRelativePath(document.uri, false) : document.uri.toString(),
      text,
      analysis: {
        claims: findings.claims,
        quotes: findings.quotes,
        hedges: findings.hedges,
        entities: findings.entities,
        structure: { format: document.languageId === 'markdown' ? 'markdown' : 'plaintext' },
      },
      notes: notes?.notes ?? [],
      anchors: notes?.anchors ?? new Map(),
      threshold: result.claimThreshold,
    });
    return { report };
  }
  return { problem: 'FactDesk: the article kept changing while the report was made; try again when you pause typing.', level: 'warning' };
}
