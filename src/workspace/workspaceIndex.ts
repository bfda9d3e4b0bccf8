// The workspace index in memory: every article's record, the knowledge base, and the tables that
// link entities across articles. Linking rules:
// - a knowledge-base entry's name and aliases link every mention written that way, and its type wins;
// - otherwise mentions link by name key (titles, case, diacritics, possessives ignored), so
//   "Ngozi Okonjo-Iweala" in one article and "Dr. Ngozi Okonjo-Iweala" in another are one entity;
// - a one-word person mention ("Okonjo-Iweala", "Dr. Okonjo-Iweala") links to the one full name in
//   the workspace with that surname; when two or more people share the surname it is ambiguous and
//   never merged: the candidates are listed instead.
// The tables change per record (put/remove), so one save costs that article's entities, not a relink.
import type { EntityType } from '../core/types';
import type { Verdict } from '../notes';
import type { KbEntry, KnowledgeBase } from './kb';
import type { ArticleRecord, IndexedEntity, IndexedNote, IndexedQuote } from './model';
import { isSingleWord, nameKey, slug, surnameOf } from './names';

/**
 * Resolutions remembered within one generation of the index: a hover on a name shared by hundreds of
 * articles resolves every one of its occurrences, mostly the same few spellings. Emptied at this size.
 */
export const RESOLUTION_CACHE_SIZE = 20000;

/** The parts of an entity linking reads: from a record, or from the analysis of an open document. */
export interface EntityLike {
  name: string;
  type: EntityType;
  aliases: readonly string[];
}

export interface Occurrence {
  file: string;
  entity: IndexedEntity;
}

/** What an entity resolves to across the workspace. */
export type Resolution =
  | { kind: 'kb'; id: string; entry: KbEntry }
  | { kind: 'name'; id: string; key: string }
  | { kind: 'ambiguous'; id: string; key: string; candidates: Candidate[] };

/** One of the people an ambiguous name may be: a KB entry or a full name written in the articles. */
export interface Candidate {
  id: string;
  name: string;
  key?: string;
  entry?: KbEntry;
}

export interface ElsewhereItem {
  file: string;
  title?: string;
  date?: string;
  line: number;
  character: number;
  role: string | null;
  name: string;
}

export interface QuoteItem {
  file: string;
  line: number;
  character: number;
  text: string;
}

export interface VerdictItem {
  file: string;
  line: number;
  character: number;
  verdict: Verdict;
  text: string;
}

/** Everything the workspace knows about one entity, outside one article. */
export interface EntityReport {
  id: string;
  name: string;
  type: EntityType;
  kb: KbEntry | null;
  /** Other articles that mention it, in path order (one item per article). */
  elsewhere: ElsewhereItem[];
  /** Its quotes in other articles. */
  quotes: QuoteItem[];
  /** Notes with a verdict on passages about it in other articles. */
  verdicts: VerdictItem[];
  /** For an ambiguous name (a surname two people share): the people it may be. */
  candidates?: Array<{ id: string; name: string; articles: number }>;
}

export class WorkspaceIndex {
  private readonly records = new Map<string, ArticleRecord>();
  /** name key → file → the entities of that file with that key. */
  private readonly byKey = new Map<string, Map<string, IndexedEntity[]>>();
  /** surname → full-name keys of people with that surname → how many entities carry it. */
  private readonly surnames = new Map<string, Map<string, number>>();
  private kb: KnowledgeBase | undefined;
  /** KB name/alias key → entries. */
  private kbByKey = new Map<string, KbEntry[]>();
  /** KB surname (of multi-word names and aliases) → entries. */
  private kbBySurname = new Map<string, KbEntry[]>();
  /** Why the knowledge base is not used, if it is not. */
  kbError: string | undefined;
  /** Bumped on every change, so callers can cache answers. */
  generation = 0;
  /** Resolutions by entity spelling, valid for `resolvedGeneration` only (the tables change with it). */
  private readonly resolved = new Map<string, Resolution>();
  private resolvedGeneration = -1;
  /** The same per entity object (a record's entities are resolved on every hover on their name). */
  private readonly resolvedEntities = new WeakMap<EntityLike, { generation: number; resolution: Resolution }>();

