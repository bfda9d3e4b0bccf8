// The sources of a workspace, indexed for finding where a quote comes from. Each source's words are
// normalized (normalize.ts) and every pair of neighbouring words (a word bigram) is an entry of an
// inverted index: bigram → the sources holding it → its positions there. A quote's bigrams vote for
// places (source, offset of the quote's first word); only the best-voted places are aligned
// precisely (verify.ts), so a quote costs a few hash look-ups and a handful of small alignments,
// whatever the size of the corpus. Sources are added and removed one at a time (a saved transcript
// costs its own words, not a rebuild).
import { tokenize, type Token } from './normalize';
import { parseSource, type SourceDocument, type Turn } from './transcript';

/** A source's words, each with the turn that says it. */
export interface IndexedSource {
  /** A number of its own in this corpus (never reused), for keys and stable order. */
  serial: number;
  doc: SourceDocument;
  tokens: Token[];
  /** Index in doc.turns of each token's turn. */
  turnOf: Int32Array;
  /** The vocabulary id of each token. */
  ids: Int32Array;
  /** Bigram key → positions (index of the pair's first token). */
  positions: Map<number, number[]>;
  /** Line starts, for turning offsets into 1-based lines. */
  lineStarts: number[];
}

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
  let lo = 0;
  let hi = source.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (source.lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

export class SourceCorpus {
  private readonly vocab = new Map<string, number>();
  private readonly sources = new Map<string, IndexedSource>();
  /** Bigram key → the sources holding it. */
  private readonly bigramSources = new Map<number, Set<IndexedSource>>();
  /** Bigram key → its positions over the corpus. */
  private readonly bigramCount = new Map<number, number>();
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
    }
    return id;
  }

  /** Adds (or replaces) a source from its text. */
  add(file: string, text: string): IndexedSource {
    return this.addDocument(parseSource(file, text));
  }

  addDocument(doc: SourceDocument): IndexedSource {
    this.remove(doc.file);
    const tokens: Token[] = [];
    const turnIndex: number[] = [];
    doc.turns.forEach((turn: Turn, t) => {
      for (const token of tokenize(doc.text, turn.start, turn.end)) {
        tokens.push(token);
        turnIndex.push(t);
      }
    });
    const ids = Int32Array.from(tokens, (t) => this.intern(t.norm));
    const positions = new Map<number, number[]>();
    for (let i = 0; i + 1 < ids.length; i++) {
      // A pair across a turn boundary is not something anyone said.
      if (turnIndex[i] !== turnIndex[i + 1]) continue;
      const key = ids[i] * VOCAB_LIMIT + ids[i + 1];
      const list = positions.get(key);
      if (list) list.push(i);
      else positions.set(key, [i]);
    }
    const source: IndexedSource = {
      serial: this.nextSerial++,
      doc,
      tokens,
      turnOf: Int32Array.from(turnIndex),
      ids,
      positions,
      lineStarts: lineStartsOf(doc.text),
    };
    for (const [key, list] of positions) {
      let holders = this.bigramSources.get(key);
      if (!holders) this.bigramSources.set(key, (holders = new Set()));
      holders.add(source);
      this.bigramCount.set(key, (this.bigramCount.get(key) ?? 0) + list.length);
    }
    this.sources.set(doc.file, source);
    this.generation++;
    return source;
  }

  remove(file: string): boolean {
    const source = this.sources.get(file);
    if (!source) return false;
    for (const [key, list] of source.positions) {
      const holders = this.bigramSources.get(key);
      holders?.delete(source);
      if (holders && !holders.size) this.bigramSources.delete(key);
      const n = (this.bigramCount.get(key) ?? 0) - list.length;
      if (n > 0) this.bigramCount.set(key, n);
      else this.bigramCount.delete(key);
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
    const counted = keys.map((k) => ({ ...k, count: this.bigramCount.get(k.key) ?? 0 }));
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
    for (const { key, at } of voting) {
      for (const source of this.bigramSources.get(key) ?? []) {
        if (skip?.(source)) continue;
        for (const p of source.positions.get(key) ?? []) {
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
      }
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
      const turn = s.source.turnOf[s.hit];
      // The window: where the quote would start by the votes, its length, and slack, inside the turn.
      let from = Math.max(0, first - slack);
      let to = Math.min(s.source.tokens.length, last + words.length + extra + slack);
      while (from < s.hit && s.source.turnOf[from] !== turn) from++;
      while (to > s.hit + 1 && s.source.turnOf[to - 1] !== turn) to--;
      // Overlapping windows of one source are merged (the same passage voted through two bands).
      const same = out.find((w) => w.source === s.source && w.from < to && from < w.to && s.source.turnOf[w.from] === turn);
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
      while (i < source.tokens.length) {
        const turn = source.turnOf[i];
        let j = i;
        while (j < source.tokens.length && source.turnOf[j] === turn) j++;
        if (accept(source.doc.turns[turn].speaker)) yield { source, from: i, to: j };
        i = j;
      }
    }
  }
}
