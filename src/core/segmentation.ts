// Article structure: header metadata, Markdown regions that are not prose, paragraphs, sentences.
// Everything here is a linear pass (or a bounded number of them) so it can run on every keystroke.
import { parseDocument, isMap, isScalar } from 'yaml';
import { reportDetectorFailure } from './failures';
import { markdownRegions } from './segmentation-markdown';
import { splitSentences, bulletLength } from './segmentation-sentences';
import type { MetadataField, Paragraph, Span, TextStructure } from './types';
import { isWhiteSpaceCode, startsLower } from './text';

/** Keys accepted in the colon-less `key value` form of a leading metadata line. */
const METADATA_KEYS = new Set([
  'date',
  'dateline',
  'source',
  'author',
  'authors',
  'byline',
  'title',
  'headline',
  'subtitle',
  'subhead',
  'section',
  'desk',
  'slug',
  'url',
  'link',
  'tags',
  'tag',
  'category',
  'categories',
  'keywords',
  'language',
  'lang',
  'updated',
  'published',
  'modified',
  'created',
  'publication',
  'outlet',
  'publisher',
  'location',
  'place',
  'id',
  'edition',
  'page',
  'words',
  'wordcount',
  'status',
  'editor',
  'copyright',
  'license',
  'summary',
  'description',
  'type',
  'kicker',
]);
const MAX_METADATA_LINE = 300;
const DATE_KEYS = new Set(['date', 'dateline', 'updated', 'published', 'modified', 'created']);

/** Splits text into header metadata, excluded (non-prose) regions, paragraphs and sentences. Never throws. */
export function segment(text: string, format?: 'plaintext' | 'markdown'): TextStructure {
  const fmt = format ?? 'plaintext';
  const structure: TextStructure = { format: fmt, metadata: [], paragraphs: [], sentences: [], excluded: [] };
  if (typeof text !== 'string' || text.length === 0) return structure;
  try {
    fill(text, fmt, structure);
  } catch (error) {
    // A bug must not take the whole analysis down: reported, and plain paragraphs instead.
    reportDetectorFailure('segmentation', { start: 0, end: text.length }, error);
    structure.metadata = [];
    structure.header = undefined;
    structure.excluded = [];
    structure.paragraphs = [];
    structure.sentences = [];
    const blocks = plainBlocks(text, 0, text.length);
    addParagraphs(text, blocks, structure);
  }
  return structure;
}

function fill(text: string, fmt: 'plaintext' | 'markdown', structure: TextStructure): void {
  const header = frontMatter(text, structure.metadata) ?? metadataLines(text, structure.metadata);
  if (header) structure.header = header;
  let excluded: Span[] = header ? [{ start: header.start, end: header.end }] : [];
  const bodyStart = header ? header.end : 0;
  let blocks: Span[];
  if (fmt === 'markdown') {
    // Parse with the header blanked out so offsets stay the same and YAML is not read as Markdown.
    const body = header ? maskExcluded(text, excluded) : text;
    const regions = markdownRegions(body);
    excluded = mergeSpans(excluded.concat(regions.excluded));
    blocks = regions.blocks;
  } else {
    blocks = plainBlocks(text, bodyStart, text.length);
  }
  structure.excluded = excluded;
  const masked = excluded.length ? maskExcluded(text, excluded) : text;
  addParagraphs(masked, blocks, structure);
}

function addParagraphs(masked: string, blocks: Span[], structure: TextStructure): void {
  let lastEnd = 0;
  for (const block of blocks) {
    let start = Math.max(block.start, lastEnd);
    let end = block.end;
    while (start < end && isWhiteSpaceCode(masked.charCodeAt(start))) start++;
    while (end > start && isWhiteSpaceCode(masked.charCodeAt(end - 1))) end--;
    if (end <= start) continue;
    const paragraph: Paragraph = { start, end, index: structure.paragraphs.length };
    structure.paragraphs.push(paragraph);
    lastEnd = end;
    splitSentences(masked, start, end, paragraph.index, structure.sentences);
  }
}

/**
 * Returns `text` with every excluded range replaced by spaces, line breaks kept, so detectors can
 * run on prose only with unchanged offsets. `excluded` may be unsorted or overlapping.
 */
