// A local stand-in for https://www.wikidata.org/w/api.php on 127.0.0.1 (never the internet) that
// replays real recorded responses from test/fixtures/wikidata (sources in NOTICE.md):
// - wbsearchentities: "abc" → the recorded seven hits for "abc"; any other name → the recorded empty answer;
// - wbgetentities with claims: Q646148 (Henning Christophersen), Q32063953 (redirected to Q1040,
//   Karlsruhe), Q2112 (Bielefeld), Q6 (the recorded `missing` answer; other unknown ids get that answer with their id);
// - wbgetentities props=labels: labels-composed.json in the shape of a labels answer.
// Tests queue scripted answers first (429 with Retry-After, the recorded maxlag errors, a hang for the
// timeout, malformed JSON) and read the request log (URL, User-Agent, how many were in flight).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

export type Scripted =
  | { status: number; headers?: Record<string, string>; body?: string; fixture?: string }
  /** Never answers (until the server stops): the client's timeout has to end it. */
  | { hang: true };

export interface LoggedRequest {
  url: string;
  params: URLSearchParams;
  userAgent: string | undefined;
  /** Requests in flight when this one arrived (this one included). */
  inFlight: number;
}

export interface FixtureServer {
  /** http://127.0.0.1:PORT/w/api.php */
  endpoint: string;
  requests: LoggedRequest[];
  /** Answers given before the fixture routes, in order, one per request. */
  script(...answers: Scripted[]): void;
  maxInFlight(): number;
  close(): Promise<void>;
}

export function fixturesDir(repoRoot: string): string {
  return path.join(repoRoot, 'test', 'fixtures', 'wikidata');
}

const ENTITY_FIXTURES: Record<string, string> = {
  Q646148: 'wbgetentities-Q646148-Henning-Christophersen.json',
  Q32063953: 'wbgetentities-Q32063953-Karlsruhe.json',
  Q2112: 'wbgetentities-Q2112-Bielefeld.json',
  Q6: 'wbgetentities-Q6-missing.json',
};
const SEARCH_FIXTURES: Record<string, string> = { abc: 'wbsearchentities-abc.json' };

export async function startFixtureServer(dir: string): Promise<FixtureServer> {
  const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
  const labels = (JSON.parse(read('labels-composed.json')) as { labels: Record<string, string> }).labels;
  const queue: Scripted[] = [];
  const requests: LoggedRequest[] = [];
  const hanging = new Set<http.ServerResponse>();
  let inFlight = 0;
  let max = 0;

  function route(params: URLSearchParams): { status: number; body: string } {
    const action = params.get('action');
    if (action === 'wbsearchentities') {
      const name = (params.get('search') ?? '').toLowerCase();
      return { status: 200, body: read(SEARCH_FIXTURES[name] ?? 'wbsearchentities-empty.json') };
    }
    if (action === 'wbgetentities') {
      const ids = (params.get('ids') ?? '').split('|').filter(Boolean);
      if ((params.get('props') ?? '') === 'labels') {
        const entities = Object.fromEntries(
          ids.map((id) => [id, { type: 'item', id, labels: labels[id] ? { en: { language: 'en', value: labels[id] } } : {} }]),
        );
        return { status: 200, body: JSON.stringify({ entities, success: 1 }) };
      }
      if (ids.length === 1 && ENTITY_FIXTURES[ids[0]]) return { status: 200, body: read(ENTITY_FIXTURES[ids[0]]) };
      // The recorded `missing` answer, for the ids asked.
      const missing = JSON.parse(read('wbgetentities-Q6-missing.json')) as { entities: Record<string, unknown>; success: number };
      const entities = Object.fromEntries(ids.map((id) => [id, { ...(missing.entities.Q6 as object), id }]));
      return { status: 200, body: JSON.stringify({ entities, success: missing.success }) };
    }
    return { status: 400, body: JSON.stringify({ error: { code: 'badvalue', info: `Unrecognized value for parameter "action": ${action}.` } }) };
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    inFlight++;
    max = Math.max(max, inFlight);
    res.on('close', () => inFlight--);
    requests.push({ url: url.toString(), params: url.searchParams, userAgent: req.headers['user-agent'], inFlight });
    const scripted = queue.shift();
    if (scripted && 'hang' in scripted) {
      hanging.add(res);
      return;
    }
    const answer = scripted
      ? { status: scripted.status, body: scripted.body ?? (scripted.fixture ? read(scripted.fixture) : ''), headers: scripted.headers }
      : { ...route(url.searchParams), headers: undefined };
    res.writeHead(answer.status, { 'Content-Type': 'application/json; charset=utf-8', ...(answer.headers ?? {}) });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/w/api.php`,
    requests,
    script: (...answers) => queue.push(...answers),
    maxInFlight: () => max,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
