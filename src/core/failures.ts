// Caught failures. No catch in src/ is silent: a catch either rethrows or reports here what failed,
// where, and why. Every report is counted (tests read the counts); inside an analysis it is also
// collected into the Analysis's `failures` (the CLI, the server and the editor show them); outside
// one it goes to the log sink (stderr unless a host sets another).
import type { DetectorFailure, DetectorName, Span } from './types';

/** Caught failures of this process, in total and by place (`reportFailure`'s `where`). */
export interface FailureCounts {
  total: number;
  byPlace: Record<string, number>;
}

let total = 0;
const byPlace = new Map<string, number>();

/** Where a failure outside an analysis is written. A host (the language server) may point it at its log. */
export type FailureLog = (line: string) => void;
let log: FailureLog = (line) => console.error(line);

/** The analysis in progress, if any: its failures list and a way to turn offsets into lines. */
interface Collector {
  failures: DetectorFailure[];
  text: string;
  lineStarts?: number[];
}
let collector: Collector | undefined;

/** Counts of the failures caught so far in this process. */
export function caughtFailures(): FailureCounts {
  return { total, byPlace: Object.fromEntries(byPlace) };
}

export function setFailureLog(sink: FailureLog): void {
  log = sink;
}

/**
 * Reports a caught failure outside the engine's detectors (a file that could not be read back, a
 * parser that fell back): counted, and written to the log with the place it happened.
 */
export function reportFailure(where: string, error: unknown): void {
  count(where);
  log(`FactDesk: caught failure in ${where}: ${describe(error).stack ?? describe(error).message}`);
}

/**
 * Reports a detector's failure on `range` of the text under analysis: counted, and recorded in that
 * analysis's failures. Outside an analysis it is logged like reportFailure.
 */
export function reportDetectorFailure(detector: DetectorName, range: Span, error: unknown): void {
  const c = collector;
  if (!c) {
    reportFailure(`detector ${detector}`, error);
    return;
  }
  count(`detector ${detector}`);
  const { message, stack } = describe(error);
  c.lineStarts ??= lineStarts(c.text);
  const failure: DetectorFailure = {
    detector,
    start: range.start,
    end: range.end,
    line: lineOf(c.lineStarts, range.start),
    endLine: lineOf(c.lineStarts, Math.max(range.start, range.end - 1)),
    message,
  };
  if (stack) failure.stack = stack;
  c.failures.push(failure);
}

/** Runs one analysis of `text`, collecting the detector failures reported during it into `failures`. */
export function collectingFailures<T>(text: string, failures: DetectorFailure[], run: () => T): T {
  const outer = collector;
  collector = { failures, text };
  try {
    return run();
  } finally {
    collector = outer;
  }
}

function count(where: string): void {
  total++;
  byPlace.set(where, (byPlace.get(where) ?? 0) + 1);
}

function describe(error: unknown): { message: string; stack?: string } {
  if (error instanceof Error) return { message: error.message || error.name, stack: error.stack };
  return { message: String(error) };
}

function lineStarts(text: string): number[] {
  // Lines as editors count them: \r\n, \n and a lone \r each end one.
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

/** 1-based line of offset `at`. */
function lineOf(starts: number[], at: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
