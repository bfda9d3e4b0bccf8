// Several writers of one sidecar whose clocks disagree by up to a day make random adds, edits,
// deletions and replies, and save and re-read in random interleavings, on an in-memory file system
// and on real files. The clocks are injected per writer (NotesFile's `now`), never faked globally.
//
// What must hold, whatever the clocks say:
// - no edit is lost: every comment typed (each is a unique tag) is in the final file, as the note's
//   comment or in a reply the merge kept, unless a writer who had seen it overwrote or deleted it;
// - a deletion never beats an edit its writer had not seen, and one that saw every edit sticks;
// - every writer ends with the same notes as the file;
// - the result does not depend on the order of the saves: the same changes saved in every order
//   give the same bytes.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { Span } from '../../src/core/types';
import { nodeFileSystem, NotesFile, parseSidecar, sidecarPathFor, VERDICTS, type Note, type SidecarFileSystem } from '../../src/notes';
import { ARTICLE_TEXT, MemoryFileSystem, tempArticle } from './helpers';

const text = ARTICLE_TEXT;
const DAY_MS = 86_400_000;
/** Fixed, not today: the test must not depend on the date. */
const T0 = Date.UTC(2026, 0, 15, 12);
/** The shared real time moves this much per operation; each writer's clock adds its own skew. */
const STEP_MS = 1_000;
const PASSAGES: Span[] = [...text.matchAll(/[A-Za-z0-9.]{3,}/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));

type OpKind = 'add' | 'edit' | 'delete' | 'reply' | 'save' | 'reload';
interface Op {
  kind: OpKind;
  writer: number;
  pick: number;
  verdict: number;
}
interface Scenario {
  skews: number[];
  ops: Op[];
}

const opArb = (writers: number): fc.Arbitrary<Op> =>
  fc.record({
    kind: fc.constantFrom<OpKind>('add', 'add', 'edit', 'edit', 'delete', 'reply', 'save', 'save', 'reload'),
    writer: fc.nat(writers - 1),
    pick: fc.nat(1000),
    verdict: fc.nat(VERDICTS.length - 1),
  });
const scenarioArb = (minOps: number, maxOps: number): fc.Arbitrary<Scenario> =>
  fc.integer({ min: 2, max: 3 }).chain((writers) =>
    fc.record({
      skews: fc.array(fc.integer({ min: -DAY_MS, max: DAY_MS }), { minLength: writers, maxLength: writers }),
      ops: fc.array(opArb(writers), { minLength: minOps, maxLength: maxOps, size: 'max' }),
    }),
  );

interface World {
  fs: SidecarFileSystem;
  article: string;
  cleanup: () => void;
}
const WORLDS: Record<string, () => World> = {
  'in memory': () => ({ fs: new MemoryFileSystem(), article: '/desk/budget.txt', cleanup: () => undefined }),
  'real files': () => {
    const tmp = tempArticle();
    return { fs: nodeFileSystem, article: tmp.article, cleanup: tmp.cleanup };
  },
};

const TAG = /#t\d+/g;
const tagsOf = (notes: readonly Note[]): string[] => notes.flatMap((n) => n.comment.match(TAG) ?? []);

/** Figures for the report line. */
const totals = { scenarios: 0, operations: 0, saves: 0, merges: 0, editsChecked: 0, lost: 0 };

/** Reproducible ids: the same scenario gives the same notes in every run and every order. */
function idMaker(writer: number): () => string {
  let n = 0;
  return () => `urn:uuid:00000000-0000-4000-8000-${String(writer).padStart(4, '0')}${String(n++).padStart(8, '0')}`;
}

function writersFor(world: World, skews: number[], clock: { step: number }): NotesFile[] {
  return skews.map((skew, w) =>
    NotesFile.load(world.article, world.fs, { now: () => new Date(T0 + clock.step * STEP_MS + skew).toISOString(), newId: idMaker(w) }),
  );
}

function save(file: NotesFile): void {
  totals.saves++;
  if (file.save().merged) totals.merges++;
}

/** Applies one operation; returns the tags it overwrote or removed from what its writer saw. */
function apply(op: Op, file: NotesFile, tag: string): { removed: string[]; deleted?: string; target?: string } {
  const view = file.notes;
  const chosen = view.length ? view[op.pick % view.length] : undefined;
  const verdict = VERDICTS[op.verdict];
  switch (op.kind) {
    case 'add': {
      const note = file.addNote({ text, span: PASSAGES[op.pick % PASSAGES.length], verdict, comment: tag });
      return { removed: [], target: note.id };
    }
    case 'edit':
      if (!chosen) return { removed: [] };
      file.updateNote(chosen.id, { comment: tag, verdict });
      return { removed: tagsOf([chosen]), target: chosen.id };
    case 'delete': {
      if (!chosen) return { removed: [] };
      const gone = [chosen, ...view.filter((n) => chosen.kind === 'note' && n.kind === 'reply' && n.parentId === chosen.id)];
      file.deleteNote(chosen.id);
      return { removed: tagsOf(gone), deleted: chosen.id };
    }
    case 'reply': {
      const parents = view.filter((n) => n.kind === 'note');
      if (!parents.length) return { removed: [] };
      const reply = file.addReply(parents[op.pick % parents.length].id, tag);
      return { removed: [], target: reply.id };
    }
    case 'save':
      save(file);
      return { removed: [] };
    case 'reload':
      file.reload();
      return { removed: [] };
  }
}

