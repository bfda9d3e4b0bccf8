// The sources of a workspace, indexed for finding where a quote comes from. Each source's words are
// normalized (normalize.ts) and every pair of neighbouring words (a word bigram) is an entry of an
// inverted index: bigram → the sources holding it → its positions there. A quote's bigrams vote for
// places (source, offset of the quote's first word); only the best-voted places are aligned
// precisely (verify.ts), so a quote costs a few hash look-ups and a handful of small alignments,
// whatever the size of the corpus. Sources are added and removed one at a time (a saved transcript
// costs its own words, not a rebuild).
// Kept compact (the language server holds every source and every article's quotes): a source's
// words are columns of one Int32Array (vocabulary id, turn, start, end) rather than an object per
// word, its bigram positions are its pair offsets sorted by bigram (found by binary search, the key
// read back from the ids) rather than a map of arrays, and a bigram held by one source points at it
// directly rather than through a set.
import { tokenize } from './normalize';
import { parseSource, type SourceDocument, type Turn } from './transcript';

/**
 * A source's words, each with the turn that says it. Read its columns through tokenCount, normAt,
 * idAt, turnAt, startAt and endAt.
 */
export interface IndexedSource {
  /** A number of its own in this corpus (never reused), for keys and stable order. */
  readonly serial: number;
  readonly doc: SourceDocument;
  /** How many words (tokens) it has. */
  readonly length: number;
  /**
   * Its columns, each `length` long: vocabulary ids, index in doc.turns of each token's turn, start
   * and end offsets; then the offsets of its bigrams (index of the pair's first token) sorted by
   * bigram key, then by offset.
   */
  readonly data: Int32Array;
  /** The corpus' vocabulary, id → normalized word (shared by every source of the corpus). */
  readonly words: readonly string[];
  /** Line starts, for turning offsets into 1-based lines: read on the first lineAt (most sources and quotes never need them). */
  lineStarts: number[] | undefined;
}

/** How many words a source has. */
export const tokenCount = (source: IndexedSource): number => source.length;
/** The vocabulary id of token i. */
export const idAt = (source: IndexedSource, i: number): number => source.data[i];
/** The normalized form of token i. */
export const normAt = (source: IndexedSource, i: number): string => source.words[source.data[i]];
/** Index in doc.turns of token i's turn. */
export const turnAt = (source: IndexedSource, i: number): number => source.data[source.length + i];
/** Offset of token i's first character in doc.text. */
export const startAt = (source: IndexedSource, i: number): number => source.data[2 * source.length + i];
/** Offset just past token i's last character in doc.text. */
export const endAt = (source: IndexedSource, i: number): number => source.data[3 * source.length + i];

/** The normalized forms of tokens [from, to). */
export function normsOf(source: IndexedSource, from: number, to: number): string[] {
  const out: string[] = [];
  for (let i = from; i < to; i++) out.push(source.words[source.data[i]]);
  return out;
}

/** Columns of IndexedSource.data before the sorted bigram offsets. */
const TOKEN_COLUMNS = 4;

/** A place a quote may come from: a run of one turn's tokens around the voted position. */
export interface CandidateWindow {
  source: IndexedSource;
  /** Token range [from, to) of the window. */
  from: number;
  to: number;
  /** Bigram votes it got. */
  votes: number;
}

