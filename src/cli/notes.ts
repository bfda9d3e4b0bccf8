// `factdesk notes FILE [--json]` lists an article's verification notes with where they are now;
// `factdesk notes add FILE --quote TEXT ...` adds one, for scripts. Both use the sidecar
// <article file name>.factcheck.json beside the article.
import os from 'node:os';
import type { Command } from 'commander';
import { InputError, readArticle } from './input';
import { isVerdict, NotesFile, SidecarError, VERDICTS, type AnchorResult, type AssessingNote, type ReplyNote } from '../notes';

export interface NoteListing {
  id: string;
  verdict: string;
  state: AnchorResult['state'];
  /** How it was found: at its stored position, by its exact quote, or approximately. */
  match?: AnchorResult['method'];
  /** Current place in UTF-16 offsets, or null when orphaned. */
  span: { start: number; end: number } | null;
  /** The text at `span` now (for an orphaned note: its last known text). */
  text: string;
  /** The quote as stored. */
  quote: string;
  comment: string;
  sources: string[];
  author?: string;
  created: string;
  modified: string;
  replies: { id: string; author?: string; created: string; modified: string; comment: string }[];
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function loadNotes(file: string, forWriting = false): NotesFile {
  const notes = NotesFile.load(file);
  if (notes.error) throw new InputError(notes.error.message + (forWriting ? '\n(the notes file was left untouched; fix it, then add the note again)' : ''));
  return notes;
}

export function listNotes(notesFile: NotesFile, text: string): NoteListing[] {
  const anchors = notesFile.anchorNotes(text);
  const replies = notesFile.notes.filter((n): n is ReplyNote => n.kind === 'reply');
  return notesFile.notes
    .filter((n): n is AssessingNote => n.kind === 'note')
    .map((n) => {
      const a = anchors.get(n.id) ?? { state: 'orphaned' as const };
      return {
        id: n.id,
        verdict: n.verdict,
        state: a.state,
        match: a.method,
        span: a.span ? { start: a.span.start, end: a.span.end } : null,
        text: a.span ? text.slice(a.span.start, a.span.end) : n.selectors.quote.exact,
        quote: n.selectors.quote.exact,
        comment: n.comment,
        sources: n.sources,
        author: n.author,
        created: n.created,
        modified: n.modified,
        replies: replies
          .filter((r) => r.parentId === n.id)
          .map((r) => ({ id: r.id, author: r.author, created: r.created, modified: r.modified, comment: r.comment })),
      };
    })
    .sort((a, b) => (a.span?.start ?? Infinity) - (b.span?.start ?? Infinity));
}

function oneLine(s: string, max = 80): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

function renderListing(file: string, listing: NoteListing[]): string {
  const count = (state: string): number => listing.filter((n) => n.state === state).length;
  const lines = [
    `${file}: ${listing.length} note${listing.length === 1 ? '' : 's'} (${count('anchored')} anchored, ${count('moved')} moved, ${count('orphaned')} orphaned)`,
  ];
  for (const n of listing) {
    const where = n.span ? `${n.span.start}-${n.span.end}` : 'orphaned';
    lines.push(`  ${n.verdict.padEnd(12)} ${n.state.padEnd(8)} ${where.padEnd(11)} "${oneLine(n.text, 70)}"`);
    const by = [n.author, n.modified.slice(0, 10)].filter(Boolean).join(', ');
    if (n.comment) lines.push(`      ${by}: ${oneLine(n.comment)}`);
    else if (by) lines.push(`      ${by}`);
    for (const s of n.sources) lines.push(`      source: ${s}`);
    for (const r of n.replies) lines.push(`      reply${r.author ? ` from ${r.author}` : ''}: ${oneLine(r.comment)}`);
  }
  return lines.join('\n') + '\n';
}

function defaultAuthor(): string | undefined {
  if (process.env.FACTDESK_AUTHOR) return process.env.FACTDESK_AUTHOR;
  try {
    return os.userInfo().username || undefined;
  } catch {
    return undefined;
  }
}

function findOccurrences(text: string, quote: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + 1)) found.push(at);
  return found;
}