/** Every writer saves and re-reads, twice round: all have everything, and the file has everything. */
function settle(files: NotesFile[]): void {
  for (let round = 0; round < 2; round++) {
    for (const f of files) save(f);
    for (const f of files) f.reload();
  }
}

function runInterleaving(world: World, scenario: Scenario): void {
  const clock = { step: 0 };
  const files = writersFor(world, scenario.skews, clock);
  const seen = files.map(() => new Set<string>());
  const superseded = new Set<string>();
  const created: string[] = [];
  const targetOf = new Map<string, string>();
  const deletions: { id: string; seenThen: Set<string> }[] = [];
  scenario.ops.forEach((op, i) => {
    clock.step = i;
    const tag = `#t${i}`;
    const file = files[op.writer];
    const result = apply(op, file, tag);
    for (const t of result.removed) superseded.add(t);
    if (result.target && op.kind !== 'delete') {
      created.push(tag);
      targetOf.set(tag, result.target);
    }
    if (result.deleted) deletions.push({ id: result.deleted, seenThen: new Set(seen[op.writer]) });
    for (const t of tagsOf(file.notes)) seen[op.writer].add(t);
  });
  clock.step = scenario.ops.length;
  settle(files);
  const diskText = world.fs.readText(sidecarPathFor(world.article));
  const final = diskText === undefined ? [] : parseSidecar(diskText, 'sidecar', 'budget.txt').notes;
  const present = new Set(tagsOf(final));
  const lost = created.filter((t) => !superseded.has(t) && !present.has(t));
  totals.scenarios++;
  totals.operations += scenario.ops.length;
  totals.editsChecked += created.length;
  totals.lost += lost.length;
  assert.deepEqual(lost, [], 'edits lost');
  const ids = new Set(final.map((n) => n.id));
  for (const d of deletions) {
    const unseen = created.filter((t) => targetOf.get(t) === d.id && !d.seenThen.has(t));
    if (unseen.length === 0) assert.equal(ids.has(d.id), false, `a deletion of ${d.id} by a writer who had seen every edit of it came back`);
  }
  for (const f of files) assert.deepEqual(tagsOf(f.notes).sort(), tagsOf(final).sort(), 'every writer ends with what the file holds');
}

/** The same local changes of each writer, saved in the given order; returns the file's bytes. */
function runOrder(world: World, scenario: Scenario, order: number[]): string | undefined {
  const clock = { step: 0 };
  const seedWriter = NotesFile.load(world.article, world.fs, { now: () => new Date(T0).toISOString(), newId: idMaker(99) });
  for (let i = 0; i < 4; i++) seedWriter.addNote({ text, span: PASSAGES[i * 5], comment: `#base${i}` });
  if (seedWriter.notes.length) save(seedWriter);
  const files = writersFor(world, scenario.skews, clock);
  scenario.ops.forEach((op, i) => {
    clock.step = i;
    if (op.kind !== 'save' && op.kind !== 'reload') apply(op, files[op.writer], `#t${i}`);
  });
  for (const w of order) save(files[w]);
  return world.fs.readText(sidecarPathFor(world.article));
}

function permutations(n: number): number[][] {
  if (n === 1) return [[0]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

describe('notes merged under clock skew', function () {
  // Real files fsync every save: the real-file runs are fewer.
  this.timeout(180_000);
  after(() => {
    console.log(
      `      ${totals.scenarios} interleavings, ${totals.operations} operations, ${totals.saves} saves (${totals.merges} merged another writer's changes), ` +
        `${totals.editsChecked} edits checked, ${totals.lost} lost`,
    );
  });

  for (const [name, makeWorld] of Object.entries(WORLDS)) {
    const runs = name === 'in memory' ? 300 : 25;
    it(`${name}: no edit lost, deletions never beat an unseen edit, writers agree (${runs} random interleavings of 2-3 writers, clocks up to a day apart)`, () => {
      fc.assert(
        fc.property(scenarioArb(10, 40), (scenario) => {
          const world = makeWorld();
          try {
            runInterleaving(world, scenario);
          } finally {
            world.cleanup();
          }
        }),
        { numRuns: runs, seed: 20261206 },
      );
    });

    const orderRuns = name === 'in memory' ? 150 : 10;
    it(`${name}: the same changes saved in every order give the same file (${orderRuns} runs)`, () => {
      fc.assert(
        fc.property(scenarioArb(6, 25), (scenario) => {
          const results = permutations(scenario.skews.length).map((order) => {
            const world = makeWorld();
            try {
              return runOrder(world, scenario, order);
            } finally {
              world.cleanup();
            }
          });
          for (const r of results) assert.equal(r, results[0]);
        }),
        { numRuns: orderRuns, seed: 20261207 },
      );
    });
  }
});
