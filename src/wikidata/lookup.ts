// Looks names and Q-ids up on Wikidata: search by name (wbsearchentities) → the candidates, never
// a guess; an item by id (wbgetentities: labels, descriptions, aliases, claims, sitelinks) → its
// facts, then one more wbgetentities call for the labels of the items those facts name. wikibase-sdk
// builds the URLs; WikidataHttp sends them (queue, User-Agent, 429/maxlag, timeout); answers are
// cached on disk (cache.ts). A failure becomes an `error` result: counted, reported, not cached.
import { WBK } from 'wikibase-sdk';
import { factsOf, itemIds, withLabels, WIKIDATA_LANGUAGE, type RawEntity, type WikidataItem } from './facts';
import { WikidataError, WikidataHttp, type HttpOptions, type WikidataErrorKind } from './http';
import type { WikidataCache } from './cache';
import { DEFAULT_WIKIDATA_ENDPOINT } from './constants';

/** Candidates asked of wbsearchentities (its default page). */
export const SEARCH_LIMIT = 7;
/** wbgetentities takes at most this many ids per call. */
export const MAX_IDS_PER_REQUEST = 50;
/** Search results that are no subject of a news story. */
const DISAMBIGUATION_DESCRIPTION = 'Wikimedia disambiguation page';

export interface WikidataCandidate {
  id: string;
  label?: string;
  description?: string;
}

export type LookupRequest = { kind: 'item'; id: string } | { kind: 'search'; name: string };

export type WikidataResult =
  | { kind: 'item'; requested: string; item: WikidataItem; /** The labels call failed: item values show their ids. */ incomplete?: boolean }
  | { kind: 'candidates'; name: string; candidates: WikidataCandidate[] }
  | { kind: 'missing'; id: string }
  | { kind: 'error'; errorKind: WikidataErrorKind | 'unexpected'; message: string };

export const isItemId = (id: string) => /^Q[1-9]\d*$/.test(id);

/** The cache key of a request: names case- and space-insensitive. */
export function requestKey(request: LookupRequest): string {
  return request.kind === 'item'
    ? `item:${request.id}`
    : `search:${WIKIDATA_LANGUAGE}:${request.name.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim()}`;
}

/** The endpoint's parts, or why it is not a usable API URL. */
export function parseEndpoint(endpoint: string): { instance: string; scriptPath: string } | { error: string } {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return { error: `not a URL: ${endpoint}` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: `not an http(s) URL: ${endpoint}` };
  const m = /^\/(.+)\/api\.php$/.exec(url.pathname);
  if (!m || url.search) return { error: `not a MediaWiki API URL ending in /…/api.php: ${endpoint}` };
  return { instance: url.origin, scriptPath: m[1] };
}

/** Where an item's page is, on the instance of the endpoint (https://www.wikidata.org/wiki/Q42). */
export function itemPageUrl(endpoint: string, id: string): string {
  const parsed = parseEndpoint(endpoint);
  const origin = 'error' in parsed ? new URL(DEFAULT_WIKIDATA_ENDPOINT).origin : parsed.instance;
  return `${origin}/wiki/${encodeURIComponent(id)}`;
}

export interface LookupOptions extends HttpOptions {
  endpoint: string;
  cache?: WikidataCache;
  /** Failures go here (with where they happened), besides the result. */
  report?: (message: string) => void;
}

export class WikidataLookup {
  readonly http: WikidataHttp;
  private readonly wbk: ReturnType<typeof WBK>;
  /** Failed lookups (each reported). */
  failures = 0;

  constructor(private readonly options: LookupOptions) {
    const parsed = parseEndpoint(options.endpoint);
    if ('error' in parsed) throw new Error(`factdesk.wikidata.endpoint: ${parsed.error}`);
    this.wbk = WBK({ instance: parsed.instance, wgScriptPath: parsed.scriptPath });
    this.http = new WikidataHttp(options);
  }

  /** The cached answer, if fresh. */
  cached(request: LookupRequest): WikidataResult | undefined {
    return this.options.cache?.get(requestKey(request));
  }

