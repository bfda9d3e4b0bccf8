// A Wikidata entity (a wbgetentities answer) → the few facts a fact-checker asks about a name:
// person: positions held (with start and end), party, citizenship, birth date; organization:
// country, headquarters, inception, official website; place: country, population with its date.
// wikibase-sdk simplifies the claims; deprecated values are dropped, preferred ones come first.
import { simplifyPropertyClaims, simplifySitelinks, type Claim, type SimplifyClaimsOptions } from 'wikibase-sdk';

/** English labels, descriptions and Wikipedia link (the hover is in English, like the rest of FactDesk). */
export const WIKIDATA_LANGUAGE = 'en';
export const WIKIPEDIA_SITE = 'enwiki';
/** At most this many positions held (the most recent first, preferred before). */
export const MAX_POSITIONS = 4;
/** At most this many values of other item facts (party, citizenship, country, headquarters). */
export const MAX_VALUES = 3;
/** Properties read (wikidata.org property ids). */
export const PROPERTY = {
  positionHeld: 'P39',
  party: 'P102',
  citizenship: 'P27',
  birthDate: 'P569',
  country: 'P17',
  headquarters: 'P159',
  inception: 'P571',
  website: 'P856',
  population: 'P1082',
  start: 'P580',
  end: 'P582',
  pointInTime: 'P585',
} as const;

/** An item value: its id, and its label once the labels call has answered (else the id is shown). */
export interface ItemRef {
  id: string;
  label?: string;
}

export interface Position extends ItemRef {
  start?: string;
  end?: string;
}

export interface WikidataItem {
  /** The item's id (after a redirect: the target). */
  id: string;
  label?: string;
  description?: string;
  aliases: string[];
  /** The English Wikipedia article, if any. */
  wikipedia?: string;
  positions: Position[];
  party: ItemRef[];
  citizenship: ItemRef[];
  birthDate?: string;
  country: ItemRef[];
  headquarters: ItemRef[];
  inception?: string;
  websites: string[];
  population?: { amount: number; date?: string };
}

/** The parts of a wbgetentities entity this file reads. */
export interface RawEntity {
  id?: string;
  missing?: string;
  labels?: Record<string, { value: string }>;
  descriptions?: Record<string, { value: string }>;
  aliases?: Record<string, Array<{ value: string }>>;
  claims?: Record<string, unknown[]>;
  sitelinks?: Record<string, { site: string; title: string }>;
}

interface Simple {
  value: unknown;
  rank?: 'preferred' | 'normal' | 'deprecated';
  qualifiers?: Record<string, unknown[]>;
}

const SIMPLIFY: SimplifyClaimsOptions = { keepQualifiers: true, keepRanks: true, keepNonDeprecated: true, timeConverter: 'simple-day' };

/** The property's non-deprecated values, preferred first (stable otherwise). */
function values(entity: RawEntity, property: string): Simple[] {
  const claims = entity.claims?.[property];
  if (!Array.isArray(claims)) return [];
  const simple = simplifyPropertyClaims(claims as Claim[], SIMPLIFY) as unknown as Simple[];
  return simple
    .filter((s) => s.value !== null && s.value !== undefined && s.rank !== 'deprecated')
    .map((s, i) => ({ s, i }))
    .sort((a, b) => rankOrder(a.s) - rankOrder(b.s) || a.i - b.i)
    .map(({ s }) => s);
}

const rankOrder = (s: Simple) => (s.rank === 'preferred' ? 0 : 1);
const qualifier = (s: Simple, p: string) => {
  const q = s.qualifiers?.[p]?.[0];
  return typeof q === 'string' ? q : undefined;
};

/** Item values: ended ones (an end date) dropped when a current one exists; duplicates dropped. */
function items(entity: RawEntity, property: string, max = MAX_VALUES): ItemRef[] {
  const all = values(entity, property).filter((s) => typeof s.value === 'string');
  const current = all.filter((s) => !qualifier(s, PROPERTY.end));
  const seen = new Set<string>();
  const out: ItemRef[] = [];
  for (const s of current.length ? current : all) {
    const id = s.value as string;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ id });
    if (out.length >= max) break;
  }
  return out;
}