  get size(): number {
    return this.records.size;
  }

  files(): string[] {
    return [...this.records.keys()];
  }

  record(file: string): ArticleRecord | undefined {
    return this.records.get(file);
  }

  allRecords(): IterableIterator<ArticleRecord> {
    return this.records.values();
  }

  knowledgeBase(): KnowledgeBase | undefined {
    return this.kb;
  }

  setKnowledgeBase(kb: KnowledgeBase | undefined, error?: string): void {
    this.kb = kb;
    this.kbError = error;
    this.kbByKey = new Map();
    this.kbBySurname = new Map();
    const add = (map: Map<string, KbEntry[]>, key: string, entry: KbEntry) => {
      const list = map.get(key) ?? [];
      if (!list.includes(entry)) list.push(entry);
      map.set(key, list);
    };
    for (const entry of kb?.entries ?? []) {
      for (const form of [entry.name, ...entry.aliases]) {
        const key = nameKey(form);
        if (!key) continue;
        add(this.kbByKey, key, entry);
        const surname = entry.type === 'person' ? surnameOf(key) : undefined;
        if (surname) add(this.kbBySurname, surname, entry);
      }
    }
    this.generation++;
  }

  put(record: ArticleRecord): void {
    this.remove(record.file);
    this.records.set(record.file, record);
    for (const entity of record.entities) {
      const key = nameKey(entity.name);
      let files = this.byKey.get(key);
      if (!files) this.byKey.set(key, (files = new Map()));
      const list = files.get(record.file);
      if (list) list.push(entity);
      else files.set(record.file, [entity]);
      const surname = entity.type === 'person' ? surnameOf(key) : undefined;
      if (surname) {
        let full = this.surnames.get(surname);
        if (!full) this.surnames.set(surname, (full = new Map()));
        full.set(key, (full.get(key) ?? 0) + 1);
      }
    }
    this.generation++;
  }

  remove(file: string): boolean {
    const old = this.records.get(file);
    if (!old) return false;
    this.records.delete(file);
    for (const entity of old.entities) {
      const key = nameKey(entity.name);
      const files = this.byKey.get(key);
      files?.delete(file);
      if (files && !files.size) this.byKey.delete(key);
      const surname = entity.type === 'person' ? surnameOf(key) : undefined;
      const full = surname ? this.surnames.get(surname) : undefined;
      if (full) {
        const n = (full.get(key) ?? 1) - 1;
        if (n > 0) full.set(key, n);
        else full.delete(key);
        if (!full.size) this.surnames.delete(surname!);
      }
    }
    this.generation++;
    return true;
  }

  rename(from: string, to: string): boolean {
    const record = this.records.get(from);
    if (!record) return false;
    this.remove(from);
    this.put({ ...record, file: to });
    return true;
  }

  /** Which workspace entity a mention resolves to. */
  resolve(entity: EntityLike): Resolution {
    if (this.resolvedGeneration !== this.generation || this.resolved.size >= RESOLUTION_CACHE_SIZE) {
      this.resolved.clear();
      this.resolvedGeneration = this.generation;
    }
    const known = this.resolvedEntities.get(entity);
    if (known?.generation === this.generation) return known.resolution;
    const spelling = entity.aliases.length ? `${entity.type}\u0000${entity.name}\u0000${entity.aliases.join('\u0000')}` : `${entity.type}\u0000${entity.name}`;
    let resolution = this.resolved.get(spelling);
    if (!resolution) this.resolved.set(spelling, (resolution = this.resolveUncached(entity)));
    this.resolvedEntities.set(entity, { generation: this.generation, resolution });
    return resolution;
  }

