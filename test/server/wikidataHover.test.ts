// The hover's Wikidata lines (src/server/wikidataHover.ts) from real lookups against the local
// fixture server: facts chosen by the entity's type (person, organization, place, other), preferred
// values first, the states before and after an answer (looking up, failed and asked again only after
// RETRY_FAILED_AFTER_MS by an injected clock, missing), the request made (by the KB's Q-id, else a
// search), and the settings' validation.
import { strict as assert } from 'node:assert';
import path from 'node:path';
import type { EntityType } from '../../src/core/types';
import { RETRY_FAILED_AFTER_MS, validateWikidataSettings, WikidataHover } from '../../src/server/wikidataHover';
import { DEFAULT_WIKIDATA_SETTINGS } from '../../src/shared/protocol';
import { userAgent, WikidataLookup, type LookupRequest } from '../../src/wikidata';
import type { KbEntry } from '../../src/workspace';
import { fixturesDir, startFixtureServer, type FixtureServer } from '../wikidata/fixtureServer';

const REPO = path.resolve(__dirname, '..', '..');

describe('Wikidata hover lines', () => {
  let server: FixtureServer;
  let asked: Array<{ key: string; request: LookupRequest }>;
  let now: number;
  let hover: WikidataHover;
  const kb = (name: string, type: EntityType, wikidata?: string): KbEntry => ({
    id: name.toLowerCase(),
    name,
    type,
    aliases: [],
    links: [],
    ...(wikidata ? { wikidata } : {}),
  });
  const entity = (name: string, type: EntityType) => ({ name, type, aliases: [name] });

  /** Asks the hover, answers its request with a real lookup, and returns the hover's next lines. */
  async function answered(name: string, type: EntityType, entry?: KbEntry): Promise<string> {
    const before = asked.length;
    const first = hover.section(entity(name, type), entry, '/desk');
    assert.deepEqual(first, ['*Wikidata: looking up…* (shown on the next hover)']);
    assert.equal(asked.length, before + 1, 'one lookup asked');
    const { key, request } = asked[before];
    const result = await new WikidataLookup({ endpoint: server.endpoint, userAgent: userAgent('0.1.0', ''), sleep: async () => undefined }).lookup(request);
    hover.receive(key, result);
    return hover.section(entity(name, type), entry, '/desk').join('\n');
  }

  beforeEach(async () => {
    server = await startFixtureServer(fixturesDir(REPO));
    asked = [];
    now = Date.UTC(2026, 0, 1);
    hover = new WikidataHover(
      (key, request) => asked.push({ key, request }),
      () => now,
    );
    hover.setSettings({ ...DEFAULT_WIKIDATA_SETTINGS, enabled: true, endpoint: server.endpoint });
    hover.workerEnabled = true;
  });
  afterEach(() => server.close());

  it('nothing at all while off, untrusted, or before the worker is told', () => {
    hover.setSettings({ ...DEFAULT_WIKIDATA_SETTINGS, endpoint: server.endpoint });
    assert.deepEqual(hover.section(entity('ABC', 'organization'), undefined, '/desk'), []);
    hover.setSettings({ ...DEFAULT_WIKIDATA_SETTINGS, enabled: true, endpoint: server.endpoint });
    hover.trusted = false;
    assert.deepEqual(hover.section(entity('ABC', 'organization'), undefined, '/desk'), []);
    hover.trusted = true;
    hover.workerEnabled = false;
    assert.deepEqual(hover.section(entity('ABC', 'organization'), undefined, '/desk'), []);
    assert.equal(asked.length, 0);
  });

  it('a person: positions with dates, party, citizenship, birth date; looked up by the knowledge base’s Q-id', async () => {
    const text = await answered('Henning Christophersen', 'person', kb('Henning Christophersen', 'person', 'Q646148'));
    assert.deepEqual(asked[0].request, { kind: 'item', id: 'Q646148' });
    assert.equal(
      text.replace(/http:\/\/127\.0\.0\.1:\d+/g, 'BASE'),
      [
        '**Wikidata** [Henning Christophersen](BASE/wiki/Q646148) (Q646148) — Danish politician · [Wikipedia](https://en.wikipedia.org/wiki/Henning_Christophersen)',
        '',
        '- Position held: Minister of Foreign Affairs of Denmark (1978-08-30 – 1979-10-26); [Q5449541](BASE/wiki/Q5449541)',
        '- Party: Venstre',
        '- Citizenship: Denmark',
        '- Born: 1939-11-08',
      ].join('\n'),
    );
    assert.equal(asked.length, 1, 'answered: not asked again');
  });

  it('an organization: country, inception, website (this recording has no headquarters)', async () => {
    // Bielefeld's recorded entity, typed as an organization in the knowledge base (the city as a body).
    const text = await answered('Bielefeld', 'organization', kb('Bielefeld', 'organization', 'Q2112'));
    assert.match(text, /\*\*Wikidata\*\* \[Bielefeld\]\([^)]+\/wiki\/Q2112\) \(Q2112\) — city in Germany/);
    assert.match(text, /\n- Country: Germany\n- Inception: 1214\n- Website: <https:\/\/www\.bielefeld\.de\/>$/);
    assert.doesNotMatch(text, /Headquarters|Population|Position held/);
  });

  it('a place: the preferred country and the preferred population with its date', async () => {
    const text = await answered('Bielefeld', 'place', kb('Bielefeld', 'place', 'Q2112'));
    // P17: Germany is preferred (the ended countries give way); P1082: the preferred 2021 figure.
    assert.match(text, /\n- Country: Germany\n- Population: 334,002 \(2021-12-31\)$/);
  });

  it('other entities: label and description only', async () => {
    const text = await answered('Bielefeld', 'other', kb('Bielefeld', 'other', 'Q2112'));
    assert.doesNotMatch(text, /\n- /);
  });

  it('a name without a Q-id is searched, and the candidates are listed with Pin links carrying the entry', async () => {
    const text = await answered('ABC', 'organization', kb('ABC', 'organization'));
    assert.deepEqual(asked[0].request, { kind: 'search', name: 'ABC' });
    const pins = [...text.matchAll(/\[Pin\]\(command:factdesk\.wikidata\.pin\?([^)]+)\)/g)].map((m) => JSON.parse(decodeURIComponent(m[1]))[0]);
    assert.equal(pins.length, 5);
    assert.deepEqual(pins[0], {
      root: '/desk',
      id: 'Q169889',
      kbId: 'abc',
      name: 'ABC',
      type: 'organization',
      aliases: [],
      label: 'American Broadcasting Company',
    });
    assert.match(text, /- … and 1 more on \[Wikidata\]\(http:\/\/127\.0\.0\.1:\d+\/w\/index\.php\?search=ABC\)/);
    const none = await answered('Marta Kowalczyk', 'person');
    assert.equal(none, '**Wikidata** has no item named “Marta Kowalczyk”.');
  });

  it('a missing item names the knowledge base entry to correct', async () => {
    const text = await answered('Someone', 'person', kb('Someone', 'person', 'Q6'));
    assert.equal(text, "**Wikidata** has no item Q6 (the knowledge base entry's `wikidata`); correct it with *Edit knowledge base entry*.");
  });

  it('a failure: said in place of the facts, asked again only after RETRY_FAILED_AFTER_MS', async () => {
    server.script({ status: 502, body: 'Bad Gateway' });
    const text = await answered('ABC', 'organization');
    assert.equal(text, '*Wikidata: the lookup failed (http: HTTP 502 Bad Gateway); a later hover tries again. The rest of this hover is unaffected.*');
    assert.equal(hover.failures, 1);
    now += RETRY_FAILED_AFTER_MS - 1;
    hover.section(entity('ABC', 'organization'), undefined, '/desk');
    assert.equal(asked.length, 1, 'not yet');
    now += 1;
    hover.section(entity('ABC', 'organization'), undefined, '/desk');
    assert.equal(asked.length, 2, 'asked again');
    hover.section(entity('ABC', 'organization'), undefined, '/desk');
    assert.equal(asked.length, 2, 'once while it is on its way');
  });

  it('validates the settings: a bad endpoint or cache age falls back to the default with a message', () => {
    assert.deepEqual(validateWikidataSettings(undefined), { settings: DEFAULT_WIKIDATA_SETTINGS, problems: [] });
    const { settings, problems } = validateWikidataSettings({
      enabled: 'yes',
      cacheDays: -3,
      contact: 'a@b.org\nX-Injected: 1',
      endpoint: 'ftp://example.org/api',
    });
    assert.deepEqual(settings, { ...DEFAULT_WIKIDATA_SETTINGS, contact: 'a@b.org X-Injected: 1' });
    assert.equal(problems.length, 2);
    assert.match(problems[0], /cacheDays must be a number of days above 0; using 30/);
    assert.match(problems[1], /endpoint is not an http\(s\) URL: ftp:\/\/example\.org\/api; using https:\/\/www\.wikidata\.org\/w\/api\.php/);
    assert.equal(validateWikidataSettings({ endpoint: 'http://127.0.0.1:8080/w/api.php' }).settings.endpoint, 'http://127.0.0.1:8080/w/api.php');
    assert.equal(validateWikidataSettings({ cacheDays: 1e9 }).settings.cacheDays, 3650);
  });
});