function firstString(entity: RawEntity, property: string): string | undefined {
  const v = values(entity, property).find((s) => typeof s.value === 'string');
  return v?.value as string | undefined;
}

/** Positions held: preferred first, then the latest start first (undated last). */
function positions(entity: RawEntity): Position[] {
  const all = values(entity, PROPERTY.positionHeld).filter((s) => typeof s.value === 'string');
  return all
    .map((s, i) => ({ s, i, start: qualifier(s, PROPERTY.start), end: qualifier(s, PROPERTY.end) }))
    .sort((a, b) => rankOrder(a.s) - rankOrder(b.s) || compareDesc(a.start, b.start) || a.i - b.i)
    .slice(0, MAX_POSITIONS)
    .map(({ s, start, end }) => ({ id: s.value as string, ...(start ? { start } : {}), ...(end ? { end } : {}) }));
}

/** Later dates first; undated after dated. Simple-day strings ("1978-08-30", "1214", "-0044") compare as dates. */
function compareDesc(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return dateKey(b) - dateKey(a);
}

function dateKey(day: string): number {
  const m = /^(-?)(\d+)(?:-(\d+))?(?:-(\d+))?/.exec(day);
  if (!m) return 0;
  const year = Number(m[2]) * (m[1] ? -1 : 1);
  return year * 10000 + Number(m[3] ?? 0) * 100 + Number(m[4] ?? 0);
}

/** Population: a preferred value if there is one, else the one with the latest point in time. */
function population(entity: RawEntity): WikidataItem['population'] {
  const all = values(entity, PROPERTY.population).filter((s) => typeof s.value === 'number');
  if (!all.length) return undefined;
  const preferred = all.filter((s) => s.rank === 'preferred');
  const pool = preferred.length ? preferred : all;
  const best = [...pool].sort((a, b) => compareDesc(qualifier(a, PROPERTY.pointInTime), qualifier(b, PROPERTY.pointInTime)))[0];
  const date = qualifier(best, PROPERTY.pointInTime);
  return { amount: best.value as number, ...(date ? { date } : {}) };
}

/** The facts of one entity; item values still need their labels (itemIds + withLabels). */
export function factsOf(entity: RawEntity): WikidataItem {
  const lang = WIKIDATA_LANGUAGE;
  const sitelinks = entity.sitelinks ? (simplifySitelinks(entity.sitelinks as never, { addUrl: true }) as unknown as Record<string, { url?: string }>) : {};
  const websites = values(entity, PROPERTY.website)
    .map((s) => s.value)
    .filter((v): v is string => typeof v === 'string' && /^https?:\/\//i.test(v));
  return {
    id: entity.id ?? '',
    label: entity.labels?.[lang]?.value,
    description: entity.descriptions?.[lang]?.value,
    aliases: (entity.aliases?.[lang] ?? []).map((a) => a.value),
    wikipedia: sitelinks[WIKIPEDIA_SITE]?.url,
    positions: positions(entity),
    party: items(entity, PROPERTY.party),
    citizenship: items(entity, PROPERTY.citizenship),
    birthDate: firstString(entity, PROPERTY.birthDate),
    country: items(entity, PROPERTY.country),
    headquarters: items(entity, PROPERTY.headquarters),
    inception: firstString(entity, PROPERTY.inception),
    websites: [...new Set(websites)].slice(0, MAX_VALUES),
    population: population(entity),
  };
}

/** Every item id whose label the facts show. */
export function itemIds(item: WikidataItem): string[] {
  return [...new Set([...item.positions, ...item.party, ...item.citizenship, ...item.country, ...item.headquarters].map((r) => r.id))];
}

/** The facts with labels filled in from a labels answer (id → label); ids without one keep none. */
export function withLabels(item: WikidataItem, labels: Map<string, string>): WikidataItem {
  const fill = <T extends ItemRef>(r: T): T => (labels.has(r.id) ? { ...r, label: labels.get(r.id) } : r);
  return {
    ...item,
    positions: item.positions.map(fill),
    party: item.party.map(fill),
    citizenship: item.citizenship.map(fill),
    country: item.country.map(fill),
    headquarters: item.headquarters.map(fill),
  };
}
