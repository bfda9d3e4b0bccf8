// Verification notes in the editor: commands, comment threads, verdict badges on claims and quotes,
// the hover, the "Add Fact-check Note" code action and the Fact-check view. Notes stay client-side:
// the client reads and writes the sidecar files through src/notes; the server is not involved.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { reportFailure } from '../../core/failures';
import type { Span } from '../../core/types';
import {
  isFinalVerdict,
  noteStateOf,
  VERDICTS,
  verificationStateOf,
  type AnchorResult,
  type AssessingNote,
  type Dismissal,
  type Note,
  type NoteState,
  type Verdict,
} from '../../notes';
import { SETTINGS_SECTION, type ReceivedFindings } from '../../shared/protocol';
import { OrphanStatus } from '../statusBar';
import { ArticleNotes, type Article } from './articles';
import { commandLink, escape, excerpt, hoverMarkdown, VERDICT_BADGES, VERDICT_COLORS, VERDICT_LABELS, type BadgeKind, type HoverNote } from './format';
import { NoteComment, NoteThreads } from './threads';
import { authorFor } from '../author';
import { NotesCommands } from '../commands';
import type { DeskModel } from '../desk';
import { DeskSection } from './deskSection';
import { FactCheckView, VIEW_ID, type FactCheckNode } from './view';

export { NotesCommands };

/** Where the client keeps the server's findings (claims and quotes get verdict badges). */
export interface FindingsSource {
  findingsFor(uri: string): ReceivedFindings | undefined;
  onDidReceiveFindings(listener: (findings: ReceivedFindings) => void): vscode.Disposable;
}

/** Arguments for factdesk.addNote from code (code action, tests); without them it asks. */
interface AddNoteArgs {
  uri?: string;
  start?: number;
  end?: number;
  verdict?: Verdict;
  comment?: string;
  sources?: string[];
}

/** Arguments identifying a note for commands invoked from code rather than from a thread. */
interface NoteRef {
  uri: string;
  noteId: string;
  verdict?: Verdict;
  source?: string;
  /** editSources from code: the new list of sources (no dialog). */
  sources?: string[];
}

/** Arguments of factdesk.notes.dismiss from code (hover link, code action, tests); the view passes its claim node. */
interface DismissArgs {
  uri?: string;
  key?: string;
  start?: number;
  end?: number;
  /** Without it an input box asks (empty is fine: the reason is optional). */
  reason?: string;
}

/** Commands the notes hover may run from its links. */
const HOVER_COMMANDS = ['factdesk.notes.confirmVerdict', 'factdesk.notes.dismiss', 'factdesk.notes.undismiss', 'factdesk.addNote'];

/**
 * The notes of a document as the editor holds them (places tracked through live edits), or
 * undefined for a document that cannot have notes (not a file); `error` when the sidecar is unusable.
 */
export type NotesOf = (document: vscode.TextDocument) => { notes: readonly Note[]; anchors: ReadonlyMap<string, AnchorResult>; error?: string } | undefined;

/** `log` writes a line to the FactDesk output channel. */
export function registerNotes(
  context: vscode.ExtensionContext,
  findings: FindingsSource,
  testing: boolean,
  desk: DeskModel | undefined,
  log: (line: string) => void,
): NotesAccess {
  const feature = new NotesFeature(findings, desk, log);
  context.subscriptions.push(feature);
  feature.registerCommands(context, testing);
  return { notesOf: (document) => feature.notesOf(document), onDidChange: feature.onDidChangeNotes };
}

/** The notes of documents, and an event when any article's notes change (the report preview follows it). */
export interface NotesAccess {
  notesOf: NotesOf;
  onDidChange: vscode.Event<void>;
}

class NotesFeature implements vscode.Disposable {
  private readonly notes = new ArticleNotes();
  private readonly threads = new NoteThreads(this.notes);
  private readonly view: FactCheckView;
  private readonly treeView: vscode.TreeView<FactCheckNode>;
  private readonly orphanStatus: OrphanStatus;
  /** Orphaned notes already announced (ids): each is told once a session, when it is first seen orphaned. */
  private readonly announcedOrphans = new Set<string>();
  private readonly underlineTypes: Record<BadgeKind, vscode.TextEditorDecorationType>;
  /** Passages whose text changed under a final verdict: a wavy warning underline instead of the verdict's. */
  private readonly changedRangeType: vscode.TextEditorDecorationType;
  /** Fired when the verdict marks (inlay hints) of an article changed. */
  private readonly marksChanged = new vscode.EventEmitter<void>();
  /** Where each article's verdict marks go: offset in the text as painted, and verdict (or changed / dismissed). */
  private readonly marks = new Map<string, Array<{ offset: number; verdict: BadgeKind }>>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly drawnBadges = new Map<string, Array<{ verdict: BadgeKind; line: number; character: number }>>();
  private viewRefresh: ReturnType<typeof setTimeout> | undefined;
  /** The documents shown in editors at the last change of the visible editors. */
  private visibleArticles = new Set(vscode.window.visibleTextEditors.map((e) => e.document.uri.toString()));

  readonly onDidChangeNotes: vscode.Event<void>;
  /** The editor asks for the author's name once a session at most (see author()). */
  private askedForAuthor = false;

