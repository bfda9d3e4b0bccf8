// Verification notes: the public API for the CLI, the language server and the extension.
// Everything here is plain TypeScript; only sidecar-fs.ts touches the file system.
export * from './model';
export { OffsetMap } from './offsets';
export { ANNOTATION_CONTEXT, collectionFromJson, collectionToJson, noteFromAnnotation, noteToAnnotation, serializeCollection, sortNotes } from './annotation';
export { checkCollection, locateJsonError, parseSidecar, SidecarError, type SidecarProblem } from './validate';
export { anchor, anchorAll, ANCHOR_THRESHOLDS, describeSpan, shiftSpan, shiftSpanThrough, similarity, type AnchorMethod, type AnchorResult, type AnchorState, type TextChange } from './anchoring';
export { mergeCollections } from './merge';
export { moveSidecar, NotesFile, ReadOnlyNotesError, sidecarPathFor, type NewNote, type NoteChanges } from './store';
export { nodeFileSystem, type SidecarFileSystem } from './sidecar-fs';
export { verificationStateOf, type PlacedNote, type VerificationState } from './summary';
