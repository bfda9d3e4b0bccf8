// Entry point of dist/server.js: the language server on the main thread, and the same file again as
// the engine's worker thread (see engineWorker.ts).
import { isEngineWorker, runEngineWorker } from './engineWorker';
import { isIndexWorker, runIndexWorker } from './workspaceIndexWorker';
import { startLanguageServer } from './languageServer';

if (isEngineWorker()) runEngineWorker();
else if (isIndexWorker()) runIndexWorker();
else startLanguageServer(__filename);
