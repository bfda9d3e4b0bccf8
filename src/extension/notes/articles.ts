// The notes of every open article, kept on the right text: loaded from the sidecar when the article
// opens, shifted by live edits, re-anchored when the article changes on disk, reloaded (merged)
// when the sidecar changes on disk, moved with the article. All file access goes through
// src/notes (NotesFile, moveSidecar); this class adds the VS Code events around it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { reportFailure } from '../../core/failures';
import type { Span } from '../../core/types';
import {
  EDITOR_LOCK_WAIT_MS,
  moveSidecar,
  nodeFileSystem,
  NotesFile,
  ReadOnlyNotesError,
  shiftSpan,
  SidecarError,
  sidecarPathFor,
  SIDECAR_SUFFIX,
  type AnchorResult,
  isPassageNote,
  type AssessingNote,
  type Dismissal,
  type PassageNote,
  type PlacedNote,
  type ReplyNote,
} from '../../notes';

export interface Article {
  /** The document's URI as a string: the key of everything per article. */
  readonly key: string;
  document: vscode.TextDocument;
  file: NotesFile;
  /** Where each note is in the document's current text (UTF-16 offsets). */
  anchors: Map<string, AnchorResult>;
  /** The selectors each anchor was computed from, to see which notes a reload changed. */
  placedFrom: Map<string, string>;
  /** Change counter (shared by all articles) of the last change to this article's notes. */
  seq: number;
  /**
   * Counts the times the notes were anchored afresh (opened, changed on disk, reloaded), not
   * shifted by typing: the threads send their places to VS Code again only when this changes.
   */
  placements: number;
  readonly watchers: vscode.Disposable[];
}

/** Messages the user was shown, kept for the test hooks (no public API reads notifications). */
export interface ShownMessage {
  severity: 'error' | 'warning' | 'info';
  text: string;
}

const ARTICLE_LANGUAGES = new Set(['plaintext', 'markdown']);

export function isSidecar(uri: vscode.Uri): boolean {
  return uri.path.endsWith(SIDECAR_SUFFIX);
}

export class ArticleNotes implements vscode.Disposable {
  private readonly articles = new Map<string, Article>();
  private readonly changeEmitter = new vscode.EventEmitter<Article | undefined>();
  /** Fires after the notes (or their places) of an article changed; undefined: several or all. */
  readonly onDidChange = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  private seq = 0;
  /** Problems already reported, per sidecar: one message per problem, not one per keystroke or reload. */
  private readonly reported = new Map<string, string>();
  readonly messages: ShownMessage[] = [];
  /** The untrusted-workspace notice is shown once a session, when the first article with notes opens. */
  private toldUntrusted = false;

