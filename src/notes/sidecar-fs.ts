// All file system access of the notes feature, behind one small interface so that the store's
// logic stays pure and tests (or the extension) can supply another implementation.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';

export interface SidecarFileSystem {
  /** The file's text, or undefined if it does not exist. */
  readText(file: string): string | undefined;
  /** Writes the whole file so that readers see the old or the new content, never a mix. */
  writeTextAtomic(file: string, text: string): void;
  rename(from: string, to: string): void;
  remove(file: string): void;
  exists(file: string): boolean;
  /**
   * Creates the file holding `text` only if no file of that name exists (O_EXCL, one atomic step
   * on local file systems): false if one exists. The lock of a sidecar is made with it.
   */
  createExclusive(file: string, text: string): boolean;
  /** Milliseconds since the file was last written, or undefined if it does not exist. */
  ageMs(file: string): number | undefined;
  /**
   * Temporary files that writeTextAtomic left beside `file` because its process died between
   * creating and renaming them (their process is gone, or they are older than any save takes).
   * Only asked while holding the sidecar's lock, when no other writer can be mid-write.
   */
  abandonedTemporaries(file: string): string[];
}

/** A temporary file older than this is abandoned even if a process of its number runs (numbers are reused). */
export const ABANDONED_TEMPORARY_MS = 60_000;

/** This machine, as a short stable tag: process numbers mean something only on the machine that gave them. */
export const HOST_TAG = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 8);

/** Whether a process of this machine runs (EPERM: it does, as another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return false;
    if (code === 'EPERM') return true;
    throw e;
  }
}

function fileAgeMs(file: string): number | undefined {
  try {
    return Math.max(0, Date.now() - fs.statSync(file).mtimeMs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function temporaryPrefix(file: string): string {
  return `.${path.basename(file)}.`;
}

/** `.<name>.<host>-<pid>.<random>.tmp`, beside the file. */
const TEMPORARY_NAME = /^(?<host>[0-9a-f]{8})-(?<pid>\d+)\.[0-9a-f]{8}\.tmp$/;
/** A sidecar's lock is `<sidecar>.lock` (src/notes/lock.ts); it lives here because the sweep below knows its names too. */
export const LOCK_SUFFIX = '.lock';
/** A stale lock moved aside while it is broken ends so (see breakStale in lock.ts). */
export const STALE_ASIDE_SUFFIX = '.stale';

/** `<name>.lock.<host>-<pid>.<random>.stale`: a stale lock being broken, left if its breaker died (src/notes/lock.ts). */
const STALE_LOCK_ASIDE_NAME = /^(?<host>[0-9a-f]{8})-(?<pid>\d+)\.[0-9a-f]{8}\.stale$/;

export const nodeFileSystem: SidecarFileSystem = {
  readText(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  },
  writeTextAtomic(file, text) {
    // The temporary file sits in the same folder so the rename never crosses file systems.
    const temp = path.join(path.dirname(file), `${temporaryPrefix(file)}${HOST_TAG}-${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    let fd: number | undefined;
    try {
      fd = fs.openSync(temp, 'wx');
      fs.writeFileSync(fd, text, 'utf8');
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      fd = undefined;
      fs.renameSync(temp, file);
    } catch (e) {
      if (fd !== undefined) fs.closeSync(fd);
      try {
        fs.unlinkSync(temp);
      } catch {
        // already gone
      }
      throw e;
    }
  },
  rename(from, to) {
    fs.renameSync(from, to);
  },
  remove(file) {
    fs.rmSync(file, { force: true });
  },
  exists(file) {
    return fs.existsSync(file);
  },
  createExclusive(file, text) {
    let fd: number;
    try {
      fd = fs.openSync(file, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
    try {
      fs.writeSync(fd, text);
    } finally {
      fs.closeSync(fd);
    }
    return true;
  },
  ageMs: fileAgeMs,
  abandonedTemporaries(file) {
    const dir = path.dirname(file);
    const prefix = temporaryPrefix(file);
    const asidePrefix = `${path.basename(file)}${LOCK_SUFFIX}.`;
    const out: string[] = [];
    for (const name of fs.readdirSync(dir)) {
      const m = name.startsWith(prefix)
        ? TEMPORARY_NAME.exec(name.slice(prefix.length))
        : name.startsWith(asidePrefix)
          ? STALE_LOCK_ASIDE_NAME.exec(name.slice(asidePrefix.length))
          : undefined;
      if (!m?.groups) continue;
      const temp = path.join(dir, name);
      const sameHostGone = m.groups.host === HOST_TAG && !processAlive(Number(m.groups.pid));
      const age = fileAgeMs(temp);
      if (age !== undefined && (sameHostGone || age > ABANDONED_TEMPORARY_MS)) out.push(temp);
    }
    return out;
  },
};
