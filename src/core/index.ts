// Public surface of the analysis engine (no vscode or LSP imports anywhere under src/core).
export * from './types';
export { analyze, detectFormat, IncrementalAnalyzer, type AnalyzerStats } from './analyze';
export { segment } from './segmentation';
export { hedgesInQuotes, prominentClaims, quoteOfHedges, sentencesTouched } from './emphasis';
export { DETECTORS, withInjectedFaults, detectorsFromEnvironment, type Detectors } from './detectors';
export { caughtFailures, reportFailure, setFailureLog, type FailureCounts } from './failures';