  constructor(
    private readonly findings: FindingsSource,
    desk: DeskModel | undefined,
    private readonly log: (line: string) => void,
  ) {
    this.view = new FactCheckView(this.notes, (uri) => findings.findingsFor(uri), desk ? new DeskSection(desk) : undefined);
    this.onDidChangeNotes = (listener, thisArg, disposables) => this.notes.onDidChange(() => listener.call(thisArg), undefined, disposables);
    this.orphanStatus = new OrphanStatus(NotesCommands.showOrphans);
    // A noted passage is underlined in its verdict's colour; the verdict mark itself is an inlay hint
    // (see provideMarks), which wraps with the text (an `after` decoration's text is CSS generated
    // content that word wrap does not see: it was cut off at the wrap edge).
    this.underlineTypes = Object.fromEntries(
      (Object.keys(VERDICT_COLORS) as BadgeKind[]).map((verdict) => [
        verdict,
        vscode.window.createTextEditorDecorationType({
          borderStyle: 'none none dashed none',
          borderWidth: '0 0 1px 0',
          borderColor: new vscode.ThemeColor(VERDICT_COLORS[verdict]),
          rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
        }),
      ]),
    ) as Record<BadgeKind, vscode.TextEditorDecorationType>;
    this.changedRangeType = vscode.window.createTextEditorDecorationType({
      textDecoration: 'underline wavy var(--vscode-editorWarning-foreground)',
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      overviewRulerColor: new vscode.ThemeColor('editorWarning.foreground'),
      overviewRulerLane: vscode.OverviewRulerLane.Right,
    });
    const selector: vscode.DocumentSelector = [
      { scheme: 'file', language: 'plaintext' },
      { scheme: 'file', language: 'markdown' },
    ];
    const tree = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this.view, showCollapseAll: true });
    this.treeView = tree;
    if (desk) this.disposables.push(desk.bindView(tree, () => this.scheduleViewRefresh()));
    this.disposables.push(
      this.notes,
      this.threads,
      this.view,
      ...Object.values(this.underlineTypes),
      this.changedRangeType,
      this.marksChanged,
      vscode.languages.registerInlayHintsProvider(selector, {
        onDidChangeInlayHints: this.marksChanged.event,
        provideInlayHints: (document, range) => this.provideMarks(document, range),
      }),
      tree,
      this.orphanStatus,
      this.notes.onDidChange((article) => this.onNotesChanged(article)),
      findings.onDidReceiveFindings((f) => {
        const article = this.notes.get(f.uri);
        if (article) this.paint(article);
        this.scheduleViewRefresh();
      }),
      vscode.window.onDidChangeVisibleTextEditors((editors) => this.onVisibleEditorsChanged(editors)),
      vscode.window.onDidChangeActiveTextEditor((editor) => this.followActiveEditor(editor)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.threads.forget(d.uri.toString());
        this.drawnBadges.delete(d.uri.toString());
        this.marks.delete(d.uri.toString());
      }),
      vscode.languages.registerHoverProvider(selector, { provideHover: (document, position) => this.hover(document, position) }),
      vscode.languages.registerCodeActionsProvider(
        selector,
        { provideCodeActions: (document, range) => this.codeActions(document, range) },
        {
          providedCodeActionKinds: [ADD_NOTE_KIND, DISMISS_KIND],
        },
      ),
    );
    for (const article of this.notes.all) this.onNotesChanged(article);
    this.followActiveEditor(vscode.window.activeTextEditor);
  }

  notesOf(document: vscode.TextDocument): ReturnType<NotesOf> {
    const article = this.notes.ensure(document);
    if (!article) return undefined;
    return { notes: article.file.notes, anchors: article.anchors, error: article.file.error?.message };
  }

  dispose(): void {
    if (this.viewRefresh) clearTimeout(this.viewRefresh);
    for (const d of this.disposables.reverse()) d.dispose();
  }

  registerCommands(context: vscode.ExtensionContext, testing: boolean): void {
    // VS Code passes command arguments untyped; each handler checks its own.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const register = (id: string, run: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, run));
    register(NotesCommands.addNote, (args?: AddNoteArgs) => this.addNote(isObject(args) ? args : {}));
    register(NotesCommands.createNote, (reply: vscode.CommentReply) => this.createFromDraft(reply));
    register(NotesCommands.reply, (reply: vscode.CommentReply | (NoteRef & { text: string })) => this.reply(reply));
    register(NotesCommands.setVerdict, (target: vscode.CommentThread | NoteRef) => this.setVerdict(target));
    register(NotesCommands.addSource, (target: vscode.CommentThread | NoteRef) => this.addSource(target));
    register(NotesCommands.editSources, (target: vscode.CommentThread | NoteRef) => this.editSources(target));
    register(NotesCommands.confirmVerdict, (target: vscode.CommentThread | NoteRef | { key?: string; noteId?: string }) => this.confirmVerdict(target));
    register(NotesCommands.dismiss, (args?: DismissArgs) => this.dismiss(isObject(args) ? args : {}));
    register(NotesCommands.undismiss, (args?: { uri?: string; key?: string; dismissalId?: string; start?: number; end?: number }) =>
      this.undismiss(isObject(args) ? args : {}),
    );
    register(NotesCommands.deleteNote, (target: vscode.CommentThread | NoteRef) => this.deleteNote(target));
    register(NotesCommands.editComment, (comment: NoteComment) => comment instanceof NoteComment && this.threads.setEditing(comment, true));
    register(NotesCommands.saveComment, (comment: NoteComment | (NoteRef & { text: string })) => this.saveComment(comment));
    register(NotesCommands.cancelEdit, (comment: NoteComment) => this.cancelEdit(comment));
    register(NotesCommands.deleteReply, (comment: NoteComment) => this.deleteReply(comment));
    register(NotesCommands.reattach, (node: { key?: string; noteId?: string }) => this.reattach(node));
    register(NotesCommands.reveal, (uri: string, start: number, end: number, noteId?: string) => this.reveal(uri, start, end, noteId));
    register(NotesCommands.showOrphans, (key?: unknown) => this.showOrphans(typeof key === 'string' ? key : undefined));
    if (!testing) return;
    register(NotesCommands.testNotes, (uri: unknown) => this.snapshot(String(uri)));
    register(NotesCommands.testWaitForNotes, (uri: unknown, afterSeq: unknown, timeoutMs: unknown) =>
      this.waitForNotes(String(uri), Number(afterSeq ?? -1), Number(timeoutMs ?? 30000)),
    );
    register(NotesCommands.testNotesView, () => this.view.flatten());
    register(NotesCommands.testNotesMessages, () => [...this.notes.messages]);
    register(NotesCommands.testOrphanStatus, () => this.orphanStatus.state());
  }

  // --- drawing -------------------------------------------------------------------------------

  /** The Fact-check view opens the active editor's article and collapses the others. */
  private followActiveEditor(editor: vscode.TextEditor | undefined): void {
    const article = editor && this.notes.get(editor.document.uri);
    if (this.view.follow(article?.key)) this.scheduleViewRefresh();
  }

  /**
   * Paints the articles shown; an article that just came into view also gets its threads' places
   * sent (they are not sent while typing shifts notes, see NoteThreads.render): its editor is new,
   * so no comment in it has the focus to take back.
   */
  private onVisibleEditorsChanged(editors: readonly vscode.TextEditor[]): void {
    const shown = new Set(editors.map((e) => e.document.uri.toString()));
    for (const article of this.notes.all) {
      if (shown.has(article.key) && !this.visibleArticles.has(article.key)) this.threads.render(article, true);
      this.paint(article);
    }
    this.visibleArticles = shown;
  }

  private onNotesChanged(article: Article | undefined): void {
    for (const a of article ? [article] : this.notes.all) {
      this.threads.render(a);
      this.paint(a);
    }
    this.countOrphans();
    this.scheduleViewRefresh();
  }

  /**
   * Keeps the orphaned-notes count in the status bar, and tells of notes newly orphaned (their text
   * gone): one short notification per article with a "Show" button. Never silently (issue #9).
   */
  private countOrphans(): void {
    let total = 0;
    for (const article of this.notes.all) {
      const orphans = this.notes.parents(article).filter((n) => article.anchors.get(n.id)?.state === 'orphaned');
      total += orphans.length;
      const fresh = orphans.filter((n) => !this.announcedOrphans.has(n.id));
      if (!fresh.length) continue;
      for (const n of fresh) this.announcedOrphans.add(n.id);
      const name = path.basename(article.document.uri.fsPath);
      const what = fresh.length === 1 ? 'A note' : `${fresh.length} notes`;
      this.notes.show('warning', `FactDesk: ${what} in ${name} lost ${fresh.length === 1 ? 'its' : 'their'} text.`, {
        title: 'Show',
        run: () => void this.showOrphans(article.key),
      });
    }
    this.orphanStatus.show(total);
  }

  /** The Fact-check view, with the first orphaned note (of the article `key`, else of any) selected. */
  private async showOrphans(key: string | undefined): Promise<void> {
    const articles = this.notes.all.filter((a) => !key || a.key === key);
    const first = articles.flatMap((a) => this.notes.parents(a).map((n) => ({ a, n }))).find(({ a, n }) => a.anchors.get(n.id)?.state === 'orphaned');
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    if (!first) return;
    try {
      const node = (await this.view.getChildren({ kind: 'group', key: first.a.key, group: 'notes' })).find((n) => n.kind === 'note' && n.noteId === first.n.id);
      if (node) await this.treeView.reveal(node, { select: true, focus: true, expand: true });
    } catch (error) {
      // The view is shown anyway; only the selection of the note failed.
      reportFailure('notes: reveal an orphaned note in the Fact-check view', error);
      this.log(`notes: could not select the orphaned note in the Fact-check view: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The tree is redrawn at most a few times a second while typing moves notes. */
  private scheduleViewRefresh(): void {
    if (this.viewRefresh) return;
    this.viewRefresh = setTimeout(() => {
      this.viewRefresh = undefined;
      this.view.refresh();
    }, 150);
  }

  /**
   * Verdict marks after each claim and quote with notes on it, and after notes on other text (one
   * per note); a dashed underline in its verdict's colour under every placed note.
   */
  private paint(article: Article): void {
    const editors = vscode.window.visibleTextEditors.filter((e) => e.document.uri.toString() === article.key);
    const document = article.document;
    const placed = this.notes.placed(article);
    const text = document.getText();
    const changed = new Set(placed.filter((p) => noteStateOf(p.note, p.anchor, text) === 'changed').map((p) => p.note.id));
    const badges = new Map<number, BadgeKind>();
    const covered = new Set<string>();
    // One mark per note (issue #9): a note in a quote inside a claim is marked after the quote only;
    // a larger passage gets a mark of its own only for notes no smaller passage showed.
    const passages = this.passages(article.key).sort((a, b) => a.end - a.start - (b.end - b.start) || a.start - b.start);
    for (const passage of passages) {
      const state = verificationStateOf(passage, placed);
      if (!state || state.notes.every((p) => covered.has(p.note.id))) continue;
      for (const p of state.notes) covered.add(p.note.id);
      if (!badges.has(passage.end)) badges.set(passage.end, state.notes.some((p) => changed.has(p.note.id)) ? 'changed' : state.verdict);
    }
    for (const p of placed) {
      if (!covered.has(p.note.id) && !badges.has(p.anchor.span!.end)) badges.set(p.anchor.span!.end, changed.has(p.note.id) ? 'changed' : p.note.verdict);
    }
    for (const d of this.notes.placedDismissals(article)) if (!badges.has(d.span.end)) badges.set(d.span.end, 'dismissed');
    const drawn: Array<{ verdict: BadgeKind; line: number; character: number }> = [];
    const marks: Array<{ offset: number; verdict: BadgeKind }> = [];
    for (const [offset, verdict] of badges) {
      const at = document.positionAt(offset);
      drawn.push({ verdict, line: at.line, character: at.character });
      marks.push({ offset, verdict });
    }
    this.drawnBadges.set(article.key, drawn);
    const before = JSON.stringify(this.marks.get(article.key) ?? []);
    this.marks.set(article.key, marks);
    if (JSON.stringify(marks) !== before) this.marksChanged.fire();
    const underlines = new Map<BadgeKind, vscode.Range[]>();
    const changedUnderlines: vscode.Range[] = [];
    for (const p of placed) {
      const range = new vscode.Range(document.positionAt(p.anchor.span!.start), document.positionAt(p.anchor.span!.end));
      if (changed.has(p.note.id)) changedUnderlines.push(range);
      else underlines.set(p.note.verdict, [...(underlines.get(p.note.verdict) ?? []), range]);
    }
    for (const editor of editors) {
      for (const [verdict, type] of Object.entries(this.underlineTypes) as Array<[BadgeKind, vscode.TextEditorDecorationType]>) {
        editor.setDecorations(type, underlines.get(verdict) ?? []);
      }
      editor.setDecorations(this.changedRangeType, changedUnderlines);
    }
  }

  /** The verdict marks in `range` of an article, as inlay hints ("✓ mostly true" after the passage). */
  private provideMarks(document: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    const marks = this.marks.get(document.uri.toString()) ?? [];
    const hints: vscode.InlayHint[] = [];
    // The text's length without copying it (positions past the end clamp to it).
    const length = document.offsetAt(new vscode.Position(document.lineCount, 0));
    for (const { offset, verdict } of marks) {
      if (offset > length) continue;
      const at = document.positionAt(offset);
      if (!range.contains(at)) continue;
      const hint = new vscode.InlayHint(at, VERDICT_BADGES[verdict]);
      hint.paddingLeft = true;
      hint.tooltip = `Fact-check: ${verdict === 'changed' ? 'changed since checked' : verdict === 'dismissed' ? 'not check-worthy' : VERDICT_LABELS[verdict]}`;
      hints.push(hint);
    }
    return hints;
  }

  /** Claims and quotes of the document, from the server's latest findings. */
  private passages(key: string): Span[] {
    const f = this.findings.findingsFor(key);
    if (!f || f.status !== 'ok') return [];
    const out: Span[] = [];
    for (let i = 0; i + 2 < f.spans.claims.length; i += 3) out.push({ start: f.spans.claims[i], end: f.spans.claims[i + 1] });
    for (let i = 0; i + 1 < f.spans.quotes.length; i += 2) out.push({ start: f.spans.quotes[i], end: f.spans.quotes[i + 1] });
    return out;
  }

  private hover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const article = this.notes.get(document.uri);
    if (!article) return undefined;
    const offset = document.offsetAt(position);
    const placed = this.notes.placed(article);
    // Over a claim or a quote: the state of the whole passage (notes may cover only part of it);
    // elsewhere: the notes at the position.
    const passage = this.passages(article.key)
      .filter((p) => p.start <= offset && offset < p.end)
      .map((p) => verificationStateOf(p, placed))
      .find((s) => s !== undefined);
    const state = passage ?? verificationStateOf({ start: offset, end: offset + 1 }, placed);
    const claim = this.claimAt(article.key, offset);
    const around = claim ?? { start: offset, end: offset + 1 };
    const dismissals = this.notes.placedDismissals(article).filter((d) => d.span.start < around.end && around.start < d.span.end);
    const writable = this.notes.canWrite(article);
    const uri = article.key;
    if (!state) {
      if (dismissals.length) {
        const md = new vscode.MarkdownString(undefined, true);
        md.isTrusted = { enabledCommands: HOVER_COMMANDS };
        md.appendMarkdown(dismissalMarkdown(dismissals, uri, writable));
        const d = dismissals[0].span;
        return new vscode.Hover(md, new vscode.Range(document.positionAt(d.start), document.positionAt(d.end)));
      }
      if (!claim) return undefined;
      // A claim nobody has looked at yet: say so, and offer the two ways to settle it.
      const md = new vscode.MarkdownString(undefined, true);
      md.isTrusted = { enabledCommands: HOVER_COMMANDS };
      md.appendMarkdown('**Fact-check:** $(circle-large-outline) unchecked');
      if (writable) {
        md.appendMarkdown(
          `\n\n${commandLink('Add fact-check note', NotesCommands.addNote, { uri, start: claim.start, end: claim.end })} · ` +
            commandLink('Dismiss as not check-worthy', NotesCommands.dismiss, { uri, start: claim.start, end: claim.end }),
        );
      }
      return new vscode.Hover(md, new vscode.Range(document.positionAt(claim.start), document.positionAt(claim.end)));
    }
    const text = document.getText();
    const notes: HoverNote[] = state.notes.map((p) => {
      const noteState = noteStateOf(p.note, p.anchor, text);
      const actions =
        writable && noteState === 'changed'
          ? commandLink('Confirm verdict on the text now', NotesCommands.confirmVerdict, { uri, noteId: p.note.id })
          : undefined;
      return { note: p.note, state: noteState, text: text.slice(p.anchor.span!.start, p.anchor.span!.end), actions };
    });
    const md = hoverMarkdown(state, notes, HOVER_COMMANDS);
    if (dismissals.length) md.appendMarkdown(`\n\n${dismissalMarkdown(dismissals, uri, writable)}`);
    const start = Math.min(...state.notes.map((p) => p.anchor.span!.start));
    const end = Math.max(...state.notes.map((p) => p.anchor.span!.end));
    return new vscode.Hover(md, new vscode.Range(document.positionAt(start), document.positionAt(end)));
  }

  /** The smallest claim around an offset (from the server's latest findings). */
  private claimAt(key: string, offset: number): Span | undefined {
    const f = this.findings.findingsFor(key);
    if (!f || f.status !== 'ok') return undefined;
    let best: Span | undefined;
    for (let i = 0; i + 2 < f.spans.claims.length; i += 3) {
      const start = f.spans.claims[i];
      const end = f.spans.claims[i + 1];
      if (start <= offset && offset < end && (!best || end - start < best.end - best.start)) best = { start, end };
    }
    return best;
  }

  private codeActions(document: vscode.TextDocument, range: vscode.Range): vscode.CodeAction[] {
    // Not offered where no note can be written: an untrusted workspace, an unsaved or virtual document.
    if (document.uri.scheme !== 'file' || !vscode.workspace.isTrusted) return [];
    let span: Span | undefined;
    let what = 'the selection';
    if (!range.isEmpty) {
      span = { start: document.offsetAt(range.start), end: document.offsetAt(range.end) };
    } else {
      const found = this.passageAt(document.uri.toString(), document.offsetAt(range.start));
      if (found) ({ span, what } = found);
    }
    if (!span || span.end <= span.start) return [];
    const action = new vscode.CodeAction(`Add Fact-check Note on ${what}`, ADD_NOTE_KIND);
    action.command = {
      command: NotesCommands.addNote,
      title: action.title,
      arguments: [{ uri: document.uri.toString(), start: span.start, end: span.end } satisfies AddNoteArgs],
    };
    const actions = [action];
    // On a claim not yet dismissed: dismiss it as not check-worthy.
    const offset = document.offsetAt(range.start);
    const claim = range.isEmpty ? this.claimAt(document.uri.toString(), offset) : undefined;
    const article = this.notes.get(document.uri);
    const dismissed = claim && article && this.notes.placedDismissals(article).some((d) => d.span.start < claim.end && claim.start < d.span.end);
    if (claim && !dismissed) {
      const dismiss = new vscode.CodeAction('Dismiss Claim as Not Check-worthy', DISMISS_KIND);
      dismiss.command = {
        command: NotesCommands.dismiss,
        title: dismiss.title,
        arguments: [{ uri: document.uri.toString(), start: claim.start, end: claim.end } satisfies DismissArgs],
      };
      actions.push(dismiss);
    }
    return actions;
  }

  /** The smallest claim or quote around an offset. */
  private passageAt(key: string, offset: number): { span: Span; what: string } | undefined {
    const f = this.findings.findingsFor(key);
    if (!f || f.status !== 'ok') return undefined;
    let best: { span: Span; what: string } | undefined;
    const consider = (start: number, end: number, what: string) => {
      if (start <= offset && offset <= end && (!best || end - start < best.span.end - best.span.start)) best = { span: { start, end }, what };
    };
    for (let i = 0; i + 2 < f.spans.claims.length; i += 3) consider(f.spans.claims[i], f.spans.claims[i + 1], 'this claim');
    for (let i = 0; i + 1 < f.spans.quotes.length; i += 2) consider(f.spans.quotes[i], f.spans.quotes[i + 1], 'this quote');
    return best;
  }

  // --- commands ------------------------------------------------------------------------------

  /**
   * The name a new note or reply on `document` is signed with (see ../author.ts for the order); when
   * no source knows one, the first note asks once and keeps the answer in `factdesk.author`.
   */
  private async author(document: vscode.TextDocument): Promise<string> {
    const found = await authorFor(document, this.log);
    if (found) return found;
    if (!this.askedForAuthor) {
      this.askedForAuthor = true;
      const typed = await vscode.window.showInputBox({
        title: 'Your name on fact-check notes',
        prompt: 'Notes are signed with this name (kept in the factdesk.author setting)',
        ignoreFocusOut: true,
      });
      if (typed?.trim()) {
        await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('author', typed.trim(), vscode.ConfigurationTarget.Global);
        return typed.trim();
      }
    }
    return UNKNOWN_AUTHOR;
  }

  /** Returns the new note's id (for tests and scripts), or undefined when nothing was added. */
  private async addNote(args: AddNoteArgs): Promise<string | undefined> {
    const editor = vscode.window.activeTextEditor;
    let document: vscode.TextDocument | undefined;
    if (args.uri) document = await vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri));
    else document = editor?.document;
    if (!document) {
      this.notes.show('info', 'FactDesk: open an article and select the passage to add a note on.');
      return undefined;
    }
    let span: Span | undefined;
    if (typeof args.start === 'number' && typeof args.end === 'number') span = { start: args.start, end: args.end };
    else if (editor && editor.document === document && !editor.selection.isEmpty) {
      span = { start: document.offsetAt(editor.selection.start), end: document.offsetAt(editor.selection.end) };
    } else if (editor && editor.document === document) {
      span = this.passageAt(document.uri.toString(), document.offsetAt(editor.selection.active))?.span;
    }
    if (!span || span.end <= span.start) {
      this.notes.show('info', 'FactDesk: select the passage to add a note on, or put the cursor in a claim or a quote.');
      return undefined;
    }
    const why = this.notes.whyReadOnly(this.notes.get(document.uri), document);
    if (why) {
      this.notes.show('warning', why);
      return undefined;
    }
    const article = this.notes.ensure(document);
    if (!article) return undefined;
    if (!this.notes.canWrite(article)) {
      this.notes.show('warning', this.notes.whyReadOnly(article) ?? 'FactDesk: notes are read-only.');
      return undefined;
    }
    const verdict = args.verdict ?? (await pickVerdict('unchecked'));
    if (!verdict) return undefined;
    const comment =
      args.comment ?? (await vscode.window.showInputBox({ title: 'Fact-check note', prompt: 'Comment (Markdown; optional)', ignoreFocusOut: true }));
    if (comment === undefined) return undefined;
    const author = await this.author(document);
    const text = document.getText();
    const noteSpan = span;
    const note = this.notes.edit(
      article,
      (file) => file.addNote({ text, span: noteSpan, verdict, comment, sources: args.sources ?? [], author }),
      () => noteSpan,
    );
    if (!note) return undefined;
    this.threads.expandWhenShown(note.id);
    this.onNotesChanged(article);
    return note.id;
  }

  /** "Add Note" in a draft thread opened from the gutter "+": the draft's text is the comment. */
  private async createFromDraft(reply: vscode.CommentReply): Promise<void> {
    const thread = reply.thread;
    const range = thread.range;
    const article = this.notes.get(thread.uri);
    thread.dispose();
    if (!article || !range) return;
    const document = article.document;
    let span = { start: document.offsetAt(range.start), end: document.offsetAt(range.end) };
    // A click on the gutter gives a whole line (or an empty range): take the line's text.
    if (span.end <= span.start) {
      const line = document.lineAt(range.start.line).range;
      span = { start: document.offsetAt(line.start), end: document.offsetAt(line.end) };
    }
    if (span.end <= span.start) {
      this.notes.show('info', 'FactDesk: a note needs some text to stand on; this line is empty.');
      return;
    }
    const author = await this.author(document);
    const text = document.getText();
    const note = this.notes.edit(
      article,
      (file) => file.addNote({ text, span, verdict: 'unchecked', comment: reply.text, author }),
      () => span,
    );
    if (!note) return;
    this.threads.expandWhenShown(note.id);
    this.onNotesChanged(article);
  }

  /** From the thread's reply box, or from code with { uri, noteId, text }; returns the reply's id. */
  private async reply(reply: vscode.CommentReply | (NoteRef & { text: string })): Promise<string | undefined> {
    const found = this.resolve('thread' in reply ? reply.thread : reply);
    if (!found || typeof reply.text !== 'string' || !reply.text.trim()) return undefined;
    const author = await this.author(found.article.document);
    return this.notes.edit(found.article, (file) => file.addReply(found.note.id, reply.text, author))?.id;
  }

  private resolve(target: vscode.CommentThread | NoteRef | undefined): { article: Article; note: AssessingNote } | undefined {
    let key: string | undefined;
    let noteId: string | undefined;
    if (target && 'noteId' in target && typeof target.noteId === 'string') {
      key = (target as NoteRef).uri;
      noteId = target.noteId;
    } else if (target) {
      const info = this.threads.infoOf(target as vscode.CommentThread);
      key = info?.articleKey;
      noteId = info?.noteId;
    }
    const article = key ? this.notes.get(key) : undefined;
    const note = article && noteId ? this.notes.parents(article).find((n) => n.id === noteId) : undefined;
    return article && note ? { article, note } : undefined;
  }

  private async setVerdict(target: vscode.CommentThread | NoteRef): Promise<void> {
    const found = this.resolve(target);
    if (!found) return;
    const verdict = (target as NoteRef).verdict ?? (await pickVerdict(found.note.verdict));
    if (!verdict) return;
    const current = this.currentText(found.article, found.note.id);
    // The same verdict again on changed text confirms it; otherwise an unchanged verdict is no edit.
    if (verdict === found.note.verdict && this.stateOf(found.article, found.note) !== 'changed') return;
    this.notes.edit(found.article, (file) => file.updateNote(found.note.id, { verdict, checkedText: current }));
  }

  /** The text of a note's passage now, as the editor places it (undefined when orphaned). */
  private currentText(article: Article, noteId: string): string | undefined {
    const span = article.anchors.get(noteId)?.span;
    return span ? article.document.getText().slice(span.start, span.end) : undefined;
  }

  private stateOf(article: Article, note: AssessingNote): NoteState {
    return noteStateOf(note, article.anchors.get(note.id), article.document.getText());
  }

  /** "Confirm verdict": the note's final verdict stands for its text as it reads now. */
  private confirmVerdict(target: vscode.CommentThread | NoteRef | { key?: string; noteId?: string }): void {
    const ref = target && 'key' in target && typeof target.key === 'string' ? { uri: target.key, noteId: String(target.noteId) } : target;
    const found = this.resolve(ref as vscode.CommentThread | NoteRef);
    if (!found) return;
    const current = this.currentText(found.article, found.note.id);
    if (current === undefined) {
      this.notes.show('info', 'FactDesk: this note has lost its passage; re-attach it before confirming its verdict.');
      return;
    }
    if (!isFinalVerdict(found.note.verdict)) {
      this.notes.show('info', 'FactDesk: this note has no verdict to confirm yet; set one with “Set Verdict”.');
      return;
    }
    this.notes.edit(found.article, (file) => file.confirmVerdict(found.note.id, current));
  }

  /** Dismisses a claim (or any passage) as not check-worthy; returns the dismissal's id. */
  private async dismiss(args: DismissArgs): Promise<string | undefined> {
    const key = args.uri ?? args.key ?? vscode.window.activeTextEditor?.document.uri.toString();
    const document = key ? (this.notes.get(key)?.document ?? (await vscode.workspace.openTextDocument(vscode.Uri.parse(key)))) : undefined;
    if (!document) return undefined;
    let span: Span | undefined = typeof args.start === 'number' && typeof args.end === 'number' ? { start: args.start, end: args.end } : undefined;
    const editor = vscode.window.activeTextEditor;
    if (!span && editor?.document === document) {
      span = editor.selection.isEmpty
        ? this.claimAt(document.uri.toString(), document.offsetAt(editor.selection.active))
        : { start: document.offsetAt(editor.selection.start), end: document.offsetAt(editor.selection.end) };
    }
    if (!span || span.end <= span.start) {
      this.notes.show('info', 'FactDesk: put the cursor in a claim (or select a passage) to dismiss it as not check-worthy.');
      return undefined;
    }
    const article = this.notes.ensure(document);
    if (!article) {
      this.notes.show('warning', this.notes.whyReadOnly(undefined, document) ?? 'FactDesk: this document cannot have notes.');
      return undefined;
    }
    if (!this.notes.canWrite(article)) {
      this.notes.show('warning', this.notes.whyReadOnly(article) ?? 'FactDesk: notes are read-only.');
      return undefined;
    }
    const reason =
      args.reason ??
      (await vscode.window.showInputBox({
        title: 'Dismiss as not check-worthy',
        prompt: 'Why is this not check-worthy? (optional; Escape cancels)',
        placeHolder: 'e.g. an opinion, attributed; a date of a meeting',
        ignoreFocusOut: true,
      }));
    if (reason === undefined) return undefined;
    const text = document.getText();
    const at = span;
    const author = await this.author(document);
    const dismissal = this.notes.edit(
      article,
      (file) => file.dismiss({ text, span: at, reason, author }),
      () => at,
    );
    return dismissal?.id;
  }

  /** Undoes a dismissal: by id, or every dismissal over the given passage (the view's claim node). */
  private undismiss(args: { uri?: string; key?: string; dismissalId?: string; start?: number; end?: number }): void {
    const article = this.notes.get(args.uri ?? args.key ?? '');
    if (!article) return;
    const ids = this.notes
      .placedDismissals(article)
      .filter((d) =>
        args.dismissalId
          ? d.dismissal.id === args.dismissalId
          : typeof args.start === 'number' && typeof args.end === 'number' && d.span.start < args.end && args.start < d.span.end,
      )
      .map((d) => d.dismissal.id);
    if (args.dismissalId && !ids.length) ids.push(args.dismissalId);
    if (!ids.length) return;
    this.notes.edit(article, (file) => ids.forEach((id) => file.deleteNote(id)));
  }

  private async addSource(target: vscode.CommentThread | NoteRef): Promise<void> {
    const found = this.resolve(target);
    if (!found) return;
    const source = (target as NoteRef).source ?? (await askSource('Add a source', ''));
    if (!source?.trim() || found.note.sources.includes(source.trim())) return;
    this.notes.edit(found.article, (file) => file.updateNote(found.note.id, { sources: [...found.note.sources, source.trim()] }));
  }

  /** Edit or remove a note's sources: pick one, then change its text (empty removes it) or remove it. */
  private async editSources(target: vscode.CommentThread | NoteRef): Promise<void> {
    const found = this.resolve(target);
    if (!found) return;
    const given = (target as NoteRef).sources;
    if (Array.isArray(given)) {
      const sources = [...new Set(given.map((s) => String(s).trim()).filter(Boolean))];
      this.notes.edit(found.article, (file) => file.updateNote(found.note.id, { sources }));
      return;
    }
    const sources = found.note.sources;
    if (!sources.length) {
      await this.addSource(target);
      return;
    }
    const remove: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: 'Remove this source' };
    const picked = await new Promise<{ index: number; remove: boolean } | undefined>((resolve) => {
      const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { index: number }>();
      pick.title = 'Sources of this note: pick one to edit it, or remove it with the trash button';
      pick.items = sources.map((s, index) => ({ label: s, index, buttons: [remove] }));
      pick.ignoreFocusOut = true;
      let done = false;
      const finish = (value: { index: number; remove: boolean } | undefined) => {
        if (done) return;
        done = true;
        resolve(value);
        pick.dispose();
      };
      pick.onDidTriggerItemButton((e) => finish({ index: e.item.index, remove: true }));
      pick.onDidAccept(() => finish(pick.selectedItems[0] ? { index: pick.selectedItems[0].index, remove: false } : undefined));
      pick.onDidHide(() => finish(undefined));
      pick.show();
    });
    if (!picked) return;
    let next: string[];
    if (picked.remove) next = sources.filter((_, i) => i !== picked.index);
    else {
      const edited = await askSource('Edit the source (empty removes it)', sources[picked.index]);
      if (edited === undefined) return;
      next = edited.trim() ? sources.map((s, i) => (i === picked.index ? edited.trim() : s)) : sources.filter((_, i) => i !== picked.index);
    }
    const unique = [...new Set(next)];
    this.notes.edit(found.article, (file) => file.updateNote(found.note.id, { sources: unique }));
  }

  private async deleteNote(target: vscode.CommentThread | NoteRef): Promise<void> {
    const found = this.resolve(target);
    if (!found) return;
    if (!('noteId' in target)) {
      const replies = this.notes.replies(found.article, found.note.id).length;
      const answer = await vscode.window.showWarningMessage(
        `Delete this note${replies ? ` and its ${replies} repl${replies === 1 ? 'y' : 'ies'}` : ''}?`,
        { modal: true },
        'Delete',
      );
      if (answer !== 'Delete') return;
    }
    this.notes.edit(found.article, (file) => file.deleteNote(found.note.id));
  }

  /** The edited comment from its thread, or from code with { uri, noteId, text }. */
  private saveComment(comment: NoteComment | (NoteRef & { text: string })): void {
    if (!(comment instanceof NoteComment)) {
      const article = this.notes.get(comment.uri);
      if (article && typeof comment.text === 'string') this.notes.edit(article, (file) => file.updateNote(comment.noteId, { comment: comment.text }));
      return;
    }
    const article = this.notes.get(comment.articleKey);
    const text = typeof comment.body === 'string' ? comment.body : comment.body.value;
    comment.mode = vscode.CommentMode.Preview;
    if (article) this.notes.edit(article, (file) => file.updateNote(comment.noteId, { comment: text }));
    this.threads.setEditing(comment, false);
    if (article) this.onNotesChanged(article);
  }

  private cancelEdit(comment: NoteComment): void {
    if (!(comment instanceof NoteComment)) return;
    comment.mode = vscode.CommentMode.Preview;
    this.threads.setEditing(comment, false);
    const article = this.notes.get(comment.articleKey);
    if (article) this.onNotesChanged(article);
  }

  private deleteReply(comment: NoteComment): void {
    if (!(comment instanceof NoteComment) || comment.kind !== 'reply') return;
    const article = this.notes.get(comment.articleKey);
    if (article) this.notes.edit(article, (file) => file.deleteNote(comment.noteId));
  }

  /** Puts an orphaned (or misplaced) note on the passage selected in its article. */
  private reattach(node: { key?: string; noteId?: string }): void {
    const article = node?.key ? this.notes.get(node.key) : undefined;
    const editor = vscode.window.activeTextEditor;
    if (!article || !node.noteId) return;
    if (!editor || editor.document.uri.toString() !== article.key || editor.selection.isEmpty) {
      this.notes.show('info', 'FactDesk: select the passage in the article first, then re-attach the note.');
      return;
    }
    const span = { start: editor.document.offsetAt(editor.selection.start), end: editor.document.offsetAt(editor.selection.end) };
    const text = editor.document.getText();
    const noteId = node.noteId;
    this.notes.edit(
      article,
      (file) => file.moveNote(noteId, text, span),
      () => span,
    );
  }

  private async reveal(key: string, start: number, end: number, noteId?: string): Promise<void> {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(key));
    const editor = await vscode.window.showTextDocument(document, { preserveFocus: false });
    if (start < 0 || end < start) {
      const article = this.notes.get(key);
      const note = article && noteId ? this.notes.parents(article).find((n) => n.id === noteId) : undefined;
      this.notes.show(
        'info',
        `FactDesk: this note's text (“${excerpt(note?.selectors.quote.exact ?? '…', ORPHAN_QUOTE_CHARS)}”) is gone. Select where it belongs, then “Re-attach Note to Selection”.`,
      );
      return;
    }
    const range = new vscode.Range(document.positionAt(start), document.positionAt(end));
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    if (noteId) {
      const thread = this.threads.threadOf(key, noteId);
      if (thread) thread.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
    }
  }

  // --- test hooks ----------------------------------------------------------------------------

  private snapshot(key: string): NotesSnapshot | null {
    const article = this.notes.get(key);
    if (!article) return null;
    const text = article.document.getText();
    return {
      seq: article.seq,
      readOnly: !this.notes.canWrite(article),
      error: article.file.error?.message,
      sidecarPath: article.file.sidecarPath,
      notes: article.file.notes.map((n) => {
        const anchor = n.kind !== 'reply' ? article.anchors.get(n.id) : undefined;
        return {
          id: n.id,
          kind: n.kind,
          verdict: n.kind === 'note' ? n.verdict : undefined,
          checkedText: n.kind === 'note' ? n.checkedText : undefined,
          comment: n.comment,
          sources: n.sources,
          author: n.author,
          parentId: n.kind === 'reply' ? n.parentId : undefined,
          state: n.kind === 'reply' ? undefined : noteStateOf(n, anchor, text),
          start: anchor?.span?.start,
          end: anchor?.span?.end,
          text: anchor?.span ? text.slice(anchor.span.start, anchor.span.end) : undefined,
        };
      }),
      threads: this.threads.snapshot(key),
      badges: this.drawnBadges.get(key) ?? [],
    };
  }

  private waitForNotes(key: string, afterSeq: number, timeoutMs: number): Promise<NotesSnapshot> {
    const now = this.snapshot(key);
    if (now && now.seq > afterSeq) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const listener = this.notes.onDidChange(() => {
        const s = this.snapshot(key);
        if (!s || s.seq <= afterSeq) return;
        clearTimeout(timer);
        listener.dispose();
        resolve(s);
      });
      const timer = setTimeout(() => {
        listener.dispose();
        reject(new Error(`FactDesk: no change to the notes of ${key} after #${afterSeq} within ${timeoutMs} ms`));
      }, timeoutMs);
    });
  }
}

