// Editors keep one IncrementalAnalyzer per open document; it lives with the pipeline in analyze.ts.
export { IncrementalAnalyzer, type AnalyzerStats } from './analyze';
