// Builds reports in memory for the report tests: an article, notes added through the notes store
// (on an in-memory file system), optionally an edit of the article afterwards.
import fs from 'node:fs';
import path from 'node:path';
import { analyze } from '../../src/core/analyze';
import { NotesFile, type Verdict } from '../../src/notes';
import { buildReport, type Report } from '../../src/reports';
import { MemoryFileSystem, spanOf } from '../notes/helpers';
import { DEFAULT_CLAIM_THRESHOLD } from '../../src/core/types';

export const FIXTURES = path.join(__dirname, '../fixtures/reports');
export const FERRY = fs.readFileSync(path.join(FIXTURES, 'ferry.txt'), 'utf8');

export interface NoteSpec {
  quote: string;
  /** `dismissed`: the passage is dismissed as not check-worthy (the comment is the reason). */
  verdict: Verdict | 'dismissed';
  comment?: string;
  sources?: string[];
  author?: string;
  replies?: string[];
}

/** The article `text` with `notes` on it; `edit` changes the text after the notes were written. */
export function reportFor(notes: NoteSpec[], text = FERRY, edit?: (text: string) => string): Report {
  const file = NotesFile.load('/articles/ferry.txt', new MemoryFileSystem());
  for (const spec of notes) {
    if (spec.verdict === 'dismissed') {
      file.dismiss({ text, span: spanOf(text, spec.quote), reason: spec.comment, author: spec.author });
      continue;
    }
    const note = file.addNote({
      text,
      span: spanOf(text, spec.quote),
      verdict: spec.verdict,
      comment: spec.comment,
      sources: spec.sources,
      author: spec.author,
    });
    for (const reply of spec.replies ?? []) file.addReply(note.id, reply, 'Editor');
  }
  const current = edit ? edit(text) : text;
  return buildReport({
    path: 'articles/ferry.txt',
    text: current,
    analysis: analyze(current),
    notes: file.notes,
    anchors: file.anchorNotes(current),
    threshold: DEFAULT_CLAIM_THRESHOLD,
  });
}
