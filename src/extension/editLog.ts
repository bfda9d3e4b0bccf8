// Remembers the edits made to each document since its last accepted findings, so findings computed
// for a slightly older version (the user kept typing while a large article was re-analyzed) can be
// shifted onto the current text instead of being thrown away.
import type * as vscode from 'vscode';
import type { FindingSpans } from '../shared/protocol';

interface Change {
  offset: number;
  removed: number;
  inserted: number;
}

/** Edits kept per document; a result older than this many edits is dropped, not mapped. */
const MAX_EDITS = 2000;

export class EditLog {
  private readonly log = new Map<string, Array<{ version: number; changes: Change[] }>>();

  record(event: Pick<vscode.TextDocumentChangeEvent, 'document' | 'contentChanges'>): void {
    const key = event.document.uri.toString();
    const entries = this.log.get(key) ?? [];
    // Within one event VS Code lists the changes so that applying them in order is correct (as LSP does).
    entries.push({
      version: event.document.version,
      changes: event.contentChanges.map((c) => ({ offset: c.rangeOffset, removed: c.rangeLength, inserted: c.text.length })),
    });
    if (entries.length > MAX_EDITS) entries.splice(0, entries.length - MAX_EDITS);
    this.log.set(key, entries);
  }

  /** Forgets edits up to `version` (findings for it have been accepted). */
  settle(uri: string, version: number): void {
    const entries = this.log.get(uri);
    if (!entries) return;
    const rest = entries.filter((e) => e.version > version);
    if (rest.length) this.log.set(uri, rest);
    else this.log.delete(uri);
  }

  forget(uri: string): void {
    this.log.delete(uri);
  }

  /**
   * Spans for `fromVersion` moved onto `toVersion`, or undefined when an edit in between is unknown.
   * Spans an edit cuts into are kept and stretched or shrunk; spans it removes entirely vanish.
   */
  map(uri: string, spans: FindingSpans, fromVersion: number, toVersion: number): FindingSpans | undefined {
    const remap = this.remapper(uri, fromVersion, toVersion);
    if (!remap) return undefined;
    return {
      quotes: remap(spans.quotes, 2),
      claims: remap(spans.claims, 3),
      hedges: remap(spans.hedges, 2),
      entities: remap(spans.entities, 3),
      prominentClaims: remap(spans.prominentClaims, 2),
      quotedHedges: remap(spans.quotedHedges, 2),
    };
  }

  /**
   * Items with a span (the server's quote checks) moved from `fromVersion` onto `toVersion` as `map`
   * moves spans; undefined when an edit in between is unknown. Items whose span an edit removed vanish.
   */
  mapItems<T extends { start: number; end: number }>(uri: string, items: readonly T[], fromVersion: number, toVersion: number): T[] | undefined {
    const remap = this.remapper(uri, fromVersion, toVersion);
    if (!remap) return undefined;
    const out: T[] = [];
    for (const item of items) {
      const [start, end] = remap([item.start, item.end], 2);
      if (start !== undefined) out.push({ ...item, start, end });
    }
    return out;
  }

  /** A function moving [start, end, ...rest] runs of `stride` numbers from `fromVersion` onto `toVersion`. */
  private remapper(uri: string, fromVersion: number, toVersion: number): ((flat: number[], stride: number) => number[]) | undefined {
    const entries = (this.log.get(uri) ?? []).filter((e) => e.version > fromVersion && e.version <= toVersion);
    // Every version in between must be known, or offsets would silently drift.
    if (entries.length !== toVersion - fromVersion) return undefined;
    const changes = entries.flatMap((e) => e.changes);
    // Text typed right before a span is outside it, and so is text typed right after it.
    const moveStart = (offset: number) => {
      for (const c of changes) {
        if (offset < c.offset) continue;
        offset = offset >= c.offset + c.removed ? offset + c.inserted - c.removed : c.offset;
      }
      return offset;
    };
    const moveEnd = (offset: number) => {
      for (const c of changes) {
        if (offset <= c.offset) continue;
        offset = offset >= c.offset + c.removed ? offset + c.inserted - c.removed : c.offset + c.inserted;
      }
      return offset;
    };
    return (flat, stride) => {
      const out: number[] = [];
      for (let i = 0; i + stride - 1 < flat.length; i += stride) {
        const start = moveStart(flat[i]);
        const end = moveEnd(flat[i + 1]);
        if (end <= start) continue;
        out.push(start, end, ...flat.slice(i + 2, i + stride));
      }
      return out;
    };
  }
}