  /** The cached answer, else the API's; never throws. Complete answers are cached. */
  async lookup(request: LookupRequest): Promise<WikidataResult> {
    const cached = this.cached(request);
    if (cached) return cached;
    let result: WikidataResult;
    try {
      result = request.kind === 'item' ? await this.item(request.id) : await this.search(request.name);
    } catch (error) {
      this.failures++;
      const where = request.kind === 'item' ? `Wikidata item ${request.id}` : `Wikidata search for “${request.name}”`;
      if (error instanceof WikidataError) {
        this.options.report?.(`${where} failed (${error.kind}): ${error.message} [${error.url}]`);
        return { kind: 'error', errorKind: error.kind, message: error.message };
      }
      const message = error instanceof Error ? error.message : String(error);
      this.options.report?.(`${where} failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
      return { kind: 'error', errorKind: 'unexpected', message };
    }
    if (!(result.kind === 'item' && result.incomplete)) this.options.cache?.set(requestKey(request), result);
    return result;
  }

  private async search(name: string): Promise<WikidataResult> {
    const url = this.wbk.searchEntities({ search: name, language: WIKIDATA_LANGUAGE, uselang: WIKIDATA_LANGUAGE, limit: SEARCH_LIMIT, type: 'item' });
    const json = (await this.http.getJson(url)) as { search?: unknown };
    if (!Array.isArray(json?.search)) throw new WikidataError('malformed', 'a search answer without a "search" list', url);
    const candidates: WikidataCandidate[] = [];
    for (const hit of json.search as Array<Record<string, unknown>>) {
      if (!hit || typeof hit.id !== 'string' || !isItemId(hit.id)) continue;
      if (hit.description === DISAMBIGUATION_DESCRIPTION) continue;
      candidates.push({
        id: hit.id,
        ...(typeof hit.label === 'string' ? { label: hit.label } : {}),
        ...(typeof hit.description === 'string' ? { description: hit.description } : {}),
      });
    }
    return { kind: 'candidates', name, candidates };
  }

  private async item(id: string): Promise<WikidataResult> {
    if (!isItemId(id)) throw new WikidataError('api', `“${id}” is not a Wikidata item id (Q followed by digits)`, '');
    const url = this.wbk.getEntities({
      ids: [id as `Q${number}`],
      languages: [WIKIDATA_LANGUAGE],
      props: ['labels', 'descriptions', 'aliases', 'claims', 'sitelinks'],
      redirects: true,
    });
    const entities = await this.entities(url);
    // A redirected id is answered under the id asked for, with the target's id inside.
    const entity = entities[id] ?? Object.values(entities)[0];
    if (!entity || entity.missing !== undefined) return { kind: 'missing', id };
    const facts = factsOf(entity);
    const ids = itemIds(facts);
    if (!ids.length) return { kind: 'item', requested: id, item: facts };
    try {
      return { kind: 'item', requested: id, item: withLabels(facts, await this.labels(ids)) };
    } catch (error) {
      // The item's own facts stand; their values show ids until a later lookup gets the labels.
      if (!(error instanceof WikidataError)) throw error;
      this.failures++;
      this.options.report?.(`labels for Wikidata item ${id} failed (${error.kind}): ${error.message} [${error.url}]`);
      return { kind: 'item', requested: id, item: facts, incomplete: true };
    }
  }

  private async labels(ids: string[]): Promise<Map<string, string>> {
    const labels = new Map<string, string>();
    for (let i = 0; i < ids.length; i += MAX_IDS_PER_REQUEST) {
      const url = this.wbk.getEntities({
        ids: ids.slice(i, i + MAX_IDS_PER_REQUEST) as Array<`Q${number}`>,
        languages: [WIKIDATA_LANGUAGE],
        props: ['labels'],
      });
      for (const [key, entity] of Object.entries(await this.entities(url))) {
        const label = entity.labels?.[WIKIDATA_LANGUAGE]?.value;
        if (typeof label === 'string') labels.set(entity.id ?? key, label);
      }
    }
    return labels;
  }

  private async entities(url: string): Promise<Record<string, RawEntity>> {
    const json = (await this.http.getJson(url)) as { entities?: unknown };
    if (!json || typeof json.entities !== 'object' || json.entities === null)
      throw new WikidataError('malformed', 'an entities answer without "entities"', url);
    return json.entities as Record<string, RawEntity>;
  }
}