  private resolveUncached(entity: EntityLike): Resolution {
    const keys = [nameKey(entity.name), ...entity.aliases.map(nameKey)].filter(Boolean);
    // The knowledge base first: its names and aliases are the newsroom's own linking.
    for (const key of keys) {
      const entries = this.kbByKey.get(key);
      if (entries?.length === 1) return { kind: 'kb', id: `kb:${entries[0].id}`, entry: entries[0] };
      if (entries && entries.length > 1)
        return ambiguous(
          key,
          entries.map((e) => ({ id: `kb:${e.id}`, name: e.name, entry: e })),
        );
    }
    const key = keys[0] ?? '';
    if (entity.type === 'person' && isSingleWord(key)) {
      const kbPeople = this.kbBySurname.get(key) ?? [];
      const people = [...(this.surnames.get(key)?.keys() ?? [])].filter((full) => !this.kbByKey.has(full));
      const count = kbPeople.length + people.length;
      if (count === 1) {
        return kbPeople.length ? { kind: 'kb', id: `kb:${kbPeople[0].id}`, entry: kbPeople[0] } : { kind: 'name', id: nameId(people[0]), key: people[0] };
      }
      if (count > 1) {
        return ambiguous(key, [
          ...kbPeople.map((e) => ({ id: `kb:${e.id}`, name: e.name, entry: e })),
          ...people.sort().map((full) => ({ id: `person:${slug(full)}`, name: this.displayName(full), key: full })),
        ]);
      }
    }
    return { kind: 'name', id: nameId(key), key };
  }

  /** Every occurrence (file, entity) that resolves to `resolution`, in path order. */
  occurrences(resolution: Resolution): Occurrence[] {
    if (resolution.kind === 'ambiguous') return [];
    const keys = new Set<string>();
    if (resolution.kind === 'kb') {
      for (const form of [resolution.entry.name, ...resolution.entry.aliases]) {
        const key = nameKey(form);
        keys.add(key);
        const surname = surnameOf(key);
        if (surname) keys.add(surname);
      }
    } else {
      keys.add(resolution.key);
      const surname = surnameOf(resolution.key);
      if (surname) keys.add(surname);
    }
    const out: Occurrence[] = [];
    for (const key of keys) {
      for (const [file, entities] of this.byKey.get(key) ?? []) {
        for (const entity of entities) {
          // Aliases can point elsewhere (a KB alias, an ambiguous surname): keep only what resolves here.
          if (this.resolve(entity).id === resolution.id) out.push({ file, entity });
        }
      }
    }
    return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.entity.line - b.entity.line));
  }

  /** The fullest name written for a key (the first record's spelling). */
  private displayName(key: string): string {
    for (const entities of this.byKey.get(key)?.values() ?? []) if (entities[0]) return stripTitle(entities[0].name, key);
    return key;
  }

  /** Everything known about `entity` outside `exceptFile`. */
  report(entity: EntityLike, exceptFile?: string): EntityReport {
    const resolution = this.resolve(entity);
    if (resolution.kind === 'ambiguous') {
      return {
        id: resolution.id,
        name: entity.name,
        type: entity.type,
        kb: null,
        elsewhere: [],
        quotes: [],
        verdicts: [],
        candidates: resolution.candidates.map((c) => ({ id: c.id, name: c.name, articles: this.articleCount(c) })),
      };
    }
    const occurrences = this.occurrences(resolution);
    const elsewhere: ElsewhereItem[] = [];
    const quotes: QuoteItem[] = [];
    const verdicts: VerdictItem[] = [];
    const types = new Map<EntityType, number>();
    // The occurrences per file, in path order (an entity's local id is unique in its record).
    const byFile = new Map<string, IndexedEntity[]>();
    for (const { file, entity: e } of occurrences) {
      types.set(e.type, (types.get(e.type) ?? 0) + 1);
      const list = byFile.get(file);
      if (list) list.push(e);
      else byFile.set(file, [e]);
    }
    for (const [file, entities] of byFile) {
      if (file === exceptFile) continue;
      const record = this.records.get(file)!;
      let first = entities[0];
      for (const e of entities) if (e.line < first.line || (e.line === first.line && e.character < first.character)) first = e;
      // The role from the record's first entity with one, as the article lists them.
      const withRole = entities.length === 1 ? (first.role ? first : undefined) : record.entities.find((e) => entities.includes(e) && e.role);
      elsewhere.push({
        file,
        title: record.title,
        date: record.date,
        line: first.line,
        character: first.character,
        role: withRole?.role ?? null,
        name: first.name,
      });
      if (entities.length === 1) {
        const about = itemsAbout(record).get(first.local);
        for (const q of about?.quotes ?? []) quotes.push(quoteItem(file, q));
        for (const n of about?.notes ?? []) verdicts.push(verdictItem(file, n));
      } else {
        const ids = new Set(entities.map((e) => e.local));
        for (const q of record.quotes) if (q.speakerEntity && ids.has(q.speakerEntity)) quotes.push(quoteItem(file, q));
        for (const n of record.notes) if (n.line !== undefined && n.entities.some((id) => ids.has(id))) verdicts.push(verdictItem(file, n));
      }
    }
    let type: EntityType = entity.type;
    if (resolution.kind === 'kb') type = resolution.entry.type;
    else {
      let best = 0;
      for (const [t, n] of types) if (n > best || (n === best && t === entity.type)) [type, best] = [t, n];
    }
    const name = resolution.kind === 'kb' ? resolution.entry.name : this.canonicalName(occurrences, entity.name, resolution.key);
    return {
      id: resolution.kind === 'kb' ? resolution.id : `${type}:${slug(resolution.key)}`,
      name,
      type,
      kb: resolution.kind === 'kb' ? resolution.entry : null,
      elsewhere,
      quotes,
      verdicts,
    };
  }

  /** The longest spelling among the occurrences (full names beat surnames). */
  private canonicalName(occurrences: readonly Occurrence[], fallback: string, key: string): string {
    let best = stripTitle(fallback, nameKey(fallback));
    for (const { entity } of occurrences) {
      const k = nameKey(entity.name);
      if (k === key && stripTitle(entity.name, k).length > best.length) best = stripTitle(entity.name, k);
    }
    return best;
  }

  /** How many articles mention a candidate of an ambiguous name. */
  private articleCount(candidate: { key?: string; entry?: KbEntry }): number {
    const files = new Set<string>();
    const resolution: Resolution | undefined = candidate.entry
      ? { kind: 'kb', id: `kb:${candidate.entry.id}`, entry: candidate.entry }
      : candidate.key
        ? { kind: 'name', id: nameId(candidate.key), key: candidate.key }
        : undefined;
    if (resolution) for (const o of this.occurrences(resolution)) files.add(o.file);
    return files.size;
  }
}

