// One article → its ArticleRecord: the engine's analysis and the notes of its sidecar, summarized.
import { analyze, detectFormat } from '../core/analyze';
import type { Analysis, AnalyzeOptions, Entity, Span } from '../core/types';
import type { Note, NoteCollection } from '../notes';
import { anchorAll, isPassageNote } from '../notes';
import { publicationGate, gateCounts, quoteCounts, withQuoteCounts, type QuoteOpenKind } from '../reports/gate';
import { buildReport, isFinalVerdict, LineIndex } from '../reports/model';
import { QUOTE_TEXT_MAX, TITLE_MAX, type ArticleKind, type ArticleRecord, type FileStamp, type IndexedNote } from './model';

export interface ArticleInput {
  file: string;
  kind: ArticleKind;
  stamp: FileStamp;
  notesStamp: FileStamp | null;
  text: string;
  /** The notes of the sidecar (none if there is no sidecar). */
  notes: NoteCollection | undefined;
  /** Set when the sidecar exists but could not be read. */
  notesError?: string;
  options?: AnalyzeOptions;
}

const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;

function clip(text: string, max = QUOTE_TEXT_MAX): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Metadata keys read as the title and the date, in order of preference. */
const TITLE_KEYS = ['title', 'headline'];
const DATE_KEYS = ['date', 'published', 'pubdate', 'dateline'];

