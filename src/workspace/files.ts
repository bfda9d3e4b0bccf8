// The index reads the workspace through this interface: node's fs for the CLI and the language
// server's index worker (files.ts: nodeWorkspaceFileSystem), an in-memory one in tests. Paths are
// absolute in the host's own form.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { HOST_TAG, nodeFileSystem, type SidecarFileSystem } from '../notes';
import type { FileStamp } from './model';

export interface DirectoryEntry {
  name: string;
  directory: boolean;
}

export interface WorkspaceFileSystem extends SidecarFileSystem {
  /** Size and modification time of a regular file; undefined if it is missing or not a file. */
  stat(file: string): FileStamp | undefined;
  readBytes(file: string): Uint8Array | undefined;
  /** A directory's entries (symbolic links are not followed); [] if it cannot be read. */
  readDirectory(dir: string): DirectoryEntry[];
  /** Creates the directory and its parents if missing. */
  makeDirectory(dir: string): void;
  /**
   * Writes `lines`, each followed by a line break, as writeTextAtomic does (readers see the old or
   * the new file), without ever holding the whole text: a persisted index is written line by line.
   */
  writeLinesAtomic(file: string, lines: Iterable<string>): void;
}

/** writeLinesAtomic hands the file this many characters at a time. */
export const WRITE_CHUNK_CHARS = 1 << 20;

export const nodeWorkspaceFileSystem: WorkspaceFileSystem = {
  ...nodeFileSystem,
  stat(file) {
    try {
      const s = fs.statSync(file);
      return s.isFile() ? { mtimeMs: s.mtimeMs, size: s.size } : undefined;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
      throw e;
    }
  },
  readBytes(file) {
    try {
      return fs.readFileSync(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  },
  readDirectory(dir) {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES' || code === 'EPERM') return [];
      throw e;
    }
    return entries.filter((e) => e.isFile() || e.isDirectory()).map((e) => ({ name: e.name, directory: e.isDirectory() }));
  },
  makeDirectory(dir) {
    fs.mkdirSync(dir, { recursive: true });
  },
  writeLinesAtomic(file, lines) {
    // Named like writeTextAtomic's temporaries, so abandonedTemporaries finds those a dead writer left.
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.${HOST_TAG}-${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    const fd = fs.openSync(temp, 'wx');
    try {
      let chunk = '';
      for (const line of lines) {
        chunk += line + '\n';
        if (chunk.length >= WRITE_CHUNK_CHARS) {
          fs.writeSync(fd, chunk);
          chunk = '';
        }
      }
      if (chunk) fs.writeSync(fd, chunk);
      fs.fsyncSync(fd);
    } catch (e) {
      fs.closeSync(fd);
      fs.rmSync(temp, { force: true });
      throw e;
    }
    fs.closeSync(fd);
    try {
      fs.renameSync(temp, file);
    } catch (e) {
      fs.rmSync(temp, { force: true });
      throw e;
    }
  },
};

/** Folders never walked: version control, dependencies, FactDesk's own folder. */
export const ALWAYS_EXCLUDED = ['**/.git', '**/.hg', '**/.svn', '**/node_modules', '**/.factdesk'];

/** Default article patterns, the extension's factdesk.filePatterns default. */
export const DEFAULT_ARTICLE_PATTERNS = ['**/*.txt', '**/*.md', '**/*.markdown'];

/**
 * Default source patterns (factdesk.sources, CLI --sources): the material quotes come from
 * (transcripts, statements, releases), indexed for quote checking but never treated as articles.
 */
export const DEFAULT_SOURCE_PATTERNS = ['sources/**'];

/** Source documents are text files like articles; other files under a source folder are left alone. */
const SOURCE_FILE = /\.(?:txt|md|markdown)$/i;

/** Articles larger than this are recorded as unreadable, not analyzed (the editor's default limit). */
export const MAX_ARTICLE_BYTES = 2048 * 1024;

export interface ListOptions {
  /** Globs (relative to the root) of the files to index. */
  include: string[];
  /** Globs of files and folders to leave out (files.exclude, search.exclude, factdesk.index.exclude). */
  exclude: string[];
  /** Globs of source documents: never articles (default DEFAULT_SOURCE_PATTERNS). */
  sources?: string[];
}

/** Forward-slash path of `file` relative to `root`. */
export function relativePath(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

export function compileMatchers(options: ListOptions): { included: (rel: string) => boolean; excluded: (rel: string) => boolean } {
  const include = picomatch(options.include.length ? options.include : DEFAULT_ARTICLE_PATTERNS, { dot: false });
  const exclude = picomatch([...ALWAYS_EXCLUDED, ...options.exclude], { dot: true });
  return {
    included: (rel) => include(rel) && !exclude(rel),
    // A folder matches "**/x" itself, or "**/x/**" as any path inside it.
    excluded: (rel) => exclude(rel) || exclude(`${rel}/`),
  };
}

/** Whether a relative path is a source document under `patterns`. */
export function sourceMatcher(patterns: readonly string[] = DEFAULT_SOURCE_PATTERNS): (rel: string) => boolean {
  if (!patterns.length) return () => false;
  const match = picomatch([...patterns], { dot: false });
  return (rel) => SOURCE_FILE.test(rel) && match(rel);
}

/** The article files and the source documents under `root`, each sorted, walking folders not excluded. */
export function listWorkspaceFiles(root: string, fs_: WorkspaceFileSystem, options: ListOptions): { articles: string[]; sources: string[] } {
  const { included, excluded } = compileMatchers(options);
  const isSource = sourceMatcher(options.sources);
  const articles: string[] = [];
  const sources: string[] = [];
  const walk = (dir: string) => {
    const entries = fs_.readDirectory(dir).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const rel = relativePath(root, full);
      if (entry.directory) {
        if (!excluded(rel)) walk(full);
      } else if (/\.factcheck\.json$/i.test(entry.name) || excluded(rel)) continue;
      else if (isSource(rel)) sources.push(full);
      else if (included(rel)) articles.push(full);
    }
  };
  walk(root);
  return { articles, sources };
}

/** The article files under `root`, sorted, walking folders not excluded; source documents are not articles. */
export function listArticles(root: string, fs_: WorkspaceFileSystem, options: ListOptions): string[] {
  return listWorkspaceFiles(root, fs_, options).articles;
}

/** Article bytes → text, or why they are not article text (the same rules as the CLI and the editor). */
export function decodeArticleBytes(bytes: Uint8Array): { text: string } | { error: string } {
  if (bytes.length === 0) return { error: 'the file is empty' };
  if (bytes.length > MAX_ARTICLE_BYTES) return { error: `${Math.round(bytes.length / 1024)} KB is over the ${MAX_ARTICLE_BYTES / 1024} KB limit` };
  if (bytes.subarray(0, 8192).includes(0)) return { error: 'looks like a binary file (it contains NUL bytes)' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return text.trim() ? { text } : { error: 'holds only white space' };
  } catch {
    return { error: 'is not valid UTF-8 text' };
  }
}
