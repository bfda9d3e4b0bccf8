// The one way FactDesk talks to the Wikidata API: a small wrapper round Node's global fetch that
// follows the API etiquette (https://www.mediawiki.org/wiki/API:Etiquette) and never hangs:
// - a User-Agent naming FactDesk, its version and the user's contact;
// - one request at a time (a queue), however many hovers ask;
// - HTTP 429 with Retry-After honoured, and the `maxlag` error of a busy replica waited out (the lag
//   it reports, else its Retry-After), each a bounded number of times for a bounded wait;
// - `maxlag=5` on background requests (every request FactDesk makes is one: nobody waits on it);
// - a timeout per request (AbortController).
// wikibase-sdk builds the URLs (lookup.ts); its own client has no timeout or retry, hence this file.

/** Seconds of replication lag above which a background request is refused by the API (its `maxlag` parameter). */
export const BACKGROUND_MAXLAG_SECONDS = 5;
/** A request is abandoned after this long. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** At most this many attempts per request (the first and the retries after 429 or maxlag). */
export const MAX_ATTEMPTS = 3;
/** A Retry-After or lag longer than this is not waited out: the request fails, to be retried on a later hover. */
export const MAX_RETRY_WAIT_MS = 30_000;
/** When a 429 or maxlag answer names no wait, this one is used. */
export const DEFAULT_RETRY_WAIT_MS = 5_000;

export type WikidataErrorKind = 'timeout' | 'network' | 'http' | 'rateLimited' | 'maxlag' | 'malformed' | 'api';

export class WikidataError extends Error {
  constructor(
    readonly kind: WikidataErrorKind,
    message: string,
    readonly url: string,
    /** The API's error code (`maxlag`, `no-such-entity`), if it gave one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'WikidataError';
  }
}

export interface HttpOptions {
  /** The User-Agent header (see userAgent()). */
  userAgent: string;
  timeoutMs?: number;
  /** Waits between attempts; tests pass one that records the wait instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
}

/** "FactDesk/0.1.0 (contact) Node.js/20.x": the contact is the user's setting (factdesk.wikidata.contact). */
export function userAgent(version: string, contact: string): string {
  const who = contact.trim() || 'no contact set in factdesk.wikidata.contact';
  return `FactDesk/${version} (${who}) Node.js/${process.versions.node}`;
}

/** Counts of requests and failures by kind, for logs and tests. */
export interface HttpCounts {
  requests: number;
  retries: number;
  failures: Partial<Record<WikidataErrorKind, number>>;
}

export class WikidataHttp {
  private tail: Promise<unknown> = Promise.resolve();
  readonly counts: HttpCounts = { requests: 0, retries: 0, failures: {} };
  /** Each wait between attempts, in ms (also the reason), for the log. */
  readonly waits: Array<{ ms: number; reason: string }> = [];

  constructor(private readonly options: HttpOptions) {}

  /**
   * GETs an API URL and returns its parsed JSON. Queued behind every earlier request. Background
   * requests carry maxlag. Throws WikidataError; each failure is counted.
   */
  getJson(url: string, { background = true }: { background?: boolean } = {}): Promise<unknown> {
    const run = this.tail.then(() => this.attempts(background ? withMaxlag(url) : url));
    // The queue only orders the requests: the next one starts when this one has settled either way.
    // Its failure is not dropped: the caller gets it through `run` (and attempts() has counted it).
    const settled = () => undefined;
    this.tail = run.then(settled, settled);
    return run;
  }

  private async attempts(url: string): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(url);
      } catch (error) {
        if (!(error instanceof WikidataError)) throw error;
        const wait = error instanceof RetryableError ? error.waitMs : undefined;
        if (wait === undefined || attempt >= MAX_ATTEMPTS || wait > MAX_RETRY_WAIT_MS) {
          const final =
            wait !== undefined && wait > MAX_RETRY_WAIT_MS
              ? new WikidataError(
                  error.kind,
                  `${error.message}; asked to wait ${Math.round(wait / 1000)} s, more than ${MAX_RETRY_WAIT_MS / 1000} s`,
                  url,
                  error.code,
                )
              : wait !== undefined
                ? new WikidataError(error.kind, `${error.message}; gave up after ${attempt} attempts`, url, error.code)
                : error;
          this.counts.failures[final.kind] = (this.counts.failures[final.kind] ?? 0) + 1;
          throw final;
        }
        this.counts.retries++;
        this.waits.push({ ms: wait, reason: error.kind });
        await (this.options.sleep ?? sleep)(wait);
      }
    }
  }

  private async once(url: string): Promise<unknown> {
    this.counts.requests++;
    const controller = new AbortController();
    const timeoutMs = this.options.timeoutMs ?? REQUEST_TIMEOUT_MS;
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let response: Response;
    let body: string;
    try {
      response = await (this.options.fetch ?? fetch)(url, {
        headers: { 'User-Agent': this.options.userAgent, Accept: 'application/json' },
        signal: controller.signal,
      });
      body = await response.text();
    } catch (error) {
      if (controller.signal.aborted) throw new WikidataError('timeout', `no answer within ${timeoutMs} ms`, url);
      throw new WikidataError(
        'network',
        `request failed: ${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)}`,
        url,
      );
    } finally {
      clearTimeout(timer);
    }
    if (response.status === 429) {
      throw new RetryableError('rateLimited', 'HTTP 429 Too Many Requests', url, retryAfterMs(response.headers.get('retry-after')) ?? DEFAULT_RETRY_WAIT_MS);
    }
    if (!response.ok) throw new WikidataError('http', `HTTP ${response.status} ${response.statusText}`.trim(), url);
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch (error) {
      throw new WikidataError('malformed', `malformed JSON (${error instanceof Error ? error.message : String(error)})`, url);
    }
    const apiError = (json as { error?: { code?: unknown; info?: unknown; lag?: unknown } } | null)?.error;
    if (apiError && typeof apiError === 'object') {
      const code = typeof apiError.code === 'string' ? apiError.code : 'unknown';
      const info = typeof apiError.info === 'string' ? apiError.info : '';
      if (code === 'maxlag') {
        const lagMs = typeof apiError.lag === 'number' ? apiError.lag * 1000 : lagFromInfo(info);
        const wait = lagMs ?? retryAfterMs(response.headers.get('retry-after')) ?? DEFAULT_RETRY_WAIT_MS;
        throw new RetryableError('maxlag', `the API is lagging (${info || 'maxlag'})`, url, wait, code);
      }
      throw new WikidataError('api', `API error ${code}${info ? `: ${info}` : ''}`, url, code);
    }
    return json;
  }
}

class RetryableError extends WikidataError {
  constructor(
    kind: WikidataErrorKind,
    message: string,
    url: string,
    readonly waitMs: number,
    code?: string,
  ) {
    super(kind, message, url, code);
  }
}

function withMaxlag(url: string): string {
  return /[?&]maxlag=/.test(url) ? url : `${url}${url.includes('?') ? '&' : '?'}maxlag=${BACKGROUND_MAXLAG_SECONDS}`;
}

/** Retry-After: seconds, or an HTTP date (then relative to now). */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** "Waiting for 10.64.16.27: 2 seconds lagged" → 2000. */
function lagFromInfo(info: string): number | undefined {
  const m = /(\d+(?:\.\d+)?) seconds? lagged/.exec(info);
  return m ? Math.round(Number(m[1]) * 1000) : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
