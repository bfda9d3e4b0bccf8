#!/usr/bin/env node
// `npm run train -- <detector>`: fits a detector's model on its labelled data (../shared/eval) with
// fixed seeds and writes the weights file the project ships (src/core/models/<detector>.json); the
// same data and code give the same file, byte for byte. Detectors: scripts/train/<detector>.mjs.
import fs from 'node:fs';
import path from 'node:path';

const [detector, ...rest] = process.argv.slice(2);
const available = fs
  .readdirSync(path.join(import.meta.dirname, 'train'))
  .filter((f) => f.endsWith('.mjs'))
  .map((f) => f.slice(0, -4))
  .sort();
if (!detector || !available.includes(detector)) {
  console.error(`usage: npm run train -- <${available.join('|')}> [options]`);
  process.exit(2);
}
const { main } = await import(`./train/${detector}.mjs`);
await main(rest);
