// Reading and writing the W3C Web Annotation form of notes. Writing is stable so that diffs and
// merges of the sidecar stay small: fixed key order, items ordered by position then id, 2-space
// indentation, final newline. Fields this tool does not know are carried over from what was read.
import {
  isFinalVerdict,
  isPassageNote,
  isSourceUrl,
  NOT_CHECK_WORTHY,
  type AssessingNote,
  type Dismissal,
  type JsonObject,
  type JsonValue,
  type Note,
  type NoteCollection,
  type NoteSelectors,
  type PassageNote,
  type ReplyNote,
  type Verdict,
} from './model';

export const ANNOTATION_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

type Obj = JsonObject;

function isObject(v: JsonValue | undefined): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** W3C allows one value or an array for `body` and `selector`. */
function asList(v: JsonValue | undefined): JsonValue[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

function str(v: JsonValue | undefined, fallback = ''): string {
  return typeof v === 'string' ? v : fallback;
}

const isAssessingBody = (b: JsonValue): b is Obj => isObject(b) && b.type === 'TextualBody' && b.purpose === 'assessing';
const isCommentBody = (b: JsonValue): b is Obj => isObject(b) && b.type === 'TextualBody' && b.purpose === 'commenting';
const isUrlSourceBody = (b: JsonValue): boolean => isObject(b) && b.type === 'SpecificResource' && b.purpose === 'linking';
/** A source that is not a link ("Phone call with the press office, 8 Jan"). */
const isTextSourceBody = (b: JsonValue): b is Obj => isObject(b) && b.type === 'TextualBody' && b.purpose === 'linking';
const isLinkBody = (b: JsonValue): b is Obj => isUrlSourceBody(b) || isTextSourceBody(b);
const isClassifyingBody = (b: JsonValue): b is Obj => isObject(b) && b.type === 'TextualBody' && b.purpose === 'classifying';
const sourceOf = (b: Obj): string => (isUrlSourceBody(b) ? str(b.source) : str(b.value));
const isQuoteSelector = (s: JsonValue): s is Obj => isObject(s) && s.type === 'TextQuoteSelector';
const isPositionSelector = (s: JsonValue): s is Obj => isObject(s) && s.type === 'TextPositionSelector';

/** Reads one annotation; the input must have passed schema validation. */
export function noteFromAnnotation(a: Obj): Note {
  const body = asList(a.body);
  const common = {
    id: str(a.id),
    created: str(a.created),
    modified: str(a.modified, str(a.created)),
    author: isObject(a.creator) && typeof a.creator.name === 'string' ? a.creator.name : undefined,
    comment: str(body.find(isCommentBody)?.value),
    sources: body.filter(isLinkBody).map(sourceOf),
    raw: a,
  };
  if (a.motivation === 'replying') {
    const parentId = typeof a.target === 'string' ? a.target : isObject(a.target) ? str(a.target.id) : '';
    const reply: ReplyNote = { kind: 'reply', parentId, ...common };
    return reply;
  }
  const target = isObject(a.target) ? a.target : {};
  const selectors = asList(target.selector);
  const quote = selectors.find(isQuoteSelector) ?? {};
  const position = selectors.find(isPositionSelector);
  const sel: NoteSelectors = {
    quote: { exact: str(quote.exact), prefix: str(quote.prefix), suffix: str(quote.suffix) },
  };
  if (position && typeof position.start === 'number' && typeof position.end === 'number') {
    sel.position = { start: position.start, end: position.end };
  }
  if (a.motivation === 'classifying') {
    const dismissal: Dismissal = { kind: 'dismissal', source: str(target.source), selectors: sel, ...common };
    return dismissal;
  }
  const assessing = body.find(isAssessingBody);
  const verdict = str(assessing?.value, 'unchecked') as Verdict;
  const note: AssessingNote = { kind: 'note', verdict, source: str(target.source), selectors: sel, ...common };
  // Notes written before the checked text was kept have none: their stored quote stands for it (see changedSinceChecked).
  if (isFinalVerdict(verdict) && typeof assessing?.checkedText === 'string') note.checkedText = assessing.checkedText;
  return note;
}

/** Puts the known keys first in a fixed order, then the unknown ones in their original order. */
function ordered(known: [string, JsonValue | undefined][], raw: Obj | undefined): Obj {
  const out: Obj = {};
  for (const [k, v] of known) if (v !== undefined) out[k] = v;
  if (raw) for (const [k, v] of Object.entries(raw)) if (!(k in out) && !known.some(([kk]) => kk === k)) out[k] = v;
  return out;
}

function bodiesFor(note: Note, raw: Obj | undefined): JsonValue[] {
  const old = asList(raw?.body);
  const bodies: JsonValue[] = [];
  if (note.kind === 'note') {
    const prev = old.find(isAssessingBody);
    bodies.push(
      ordered(
        [
          ['type', 'TextualBody'],
          ['purpose', 'assessing'],
          ['value', note.verdict],
          ['checkedText', isFinalVerdict(note.verdict) ? note.checkedText : undefined],
        ],
        prev,
      ),
    );
  }
  if (note.kind === 'dismissal') {
    bodies.push(
      ordered(
        [
          ['type', 'TextualBody'],
          ['purpose', 'classifying'],
          ['value', NOT_CHECK_WORTHY],
        ],
        old.find(isClassifyingBody),
      ),
    );
  }
  if (note.comment) {
    const prev = old.find(isCommentBody);
    bodies.push(
      ordered(
        [
          ['type', 'TextualBody'],
          ['purpose', 'commenting'],
          ['value', note.comment],
          ['format', str(prev?.format, 'text/markdown')],
        ],
        prev,
      ),
    );
  }
  const oldLinks = old.filter(isLinkBody);
  for (const source of note.sources) {
    const prev = oldLinks.find((b) => sourceOf(b) === source);
    // A source keeps the form it was read in; a new one is a link when it is a URL, else text.
    const asUrl = prev ? isUrlSourceBody(prev) : isSourceUrl(source);
    bodies.push(
      ordered(
        [
          ['type', asUrl ? 'SpecificResource' : 'TextualBody'],
          ['purpose', 'linking'],
          [asUrl ? 'source' : 'value', source],
        ],
        prev,
      ),
    );
  }
  // Bodies of kinds this tool does not edit (tags, other tools' data) are kept as they were.
  for (const b of old) if (!isAssessingBody(b) && !isCommentBody(b) && !isLinkBody(b) && !isClassifyingBody(b)) bodies.push(b);
  return bodies;
}

function targetFor(note: PassageNote, raw: Obj | undefined): Obj {
  const oldTarget = isObject(raw?.target) ? raw.target : undefined;
  const oldSelectors = asList(oldTarget?.selector);
  const { quote, position } = note.selectors;
  const quoteSel = ordered(
    [
      ['type', 'TextQuoteSelector'],
      ['exact', quote.exact],
      ['prefix', quote.prefix],
      ['suffix', quote.suffix],
    ],
    oldSelectors.find(isQuoteSelector),
  );
  const positionSel = position
    ? ordered(
        [
          ['type', 'TextPositionSelector'],
          ['start', position.start],
          ['end', position.end],
        ],
        oldSelectors.find(isPositionSelector),
      )
    : undefined;
  const selectors: JsonValue[] = [quoteSel];
  if (positionSel) selectors.push(positionSel);
  for (const s of oldSelectors) if (!isQuoteSelector(s) && !isPositionSelector(s)) selectors.push(s);
  return ordered(
    [
      ['source', note.source],
      ['selector', selectors],
    ],
    oldTarget,
  );
}

/** Writes one note as an annotation, keeping the unknown fields of the one it was read from. */
export function noteToAnnotation(note: Note): Obj {
  const raw = note.raw;
  const oldCreator = isObject(raw?.creator) ? raw.creator : undefined;
  const creator = note.author !== undefined ? ordered([['name', note.author]], oldCreator) : oldCreator;
  return ordered(
    [
      ['id', note.id],
      ['type', 'Annotation'],
      ['motivation', note.kind === 'note' ? 'assessing' : note.kind === 'dismissal' ? 'classifying' : 'replying'],
      ['created', note.created],
      ['modified', note.modified],
      ['creator', creator],
      ['target', isPassageNote(note) ? targetFor(note, raw) : note.parentId],
      ['body', bodiesFor(note, raw)],
    ],
    raw,
  );
}

/** Reads a schema-valid collection document. */
export function collectionFromJson(doc: Obj): NoteCollection {
  const items = Array.isArray(doc.items) ? doc.items : [];
  const { items: _items, ...rest } = doc;
  return { notes: items.filter(isObject).map(noteFromAnnotation), raw: rest };
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The stable order of the file: notes by stored position (start, end) then id; replies right after
 * their note, oldest first; replies whose note is gone at the end. Notes without a position go
 * after those with one.
 */
export function sortNotes(notes: readonly Note[]): Note[] {
  const parents = notes.filter(isPassageNote);
  const replies = notes.filter((n): n is ReplyNote => n.kind === 'reply');
  const pos = (n: PassageNote): [number, number] => (n.selectors.position ? [n.selectors.position.start, n.selectors.position.end] : [Infinity, Infinity]);
  parents.sort((a, b) => {
    const [as, ae] = pos(a);
    const [bs, be] = pos(b);
    return as - bs || ae - be || byString(a.id, b.id);
  });
  const byCreated = (a: ReplyNote, b: ReplyNote): number => byString(a.created, b.created) || byString(a.id, b.id);
  const parentIds = new Set(parents.map((p) => p.id));
  const out: Note[] = [];
  for (const p of parents) {
    out.push(p);
    out.push(...replies.filter((r) => r.parentId === p.id).sort(byCreated));
  }
  out.push(...replies.filter((r) => !parentIds.has(r.parentId)).sort(byCreated));
  return out;
}

export function collectionToJson(collection: NoteCollection): Obj {
  return ordered(
    [
      ['@context', collection.raw?.['@context'] ?? ANNOTATION_CONTEXT],
      ['type', 'AnnotationCollection'],
      ['items', sortNotes(collection.notes).map(noteToAnnotation)],
    ],
    collection.raw,
  );
}

/** The exact bytes written to a sidecar file. */
export function serializeCollection(collection: NoteCollection): string {
  return JSON.stringify(collectionToJson(collection), null, 2) + '\n';
}
