// Turns sidecar file text into a note collection, or into one clear error that names the problem
// and where it is: line and column for broken JSON, a JSON pointer for content that breaks the schema.
// Hostile files are refused before they are parsed: too large, or nested deeper than any notes file
// is (no stack overflow further on, in the merge or the writer); a note whose target names another
// file or a path outside the folder makes the whole file read-only.
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { collectionFromJson } from './annotation';
import type { JsonObject, NoteCollection } from './model';

export type SidecarProblem = 'json' | 'schema' | 'limit' | 'target';

/** Larger notes files are not read (a note takes about 1 KB: this is some 20,000 notes on one article). */
export const MAX_SIDECAR_BYTES = 20 * 1024 * 1024;
/** Objects and arrays nested deeper are refused: a notes file nests about 6 levels, other tools' fields a few more. */
export const MAX_SIDECAR_DEPTH = 100;

/** A sidecar that cannot be read safely; its article's notes stay read-only until it is fixed. */
export class SidecarError extends Error {
  constructor(
    readonly file: string,
    readonly problem: SidecarProblem,
    readonly detail: string,
    /** For JSON syntax errors and nesting too deep: 1-based line and column. */
    readonly line?: number,
    readonly column?: number,
    /** For schema and target errors: JSON pointer to the offending value ("" is the whole document). */
    readonly pointer?: string,
  ) {
    super(
      problem === 'json'
        ? `${file}:${line}:${column}: malformed JSON: ${detail}`
        : problem === 'schema'
          ? `${file}: does not match the notes schema at ${pointer || '/'}: ${detail}`
          : problem === 'target'
            ? `${file}: the note at ${pointer} ${detail}`
            : `${file}${line === undefined ? '' : `:${line}:${column}`}: ${detail}`,
    );
    this.name = 'SidecarError';
  }
}

/**
 * The schemas' validators, compiled by ajv at build time (scripts/generate-validators.mjs): the
 * compiler itself stays out of the bundles. Loaded on first use.
 */
export function schemaValidator(schema: 'notes' | 'entities'): ValidateFunction {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./schema-validators.generated') as typeof import('./schema-validators.generated'))[schema];
}

function getValidator(): ValidateFunction {
  return schemaValidator('notes');
}

/** Combinator keywords only say "a branch failed"; the useful error is the one inside it. */
const COMBINATORS = new Set(['anyOf', 'oneOf', 'allOf', 'if', 'not', 'contains']);

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `missing property "${p.missingProperty}"`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'format':
      return `must be a valid ${p.format}`;
    default:
      return e.message ?? e.keyword;
  }
}

/** Picks the most specific error: the deepest location, real constraints before combinators. */
function bestError(errors: ErrorObject[]): ErrorObject {
  const depth = (e: ErrorObject): number => (e.instancePath.match(/\//g) ?? []).length + (e.keyword === 'required' ? 1 : 0);
  return [...errors].sort((a, b) => {
    const ca = COMBINATORS.has(a.keyword) ? 1 : 0;
    const cb = COMBINATORS.has(b.keyword) ? 1 : 0;
    return ca - cb || depth(b) - depth(a);
  })[0];
}

/** The one schema error worth showing, as a JSON pointer and a sentence. */
export function explainSchemaErrors(errors: ErrorObject[]): { pointer: string; detail: string } {
  const err = bestError(errors);
  return { pointer: err.instancePath, detail: describe(err) };
}

/** Validates a parsed document against the schema and the rules the schema cannot express. */
export function checkCollection(doc: unknown, file: string): asserts doc is JsonObject {
  const validate = getValidator();
  if (!validate(doc)) {
    const { pointer, detail } = explainSchemaErrors(validate.errors ?? []);
    throw new SidecarError(file, 'schema', detail, undefined, undefined, pointer);
  }
  const items = (doc as { items: { id: string; target?: unknown }[] }).items;
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const first = seen.get(item.id);
    if (first !== undefined)
      throw new SidecarError(file, 'schema', `duplicate id ${item.id} (also /items/${first}/id)`, undefined, undefined, `/items/${i}/id`);
    seen.set(item.id, i);
  });
}

/**
 * Parses and validates sidecar text. Throws SidecarError. With `articleName` (the file name of the
 * article the sidecar belongs to), every note must target that article.
 */
