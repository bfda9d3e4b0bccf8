// Merging two versions of a sidecar by note id, so that two writers (the editor and a script, two
// editors over git) never lose each other's notes. Three-way: `base` is what this writer read,
// `ours` what it now holds, `theirs` what is on disk now. Per note, a side that did not change the
// note since the base never wins over one that did (clocks of two machines may disagree, so the
// clock is asked only when both changed it); when both did, the newer `modified` wins, ties go to a
// stable order of the content, and the losing version is kept as a reply on the note. A note one
// side deleted stays deleted unless the other side changed it (an edit beats a deletion).
import { createHash } from 'node:crypto';
import { noteToAnnotation } from './annotation';
import type { JsonObject, Note, NoteCollection, ReplyNote } from './model';

function serialized(note: Note): string {
  return JSON.stringify(noteToAnnotation(note));
}

/** Same content: `modified` is left out, as a clock that moved is not an edit. */
function sameNote(a: Note, b: Note): boolean {
  return serialized({ ...a, modified: '' }) === serialized({ ...b, modified: '' });
}

export function mergeCollections(base: NoteCollection, ours: NoteCollection, theirs: NoteCollection): NoteCollection {
  const baseById = new Map(base.notes.map((n) => [n.id, n]));
  const oursById = new Map(ours.notes.map((n) => [n.id, n]));
  const theirsById = new Map(theirs.notes.map((n) => [n.id, n]));
  const ids = new Set([...theirsById.keys(), ...oursById.keys()]);
  const merged: Note[] = [];
  const conflictReplies: ReplyNote[] = [];
  for (const id of ids) {
    const b = baseById.get(id);
    const o = oursById.get(id);
    const t = theirsById.get(id);
    if (o && t) {
      const { winner, loser } = resolveBothKept(b, o, t);
      merged.push(winner);
      if (loser) conflictReplies.push(conflictReply(winner, loser));
    } else if (t) {
      // Not ours: new from them, or deleted by us. Keep it unless we deleted it as it was.
      if (!b || !sameNote(b, t)) merged.push(t);
    } else if (o) {
      // Not theirs: new from us, or deleted by them. Keep it unless they deleted it as it was.
      if (!b || !sameNote(b, o)) merged.push(o);
    }
  }
  const present = new Set(merged.map((n) => n.id));
  for (const reply of conflictReplies) {
    if (!present.has(reply.id)) {
      merged.push(reply);
      present.add(reply.id);
    }
  }
  return { notes: merged, raw: mergeRaw(base.raw, ours.raw, theirs.raw) };
}

/**
 * Both sides hold the note. The side that did not change it since the base yields; when both
 * changed it (or there is no base), the newer `modified` wins and equal times fall back to the
 * order of the serialized content, so the result does not depend on which side is "ours".
 */
function resolveBothKept(base: Note | undefined, ours: Note, theirs: Note): { winner: Note; loser?: Note } {
  if (sameNote(ours, theirs)) return { winner: ours };
  if (base && sameNote(base, ours)) return { winner: theirs };
  if (base && sameNote(base, theirs)) return { winner: ours };
  const oursTime = time(ours.modified);
  const theirsTime = time(theirs.modified);
  if (oursTime !== theirsTime) return oursTime > theirsTime ? { winner: ours, loser: theirs } : { winner: theirs, loser: ours };
  return serialized(ours) > serialized(theirs) ? { winner: ours, loser: theirs } : { winner: theirs, loser: ours };
}

/**
 * The losing side of a conflicting edit, kept as a reply on the note (on the same parent when the
 * conflict is on a reply), so that nothing typed is dropped. Its id is derived from the lost
 * content: merging the same two versions again, in either order, yields the same reply once.
 */
function conflictReply(winner: Note, loser: Note): ReplyNote {
  const digest = createHash('sha256').update(serialized(loser)).digest('hex');
  const id = `urn:uuid:${digest.slice(0, 8)}-${digest.slice(8, 12)}-5${digest.slice(13, 16)}-a${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
  const lines = ['**Conflicting edit kept by merge** (another copy of this note changed at the same time).'];
  if (loser.kind === 'note' && winner.kind === 'note' && loser.verdict !== winner.verdict) lines.push(`Verdict there: \`${loser.verdict}\``);
  if (loser.comment !== winner.comment && loser.comment !== '') lines.push(`Comment there:\n\n${loser.comment}`);
  const lostSources = loser.sources.filter((s) => !winner.sources.includes(s));
  if (lostSources.length > 0) lines.push(`Sources there: ${lostSources.join(', ')}`);
  return {
    kind: 'reply',
    id,
    parentId: winner.kind === 'reply' ? winner.parentId : winner.id,
    created: loser.modified,
    modified: loser.modified,
    author: loser.author,
    comment: lines.join('\n\n'),
    sources: lostSources,
  };
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
