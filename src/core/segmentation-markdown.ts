// Markdown regions that are not prose (code, HTML, URLs, image syntax, markup characters) and the
// blocks that hold prose (paragraphs, headings, table rows, list items). Small documents are parsed
// with micromark (exact CommonMark + GFM); large ones get a line-based scan, because micromark
// runs below 1 MB/s and the analyzer must stay fast on big files.
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfm } from 'micromark-extension-gfm';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { reportDetectorFailure } from './failures';
import { isWhiteSpaceCode } from './text';
import type { Span } from './types';

export interface MarkdownRegions {
  /** Non-prose regions, sorted, non-overlapping, trimmed of surrounding whitespace. */
  excluded: Span[];
  /** Candidate paragraph ranges in text order (not yet trimmed). */
  blocks: Span[];
}

/** Above this many UTF-16 units the line-based scan is used instead of micromark. */
export const MICROMARK_MAX_LENGTH = 20_000;

export function markdownRegions(text: string): MarkdownRegions {
  if (text.length <= MICROMARK_MAX_LENGTH && safeForParser(text)) {
    try {
      return parsedRegions(text);
    } catch (error) {
      // A parser failure on text it was judged safe for: reported, and the scanner reads it instead.
      reportDetectorFailure('segmentation', { start: 0, end: text.length }, error);
    }
  }
  return scannedRegions(text);
}

// ---------------------------------------------------------------- micromark path

/**
 * micromark is quadratic on some degenerate input (thousands of nested ">" or unclosed "[");
 * such text is not an article, so it goes to the scanner. One linear pass.
 */
function safeForParser(text: string): boolean {
  let brackets = 0; // [ and ` openers: micromark rescans unclosed ones
  let depth = 0;
  let atLineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      atLineStart = true;
      depth = 0;
      continue;
    }
    if ((c === 91 || c === 96) && ++brackets > 2000) return false; // [ and `
    if (atLineStart) {
      const next = text.charCodeAt(i + 1);
      if (c === 62 || ((c === 45 || c === 42 || c === 43) && (next === 32 || next === 9))) {
        // > - * + : container markers at the line start
        if (++depth > 12) return false;
      } else if (c !== 32 && c !== 9) {
        atLineStart = false;
      }
    }
  }
  return true;
}

interface MdNode {
  type: string;
  children?: MdNode[];
  position?: { start: { offset?: number }; end: { offset?: number } };
}

/** Node types whose whole source is excluded (no prose inside). */
const OPAQUE = new Set([
  'code',
  'inlineCode',
  'html',
  'image',
  'imageReference',
  'definition',
  'footnoteReference',
  'thematicBreak',
  'yaml',
  'math',
  'inlineMath',
]);
const BLOCKS = new Set(['paragraph', 'heading', 'tableRow']);

export function parsedRegions(text: string): MarkdownRegions {
  const tree = fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }) as unknown as MdNode;
  const prose: Span[] = [];
  const blocks: Span[] = [];
  // Iterative walk: deeply nested input (e.g. 10,000 ">") must not overflow the stack.
  const stack: MdNode[] = [tree];
  while (stack.length) {
    const node = stack.pop() as MdNode;
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (OPAQUE.has(node.type)) continue;
    if (node.type === 'text') {
      if (start !== undefined && end !== undefined) addTextRange(text, start, end, prose);
      continue;
    }
    // Autolinks (<https://...>, bare www./https:// literals) show the URL itself: not prose.
    if (node.type === 'link' && start !== undefined && text[start] !== '[') continue;
    if (BLOCKS.has(node.type) && start !== undefined && end !== undefined) blocks.push({ start, end });
    const children = node.children;
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  blocks.sort((a, b) => a.start - b.start);
  return { excluded: gapsBetween(text, prose), blocks };
}

/**
 * A text node's source, minus the blockquote markers that prefix its continuation lines and
 * the backslashes of escapes ("\*"), which the source keeps but the text does not.
 */
