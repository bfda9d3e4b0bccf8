// The Wikidata client against the local fixture server (recorded responses, 127.0.0.1 only): search,
// a person, a place behind a redirect, several candidates, a missing entity, 429 with Retry-After,
// the maxlag error, a timeout, malformed JSON, the API's own errors; the etiquette (User-Agent,
// maxlag, one request at a time); and the disk cache (TTL by an injected clock, atomic file,
// malformed file reported and ignored).
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  BACKGROUND_MAXLAG_SECONDS,
  CACHE_FILE,
  DAY_MS,
  MAX_ATTEMPTS,
  MAX_RETRY_WAIT_MS,
  userAgent,
  WikidataCache,
  WikidataLookup,
  type WikidataResult,
} from '../../src/wikidata';
import { fixturesDir, startFixtureServer, type FixtureServer } from './fixtureServer';

const REPO = path.resolve(__dirname, '..', '..');
const UA = userAgent('0.1.0', 'desk@example.org');

describe('Wikidata lookup (local fixture server)', () => {
  let server: FixtureServer;
  let waits: number[];
  let reports: string[];
  const lookup = (extra: Partial<ConstructorParameters<typeof WikidataLookup>[0]> = {}) =>
    new WikidataLookup({
      endpoint: server.endpoint,
      userAgent: UA,
      sleep: async (ms) => {
        waits.push(ms);
      },
      report: (m) => reports.push(m),
      ...extra,
    });
  const item = (r: WikidataResult) => {
    assert.equal(r.kind, 'item', JSON.stringify(r));
    return (r as Extract<WikidataResult, { kind: 'item' }>).item;
  };

  beforeEach(async () => {
    server = await startFixtureServer(fixturesDir(REPO));
    waits = [];
    reports = [];
  });
  afterEach(() => server.close());

  it('a person: label, description, positions with dates, party, citizenship, birth date; labels from a second call', async () => {
    const client = lookup();
    const person = item(await client.lookup({ kind: 'item', id: 'Q646148' }));
    assert.equal(person.id, 'Q646148');
    assert.equal(person.label, 'Henning Christophersen');
    assert.equal(person.description, 'Danish politician');
    assert.equal(person.wikipedia, 'https://en.wikipedia.org/wiki/Henning_Christophersen');
    assert.equal(person.birthDate, '1939-11-08');
    // The dated position first; the undated one keeps its id (no label in the labels answer).
    assert.deepEqual(person.positions, [
      { id: 'Q6866144', label: 'Minister of Foreign Affairs of Denmark', start: '1978-08-30', end: '1979-10-26' },
      { id: 'Q5449541' },
    ]);
    assert.deepEqual(person.party, [{ id: 'Q217321', label: 'Venstre' }]);
    assert.deepEqual(person.citizenship, [{ id: 'Q35', label: 'Denmark' }]);
    assert.equal(server.requests.length, 2);
    const [entity, labels] = server.requests.map((r) => r.params);
    assert.equal(entity.get('action'), 'wbgetentities');
    assert.equal(entity.get('ids'), 'Q646148');
    assert.deepEqual(entity.get('props')?.split('|').sort(), ['aliases', 'claims', 'descriptions', 'labels', 'sitelinks']);
    assert.equal(labels.get('props'), 'labels');
    assert.deepEqual(labels.get('ids')?.split('|').sort(), ['Q217321', 'Q35', 'Q5449541', 'Q6866144']);
  });

  it('a place behind a redirect: the target item, the preferred country only, the latest population with its date', async () => {
    const place = item(await lookup().lookup({ kind: 'item', id: 'Q32063953' }));
    assert.equal(place.id, 'Q1040');
    assert.equal(place.label, 'Karlsruhe');
    // P17: Germany is preferred; West Germany and the German Empire ended, and Germany is listed twice.
    assert.deepEqual(place.country, [{ id: 'Q183', label: 'Germany' }]);
    assert.ok(place.population, 'a population');
    assert.match(place.population.date ?? '', /^\d{4}-\d{2}-\d{2}$/);
    const raw = JSON.parse(fs.readFileSync(path.join(fixturesDir(REPO), 'wbgetentities-Q32063953-Karlsruhe.json'), 'utf8'));
    const dated = (
      raw.entities.Q32063953.claims.P1082 as Array<{
        rank: string;
        mainsnak: { datavalue: { value: { amount: string } } };
        qualifiers?: Record<string, Array<{ datavalue: { value: { time: string } } }>>;
      }>
    )
      .filter((c) => c.rank !== 'deprecated' && c.qualifiers?.P585)
      .map((c) => ({ amount: Number(c.mainsnak.datavalue.value.amount), time: c.qualifiers!.P585[0].datavalue.value.time }))
      .sort((a, b) => (a.time < b.time ? 1 : -1));
    assert.equal(place.population.amount, dated[0].amount);
    assert.equal(place.population.date, dated[0].time.slice(1, 11));
    assert.deepEqual(place.websites, ['https://www.karlsruhe.de/']);
  });

  it('several candidates: listed (disambiguation pages left out), never one picked', async () => {
    const result = await lookup().lookup({ kind: 'search', name: 'ABC' });
    assert.equal(result.kind, 'candidates');
    const { candidates } = result as Extract<WikidataResult, { kind: 'candidates' }>;
    assert.deepEqual(
      candidates.map((c) => c.id),
      ['Q169889', 'Q781365', 'Q287076', 'Q304330', 'Q1057802', 'Q26298'],
    );
    assert.equal(candidates[0].label, 'American Broadcasting Company');
    assert.equal(candidates[0].description, 'American broadcast television network');
    const params = server.requests[0].params;
    assert.equal(params.get('action'), 'wbsearchentities');
    assert.equal(params.get('search'), 'ABC');
    assert.equal(params.get('language'), 'en');
    assert.equal(server.requests.length, 1, 'no entity is fetched for a search');
    const none = await lookup().lookup({ kind: 'search', name: 'Marta Kowalczyk' });
    assert.deepEqual(none, { kind: 'candidates', name: 'Marta Kowalczyk', candidates: [] });
  });

  it('a missing entity, and the API’s own error, are results, not exceptions', async () => {
    assert.deepEqual(await lookup().lookup({ kind: 'item', id: 'Q6' }), { kind: 'missing', id: 'Q6' });
    server.script({ status: 200, fixture: 'wbgetentities-bogus.json' });
    const bogus = await lookup().lookup({ kind: 'item', id: 'Q7' });
    assert.equal(bogus.kind, 'error');
    assert.match((bogus as { message: string }).message, /no-such-entity/);
    assert.equal(reports.length, 1);
    assert.match(reports[0], /Wikidata item Q7 failed \(api\)/);
  });

  it('sends the etiquette: User-Agent with FactDesk, version and contact; maxlag on background requests', async () => {
    await lookup().lookup({ kind: 'search', name: 'abc' });
    const request = server.requests[0];
    assert.match(request.userAgent ?? '', /^FactDesk\/0\.1\.0 \(desk@example\.org\)/);
    assert.equal(request.params.get('maxlag'), String(BACKGROUND_MAXLAG_SECONDS));
    assert.equal(request.params.get('format'), 'json');
  });

  it('one request at a time, however many lookups are asked at once', async () => {
    const client = lookup();
    const results = await Promise.all([
      client.lookup({ kind: 'item', id: 'Q646148' }),
      client.lookup({ kind: 'item', id: 'Q32063953' }),
      client.lookup({ kind: 'search', name: 'abc' }),
      client.lookup({ kind: 'item', id: 'Q6' }),
    ]);
    assert.deepEqual(
      results.map((r) => r.kind),
      ['item', 'item', 'candidates', 'missing'],
    );
    assert.equal(server.requests.length, 6);
    assert.equal(server.maxInFlight(), 1);
  });

  it('HTTP 429: waits as Retry-After says, then succeeds; a Retry-After beyond the bound fails without waiting', async () => {
    server.script({ status: 429, headers: { 'Retry-After': '2' }, body: 'Too many requests' });
    const client = lookup();
    assert.equal((await client.lookup({ kind: 'search', name: 'abc' })).kind, 'candidates');
    assert.deepEqual(waits, [2000]);
    assert.equal(server.requests.length, 2);
    server.script({ status: 429, headers: { 'Retry-After': String(MAX_RETRY_WAIT_MS / 1000 + 60) } });
    const refused = await client.lookup({ kind: 'search', name: 'other name' });
    assert.equal(refused.kind, 'error');
    assert.equal((refused as { errorKind: string }).errorKind, 'rateLimited');
    assert.deepEqual(waits, [2000], 'no second wait');
    assert.equal(client.http.counts.failures.rateLimited, 1);
  });

  it('the maxlag error: waits the lag it reports (recorded answers), bounded attempts', async () => {
    server.script({ status: 200, fixture: 'error-maxlag-full.json' }, { status: 200, fixture: 'error-maxlag.json', headers: { 'Retry-After': '5' } });
    const client = lookup();
    assert.equal((await client.lookup({ kind: 'search', name: 'abc' })).kind, 'candidates');
    // "lag": 3.45 in the full answer; "2 seconds lagged" in the short one's text.
    assert.deepEqual(waits, [3450, 2000]);
    server.script(...Array.from({ length: MAX_ATTEMPTS }, () => ({ status: 200, fixture: 'error-maxlag.json' })));
    const failed = await client.lookup({ kind: 'search', name: 'someone else' });
    assert.equal(failed.kind, 'error');
    assert.equal((failed as { errorKind: string }).errorKind, 'maxlag');
    assert.match((failed as { message: string }).message, new RegExp(`gave up after ${MAX_ATTEMPTS} attempts`));
    assert.equal(server.requests.length, 3 + MAX_ATTEMPTS);
  });

  it('a timeout: a request with no answer is abandoned, reported, and the next one goes ahead', async () => {
    server.script({ hang: true });
    const client = lookup({ timeoutMs: 200 });
    const result = await client.lookup({ kind: 'search', name: 'abc' });
    assert.equal(result.kind, 'error');
    assert.equal((result as { errorKind: string }).errorKind, 'timeout');
    assert.match(reports[0], /Wikidata search for “abc” failed \(timeout\): no answer within 200 ms/);
    assert.equal(client.failures, 1);
    assert.equal((await client.lookup({ kind: 'search', name: 'abc' })).kind, 'candidates');
  });

  it('malformed JSON fails that lookup only', async () => {
    const recorded = fs.readFileSync(path.join(fixturesDir(REPO), 'wbsearchentities-abc.json'), 'utf8');
    server.script({ status: 200, body: recorded.slice(0, recorded.length / 2) });
    const client = lookup();
    const result = await client.lookup({ kind: 'search', name: 'abc' });
    assert.equal((result as { errorKind: string }).errorKind, 'malformed');
    assert.equal(client.http.counts.failures.malformed, 1);
    assert.equal((await client.lookup({ kind: 'item', id: 'Q646148' })).kind, 'item');
  });

  it('a failed labels call degrades to ids and is not cached', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'factdesk-wd-'));
    const cache = new WikidataCache(path.join(dir, CACHE_FILE), 30 * DAY_MS);
    server.script({ status: 200, fixture: 'wbgetentities-Q646148-Henning-Christophersen.json' }, { status: 503, body: 'Service Unavailable' });
    const client = lookup({ cache });
    const first = await client.lookup({ kind: 'item', id: 'Q646148' });
    assert.equal((first as { incomplete?: boolean }).incomplete, true);
    assert.deepEqual(item(first).party, [{ id: 'Q217321' }]);
    assert.match(reports[0], /labels for Wikidata item Q646148 failed \(http\): HTTP 503/);
    assert.equal(cache.size, 0);
    assert.deepEqual(item(await client.lookup({ kind: 'item', id: 'Q646148' })).party, [{ id: 'Q217321', label: 'Venstre' }]);
    assert.equal(cache.size, 1);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('cache', () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'factdesk-wd-'))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('answers from disk within the TTL (no request), asks again after it', async () => {
      let now = Date.UTC(2026, 0, 1);
      const file = path.join(dir, CACHE_FILE);
      const cache = new WikidataCache(file, 30 * DAY_MS, () => now);
      await lookup({ cache }).lookup({ kind: 'item', id: 'Q646148' });
      cache.save();
      assert.equal(server.requests.length, 2);
      assert.deepEqual(
        fs.readdirSync(dir).filter((f) => f !== CACHE_FILE),
        [],
        'no temporary file left',
      );
      // A new process: the file is read back.
      now += 29 * DAY_MS;
      const reopened = new WikidataCache(file, 30 * DAY_MS, () => now);
      reopened.load();
      assert.equal(item(await lookup({ cache: reopened }).lookup({ kind: 'item', id: 'Q646148' })).label, 'Henning Christophersen');
      assert.equal(server.requests.length, 2, 'answered from the cache');
      now += 2 * DAY_MS;
      await lookup({ cache: reopened }).lookup({ kind: 'item', id: 'Q646148' });
      assert.equal(server.requests.length, 4, 'expired: asked again');
    });

    it('errors are not cached', async () => {
      const cache = new WikidataCache(path.join(dir, CACHE_FILE), DAY_MS);
      server.script({ status: 500, body: 'oops' });
      assert.equal((await lookup({ cache }).lookup({ kind: 'search', name: 'abc' })).kind, 'error');
      assert.equal(cache.size, 0);
    });

    it('a malformed cache file is reported and ignored, then rewritten', async () => {
      const file = path.join(dir, CACHE_FILE);
      fs.writeFileSync(file, '{"version": 1, "entries": {');
      const problems: string[] = [];
      const cache = new WikidataCache(file, DAY_MS, Date.now, (m) => problems.push(m));
      cache.load();
      assert.equal(problems.length, 1);
      assert.match(problems[0], /wikidata-cache\.json is malformed .*ignored/);
      assert.equal((await lookup({ cache }).lookup({ kind: 'search', name: 'abc' })).kind, 'candidates');
      cache.save();
      const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
      assert.deepEqual(Object.keys(saved.entries), ['search:en:abc']);
    });
  });
});