export function maskExcluded(text: string, excluded: Span[]): string {
  if (!excluded.length) return text;
  const spans = isNormalized(excluded, text.length)
    ? excluded
    : mergeSpans(excluded.map((s) => ({ start: clamp(s.start, text.length), end: clamp(s.end, text.length) })));
  const parts: string[] = [];
  let at = 0;
  for (const span of spans) {
    parts.push(text.slice(at, span.start));
    parts.push(blankOut(text, span.start, span.end));
    at = span.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

function clamp(offset: number, length: number): number {
  return Number.isFinite(offset) ? Math.max(0, Math.min(length, Math.trunc(offset))) : 0;
}

/** Sorted, disjoint, non-empty and within bounds: usable as is. */
function isNormalized(spans: Span[], length: number): boolean {
  let last = 0;
  for (const s of spans) {
    if (!(s.start >= last && s.end > s.start && s.end <= length && Number.isInteger(s.start) && Number.isInteger(s.end))) return false;
    last = s.end;
  }
  return true;
}

const SPACES = ' '.repeat(256);

function blankOut(text: string, start: number, end: number): string {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    // Keep \r and \n so line and paragraph structure survive; everything else becomes a space.
    if (c === 10 || c === 13) return text.slice(start, end).replace(/[^\r\n]/g, ' ');
  }
  const length = end - start;
  return length <= SPACES.length ? SPACES.slice(0, length) : ' '.repeat(length);
}

/** Sorts and merges overlapping or touching spans; drops empty ones. */
export function mergeSpans(spans: Span[]): Span[] {
  let inOrder = true;
  for (let i = 1; i < spans.length && inOrder; i++) inOrder = spans[i - 1].start <= spans[i].start;
  // Producers usually emit spans in order already; skip the O(n log n) sort then.
  const sorted = inOrder ? spans : spans.slice().sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  for (const s of sorted) {
    if (s.end <= s.start) continue;
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

// ---------------------------------------------------------------- header

/**
 * Front matter at the very start (after an optional BOM): YAML fenced by `---` (closed by `---`
 * or `...`), or TOML fenced by `+++` (excluded, fields not read).
 */
function frontMatter(text: string, fields: MetadataField[]): Span | undefined {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const open = /^(---|\+\+\+)[ \t]*\r?\n/.exec(text.slice(start, start + 8));
  if (!open) return undefined;
  const toml = open[1] === '+++';
  const innerStart = start + open[0].length;
  // A blank first line means a thematic break, not front matter.
  if (/^[ \t]*\r?(?:\n|$)/.test(text.slice(innerStart, innerStart + 3))) return undefined;
  // Find the closing fence line by scanning line starts once.
  let lineStart = innerStart;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    if (toml ? /^\+\+\+[ \t]*\r?$/.test(line) : /^(?:---|\.\.\.)[ \t]*\r?$/.test(line)) {
      if (!toml && !readYamlFields(text, innerStart, lineStart, fields)) return undefined;
      return { start, end: lineStart + 3 };
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}

/**
 * Reads top-level scalar fields into `fields`. Returns false when the block is valid YAML but not a
 * mapping (e.g. prose between two thematic breaks), so it is not front matter after all.
 */
function readYamlFields(text: string, innerStart: number, innerEnd: number, fields: MetadataField[]): boolean {
  const inner = text.slice(innerStart, innerEnd);
  try {
    const doc = parseDocument(inner, { prettyErrors: false, uniqueKeys: false });
    if (doc.errors.length) return true; // malformed: excluded, without fields
    if (!isMap(doc.contents)) return doc.contents === null;
    for (const item of doc.contents.items) {
      const key = item.key;
      const value = item.value;
      if (!isScalar(key) || !isScalar(value) || !value.range || value.value === null || value.value === undefined) continue;
      let vStart = innerStart + value.range[0];
      let vEnd = innerStart + value.range[1];
      const raw = text.slice(vStart, vEnd);
      if (raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw[raw.length - 1] === raw[0]) {
        vStart++;
        vEnd--;
      }
      while (vEnd > vStart && isWhiteSpaceCode(text.charCodeAt(vEnd - 1))) vEnd--;
      if (vEnd <= vStart || vStart < innerStart || vEnd > innerEnd) continue;
      fields.push({ start: vStart, end: vEnd, key: String(key.value), value: String(value.value) });
    }
  } catch (error) {
    // The parser failed outright (it reports malformed YAML in doc.errors, not by throwing): keep
    // the block excluded, without fields, and report it.
    fields.length = 0;
    reportDetectorFailure('segmentation', { start: innerStart, end: innerEnd }, error);
  }
  return true;
}

/** A run of short `key value` / `key: value` lines at the very top of the text. */
function metadataLines(text: string, fields: MetadataField[]): Span | undefined {
  let lineStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // Blank lines before the first field are allowed (bounded: a few hundred characters).
  const firstContent = /^[ \t\r\n]{0,200}/.exec(text.slice(lineStart, lineStart + 201));
  if (firstContent) lineStart = text.lastIndexOf('\n', lineStart + firstContent[0].length - 1) + 1 || lineStart;
  let header: Span | undefined;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let contentEnd = lineEnd;
    while (contentEnd > lineStart && isWhiteSpaceCode(text.charCodeAt(contentEnd - 1))) contentEnd--;
    if (contentEnd - lineStart > MAX_METADATA_LINE) break;
    const line = text.slice(lineStart, contentEnd);
    const m = /^([a-z][a-z0-9_-]{0,30}|[A-Z][a-z]{1,30})(:[ \t]*|[ \t]+)(\S.*)$/.exec(line);
    if (!m) break;
    const key = m[1];
    const hasColon = m[2].startsWith(':');
    const lowerKey = key.toLowerCase();
    const accepted = hasColon ? key === lowerKey || METADATA_KEYS.has(lowerKey) : key === lowerKey && METADATA_KEYS.has(key);
    if (!accepted || (hasColon && /^\/\//.test(m[3]))) break; // "https://..." is not a key
    // Without a colon, "date night returns" is a headline, not a field: the value must look like one.
    if (!hasColon && (startsLower(m[3]) || (DATE_KEYS.has(key) && !/\d/.test(m[3])))) break;
    const valueStart = lineStart + m[1].length + m[2].length;
    fields.push({ start: valueStart, end: contentEnd, key: lowerKey, value: m[3] });
    header = { start: header ? header.start : lineStart, end: contentEnd };
    lineStart = lineEnd + 1;
  }
  return header;
}

// ---------------------------------------------------------------- plaintext paragraphs

/** Blank-line separated blocks; a short unpunctuated line (headline, byline) before another line is its own block. */
export function plainBlocks(text: string, from: number, to: number): Span[] {
  const blocks: Span[] = [];
  const lines: Span[] = [];
  const flush = () => {
    if (!lines.length) return;
    splitBlockLines(text, lines, blocks);
    lines.length = 0;
  };
  let lineStart = from;
  while (lineStart < to) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0 || lineEnd > to) lineEnd = to;
    let s = lineStart;
    let e = lineEnd;
    while (s < e && isWhiteSpaceCode(text.charCodeAt(s))) s++;
    while (e > s && isWhiteSpaceCode(text.charCodeAt(e - 1))) e--;
    if (e > s) lines.push({ start: s, end: e });
    else flush();
    lineStart = lineEnd + 1;
  }
  flush();
  return blocks;
}

/** Lines longer than this are not hard-wrapped. */
const UNWRAPPED_LINE = 120;
const FINAL_PUNCTUATION = /[.!?…:;,"'”’»)\]—–-]$/;
/** What a new paragraph's first line may open with after a short line. */
const PARAGRAPH_OPENER = /[\p{Lu}\p{N}"“‘'«(]/u;

function splitBlockLines(text: string, lines: Span[], blocks: Span[]): void {
  let maxLength = 0;
  for (const l of lines) maxLength = Math.max(maxLength, l.end - l.start);
  let blockStart = lines[0].start;
  for (let i = 0; i + 1 < lines.length; i++) {
    const line = lines[i];
    const next = lines[i + 1];
    if (isDeliberateBreak(text, line, next, maxLength)) {
      blocks.push({ start: blockStart, end: line.end });
      blockStart = next.start;
    }
  }
  blocks.push({ start: blockStart, end: lines[lines.length - 1].end });
}

function isDeliberateBreak(text: string, line: Span, next: Span, maxLength: number): boolean {
  // A block with long lines is not hard-wrapped: each line break there is meant (one paragraph a line).
  if (maxLength > UNWRAPPED_LINE) return !startsLower(text[next.start]);
  const length = line.end - line.start;
  const lastChar = text[line.end - 1];
  if (FINAL_PUNCTUATION.test(lastChar)) return false;
  const first = text[next.start];
  if (bulletLength(text, next.start, next.end) > 0) return true;
  if (!PARAGRAPH_OPENER.test(first)) return false;
  if (/^By\s/.test(text.slice(next.start, next.start + 3))) return true;
  // Hard-wrapped text: the line broke early, although the next word would have fit.
  const firstWord = /^\S+/.exec(text.slice(next.start, Math.min(next.end, next.start + 40)));
  return length + 1 + (firstWord ? firstWord[0].length : 0) < maxLength - 8;
}
