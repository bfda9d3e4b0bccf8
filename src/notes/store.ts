// The notes of one article, as held by an editor session or a CLI run: loaded from the sidecar,
// edited in memory, saved atomically and merged by id with whatever another writer saved meanwhile.
// Saves hold the sidecar's lock (lock.ts) from the read of the disk version to the rename, so no
// other writer can slip a version in between. A sidecar that cannot be read is never overwritten:
// the notes stay read-only until it is fixed.
import path from 'node:path';
import { reportFailure } from '../core/failures';
import type { Span } from '../core/types';
import { serializeCollection } from './annotation';
import { anchorAll, describeSpan, type AnchorResult } from './anchoring';
import { hasConflictMarkers, mergeCollections, splitConflict } from './merge';
import { withSidecarLock, type LockOptions } from './lock';
import {
  isFinalVerdict,
  isPassageNote,
  newNoteId,
  nowIso,
  withCheckedText,
  SIDECAR_SUFFIX,
  type AssessingNote,
  type Dismissal,
  type Note,
  type NoteCollection,
  type PassageNote,
  type ReplyNote,
  type Verdict,
} from './model';
import { OffsetMap } from './offsets';
import { nodeFileSystem, type SidecarFileSystem } from './sidecar-fs';
import { parseSidecar, SidecarError } from './validate';

export function sidecarPathFor(articlePath: string): string {
  return path.join(path.dirname(articlePath), path.basename(articlePath) + SIDECAR_SUFFIX);
}

export class ReadOnlyNotesError extends Error {
  constructor(readonly sidecarError: SidecarError) {
    super(`${sidecarError.message} (notes are read-only until the file is fixed)`);
    this.name = 'ReadOnlyNotesError';
  }
}

export interface NewNote {
  /** The article text and the passage (UTF-16 offsets) the note is on. */
  text: string;
  span: Span;
  verdict?: Verdict;
  comment?: string;
  sources?: string[];
  author?: string;
}

export interface NewDismissal {
  /** The article text and the passage (UTF-16 offsets) dismissed as not check-worthy. */
  text: string;
  span: Span;
  reason?: string;
  author?: string;
}

export interface NoteChanges {
  /** A verdict given (even the same one): the note counts as checked on `checkedText` from now on. */
  verdict?: Verdict;
  /**
   * The passage's text now, when `verdict` is given. Editors pass it (their notes follow live
   * edits the sidecar has not stored yet); without it the stored quote stands for it.
   */
  checkedText?: string;
  comment?: string;
  sources?: string[];
  author?: string;
}

export interface SaveResult {
  /** The file was (re)written. */
  written: boolean;
  /** Another writer's changes were merged in: the notes shown may need refreshing. */
  merged: boolean;
}

export interface NotesFileOptions {
  /** Milliseconds a save waits for another writer's lock (DEFAULT_LOCK_WAIT_MS; the editor passes EDITOR_LOCK_WAIT_MS). */
  lockWaitMs?: number;
  /** Process and waiting primitives of the lock (tests). */
  lockEnvironment?: LockOptions['environment'];
  /** This writer's clock as an ISO date-time, for `created` and `modified` (tests skew it). */
  now?: () => string;
  /** Ids for new notes (`urn:uuid:` + a UUID; tests make them reproducible). */
  newId?: () => string;
}

const EMPTY: NoteCollection = { notes: [] };

export class NotesFile {
  readonly sidecarPath: string;
  /** The collection as last read from or written to disk: the base of three-way merges. */
  private base: NoteCollection = EMPTY;
  /** The exact file text of `base` (undefined: no file), to see whether the disk changed. */
  private baseText: string | undefined;
  private current: NoteCollection = EMPTY;
  private dirty = false;
  private loadError: SidecarError | undefined;
  private readonly lockOptions: LockOptions;
  private readonly now: () => string;
  private readonly newId: () => string;

  private constructor(
    readonly articlePath: string,
    private readonly fs: SidecarFileSystem,
    options: NotesFileOptions,
  ) {
    this.sidecarPath = sidecarPathFor(articlePath);
    this.lockOptions = { waitMs: options.lockWaitMs, environment: options.lockEnvironment };
    this.now = options.now ?? nowIso;
    this.newId = options.newId ?? newNoteId;
  }

  /** Reads the sidecar (if any). Never throws for a bad sidecar: see `error`. */
  static load(articlePath: string, fs: SidecarFileSystem = nodeFileSystem, options: NotesFileOptions = {}): NotesFile {
    const file = new NotesFile(articlePath, fs, options);
    file.reload();
    return file;
  }

  /** Why the notes are read-only, if they are. */
  get error(): SidecarError | undefined {
    return this.loadError;
  }