/** Vocabulary ids stay below this, so a bigram key (id1 * VOCAB_LIMIT + id2) is an exact double. */
const VOCAB_LIMIT = 1 << 24;
/** Vote bands of one source are keyed below this (a source of up to 2^26 words: far past any text file). */
const BAND_KEY_SPACE = 1 << 24;
/** Votes are pooled per band of this many token offsets (inserted or omitted words shift the offset). */
const VOTE_BAND = 8;
/** At most this many places are aligned per quote: enough for the same words said by several people. */
export const MAX_CANDIDATE_WINDOWS = 12;
/** A bigram with more positions than this over the corpus ("of the") only votes when too few rarer ones do... */
const COMMON_BIGRAM_POSITIONS = 400;
/** ...that is, fewer than this many: then the rarest this many vote. */
const MIN_VOTING_BIGRAMS = 4;
/** At most this many of a quote's pairs vote, the rarest: enough to place it, few enough to stay fast. */
const MAX_VOTING_BIGRAMS = 16;
/** Places with fewer votes than this share of the best place's are not aligned (they share only common pairs). */
const MIN_VOTE_SHARE = 0.25;
/** Words of slack each side of the voted place, at least... */
const MIN_WINDOW_SLACK = 6;
/** ...or this share of the quote's length (insertions and omissions move the passage's edges). */
const WINDOW_SLACK_SHARE = 0.5;

function lineStartsOf(text: string): number[] {
  const starts = [0];
  const breaks = /\r\n|\r|\n/g;
  for (let m = breaks.exec(text); m; m = breaks.exec(text)) starts.push(m.index + m[0].length);
  return starts;
}

