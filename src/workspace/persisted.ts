// The persisted workspace index and the form records travel in between the index worker and the
// language server's main thread. One text file, one line per record, so that
// - reopening reads the stamps (what decides whether a file is re-read) without decoding the records:
//   a line is `[file, mtimeMs, size, notesMtimeMs, notesSize]` TAB body, and JSON never holds a raw
//   tab or line break, so the first tab ends the stamps and each line is one record;
// - the body is compact (claims, about 3/4 of an article's record, as flat rows of numbers; entity
//   references as indices into the record's entities; reasons as bit masks), about a third of the
//   record's plain JSON, and it is decoded once, where the records are used (the main thread);
// - the worker keeps only the bodies (strings) to write the file again, never the decoded records.
// The first line is the header: format, engine build, analysis options and the number of records (a
// file cut short is detected). Any deviation is a PersistedIndexError naming the file and line.
import type { ClaimReason, EntityType, QuoteKind } from '../core/types';
import { QUOTE_OPEN_KINDS, type GateCounts } from '../reports/gate';
import { isVerdict } from '../notes/model';
import type { NoteState } from '../notes/summary';
import { INDEX_FORMAT_VERSION, type ArticleRecord, type FileStamp, type IndexedClaim, type IndexedEntity, type IndexedNote, type IndexedQuote } from './model';

/** One record as the worker keeps it and the persisted file holds it: stamps apart, the rest encoded. */
export interface EncodedRecord {
  file: string;
  stamp: FileStamp;
  notesStamp: FileStamp | null;
  /** The record's other fields, as encodeRecord writes them (JSON). */
  body: string;
}

export interface PersistedHeader {
  format: number;
  /** The engine build that wrote the records: another build's records are not trusted. */
  engine: string;
  /** The analysis options and source patterns the records were made with (JSON). */
  options: string;
  records: number;
}

/** What a persisted index was made with; records made otherwise are not used. */
export type PersistedBuild = Omit<PersistedHeader, 'format' | 'records'>;

/** A persisted index or record that cannot be read: the caller logs it, counts it and indexes afresh. */
export class PersistedIndexError extends Error {}

/** Claim reasons by bit (a claim's reasons are stored as one number). */
const CLAIM_REASONS = ['statistic', 'date', 'comparison', 'causal', 'attributed', 'entity-fact'] as const satisfies readonly ClaimReason[];
// Every reason must have a bit: a reason added to the engine fails to compile here until listed.
const EVERY_REASON_HAS_A_BIT: Exclude<ClaimReason, (typeof CLAIM_REASONS)[number]> extends never ? true : never = true;
void EVERY_REASON_HAS_A_BIT;
const ENTITY_TYPES: readonly EntityType[] = ['person', 'organization', 'place', 'other'];
const QUOTE_KINDS: readonly QuoteKind[] = ['statement', 'short', 'title'];
const NOTE_STATES: readonly NoteState[] = ['anchored', 'moved', 'orphaned', 'changed'];

/** Values per row of the flat arrays (entities, quotes, claims, notes). */
const ENTITY_STRIDE = 8;
const QUOTE_STRIDE = 10;
const CLAIM_STRIDE = 8;
const NOTE_STRIDE = 12;

/** The body's JSON shape (short keys: it is written for every record). */
interface Body {
  /** kind: 0 article, 1 source */
  k: 0 | 1;
  t?: string;
  d?: string;
  /** entities: local, name, type, aliases, role|null, line, character, mentions */
  e: unknown[];
  /** quotes: start, end, line, character, text, kind, speaker|null, speaker entity (index, -1 none, or local id), full text|null, speaker guessed (0/1) */
  q: unknown[];
  /**
   * claims: start, end, line, character, score, reasons (bits), verified (0/1), entities (refs), as
   * the JSON text of one flat array: a JSON string inside the body, so decoding the body leaves it
   * one string, decoded only if asked (DecodeOptions.lazyClaims).
   */
  c: string;
  /** notes: id, verdict, state, start, end, line, character (null when orphaned), text, comment, modified, author|null, entities (refs) */
  n: unknown[];
  /** gate counts: claims, verified, left, unverified, changed, orphaned, then (quotes checked) altered, wrong speaker, not found */
  g?: number[];
  /** open items: unverified claim indices, changed note ids, orphaned note ids, then (quotes checked) quote rows: index, status (QUOTE_OPEN_KINDS index) */
  o?: [number[], string[], string[]] | [number[], string[], string[], number[]];
  /** quotesCheckedWith */
  qc?: string;
  ne?: string;
  x?: string;
  er?: string;
}

