// Shared helpers for the workspace tests: a temporary copy of the desk fixture (test/fixtures/workspace/desk)
// and an indexer over a folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_ARTICLE_PATTERNS, nodeWorkspaceFileSystem, WorkspaceIndexer, type IndexerOptions } from '../../src/workspace';

export const DESK = path.join(__dirname, '..', 'fixtures', 'workspace', 'desk');

/** A temporary workspace folder holding a copy of the desk articles (under desk/). */
export function deskCopy(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'factdesk-ws-'));
  fs.cpSync(DESK, path.join(root, 'desk'), { recursive: true });
  return root;
}

export function indexerFor(root: string, extra: Partial<IndexerOptions> = {}): WorkspaceIndexer {
  return new WorkspaceIndexer({ root, fs: nodeWorkspaceFileSystem, include: DEFAULT_ARTICLE_PATTERNS, exclude: [], ...extra });
}

export function write(root: string, rel: string, text: string): string {
  const file = path.join(root, ...rel.split('/'));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}
