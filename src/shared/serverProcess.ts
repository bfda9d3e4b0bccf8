// How the language server's process is started: the client (src/extension) forks dist/server.js with
// these Node options, and the protocol tests and benchmarks spawn it with the same ones (scripts read
// src/shared/server-process.json). The server's main thread only answers the editor; analysis and
// indexing run on workers whose young generations are set where they are created
// (ENGINE_YOUNG_GENERATION_MB, INDEX_YOUNG_GENERATION_MB). Node's default semi-space (16 MB, a young
// generation of 48 MB) let the main thread hold 32 MB of mostly empty new space after indexing. At
// 8 MB, measured at 2,000 articles (`npm run bench:index`, five runs each, quiet): peak memory of the
// server median 260 MB (252-280) against 282 MB (277-314); the price is on 1 MB articles, whose
// findings the main thread receives: edit to result median 202-210 ms against 184-192 ms.
import serverProcess from './server-process.json';

export const SERVER_EXEC_ARGV: readonly string[] = serverProcess.execArgv;
