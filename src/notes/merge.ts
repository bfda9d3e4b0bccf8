// Merging two versions of a sidecar by note id, so that two writers (the editor and a script, two
// editors over git) never lose each other's notes. Three-way: `base` is what this writer read,
// `ours` what it now holds, `theirs` what is on disk now. Per note the newest `modified` wins; a
// note one side deleted stays deleted unless the other side edited it after the read (an edit
// beats a deletion: a note is never lost silently).
import { noteToAnnotation } from './annotation';
import type { JsonObject, Note, NoteCollection } from './model';

function sameNote(a: Note, b: Note): boolean {
  return JSON.stringify(noteToAnnotation(a)) === JSON.stringify(noteToAnnotation(b));
}

export function mergeCollections(base: NoteCollection, ours: NoteCollection, theirs: NoteCollection): NoteCollection {
  const baseById = new Map(base.notes.map((n) => [n.id, n]));
  const oursById = new Map(ours.notes.map((n) => [n.id, n]));
  const theirsById = new Map(theirs.notes.map((n) => [n.id, n]));
  const ids = new Set([...theirsById.keys(), ...oursById.keys()]);
  const merged: Note[] = [];
  for (const id of ids) {
    const b = baseById.get(id);
    const o = oursById.get(id);
    const t = theirsById.get(id);
    if (o && t) {
      merged.push(pickNewer(b, o, t));
    } else if (t) {
      // Not ours: new from them, or deleted by us. Keep it unless we deleted it as it was.
      if (!b || !sameNote(b, t)) merged.push(t);
    } else if (o) {
      // Not theirs: new from us, or deleted by them. Keep it unless they deleted it as it was.
      if (!b || !sameNote(b, o)) merged.push(o);
    }
  }
  return { notes: merged, raw: mergeRaw(base.raw, ours.raw, theirs.raw) };
}

/** Both sides hold the note: the newer `modified` wins; on a tie, the side that changed it. */
function pickNewer(base: Note | undefined, ours: Note, theirs: Note): Note {
  const oursTime = time(ours.modified);
  const theirsTime = time(theirs.modified);
  if (oursTime > theirsTime) return ours;
  if (theirsTime > oursTime) return theirs;
  if (base && sameNote(base, ours)) return theirs;
  return ours;
}

/** Milliseconds since the epoch; date-times with other offsets than Z compare correctly. */
function time(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
}

/** Collection-level fields: theirs, with the keys we changed on top. */
function mergeRaw(base: JsonObject | undefined, ours: JsonObject | undefined, theirs: JsonObject | undefined): JsonObject | undefined {
  if (!ours) return theirs;
  const out: JsonObject = { ...(theirs ?? {}) };
  for (const [k, v] of Object.entries(ours)) {
    if (JSON.stringify(base?.[k]) !== JSON.stringify(v)) out[k] = v;
  }
  return out;
}

const CONFLICT_START = /^<{7}(?: .*)?$/;
const CONFLICT_BASE = /^\|{7}(?: .*)?$/;
const CONFLICT_SPLIT = /^={7}$/;
const CONFLICT_END = /^>{7}(?: .*)?$/;

/** Whether a file holds git conflict markers (at the start of a line). */
export function hasConflictMarkers(text: string): boolean {
  return /^<{7}(?: |$)/m.test(text) && /^>{7}(?: |$)/m.test(text);
}

/**
 * Splits a file with git conflict markers into the two sides (and the base, with
 * merge.conflictStyle=diff3). Returns undefined if the markers are not well formed.
 */
export function splitConflict(text: string): { ours: string; theirs: string; base?: string } | undefined {
  const ours: string[] = [];
  const theirs: string[] = [];
  const base: string[] = [];
  let hasBase = false;
  let state: 'both' | 'ours' | 'base' | 'theirs' = 'both';
  for (const line of text.split(/\r?\n/)) {
    if (state === 'both' && CONFLICT_START.test(line)) state = 'ours';
    else if (state === 'ours' && CONFLICT_BASE.test(line)) {
      state = 'base';
      hasBase = true;
    } else if ((state === 'ours' || state === 'base') && CONFLICT_SPLIT.test(line)) state = 'theirs';
    else if (state === 'theirs' && CONFLICT_END.test(line)) state = 'both';
    else if (state === 'both') {
      ours.push(line);
      theirs.push(line);
      base.push(line);
    } else if (state === 'ours') ours.push(line);
    else if (state === 'base') base.push(line);
    else theirs.push(line);
  }
  if (state !== 'both') return undefined;
  return { ours: ours.join('\n'), theirs: theirs.join('\n'), base: hasBase ? base.join('\n') : undefined };
}