/** The title: a `title:` field, else a leading Markdown heading, else a short first paragraph (the headline). */
function titleOf(text: string, analysis: Analysis): string | undefined {
  const meta = (keys: string[]) => {
    for (const key of keys) {
      const field = analysis.structure.metadata.find((m) => m.key.toLowerCase() === key);
      if (field?.value.trim()) return field.value.trim();
    }
    return undefined;
  };
  const fromMeta = meta(TITLE_KEYS);
  if (fromMeta) return clip(fromMeta, TITLE_MAX);
  const first = analysis.structure.paragraphs[0];
  if (!first) return undefined;
  const line = text
    .slice(first.start, first.end)
    .replace(/^#{1,6}\s+/, '')
    .trim();
  return line && line.length <= TITLE_MAX && !line.includes('\n') ? line : undefined;
}

function dateOf(analysis: Analysis): string | undefined {
  for (const key of DATE_KEYS) {
    const field = analysis.structure.metadata.find((m) => m.key.toLowerCase() === key);
    if (field?.value.trim()) return field.value.trim();
  }
  return undefined;
}

/** Local ids of the entities with a mention inside `span`. */
function entitiesIn(span: Span, entities: readonly Entity[]): string[] {
  const ids: string[] = [];
  for (const e of entities) if (e.mentions.some((m) => m.start >= span.start && m.end <= span.end)) ids.push(e.id);
  return ids;
}

export function indexArticle(input: ArticleInput): ArticleRecord {
  const { text } = input;
  const format = /\.(md|markdown)$/i.test(input.file) ? 'markdown' : detectFormat(text);
  const analysis = analyze(text, { ...input.options, format });
  const lines = new LineIndex(text);
  const at = (offset: number) => {
    const p = lines.at(offset);
    return { line: p.line, character: p.column - 1 };
  };
  const notes: readonly Note[] = input.notes?.notes ?? [];
  const assessing = notes.filter(isPassageNote);
  const anchors = assessing.length ? anchorAll(text, assessing) : [];
  const report = buildReport({
    path: input.file,
    text,
    analysis,
    notes,
    anchors: new Map(assessing.map((n, i) => [n.id, anchors[i]])),
    threshold: input.options?.claimThreshold,
  });
  const claims = report.claims.map((c) => ({
    start: c.start,
    end: c.end,
    line: c.line,
    character: c.column - 1,
    score: c.score,
    reasons: c.reasons,
    verified: c.checked,
    entities: entitiesIn(c, analysis.entities),
  }));
  const indexedNotes: IndexedNote[] = [...report.claims.flatMap((c) => c.notes), ...report.otherNotes, ...report.orphanedNotes]
    .filter((n, i, all) => all.findIndex((m) => m.id === n.id) === i)
    .map((n) => {
      // The entities of a note: those named in its passage or in the claims the passage covers.
      const ids = new Set<string>();
      if (n.span) {
        for (const id of entitiesIn(n.span, analysis.entities)) ids.add(id);
        for (const c of claims) if (overlaps(c, n.span)) for (const id of c.entities) ids.add(id);
      }
      const place = n.span ? { start: n.span.start, end: n.span.end, ...at(n.span.start) } : {};
      return {
        id: n.id,
        verdict: n.verdict,
        state: n.state,
        ...place,
        text: clip(n.text),
        comment: clip(n.comment),
        modified: n.modified,
        ...(n.author ? { author: n.author } : {}),
        entities: [...ids],
      };
    });
  // The same gate as `factdesk check`: the Desk's counts are the CLI's.
  const gate = publicationGate(report);
  const open = {
    unverified: gate.uncheckedClaims.map((c) => report.claims.indexOf(c)),
    changed: gate.changedNotes.map((n) => n.id),
    orphaned: gate.orphanedNotes.map((n) => n.id),
  };
  return {
    file: input.file,
    kind: input.kind,
    stamp: input.stamp,
    notesStamp: input.notesStamp,
    title: titleOf(text, analysis),
    date: dateOf(analysis),
    entities: analysis.entities.map((e) => ({
      local: e.id,
      name: e.name,
      type: e.type,
      aliases: e.aliases,
      ...(e.role ? { role: clip(e.role.text, TITLE_MAX) } : {}),
      ...at(e.mentions[0]?.start ?? 0),
      mentions: e.mentions.length,
    })),
    quotes: analysis.quotes.map((q) => {
      const flat = clip(text.slice(q.content.start, q.content.end), Infinity);
      const clipped = clip(flat);
      return {
        start: q.start,
        end: q.end,
        ...at(q.start),
        text: clipped,
        kind: q.kind,
        ...(clipped !== flat ? { full: flat } : {}),
        ...(q.speaker
          ? {
              speaker: q.speaker.name,
              ...(q.speaker.entityId ? { speakerEntity: q.speaker.entityId } : {}),
              ...(q.speaker.via === 'pronoun' ? { speakerGuessed: true as const } : {}),
            }
          : {}),
      };
    }),
    claims,
    notes: indexedNotes,
    gate: gateCounts(report, gate),
    open,
    ...(input.notesError ? { notesError: input.notesError } : {}),
  };
}

/**
 * The record with its quotes' check against the sources: `statuses` gives each quote's status, by
 * index into `record.quotes` (undefined: not checked, as titles), or is undefined when the workspace
 * holds no sources (then no quote is an open item). A quote that is not verbatim is an open item
 * unless a note with a final verdict on its current text covers it (an editor accepted it on the
 * record): the rule of `factdesk check --quotes` (src/reports/quotes.ts quoteGate). `sourcesKey`
 * names the sources checked against (quotesCheckedWith). Unreadable records are only marked.
 */
export function withQuoteStatuses(record: ArticleRecord, statuses: ReadonlyArray<string | undefined> | undefined, sourcesKey: string): ArticleRecord {
  if (record.error || record.notesError || !record.gate || !record.open) return { ...record, quotesCheckedWith: sourcesKey };
  const open = { unverified: record.open.unverified, changed: record.open.changed, orphaned: record.open.orphaned };
  if (!statuses) return { ...record, gate: withQuoteCounts(record.gate, undefined), open, quotesCheckedWith: sourcesKey };
  const accepting = record.notes.filter((n) => isFinalVerdict(n.verdict) && n.state !== 'changed' && n.state !== 'orphaned' && n.start !== undefined);
  const failing: Array<{ quote: number; status: QuoteOpenKind }> = [];
  record.quotes.forEach((q, i) => {
    const status = statuses[i];
    if (status === undefined || status === 'verbatim') return;
    if (accepting.some((n) => overlaps(q, { start: n.start!, end: n.end! }))) return;
    failing.push({ quote: i, status: status as QuoteOpenKind });
  });
  return {
    ...record,
    gate: withQuoteCounts(record.gate, quoteCounts(failing.map((f) => f.status))),
    open: { ...open, quotes: failing },
    quotesCheckedWith: sourcesKey,
  };
}

/** The record of a file that could not be analyzed: kept so the reason is shown and the file not re-read. */
export function unreadableArticle(file: string, kind: ArticleKind, stamp: FileStamp, notesStamp: FileStamp | null, error: string): ArticleRecord {
  return { file, kind, stamp, notesStamp, entities: [], quotes: [], claims: [], notes: [], error };
}

/** The record of a source document: its text (for quote checking), no analysis and no notes. */
export function indexSource(file: string, stamp: FileStamp, notesStamp: FileStamp | null, text: string): ArticleRecord {
  return { file, kind: 'source', stamp, notesStamp, entities: [], quotes: [], claims: [], notes: [], text };
}
