// A source document (interview transcript, press release, speech, statement, court filing) read for
// quote checking: its words, and who says each of them. Transcripts name the speaker at the start
// of each turn, the usual ways:
//   MARIA CHEN: We will not ...            (a name in capitals)
//   Maria Chen: We will not ...            (a name in title case, seen at the start of two turns or more)
//   [00:12:31] CHEN: ...  /  00:12:31 Chen: ...   (an optional timestamp first)
//   Q: ...  /  A: ...                      (interviewer and interviewee)
// A turn runs until the next turn starts. A metadata header at the top (lower-case `key: value`
// lines) may name the speakers: `speaker:` for a statement or speech by one person (also whoever
// answers the A: turns), `interviewer:` / `interviewee:` for the Q: and A: turns. Text outside any
// turn is said by the header's speaker, or by nobody known.
// Pure functions; offsets are UTF-16 code units, lines 1-based.

export interface Turn {
  /** Who says it: the name written (or the header's name for Q/A), null when unknown. */
  speaker: string | null;
  /** Where the turn's words start (after the label) and end. */
  start: number;
  end: number;
  /** Line of the turn's label (or of its first word), 1-based. */
  line: number;
  /** The timestamp written before the label, if any ("00:12:31"). */
  timestamp?: string;
}

export interface SourceDocument {
  /** Path relative to the workspace, forward slashes. */
  file: string;
  text: string;
  /** The document's parts by speaker, in text order, covering every word of the text outside labels. */
  turns: Turn[];
}

/** Names the header uses for the interviewer's questions when it gives none. */
export const INTERVIEWER_LABEL = 'Q';

/** A label this long or longer is prose before a colon, not a speaker's name. */
const MAX_LABEL_LENGTH = 48;
/** At most this many words in a speaker label ("Deputy Mayor Ana Ruiz"). */
const MAX_LABEL_WORDS = 5;
/** A title-case label must start this many turns to count as a speaker (one "Note:" is not a turn). */
const MIN_TITLE_CASE_TURNS = 2;

/** Optional timestamp, then a label, then a colon and the words. */
const TURN_LINE = /^[ \t]*(?:[[(]?(\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?)[\])]?[ \t]+)?(?:\*\*)?([^\s:][^:\n]{0,60}?)(?:\*\*)?[ \t]*:(?:\*\*)?(?=[ \t]|$)/;
const HEADER_LINE = /^([a-z][a-z -]{0,30}):[ \t]*(.*)$/;

type LabelKind = 'q' | 'a' | 'caps' | 'title';

function labelKind(label: string): LabelKind | undefined {
  const bare = label.replace(/\.$/, '').trim();
  if (/^(?:Q|QUESTION)$/i.test(bare)) return 'q';
  if (/^(?:A|ANSWER)$/i.test(bare)) return 'a';
  if (bare.length >= MAX_LABEL_LENGTH || bare.split(/\s+/).length > MAX_LABEL_WORDS) return undefined;
  if (/\p{Ll}/u.test(bare)) {
    // Title case: every word capitalized (particles allowed).
    const words = bare.split(/\s+/);
    const ok = words.every((w) => /^\p{Lu}/u.test(w) || /^(?:van|von|de|da|del|der|di|du|la|le|bin|al|ibn|of|the)$/.test(w) || /^(?:al|el)-\p{Lu}/u.test(w));
    return ok && /^\p{Lu}/u.test(bare) ? 'title' : undefined;
  }
  return /^\p{Lu}[\p{Lu}\p{M}.'’\- ]*$/u.test(bare) && /\p{Lu}{2}/u.test(bare) ? 'caps' : undefined;
}

/** "MARIA CHEN" → "Maria Chen"; other spellings as written. */
function displayName(label: string): string {
  const bare = label.replace(/\.$/, '').trim();
  if (/\p{Ll}/u.test(bare)) return bare;
  return bare.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** The text's lines with their start offsets. */
function linesOf(text: string): Array<{ start: number; text: string }> {
  const out: Array<{ start: number; text: string }> = [];
  const breaks = /\r\n|\r|\n/g;
  let start = 0;
  for (let m = breaks.exec(text); m; m = breaks.exec(text)) {
    out.push({ start, text: text.slice(start, m.index) });
    start = m.index + m[0].length;
  }
  out.push({ start, text: text.slice(start) });
  return out;
}

/** The header's `key: value` lines (lower-case keys) at the top, and where the text after it starts. */
function readHeader(lines: ReadonlyArray<{ start: number; text: string }>, textLength: number): { fields: Map<string, string>; end: number } {
  const fields = new Map<string, string>();
  for (let i = 0; i < lines.length; i++) {
    const m = HEADER_LINE.exec(lines[i].text);
    if (!m || !lines[i].text.trim()) return { fields, end: fields.size ? lines[i].start : 0 };
    fields.set(m[1].trim(), m[2].trim());
  }
  return { fields, end: fields.size ? textLength : 0 };
}

interface LabelAt {
  kind: LabelKind;
  label: string;
  timestamp?: string;
  lineStart: number;
  wordsStart: number;
  line: number;
}

export function parseSource(file: string, text: string): SourceDocument {
  const lines = linesOf(text);
  const { fields: header, end: headerEnd } = readHeader(lines, text.length);
  const docSpeaker = header.get('speaker') || null;
  const interviewer = header.get('interviewer') || INTERVIEWER_LABEL;
  const interviewee = header.get('interviewee') || docSpeaker;
  const labels: LabelAt[] = [];
  const titleCounts = new Map<string, number>();
  lines.forEach(({ start, text: lineText }, i) => {
    if (start < headerEnd) return;
    const m = TURN_LINE.exec(lineText);
    // A lower-case header key ("date:") is never a label: labelKind wants a capital.
    const kind = m ? labelKind(m[2]) : undefined;
    if (!m || !kind) return;
    labels.push({ kind, label: m[2], timestamp: m[1], lineStart: start, wordsStart: start + m[0].length, line: i + 1 });
    if (kind === 'title') titleCounts.set(m[2], (titleCounts.get(m[2]) ?? 0) + 1);
  });
  // A title-case label seen once is prose ("Note: ..."), unless a timestamp says it is a turn.
  const turnsAt = labels.filter((l) => l.kind !== 'title' || l.timestamp || (titleCounts.get(l.label) ?? 0) >= MIN_TITLE_CASE_TURNS);
  const turns: Turn[] = [];
  const firstStart = turnsAt[0]?.lineStart ?? text.length;
  if (firstStart > headerEnd) {
    const line = lines.findIndex((l) => l.start >= headerEnd);
    turns.push({ speaker: docSpeaker, start: headerEnd, end: firstStart, line: line < 0 ? lines.length : line + 1 });
  }
  turnsAt.forEach((l, i) => {
    const end = i + 1 < turnsAt.length ? turnsAt[i + 1].lineStart : text.length;
    const speaker = l.kind === 'q' ? interviewer : l.kind === 'a' ? interviewee : displayName(l.label);
    turns.push({ speaker, start: l.wordsStart, end, line: l.line, ...(l.timestamp ? { timestamp: l.timestamp } : {}) });
  });
  return { file, text, turns };
}
