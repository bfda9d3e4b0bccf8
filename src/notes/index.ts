// Verification notes: the public API for the CLI, the language server and the extension.
// Everything here is plain TypeScript (no vscode or LSP imports); only sidecar-fs.ts touches the
// file system, and NotesFile takes any SidecarFileSystem.
//
// How an editor uses it:
// - open an article: `NotesFile.load(path)`; if `.error`, show it (the notes are read-only);
//   `anchorNotes(text)` gives each note's place (anchored / moved / orphaned) and UTF-16 span;
//   `noteStateOf(note, anchor, text)` adds `changed` (the text under a final verdict changed).
// - dismiss a passage as not check-worthy: `dismiss`; confirm a verdict on changed text: `confirmVerdict`.
// - live edits: `shiftSpan(span, { offset, deleteLength, insertText })` per content change
//   (apply a change event's changes from the last offset to the first); undefined means the
//   note's text was deleted: anchor it again (it will likely be orphaned).
// - article saved: `recordPlaces(text, spans)` (the spans tracked through live edits) then `save()`.
// - article changed outside the editor: `refreshAnchors(text)` then `save()`.
// - sidecar changed on disk (file watcher): `reload()` (unsaved note edits are merged, not lost).
// - add / edit / delete / reply: `addNote`, `updateNote`, `moveNote`, `deleteNote`, `addReply`,
//   then `save()` (atomic, under the sidecar's lock, merged by id with concurrent writers; throws
//   SidecarError if the file on disk became invalid, leaving it untouched, and LockTimeoutError if
//   another writer held the lock too long: nothing written, the changes stay to be saved later).
//   An editor loads with `{ lockWaitMs: EDITOR_LOCK_WAIT_MS }`: saves block the extension host.
// - sidecar with git conflict markers (read-only, error says so): if `canResolveConflict`,
//   offer `resolveConflict()`, which merges both sides' notes by id.
// - article renamed or moved: `moveSidecar(oldPath, newPath)`.
// - decorations of claims and quotes: `verificationStateOf(span, placedNotes)`.
// - the JSON Schema to contribute via `jsonValidation` (fileMatch "*.factcheck.json") is
//   schemas/factcheck.schema.json.
export * from './model';
export { OffsetMap } from './offsets';
export { ANNOTATION_CONTEXT, collectionFromJson, collectionToJson, noteFromAnnotation, noteToAnnotation, serializeCollection, sortNotes } from './annotation';
export {
  checkCollection,
  explainSchemaErrors,
  schemaValidator,
  firstTooDeep,
  lineColumn,
  locateJsonError,
  MAX_SIDECAR_BYTES,
  MAX_SIDECAR_DEPTH,
  parseSidecar,
  SidecarError,
  type SidecarProblem,
} from './validate';
export {
  anchor,
  anchorAll,
  ANCHOR_THRESHOLDS,
  describeSpan,
  shiftSpan,
  shiftSpanThrough,
  similarity,
  type AnchorMethod,
  type AnchorResult,
  type AnchorState,
  type TextChange,
} from './anchoring';
export { hasConflictMarkers, mergeCollections, splitConflict } from './merge';
export {
  moveSidecar,
  NotesFile,
  ReadOnlyNotesError,
  sidecarPathFor,
  type NewDismissal,
  type NewNote,
  type NoteChanges,
  type NotesFileOptions,
  type SaveResult,
} from './store';
export { ABANDONED_TEMPORARY_MS, HOST_TAG, nodeFileSystem, processAlive, type SidecarFileSystem } from './sidecar-fs';
export {
  DEFAULT_LOCK_WAIT_MS,
  EDITOR_LOCK_WAIT_MS,
  FAIR_TURN_AFTER_MS,
  LOCK_RETRY_MS,
  LOCK_STALE_MS,
  LOCK_SUFFIX,
  LockLostError,
  lockPathFor,
  LockTimeoutError,
  nodeLockEnvironment,
  parseLockHolder,
  SidecarLock,
  staleReason,
  TURN_SUFFIX,
  turnPathFor,
  UNREADABLE_LOCK_STALE_MS,
  withSidecarLock,
  type LockEnvironment,
  type LockHolder,
  type LockOptions,
} from './lock';
export { noteStateOf, verificationStateOf, type NoteState, type PlacedNote, type VerificationState } from './summary';
