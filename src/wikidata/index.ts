// Optional Wikidata lookups (factdesk.wikidata.enabled, off by default): an HTTP client that follows
// the API etiquette, the facts a fact-checker wants per entity type, and a disk cache. Plain Node
// (global fetch, fs); no editor or LSP code. The language server's index worker runs it.
export {
  BACKGROUND_MAXLAG_SECONDS,
  MAX_ATTEMPTS,
  MAX_RETRY_WAIT_MS,
  REQUEST_TIMEOUT_MS,
  userAgent,
  WikidataError,
  WikidataHttp,
  type HttpCounts,
  type WikidataErrorKind,
} from './http';
export {
  factsOf,
  itemIds,
  MAX_POSITIONS,
  MAX_VALUES,
  PROPERTY,
  WIKIDATA_LANGUAGE,
  withLabels,
  type ItemRef,
  type Position,
  type RawEntity,
  type WikidataItem,
} from './facts';
export { CACHE_FILE, DAY_MS, MAX_CACHE_ENTRIES, WikidataCache } from './cache';
export { DEFAULT_CACHE_DAYS, DEFAULT_WIKIDATA_ENDPOINT, MAX_CACHE_DAYS } from './constants';
export {
  isItemId,
  itemPageUrl,
  parseEndpoint,
  requestKey,
  SEARCH_LIMIT,
  WikidataLookup,
  type LookupRequest,
  type WikidataCandidate,
  type WikidataResult,
} from './lookup';