  constructor() {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.trackIfArticle(d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.untrack(d.uri.toString())),
      vscode.workspace.onDidChangeTextDocument((e) => this.onDocumentChanged(e)),
      vscode.workspace.onDidSaveTextDocument((d) => this.onDocumentSaved(d)),
      vscode.workspace.onDidRenameFiles((e) => this.onFilesRenamed(e)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.fire(undefined)),
    );
    for (const document of vscode.workspace.textDocuments) this.trackIfArticle(document);
  }

  get all(): Article[] {
    return [...this.articles.values()];
  }

  get(uri: vscode.Uri | string): Article | undefined {
    return this.articles.get(uri.toString());
  }

  get changeCount(): number {
    return this.seq;
  }

  /** Why notes of this article (or of this document, not yet an article) cannot be written, if so. */
  whyReadOnly(article: Article | undefined, document?: vscode.TextDocument): string | undefined {
    const uri = article?.document.uri ?? document?.uri;
    if (uri && uri.scheme !== 'file') {
      return uri.scheme === 'untitled'
        ? 'FactDesk: notes are stored in a file beside the article: save the article first, then add notes.'
        : `FactDesk: notes are stored in a file beside the article on disk, so they are not available for ${uri.scheme}: documents (virtual workspaces).`;
    }
    if (!vscode.workspace.isTrusted) return 'FactDesk: notes are read-only in an untrusted workspace. Trust the workspace to add or edit notes.';
    if (article?.file.error) return new ReadOnlyNotesError(article.file.error).message;
    return undefined;
  }

  canWrite(article: Article): boolean {
    return this.whyReadOnly(article) === undefined;
  }

  /** The article for a document, tracking it now if it is a file not tracked yet (any language). */
  ensure(document: vscode.TextDocument): Article | undefined {
    return this.get(document.uri) ?? this.track(document);
  }

  placed(article: Article): PlacedNote[] {
    const out: PlacedNote[] = [];
    for (const note of article.file.notes) {
      if (note.kind !== 'note') continue;
      const anchor = article.anchors.get(note.id);
      if (anchor?.span) out.push({ note, anchor });
    }
    return out;
  }

  /** The dismissals (not check-worthy) placed on the current text. */
  placedDismissals(article: Article): Array<{ dismissal: Dismissal; span: Span }> {
    const out: Array<{ dismissal: Dismissal; span: Span }> = [];
    for (const n of article.file.notes) {
      if (n.kind !== 'dismissal') continue;
      const span = article.anchors.get(n.id)?.span;
      if (span) out.push({ dismissal: n, span });
    }
    return out;
  }

  /** Notes and dismissals: everything that stands on a passage and is anchored. */
  private passageNotes(article: Article): PassageNote[] {
    return article.file.notes.filter(isPassageNote);
  }

  parents(article: Article): AssessingNote[] {
    return article.file.notes.filter((n): n is AssessingNote => n.kind === 'note');
  }

  replies(article: Article, parentId: string): ReplyNote[] {
    return article.file.notes
      .filter((n): n is ReplyNote => n.kind === 'reply' && n.parentId === parentId)
      .sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : 0));
  }

  /**
   * Runs an edit of the notes (add, update, delete...) and saves. Shows why when the notes are
   * read-only, and whatever the save ran into; returns the edit's result, or undefined if nothing
   * was written.
   */
  edit<T>(article: Article, change: (file: NotesFile) => T, placeAt?: (result: T) => Span | undefined): T | undefined {
    const why = this.whyReadOnly(article);
    if (why) {
      this.show('warning', why);
      return undefined;
    }
    let result: T;
    try {
      result = change(article.file);
    } catch (error) {
      this.show('error', `FactDesk: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    const span = placeAt?.(result);
    if (span && result && typeof result === 'object' && 'id' in result && typeof result.id === 'string') this.setPlace(article, result.id, span);
    this.save(article);
    return result;
  }

  /** Sets where a note is now (it was just added or moved at a known span). */
  setPlace(article: Article, noteId: string, span: Span): void {
    article.anchors.set(noteId, { state: 'anchored', span, method: 'position', score: 1 });
    const note = article.file.notes.find((n) => n.id === noteId);
    if (note && isPassageNote(note)) article.placedFrom.set(noteId, JSON.stringify(note.selectors));
  }

  /** Re-reads an article's sidecar now (the file watcher does this too; tests and commands may not wait). */
  reload(article: Article): void {
    const wasReadOnly = article.file.readOnly;
    const { collection, error } = article.file;
    article.file.reload();
    // The file as last read or written (the watcher's event for our own save): nothing to redraw.
    if (article.file.collection === collection && article.file.error === error) return;
    this.afterReload(article, wasReadOnly);
  }

  resolveConflict(article: Article): void {
    try {
      article.file.resolveConflict();
      this.afterReload(article, true);
    } catch (error) {
      this.show('error', `FactDesk: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  show(severity: ShownMessage['severity'], text: string, ...actions: Array<{ title: string; run: () => void }>): void {
    this.messages.push({ severity, text });
    const show =
      severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void Promise.resolve(show(text, ...actions.map((a) => a.title))).then((picked) => actions.find((a) => a.title === picked)?.run());
  }

  dispose(): void {
    for (const key of [...this.articles.keys()]) this.untrack(key);
    for (const d of this.disposables) d.dispose();
  }

  // -------------------------------------------------------------------------------------------

  private trackIfArticle(document: vscode.TextDocument): void {
    if (document.uri.scheme !== 'file' || isSidecar(document.uri) || !ARTICLE_LANGUAGES.has(document.languageId)) return;
    if (!this.articles.has(document.uri.toString())) this.track(document);
  }

  private track(document: vscode.TextDocument): Article | undefined {
    if (document.uri.scheme !== 'file' || isSidecar(document.uri)) return undefined;
    const articlePath = document.uri.fsPath;
    const article: Article = {
      key: document.uri.toString(),
      document,
      // Saves run in the extension host: a bounded wait for another writer's lock (see src/notes/lock.ts).
      file: NotesFile.load(articlePath, nodeFileSystem, { lockWaitMs: EDITOR_LOCK_WAIT_MS }),
      anchors: new Map(),
      placedFrom: new Map(),
      seq: 0,
      placements: 0,
      watchers: [],
    };
    this.articles.set(article.key, article);
    const folder = vscode.Uri.file(path.dirname(articlePath));
    const sidecarWatcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, path.basename(sidecarPathFor(articlePath))));
    const onSidecar = () => this.articles.get(article.key) === article && this.reload(article);
    const articleWatcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, path.basename(articlePath)), true, false, true);
    article.watchers.push(
      sidecarWatcher,
      sidecarWatcher.onDidChange(onSidecar),
      sidecarWatcher.onDidCreate(onSidecar),
      sidecarWatcher.onDidDelete(onSidecar),
      articleWatcher,
      articleWatcher.onDidChange(() => this.onArticleChangedOnDisk(article)),
    );
    this.reportProblem(article);
    this.reanchor(article, !document.isDirty);
    if (!vscode.workspace.isTrusted && article.file.notes.length && !this.toldUntrusted) {
      this.toldUntrusted = true;
      this.show('info', this.whyReadOnly(article) ?? 'FactDesk: notes are read-only in an untrusted workspace.');
    }
    return article;
  }

  private untrack(key: string): void {
    const article = this.articles.get(key);
    if (!article) return;
    this.articles.delete(key);
    for (const w of article.watchers) w.dispose();
    this.fire(undefined);
  }

  /**
   * Anchors every note afresh from its stored selectors. `persist`: the text is the article as on
   * disk, so the places found are stored in the sidecar (a moved note's new position).
   */
  private reanchor(article: Article, persist: boolean): void {
    const text = article.document.getText();
    if (persist && this.canWrite(article)) {
      article.anchors = article.file.refreshAnchors(text);
      this.save(article, false);
    } else {
      article.anchors = article.file.anchorNotes(text);
    }
    article.placements += 1;
    this.rememberSelectors(article);
    this.fire(article);
  }

  /**
   * After the notes were re-read or merged: notes whose selectors did not change keep the place
   * tracked through live edits; the others are anchored on the current text.
   */
  private placeChanged(article: Article): void {
    const fresh = article.file.anchorNotes(article.document.getText());
    const anchors = new Map<string, AnchorResult>();
    let placedAfresh = false;
    for (const note of this.passageNotes(article)) {
      const before = article.anchors.get(note.id);
      const same = article.placedFrom.get(note.id) === JSON.stringify(note.selectors);
      placedAfresh ||= !(same && before);
      anchors.set(note.id, same && before ? before : (fresh.get(note.id) ?? { state: 'orphaned' }));
    }
    article.anchors = anchors;
    if (placedAfresh) article.placements += 1;
    this.rememberSelectors(article);
  }

  private rememberSelectors(article: Article): void {
    article.placedFrom = new Map(this.passageNotes(article).map((n) => [n.id, JSON.stringify(n.selectors)]));
  }

  private save(article: Article, notify = true): void {
    // Nothing changed here: leave the file as it is (a hand-formatted sidecar is not rewritten just by opening its article).
    if (!this.canWrite(article) || !article.file.hasUnsavedChanges) {
      if (notify) this.fire(article);
      return;
    }
    try {
      const result = article.file.save();
      // Another writer's notes came in with the merge: place them too.
      if (result.merged) this.placeChanged(article);
      this.rememberSelectors(article);
    } catch (error) {
      if (error instanceof SidecarError) this.reportProblem(article);
      else
        this.show(
          'error',
          `FactDesk: could not save the notes of ${path.basename(article.document.uri.fsPath)}: ${error instanceof Error ? error.message : String(error)}`,
        );
    }
    if (notify) this.fire(article);
  }

  private afterReload(article: Article, wasReadOnly: boolean): void {
    this.reportProblem(article);
    if (wasReadOnly && !article.file.readOnly) {
      this.show('info', `FactDesk: ${path.basename(article.file.sidecarPath)} is valid again; its notes can be edited.`);
    }
    this.placeChanged(article);
    // Edits that could not be written while the file was broken were merged into what is there now: write them.
    if (article.file.hasUnsavedChanges && this.canWrite(article)) this.save(article, false);
    this.fire(article);
  }

  /** One message per problem of a sidecar (with the file, the place and the cause), none while it is fine. */
  private reportProblem(article: Article): void {
    const error = article.file.error;
    const sidecar = article.file.sidecarPath;
    if (!error) {
      this.reported.delete(sidecar);
      return;
    }
    const text = new ReadOnlyNotesError(error).message;
    if (this.reported.get(sidecar) === text) return;
    this.reported.set(sidecar, text);
    const actions = article.file.canResolveConflict ? [{ title: 'Merge Both Sides', run: () => this.resolveConflict(article) }] : [];
    this.show('error', `FactDesk: ${text}`, ...actions, { title: 'Open File', run: () => void vscode.window.showTextDocument(vscode.Uri.file(sidecar)) });
  }

  private onDocumentChanged(event: vscode.TextDocumentChangeEvent): void {
    const article = this.articles.get(event.document.uri.toString());
    if (!article) return;
    if (!event.contentChanges.length) {
      // The dirty state changed. Back to the text on disk (saved, or undone to it; the undo's own
      // change may have come while VS Code still called the document dirty): orphans whose text is
      // back are placed again. Placed notes keep their tracked places (re-anchoring them all would
      // call a note typed around "moved" and redraw its thread after every save).
      if (!event.document.isDirty && this.hasOrphans(article) && this.isOnDisk(article)) this.placeOrphans(article);
      return;
    }
    article.document = event.document;
    // Typing in an article without notes costs nothing here.
    if (article.file.notes.length === 0) return;
    // VS Code tells the extension host that a document became dirty after the change that made it
    // so: the first keystroke after a save (or an auto save) arrives with isDirty still false. Only
    // a text that is the file's own is a reload or an undo back to the saved text.
    if (!event.document.isDirty && this.isOnDisk(article)) {
      // Reloaded from disk (git pull, another tool) or undone back to the saved text: the live edit
      // (a diff VS Code computed) says little about where notes went; anchor them again.
      this.reanchor(article, true);
      return;
    }
    // Offsets of a change refer to the text before the whole event: apply from the last to the first.
    const changes = [...event.contentChanges].sort((a, b) => b.rangeOffset - a.rangeOffset);
    const lost: string[] = [];
    for (const [id, anchor] of article.anchors) {
      if (!anchor.span) continue;
      let span: Span | undefined = anchor.span;
      for (const c of changes) {
        span = shiftSpan(span, { offset: c.rangeOffset, deleteLength: c.rangeLength, insertText: c.text });
        if (!span) break;
      }
      if (span) article.anchors.set(id, { ...anchor, span });
      else lost.push(id);
    }
    if (lost.length) {
      // The note's whole text was deleted: anchor it again; mostly it becomes an orphan.
      const fresh = article.file.anchorNotes(event.document.getText());
      for (const id of lost) article.anchors.set(id, fresh.get(id) ?? { state: 'orphaned' });
    }
    this.fire(article);
  }

  private onDocumentSaved(document: vscode.TextDocument): void {
    const article = this.articles.get(document.uri.toString());
    if (!article || !this.canWrite(article)) return;
    this.recordPlaces(article);
  }

  /**
   * The article on disk is the document's text: stores the places tracked through live edits (a
   * note's own changes were written at once; places shifted by typing wait for the article's save,
   * so an unsaved article and its sidecar never disagree on disk). Writes only what changed.
   */
  private recordPlaces(article: Article): void {
    if (!this.canWrite(article)) return;
    const spans = new Map<string, Span>();
    for (const [id, anchor] of article.anchors) if (anchor.span) spans.set(id, anchor.span);
    if (article.file.recordPlaces(article.document.getText(), spans)) this.save(article);
  }

  private hasOrphans(article: Article): boolean {
    return this.parents(article).some((n) => article.anchors.get(n.id)?.state === 'orphaned');
  }

  /** Anchors the orphaned notes on the current text; those found are placed again. */
  private placeOrphans(article: Article): void {
    const fresh = article.file.anchorNotes(article.document.getText());
    let placed = false;
    for (const note of this.parents(article)) {
      const now = fresh.get(note.id);
      if (article.anchors.get(note.id)?.state !== 'orphaned' || !now?.span) continue;
      article.anchors.set(note.id, now);
      placed = true;
    }
    if (!placed) return;
    article.placements += 1;
    this.fire(article);
  }

  /** Whether the document's text is the article file's content (read now; false when unreadable). */
  private isOnDisk(article: Article): boolean {
    let disk: string;
    try {
      disk = fs.readFileSync(article.document.uri.fsPath, 'utf8');
    } catch (error) {
      // Treated as typing: the notes keep their tracked places; the next save records them.
      reportFailure(`notes: read ${article.document.uri.fsPath} to compare with the editor`, error);
      return false;
    }
    return disk === article.document.getText();
  }

  /** A watcher saw the article change on disk; an open, unmodified document shows the new text. */
  private onArticleChangedOnDisk(article: Article): void {
    if (this.articles.get(article.key) !== article || article.document.isDirty) return;
    // The disk holds the document's text: the editor's own save (auto save included; this event may
    // come before onDidSaveTextDocument), or a change outside whose reload re-anchored the notes
    // already (onDocumentChanged). Either way the places tracked in the editor are right for this
    // text: record them. Anchoring again from the stored selectors would call every note typed
    // around "moved", rewrite the sidecar and redraw the threads after each save (issue #9).
    if (this.isOnDisk(article)) this.recordPlaces(article);
  }

  private onFilesRenamed(event: vscode.FileRenameEvent): void {
    for (const { oldUri, newUri } of event.files) {
      if (oldUri.scheme !== 'file' || newUri.scheme !== 'file' || isSidecar(oldUri)) continue;
      let isFile = false;
      try {
        isFile = fs.statSync(newUri.fsPath).isFile();
      } catch {
        continue;
      }
      // A renamed folder takes its sidecars along; only a renamed article needs its sidecar moved.
      if (!isFile) continue;
      if (!vscode.workspace.isTrusted) {
        // Moving rewrites the notes (their target names the article) and may merge them: a write.
        const sidecar = sidecarPathFor(oldUri.fsPath);
        if (fs.existsSync(sidecar)) {
          this.show(
            'warning',
            `FactDesk: the notes of ${path.basename(oldUri.fsPath)} stay in ${path.basename(sidecar)}: notes are read-only in an untrusted workspace, so they did not move with the article. Trust the workspace and rename the article back and again to move them.`,
          );
        }
        continue;
      }
      try {
        if (!moveSidecar(oldUri.fsPath, newUri.fsPath, nodeFileSystem, { lockWaitMs: EDITOR_LOCK_WAIT_MS })) continue;
      } catch (error) {
        this.show('error', `FactDesk: the notes of ${path.basename(oldUri.fsPath)} were not moved: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      const moved = this.articles.get(newUri.toString());
      if (moved) this.reload(moved);
    }
  }

  private fire(article: Article | undefined): void {
    this.seq += 1;
    if (article) article.seq = this.seq;
    else for (const a of this.articles.values()) a.seq = this.seq;
    this.changeEmitter.fire(article);
  }
}
