// The Wikidata side of the index worker: lookups run here, in the background, never in the hover
// handler. The server's main thread asks for a key when a hover finds no answer ("looking up
// Wikidata…"), this part answers from the disk cache or the API and posts the result back, and the
// next hover shows it. The cache file lives in the extension's workspace storage, one per endpoint.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { DAY_MS, userAgent, WikidataCache, WikidataLookup, type LookupRequest, type WikidataResult } from '../wikidata';

/** The cache is written once answers pause this long (not after every one). */
export const CACHE_SAVE_DELAY_MS = 1000;

export interface WikidataWorkerSettings {
  enabled: boolean;
  endpoint: string;
  contact: string;
  cacheDays: number;
  version: string;
  /** The extension's workspace storage; none: the cache is kept in memory only. */
  storagePath?: string;
}

export type ToWikidataWorker =
  { type: 'wikidataConfigure'; settings: WikidataWorkerSettings } | { type: 'wikidataLookup'; key: string; request: LookupRequest };

export type FromWikidataWorker = { type: 'wikidata'; key: string; result: WikidataResult };

/** One cache file per endpoint, so answers of a test server never mix with Wikidata's. */
export function wikidataCacheFile(storagePath: string, endpoint: string): string {
  return path.join(storagePath, `wikidata-${createHash('sha256').update(endpoint).digest('hex').slice(0, 16)}.json`);
}

export class WikidataWorkerPart {
  private lookup: WikidataLookup | undefined;
  private cache: WikidataCache | undefined;
  private configured = '';
  private readonly inFlight = new Set<string>();
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly post: (message: FromWikidataWorker) => void,
    private readonly log: (level: 'info' | 'error', message: string) => void,
  ) {}

  receive(message: ToWikidataWorker): void {
    if (message.type === 'wikidataConfigure') this.configure(message.settings);
    else void this.run(message.key, message.request);
  }

  private configure(settings: WikidataWorkerSettings): void {
    const key = JSON.stringify(settings);
    if (key === this.configured) return;
    this.configured = key;
    this.saveNow();
    this.lookup = undefined;
    this.cache = undefined;
    if (!settings.enabled) return;
    const file = settings.storagePath ? wikidataCacheFile(settings.storagePath, settings.endpoint) : undefined;
    this.cache = new WikidataCache(file, settings.cacheDays * DAY_MS, Date.now, (m) => this.log('error', `Wikidata cache: ${m}`));
    this.cache.load();
    this.lookup = new WikidataLookup({
      endpoint: settings.endpoint,
      userAgent: userAgent(settings.version, settings.contact),
      cache: this.cache,
      report: (m) => this.log('error', m),
    });
    this.log('info', `Wikidata lookups on (${settings.endpoint}; ${this.cache.size} cached answers${file ? ` in ${file}` : ', memory only'})`);
  }

  private async run(key: string, request: LookupRequest): Promise<void> {
    const lookup = this.lookup;
    if (!lookup || this.inFlight.has(key)) return;
    this.inFlight.add(key);
    try {
      const result = await lookup.lookup(request);
      // Settings changed meanwhile: this answer belongs to the old endpoint.
      if (lookup !== this.lookup) return;
      this.post({ type: 'wikidata', key, result });
      this.scheduleSave();
    } finally {
      this.inFlight.delete(key);
    }
  }

  private scheduleSave(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.saveNow(), CACHE_SAVE_DELAY_MS);
  }

  private saveNow(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.cache?.save();
  }
}
