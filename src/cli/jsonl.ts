// The batch contract of the evaluation scorer: JSON Lines {"id","text"} in, one line out per input,
// in order. Keep this shape stable: the shared scorer depends on it.
//
// Failures (issue #8), one line out per input all the same:
// - An input the engine could not analyze at all gives `{"id": <its id>, "error": "<message>"}` on
//   its line; the lines after it are still processed.
// - An input on which a detector failed on part of the text (the engine isolates it: that detector's
//   findings on that paragraph are missing, everything else is there) gives its normal record plus
//   `"errors": [FailureReport...]` (src/shared/protocol.ts: detector, start, end, line, endLine,
//   message, stack). A record without failures has no `errors` key, as before.
// Either way a one-line warning per failure goes to stderr, and the exit code is 1 once all lines
// are done. A malformed line is bad input, as before: it stops the batch with exit code 2.
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { analyze } from '../core/analyze';
import type { Detectors } from '../core/detectors';
import type { Analysis } from '../core/types';
import { failureSummary, toFailureReports } from '../shared/failures';
import type { FailureReport } from '../shared/protocol';
import { InputError } from './input';

export interface JsonlRecord {
  id: string | number;
  quotes: { start: number; end: number; speaker?: { start: number; end: number; name: string } }[];
  claims: { start: number; end: number; score: number }[];
  hedges: { start: number; end: number; cue: string }[];
  entities: { start: number; end: number; type: string; name: string }[];
  /** Only when a detector failed on part of this input (see above). */
  errors?: FailureReport[];
}

/** The line of an input the engine could not analyze. */
export interface JsonlError {
  id: string | number;
  error: string;
}

/** What a batch did: inputs read, inputs that failed outright, inputs with a detector failure. */
export interface JsonlSummary {
  inputs: number;
  failed: number;
  partial: number;
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
    ...(a.failures.length ? { errors: toFailureReports(a.failures) } : {}),
  };
}

/**
 * Streams stdin to stdout; stops at the first malformed line with an InputError naming it. `warn`
 * gets one line per failure; `detectors` is the engine's registry (the CLI passes the environment's).
 */
export async function runJsonl(input: Readable, output: Writable, warn: (line: string) => void, detectors?: Detectors): Promise<JsonlSummary> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  const summary: JsonlSummary = { inputs: 0, failed: 0, partial: 0 };
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
    const where = `stdin line ${lineNo} (id ${JSON.stringify(r.id)})`;
    let analysis: Analysis;
    try {
      analysis = analyze(r.text, {}, detectors);
    } catch (e) {
      // This input is lost, the batch is not: reported on its line and on stderr.
      const message = e instanceof Error ? e.message : String(e);
      warn(`${where}: the analysis failed: ${message}`);
      buffer += JSON.stringify({ id: r.id, error: message } satisfies JsonlError) + '\n';
      summary.inputs++;
      summary.failed++;
      continue;
    }
    for (const f of analysis.failures) warn(`${where}: ${failureSummary(f)}: ${f.message}`);
    if (analysis.failures.length) summary.partial++;
    buffer += JSON.stringify(toJsonlRecord(r.id, analysis)) + '\n';
    summary.inputs++;
    if (buffer.length > 1 << 16) flush();
  }
  flush();
  if (summary.inputs === 0) throw new InputError('stdin: no input lines; expected JSON Lines {"id","text"}');
  return summary;

  function flush(): void {
    if (buffer) output.write(buffer);
    buffer = '';
  }
}
