// The hover's Wikidata part (after "In this workspace"), on the server's main thread. It never waits:
// it shows what the index worker has already answered, and when there is nothing yet it asks the
// worker (wikidataWorker.ts) and says "looking up Wikidata…"; the next hover has the answer. A
// knowledge-base entry with a `wikidata` Q-id is looked up by that id; any other name is searched,
// and the candidates are listed for the user to pin one (never a silent guess). Off unless
// factdesk.wikidata.enabled, and never in an untrusted workspace.
import type { EntityType } from '../core/types';
import { escapeMarkdownText } from '../reports/markdown';
import { Commands, DEFAULT_WIKIDATA_SETTINGS, type WikidataPinArgs, type WikidataSettings } from '../shared/protocol';
import {
  itemPageUrl,
  MAX_CACHE_DAYS,
  parseEndpoint,
  requestKey,
  type ItemRef,
  type LookupRequest,
  type Position,
  type WikidataItem,
  type WikidataResult,
} from '../wikidata';
import type { KbEntry } from '../workspace';

/** A failed lookup is asked again on a hover at least this long after it failed. */
export const RETRY_FAILED_AFTER_MS = 60_000;
/** At most this many candidates are listed in the hover. */
export const HOVER_MAX_CANDIDATES = 5;

interface Known {
  result: WikidataResult;
  at: number;
}

const command = (id: string, args: unknown) => `command:${id}?${encodeURIComponent(JSON.stringify([args]))}`;

export class WikidataHover {
  settings: WikidataSettings = DEFAULT_WIKIDATA_SETTINGS;
  trusted = true;
  /** The worker was told to look up (set when that message is sent: a lookup asked later reaches a configured worker). */
  workerEnabled = false;
  private readonly known = new Map<string, Known>();
  private readonly asked = new Set<string>();
  /** Lookups that failed (each logged by the worker where it happened). */
  failures = 0;