/** References to entities by local id → indices into the record's entities (a local id not found stays a string). */
function refsOf(ids: readonly string[], index: Map<string, number>): number | Array<number | string> {
  if (ids.length === 1) return index.get(ids[0]) ?? [ids[0]];
  return ids.map((id) => index.get(id) ?? id);
}

/** The record's fields besides file and stamps, compact. */
export function encodeRecord(record: ArticleRecord): EncodedRecord {
  const entityIndex = new Map<string, number>();
  const e: unknown[] = [];
  record.entities.forEach((x, i) => {
    entityIndex.set(x.local, i);
    e.push(x.local, x.name, ENTITY_TYPES.indexOf(x.type), x.aliases, x.role ?? null, x.line, x.character, x.mentions);
  });
  const q: unknown[] = [];
  for (const x of record.quotes)
    q.push(
      x.start,
      x.end,
      x.line,
      x.character,
      x.text,
      QUOTE_KINDS.indexOf(x.kind),
      x.speaker ?? null,
      x.speakerEntity === undefined ? -1 : (entityIndex.get(x.speakerEntity) ?? x.speakerEntity),
      x.full ?? null,
      x.speakerGuessed ? 1 : 0,
    );
  const c: unknown[] = [];
  for (const x of record.claims) {
    let reasons = 0;
    for (const r of x.reasons) reasons |= 1 << CLAIM_REASONS.indexOf(r as (typeof CLAIM_REASONS)[number]);
    c.push(x.start, x.end, x.line, x.character, x.score, reasons, x.verified ? 1 : 0, refsOf(x.entities, entityIndex));
  }
  const n: unknown[] = [];
  for (const x of record.notes)
    n.push(
      x.id,
      x.verdict,
      NOTE_STATES.indexOf(x.state),
      x.start ?? null,
      x.end ?? null,
      x.line ?? null,
      x.character ?? null,
      x.text,
      x.comment,
      x.modified,
      x.author ?? null,
      refsOf(x.entities, entityIndex),
    );
  const body: Body = { k: record.kind === 'source' ? 1 : 0, e, q, c: JSON.stringify(c), n };
  if (record.title !== undefined) body.t = record.title;
  if (record.date !== undefined) body.d = record.date;
  if (record.gate) {
    const g = record.gate;
    body.g = [g.claims, g.verified, g.left, g.unverified, g.changed, g.orphaned];
    // The quote counts are set together (withQuoteCounts) or not at all.
    if (g.altered !== undefined || g.wrongSpeaker !== undefined || g.notFound !== undefined) body.g.push(g.altered ?? 0, g.wrongSpeaker ?? 0, g.notFound ?? 0);
  }
  if (record.open) {
    const o = record.open;
    if (o.quotes) {
      const rows: number[] = [];
      for (const x of o.quotes) rows.push(x.quote, QUOTE_OPEN_KINDS.indexOf(x.status));
      body.o = [o.unverified, o.changed, o.orphaned, rows];
    } else body.o = [o.unverified, o.changed, o.orphaned];
  }
  if (record.quotesCheckedWith !== undefined) body.qc = record.quotesCheckedWith;
  if (record.notesError !== undefined) body.ne = record.notesError;
  if (record.text !== undefined) body.x = record.text;
  if (record.error !== undefined) body.er = record.error;
  return { file: record.file, stamp: record.stamp, notesStamp: record.notesStamp, body: JSON.stringify(body) };
}

/**
 * Shares equal strings between decoded records (a person's name, an entity id, a type appear in
 * hundreds of articles; the main thread keeps one copy of each instead of one per article).
 */
export class StringPool {
  private readonly strings = new Map<string, string>();
  /** Strings longer than this are rarely repeated (quotes, passages): not pooled. */
  static readonly MAX_POOLED_LENGTH = 80;

  get(value: string): string {
    if (value.length > StringPool.MAX_POOLED_LENGTH) return value;
    const pooled = this.strings.get(value);
    if (pooled !== undefined) return pooled;
    this.strings.set(value, value);
    return value;
  }

  get size(): number {
    return this.strings.size;
  }
}

/** Reads one body, checking every value's type as it goes; `fail` throws with the record named. */
class BodyReader {
  constructor(
    private readonly file: string,
    private readonly pool: StringPool,
  ) {}

  fail(what: string): never {
    throw new PersistedIndexError(`record ${this.file}: ${what}`);
  }

