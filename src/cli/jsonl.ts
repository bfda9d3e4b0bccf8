// The batch contract of the evaluation scorer: JSON Lines {"id","text"} in, one line out per input,
// in order. Keep this shape stable: the shared scorer depends on it.
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { analyze } from '../core/analyze';
import type { Analysis } from '../core/types';
import { InputError } from './input';

export interface JsonlRecord {
  id: string | number;
  quotes: { start: number; end: number; speaker?: { start: number; end: number; name: string } }[];
  claims: { start: number; end: number; score: number }[];
  hedges: { start: number; end: number; cue: string }[];
  entities: { start: number; end: number; type: string; name: string }[];
}

export function toJsonlRecord(id: string | number, a: Analysis): JsonlRecord {
  return {
    id,
    quotes: a.quotes.map((q) => ({
      start: q.start,
      end: q.end,
      ...(q.speaker ? { speaker: { start: q.speaker.start, end: q.speaker.end, name: q.speaker.name } } : {}),
    })),
    claims: a.claims.map((c) => ({ start: c.start, end: c.end, score: c.score })),
    hedges: a.hedges.map((h) => ({ start: h.start, end: h.end, cue: h.cue })),
    entities: a.entities.flatMap((e) => e.mentions.map((m) => ({ start: m.start, end: m.end, type: e.type, name: e.name }))),
  };
}

/** Streams stdin to stdout; stops at the first malformed line with an InputError naming it. */
export async function runJsonl(input: Readable, output: Writable): Promise<number> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  let count = 0;
  let buffer = '';
  for await (const line of lines) {
    lineNo++;
    if (!line.trim()) continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (e) {
      flush();
      throw new InputError(`stdin line ${lineNo}: not valid JSON (${(e as Error).message})`);
    }
    const r = record as { id?: unknown; text?: unknown };
    if (typeof r !== 'object' || r === null || typeof r.text !== 'string' || (typeof r.id !== 'string' && typeof r.id !== 'number')) {
      flush();
      throw new InputError(`stdin line ${lineNo}: expected {"id": string|number, "text": string}`);
    }
    buffer += JSON.stringify(toJsonlRecord(r.id, analyze(r.text))) + '\n';
    count++;
    if (buffer.length > 1 << 16) flush();
  }
  flush();
  if (count === 0) throw new InputError('stdin: no input lines; expected JSON Lines {"id","text"}');
  return count;

  function flush(): void {
    if (buffer) output.write(buffer);
    buffer = '';
  }
}
