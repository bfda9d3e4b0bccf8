// Shared helpers for the source tests: the fixture sources (test/fixtures/sources) in a corpus.
import fs from 'node:fs';
import path from 'node:path';
import { SourceCorpus } from '../../src/sources';

export const SOURCES = path.join(__dirname, '..', 'fixtures', 'sources');

/** A corpus of every fixture source, keyed sources/<name>. */
export function fixtureCorpus(): SourceCorpus {
  const corpus = new SourceCorpus();
  for (const name of fs.readdirSync(SOURCES).sort()) corpus.add(`sources/${name}`, fs.readFileSync(path.join(SOURCES, name), 'utf8'));
  return corpus;
}
