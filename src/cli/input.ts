// Reads article files for the CLI, turning every way a file can be unusable into one clear message.
import fs from 'node:fs';
import { DEFAULT_ARTICLE_PATTERNS, listArticles, nodeWorkspaceFileSystem } from '../workspace/files';

export class InputError extends Error {}

/** Files above this are refused: the CLI keeps whole files in memory. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export function readArticle(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new InputError(`${file}: no such file`);
  }
  if (stat.isDirectory()) throw new InputError(`${file}: is a directory, not an article file`);
  if (!stat.isFile()) throw new InputError(`${file}: not a regular file`);
  if (stat.size > MAX_FILE_BYTES) throw new InputError(`${file}: ${(stat.size / 1048576).toFixed(1)} MB is over the ${MAX_FILE_BYTES / 1048576} MB limit`);
  const bytes = fs.readFileSync(file);
  return decodeArticle(bytes, file);
}

/** Strict UTF-8 (BOM dropped); NUL bytes mean a binary file. */
export function decodeArticle(bytes: Uint8Array, name: string): string {
  if (bytes.length === 0) throw new InputError(`${name}: the file is empty`);
  if (bytes.subarray(0, 8192).includes(0)) throw new InputError(`${name}: looks like a binary file (it contains NUL bytes), not article text`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new InputError(`${name}: is not valid UTF-8 text; convert it first (e.g. iconv -f latin1 -t utf-8)`);
  }
  if (!text.trim()) throw new InputError(`${name}: holds only white space`);
  return text;
}

/**
 * Article files from paths given on the command line: a file as it is, a folder walked as the
 * workspace index walks it (src/workspace: .txt, .md, .markdown; .git, node_modules, .factdesk
 * and sidecars left out), so the CLI and the editor agree on what a desk holds. A missing path is
 * kept, so the reader reports it as bad input in its place.
 */
export function collectArticles(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = fs.statSync(p).isDirectory();
    } catch {
      isDir = false; // missing: readArticle names the problem
    }
    if (isDir) out.push(...listArticles(p, nodeWorkspaceFileSystem, { include: DEFAULT_ARTICLE_PATTERNS, exclude: [] }));
    else out.push(p);
  }
  return out;
}
