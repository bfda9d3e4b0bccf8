// `factdesk notes FILE [--json]` lists an article's verification notes with where they are now
// (anchored, moved, changed since checked, orphaned) and the passages dismissed as not check-worthy;
// `factdesk notes add FILE --quote TEXT ...` adds a note and `factdesk notes dismiss FILE --quote
// TEXT ...` dismisses a passage, for scripts. All use the sidecar <article file name>.factcheck.json
// beside the article.
import os from 'node:os';
import type { Command } from 'commander';
import { InputError, readArticle } from './input';
import {
  isVerdict,
  noteStateOf,
  NotesFile,
  SidecarError,
  VERDICTS,
  type AnchorResult,
  type AssessingNote,
  type Dismissal,
  type NoteState,
  type ReplyNote,
} from '../notes';
import type { Span } from '../core/types';

export interface NoteListing {
  id: string;
  verdict: string;
  /** anchored, moved, changed (the text changed since its final verdict) or orphaned. */
  state: NoteState;
  /** For a `changed` note: the passage as it read when its verdict was given or confirmed. */
  checkedText?: string;
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

export interface DismissalListing {
  id: string;
  state: AnchorResult['state'];
  match?: AnchorResult['method'];
  span: { start: number; end: number } | null;
  text: string;
  reason: string;
  author?: string;
  created: string;
  modified: string;
}

export function listDismissals(notesFile: NotesFile, text: string, anchors = notesFile.anchorNotes(text)): DismissalListing[] {
  return notesFile.notes
    .filter((n): n is Dismissal => n.kind === 'dismissal')
    .map((n) => {
      const a = anchors.get(n.id) ?? { state: 'orphaned' as const };
      return {
        id: n.id,
        state: a.state,
        match: a.method,
        span: a.span ? { start: a.span.start, end: a.span.end } : null,
        text: a.span ? text.slice(a.span.start, a.span.end) : n.selectors.quote.exact,
        reason: n.comment,
        author: n.author,
        created: n.created,
        modified: n.modified,
      };
    })
    .sort((a, b) => (a.span?.start ?? Infinity) - (b.span?.start ?? Infinity));
}

export function listNotes(notesFile: NotesFile, text: string, anchors = notesFile.anchorNotes(text)): NoteListing[] {
  const replies = notesFile.notes.filter((n): n is ReplyNote => n.kind === 'reply');
  return notesFile.notes
    .filter((n): n is AssessingNote => n.kind === 'note')
    .map((n) => {
      const a = anchors.get(n.id) ?? { state: 'orphaned' as const };
      const state = noteStateOf(n, a, text);
      return {
        id: n.id,
        verdict: n.verdict,
        state,
        ...(state === 'changed' ? { checkedText: n.checkedText } : {}),
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

function renderListing(file: string, listing: NoteListing[], dismissals: DismissalListing[]): string {
  const count = (state: string): number => listing.filter((n) => n.state === state).length;
  const lines = [
    `${file}: ${listing.length} note${listing.length === 1 ? '' : 's'} (${count('anchored')} anchored, ${count('moved')} moved, ${count('changed')} changed since checked, ${count('orphaned')} orphaned)`,
  ];
  for (const n of listing) {
    const where = n.span ? `${n.span.start}-${n.span.end}` : 'orphaned';
    lines.push(`  ${n.verdict.padEnd(12)} ${n.state.padEnd(8)} ${where.padEnd(11)} "${oneLine(n.text, 70)}"`);
    if (n.checkedText !== undefined) lines.push(`      checked as: "${oneLine(n.checkedText, 70)}"`);
    const by = [n.author, n.modified.slice(0, 10)].filter(Boolean).join(', ');
    if (n.comment) lines.push(`      ${by}: ${oneLine(n.comment)}`);
    else if (by) lines.push(`      ${by}`);
    for (const s of n.sources) lines.push(`      source: ${s}`);
    for (const r of n.replies) lines.push(`      reply${r.author ? ` from ${r.author}` : ''}: ${oneLine(r.comment)}`);
  }
  if (dismissals.length) lines.push(`${dismissals.length} passage${dismissals.length === 1 ? '' : 's'} dismissed as not check-worthy:`);
  for (const d of dismissals) {
    const where = d.span ? `${d.span.start}-${d.span.end}` : 'orphaned';
    lines.push(`  ${'dismissed'.padEnd(12)} ${d.state.padEnd(8)} ${where.padEnd(11)} "${oneLine(d.text, 70)}"`);
    const by = [d.author, d.modified.slice(0, 10)].filter(Boolean).join(', ');
    if (d.reason) lines.push(`      ${by}: ${oneLine(d.reason)}`);
    else if (by) lines.push(`      ${by}`);
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

interface DismissOptions {
  quote: string;
  occurrence?: string;
  reason?: string;
  author?: string;
  json?: boolean;
}

/** The passage `--quote` (and `--occurrence`) name in the article text. */
function locateQuote(file: string, text: string, quote: string, occurrence: string | undefined): Span {
  if (!quote) throw new InputError('--quote is empty');
  const occurrences = findOccurrences(text, quote);
  if (!occurrences.length) throw new InputError(`${file}: the quote "${oneLine(quote, 60)}" is not in the article (it must match exactly)`);
  let index = 0;
  if (occurrence !== undefined) {
    const n = Number(occurrence);
    if (!Number.isInteger(n) || n < 1 || n > occurrences.length) {
      throw new InputError(
        `--occurrence ${occurrence} is out of range: the quote occurs ${occurrences.length} time${occurrences.length === 1 ? '' : 's'} (use 1 to ${occurrences.length})`,
      );
    }
    index = n - 1;
  } else if (occurrences.length > 1) {
    throw new InputError(`${file}: the quote occurs ${occurrences.length} times; choose one with --occurrence 1 to ${occurrences.length}`);
  }
  return { start: occurrences[index], end: occurrences[index] + quote.length };
}

function saveNotes(notesFile: NotesFile): void {
  try {
    notesFile.save();
  } catch (e) {
    if (e instanceof SidecarError) throw new InputError(e.message);
    throw e;
  }
}

function addNote(file: string, opts: AddOptions): void {
  if (!isVerdict(opts.verdict)) throw new InputError(`invalid verdict "${opts.verdict}"; use one of: ${VERDICTS.join(', ')}`);
  // A source is a URL or a description ("Phone call with the insurers' press office, 8 Jan"); only an empty one is wrong.
  for (const source of opts.source) if (!source.trim()) throw new InputError('--source is empty: give a URL or a description of the source');
  const text = readArticle(file);
  const span = locateQuote(file, text, opts.quote, opts.occurrence);
  const start = span.start;
  const notesFile = loadNotes(file, true);
  const note = notesFile.addNote({
    text,
    span,
    verdict: opts.verdict,
    comment: opts.comment,
    sources: opts.source.map((s) => s.trim()),
    author: opts.author ?? defaultAuthor(),
  });
  saveNotes(notesFile);
  if (opts.json) {
    const listing = listNotes(notesFile, text).find((n) => n.id === note.id);
    process.stdout.write(JSON.stringify({ file, sidecar: notesFile.sidecarPath, note: listing }, null, 2) + '\n');
  } else {
    process.stdout.write(
      `${notesFile.sidecarPath}: added ${note.id} (${note.verdict}) on ${start}-${start + opts.quote.length} "${oneLine(opts.quote, 60)}"\n`,
    );
  }
}

function dismiss(file: string, opts: DismissOptions): void {
  const text = readArticle(file);
  const span = locateQuote(file, text, opts.quote, opts.occurrence);
  const notesFile = loadNotes(file, true);
  const dismissal = notesFile.dismiss({ text, span, reason: opts.reason, author: opts.author ?? defaultAuthor() });
  saveNotes(notesFile);
  if (opts.json) {
    const listing = listDismissals(notesFile, text).find((d) => d.id === dismissal.id);
    process.stdout.write(JSON.stringify({ file, sidecar: notesFile.sidecarPath, dismissal: listing }, null, 2) + '\n');
  } else {
    process.stdout.write(
      `${notesFile.sidecarPath}: dismissed ${span.start}-${span.end} "${oneLine(opts.quote, 60)}" as not check-worthy (${dismissal.id})${opts.reason ? `: ${oneLine(opts.reason, 60)}` : ''}\n`,
    );
  }
}

/** Adds `notes` (list), `notes add` and `notes dismiss` to the CLI. */
export function registerNotesCommands(program: Command): void {
  const notes = program
    .command('notes')
    .description(
      'list the verification notes of an article (from <file>.factcheck.json): verdict, state (anchored, moved, changed since checked, orphaned), current span; and the passages dismissed as not check-worthy',
    )
    .argument('<file>', 'article file')
    .option('--json', 'print the notes as JSON')
    .action((file: string, opts: { json?: boolean }) => {
      const text = readArticle(file);
      const notesFile = loadNotes(file);
      const anchors = notesFile.anchorNotes(text);
      const listing = listNotes(notesFile, text, anchors);
      const dismissals = listDismissals(notesFile, text, anchors);
      if (opts.json) process.stdout.write(JSON.stringify({ file, sidecar: notesFile.sidecarPath, notes: listing, dismissals }, null, 2) + '\n');
      else process.stdout.write(renderListing(file, listing, dismissals));
    });

  notes
    .command('add')
    .description('add a note on a passage quoted exactly from the article')
    .argument('<file>', 'article file')
    .requiredOption('--quote <text>', 'the passage, exactly as in the article')
    .option('--occurrence <n>', 'which occurrence of the quote, from 1, when it occurs more than once')
    .requiredOption('--verdict <verdict>', `one of: ${VERDICTS.join(', ')}`)
    .option('--comment <markdown>', 'comment (Markdown)')
    .option('--source <url or text>', 'a source: a URL, or text such as "Phone call with the press office, 8 Jan" (repeat for several)', collect, [])
    .option('--author <name>', 'author name (default: $FACTDESK_AUTHOR or the user name)')
    .option('--json', 'print the new note as JSON')
    // Commander hands `--json` after `add` to the parent `notes` command, so look there too.
    .action((file: string, opts: AddOptions, command: Command) => addNote(file, { ...opts, json: opts.json || Boolean(command.parent?.opts().json) }));

  notes
    .command('dismiss')
    .description('dismiss a passage (a claim) quoted exactly from the article as not check-worthy; the publication check then accepts it')
    .argument('<file>', 'article file')
    .requiredOption('--quote <text>', 'the passage, exactly as in the article')
    .option('--occurrence <n>', 'which occurrence of the quote, from 1, when it occurs more than once')
    .option('--reason <text>', 'why it is not check-worthy')
    .option('--author <name>', 'author name (default: $FACTDESK_AUTHOR or the user name)')
    .option('--json', 'print the dismissal as JSON')
    .action((file: string, opts: DismissOptions, command: Command) => dismiss(file, { ...opts, json: opts.json || Boolean(command.parent?.opts().json) }));
}