  get readOnly(): boolean {
    return this.loadError !== undefined;
  }

  get hasUnsavedChanges(): boolean {
    return this.dirty;
  }

  get notes(): readonly Note[] {
    return this.current.notes;
  }

  get collection(): NoteCollection {
    return this.current;
  }

  /** The article file name that notes target. */
  get articleName(): string {
    return path.basename(this.articlePath);
  }

  /**
   * Re-reads the sidecar (after a change on disk). Unsaved changes made here are merged with
   * the new content, not dropped. A file that became invalid makes the notes read-only and keeps
   * what was loaded before.
   */
  reload(): void {
    const text = this.fs.readText(this.sidecarPath);
    if (text === this.baseText && !this.loadError) return;
    let theirs: NoteCollection;
    try {
      theirs = text === undefined ? EMPTY : parseSidecar(text, this.sidecarPath, this.articleName);
    } catch (e) {
      if (e instanceof SidecarError) {
        this.loadError = e;
        return;
      }
      throw e;
    }
    this.loadError = undefined;
    this.current = this.dirty ? mergeCollections(this.base, this.current, theirs) : theirs;
    this.base = theirs;
    this.baseText = text;
  }

  /**
   * Writes the notes atomically, holding the sidecar's lock: what is on disk is read again under
   * the lock and, if another writer changed it since it was read, merged in by id first. Throws
   * SidecarError (file untouched) if the file on disk is malformed, LockTimeoutError (nothing
   * written, changes kept) if another writer holds the lock longer than this writer waits.
   */
  save(): SaveResult {
    this.assertWritable();
    let merged = false;
    return withSidecarLock(this.sidecarPath, this.fs, this.lockOptions, (lock) => {
      const diskText = this.fs.readText(this.sidecarPath);
      if (diskText !== this.baseText) {
        let theirs: NoteCollection;
        try {
          theirs = diskText === undefined ? EMPTY : parseSidecar(diskText, this.sidecarPath, this.articleName);
        } catch (e) {
          if (e instanceof SidecarError) this.loadError = e;
          throw e;
        }
        this.current = mergeCollections(this.base, this.current, theirs);
        this.base = theirs;
        this.baseText = diskText;
        merged = true;
      }
      if (diskText === undefined && this.current.notes.length === 0) {
        // Nothing to keep and no file: do not create an empty sidecar.
        this.dirty = false;
        return { written: false, merged };
      }
      const text = serializeCollection(this.current);
      const written = text !== diskText;
      if (written) {
        this.removeAbandonedTemporaries();
        lock.assertHeld();
        this.fs.writeTextAtomic(this.sidecarPath, text);
      }
      this.base = this.current;
      this.baseText = text;
      this.dirty = false;
      return { written, merged };
    });
  }

  /** Temporary files and half-broken stale locks of writers that died mid-write (only while holding the lock: no live writer has one then). */
  private removeAbandonedTemporaries(): void {
    for (const temp of this.fs.abandonedTemporaries(this.sidecarPath)) {
      this.fs.remove(temp);
      reportFailure('notes store', `${temp}: removed what a writer that died mid-save left (a temporary file or a stale lock it was breaking)`);
    }
  }

  /** Whether the sidecar is unreadable only because of git conflict markers that `resolveConflict` can merge. */
  get canResolveConflict(): boolean {
    const text = this.loadError ? this.fs.readText(this.sidecarPath) : undefined;
    return text !== undefined && this.conflictSides(text) !== undefined;
  }

  /**
   * Resolves a git merge conflict in the sidecar by merging both sides' notes by id (with the
   * common base when the conflict shows one), then writes the result. Throws SidecarError if a
   * side is itself invalid; the file is then left as it is.
   */
  resolveConflict(): SaveResult {
    const text = this.fs.readText(this.sidecarPath);
    const sides = text === undefined ? undefined : this.conflictSides(text);
    if (!text || !sides) throw new Error(`${this.sidecarPath}: no git merge conflict whose sides are valid notes files`);
    const merged = mergeCollections(sides.base ?? EMPTY, sides.ours, sides.theirs);
    this.loadError = undefined;
    this.base = EMPTY;
    this.baseText = text;
    this.current = merged;
    this.dirty = true;
    return this.save();
  }

  private conflictSides(text: string): { ours: NoteCollection; theirs: NoteCollection; base?: NoteCollection } | undefined {
    if (!hasConflictMarkers(text)) return undefined;
    const split = splitConflict(text);
    if (!split) return undefined;
    try {
      return {
        ours: parseSidecar(split.ours, `${this.sidecarPath} (our side)`, this.articleName),
        theirs: parseSidecar(split.theirs, `${this.sidecarPath} (their side)`, this.articleName),
        base: split.base === undefined ? undefined : parseSidecar(split.base, `${this.sidecarPath} (base)`, this.articleName),
      };
    } catch (e) {
      if (e instanceof SidecarError) return undefined;
      throw e;
    }
  }

