// The knowledge base: `.factdesk/entities.json` in the workspace folder, curated by the newsroom and
// committed with the articles. Read and validated against schemas/entities.schema.json; written
// atomically and stably (2-space indent, entries ordered by id, known fields in a fixed order,
// unknown fields kept where they were). A malformed or schema-invalid file is never written: every
// change re-reads the file first and refuses with a message naming the file and the problem.
import path from 'node:path';
import type { EntityType } from '../core/types';
import {
  schemaValidator,
  explainSchemaErrors,
  lineColumn,
  locateJsonError,
  nodeFileSystem,
  type JsonObject,
  type JsonValue,
  type SidecarFileSystem,
} from '../notes';
import { nodeWorkspaceFileSystem, type WorkspaceFileSystem } from './files';

/** Where the knowledge base lives, relative to the workspace folder. */
export const KB_DIR = '.factdesk';
export const KB_FILE = 'entities.json';
export const KB_PATH = `${KB_DIR}/${KB_FILE}`;

export interface KbLink {
  url: string;
  label?: string;
}

export interface KbEntry {
  id: string;
  name: string;
  type: EntityType;
  aliases: string[];
  description?: string;
  wikidata?: string;
  links: KbLink[];
  notes?: string;
  updated?: string;
}

export interface KnowledgeBase {
  entries: KbEntry[];
  /** Every entry as read, by id, so unknown fields are written back. */
  raw: Map<string, JsonObject>;
  /** The top-level object as read (entities excluded). */
  top: JsonObject;
}

export type KbProblem = 'json' | 'schema';

export class KbError extends Error {
  constructor(
    readonly file: string,
    readonly problem: KbProblem,
    readonly detail: string,
    readonly line?: number,
    readonly column?: number,
    readonly pointer?: string,
  ) {
    super(
      problem === 'json'
        ? `${file}:${line}:${column}: malformed JSON: ${detail}`
        : `${file}: does not match the knowledge-base schema at ${pointer || '/'}: ${detail}`,
    );
    this.name = 'KbError';
  }
}

export function emptyKnowledgeBase(): KnowledgeBase {
  return { entries: [], raw: new Map(), top: {} };
}

/** Parses and validates knowledge-base text. Throws KbError. */
export function parseKnowledgeBase(text: string, file: string): KnowledgeBase {
  let doc: unknown;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    doc = JSON.parse(body);
  } catch {
    const at = locateJsonError(text);
    const { line, column } = lineColumn(text, at.offset);
    throw new KbError(file, 'json', at.message, line, column);
  }
  const validator = schemaValidator('entities');
  if (!validator(doc)) {
    const { pointer, detail } = explainSchemaErrors(validator.errors ?? []);
    throw new KbError(file, 'schema', detail, undefined, undefined, pointer);
  }
  const { entities, ...top } = doc as { entities: JsonObject[] } & JsonObject;
  const seen = new Map<string, number>();
  const raw = new Map<string, JsonObject>();
  const entries = entities.map((e, i) => {
    const id = e.id as string;
    const first = seen.get(id);
    if (first !== undefined) throw new KbError(file, 'schema', `duplicate id "${id}" (also /entities/${first}/id)`, undefined, undefined, `/entities/${i}/id`);
    seen.set(id, i);
    raw.set(id, e);
    return entryFromJson(e);
  });
  return { entries, raw, top };
}

function entryFromJson(e: JsonObject): KbEntry {
  const str = (v: JsonValue | undefined) => (typeof v === 'string' ? v : undefined);
  const entry: KbEntry = {
    id: e.id as string,
    name: e.name as string,
    type: e.type as EntityType,
    aliases: Array.isArray(e.aliases) ? (e.aliases as string[]) : [],
    links: Array.isArray(e.links)
      ? (e.links as JsonObject[]).map((l) => ({ url: l.url as string, ...(typeof l.label === 'string' ? { label: l.label } : {}) }))
      : [],
  };
  for (const key of ['description', 'wikidata', 'notes', 'updated'] as const) {
    const v = str(e[key]);
    if (v !== undefined) entry[key] = v;
  }
  return entry;
}

/** Known fields in the order they are written; unknown fields follow in the order they were read. */
const FIELD_ORDER = ['id', 'name', 'type', 'aliases', 'description', 'wikidata', 'links', 'notes', 'updated'] as const;

function entryToJson(entry: KbEntry, raw: JsonObject | undefined): JsonObject {
  const out: JsonObject = {};
  const known: Record<string, JsonValue | undefined> = {
    id: entry.id,
    name: entry.name,
    type: entry.type,
    aliases: entry.aliases.length || raw?.aliases !== undefined ? entry.aliases : undefined,
    description: entry.description,
    wikidata: entry.wikidata,
    links: entry.links.length || raw?.links !== undefined ? entry.links.map((l) => ({ ...(raw ? rawLink(raw, l.url) : {}), ...l }) as JsonObject) : undefined,
    notes: entry.notes,
    updated: entry.updated,
  };
  for (const key of FIELD_ORDER) if (known[key] !== undefined) out[key] = known[key]!;
  if (raw) for (const [key, value] of Object.entries(raw)) if (!(FIELD_ORDER as readonly string[]).includes(key)) out[key] = value;
  return out;
}

/** A link object as read (its unknown fields), by URL. */
function rawLink(raw: JsonObject, url: string): JsonObject {
  const links = Array.isArray(raw.links) ? (raw.links as JsonObject[]) : [];
  return links.find((l) => l && l.url === url) ?? {};
}

/** The file text: entries ordered by id, 2-space indent, a final newline. */
export function serializeKnowledgeBase(kb: KnowledgeBase): string {
  const entities = [...kb.entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((e) => entryToJson(e, kb.raw.get(e.id)));
  return `${JSON.stringify({ entities, ...kb.top }, null, 2)}\n`;
}

/** Reads the knowledge base at `file`; none (no file) is an empty one. Throws KbError. */
export function readKnowledgeBase(file: string, fs: Pick<SidecarFileSystem, 'readText'> = nodeFileSystem): KnowledgeBase {
  const text = fs.readText(file);
  return text === undefined ? emptyKnowledgeBase() : parseKnowledgeBase(text, file);
}

/** An id for a new entry from its name: "Ngozi Okonjo-Iweala" → "ngozi-okonjo-iweala" (suffixed if taken). */
export function newEntryId(name: string, kb: KnowledgeBase): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '') || 'entity';
  const taken = new Set(kb.entries.map((e) => e.id));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * Adds or replaces one entry (by id) in the file as it is on disk now, then writes it atomically.
 * Throws KbError, leaving the file untouched, if the file on disk is malformed or the entry would
 * make it invalid. Returns the entry as written.
 */
export function upsertKnowledgeBaseEntry(file: string, entry: KbEntry, fs: WorkspaceFileSystem = nodeWorkspaceFileSystem): KbEntry {
  const kb = readKnowledgeBase(file, fs);
  const index = kb.entries.findIndex((e) => e.id === entry.id);
  if (index >= 0) kb.entries[index] = entry;
  else kb.entries.push(entry);
  const text = serializeKnowledgeBase(kb);
  // The result must read back as a valid file; an entry that breaks the schema is refused here.
  parseKnowledgeBase(text, file);
  fs.makeDirectory(path.dirname(file));
  fs.writeTextAtomic(file, text);
  return entry;
}