  /** `ask` sends a lookup to the worker; `now` is the clock (tests pass their own). */
  constructor(
    private readonly ask: (key: string, request: LookupRequest) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether lookups are wanted (setting on, workspace trusted). */
  get wanted(): boolean {
    return this.settings.enabled && this.trusted;
  }

  /** New settings: answers of another endpoint are forgotten. */
  setSettings(settings: WikidataSettings): void {
    if (settings.endpoint !== this.settings.endpoint) this.forget();
    this.settings = settings;
  }

  forget(): void {
    this.known.clear();
    this.asked.clear();
  }

  /** An answer from the worker. */
  receive(key: string, result: WikidataResult): void {
    this.asked.delete(key);
    if (result.kind === 'error') this.failures++;
    this.known.set(key, { result, at: this.now() });
  }

  /** The hover lines for an entity (empty when off). */
  section(entity: { name: string; type: EntityType; aliases: string[] }, kb: KbEntry | undefined, root: string): string[] {
    if (!this.wanted || !this.workerEnabled) return [];
    const request: LookupRequest = kb?.wikidata ? { kind: 'item', id: kb.wikidata } : { kind: 'search', name: kb?.name ?? entity.name };
    const key = requestKey(request);
    const known = this.known.get(key);
    const stale = known?.result.kind === 'error' && this.now() - known.at >= RETRY_FAILED_AFTER_MS;
    if ((!known || stale) && !this.asked.has(key)) {
      this.asked.add(key);
      this.ask(key, request);
    }
    if (!known) return ['*Wikidata: looking up…* (shown on the next hover)'];
    const pin = (id: string, label?: string): WikidataPinArgs => ({
      root,
      id,
      ...(kb ? { kbId: kb.id } : {}),
      name: kb?.name ?? entity.name,
      type: kb?.type ?? entity.type,
      aliases: entity.aliases.filter((a) => a !== entity.name),
      ...(label ? { label } : {}),
    });
    return render(known.result, kb?.type ?? entity.type, this.settings.endpoint, kb, pin);
  }
}

function render(
  result: WikidataResult,
  type: EntityType,
  endpoint: string,
  kb: KbEntry | undefined,
  pin: (id: string, label?: string) => WikidataPinArgs,
): string[] {
  const esc = escapeMarkdownText;
  const page = (id: string) => itemPageUrl(endpoint, id);
  switch (result.kind) {
    case 'error':
      return [
        `*Wikidata: the lookup failed (${esc(result.errorKind)}: ${esc(result.message)}); a later hover tries again. The rest of this hover is unaffected.*`,
      ];
    case 'missing':
      return [
        `**Wikidata** has no item ${esc(result.id)}${kb ? ` (the knowledge base entry's \`wikidata\`); correct it with *Edit knowledge base entry*` : ''}.`,
      ];
    case 'candidates': {
      const n = result.candidates.length;
      if (!n) return [`**Wikidata** has no item named “${esc(result.name)}”.`];
      const lines = [
        `**Wikidata** has ${n === 1 ? 'one item' : `${n} items`} named “${esc(result.name)}”; FactDesk does not choose. Pin the one meant (stored in the knowledge base):`,
      ];
      for (const c of result.candidates.slice(0, HOVER_MAX_CANDIDATES))
        lines.push(
          `- [${esc(c.label ?? c.id)}](${page(c.id)}) (${c.id})${c.description ? ` — ${esc(c.description)}` : ''} · [Pin](${command(Commands.wikidataPin, pin(c.id, c.label))})`,
        );
      if (n > HOVER_MAX_CANDIDATES) lines.push(`- … and ${n - HOVER_MAX_CANDIDATES} more on [Wikidata](${searchUrl(endpoint, result.name)})`);
      return lines;
    }
    case 'item':
      return renderItem(result.item, result.requested, type, page);
  }
}

function searchUrl(endpoint: string, name: string): string {
  const parsed = parseEndpoint(endpoint);
  const origin = 'error' in parsed ? 'https://www.wikidata.org' : parsed.instance;
  return `${origin}/w/index.php?search=${encodeURIComponent(name)}`;
}

function renderItem(item: WikidataItem, requested: string, type: EntityType, page: (id: string) => string): string[] {
  const esc = escapeMarkdownText;
  const ref = (r: ItemRef) => (r.label ? esc(r.label) : `[${r.id}](${page(r.id)})`);
  const refs = (rs: ItemRef[]) => rs.map(ref).join('; ');
  const head = [
    `**Wikidata** [${esc(item.label ?? item.id)}](${page(item.id)}) (${item.id}${requested !== item.id ? `, redirected from ${esc(requested)}` : ''})`,
    item.description ? ` — ${esc(item.description)}` : '',
    item.wikipedia ? ` · [Wikipedia](${item.wikipedia})` : '',
  ].join('');
  const facts: string[] = [];
  const fact = (label: string, value: string | undefined) => {
    if (value) facts.push(`- ${label}: ${value}`);
  };
  if (type === 'person') {
    fact('Position held', item.positions.map((p) => `${ref(p)}${span(p)}`).join('; '));
    fact('Party', refs(item.party));
    fact('Citizenship', refs(item.citizenship));
    fact('Born', item.birthDate);
  } else if (type === 'organization') {
    fact('Country', refs(item.country));
    fact('Headquarters', refs(item.headquarters));
    fact('Inception', item.inception);
    fact('Website', item.websites.map((w) => `<${w}>`).join(' · '));
  } else if (type === 'place') {
    fact('Country', refs(item.country));
    if (item.population) fact('Population', `${item.population.amount.toLocaleString('en-US')}${item.population.date ? ` (${item.population.date})` : ''}`);
  }
  return [head, ...(facts.length ? ['', ...facts] : [])];
}

function span(p: Position): string {
  if (p.start && p.end) return ` (${p.start} – ${p.end})`;
  if (p.start) return ` (since ${p.start})`;
  if (p.end) return ` (until ${p.end})`;
  return '';
}

/** Settings as read, checked; each problem named for a warning, the default used instead. */
export function validateWikidataSettings(raw: unknown): { settings: WikidataSettings; problems: string[] } {
  const d = DEFAULT_WIKIDATA_SETTINGS;
  const r = (raw && typeof raw === 'object' ? raw : {}) as Partial<Record<keyof WikidataSettings, unknown>>;
  const problems: string[] = [];
  const enabled = typeof r.enabled === 'boolean' ? r.enabled : d.enabled;
  let cacheDays = d.cacheDays;
  if (r.cacheDays !== undefined && r.cacheDays !== null) {
    if (typeof r.cacheDays === 'number' && Number.isFinite(r.cacheDays) && r.cacheDays > 0) cacheDays = Math.min(r.cacheDays, MAX_CACHE_DAYS);
    else problems.push(`FactDesk: factdesk.wikidata.cacheDays must be a number of days above 0; using ${d.cacheDays}.`);
  }
  const contact = typeof r.contact === 'string' ? r.contact.replace(/[\r\n]+/g, ' ').trim() : d.contact;
  let endpoint = d.endpoint;
  if (typeof r.endpoint === 'string' && r.endpoint.trim() && r.endpoint.trim() !== d.endpoint) {
    const parsed = parseEndpoint(r.endpoint.trim());
    if ('error' in parsed) problems.push(`FactDesk: factdesk.wikidata.endpoint is ${parsed.error}; using ${d.endpoint}.`);
    else endpoint = r.endpoint.trim();
  }
  return { settings: { enabled, cacheDays, contact, endpoint }, problems };
}
