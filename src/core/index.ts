// Public surface of the analysis engine (no vscode or LSP imports anywhere under src/core).
export * from './types';
export { analyze, detectFormat } from './analyze';
export { segment } from './segmentation';