  num(value: unknown, what: string): number {
    return typeof value === 'number' && Number.isFinite(value) ? value : this.fail(`${what} is not a number`);
  }

  optNum(value: unknown, what: string): number | undefined {
    return value === null ? undefined : this.num(value, what);
  }

  str(value: unknown, what: string): string {
    return typeof value === 'string' ? this.pool.get(value) : this.fail(`${what} is not a string`);
  }

  optStr(value: unknown, what: string): string | undefined {
    return value === null || value === undefined ? undefined : this.str(value, what);
  }

  rows(value: unknown, stride: number, what: string): unknown[] {
    if (!Array.isArray(value) || value.length % stride !== 0) this.fail(`${what} is not a list of rows of ${stride}`);
    return value as unknown[];
  }

  strings(value: unknown, what: string): string[] {
    if (!Array.isArray(value)) this.fail(`${what} is not a list`);
    return (value as unknown[]).map((s) => this.str(s, what));
  }

  /** An entity reference: an index into the record's entities, or a local id (one not among them). */
  entityRef(ref: unknown, entities: readonly IndexedEntity[], what: string): string {
    if (typeof ref === 'string') return this.pool.get(ref);
    const entity = typeof ref === 'number' ? entities[ref] : undefined;
    return entity ? entity.local : this.fail(`${what} refers to no entity (${JSON.stringify(ref)})`);
  }

  /** References as refsOf writes them: one reference, or a list of them. */
  entityRefs(value: unknown, entities: readonly IndexedEntity[], what: string): string[] {
    if (!Array.isArray(value)) return [this.entityRef(value, entities, what)];
    const ids: string[] = [];
    for (const ref of value) ids.push(this.entityRef(ref, entities, what));
    return ids;
  }

  oneOf<T>(value: unknown, table: readonly T[], what: string): T {
    const found = typeof value === 'number' ? table[value] : undefined;
    return found ?? this.fail(`${what} is not one of ${table.join(', ')}`);
  }
}

/** Reasons arrays by bit mask, shared by every claim with the same reasons (nothing changes them). */
const reasonLists = new Map<number, ClaimReason[]>();

function reasonsOf(mask: number, read: BodyReader): ClaimReason[] {
  let list = reasonLists.get(mask);
  if (list) return list;
  if (!Number.isInteger(mask) || mask < 0 || mask >= 1 << CLAIM_REASONS.length) read.fail(`claim reasons ${mask} are not a known set`);
  list = CLAIM_REASONS.filter((_, bit) => mask & (1 << bit));
  reasonLists.set(mask, list);
  return list;
}

/** The body's claim rows (`c`), checked to be rows; throws PersistedIndexError. */
function claimRows(read: BodyReader, text: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    return read.fail(`claims are not valid JSON (${e.message})`);
  }
  return read.rows(parsed, CLAIM_STRIDE, 'claims');
}

/** Claim rows (the body's `c`) → claims. */
function decodeClaims(read: BodyReader, text: string, entities: readonly IndexedEntity[]): IndexedClaim[] {
  const c = claimRows(read, text);
  const claims: IndexedClaim[] = [];
  for (let i = 0; i < c.length; i += CLAIM_STRIDE) claims.push(claimAt(read, c, i, entities));
  return claims;
}

function claimAt(read: BodyReader, c: readonly unknown[], i: number, entities: readonly IndexedEntity[]): IndexedClaim {
  return {
    start: read.num(c[i], 'claim start'),
    end: read.num(c[i + 1], 'claim end'),
    line: read.num(c[i + 2], 'claim line'),
    character: read.num(c[i + 3], 'claim character'),
    score: read.num(c[i + 4], 'claim score'),
    reasons: reasonsOf(read.num(c[i + 5], 'claim reasons'), read),
    verified: read.num(c[i + 6], 'claim verified') === 1,
    entities: read.entityRefs(c[i + 7], entities, 'claim entities'),
  };
}

/** What a record decoded with lazy claims keeps of them. */
interface LazyClaims {
  text: string;
  entities: readonly IndexedEntity[];
  broken: (error: PersistedIndexError) => void;
  /** The claim claimOf built last: the Desk asks every article for its first open claim on each request. */
  last?: { index: number; claim: IndexedClaim | undefined };
}

/** Records decoded with lazy claims. */
const lazyClaims = new WeakMap<ArticleRecord, LazyClaims>();

