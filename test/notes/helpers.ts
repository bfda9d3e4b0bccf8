// Shared fixtures for the notes tests: temporary article folders and an in-memory file system.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LockEnvironment, SidecarFileSystem } from '../../src/notes';

export const ARTICLE_TEXT = [
  'Council approves budget',
  '',
  'The city council approved a budget of 1.2 billion euros on Monday, the largest in its history.',
  'Spending on housing rises by 18 percent, while the police overtime allowance is cut by 6.5 million euros.',
  '',
  'Councillor Luis Ortega said the cuts would leave neighbourhoods "dangerously exposed".',
].join('\n');

export function tempArticle(name = 'budget.txt', text = ARTICLE_TEXT): { dir: string; article: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'factdesk-notes-'));
  const article = path.join(dir, name);
  fs.writeFileSync(article, text);
  return { dir, article, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function spanOf(text: string, quote: string): { start: number; end: number } {
  const start = text.indexOf(quote);
  if (start < 0) throw new Error(`fixture lacks "${quote}"`);
  return { start, end: start + quote.length };
}

/** A file system in memory whose writes can be observed or made to fail. Its clock (`time`, ms) only moves when a test moves it. */
export class MemoryFileSystem implements SidecarFileSystem {
  files = new Map<string, string>();
  writes: string[] = [];
  failNextWrite = false;
  time = 0;
  private readonly written = new Map<string, number>();
  readText(file: string): string | undefined {
    return this.files.get(file);
  }
  writeTextAtomic(file: string, text: string): void {
    if (this.failNextWrite) {
      this.failNextWrite = false;
      throw new Error('disk full');
    }
    this.writes.push(file);
    this.put(file, text);
  }
  rename(from: string, to: string): void {
    const text = this.files.get(from);
    if (text === undefined) throw Object.assign(new Error(`ENOENT: no ${from}`), { code: 'ENOENT' });
    this.files.set(to, text);
    this.written.set(to, this.written.get(from) ?? this.time);
    this.remove(from);
  }
  remove(file: string): void {
    this.files.delete(file);
    this.written.delete(file);
  }
  exists(file: string): boolean {
    return this.files.has(file);
  }
  createExclusive(file: string, text: string): boolean {
    if (this.files.has(file)) return false;
    this.put(file, text);
    return true;
  }
  ageMs(file: string): number | undefined {
    const at = this.written.get(file);
    return at === undefined ? undefined : this.time - at;
  }
  abandonedTemporaries(): string[] {
    // Writes here are one step: no temporary files.
    return [];
  }
  /** Writes a file directly, now by this file system's clock. */
  put(file: string, text: string): void {
    this.files.set(file, text);
    this.written.set(file, this.time);
  }
}

/**
 * A lock environment for one process of a test: its own process number, processes alive as the
 * test says, and a clock that moves only by the sleeps of waiting writers (no real waiting).
 */
export class TestLockEnvironment implements LockEnvironment {
  host = 'testhost';
  alive = new Set<number>();
  clock = 0;
  sleeps = 0;
  constructor(
    public pid: number,
    /** Moved along with the clock (a MemoryFileSystem's `time`), so lock files age while writers wait. */
    private readonly fs?: MemoryFileSystem,
  ) {
    this.alive.add(pid);
  }
  isAlive(pid: number): boolean {
    return this.alive.has(pid);
  }
  now(): number {
    return this.clock;
  }
  sleep(ms: number): void {
    this.sleeps++;
    this.clock += ms;
    if (this.fs) this.fs.time += ms;
  }
  random(): number {
    return 0.5;
  }
}
