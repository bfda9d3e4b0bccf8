// Shared fixtures for the notes tests: temporary article folders and an in-memory file system.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SidecarFileSystem } from '../../src/notes';

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

/** A file system in memory whose writes can be observed or made to fail. */
export class MemoryFileSystem implements SidecarFileSystem {
  files = new Map<string, string>();
  writes: string[] = [];
  failNextWrite = false;
  readText(file: string): string | undefined {
    return this.files.get(file);
  }
  writeTextAtomic(file: string, text: string): void {
    if (this.failNextWrite) {
      this.failNextWrite = false;
      throw new Error('disk full');
    }
    this.writes.push(file);
    this.files.set(file, text);
  }
  rename(from: string, to: string): void {
    const text = this.files.get(from);
    if (text === undefined) throw new Error(`no ${from}`);
    this.files.set(to, text);
    this.files.delete(from);
  }
  remove(file: string): void {
    this.files.delete(file);
  }
  exists(file: string): boolean {
    return this.files.has(file);
  }
}
