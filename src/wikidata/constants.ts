// Defaults shared with the settings schema (src/shared/protocol.ts, package.json). No imports, so the
// extension's bundle can read them without the client code.

/** The Wikidata API (factdesk.wikidata.endpoint overrides it, e.g. for tests on 127.0.0.1). */
export const DEFAULT_WIKIDATA_ENDPOINT = 'https://www.wikidata.org/w/api.php';
/** Default of factdesk.wikidata.cacheDays. */
export const DEFAULT_CACHE_DAYS = 30;
/** factdesk.wikidata.cacheDays is clamped to this (ten years). */
export const MAX_CACHE_DAYS = 3650;