export function parseSidecar(text: string, file: string, articleName?: string): NoteCollection {
  checkSize(text, file);
  const tooDeep = firstTooDeep(text);
  if (tooDeep !== undefined) {
    const { line, column } = lineColumn(text, tooDeep);
    throw new SidecarError(
      file,
      'limit',
      `objects and arrays nested more than ${MAX_SIDECAR_DEPTH} levels deep (a notes file nests about 6); not read`,
      line,
      column,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    const conflict = /^<{7}(?: |$)/m.exec(text);
    if (conflict) {
      const { line } = lineColumn(text, conflict.index);
      throw new SidecarError(file, 'json', 'unresolved git merge conflict (the notes of both sides can be merged by id)', line, 1);
    }
    const at = locateJsonError(text);
    const { line, column } = lineColumn(text, at.offset);
    throw new SidecarError(file, 'json', at.message, line, column);
  }
  checkCollection(doc, file);
  if (articleName !== undefined) checkTargets(doc, file, articleName);
  return collectionFromJson(doc);
}

function checkSize(text: string, file: string): void {
  // UTF-8 takes at least one byte per UTF-16 unit: only a text that may be too large is measured.
  if (text.length * 3 <= MAX_SIDECAR_BYTES) return;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= MAX_SIDECAR_BYTES) return;
  const mb = (n: number): string => `${(n / (1024 * 1024)).toFixed(1)} MB`;
  throw new SidecarError(file, 'limit', `is ${mb(bytes)}, more than the ${mb(MAX_SIDECAR_BYTES)} a notes file may hold; not read`);
}

/** Offset of the first `{` or `[` (outside strings) that opens a level deeper than MAX_SIDECAR_DEPTH. */
export function firstTooDeep(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_SIDECAR_DEPTH) return i;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return undefined;
}

/** Every note must be on this sidecar's article: not another file, not a path outside its folder. */
function checkTargets(doc: JsonObject, file: string, articleName: string): void {
  const items = doc.items as JsonObject[];
  items.forEach((item, i) => {
    if (item.motivation !== 'assessing') return;
    const source = (item.target as JsonObject).source as string;
    if (source === articleName) return;
    const pointer = `/items/${i}/target/source`;
    const outside = path.posix.isAbsolute(source) || path.win32.isAbsolute(source) || source.split(/[\\/]/).includes('..');
    const what = outside ? `names a path outside the article's folder, ${JSON.stringify(source)}` : `names another file, ${JSON.stringify(source)}`;
    throw new SidecarError(
      file,
      'target',
      `${what}, not this file's article ${JSON.stringify(articleName)}; the notes are left as they are`,
      undefined,
      undefined,
      pointer,
    );
  });
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Finds where JSON text first goes wrong. JSON.parse's messages do not always give a position,
 * so this small strict scanner walks the text to name the place and what was expected there.
 */
export function locateJsonError(text: string): { offset: number; message: string } {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  class Stop {
    constructor(
      readonly offset: number,
      readonly message: string,
    ) {}
  }
  const fail = (message: string, at = i): never => {
    throw new Stop(at, message);
  };
  const ws = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const found = (): string => (i >= n ? 'end of file' : JSON.stringify(text[i]));
  const str = (): void => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) fail('control character or line break inside a string (missing closing quote?)');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('bad \\u escape in string');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail('bad escape in string');
      } else i++;
    }
    fail('unterminated string');
  };
  let depth = 0;
  const value = (): void => {
    ws();
    const c = text[i];
    if ((c === '{' || c === '[') && ++depth > 2000) fail('nesting too deep');
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        depth--;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`expected a property name in double quotes, found ${found()}`);
        str();
        ws();
        if (text[i] !== ':') fail(`expected ':' after the property name, found ${found()}`);
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          depth--;
          return;
        }
        fail(`expected ',' or '}' after a property value, found ${found()}`);
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        depth--;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          depth--;
          return;
        }
        fail(`expected ',' or ']' after an array element, found ${found()}`);
      }
    } else if (c === '"') str();
    else if (c !== undefined && /[-0-9]/.test(c)) {
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      if (!m || m[0] === '-') fail('bad number');
      i += m![0].length;
    } else {
      for (const word of ['true', 'false', 'null']) {
        if (text.startsWith(word, i)) {
          i += word.length;
          return;
        }
      }
      fail(`expected a value, found ${found()}`);
    }
  };
  try {
    value();
    ws();
    if (i < n) fail(`unexpected ${found()} after the end of the JSON document`);
    return { offset: n, message: 'invalid JSON' };
  } catch (e) {
    if (e instanceof Stop) return { offset: e.offset, message: e.message };
    throw e;
  }
}
