// All file system access of the notes feature, behind one small interface so that the store's
// logic stays pure and tests (or the extension) can supply another implementation.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export interface SidecarFileSystem {
  /** The file's text, or undefined if it does not exist. */
  readText(file: string): string | undefined;
  /** Writes the whole file so that readers see the old or the new content, never a mix. */
  writeTextAtomic(file: string, text: string): void;
  rename(from: string, to: string): void;
  remove(file: string): void;
  exists(file: string): boolean;
}

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
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
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
};
