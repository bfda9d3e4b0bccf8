// The engine as the server sees it: one analyzer per open document, so edits re-analyze only the
// paragraphs they touched. Swapping the engine is a change to this file only.
import { detectorsFromEnvironment } from '../core/detectors';
import { IncrementalAnalyzer } from '../core/incremental';
import type { Analysis, AnalyzeOptions } from '../core/types';

export interface DocumentAnalyzer {
  analyze(text: string, options: AnalyzeOptions): Analysis;
  /** Paragraphs reused from the cache and analyzed afresh in the last run, if the engine tracks them. */
  lastRun(): { paragraphs: number; reused: number } | undefined;
}

export function createDocumentAnalyzer(): DocumentAnalyzer {
  // The real detectors, unless FACTDESK_TEST_FAULTS asks for one to fail (fault-isolation tests).
  const engine = new IncrementalAnalyzer(true, detectorsFromEnvironment(process.env));
  return {
    analyze: (text, options) => engine.analyze(text, options),
    lastRun: () => ({ paragraphs: engine.stats.paragraphsAnalyzed, reused: engine.stats.paragraphsReused }),
  };
}
