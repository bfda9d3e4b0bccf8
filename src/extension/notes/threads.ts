// Notes as comment threads (Comments API): one thread per placed note, its first comment the note
// (verdict, comment, sources, author, time), the others its replies. Orphaned notes have no thread:
// they are never shown on text that may not be theirs (the Fact-check view lists them).
import * as vscode from 'vscode';
import { noteStateOf, type AssessingNote, type ReplyNote } from '../../notes';
import type { Article, ArticleNotes } from './articles';
import { noteMarkdown, replyMarkdown, VERDICT_BADGES } from './format';

export const COMMENT_CONTROLLER_ID = 'factdesk.notes';
/** The title of every note's thread. */
export const THREAD_LABEL = 'Fact-check note';

/** A thread's first comment (the note) or a reply; `source` is the Markdown being edited. */
export class NoteComment implements vscode.Comment {
  mode = vscode.CommentMode.Preview;
  timestamp: Date;
  author: vscode.CommentAuthorInformation;
  label: string | undefined;
  contextValue: string;

  constructor(
    public body: string | vscode.MarkdownString,
    readonly articleKey: string,
    readonly noteId: string,
    readonly kind: 'note' | 'reply',
    readonly source: string,
    note: AssessingNote | ReplyNote,
    writable: boolean,
    public thread: vscode.CommentThread | undefined,
  ) {
    this.timestamp = new Date(note.modified || note.created);
    this.author = { name: note.author || 'unknown author' };
    this.label = note.modified !== note.created ? 'edited' : undefined;
    this.contextValue = writable ? kind : `${kind}-readonly`;
  }
}

export interface ThreadInfo {
  articleKey: string;
  noteId: string;
}

export class NoteThreads implements vscode.Disposable {
  readonly controller: vscode.CommentController;
  private readonly threads = new Map<string, Map<string, vscode.CommentThread>>();
  /** What each thread shows, to leave unchanged threads alone (no flicker, edits in progress kept). */
  private readonly shown = new WeakMap<vscode.CommentThread, string>();
  private readonly info = new WeakMap<vscode.CommentThread, ThreadInfo>();
  /** The article's `placements` when each thread's range was last considered. */
  private readonly placements = new WeakMap<vscode.CommentThread, number>();
  /** Notes whose thread should open when it is next drawn (just added). */
  private readonly expandNext = new Set<string>();

  constructor(private readonly notes: ArticleNotes) {
    this.controller = vscode.comments.createCommentController(COMMENT_CONTROLLER_ID, 'Fact-check notes');
    this.controller.options = { prompt: 'Reply to this note…', placeHolder: 'Markdown' };
    // Any line of an article can take a new note through the gutter "+" (the draft becomes a note
    // with the "Add Note" button, see factdesk.notes.createNote).
    this.controller.commentingRangeProvider = {
      provideCommentingRanges: (document) => {
        const article = notes.get(document.uri);
        if (!article || !notes.canWrite(article) || document.lineCount === 0) return [];
        return [new vscode.Range(0, 0, document.lineCount - 1, 0)];
      },
    };
  }

  infoOf(thread: vscode.CommentThread): ThreadInfo | undefined {
    return this.info.get(thread);
  }

  threadOf(articleKey: string, noteId: string): vscode.CommentThread | undefined {
    return this.threads.get(articleKey)?.get(noteId);
  }

  expandWhenShown(noteId: string): void {
    this.expandNext.add(noteId);
  }

