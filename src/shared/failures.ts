// Failure reports as the CLI, the server and the client write them (the shape is FailureReport in
// protocol.ts; this file has no LSP code, so the CLI bundle stays free of it).
import type { DetectorFailure } from '../core/types';
import type { FailureReport } from './protocol';

/** The engine's failures as sent (the same fields; a copy, so nothing else of the engine's objects travels). */
export function toFailureReports(failures: readonly DetectorFailure[]): FailureReport[] {
  return failures.map((f) => ({
    detector: f.detector,
    start: f.start,
    end: f.end,
    line: f.line,
    endLine: f.endLine,
    message: f.message,
    ...(f.stack ? { stack: f.stack } : {}),
  }));
}

/** "entities failed on line 12" / "quotes failed on lines 3–5". */
export function failureSummary(f: Pick<FailureReport, 'detector' | 'line' | 'endLine'>): string {
  return `${f.detector} failed on ${f.endLine > f.line ? `lines ${f.line}–${f.endLine}` : `line ${f.line}`}`;
}
