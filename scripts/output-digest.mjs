// A digest of the engine's output on every labelled text (../shared/eval data/ and train/, ~44,700
// texts): `node dist/cli.js analyze --jsonl` on each file, one SHA-256 per file and one over all. A
// speed change must leave it as it was: run it before and after (after `node esbuild.mjs`).
// Usage: node scripts/output-digest.mjs [path/to/cli.js]   (FACTDESK_EVAL_DIR for the data elsewhere)
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EVAL_DIR, ROOT } from './lib/learn.mjs';

const cli = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist', 'cli.js'));

/** The file's rows as the CLI reads them: {id, text}; CoNLL rows have tokens, joined by spaces. */
function inputLines(file) {
  let n = 0;
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const row = JSON.parse(line);
      return JSON.stringify({ id: String(row.id ?? n++), text: row.text ?? (row.tokens ?? []).join(' ') }) + '\n';
    })
    .join('');
}

function digestOf(file) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'analyze', '--jsonl'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const hash = createHash('sha256');
    child.stdout.on('data', (chunk) => hash.update(chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(hash.digest('hex').slice(0, 16)) : reject(new Error(`${path.basename(file)}: exit ${code}`))));
    child.stdin.end(inputLines(file));
  });
}

const files = ['data', 'train'].flatMap((dir) =>
  fs
    .readdirSync(path.join(EVAL_DIR, dir))
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .map((name) => path.join(EVAL_DIR, dir, name)),
);
const all = createHash('sha256');
for (const file of files) {
  const digest = await digestOf(file);
  all.update(digest);
  console.log(`${digest}  ${path.relative(EVAL_DIR, file)}`);
}
console.log(`${all.digest('hex').slice(0, 16)}  all ${files.length} files`);