interface AddOptions {
  quote: string;
  occurrence?: string;
  verdict: string;
  comment?: string;
  source: string[];
  author?: string;
  json?: boolean;
}

function addNote(file: string, opts: AddOptions): void {
  if (!isVerdict(opts.verdict)) throw new InputError(`invalid verdict "${opts.verdict}"; use one of: ${VERDICTS.join(', ')}`);
  if (!opts.quote) throw new InputError('--quote is empty');
  for (const source of opts.source) {
    let ok = false;
    try {
      ok = Boolean(new URL(source).protocol);
    } catch {
      ok = false;
    }
    if (!ok) throw new InputError(`invalid --source "${source}": give an absolute URL such as https://example.org/report`);
  }
  const text = readArticle(file);
  const occurrences = findOccurrences(text, opts.quote);
  if (!occurrences.length) throw new InputError(`${file}: the quote "${oneLine(opts.quote, 60)}" is not in the article (it must match exactly)`);
  let index = 0;
  if (opts.occurrence !== undefined) {
    const n = Number(opts.occurrence);
    if (!Number.isInteger(n) || n < 1 || n > occurrences.length) {
      throw new InputError(
        `--occurrence ${opts.occurrence} is out of range: the quote occurs ${occurrences.length} time${occurrences.length === 1 ? '' : 's'} (use 1 to ${occurrences.length})`,
      );
    }
    index = n - 1;
  } else if (occurrences.length > 1) {
    throw new InputError(`${file}: the quote occurs ${occurrences.length} times; choose one with --occurrence 1 to ${occurrences.length}`);
  }
  const notesFile = loadNotes(file, true);
  const start = occurrences[index];
  const note = notesFile.addNote({
    text,
    span: { start, end: start + opts.quote.length },
    verdict: opts.verdict,
    comment: opts.comment,
    sources: opts.source,
    author: opts.author ?? defaultAuthor(),
  });
  try {
    notesFile.save();
  } catch (e) {
    if (e instanceof SidecarError) throw new InputError(e.message);
    throw e;
  }
  if (opts.json) {
    const listing = listNotes(notesFile, text).find((n) => n.id === note.id);
    process.stdout.write(JSON.stringify({ file, sidecar: notesFile.sidecarPath, note: listing }, null, 2) + '\n');
  } else {
    process.stdout.write(
      `${notesFile.sidecarPath}: added ${note.id} (${note.verdict}) on ${start}-${start + opts.quote.length} "${oneLine(opts.quote, 60)}"\n`,
    );
  }
}

/** Adds `notes` (list) and `notes add` to the CLI. */
export function registerNotesCommands(program: Command): void {
  const notes = program
    .command('notes')
    .description('list the verification notes of an article (from <file>.factcheck.json): verdict, anchor state, current span')
    .argument('<file>', 'article file')
    .option('--json', 'print the notes as JSON')
    .action((file: string, opts: { json?: boolean }) => {
      const text = readArticle(file);
      const notesFile = loadNotes(file);
      const listing = listNotes(notesFile, text);
      if (opts.json) process.stdout.write(JSON.stringify({ file, sidecar: notesFile.sidecarPath, notes: listing }, null, 2) + '\n');
      else process.stdout.write(renderListing(file, listing));
    });

  notes
    .command('add')
    .description('add a note on a passage quoted exactly from the article')
    .argument('<file>', 'article file')
    .requiredOption('--quote <text>', 'the passage, exactly as in the article')
    .option('--occurrence <n>', 'which occurrence of the quote, from 1, when it occurs more than once')
    .requiredOption('--verdict <verdict>', `one of: ${VERDICTS.join(', ')}`)
    .option('--comment <markdown>', 'comment (Markdown)')
    .option('--source <url>', 'source URL (repeat for several)', collect, [])
    .option('--author <name>', 'author name (default: $FACTDESK_AUTHOR or the user name)')
    .option('--json', 'print the new note as JSON')
    // Commander hands `--json` after `add` to the parent `notes` command, so look there too.
    .action((file: string, opts: AddOptions, command: Command) => addNote(file, { ...opts, json: opts.json || Boolean(command.parent?.opts().json) }));
}