  /**
   * Brings the article's threads up to date with its notes. A thread is sent to VS Code only when
   * what it shows changed (the note or its replies, the anchor state, writability), when it is new,
   * when the notes were anchored afresh (the article changed on disk, the sidecar was reloaded), or
   * with `placeAll` (an editor of the article was just shown): VS Code gives the focus back to the
   * last clicked comment of a thread on every update of it (CommentThreadBody.updateCommentThread),
   * so a range pushed for each keystroke that shifts a note pulled the keyboard out of the article
   * (issue #9). A thread's place on screen follows typing without us: the zone and its gutter glyph
   * are editor decorations, which move with the text.
   */
  render(article: Article, placeAll = false): void {
    const byNote = this.threads.get(article.key) ?? new Map<string, vscode.CommentThread>();
    this.threads.set(article.key, byNote);
    const writable = this.notes.canWrite(article);
    const document = article.document;
    const live = new Set<string>();
    const text = document.getText();
    for (const note of this.notes.parents(article)) {
      const span = article.anchors.get(note.id)?.span;
      if (!span) continue;
      live.add(note.id);
      const range = new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
      let thread = byNote.get(note.id);
      if (!thread) {
        thread = this.controller.createCommentThread(document.uri, range, []);
        this.info.set(thread, { articleKey: article.key, noteId: note.id });
        byNote.set(note.id, thread);
      }
      const replies = this.notes.replies(article, note.id);
      const anchor = article.anchors.get(note.id);
      const state = noteStateOf(note, anchor, text);
      // What the thread shows: not where the note is (its selectors change on every save), nor the
      // text typed under a changed note (a thread update on each keystroke would take the keyboard).
      const { selectors: _place, ...shownNote } = note;
      const signature = JSON.stringify([shownNote, replies, writable, state]);
      const changed = this.shown.get(thread) !== signature;
      const placedAgain = this.placements.get(thread) !== article.placements;
      if ((changed || placeAll || placedAgain) && (!thread.range || !thread.range.isEqual(range))) thread.range = range;
      this.placements.set(thread, article.placements);
      if (this.expandNext.delete(note.id)) thread.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
      if (!changed) continue;
      if (thread.comments.some((c) => c.mode === vscode.CommentMode.Editing)) continue;
      this.shown.set(thread, signature);
      // The verdict is said once in the open thread, by its first comment (issue #9: the title said it too);
      // the title says only that the text changed since the verdict.
      thread.label = state === 'changed' ? `${THREAD_LABEL} · ${VERDICT_BADGES.changed}` : THREAD_LABEL;
      // "factdesk-note-changed" adds the Confirm Verdict action; menus match both with a regular expression.
      thread.contextValue = writable ? (state === 'changed' ? 'factdesk-note-changed' : 'factdesk-note') : 'factdesk-note-readonly';
      thread.canReply = writable;
      thread.state = note.verdict === 'unchecked' || state === 'changed' ? vscode.CommentThreadState.Unresolved : vscode.CommentThreadState.Resolved;
      thread.comments = [
        new NoteComment(noteMarkdown(note, anchor, state), article.key, note.id, 'note', note.comment, note, writable, thread),
        ...replies.map((r) => new NoteComment(replyMarkdown(r), article.key, r.id, 'reply', r.comment, r, writable, thread)),
      ];
    }
    for (const [id, thread] of byNote) {
      if (live.has(id)) continue;
      thread.dispose();
      byNote.delete(id);
    }
  }

  forget(articleKey: string): void {
    for (const thread of this.threads.get(articleKey)?.values() ?? []) thread.dispose();
    this.threads.delete(articleKey);
  }

  /** Starts or ends editing a comment in place (its body becomes the Markdown source). */
  setEditing(comment: NoteComment, editing: boolean): void {
    const thread = comment.thread;
    if (!thread) return;
    if (editing) {
      comment.mode = vscode.CommentMode.Editing;
      comment.body = comment.source;
    }
    thread.comments = thread.comments.map((c) => c);
    if (!editing) this.shown.delete(thread);
  }

  /** Test hook: what the threads of an article show. */
  snapshot(articleKey: string): Array<{
    noteId: string;
    range: [number, number, number, number];
    label?: string;
    contextValue?: string;
    canReply?: boolean;
    comments: Array<{ body: string; author: string; kind: string }>;
  }> {
    return [...(this.threads.get(articleKey) ?? new Map<string, vscode.CommentThread>())].map(([noteId, t]) => ({
      noteId,
      range: t.range ? [t.range.start.line, t.range.start.character, t.range.end.line, t.range.end.character] : [0, 0, 0, 0],
      label: t.label,
      contextValue: t.contextValue,
      canReply: typeof t.canReply === 'boolean' ? t.canReply : undefined,
      comments: t.comments.map((c) => ({
        body: typeof c.body === 'string' ? c.body : c.body.value,
        author: c.author.name,
        kind: c instanceof NoteComment ? c.kind : 'unknown',
      })),
    }));
  }

  dispose(): void {
    for (const key of [...this.threads.keys()]) this.forget(key);
    this.controller.dispose();
  }
}
