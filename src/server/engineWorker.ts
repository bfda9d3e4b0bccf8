// Runs the engine on a worker thread so the server's main thread keeps answering hovers, outline
// requests and code actions (from the last findings) while a large article is being re-analyzed.
// The worker keeps one incremental analyzer per open document. The bundle is a single file:
// the worker is dist/server.js itself, started with `workerData.factdeskEngine` set.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { AnalyzeOptions } from '../core/types';
import { toFailureReports } from '../shared/failures';
import type { FailureReport, FindingCounts, FindingSpans } from '../shared/protocol';
import { createDocumentAnalyzer, type DocumentAnalyzer } from './engine';
import { countsOf, findingSpans, presented, type AnalysisFindings, type FindingsView } from './findings';

/** Young-generation size of the engine's worker; `npm run bench` runs the engine with the same. */
export const ENGINE_YOUNG_GENERATION_MB = 96;

interface AnalyzeMessage {
  type: 'analyze';
  id: number;
  uri: string;
  text: string;
  options: AnalyzeOptions;
  view: FindingsView;
}
interface ForgetMessage {
  type: 'forget';
  uri: string;
}
type ToWorker = AnalyzeMessage | ForgetMessage;

export interface EngineResult {
  /** The findings as JSON (parsed on the main thread only when a request needs them). */
  json: string;
  /** Decoration spans and counts, computed here so the notification can go out at once. */
  spans: FindingSpans;
  counts: FindingCounts;
  lastRun?: { paragraphs: number; reused: number };
  engineMs: number;
  /** Detectors that failed on part of the text (the rest is in the findings). */
  failures: FailureReport[];
}
type FromWorker = ({ ok: true; id: number } & EngineResult) | { ok: false; id: number; error: string };

export function isEngineWorker(): boolean {
  return !isMainThread && (workerData as { factdeskEngine?: boolean } | undefined)?.factdeskEngine === true;
}

export function runEngineWorker(): void {
  const port = parentPort;
  if (!port) return;
  const analyzers = new Map<string, DocumentAnalyzer>();
  port.on('message', (message: ToWorker) => {
    if (message.type === 'forget') {
      analyzers.delete(message.uri);
      return;
    }
    let analyzer = analyzers.get(message.uri);
    if (!analyzer) {
      analyzer = createDocumentAnalyzer();
      analyzers.set(message.uri, analyzer);
    }
    let reply: FromWorker;
    try {
      const started = performance.now();
      const { quotes, claims, hedges, entities, failures } = analyzer.analyze(message.text, message.options);
      const engineMs = performance.now() - started;
      const findings: AnalysisFindings = presented({ quotes, claims, hedges, entities }, message.view.hedgesInQuotes);
      // A JSON string crosses threads as one copy and parses faster than a structured clone of tens
      // of thousands of small objects; the stringify cost stays on this thread.
      const json = JSON.stringify(findings);
      reply = {
        ok: true,
        id: message.id,
        json,
        spans: findingSpans(findings, message.view.claimThreshold),
        counts: countsOf(findings),
        lastRun: analyzer.lastRun(),
        engineMs,
        failures: toFailureReports(failures),
      };
    } catch (error) {
      // A fresh analyzer next time: the failed one's caches may be half-updated.
      analyzers.delete(message.uri);
      reply = { ok: false, id: message.id, error: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) };
    }
    port.postMessage(reply);
  });
}

/** The main thread's handle on the engine worker; restarts it if it dies. */
export class EngineHost {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: EngineResult) => void; reject: (e: Error) => void }>();

  constructor(
    private readonly script: string,
    private readonly log: (message: string) => void,
  ) {}

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    // The engine allocates many short-lived objects per run; a young generation this size lets them die
    // young instead of being promoted and collected in full (measured: median edit on 1 MB 183 → 135 ms).
    const worker = new Worker(this.script, { workerData: { factdeskEngine: true }, resourceLimits: { maxYoungGenerationSizeMb: ENGINE_YOUNG_GENERATION_MB } });
    worker.on('message', (reply: FromWorker) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiter.resolve(reply);
      else waiter.reject(new Error(reply.error));
    });
    const fail = (reason: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.log(`engine worker stopped: ${reason}`);
      for (const waiter of this.pending.values()) waiter.reject(new Error(`the engine stopped (${reason})`));
      this.pending.clear();
    };
    worker.on('error', (error) => fail(error.message));
    worker.on('exit', (code) => fail(`exit code ${code}`));
    // The worker must not keep the server alive after the client has gone.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  analyze(uri: string, text: string, options: AnalyzeOptions, view: FindingsView): Promise<EngineResult> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ensureWorker().postMessage({ type: 'analyze', id, uri, text, options, view } satisfies ToWorker);
    });
  }

  /** Starts the worker ahead of the first analysis (loading the engine takes a few hundred ms). */
  warmUp(): void {
    this.ensureWorker();
  }

  forget(uri: string): void {
    this.worker?.postMessage({ type: 'forget', uri } satisfies ToWorker);
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