/** 1-based line of an offset. */
export function lineAt(source: IndexedSource, offset: number): number {
  const lineStarts = (source.lineStarts ??= lineStartsOf(source.doc.text));
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** Bigram key of the pair starting at token i. */
const keyAt = (data: Int32Array, i: number): number => data[i] * VOCAB_LIMIT + data[i + 1];

/** The first place in a source's sorted bigram offsets whose key is `key` or more. */
function lowerBound(source: IndexedSource, key: number): number {
  const { data } = source;
  let lo = TOKEN_COLUMNS * source.length;
  let hi = data.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keyAt(data, data[mid]) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The range [from, to) of a source's sorted bigram offsets holding `key` (keys are integers). */
function pairRange(source: IndexedSource, key: number): { from: number; to: number } {
  return { from: lowerBound(source, key), to: lowerBound(source, key + 1) };
}

/** How many times a source holds a bigram. */
function countIn(source: IndexedSource, key: number): number {
  return lowerBound(source, key + 1) - lowerBound(source, key);
}

/** Each distinct bigram of a source with how many times it holds it, in key order. */
function* distinctPairs(source: IndexedSource): Generator<{ key: number; count: number }> {
  const { data } = source;
  let i = TOKEN_COLUMNS * source.length;
  while (i < data.length) {
    const key = keyAt(data, data[i]);
    let j = i + 1;
    while (j < data.length && keyAt(data, data[j]) === key) j++;
    yield { key, count: j - i };
    i = j;
  }
}

/** The sources holding a bigram held by more than one source, and its positions over the corpus. */
interface SharedBigram {
  count: number;
  sources: IndexedSource[];
}

export class SourceCorpus {
  private readonly vocab = new Map<string, number>();
  /** id → normalized word (the sources read their words through it). */
  private readonly words: string[] = [];
  private readonly sources = new Map<string, IndexedSource>();
  /**
   * Bigram key → the one source holding it (its count is that source's own), or the sources holding
   * it with its positions over the corpus. Most bigrams are held by one source: no set for them.
   */
  private readonly bigrams = new Map<number, IndexedSource | SharedBigram>();
  /** Bumped on every change (callers cache answers per generation). */
  generation = 0;
  private nextSerial = 0;

  get size(): number {
    return this.sources.size;
  }

  files(): string[] {
    return [...this.sources.keys()];
  }

  source(file: string): IndexedSource | undefined {
    return this.sources.get(file);
  }

  all(): IterableIterator<IndexedSource> {
    return this.sources.values();
  }

  /** The vocabulary id of a normalized word; -1 if no source holds it. */
  idOf(norm: string): number {
    return this.vocab.get(norm) ?? -1;
  }

  private intern(norm: string): number {
    let id = this.vocab.get(norm);
    if (id === undefined) {
      id = this.vocab.size;
      if (id >= VOCAB_LIMIT) throw new Error(`the sources hold more than ${VOCAB_LIMIT} distinct words`);
      this.vocab.set(norm, id);
      this.words.push(norm);
    }
    return id;
  }

  /** How many times the corpus holds a bigram. */
  private bigramCount(key: number): number {
    const entry = this.bigrams.get(key);
    if (!entry) return 0;
    return 'count' in entry ? entry.count : countIn(entry, key);
  }

  /** Adds (or replaces) a source from its text. */
  add(file: string, text: string): IndexedSource {
    return this.addDocument(parseSource(file, text));
  }

  addDocument(doc: SourceDocument): IndexedSource {
    this.remove(doc.file);
    const ids: number[] = [];
    const turns: number[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    doc.turns.forEach((turn: Turn, t) => {
      for (const token of tokenize(doc.text, turn.start, turn.end)) {
        ids.push(this.intern(token.norm));
        turns.push(t);
        starts.push(token.start);
        ends.push(token.end);
      }
    });
    const n = ids.length;
    // A pair across a turn boundary is not something anyone said.
    const pairs: number[] = [];
    for (let i = 0; i + 1 < n; i++) if (turns[i] === turns[i + 1]) pairs.push(i);
    // Sorted by key; the sort is stable, so a key's offsets stay ascending.
    const keyOf = (i: number) => ids[i] * VOCAB_LIMIT + ids[i + 1];
    pairs.sort((x, y) => keyOf(x) - keyOf(y));
    const data = new Int32Array(TOKEN_COLUMNS * n + pairs.length);
    data.set(ids, 0);
    data.set(turns, n);
    data.set(starts, 2 * n);
    data.set(ends, 3 * n);
    data.set(pairs, TOKEN_COLUMNS * n);
    const source: IndexedSource = {
      serial: this.nextSerial++,
      doc,
      length: n,
      data,
      words: this.words,
      lineStarts: undefined,
    };
    for (const { key, count } of distinctPairs(source)) {
      const entry = this.bigrams.get(key);
      if (!entry) this.bigrams.set(key, source);
      else if ('count' in entry) {
        entry.sources.push(source);
        entry.count += count;
      } else this.bigrams.set(key, { count: countIn(entry, key) + count, sources: [entry, source] });
    }
    this.sources.set(doc.file, source);
    this.generation++;
    return source;
  }

  remove(file: string): boolean {
    const source = this.sources.get(file);
    if (!source) return false;
    for (const { key, count } of distinctPairs(source)) {
      const entry = this.bigrams.get(key);
      if (!entry || entry === source) this.bigrams.delete(key);
      else if ('count' in entry) {
        const at = entry.sources.indexOf(source);
        if (at >= 0) entry.sources.splice(at, 1);
        entry.count -= count;
        if (entry.sources.length === 1) this.bigrams.set(key, entry.sources[0]);
        else if (!entry.sources.length) this.bigrams.delete(key);
      }
    }
    this.sources.delete(file);
    this.generation++;
    return true;
  }

  /**
   * The places most likely to hold a quote's words: `words` are the quote's normalized words in
   * order (fragments joined), and `extra` more words the window should allow for (omitted by an
   * ellipsis). Each window lies inside one turn. Sources `skip` accepts neither vote nor count.
   */
  candidates(words: readonly string[], extra = 0, limit = MAX_CANDIDATE_WINDOWS, skip?: (source: IndexedSource) => boolean): CandidateWindow[] {
    const ids = words.map((w) => this.idOf(w));
    const keys: Array<{ key: number; at: number }> = [];
    for (let i = 0; i + 1 < ids.length; i++) if (ids[i] >= 0 && ids[i + 1] >= 0) keys.push({ key: ids[i] * VOCAB_LIMIT + ids[i + 1], at: i });
    // The rarest pairs vote (a long quote is placed by a few of its rarest pairs); common ones
    // ("of the") only when too few rare ones are left.
    const counted = keys.map((k) => ({ ...k, count: this.bigramCount(k.key) }));
    const byRarity = counted.sort((a, b) => a.count - b.count || a.at - b.at);
    const rare = byRarity.filter((k) => k.count <= COMMON_BIGRAM_POSITIONS).length;
    const voting = byRarity.slice(0, Math.min(MAX_VOTING_BIGRAMS, Math.max(rare, MIN_VOTING_BIGRAMS)));
    // (source, band) → votes, and the first and last anchor seen, to place the window. One flat map
    // keyed by source serial and band: no per-source maps or anchor lists on the hot path.
    interface Cell {
      source: IndexedSource;
      band: number;
      votes: number;
      min: number;
      max: number;
      hit: number;
    }
    const cells = new Map<number, Cell>();
    const cellKey = (source: IndexedSource, band: number) => source.serial * BAND_KEY_SPACE + band + 1;
    const vote = (source: IndexedSource, key: number, at: number) => {
      const { data } = source;
      const range = pairRange(source, key);
      for (let r = range.from; r < range.to; r++) {
        const p = data[r];
        const anchor = p - at;
        const band = Math.floor(anchor / VOTE_BAND);
        const k = cellKey(source, band);
        const cell = cells.get(k);
        if (!cell) cells.set(k, { source, band, votes: 1, min: anchor, max: anchor, hit: p });
        else {
          cell.votes++;
          if (anchor < cell.min) cell.min = anchor;
          if (anchor > cell.max) cell.max = anchor;
        }
      }
    };
    for (const { key, at } of voting) {
      const entry = this.bigrams.get(key);
      if (!entry) continue;
      if ('count' in entry) {
        for (const source of entry.sources) if (!skip?.(source)) vote(source, key, at);
      } else if (!skip?.(entry)) vote(entry, key, at);
    }
    const scored: Array<Cell & { pooled: number }> = [];
    for (const cell of cells.values()) {
      // Neighbouring bands pool their votes: a shifted passage splits them.
      const pooled = cell.votes + (cells.get(cellKey(cell.source, cell.band - 1))?.votes ?? 0) + (cells.get(cellKey(cell.source, cell.band + 1))?.votes ?? 0);
      (cell as Cell & { pooled: number }).pooled = pooled;
      scored.push(cell as Cell & { pooled: number });
    }
    scored.sort((a, b) => b.pooled - a.pooled || a.source.serial - b.source.serial || a.min - b.min);
    const slack = Math.max(MIN_WINDOW_SLACK, Math.ceil(words.length * WINDOW_SLACK_SHARE));
    const out: CandidateWindow[] = [];
    const floor = (scored[0]?.pooled ?? 0) * MIN_VOTE_SHARE;
    for (const s of scored) {
      if (out.length >= limit || s.pooled < floor) break;
      const first = s.min;
      const last = s.max;
      const turn = turnAt(s.source, s.hit);
      // The window: where the quote would start by the votes, its length, and slack, inside the turn.
      let from = Math.max(0, first - slack);
      let to = Math.min(s.source.length, last + words.length + extra + slack);
      while (from < s.hit && turnAt(s.source, from) !== turn) from++;
      while (to > s.hit + 1 && turnAt(s.source, to - 1) !== turn) to--;
      // Overlapping windows of one source are merged (the same passage voted through two bands).
      const same = out.find((w) => w.source === s.source && w.from < to && from < w.to && turnAt(s.source, w.from) === turn);
      if (same) {
        same.from = Math.min(same.from, from);
        same.to = Math.max(same.to, to);
        same.votes += s.pooled;
        continue;
      }
      out.push({ source: s.source, from, to, votes: s.pooled });
    }
    return out;
  }

  /** Every turn whose speaker passes `accept`, with its source and token range (for short quotes). */
  *turnsBy(accept: (speaker: string | null) => boolean): Generator<{ source: IndexedSource; from: number; to: number }> {
    for (const source of this.sources.values()) {
      let i = 0;
      while (i < source.length) {
        const turn = turnAt(source, i);
        let j = i;
        while (j < source.length && turnAt(source, j) === turn) j++;
        if (accept(source.doc.turns[turn].speaker)) yield { source, from: i, to: j };
        i = j;
      }
    }
  }
}
