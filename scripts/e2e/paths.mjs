// Paths and pinned versions shared by the e2e scripts (installer, launcher, driver, sandbox).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** code-server 4.100.3 = VS Code 1.100.3, the last release whose engines.node is 20. */
export const CODE_SERVER_VERSION = '4.100.3';
export const TOOLS_DIR = process.env.FACTDESK_TOOLS_DIR || path.join(REPO_ROOT, '.tools');
export const CODE_SERVER_DIR = path.join(TOOLS_DIR, 'code-server');
export const CODE_SERVER_BIN = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
/** Written only after the installed code-server was seen to start: its presence means "ready". */
export const CODE_SERVER_READY_MARKER = path.join(CODE_SERVER_DIR, `.ready-${CODE_SERVER_VERSION}`);
export const CHROMIUM_PATH = process.env.FACTDESK_CHROMIUM || '/usr/bin/chromium';
/** Headless Chromium on a machine with a closed network (see ../shared/e2e/README.md). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
export const ARTIFACTS_DIR = path.join(REPO_ROOT, '.test-artifacts');
export const EXTENSION_ID = 'factdesk.factdesk';