/** How much of an orphaned note's old text its message quotes. */
const ORPHAN_QUOTE_CHARS = 60;

/** Signs a note when no setting, git nor the system knows a name and the user gave none when asked. */
const UNKNOWN_AUTHOR = 'unknown author';

const ADD_NOTE_KIND = vscode.CodeActionKind.Empty.append('factdesk').append('addNote');
const DISMISS_KIND = vscode.CodeActionKind.Empty.append('factdesk').append('dismiss');

/** The dismissals over a passage in a hover: who, why, and a link to undo. */
function dismissalMarkdown(dismissals: ReadonlyArray<{ dismissal: Dismissal; span: Span }>, uri: string, writable: boolean): string {
  return dismissals
    .map(({ dismissal }) => {
      const by = dismissal.author ? ` — ${escape(dismissal.author)}` : '';
      const reason = dismissal.comment.trim() ? `\n\nReason: ${escape(dismissal.comment.trim())}` : '';
      const undo = writable ? `\n\n${commandLink('Undo dismissal', NotesCommands.undismiss, { uri, dismissalId: dismissal.id })}` : '';
      return `**Fact-check:** $(circle-slash) dismissed as not check-worthy${by}${reason}${undo}`;
    })
    .join('\n\n');
}

/** Asks for a source: a URL or a description ("Phone call with the insurers' press office, 8 Jan"). */
function askSource(title: string, value: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title,
    value,
    prompt: 'A URL, or a description of a source that is not a link (a phone call, a document, an interview)',
    placeHolder: "https://…  or  Phone call with the insurers' press office, 8 Jan",
    ignoreFocusOut: true,
  });
}