const nameId = (key: string) => `name:${key}`;

/** A record's quotes by speaker and its placed notes by entity mentioned, in text order: built once per record. */
interface ItemsAbout {
  quotes: IndexedQuote[];
  notes: IndexedNote[];
}
const itemsByRecord = new WeakMap<ArticleRecord, Map<string, ItemsAbout>>();

function itemsAbout(record: ArticleRecord): Map<string, ItemsAbout> {
  let byEntity = itemsByRecord.get(record);
  if (byEntity) return byEntity;
  byEntity = new Map();
  const of = (local: string) => {
    let items = byEntity!.get(local);
    if (!items) byEntity!.set(local, (items = { quotes: [], notes: [] }));
    return items;
  };
  for (const q of record.quotes) if (q.speakerEntity) of(q.speakerEntity).quotes.push(q);
  for (const n of record.notes) if (n.line !== undefined) for (const id of new Set(n.entities)) of(id).notes.push(n);
  itemsByRecord.set(record, byEntity);
  return byEntity;
}

function ambiguous(key: string, candidates: Candidate[]): Resolution {
  return { kind: 'ambiguous', id: `ambiguous:${slug(key)}`, key, candidates };
}

/** "Dr. Maria Chen" → "Maria Chen": the words of the key, in the text's spelling. */
function stripTitle(name: string, key: string): string {
  const words = name.trim().split(/\s+/);
  const n = key.split(' ').length;
  return words.slice(Math.max(0, words.length - n)).join(' ');
}

function quoteItem(file: string, q: IndexedQuote): QuoteItem {
  return { file, line: q.line, character: q.character, text: q.text };
}

function verdictItem(file: string, n: IndexedNote): VerdictItem {
  return { file, line: n.line!, character: n.character ?? 0, verdict: n.verdict, text: n.text };
}

/** Verdict items → { verdict: count }, verdicts in the order they are defined. */
export function countVerdicts(items: readonly VerdictItem[]): Partial<Record<Verdict, number>> {
  const counts: Partial<Record<Verdict, number>> = {};
  for (const item of items) counts[item.verdict] = (counts[item.verdict] ?? 0) + 1;
  return counts;
}