function addTextRange(text: string, start: number, end: number, out: Span[]): void {
  let from = start;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      out.push({ start: from, end: i });
      let next = i + 1;
      while (next < end && (text[next] === ' ' || text[next] === '\t' || text[next] === '>')) next++;
      from = next;
      i = next - 1;
    } else if (c === 92 && i + 1 < end && isAsciiPunctuation(text.charCodeAt(i + 1))) {
      out.push({ start: from, end: i });
      from = i + 1;
      i++; // the escaped character itself is text
    }
  }
  if (end > from) out.push({ start: from, end });
}

function isAsciiPunctuation(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

/** Everything between prose ranges, trimmed of whitespace at both ends. */
function gapsBetween(text: string, prose: Span[]): Span[] {
  prose.sort((a, b) => a.start - b.start);
  const gaps: Span[] = [];
  let at = 0;
  const addGap = (from: number, to: number) => {
    while (from < to && isWhiteSpaceCode(text.charCodeAt(from))) from++;
    while (to > from && isWhiteSpaceCode(text.charCodeAt(to - 1))) to--;
    if (to > from) gaps.push({ start: from, end: to });
  };
  for (const p of prose) {
    if (p.start > at) addGap(at, p.start);
    at = Math.max(at, p.end);
  }
  addGap(at, text.length);
  return gaps;
}

// ---------------------------------------------------------------- line-based scan

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const THEMATIC = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const SETEXT = /^ {0,3}(?:=+|-+)[ \t]*$/;
const FOOTNOTE_DEFINITION = /^ {0,3}\[\^[^\]\s]{1,999}\]:[ \t]*/;
/** A letter or digit on either side of an underscore keeps it inside a word ("snake_case"). */
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const DEFINITION = /^ {0,3}\[[^\]\n]{1,999}\]:[ \t]*\S/;
const HTML_BLOCK = /^ {0,3}<(?:[A-Za-z][A-Za-z0-9-]*(?:[\s/>]|$)|\/[A-Za-z]|!--|!\[CDATA\[|\?|![A-Z])/;
const CONTAINER = /^[ \t]{0,3}(?:>[ \t]?)*/;
const LIST_MARKER = /^[ \t]{0,12}(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(?:\[[ xX]\][ \t]+)?|$)/;
const HEADING = /^(#{1,6})(?:[ \t]+|$)/;
const TABLE_DELIMITER = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

/** Line-based approximation of the micromark path, linear in the text length. */
export function scannedRegions(text: string): MarkdownRegions {
  const excluded: Span[] = [];
  const blocks: Span[] = [];
  let blockStart = -1;
  let blockEnd = -1;
  const endBlock = () => {
    if (blockStart >= 0) blocks.push({ start: blockStart, end: blockEnd });
    blockStart = -1;
  };
  const extendBlock = (start: number, end: number) => {
    if (blockStart < 0) blockStart = start;
    blockEnd = end;
  };
  let fence: string | null = null;
  let fenceStart = 0;
  let inHtml = false;
  let inTable = false;
  let previousBlank = true;
  let previousQuoteDepth = 0;
  let inIndentedCode = false;
  /** After a list item, indented lines continue it instead of starting indented code. */
  let inList = false;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const contentEnd = lineEnd > lineStart && text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    const line = text.slice(lineStart, contentEnd);
    const blank = line.trim() === '';
    if (fence !== null) {
      const close = FENCE.exec(line);
      if (close && close[1][0] === fence[0] && close[1].length >= fence.length && line.slice(close[0].length).trim() === '') {
        excluded.push({ start: fenceStart, end: contentEnd });
        fence = null;
      }
      if (lineEnd >= text.length) {
        if (fence !== null) excluded.push({ start: fenceStart, end: contentEnd });
        break;
      }
      lineStart = lineEnd + 1;
      continue;
    }
    if (inHtml) {
      if (blank) inHtml = false;
      else excluded.push({ start: lineStart, end: contentEnd });
      if (lineEnd >= text.length) break;
      lineStart = lineEnd + 1;
      continue;
    }
    if (!blank && /^(?: {4}|\t)/.test(line) && !inList && (previousBlank || inIndentedCode) && (blockStart < 0 || inIndentedCode)) {
      endBlock();
      inIndentedCode = true;
      excluded.push({ start: lineStart, end: contentEnd });
      if (lineEnd >= text.length) break;
      lineStart = lineEnd + 1;
      continue;
    }
    if (!blank) inIndentedCode = false;
    if (blank) {
      endBlock();
      inTable = false;
      previousBlank = true;
      previousQuoteDepth = 0;
      if (lineEnd >= text.length) break;
      lineStart = lineEnd + 1;
      continue;
    }
    // Container prefix: blockquote markers, then a list marker.
    const container = CONTAINER.exec(line);
    let at = container ? container[0].length : 0;
    const quoteDepth = countChar(line, '>', at);
    const rest = line.slice(at);
    if (rest.trim() === '') {
      // A line of blockquote markers only (">") separates paragraphs inside the quote.
      endBlock();
      excluded.push({ start: lineStart, end: contentEnd });
      previousBlank = true;
      previousQuoteDepth = quoteDepth;
      if (lineEnd >= text.length) break;
      lineStart = lineEnd + 1;
      continue;
    }
    const fenceOpen = FENCE.exec(rest);
    if (fenceOpen && !(fenceOpen[1][0] === '`' && rest.slice(fenceOpen[0].length).includes('`'))) {
      endBlock();
      fence = fenceOpen[1];
      fenceStart = lineStart;
      if (lineEnd >= text.length) {
        excluded.push({ start: fenceStart, end: contentEnd });
        break;
      }
      lineStart = lineEnd + 1;
      continue;
    }
    if (HTML_BLOCK.test(rest) && previousBlank) {
      endBlock();
      inHtml = true;
      excluded.push({ start: lineStart, end: contentEnd });
      previousBlank = false;
      if (lineEnd >= text.length) break;
      lineStart = lineEnd + 1;
      continue;
    }
    if (THEMATIC.test(rest) || (SETEXT.test(rest) && !previousBlank) || (DEFINITION.test(rest) && !FOOTNOTE_DEFINITION.test(rest))) {
      endBlock();
      excluded.push({ start: lineStart, end: contentEnd });
      previousBlank = false;
      if (lineEnd >= text.length) break;
      lineStart = lineEnd + 1;
      continue;
    }
    let ownBlock = false;
    let startsBlock = quoteDepth !== previousQuoteDepth;
    const list = LIST_MARKER.exec(rest);
    if (list) {
      at += list[0].length;
      startsBlock = true;
      inList = true;
    } else if (at === 0 && previousBlank && !/^[ \t]/.test(line)) {
      inList = false;
    }
    const footnote = FOOTNOTE_DEFINITION.exec(line.slice(at));
    if (footnote) {
      at += footnote[0].length;
      startsBlock = true;
    }
    const heading = HEADING.exec(line.slice(at));
    if (heading) {
      at += heading[0].length;
      ownBlock = true;
    }
    // Tables: a header row followed by a delimiter row; every row is its own block.
    if (!inTable && line.includes('|')) {
      const following = nextLine(text, lineEnd);
      if (following !== null && TABLE_DELIMITER.test(following) && following.includes('-')) inTable = true;
    }
    if (inTable && TABLE_DELIMITER.test(rest) && rest.includes('-')) {
      endBlock();
      excluded.push({ start: lineStart, end: contentEnd });
      if (lineEnd >= text.length) break;
      lineStart = lineEnd + 1;
      continue;
    }
    if (inTable) ownBlock = true;
    if (at > 0) excluded.push({ start: lineStart, end: lineStart + at });
    let proseEnd = contentEnd;
    if (heading) {
      const closing = /[ \t]+#+[ \t]*$/.exec(line.slice(at));
      if (closing) {
        proseEnd = contentEnd - closing[0].length;
        excluded.push({ start: proseEnd, end: contentEnd });
      }
    }
    const lineSpansFrom = excluded.length;
    scanInline(text, lineStart + at, proseEnd, inTable, excluded);
    if (excluded.length - lineSpansFrom > 1) sortTail(excluded, lineSpansFrom);
    if (startsBlock || ownBlock) endBlock();
    extendBlock(lineStart + at, proseEnd);
    if (ownBlock) endBlock();
    previousBlank = false;
    previousQuoteDepth = quoteDepth;
    if (lineEnd >= text.length) break;
    lineStart = lineEnd + 1;
  }
  endBlock();
  return { excluded: trimAndMerge(text, excluded), blocks };
}

/** Sorts spans[from..] in place (one line's inline spans: few, nearly sorted). */
function sortTail(spans: Span[], from: number): void {
  if (spans.length - from > 32) {
    const tail = spans.splice(from).sort((a, b) => a.start - b.start || a.end - b.end);
    for (const span of tail) spans.push(span);
    return;
  }
  for (let i = from + 1; i < spans.length; i++) {
    const span = spans[i];
    let j = i - 1;
    while (j >= from && spans[j].start > span.start) {
      spans[j + 1] = spans[j];
      j--;
    }
    spans[j + 1] = span;
  }
}

function countChar(line: string, char: string, end: number): number {
  let count = 0;
  for (let i = line.indexOf(char); i >= 0 && i < end; i = line.indexOf(char, i + 1)) count++;
  return count;
}

function nextLine(text: string, lineEnd: number): string | null {
  if (lineEnd >= text.length) return null;
  let end = text.indexOf('\n', lineEnd + 1);
  if (end < 0) end = text.length;
  return text.slice(lineEnd + 1, end);
}

const INLINE_PATTERNS = new RegExp(
  [
    // image ![alt](dest "title")
    String.raw`!\[[^\[\]\n]*\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*\)`,
    // image reference ![alt][ref]
    String.raw`!\[[^\[\]\n]*\]\[[^\[\]\n]*\]`,
    // link [text](dest "title") — group 1 is the text
    String.raw`\[([^\[\]\n]*)\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*\)`,
    // reference link [text][ref] — group 2 is the text
    String.raw`\[([^\[\]\n]+)\]\[[^\[\]\n]*\]`,
    // footnote reference [^1]
    String.raw`\[\^[^\[\]\s]+\]`,
    // autolink <scheme:...> or <email>
    String.raw`<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[A-Za-z0-9.!#$%&'*+/=?^_\x60{|}~-]+@[A-Za-z0-9.-]+)>`,
    // inline HTML tag or comment
    String.raw`<\/?[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>\x60]+))?)*\s*\/?>|<!--[^>]*?-->`,
    // bare URL
    String.raw`(?:\bhttps?:\/\/|\bwww\.)[^\s<>]*[^\s<>.,:;"')\]!?*_~]`,
    // escape backslash before ASCII punctuation, or a hard line break at the line end
    String.raw`\\(?:[!-\/:-@\[-\x60{-~]|$)`,
    // emphasis / strikethrough markers
    String.raw`\*+|_+|~~`,
  ].join('|'),
  'g',
);

/** Inline exclusions on one line's prose part, s[start, end). */
function scanInline(text: string, start: number, end: number, inTable: boolean, out: Span[]): void {
  let line = text.slice(start, end);
  if (line.includes('`')) {
    let blanked = '';
    let at = 0;
    for (const span of codeSpans(line)) {
      out.push({ start: start + span.start, end: start + span.end });
      blanked += line.slice(at, span.start) + ' '.repeat(span.end - span.start);
      at = span.end;
    }
    line = blanked + line.slice(at);
  }
  if (inTable) {
    for (let i = line.indexOf('|'); i >= 0; i = line.indexOf('|', i + 1)) {
      if (line[i - 1] !== '\\') out.push({ start: start + i, end: start + i + 1 });
    }
  }
  if (!/[[<*_~\\hw!]/.test(line)) return;
  INLINE_PATTERNS.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = INLINE_PATTERNS.exec(line))) {
    const from = start + m.index;
    const to = from + m[0].length;
    const linkText = m[1] ?? m[2];
    if (linkText !== undefined) {
      // Keep the link text as prose; exclude "[" and "](...)" / "][ref]".
      out.push({ start: from, end: from + 1 });
      out.push({ start: from + 1 + linkText.length, end: to });
      // Emphasis or code inside the link text still needs excluding. The inner scan runs the same
      // global regex from the start of the link text: this line's scan resumes where it was (it
      // restarted at the link before, found it again and looped until memory ran out).
      if (/[*_~`\\]/.test(linkText)) {
        const resume = INLINE_PATTERNS.lastIndex;
        scanInline(text, from + 1, from + 1 + linkText.length, false, out);
        INLINE_PATTERNS.lastIndex = resume;
      }
      continue;
    }
    const token = m[0];
    if (token[0] === '\\') {
      out.push({ start: from, end: from + 1 }); // the escaped character stays text
      continue;
    }
    if (token[0] === '*' || token[0] === '_' || token[0] === '~') {
      if (!isEmphasisMarker(line, m.index, token.length)) continue;
    }
    out.push({ start: from, end: to });
  }
}

/** Code spans on one line: a backtick run closed by the next run of the same length (linear). */
function codeSpans(line: string): Span[] {
  const runs: Span[] = [];
  for (let i = line.indexOf('`'); i >= 0;) {
    let j = i;
    while (j < line.length && line[j] === '`') j++;
    runs.push({ start: i, end: j });
    i = line.indexOf('`', j);
  }
  // For each run, the index of the next run with the same length.
  const nextSameLength = new Array<number>(runs.length).fill(-1);
  const lastByLength = new Map<number, number>();
  for (let r = runs.length - 1; r >= 0; r--) {
    const length = runs[r].end - runs[r].start;
    nextSameLength[r] = lastByLength.get(length) ?? -1;
    lastByLength.set(length, r);
  }
  const spans: Span[] = [];
  for (let r = 0; r < runs.length; r++) {
    const close = nextSameLength[r];
    if (close < 0) continue;
    spans.push({ start: runs[r].start, end: runs[close].end });
    r = close;
  }
  return spans;
}

/** A run of * _ or ~~ counts as markup unless it stands alone between spaces or, for _, inside a word. */
function isEmphasisMarker(line: string, at: number, length: number): boolean {
  const before = at > 0 ? line[at - 1] : ' ';
  const after = at + length < line.length ? line[at + length] : ' ';
  const spaceBefore = /\s/.test(before);
  const spaceAfter = /\s/.test(after);
  if (spaceBefore && spaceAfter) return false;
  if (line[at] === '_' && LETTER_OR_DIGIT.test(before) && LETTER_OR_DIGIT.test(after)) return false;
  return true;
}

function trimAndMerge(text: string, spans: Span[]): Span[] {
  let inOrder = true;
  for (let i = 1; i < spans.length && inOrder; i++) inOrder = spans[i - 1].start <= spans[i].start;
  if (!inOrder) spans.sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  for (const span of spans) {
    let { start, end } = span;
    while (start < end && isWhiteSpaceCode(text.charCodeAt(start))) start++;
    while (end > start && isWhiteSpaceCode(text.charCodeAt(end - 1))) end--;
    if (end <= start) continue;
    const last = out[out.length - 1];
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else out.push({ start, end });
  }
  return out;
}
