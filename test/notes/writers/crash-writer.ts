// Run by test/notes/crash.test.ts (bundled, as its own process): adds notes to an article's sidecar
// forever, one save per note, as an editor does, and acknowledges each saved note by writing its id
// on stdout, synchronously, once its save has returned. The test kills it with SIGKILL.
// It starts up (loads, reads the sidecar, compiles the schema), then waits for a line on stdin
// before it writes, so that the test can start the next writer while this one runs.
//   node crash-writer.cjs ARTICLE LABEL
import fs from 'node:fs';
import { NotesFile } from '../../../src/notes';

const [article, label] = process.argv.slice(2);
const text = fs.readFileSync(article, 'utf8');
const words = [...text.matchAll(/[A-Za-z]{4,}/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
const notes = NotesFile.load(article);
// Blocks until the test says go (or closes stdin).
fs.readSync(0, Buffer.alloc(1));
notes.reload();
if (notes.error) throw notes.error;
for (let i = 0; ; i++) {
  const note = notes.addNote({ text, span: words[i % words.length], verdict: 'true', comment: `${label}-${i}` });
  notes.save();
  fs.writeSync(1, `${note.id}\n`);
}
