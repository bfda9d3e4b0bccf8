// Mutations of real text: the labelled dev data in ../shared/eval, read at run time and never copied
// into the repository. Fragments are spliced in, quotation marks inserted and deleted, sentences
// joined and texts spliced into each other.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { fragment, QUOTE_MARKS } from './articles';

/**
 * The evaluation data folder beside the repository (see ../shared/eval/README.md); FACTDESK_EVAL_DATA or
 * FACTDESK_EVAL_DIR (as for `npm run train`) when the checkout does not sit beside it (a git worktree).
 */
export const EVAL_DATA_DIR =
  process.env.FACTDESK_EVAL_DATA ||
  (process.env.FACTDESK_EVAL_DIR ? path.join(process.env.FACTDESK_EVAL_DIR, 'data') : path.resolve(__dirname, '../../../../shared/eval/data'));
/** A real text longer than this is cut to a window of it, so one input stays fast to analyze. */
export const REAL_TEXT_WINDOW = 1000;

/** The texts of every .jsonl file in the eval data folder, or undefined when the folder is absent. */
export function loadRealTexts(dir = EVAL_DATA_DIR): string[] | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const texts: string[] = [];
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as { text?: unknown; tokens?: unknown };
      if (typeof row.text === 'string') texts.push(row.text);
      else if (Array.isArray(row.tokens)) texts.push(row.tokens.join(' '));
    }
  }
  return texts.length ? texts : undefined;
}

export type Mutation =
  | { kind: 'splice'; at: number; text: string }
  | { kind: 'insertMark'; at: number; mark: string }
  | { kind: 'deleteMark'; which: number }
  | { kind: 'deleteRange'; at: number; length: number }
  | { kind: 'joinSentences'; which: number }
  | { kind: 'spliceReal'; at: number; other: number; from: number; length: number };

export interface RealInput {
  /** Index of the real text, and the window of it used (fractions of its length). */
  base: number;
  window: number;
  mutations: Mutation[];
}

export function mutationArb(count: number): fc.Arbitrary<Mutation> {
  const at = fc.double({ min: 0, max: 1, noNaN: true });
  const index = fc.nat({ max: count - 1 });
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('splice' as const), at, text: fragment }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('insertMark' as const), at, mark: fc.constantFrom(...QUOTE_MARKS) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('deleteMark' as const), which: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteRange' as const), at, length: fc.integer({ min: 1, max: 40 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('joinSentences' as const), which: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('spliceReal' as const), at, other: index, from: at, length: fc.integer({ min: 1, max: 400 }) }) },
  );
}

export function realInputArb(count: number, maxMutations: number): fc.Arbitrary<RealInput> {
  return fc.record({
    base: fc.nat({ max: count - 1 }),
    window: fc.double({ min: 0, max: 1, noNaN: true }),
    mutations: fc.array(mutationArb(count), { minLength: 1, maxLength: maxMutations }),
  });
}

const MARK_RE = /[“”„"‘’‚'«»‹›「」『』`]/g;
/** A sentence end and the space after it, or a line break: what "join sentences" removes. */
const JOIN_RE = /[.!?…][”’"»]?\s+|\r?\n+/g;

function positions(text: string, re: RegExp): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push([m.index, m[0].length]);
  return out;
}

/** The text of a real input: the window of the base text with every mutation applied in order. */
export function mutate(texts: readonly string[], input: RealInput): string {
  const window = (t: string, f: number): string => {
    if (t.length <= REAL_TEXT_WINDOW) return t;
    const start = Math.floor(f * (t.length - REAL_TEXT_WINDOW));
    return t.slice(start, start + REAL_TEXT_WINDOW);
  };
  let text = window(texts[input.base], input.window);
  const cut = (f: number) => Math.min(text.length, Math.floor(f * (text.length + 1)));
  for (const m of input.mutations) {
    switch (m.kind) {
      case 'splice': {
        const at = cut(m.at);
        text = text.slice(0, at) + m.text + text.slice(at);
        break;
      }
      case 'insertMark': {
        const at = cut(m.at);
        text = text.slice(0, at) + m.mark + text.slice(at);
        break;
      }
      case 'deleteMark': {
        const marks = positions(text, MARK_RE);
        if (!marks.length) break;
        const [at, length] = marks[m.which % marks.length];
        text = text.slice(0, at) + text.slice(at + length);
        break;
      }
      case 'deleteRange': {
        const at = cut(m.at);
        text = text.slice(0, at) + text.slice(at + m.length);
        break;
      }
      case 'joinSentences': {
        const joins = positions(text, JOIN_RE);
        if (!joins.length) break;
        const [at, length] = joins[m.which % joins.length];
        // Keep the closing mark if there was one; drop the full stop and the break.
        const kept = text.slice(at + 1, at + length).replace(/\s+/g, '');
        text = `${text.slice(0, at)}${kept} ${text.slice(at + length)}`;
        break;
      }
      case 'spliceReal': {
        const other = texts[m.other % texts.length];
        const from = Math.floor(m.from * other.length);
        const at = cut(m.at);
        text = text.slice(0, at) + other.slice(from, from + m.length) + text.slice(at);
        break;
      }
    }
  }
  return text;
}