  /** Anchors every note and dismissal (replies excluded) on the current article text. */
  anchorNotes(articleText: string): Map<string, AnchorResult> {
    const notes = this.current.notes.filter(isPassageNote);
    const results = anchorAll(articleText, notes);
    return new Map(notes.map((n, i) => [n.id, results[i]]));
  }

  /**
   * Re-anchors the notes and stores their current place (quote, context, position) for those
   * found; orphaned notes keep their last selectors. Not a user edit: `modified` is unchanged.
   */
  refreshAnchors(articleText: string): Map<string, AnchorResult> {
    const results = this.anchorNotes(articleText);
    if (this.readOnly) return results;
    const offsets = new OffsetMap(articleText);
    let changed = false;
    const notes = this.current.notes.map((n) => {
      const r = results.get(n.id);
      if (n.kind === 'reply' || !r?.span || r.method === 'position') return n;
      changed = true;
      return { ...withCheckedText(n), selectors: describeSpan(articleText, r.span, offsets) };
    });
    if (changed) this.replace(notes);
    return results;
  }

  /**
   * Stores where the notes are now, as an editor tracked them through live edits (the article was
   * saved): each given span becomes the note's quote, context and position. Notes without a span
   * keep their selectors. Not a user edit: `modified` is unchanged. Returns whether anything changed.
   */
  recordPlaces(articleText: string, spans: ReadonlyMap<string, Span>): boolean {
    if (this.readOnly) return false;
    const offsets = new OffsetMap(articleText);
    let changed = false;
    const notes = this.current.notes.map((n) => {
      const span = spans.get(n.id);
      if (n.kind === 'reply' || !span || span.end <= span.start || span.end > articleText.length) return n;
      const selectors = describeSpan(articleText, span, offsets);
      if (JSON.stringify(selectors) === JSON.stringify(n.selectors)) return n;
      changed = true;
      return { ...withCheckedText(n), selectors };
    });
    if (changed) this.replace(notes);
    return changed;
  }

  addNote(input: NewNote): AssessingNote {
    this.assertWritable();
    const selectors = describeNonEmpty(input.text, input.span);
    const time = this.now();
    const verdict = input.verdict ?? 'unchecked';
    const note: AssessingNote = {
      kind: 'note',
      id: this.newId(),
      created: time,
      modified: time,
      author: input.author,
      verdict,
      comment: input.comment ?? '',
      sources: input.sources ?? [],
      source: this.articleName,
      selectors,
    };
    if (isFinalVerdict(verdict)) note.checkedText = selectors.quote.exact;
    this.replace([...this.current.notes, note]);
    return note;
  }

  /** Dismisses a passage (a claim) as not check-worthy, with an optional reason. */
  dismiss(input: NewDismissal): Dismissal {
    this.assertWritable();
    const selectors = describeNonEmpty(input.text, input.span);
    const time = this.now();
    const dismissal: Dismissal = {
      kind: 'dismissal',
      id: newNoteId(),
      created: time,
      modified: time,
      author: input.author,
      comment: input.reason?.trim() ?? '',
      sources: [],
      source: this.articleName,
      selectors,
    };
    this.replace([...this.current.notes, dismissal]);
    return dismissal;
  }

  /**
   * Confirms a note's final verdict on the passage's text now (`currentText`): it is no longer
   * "changed since checked".
   */
  confirmVerdict(id: string, currentText: string): AssessingNote {
    this.assertWritable();
    const old = this.current.notes.find((n): n is AssessingNote => n.id === id && n.kind === 'note');
    if (!old) throw new Error(`no note ${id}`);
    if (!isFinalVerdict(old.verdict)) throw new Error(`note ${id} has no final verdict to confirm (it is ${old.verdict})`);
    const confirmed: AssessingNote = { ...old, modified: laterThan(old.modified, this.now()), checkedText: currentText };
    this.replace(this.current.notes.map((n) => (n.id === id ? confirmed : n)));
    return confirmed;
  }

  addReply(parentId: string, comment: string, author?: string): ReplyNote {
    this.assertWritable();
    if (!this.current.notes.some((n) => n.id === parentId && n.kind === 'note')) throw new Error(`no note ${parentId} to reply to`);
    const time = this.now();
    const reply: ReplyNote = { kind: 'reply', id: this.newId(), parentId, created: time, modified: time, author, comment, sources: [] };
    this.replace([...this.current.notes, reply]);
    return reply;
  }