/** The claims of a lazily decoded record; damaged ones are reported (`broken`) and read as none. */
function claimsOf(file: string, lazy: LazyClaims): IndexedClaim[] {
  try {
    return decodeClaims(new BodyReader(file, new StringPool()), lazy.text, lazy.entities);
  } catch (e) {
    if (!(e instanceof PersistedIndexError)) throw e;
    lazy.broken(e);
    return [];
  }
}

/**
 * A record's claim at `index`: for a record decoded with lazy claims, that claim alone is built (the
 * Desk asks each article for its first open claim); otherwise `record.claims[index]`.
 */
export function claimOf(record: ArticleRecord, index: number): IndexedClaim | undefined {
  const lazy = lazyClaims.get(record);
  if (!lazy) return record.claims[index];
  if (lazy.last?.index === index) return lazy.last.claim;
  const read = new BodyReader(record.file, new StringPool());
  try {
    const rows = claimRows(read, lazy.text);
    const claim = index >= 0 && (index + 1) * CLAIM_STRIDE <= rows.length ? claimAt(read, rows, index * CLAIM_STRIDE, lazy.entities) : undefined;
    lazy.last = { index, claim };
    return claim;
  } catch (e) {
    if (!(e instanceof PersistedIndexError)) throw e;
    lazy.broken(e);
    return undefined;
  }
}

export interface DecodeOptions {
  /**
   * Keep the claims as their JSON text and decode them whenever `claims` is read (they are about 3/4
   * of a record and only the Desk reads them). Damaged claims found then are reported to `broken`
   * (the caller logs, counts and has the article analyzed again) and read as none.
   */
  lazyClaims?: { broken: (error: PersistedIndexError) => void };
  /** Leave a source's text out (the server's main thread: the quote checks, which read it, run on the index worker). */
  withoutSourceText?: boolean;
}