export interface NotesSnapshot {
  seq: number;
  readOnly: boolean;
  error?: string;
  sidecarPath: string;
  notes: Array<{
    id: string;
    kind: Note['kind'];
    verdict?: Verdict;
    checkedText?: string;
    comment: string;
    sources: string[];
    author?: string;
    parentId?: string;
    state?: string;
    start?: number;
    end?: number;
    text?: string;
  }>;
  threads: ReturnType<NoteThreads['snapshot']>;
  badges: Array<{ verdict: BadgeKind; line: number; character: number }>;
}

/**
 * The verdict picker. Each row's label is the verdict's name alone (its mark goes in the
 * description): VS Code sorts the rows a filter matches with prefix matches first and, among those,
 * the shortest, so typing "true" puts "True" before "Mostly true" (with the mark first, "✓ mostly
 * true" and "✓ true" tied and "mostly" came first alphabetically).
 */
async function pickVerdict(current: Verdict): Promise<Verdict | undefined> {
  const items = VERDICTS.map((v) => ({
    label: VERDICT_LABELS[v],
    description: [VERDICT_BADGES[v].split(' ')[0], v === current ? 'current' : undefined].filter(Boolean).join('  ·  '),
    verdict: v,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Verdict', placeHolder: `Verdict (now: ${VERDICT_LABELS[current]})`, ignoreFocusOut: true });
  return picked?.verdict;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !(value instanceof vscode.Uri);
}