  updateNote(id: string, changes: NoteChanges): Note {
    this.assertWritable();
    const old = this.current.notes.find((n) => n.id === id);
    if (!old) throw new Error(`no note ${id}`);
    const updated = { ...old, modified: laterThan(old.modified, this.now()) } as Note;
    if (changes.comment !== undefined) updated.comment = changes.comment;
    if (changes.sources !== undefined) updated.sources = [...changes.sources];
    if (changes.author !== undefined) updated.author = changes.author;
    if (changes.verdict !== undefined && updated.kind === 'note') {
      updated.verdict = changes.verdict;
      if (isFinalVerdict(changes.verdict)) updated.checkedText = changes.checkedText ?? updated.selectors.quote.exact;
      else delete updated.checkedText;
    }
    this.replace(this.current.notes.map((n) => (n.id === id ? updated : n)));
    return updated;
  }

  /**
   * Moves a note or a dismissal to another passage (re-attaching an orphan, say). A note's checked
   * text stays: if the new passage reads otherwise, the note is changed since checked.
   */
  moveNote(id: string, text: string, span: Span): PassageNote {
    this.assertWritable();
    const old = this.current.notes.find((n): n is PassageNote => n.id === id && isPassageNote(n));
    if (!old) throw new Error(`no note ${id}`);
    const moved: PassageNote = { ...withCheckedText(old), modified: laterThan(old.modified, this.now()), selectors: describeNonEmpty(text, span) };
    this.replace(this.current.notes.map((n) => (n.id === id ? moved : n)));
    return moved;
  }

  /** Deletes a note and its replies (or one reply). */
  deleteNote(id: string): void {
    this.assertWritable();
    this.replace(this.current.notes.filter((n) => n.id !== id && !(n.kind === 'reply' && n.parentId === id)));
  }

  private replace(notes: Note[]): void {
    this.current = { ...this.current, notes };
    this.dirty = true;
  }

  private assertWritable(): void {
    if (this.loadError) throw new ReadOnlyNotesError(this.loadError);
  }
}

function describeNonEmpty(text: string, span: Span): ReturnType<typeof describeSpan> {
  const selectors = describeSpan(text, span);
  if (!selectors.quote.exact) throw new Error('a note needs a passage of at least one character');
  return selectors;
}

/** `nowIso`, but strictly after `previous` so an edit always wins a merge against its own old version. */
function laterThan(previous: string, nowIso: string): string {
  const now = Date.parse(nowIso);
  const before = Date.parse(previous);
  return new Date(Number.isNaN(before) || now > before ? now : before + 1).toISOString();
}

/**
 * Moves an article's sidecar when the article is renamed or moved, updating the notes' target
 * to the new file name. A sidecar already at the destination is merged with it by id. A sidecar
 * that cannot be parsed is moved as it is. Returns the new sidecar path, or undefined if there
 * was none. Holds both sidecars' locks (taken in path order, so two moves cannot wait on each other).
 */
export function moveSidecar(
  oldArticlePath: string,
  newArticlePath: string,
  fs: SidecarFileSystem = nodeFileSystem,
  options: Pick<NotesFileOptions, 'lockWaitMs' | 'lockEnvironment'> = {},
): string | undefined {
  const from = sidecarPathFor(oldArticlePath);
  const to = sidecarPathFor(newArticlePath);
  if (from === to) return fs.exists(from) ? to : undefined;
  const lockOptions: LockOptions = { waitMs: options.lockWaitMs, environment: options.lockEnvironment };
  const [first, second] = [from, to].sort();
  return withSidecarLock(first, fs, lockOptions, (firstLock) =>
    withSidecarLock(second, fs, lockOptions, (secondLock) => {
      const text = fs.readText(from);
      if (text === undefined) return undefined;
      const assertHeld = (): void => {
        firstLock.assertHeld();
        secondLock.assertHeld();
      };
      let moving: NoteCollection;
      try {
        moving = parseSidecar(text, from, path.basename(oldArticlePath));
      } catch (e) {
        if (!(e instanceof SidecarError)) throw e;
        if (fs.exists(to)) throw new Error(`${to} already exists and ${from} is malformed; not moving it`);
        assertHeld();
        fs.rename(from, to);
        return to;
      }
      const newName = path.basename(newArticlePath);
      const retargeted: NoteCollection = { ...moving, notes: moving.notes.map((n) => (n.kind === 'note' ? { ...n, source: newName } : n)) };
      const existingText = fs.readText(to);
      const result = existingText === undefined ? retargeted : mergeCollections(EMPTY, retargeted, parseSidecar(existingText, to, newName));
      assertHeld();
      fs.writeTextAtomic(to, serializeCollection(result));
      fs.remove(from);
      return to;
    }),
  );
}