/** An encoded record → the record; throws PersistedIndexError when the body is not what encodeRecord writes. */
export function decodeRecord(encoded: EncodedRecord, pool = new StringPool(), options: DecodeOptions = {}): ArticleRecord {
  const read = new BodyReader(encoded.file, pool);
  let body: Body;
  try {
    body = JSON.parse(encoded.body) as Body;
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    return read.fail(`not valid JSON (${e.message})`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) read.fail('not an object');
  if (body.k !== 0 && body.k !== 1) read.fail('unknown kind');

  const e = read.rows(body.e, ENTITY_STRIDE, 'entities');
  const entities: IndexedEntity[] = [];
  for (let i = 0; i < e.length; i += ENTITY_STRIDE) {
    const entity: IndexedEntity = {
      local: read.str(e[i], 'entity id'),
      name: read.str(e[i + 1], 'entity name'),
      type: read.oneOf(e[i + 2], ENTITY_TYPES, 'entity type'),
      aliases: read.strings(e[i + 3], 'entity aliases'),
      line: read.num(e[i + 5], 'entity line'),
      character: read.num(e[i + 6], 'entity character'),
      mentions: read.num(e[i + 7], 'entity mentions'),
    };
    // Optional fields are set only when present (no spreads: this runs for every entity of the workspace).
    const role = read.optStr(e[i + 4], 'entity role');
    if (role !== undefined) entity.role = role;
    entities.push(entity);
  }

  const q = read.rows(body.q, QUOTE_STRIDE, 'quotes');
  const quotes: IndexedQuote[] = [];
  for (let i = 0; i < q.length; i += QUOTE_STRIDE) {
    const quote: IndexedQuote = {
      start: read.num(q[i], 'quote start'),
      end: read.num(q[i + 1], 'quote end'),
      line: read.num(q[i + 2], 'quote line'),
      character: read.num(q[i + 3], 'quote character'),
      text: read.str(q[i + 4], 'quote text'),
      kind: read.oneOf(q[i + 5], QUOTE_KINDS, 'quote kind'),
    };
    const speaker = read.optStr(q[i + 6], 'quote speaker');
    if (speaker !== undefined) quote.speaker = speaker;
    if (q[i + 7] !== -1) quote.speakerEntity = read.entityRef(q[i + 7], entities, 'quote speaker entity');
    const full = read.optStr(q[i + 8], 'quote full text');
    if (full !== undefined) quote.full = full;
    const guessed = read.num(q[i + 9], 'quote speaker guessed');
    if (guessed !== 0 && guessed !== 1) read.fail('quote speaker guessed is not 0 or 1');
    if (guessed === 1) quote.speakerGuessed = true;
    quotes.push(quote);
  }

  if (typeof body.c !== 'string') read.fail('claims are not a JSON text');
  const claimsText = body.c;

  const n = read.rows(body.n, NOTE_STRIDE, 'notes');
  const notes: IndexedNote[] = [];
  for (let i = 0; i < n.length; i += NOTE_STRIDE) {
    const verdict = n[i + 1];
    if (!isVerdict(verdict)) return read.fail(`note verdict ${JSON.stringify(verdict)} is not a verdict`);
    const note: IndexedNote = {
      id: read.str(n[i], 'note id'),
      verdict,
      state: read.oneOf(n[i + 2], NOTE_STATES, 'note state'),
      text: read.str(n[i + 7], 'note text'),
      comment: read.str(n[i + 8], 'note comment'),
      modified: read.str(n[i + 9], 'note modified'),
      entities: read.entityRefs(n[i + 11], entities, 'note entities'),
    };
    const start = read.optNum(n[i + 3], 'note start');
    if (start !== undefined) note.start = start;
    const end = read.optNum(n[i + 4], 'note end');
    if (end !== undefined) note.end = end;
    const line = read.optNum(n[i + 5], 'note line');
    if (line !== undefined) note.line = line;
    const character = read.optNum(n[i + 6], 'note character');
    if (character !== undefined) note.character = character;
    const author = read.optStr(n[i + 10], 'note author');
    if (author !== undefined) note.author = author;
    notes.push(note);
  }

  const record: ArticleRecord = {
    file: encoded.file,
    kind: body.k === 1 ? 'source' : 'article',
    stamp: encoded.stamp,
    notesStamp: encoded.notesStamp,
    entities,
    quotes,
    claims: [],
    notes,
  };
  if (options.lazyClaims) {
    const lazy: LazyClaims = { text: claimsText, entities, broken: options.lazyClaims.broken };
    lazyClaims.set(record, lazy);
    // Every read decodes them afresh (nothing is kept); claimOf reads one without the others.
    Object.defineProperty(record, 'claims', { enumerable: true, configurable: true, get: () => claimsOf(record.file, lazy) });
  } else record.claims = decodeClaims(read, claimsText, entities);
  const title = read.optStr(body.t, 'title');
  if (title !== undefined) record.title = title;
  const date = read.optStr(body.d, 'date');
  if (date !== undefined) record.date = date;
  if (body.g !== undefined) {
    const g = body.g;
    if (!Array.isArray(g) || (g.length !== 6 && g.length !== 9)) read.fail('gate counts are not six or nine numbers');
    const [claimCount, verified, left, unverified, changed, orphaned, altered, wrongSpeaker, notFound] = g.map((x) => read.num(x, 'gate count'));
    const gate: GateCounts = { claims: claimCount, verified, left, unverified, changed, orphaned };
    if (g.length === 9) {
      gate.altered = altered;
      gate.wrongSpeaker = wrongSpeaker;
      gate.notFound = notFound;
    }
    record.gate = gate;
  }
  if (body.o !== undefined) {
    const o = body.o;
    if (!Array.isArray(o) || (o.length !== 3 && o.length !== 4) || !Array.isArray(o[0])) read.fail('open items are not three or four lists');
    const open: NonNullable<ArticleRecord['open']> = {
      unverified: o[0].map((x) => read.num(x, 'open claim')),
      changed: read.strings(o[1], 'changed notes'),
      orphaned: read.strings(o[2], 'orphaned notes'),
    };
    if (o.length === 4) {
      const rows = read.rows(o[3], 2, 'open quotes');
      open.quotes = [];
      for (let i = 0; i < rows.length; i += 2)
        open.quotes.push({ quote: read.num(rows[i], 'open quote'), status: read.oneOf(rows[i + 1], QUOTE_OPEN_KINDS, 'open quote status') });
    }
    record.open = open;
  }
  const checkedWith = read.optStr(body.qc, 'quotes checked with');
  if (checkedWith !== undefined) record.quotesCheckedWith = checkedWith;
  const notesError = read.optStr(body.ne, 'notes error');
  if (notesError !== undefined) record.notesError = notesError;
  if (body.x !== undefined && typeof body.x !== 'string') read.fail('source text is not a string');
  if (body.x !== undefined && !options.withoutSourceText) record.text = body.x;
  const error = read.optStr(body.er, 'error');
  if (error !== undefined) record.error = error;
  return record;
}

/** A stamp as the line prefix holds it: null or [mtimeMs, size]. */
function stampOf(mtimeMs: unknown, size: unknown): FileStamp | null | undefined {
  if (mtimeMs === null && size === null) return null;
  if (typeof mtimeMs === 'number' && typeof size === 'number') return { mtimeMs, size };
  return undefined;
}

/** The persisted index's lines (without line breaks): the header, then one line per record. */
export function* persistedIndexLines(build: PersistedBuild, records: readonly EncodedRecord[]): Generator<string> {
  const header: PersistedHeader = { format: INDEX_FORMAT_VERSION, ...build, records: records.length };
  yield JSON.stringify(header);
  for (const r of records) {
    const prefix = JSON.stringify([r.file, r.stamp.mtimeMs, r.stamp.size, r.notesStamp?.mtimeMs ?? null, r.notesStamp?.size ?? null]);
    yield `${prefix}\t${r.body}`;
  }
}

/** The persisted index as one text (each line ends with a line break). */
export function serializePersistedIndex(build: PersistedBuild, records: readonly EncodedRecord[]): string {
  let text = '';
  for (const line of persistedIndexLines(build, records)) text += line + '\n';
  return text;
}

/** The leading `{"format":N` both this format and the single-JSON ones before it start with. */
const FORMAT_PREFIX = /^\{"format":(\d+)[,}]/;
/** How much of the file's start is searched for the format. */
const FORMAT_PREFIX_MAX = 32;

/** Byte values the lines are split at. */
const LINE_BREAK = 0x0a;
const TAB = 0x09;

/**
 * Reads the header and every record's file and stamps; the bodies are kept as they are (decodeRecord
 * reads them), each its own string (none holds on to the whole file). An index of another format,
 * engine build or options is `stale` (not an error: it is re-made). Throws PersistedIndexError naming
 * `where` and the line for anything else than what persistedIndexLines writes, including a file cut short.
 */
export function parsePersistedIndex(bytes: Uint8Array, where: string, build: PersistedBuild): { records: EncodedRecord[] } | { stale: string } {
  const fail = (line: number, what: string): never => {
    throw new PersistedIndexError(`${where}:${line}: ${what}`);
  };
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = FORMAT_PREFIX.exec(data.toString('utf8', 0, Math.min(data.length, FORMAT_PREFIX_MAX)));
  if (!format) return fail(1, 'it does not start with {"format": N');
  if (Number(format[1]) !== INDEX_FORMAT_VERSION) return { stale: `format ${format[1]}, not ${INDEX_FORMAT_VERSION}` };
  let end = data.indexOf(LINE_BREAK);
  if (end < 0) fail(1, 'no line ends the header');
  let header: PersistedHeader;
  try {
    header = JSON.parse(data.toString('utf8', 0, end)) as PersistedHeader;
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    return fail(1, `the header is not valid JSON (${e.message})`);
  }
  if (typeof header.engine !== 'string' || typeof header.options !== 'string' || !Number.isInteger(header.records) || header.records < 0)
    fail(1, 'the header lacks engine, options or the record count');
  if (header.engine !== build.engine) return { stale: `written by engine build ${header.engine}, not ${build.engine}` };
  if (header.options !== build.options) return { stale: 'written with other analysis options or source patterns' };
  const records: EncodedRecord[] = [];
  let start = end + 1;
  let line = 1;
  while (start < data.length) {
    line++;
    end = data.indexOf(LINE_BREAK, start);
    if (end < 0) fail(line, 'the last line is cut short');
    const tab = data.indexOf(TAB, start);
    if (tab < 0 || tab > end) fail(line, 'no tab between the stamps and the record');
    let prefix: unknown;
    try {
      prefix = JSON.parse(data.toString('utf8', start, tab));
    } catch (e) {
      if (!(e instanceof SyntaxError)) throw e;
      return fail(line, `the stamps are not valid JSON (${e.message})`);
    }
    if (!Array.isArray(prefix) || prefix.length !== 5 || typeof prefix[0] !== 'string')
      fail(line, 'the stamps are not [file, mtime, size, notes mtime, notes size]');
    const [file, mtimeMs, size, notesMtimeMs, notesSize] = prefix as unknown[];
    const stamp = stampOf(mtimeMs, size);
    const notesStamp = stampOf(notesMtimeMs, notesSize);
    if (!stamp || notesStamp === undefined) return fail(line, 'a stamp is not [mtime, size] or null');
    records.push({ file: file as string, stamp, notesStamp, body: data.toString('utf8', tab + 1, end) });
    start = end + 1;
  }
  if (records.length !== header.records) fail(line, `${records.length} records where the header says ${header.records}`);
  return { records };
}
