// Named entities: people, organizations, places. Rules and gazetteers, no model:
// 1. tokenize prose; 2. chunk runs of capitalized words (with particles and "of"-style connectors);
// 3. peel titles, nationality adjectives and sentence-initial common words off each chunk;
// 4. type each chunk from gazetteers, name heads/suffixes and context (titles, "said", "in X");
// 5. make types consistent across the document and group mentions (surnames, acronyms) into entities;
// 6. attach the role the text gives a person ("Ukrainian President", ", the authority's chief engineer").
import {
  CLUB_PREFIXES,
  COMMON_WORDS,
  EVENT_HEADS,
  KNOWN_NAME_PREFIXES,
  ORG_DESCRIPTORS,
  PLACE_NOUNS_AFTER,
  FUNCTION_WORDS,
  COUNTRIES,
  DEMONYMS,
  FIRST_NAMES,
  HONORIFICS,
  KNOWN_ORGANIZATIONS,
  LOCALITIES,
  NAME_CONNECTORS,
  NAME_PARTICLES,
  NON_NAMES,
  ORG_HEADS,
  ORG_SUFFIXES,
  PLACE_HEADS,
  PLACE_PREFIXES,
  PLACE_PREPOSITIONS,
  ROLE_NOUNS,
  PERSON_VERBS,
  SPORTS_CONTEXT,
  TITLES,
} from './entities-lexicon';
import {
  findLowerSeen,
  KIND_WORD,
  proseBases,
  proseRegions,
  proseRegionsByBase,
  tokenize,
  tokenizePiece,
  TokenList,
  type Token,
  type TokenPiece,
} from './entities-tokens';
import {
  AFTER_SENTENCE,
  BEFORE_SENTENCE,
  beginOf,
  describeFeature,
  EntityModel,
  formFeatures,
  insideOf,
  isInside,
  neighbourFeatures,
  NUM_LABELS,
  positionFeatures,
  RULE_TAGS,
  ruleTagIndex,
  typeOfLabel,
  TYPES,
  viterbi,
  type PositionFacts,
} from './entities-model';
import { readEntityModel } from './entities-weights';
import type { Entity, EntityType, Mention, TextStructure } from './types';

/** The rules type names as these; the tagger adds 'other' (events, works, nationalities). */
type NameType = EntityType;

/** How sure a chunk's type is: gazetteer/title/suffix evidence beats contextual guesses. */
const enum Strength {
  Guess = 1,
  Context = 2,
  Strong = 3,
}

interface Chunk {
  /** Token index range [first, last] of the name itself (titles and demonyms peeled off). */
  first: number;
  last: number;
  start: number;
  end: number;
  text: string;
  /** Lower-case, single-spaced key for document-level matching. */
  key: string;
  type?: NameType;
  strength: Strength;
  /** Token index where a pre-name role (titles, demonyms, role nouns) starts, if any. */
  roleFirst?: number;
  titled: boolean;
  /** The tagger's strongest feature rows for its label (see explain), or undefined for a rules-only chunk. */
  why?: number[];
  /**
   * A rules' chunk the tagger did not take: kept aside, and a name after all only where the document
   * names it elsewhere (the same name, or a person's surname; see harmonize).
   */
  held?: boolean;
  /** A rule that overrode the tagger's type, in words (first among the reasons). */
  note?: string;
}

/** The words a lower-case-use check may ask about (a Set, or a recorder of the questions asked). */
interface WordSet {
  has(word: string): boolean;
}

/**
 * Paragraph-local entity work kept between versions of one document (see detectEntities): each
 * paragraph's tokens, and its classified name chunks. Owned by one IncrementalAnalyzer.
 */
export class EntityCache {
  /** Tokens by paragraph text, for paragraphs read whole (no excluded range inside). */
  wholePieces = new Map<string, TokenPiece>();
  /** Tokens by paragraph text and region edges, for paragraphs with excluded ranges. */
  cutPieces = new Map<string, TokenPiece>();
  /** Classified chunks by token piece, one entry per context (the tokens around the paragraph) seen. */
  chunkPieces = new Map<TokenPiece, ChunkPiece[]>();
}

/** A paragraph's classified chunks, token indices and offsets relative to the paragraph. */
interface ChunkPiece {
  chunks: Chunk[];
  /** Every lower-case-use question peeling asked, with the answer it got: reuse needs the same answers. */
  questions: [string, boolean][];
  /** The context the chunks were found in: tokens before the paragraph, then after. */
  contextBefore: number;
  contextTexts: string[];
  contextFlags: number[];
}

/**
 * How far chunking and classification look outside a paragraph's own tokens (at most two tokens
 * back, five ahead over particles); a paragraph's chunks are reused only if these neighbours match.
 */
const CONTEXT_TOKENS = 6;

/**
 * Finds the document's named entities. With a cache the paragraph-local work (tokens, chunks and
 * their types) is reused for unchanged paragraphs; the result is the same as without it.
 */
export function detectEntities(text: string, structure: TextStructure, cache?: EntityCache): Entity[] {
  try {
    if (!text) return [];
    if (cache) return detectWithCache(text, structure, cache);
    const { tokens, lowerSeen } = tokenize(text, proseRegions(text, structure));
    const chunks = tagChunks(text, tokens, lowerSeen, new Map());
    harmonize(chunks, tokens);
    return buildEntities(
      text,
      tokens,
      lowerSeen,
      chunks.filter((c) => c.type && !c.held),
    );
  } finally {
    // The memo must not keep the document's tokens alive.
    lastKey = NO_KEY;
  }
}

function detectWithCache(text: string, structure: TextStructure, cache: EntityCache): Entity[] {
  const bases = proseBases(text, structure);
  const regionsByBase = proseRegionsByBase(text, structure);
  const pieces: TokenPiece[] = [];
  const offsets: number[] = [];
  const nextWhole = new Map<string, TokenPiece>();
  const nextCut = new Map<string, TokenPiece>();
  for (let bi = 0; bi < bases.length; bi++) {
    const base = bases[bi];
    const regions = regionsByBase[bi];
    const whole = regions.length === 1 && regions[0].start === base.start && regions[0].end === base.end && base.end <= text.length;
    // Region edges split sentences, so a cut paragraph's key holds them along with its text.
    let key = text.slice(base.start, base.end);
    if (!whole) {
      key += '\u0000';
      for (const r of regions) key += `${r.start - base.start},${Math.min(r.end, text.length) - base.start};`;
    }
    const next = whole ? nextWhole : nextCut;
    let piece = next.get(key) ?? (whole ? cache.wholePieces : cache.cutPieces).get(key);
    if (!piece) piece = tokenizePiece(text, regions, base.start);
    next.set(key, piece);
    pieces.push(piece);
    offsets.push(base.start);
  }
  const tokens = TokenList.fromPieces(text, pieces, offsets);
  const lowerSeen = findLowerSeen(text, tokens);

  const chunks: Chunk[] = [];
  const chunkTexts = new Map<string, ChunkForms>();
  const nextChunkPieces = new Map<TokenPiece, ChunkPiece[]>();
  let first = 0;
  for (let bi = 0; bi < bases.length; bi++) {
    const piece = pieces[bi];
    const end = first + piece.length;
    const offset = offsets[bi];
    let used = nextChunkPieces.get(piece);
    if (!used) nextChunkPieces.set(piece, (used = []));
    const fits = (e: ChunkPiece): boolean =>
      contextMatches(e, text, tokens, first, end) && e.questions.every(([word, answer]) => lowerSeen.has(word) === answer);
    let entry = used.find(fits);
    if (!entry) {
      entry = cache.chunkPieces.get(piece)?.find(fits);
      if (!entry) {
        const questions = new Map<string, boolean>();
        const recorder: WordSet = {
          has: (word) => {
            const answer = lowerSeen.has(word);
            questions.set(word, answer);
            return answer;
          },
        };
        const found = tagChunks(text, tokens, recorder, chunkTexts, first, end);
        entry = { chunks: found.map((c) => moveChunk(c, -first, -offset)), questions: [...questions], ...contextOf(text, tokens, first, end) };
      }
      used.push(entry);
    }
    // Fresh copies: harmonizing retypes chunks in place.
    for (const c of entry.chunks) chunks.push(moveChunk(c, first, offset));
    first = end;
  }
  // Keep only what this version uses, so the cache never outgrows the document.
  cache.wholePieces = nextWhole;
  cache.cutPieces = nextCut;
  cache.chunkPieces = nextChunkPieces;
  harmonize(chunks, tokens);
  return buildEntities(
    text,
    tokens,
    lowerSeen,
    chunks.filter((c) => c.type && !c.held),
  );
}

/** A copy of a chunk moved by `tokenDelta` tokens and `charDelta` characters. */
function moveChunk(c: Chunk, tokenDelta: number, charDelta: number): Chunk {
  return {
    first: c.first + tokenDelta,
    last: c.last + tokenDelta,
    start: c.start + charDelta,
    end: c.end + charDelta,
    text: c.text,
    key: c.key,
    type: c.type,
    strength: c.strength,
    roleFirst: c.roleFirst === undefined ? undefined : c.roleFirst + tokenDelta,
    titled: c.titled,
    why: c.why,
    held: c.held,
    note: c.note,
  };
}

/** A token's flags in one number, for comparing contexts; bit 6 says the next token is in its sentence. */
function contextFlags(tokens: TokenList, k: number): number {
  const sameNext = k + 1 < tokens.length && tokens.sentences[k + 1] === tokens.sentences[k];
  return (
    tokens.kinds[k] | (tokens.caps[k] << 2) | (tokens.allCaps[k] << 3) | (tokens.sentenceStarts[k] << 4) | (tokens.capsLines[k] << 5) | (sameNext ? 64 : 0)
  );
}

/** The tokens just outside [from, to) that chunking and classifying may read, with their flags. */
function contextOf(text: string, tokens: TokenList, from: number, to: number): Pick<ChunkPiece, 'contextBefore' | 'contextTexts' | 'contextFlags'> {
  const contextTexts: string[] = [];
  const contextFlagList: number[] = [];
  const lo = Math.max(0, from - CONTEXT_TOKENS);
  const hi = Math.min(tokens.length, to + CONTEXT_TOKENS);
  for (let k = lo; k < from; k++) {
    contextTexts.push(text.slice(tokens.starts[k], tokens.ends[k]));
    contextFlagList.push(contextFlags(tokens, k));
  }
  for (let k = to; k < hi; k++) {
    contextTexts.push(text.slice(tokens.starts[k], tokens.ends[k]));
    contextFlagList.push(contextFlags(tokens, k));
  }
  return { contextBefore: from - lo, contextTexts, contextFlags: contextFlagList };
}

/** Whether the tokens around [from, to) are those an entry's chunks were found with. */
function contextMatches(entry: ChunkPiece, text: string, tokens: TokenList, from: number, to: number): boolean {
  const lo = Math.max(0, from - CONTEXT_TOKENS);
  const hi = Math.min(tokens.length, to + CONTEXT_TOKENS);
  if (entry.contextBefore !== from - lo || entry.contextTexts.length !== from - lo + hi - to) return false;
  let i = 0;
  const same = (k: number): boolean => {
    const t = entry.contextTexts[i];
    const ok = entry.contextFlags[i] === contextFlags(tokens, k) && tokens.ends[k] - tokens.starts[k] === t.length && text.startsWith(t, tokens.starts[k]);
    i++;
    return ok;
  };
  for (let k = lo; k < from; k++) if (!same(k)) return false;
  for (let k = to; k < hi; k++) if (!same(k)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// The learned tagger (entities-model.ts) over the rules' chunks: the rules run first and their
// answer is one of the tagger's features; the tagger's BIO labels decide the names and types.

/** Type indices of the tagger's labels (entities-model TYPES). */
const TYPE_INDEX: Record<EntityType, number> = { person: 0, organization: 1, place: 2, other: 3 };

/** How many of a chunk's strongest features are kept to explain it. */
const EXPLAIN_FEATURES = 3;

/** Feature rows of one token form: its own, and as a neighbour at -2, -1, +1, +2. */
interface FormRows {
  self: Int32Array;
  /**
   * The label scores of the own rows, summed in row order in 32-bit floats: a token's scores start
   * from these, exactly as adding the rows one by one to zeros would give them.
   */
  selfScores: Float32Array;
  around: [Int32Array, Int32Array, Int32Array, Int32Array];
}

/** Form rows by token text, for the loaded model; cleared when it holds this many forms. */
const FORM_CACHE_LIMIT = 100_000;
let formRows = new Map<string, FormRows>();
/** Position rows by the facts' packed key (see positionKey). */
const positionRows = new Map<number, Int32Array>();

let loadedModel: EntityModel | undefined;

/** The shipped model, loaded on first use. */
function entityModel(): EntityModel {
  return (loadedModel ??= new EntityModel(readEntityModel()));
}

function rowsOfForm(model: EntityModel, form: string): FormRows {
  let rows = formRows.get(form);
  if (rows) return rows;
  if (formRows.size >= FORM_CACHE_LIMIT) formRows = new Map();
  const self = model.rowsOf(formFeatures(form));
  const selfScores = new Float32Array(NUM_LABELS);
  addRows(selfScores, 0, self, model.weights);
  rows = {
    self,
    selfScores,
    around: [
      model.rowsOf(neighbourFeatures(form, -2)),
      model.rowsOf(neighbourFeatures(form, -1)),
      model.rowsOf(neighbourFeatures(form, 1)),
      model.rowsOf(neighbourFeatures(form, 2)),
    ],
  };
  formRows.set(form, rows);
  return rows;
}

const positionKey = (f: PositionFacts): number =>
  ((((f.rule * RULE_TAGS.length + f.rulePrev) * RULE_TAGS.length + f.ruleNext) * 2 + (f.inCapsLine ? 1 : 0)) * 2 + (f.sentenceStart ? 1 : 0)) * 2 +
  (f.seenLower ? 1 : 0);

function rowsOfPosition(model: EntityModel, f: PositionFacts): Int32Array {
  const key = positionKey(f);
  let rows = positionRows.get(key);
  if (!rows) positionRows.set(key, (rows = model.rowsOf(positionFeatures(f))));
  return rows;
}

/** What the tagger reads of one segment: for training (scripts/train/entities.mjs) and for tests. */
export interface TaggedSegment {
  /** Token spans (UTF-16 offsets). */
  spans: Array<[number, number]>;
  /** Each token's feature names. */
  features: string[][];
}

/** Text of the token `offset` places from k inside k's sentence, or the sentence-edge form. */
function formAround(tokens: TokenList, k: number, offset: number): string {
  const j = k + offset;
  if (j < 0 || j >= tokens.length || tokens.sentences[j] !== tokens.sentences[k]) return offset < 0 ? BEFORE_SENTENCE : AFTER_SENTENCE;
  return tokens.textAt(j);
}

/**
 * Whether token k may be part of a name: a capitalized word (or any word of a capitals line), a
 * particle or connector between two capitalized words ("Bank of England", "Charles de Gaulle"),
 * "&", or a token the rules put in a chunk. Everything else is O without asking the model.
 */
function isCandidate(tokens: TokenList, k: number, ruleTag: number): boolean {
  if (ruleTag !== 0) return true;
  if (tokens.kinds[k] === KIND_WORD && (tokens.caps[k] || tokens.capsLines[k])) return true;
  if (k === 0 || k + 1 >= tokens.length) return false;
  const s = tokens.sentences[k];
  if (tokens.sentences[k - 1] !== s || tokens.sentences[k + 1] !== s || !tokens.caps[k - 1] || !tokens.caps[k + 1]) return false;
  if (tokens.punctCode(k) === 38) return true;
  if (tokens.kinds[k] !== KIND_WORD) return false;
  const lower = tokens.lowerAt(k);
  return NAME_PARTICLES.has(lower) || NAME_CONNECTORS.has(lower);
}

/**
 * Name chunks in tokens [from, to): the rules' chunks become features, the tagger labels each run
 * of candidate tokens. `sink`, for training, receives every segment's features and then the rules'
 * chunks are returned as they are (the model being fitted is not the shipped one).
 */
function tagChunks(
  text: string,
  tokens: TokenList,
  lowerSeen: WordSet,
  texts: Map<string, ChunkForms>,
  from = 0,
  to = tokens.length,
  sink?: TaggedSegment[],
  explaining = false,
): Chunk[] {
  const ruleChunks = findChunks(text, tokens, lowerSeen, texts, from, to);
  for (const chunk of ruleChunks) classify(chunk, tokens);
  const n = to - from;
  const ruleTags = new Uint8Array(n);
  const ruleAt = new Int32Array(n).fill(-1);
  for (let ci = 0; ci < ruleChunks.length; ci++) {
    const c = ruleChunks[ci];
    if (!c.type) continue;
    const t = TYPE_INDEX[c.type];
    for (let k = c.first; k <= c.last; k++) {
      ruleTags[k - from] = ruleTagIndex(k === c.first ? beginOf(t) : insideOf(t), c.strength);
      ruleAt[k - from] = ci;
    }
  }
  const model = sink ? undefined : entityModel();
  const chunks: Chunk[] = [];
  let k = from;
  while (k < to) {
    if (!isCandidate(tokens, k, ruleTags[k - from])) {
      k++;
      continue;
    }
    const s = tokens.sentences[k];
    let end = k + 1;
    while (end < to && tokens.sentences[end] === s && isCandidate(tokens, end, ruleTags[end - from])) end++;
    if (sink) {
      sink.push(segmentFeatures(tokens, lowerSeen, ruleTags, from, k, end));
    } else {
      decodeSegment(text, tokens, model!, lowerSeen, ruleTags, ruleAt, ruleChunks, texts, from, k, end, chunks, explaining);
    }
    k = end;
  }
  if (sink) return ruleChunks;
  hyphenatedNames(text, tokens, texts, from, to, chunks);
  // Rules' names the tagger left out wait for document-level evidence (harmonize).
  const tagged = chunks.length;
  let m = 0;
  for (const c of ruleChunks) {
    if (!c.type) continue;
    while (m < tagged && chunks[m].last < c.first) m++;
    if (m < tagged && chunks[m].first <= c.last) continue;
    c.held = true;
    chunks.push(c);
  }
  if (chunks.length > tagged) chunks.sort((x, y) => x.first - y.first);
  return chunks;
}

function factsAt(tokens: TokenList, lowerSeen: WordSet, ruleTags: Uint8Array, from: number, k: number): PositionFacts {
  const s = tokens.sentences[k];
  const capital = tokens.kinds[k] === KIND_WORD && tokens.caps[k] === 1 && !tokens.capsLines[k];
  return {
    inCapsLine: tokens.capsLines[k] === 1,
    sentenceStart: tokens.sentenceStarts[k] === 1,
    seenLower: capital && lowerSeen.has(tokens.lowerAt(k)),
    rule: ruleTags[k - from],
    rulePrev: k - 1 >= from && tokens.sentences[k - 1] === s ? ruleTags[k - 1 - from] : 0,
    ruleNext: k + 1 < from + ruleTags.length && tokens.sentences[k + 1] === s ? ruleTags[k + 1 - from] : 0,
  };
}

function segmentFeatures(tokens: TokenList, lowerSeen: WordSet, ruleTags: Uint8Array, from: number, a: number, b: number): TaggedSegment {
  const spans: Array<[number, number]> = [];
  const features: string[][] = [];
  for (let k = a; k < b; k++) {
    spans.push([tokens.starts[k], tokens.ends[k]]);
    features.push([
      ...formFeatures(tokens.textAt(k)),
      ...neighbourFeatures(formAround(tokens, k, -2), -2),
      ...neighbourFeatures(formAround(tokens, k, -1), -1),
      ...neighbourFeatures(formAround(tokens, k, 1), 1),
      ...neighbourFeatures(formAround(tokens, k, 2), 2),
      ...positionFeatures(factsAt(tokens, lowerSeen, ruleTags, from, k)),
    ]);
  }
  return { spans, features };
}

const OFFSETS = [-2, -1, 1, 2];
/** How far the tagger reads either side of a token (the largest of OFFSETS). */
const AROUND = 2;

/** formRowsAround's answer, kept between segments: entries past the segment's are stale. */
const segmentForms: FormRows[] = [];

/** Form rows of tokens a-AROUND .. b+AROUND-1 (index 0 is token a-AROUND), the sentence-edge forms outside [a, b)'s sentence. */
function formRowsAround(model: EntityModel, tokens: TokenList, a: number, b: number): FormRows[] {
  const out = segmentForms;
  let i = 0;
  for (let j = a - AROUND; j < b + AROUND; j++, i++) {
    out[i] = rowsOfForm(model, j < a ? formAround(tokens, a, j - a) : j >= b ? formAround(tokens, b - 1, j - b + 1) : tokens.textAt(j));
  }
  return out;
}

/** Feature rows of token k's position facts (see positionKey), made once per distinct facts. */
function positionRowsAt(model: EntityModel, tokens: TokenList, lowerSeen: WordSet, ruleTags: Uint8Array, from: number, k: number): Int32Array {
  const s = tokens.sentences[k];
  const capsLine = tokens.capsLines[k] === 1;
  const capital = tokens.kinds[k] === KIND_WORD && tokens.caps[k] === 1 && !capsLine;
  const rulePrev = k - 1 >= from && tokens.sentences[k - 1] === s ? ruleTags[k - 1 - from] : 0;
  const ruleNext = k + 1 < from + ruleTags.length && tokens.sentences[k + 1] === s ? ruleTags[k + 1 - from] : 0;
  const seenLower = capital && lowerSeen.has(tokens.lowerAt(k));
  const key =
    ((((ruleTags[k - from] * RULE_TAGS.length + rulePrev) * RULE_TAGS.length + ruleNext) * 2 + (capsLine ? 1 : 0)) * 2 + tokens.sentenceStarts[k]) * 2 +
    (seenLower ? 1 : 0);
  const rows = positionRows.get(key);
  return rows ?? rowsOfPosition(model, factsAt(tokens, lowerSeen, ruleTags, from, k));
}

/** Every feature row list of token k (own form, position, the four neighbours), in a fixed order. */
function rowListsAt(model: EntityModel, tokens: TokenList, lowerSeen: WordSet, ruleTags: Uint8Array, from: number, k: number): Int32Array[] {
  const lists = [rowsOfForm(model, tokens.textAt(k)).self, positionRowsAt(model, tokens, lowerSeen, ruleTags, from, k)];
  for (let o = 0; o < 4; o++) lists.push(rowsOfForm(model, formAround(tokens, k, OFFSETS[o])).around[o]);
  return lists;
}

/** The nine labels' scores are kept in locals while rows are added (the tagger's hottest loop). */
if (NUM_LABELS !== 9) throw new Error('entities: addRows is written for 9 labels');

/**
 * Adds the weights of `rows` to scores[base .. base + 9), row after row, each sum rounded to 32 bits
 * (Math.fround) exactly as storing it in the Float32Array after every row would.
 */
function addRows(scores: Float32Array, base: number, rows: Int32Array, W: Float32Array): void {
  let s0 = scores[base];
  let s1 = scores[base + 1];
  let s2 = scores[base + 2];
  let s3 = scores[base + 3];
  let s4 = scores[base + 4];
  let s5 = scores[base + 5];
  let s6 = scores[base + 6];
  let s7 = scores[base + 7];
  let s8 = scores[base + 8];
  for (let r = 0; r < rows.length; r++) {
    const w = rows[r] * 9;
    s0 = Math.fround(s0 + W[w]);
    s1 = Math.fround(s1 + W[w + 1]);
    s2 = Math.fround(s2 + W[w + 2]);
    s3 = Math.fround(s3 + W[w + 3]);
    s4 = Math.fround(s4 + W[w + 4]);
    s5 = Math.fround(s5 + W[w + 5]);
    s6 = Math.fround(s6 + W[w + 6]);
    s7 = Math.fround(s7 + W[w + 7]);
    s8 = Math.fround(s8 + W[w + 8]);
  }
  scores[base] = s0;
  scores[base + 1] = s1;
  scores[base + 2] = s2;
  scores[base + 3] = s3;
  scores[base + 4] = s4;
  scores[base + 5] = s5;
  scores[base + 6] = s6;
  scores[base + 7] = s7;
  scores[base + 8] = s8;
}

/** decodeSegment's label scores (n x NUM_LABELS) and labels, kept between segments and grown as needed. */
let segmentScores = new Float32Array(0);
let segmentLabels = new Uint8Array(0);

/** Labels tokens [a, b) with the model and appends the names it finds to `out`. */
function decodeSegment(
  text: string,
  tokens: TokenList,
  model: EntityModel,
  lowerSeen: WordSet,
  ruleTags: Uint8Array,
  ruleAt: Int32Array,
  ruleChunks: Chunk[],
  texts: Map<string, ChunkForms>,
  from: number,
  a: number,
  b: number,
  out: Chunk[],
  explaining: boolean,
): void {
  const n = b - a;
  const L = NUM_LABELS;
  const W = model.weights;
  // Scratch arrays shared by every segment: each token's scores are set below before they are read.
  if (segmentScores.length < n * L) {
    segmentScores = new Float32Array(Math.max(n * L, 2 * segmentScores.length));
    segmentLabels = new Uint8Array(segmentScores.length / L);
  }
  const scores = segmentScores;
  // The rows of every form the segment reads, looked up once: tokens a-2 .. b+1 (all of the segment
  // is one sentence, so a neighbour outside it reads as the sentence edge, as formAround gives).
  const forms = formRowsAround(model, tokens, a, b);
  for (let k = a; k < b; k++) {
    const base = (k - a) * L;
    // The same sums, in the same order, as adding own, position and neighbour rows one by one.
    scores.set(forms[k - a + AROUND].selfScores, base);
    addRows(scores, base, positionRowsAt(model, tokens, lowerSeen, ruleTags, from, k), W);
    for (let o = 0; o < 4; o++) addRows(scores, base, forms[k - a + AROUND + OFFSETS[o]].around[o], W);
  }
  const labels = segmentLabels;
  viterbi(scores, n, model.transitions, labels);
  for (let i = 0; i < n; i++) {
    if (labels[i] === 0) continue;
    let j = i;
    while (j + 1 < n && isInside(labels[j + 1])) j++;
    const type = TYPES[typeOfLabel(labels[i])];
    const chunk = modelChunk(text, tokens, ruleAt, ruleChunks, texts, from, a + i, a + j, type);
    if (chunk) {
      if (explaining) chunk.why = explain(model, tokens, lowerSeen, ruleTags, from, a, scores, labels, i, j);
      out.push(chunk);
    }
    i = j;
  }
}

/**
 * The feature rows that pushed tokens [a + i, a + j] most towards their labels: against O and against
 * the runner-up type at the same place in the name (what made it a person, not a place). A row's gains
 * are summed over the name's tokens while it is among the strongest; at most EXPLAIN_FEATURES kept.
 */
function explain(
  model: EntityModel,
  tokens: TokenList,
  lowerSeen: WordSet,
  ruleTags: Uint8Array,
  from: number,
  a: number,
  scores: Float32Array,
  labels: Uint8Array,
  i: number,
  j: number,
): number[] {
  const L = NUM_LABELS;
  const W = model.weights;
  const top: number[] = [];
  const gains: number[] = [];
  for (let t = i; t <= j; t++) {
    const y = labels[t];
    const inside = isInside(y);
    let rival = 0;
    for (let type = 0; type < TYPES.length; type++) {
      const other = inside ? insideOf(type) : beginOf(type);
      if (other !== y && (rival === 0 || scores[t * L + other] > scores[t * L + rival])) rival = other;
    }
    for (const rows of rowListsAt(model, tokens, lowerSeen, ruleTags, from, a + t)) {
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r];
        const w = W[row * L + y];
        const g = Math.min(w - W[row * L], w - W[row * L + rival]);
        if (g <= 0) continue;
        const at = top.indexOf(row);
        if (at >= 0) {
          gains[at] += g;
          continue;
        }
        if (top.length < EXPLAIN_FEATURES) {
          top.push(row);
          gains.push(g);
          continue;
        }
        let weakest = 0;
        for (let q = 1; q < gains.length; q++) if (gains[q] < gains[weakest]) weakest = q;
        if (g > gains[weakest]) {
          top[weakest] = row;
          gains[weakest] = g;
        }
      }
    }
  }
  return top
    .map((row, q) => [row, gains[q]])
    .sort((x, y) => y[1] - x[1] || x[0] - y[0])
    .map(([row]) => row);
}

/** A chunk for the tagger's name [first, last]; role facts come from the rules' chunk where it is the same name. */
function modelChunk(
  text: string,
  tokens: TokenList,
  ruleAt: Int32Array,
  ruleChunks: Chunk[],
  texts: Map<string, ChunkForms>,
  from: number,
  taggedFirst: number,
  last: number,
  tagged: EntityType,
): Chunk | null {
  let type = tagged;
  let first = taggedFirst;
  // "Storm Ingrid pushed ...": the event word opening a sentence is part of the name.
  if (first > from && tokens.sentences[first - 1] === tokens.sentences[first] && tokens.caps[first - 1] && EVENT_HEADS.has(tokens.lowerAt(first - 1))) first--;
  // "Storm Ingrid", "Hurricane Maria": a named event, whatever the name after the head word reads as.
  const event = last > first && EVENT_HEADS.has(tokens.lowerAt(first)) && type !== 'other';
  if (event) type = 'other';
  // A lone "other" word is a nationality or a loose label ("German", "Internet"), not worth a mark.
  if (type === 'other' && first === last) return null;
  // "Regional Affairs Correspondent" in a byline: a job, not a name.
  if (!tokens.capsLines[last] && ROLE_NOUNS.has(tokens.lowerAt(last)) && !ORG_SUFFIXES.has(tokens.lowerAt(last))) return null;
  const ri = ruleAt[first - from];
  const rule = ri >= 0 && ruleAt[last - from] === ri ? ruleChunks[ri] : undefined;
  const same = rule !== undefined && rule.first === first && rule.last === last;
  const key = same ? rule.key : keyOf(tokens, first, last);
  const start = tokens.starts[first];
  const end = tokens.ends[last];
  const forms = same ? { key: rule.key, text: rule.text } : chunkForms(text, start, end, key, texts);
  const before = first > 0 && tokens.sentences[first - 1] === tokens.sentences[first] ? tokens.lowerAt(first - 1) : '';
  const titled = same ? rule.titled : TITLES.has(before) || HONORIFICS.has(before);
  return {
    first,
    last,
    start,
    end,
    text: forms.text,
    key: forms.key,
    type,
    strength: same && rule.type === type ? rule.strength : Strength.Context,
    roleFirst: same ? rule.roleFirst : undefined,
    titled,
    note: event ? `opens with an event word (“${tokens.textAt(first)}”)` : undefined,
  };
}

const HYPHEN_PREFIX = /^((?:\p{Lu}\.){2,}|\p{Lu}{2,6}|\p{Lu}\p{L}+)-\p{Ll}/u;

/**
 * "EU-backed", "UN-led", "Kenya-based": the name before the hyphen of a compound adjective, when it
 * is an acronym or a gazetteer name, is a mention of its own (typed organization, or place for a
 * known place). A tagger chunk that is the whole compound is cut to the name; `chunks` stays sorted.
 */
function hyphenatedNames(text: string, tokens: TokenList, texts: Map<string, ChunkForms>, from: number, to: number, chunks: Chunk[]): void {
  let m = 0;
  for (let k = from; k < to; k++) {
    if (tokens.kinds[k] !== KIND_WORD || !tokens.caps[k] || tokens.capsLines[k]) continue;
    const start = tokens.starts[k];
    let hyphen = false;
    for (let i = start + 2; i < tokens.ends[k] - 1 && !hyphen; i++) hyphen = text.charCodeAt(i) === 45;
    if (!hyphen) continue;
    const match = HYPHEN_PREFIX.exec(tokens.textAt(k));
    if (!match) continue;
    const name = match[1];
    const key = name.toLowerCase();
    const acronym = !/\p{Ll}/u.test(name);
    const place = COUNTRIES.has(key) || LOCALITIES.has(key);
    if (!acronym && !place && !KNOWN_ORGANIZATIONS.has(key)) continue;
    while (m < chunks.length && chunks[m].last < k) m++;
    const covering = m < chunks.length && chunks[m].first <= k ? chunks[m] : undefined;
    if (covering && (covering.first !== k || covering.last !== k)) continue;
    const forms = chunkForms(text, start, start + name.length, key, texts);
    const chunk: Chunk = {
      first: k,
      last: k,
      start,
      end: start + name.length,
      text: forms.text,
      key: forms.key,
      type: place && !KNOWN_ORGANIZATIONS.has(key) ? 'place' : 'organization',
      strength: Strength.Context,
      titled: false,
      roleFirst: undefined,
      note: `the name before the hyphen of “${tokens.textAt(k)}”`,
    };
    if (covering) chunks[m] = chunk;
    else chunks.splice(m, 0, chunk);
  }
}

/**
 * The reasons for a chunk's type, in words (strongest first). Only an entity's first mention is
 * explained, so the tagger's evidence is gathered here, once per entity, by tagging the mention's
 * sentence again (the same tokens, rules and document facts give the same labels).
 */
function reasonsOf(text: string, tokens: TokenList, lowerSeen: WordSet, chunk: Chunk): string[] | undefined {
  let from = chunk.first;
  let to = chunk.last + 1;
  const s = tokens.sentences[chunk.first];
  while (from > 0 && tokens.sentences[from - 1] === s) from--;
  while (to < tokens.length && tokens.sentences[to] === s) to++;
  const again = tagChunks(text, tokens, lowerSeen, new Map(), from, to, undefined, true).find(
    (c) => c.first === chunk.first && c.last === chunk.last && !c.held,
  );
  const names = entityModel().featureNames;
  const reasons = again?.why?.map((row) => describeFeature(names[row])) ?? [];
  const note = chunk.note ?? again?.note;
  if (note) reasons.unshift(note);
  return reasons.length ? reasons : undefined;
}

/**
 * What the tagger reads of a text, segment by segment, with the structure the analysis would give
 * it: the training script's view of a labelled sentence (same tokens, same features as at run time).
 */
export function entityTrainingView(text: string, structure: TextStructure): TaggedSegment[] {
  const { tokens, lowerSeen } = tokenize(text, proseRegions(text, structure));
  const sink: TaggedSegment[] = [];
  tagChunks(text, tokens, lowerSeen, new Map(), 0, tokens.length, sink);
  lastKey = NO_KEY;
  return sink;
}

const INITIAL = /^\p{Lu}\.$/u;
const isInitial = (t: Token): boolean => t.kind === 'word' && INITIAL.test(t.text);
const titleCaseKey = (t: Token): string => t.lower;

/** Whether a token can be part of a name, judged by its capital (or by gazetteers in a headline). */
function nameLike(t: Token): boolean {
  if (t.kind !== 'word' || !t.capitalized) return false;
  // Lone letters ("I", "A", grid labels) are no names; initials keep their period ("J.").
  if (t.text.length === 1) return false;
  if (NON_NAMES.has(t.lower) && !KNOWN_ORGANIZATIONS.has(t.lower)) return false;
  // "Amman-bound", "France-registered": a name turned adjective.
  const hyphen = t.text.lastIndexOf('-');
  if (hyphen > 0 && hyphen < t.text.length - 1 && t.text[hyphen + 1] !== t.text[hyphen + 1].toUpperCase()) return false;
  if (t.inCapsLine) return headlineWordLike(t);
  return true;
}

/**
 * nameLike for token k, read from the token arrays and the text: most capitalized words are judged
 * without making a Token (headline words, rare, take nameLike's own path).
 */
function nameLikeAt(text: string, tokens: TokenList, k: number): boolean {
  if (tokens.kinds[k] !== KIND_WORD || tokens.caps[k] !== 1) return false;
  if (tokens.capsLines[k]) return nameLike(tokens.get(k));
  const start = tokens.starts[k];
  const end = tokens.ends[k];
  if (end - start === 1) return false;
  const lower = tokens.lowerAt(k);
  if (NON_NAMES.has(lower) && !KNOWN_ORGANIZATIONS.has(lower)) return false;
  let hyphen = end - 1;
  while (hyphen > start && text.charCodeAt(hyphen) !== 45) hyphen--;
  if (hyphen > start && hyphen < end - 1) {
    const after = text[hyphen + 1];
    if (after !== after.toUpperCase()) return false;
  }
  return true;
}

/** In an all-capitals headline only words some gazetteer knows (or that no list calls common) start names. */
function headlineWordLike(t: Token): boolean {
  const k = titleCaseKey(t);
  if (COMMON_WORDS.has(k) || NON_NAMES.has(k) || ROLE_NOUNS.has(k) || PERSON_VERBS.has(k)) return false;
  return t.text.length >= 2 || isInitial(t);
}

const MAX_NAME_TOKENS = 10;

/**
 * Name chunks starting at tokens [from, to) (a run never crosses a sentence, so never a paragraph).
 * `texts`: chunk keys and texts by key, shared by the chunks of one name (see chunkForms).
 */
function findChunks(text: string, tokens: TokenList, lowerSeen: WordSet, texts: Map<string, ChunkForms>, from = 0, to = tokens.length): Chunk[] {
  const chunks: Chunk[] = [];
  let i = from;
  while (i < to) {
    // Most tokens are lower-case words: skip them without building a Token.
    if (!tokens.caps[i]) {
      i++;
      continue;
    }
    // "NEW YORK" in a headline: a gazetteer name may open with a common word.
    if (!nameLikeAt(text, tokens, i) && !(tokens.capsLines[i] && startsKnownName(tokens, i, Math.min(tokens.length - 1, i + 3)))) {
      i++;
      continue;
    }
    let j = i;
    // Headline runs are cut to at most a few words below, so they are not extended further.
    const maxLength = tokens.capsLines[i] ? 3 : MAX_NAME_TOKENS;
    const sentence = tokens.sentences[i];
    // Extend over capitalized words, particles ("de", "van") and head-led connectors ("Bank of England").
    // Neighbours are judged on the token arrays first, so most make no Token object.
    for (;;) {
      const n1 = j + 1;
      // No name runs longer than this; the bound keeps long capitals runs linear.
      if (n1 >= tokens.length || tokens.sentences[n1] !== sentence || j - i >= maxLength) break;
      if (nameLikeAt(text, tokens, n1)) {
        j++;
        continue;
      }
      const nextLower = tokens.lowerAt(n1);
      if (tokens.kinds[n1] === KIND_WORD && !tokens.caps[n1] && NAME_PARTICLES.has(nextLower) && !tokens.capsLines[n1]) {
        // "Joost van der Westhuizen": particles may chain before the capitalized word.
        let k = j + 1;
        while (
          k + 1 < tokens.length &&
          k - j < 4 &&
          tokens.get(k + 1).kind === 'word' &&
          !tokens.get(k + 1).capitalized &&
          NAME_PARTICLES.has(tokens.get(k + 1).lower)
        )
          k++;
        if (k + 1 < tokens.length && nameLike(tokens.get(k + 1)) && tokens.get(k + 1).sentence === tokens.get(i).sentence) {
          j = k + 1;
          continue;
        }
        break;
      }
      const n2 = j + 2;
      if (n2 >= tokens.length || !nameLikeAt(text, tokens, n2) || tokens.sentences[n2] !== sentence) break;
      if (NAME_CONNECTORS.has(nextLower) && hasHeadBefore(tokens, i, j) && !tokens.capsLines[n1]) {
        if (nextLower === 'the') break;
        // "and" continues only a name already joined by "of"/"for" ("Department of Trade and Industry").
        // A following multi-word name is a second entity ("Ministry of Finance and Grantley University").
        if (nextLower === 'and' && (!hasConnector(tokens, i, j) || (j + 3 < tokens.length && nameLikeAt(text, tokens, j + 3)))) break;
        // "of the" inside a name: "Bank of the Philippine Islands".
        j += 2;
        continue;
      }
      if (nextLower === '&') {
        j += 2;
        continue;
      }
      break;
    }
    j = extendKnownName(tokens, i, j);
    if (tokens.capsLines[i]) j = headlineNameEnd(tokens, i, j);
    j = splitBeforePlace(tokens, i, j);
    j = splitBeforeTitle(tokens, i, j);
    // "U.S. Open", "World Cup": a name opening an event's title belongs to the event, not reported.
    const after = j + 1;
    if (after < tokens.length && tokens.caps[after] && EVENT_WORDS.has(tokens.lowerAt(after)) && tokens.sentences[after] === tokens.sentences[i]) {
      i = j + 2;
      continue;
    }
    const chunk = peel(text, tokens, i, j, lowerSeen, texts);
    if (chunk) chunks.push(chunk);
    i = j + 1;
  }
  return chunks;
}

/**
 * In a capitals headline any word may look like a name, so a run is cut to what a gazetteer
 * vouches for: a known name, a given name plus surname, or else one word.
 */
function headlineNameEnd(tokens: TokenList, first: number, last: number): number {
  let key = tokens.get(first).lower;
  let known = -1;
  for (let k = first + 1; k <= Math.min(last, first + 3) && KNOWN_NAME_PREFIXES.has(key); k++) {
    key += ' ' + tokens.get(k).lower;
    if (COUNTRIES.has(key) || LOCALITIES.has(key) || KNOWN_ORGANIZATIONS.has(key)) known = k;
  }
  if (known >= 0) return known;
  if (endsInOrgWord(tokens, first, last) || hasHeadBefore(tokens, first, last)) return last;
  if (FIRST_NAMES.has(tokens.get(first).lower) && last > first) return first + 1;
  return first;
}

const EVENT_WORDS = new Set([
  'open',
  'championship',
  'championships',
  'cup',
  'games',
  'olympics',
  'masters',
  'classic',
  'grand',
  'trophy',
  'tournament',
  'invitational',
  'amateur',
  'marathon',
  'rally',
  'series',
  'challenge',
  'derby',
]);

/** "KANSAS CITY" in a headline: cover the longest gazetteer name that starts the run. */
function extendKnownName(tokens: TokenList, first: number, last: number): number {
  let key = tokens.get(first).lower;
  let end = last;
  for (let k = first + 1; k < Math.min(tokens.length, first + 4) && KNOWN_NAME_PREFIXES.has(key); k++) {
    const t = tokens.get(k);
    if (t.sentence !== tokens.get(first).sentence || t.kind !== 'word') break;
    key += ' ' + t.lower;
    if (k > end && (COUNTRIES.has(key) || LOCALITIES.has(key) || KNOWN_ORGANIZATIONS.has(key))) end = k;
  }
  return end;
}

/** "Lebed Chechnya peace plan": two names side by side; cut before a known place inside an unknown run. */
function splitBeforePlace(tokens: TokenList, first: number, last: number): number {
  if (last === first) return last;
  const whole = keyOf(tokens, first, last);
  if (KNOWN_ORGANIZATIONS.has(whole) || COUNTRIES.has(whole) || LOCALITIES.has(whole)) return last;
  if (
    FIRST_NAMES.has(tokens.get(first).lower) ||
    isInitial(tokens.get(first)) ||
    HONORIFICS.has(tokens.get(first).lower) ||
    TITLES.has(tokens.get(first).lower)
  )
    return last;
  if (hasHeadBefore(tokens, first, last) || CLUB_PREFIXES.has(tokens.get(first).lower)) return last;
  for (let p = first + 1; p <= last; p++) {
    if (!tokens.get(p - 1).capitalized || !tokens.get(p).capitalized) return last;
    const w = tokens.get(p).lower;
    // Countries split anywhere; a city after an unknown word may be a surname ("Neal Lancaster").
    if ((COUNTRIES.has(w) || (LOCALITIES.has(w) && p < last) || startsKnownName(tokens, p, last)) && !startsKnownName(tokens, first, last)) {
      if (DEMONYMS.has(tokens.get(p - 1).lower) || TITLES.has(tokens.get(p - 1).lower)) return last;
      return p - 1;
    }
  }
  return last;
}

/** "U.S. President Bill Clinton": a known place or organization, then a title, starts a second name. */
function splitBeforeTitle(tokens: TokenList, first: number, last: number): number {
  if (endsInOrgWord(tokens, first, last) && !FIRST_NAMES.has(tokens.get(last - 1)?.lower ?? '')) return last; // "U.S. Agriculture Department" is one name
  for (let p = first; p < last; p++) {
    const next = tokens.get(p + 1).lower;
    if (!(TITLES.has(next) || HONORIFICS.has(next))) continue;
    const key = keyOf(tokens, first, p);
    if (COUNTRIES.has(key) || LOCALITIES.has(key) || KNOWN_ORGANIZATIONS.has(key)) return p;
    // "Federal Reserve Governor Lawrence Lindsey": an organization, then a titled person.
    if (p + 2 <= last && endsInOrgWord(tokens, first, p) && !TITLES.has(tokens.get(p).lower)) return p;
    if (p + 2 <= last && FIRST_NAMES.has(tokens.get(p + 2).lower) && !TITLES.has(tokens.get(p).lower) && !HONORIFICS.has(tokens.get(p).lower)) return p;
  }
  return last;
}

function hasConnector(tokens: TokenList, from: number, to: number): boolean {
  for (let k = from; k <= to; k++) if (tokens.get(k).lower === 'of' || tokens.get(k).lower === 'for') return true;
  return false;
}

function hasHeadBefore(tokens: TokenList, from: number, to: number): boolean {
  for (let k = from; k <= to; k++) {
    const w = tokens.get(k).lower;
    if (ORG_HEADS.has(w) || ORG_SUFFIXES.has(w) || PLACE_HEADS.has(w)) return true;
  }
  return false;
}

/** Removes titles, nationality adjectives and sentence-initial common words from a raw chunk's front. */
function peel(text: string, tokens: TokenList, first: number, last: number, lowerSeen: WordSet, texts: Map<string, ChunkForms>): Chunk | null {
  let start = first;
  let titled = false;
  let roleFirst: number | undefined;
  const wholeKey = keyOf(tokens, first, last);
  const wholeKnown = KNOWN_ORGANIZATIONS.has(wholeKey) || COUNTRIES.has(wholeKey) || LOCALITIES.has(wholeKey);
  while (start <= last && !wholeKnown) {
    const t = tokens.get(start);
    const rest = last - start; // tokens after t
    if (startsKnownName(tokens, start, last)) break;
    if (FUNCTION_WORDS.has(t.lower) || isCommonAtStart(t, lowerSeen)) {
      start++;
      roleFirst = undefined;
      continue;
    }
    // "Flanker Pieter van der Berg": an unknown sentence-initial word before a given name is a description.
    if (t.sentenceStart && rest > 0 && FIRST_NAMES.has(tokens.get(start + 1).lower) && !FIRST_NAMES.has(t.lower) && !isKnownSingle(t.lower)) {
      roleFirst ??= start;
      start++;
      continue;
    }
    if (rest > 0 && endsInOrgWord(tokens, start + 1, last) && !TITLES.has(tokens.get(start + 1).lower)) {
      // "Foreign Ministry", "State Department": a title word opening an organization name stays.
      if (DEMONYMS.has(t.lower) && rest >= 2) {
        roleFirst ??= start;
        start++;
        continue;
      }
      break;
    }
    // "Christian Blanc", "Dean Jones": a given name that is also a title or adjective, before a surname.
    if (
      rest > 0 &&
      FIRST_NAMES.has(t.lower) &&
      !TITLES.has(tokens.get(start + 1).lower) &&
      !HONORIFICS.has(tokens.get(start + 1).lower) &&
      !DEMONYMS.has(tokens.get(start + 1).lower)
    )
      break;
    // Role nouns written with a capital before a name: "Economist Joel Naroff", "Democrat Walter Mondale".
    if (HONORIFICS.has(t.lower) || TITLES.has(t.lower) || (rest > 0 && ROLE_NOUNS.has(t.lower) && !FIRST_NAMES.has(t.lower))) {
      // A lone honorific/title is no name; one before a name marks a person.
      titled = titled || rest > 0;
      roleFirst ??= start;
      start++;
      continue;
    }
    if (rest > 0 && DEMONYMS.has(`${t.lower} ${tokens.get(start + 1).lower}`)) {
      roleFirst ??= start;
      start += 2;
      continue;
    }
    if (DEMONYMS.has(t.lower)) {
      roleFirst ??= start;
      start++;
      continue;
    }
    break;
  }
  // Trailing connectors or particles never end a name.
  let end = last;
  while (end >= start && !tokens.get(end).capitalized) end--;
  // A title trailing a place or organization ("South Carolina Gov.") is not part of its name.
  while (end > start && (TITLES.has(tokens.get(end).lower) || HONORIFICS.has(tokens.get(end).lower)) && !endsInOrgWord(tokens, start, end)) end--;
  if (end < start) return null;
  const key = keyOf(tokens, start, end);
  const only = tokens.get(start);
  // A lone common word is no name, unless written as an acronym in running text ("WHO", "US").
  if (start === end && (isLoneNonName(only) || (COMMON_WORDS.has(key) && !FIRST_NAMES.has(key) && (!only.allCaps || only.inCapsLine)))) return null;
  const forms = chunkForms(text, tokens.get(start).start, tokens.get(end).end, key, texts);
  return {
    first: start,
    last: end,
    start: tokens.get(start).start,
    end: tokens.get(end).end,
    // `type` is set up front (undefined) so every chunk has one shape for the passes that follow.
    text: forms.text,
    key: forms.key,
    type: undefined,
    strength: Strength.Guess,
    roleFirst: roleFirst !== undefined && roleFirst < start ? roleFirst : undefined,
    titled,
  };
}

/** A chunk's key and text, shared by the chunks of one name (see chunkForms). */
interface ChunkForms {
  key: string;
  text: string;
}

/**
 * The key and text text[start, end) as the strings already made for an earlier chunk with the same
 * key (and the same characters) if there is one. A long article names the same people thousands of
 * times: one key string per name makes the many map lookups by key compare by identity, and one
 * text string means fewer strings alive and quick comparisons downstream (quotes group mentions by text).
 */
function chunkForms(text: string, start: number, end: number, key: string, texts: Map<string, ChunkForms>): ChunkForms {
  let forms = texts.get(key);
  if (forms !== undefined && forms.text.length === end - start && text.startsWith(forms.text, start)) return forms;
  forms = { key: forms?.key ?? key, text: text.slice(start, end) };
  texts.set(key, forms);
  return forms;
}

function isKnownSingle(w: string): boolean {
  return COUNTRIES.has(w) || LOCALITIES.has(w) || KNOWN_ORGANIZATIONS.has(w) || ORG_HEADS.has(w) || CLUB_PREFIXES.has(w) || PLACE_PREFIXES.has(w);
}

/** A gazetteer name (up to three words) starts at `start`: "NEW YORK", "ST LOUIS" keep their first word. */
function startsKnownName(tokens: TokenList, start: number, last: number): boolean {
  let key = tokens.get(start).lower;
  for (let k = start + 1; k <= Math.min(last, start + 3) && KNOWN_NAME_PREFIXES.has(key); k++) {
    key += ' ' + tokens.get(k).lower;
    if (COUNTRIES.has(key) || LOCALITIES.has(key) || KNOWN_ORGANIZATIONS.has(key)) return true;
    if (key.startsWith('st ') && LOCALITIES.has('st. ' + key.slice(3))) return true;
  }
  return false;
}

function isLoneNonName(t: Token): boolean {
  const w = t.lower;
  if (CLUB_PREFIXES.has(w) || KNOWN_ORGANIZATIONS.has(w)) return false;
  return (
    (ORG_SUFFIXES.has(w) && !KNOWN_ORGANIZATIONS.has(w)) ||
    ORG_HEADS.has(w) ||
    (PLACE_HEADS.has(w) && !LOCALITIES.has(w)) ||
    (PLACE_PREFIXES.has(w) && !LOCALITIES.has(w) && !FIRST_NAMES.has(w)) ||
    ROLE_NOUNS.has(w) ||
    TITLES.has(w) ||
    HONORIFICS.has(w) ||
    DEMONYMS.has(w) ||
    NON_NAMES.has(w)
  );
}

/** A sentence-initial (or headline) word that is a common English word rather than a name. */
function isCommonAtStart(t: Token, lowerSeen: WordSet): boolean {
  const known = FIRST_NAMES.has(t.lower) || COUNTRIES.has(t.lower) || LOCALITIES.has(t.lower) || KNOWN_ORGANIZATIONS.has(t.lower);
  if (COMMON_WORDS.has(t.lower) && (t.sentenceStart || t.inCapsLine)) return true;
  if (!t.sentenceStart || known) return false;
  if (lowerSeen.has(t.lower)) return true;
  // Inflected English words ("Trailing", "Asked", "Reportedly") open sentences, not names.
  // Inflected or derived English words ("Trailing", "Reportedly", "Shipments", "Flamboyant") rarely are names.
  return (
    t.text.length >= 6 &&
    /(?:ing|ly|ed|ies|ions?|ments?|ness|ity|ous|ive|ful|less|able|ible|ings|ists|ants|ents)$/.test(t.lower) &&
    !(t.text.length < 7 && /(?:ing|ed)$/.test(t.lower))
  );
}

/** The last key made, by token list and range: chunking asks for the same range's key several times in a row. */
interface KeyMemo {
  tokens: TokenList | undefined;
  first: number;
  last: number;
  key: string;
}
const NO_KEY: KeyMemo = { tokens: undefined, first: 0, last: 0, key: '' };
let lastKey = NO_KEY;

function keyOf(tokens: TokenList, first: number, last: number): string {
  if (lastKey.tokens === tokens && lastKey.first === first && lastKey.last === last) return lastKey.key;
  let key = '';
  for (let k = first; k <= last; k++) key += (k > first ? ' ' : '') + tokens.get(k).lower;
  lastKey = { tokens, first, last, key };
  return key;
}

function endsInOrgWord(tokens: TokenList, first: number, last: number): boolean {
  if (first > last) return false;
  const w = tokens.get(last).lower;
  return ORG_SUFFIXES.has(w) || (ORG_HEADS.has(tokens.get(first).lower) && last > first);
}

function setType(chunk: Chunk, type: NameType, strength: Strength): void {
  chunk.type = type;
  chunk.strength = strength;
}

function classify(chunk: Chunk, tokens: TokenList): void {
  const { first, last, key } = chunk;
  const n = last - first + 1;
  const firstTok = tokens.get(first);
  const lastTok = tokens.get(last);
  const sameSentence = (t: Token | undefined): t is Token => t !== undefined && t.sentence === firstTok.sentence;

  if (KNOWN_ORGANIZATIONS.has(key)) return setType(chunk, sportsAdjusted('organization', chunk, tokens), Strength.Strong);
  if (COUNTRIES.has(key)) return setType(chunk, 'place', Strength.Strong);
  if (LOCALITIES.has(key)) {
    return setType(chunk, inSportsSlot(chunk, tokens) ? 'organization' : 'place', Strength.Strong);
  }
  if (n >= 2 && namesAState(tokens, first, last)) return setType(chunk, 'place', Strength.Strong);
  if (
    n >= 2 &&
    ORG_SUFFIXES.has(lastTok.lower) &&
    !(FIRST_NAMES.has(firstTok.lower) && n === 2 && !KNOWN_ORGANIZATIONS.has(lastTok.lower) && !isStrictSuffix(lastTok.lower))
  ) {
    return setType(chunk, 'organization', Strength.Strong);
  }
  if (n >= 2 && ORG_HEADS.has(firstTok.lower) && !FIRST_NAMES.has(firstTok.lower)) return setType(chunk, 'organization', Strength.Strong);
  if (n >= 2 && (lastTok.lower === 'city' || lastTok.lower === 'town' || lastTok.lower === 'county')) {
    const base = keyOf(tokens, first, last - 1);
    return setType(chunk, LOCALITIES.has(base) ? 'organization' : 'place', Strength.Strong);
  }
  if (chunk.titled) return setType(chunk, 'person', Strength.Strong);
  if (CLUB_PREFIXES.has(firstTok.lower) && (n >= 2 || !FIRST_NAMES.has(firstTok.lower))) return setType(chunk, 'organization', Strength.Strong);
  for (let k = first + 1; k < last; k++) if (tokens.get(k).text === '&') return setType(chunk, 'organization', Strength.Strong);
  if (n >= 2 && (FIRST_NAMES.has(firstTok.lower) || isInitial(firstTok)) && !PLACE_HEADS.has(lastTok.lower)) {
    return setType(chunk, 'person', Strength.Strong);
  }
  if (n >= 2 && PLACE_HEADS.has(lastTok.lower)) return setType(chunk, 'place', Strength.Strong);
  if (n >= 2 && PLACE_PREFIXES.has(firstTok.lower) && !DIRECTION_PREFIXES.has(firstTok.lower)) {
    return setType(chunk, 'place', Strength.Strong);
  }
  // The neighbours are made only here: most chunks are typed above without them.
  const prev = tokens.at(first - 1);
  const next = tokens.at(last + 1);
  if (sameSentence(next) && next.kind === 'word' && !next.capitalized && PLACE_NOUNS_AFTER.has(next.lower) && !FIRST_NAMES.has(firstTok.lower)) {
    return setType(chunk, 'place', Strength.Context);
  }
  if (sameSentence(prev) && !prev.capitalized && ORG_DESCRIPTORS.has(prev.lower) && !FIRST_NAMES.has(firstTok.lower)) {
    return setType(chunk, 'organization', Strength.Context);
  }
  // A known place followed by more capitalized words ("Moscow Narodny") or preceded: leave to context.
  if (sameSentence(prev) && (ROLE_NOUNS.has(prev.lower) || HONORIFICS.has(prev.lower)) && !prev.capitalized) {
    return setType(chunk, 'person', Strength.Context);
  }
  const age = next?.text === ',' ? tokens.at(last + 2) : undefined;
  if (
    sameSentence(next) &&
    next.text === ',' &&
    sameSentence(age) &&
    age.kind === 'number' &&
    /^\d{1,2}$/.test(age.text) &&
    tokens.at(last + 3)?.text === ','
  ) {
    // "Tim Smith, 34, ..." : an age in commas follows people.
    return setType(chunk, 'person', Strength.Context);
  }
  if (n >= 2 && PLACE_PREFIXES.has(firstTok.lower)) return setType(chunk, 'place', Strength.Context);
  // A city next to an unknown word ("Leyton Orient", "Rotor Volgograd", "Moscow Narodny"): a club or company.
  if (n === 2 && !FIRST_NAMES.has(firstTok.lower) && (LOCALITIES.has(firstTok.lower) || LOCALITIES.has(lastTok.lower))) {
    return setType(chunk, 'organization', Strength.Context);
  }
  if (n === 1) {
    // "KeyCorp", "NationsBank", "Rabobank": company-style spellings (but "McCague", "DeLillo" are people).
    if ((CAMEL_CASE.test(firstTok.text) && !SURNAME_PREFIX_CASE.test(firstTok.text)) || COMPANY_ENDING.test(firstTok.lower)) {
      return setType(chunk, 'organization', Strength.Context);
    }
    // "Leicestershire": three or more letters before "shire" (token text holds no line break).
    if (firstTok.lower.length >= 8 && firstTok.lower.endsWith('shire'))
      return setType(chunk, inSportsSlot(chunk, tokens) ? 'organization' : 'place', Strength.Context);
    if (firstTok.sentenceStart && next?.text === ':' && !next.inCapsLine) return; // a label ("Scorers:")
    if (firstTok.allCaps && !firstTok.inCapsLine && firstTok.text.length <= 6) return setType(chunk, 'organization', Strength.Context);
    if (sameSentence(prev) && PLACE_PREPOSITIONS.has(prev.lower) && !prev.capitalized) {
      return setType(chunk, 'place', Strength.Context);
    }
    const prev2 = prev?.lower === 'of' ? tokens.at(first - 2) : undefined;
    if (sameSentence(prev) && prev.lower === 'of' && sameSentence(prev2) && (PLACE_NOUNS_AFTER.has(prev2.lower) || PLACE_OF_WORDS.has(prev2.lower))) {
      return setType(chunk, 'place', Strength.Context);
    }
    if (FIRST_NAMES.has(firstTok.lower)) return setType(chunk, 'person', Strength.Context);
    if (firstTok.inCapsLine) return;
    // "the Eagles", "the Guardian": a bare name after "the" is a team, paper or body, not a person.
    if (sameSentence(prev) && prev.lower === 'the') return setType(chunk, 'organization', Strength.Guess);
    if (sameSentence(next) && PERSON_VERBS.has(next.lower)) return setType(chunk, 'person', Strength.Guess);
    if (inSportsSlot(chunk, tokens) && !/-/.test(next?.text ?? '')) return setType(chunk, 'organization', Strength.Guess);
    return setType(chunk, 'person', Strength.Guess);
  }
  if (firstTok.inCapsLine) return;
  return setType(chunk, n <= 3 ? 'person' : 'organization', Strength.Guess);
}

/** Place prefixes that also open names of other kinds ("New Democratic Party", "North Face"). */
const DIRECTION_PREFIXES = new Set([
  'new',
  'north',
  'south',
  'east',
  'west',
  'central',
  'northern',
  'southern',
  'eastern',
  'western',
  'upper',
  'lower',
  'greater',
]);

/** "Federal Republic of Yugoslavia", "Kingdom of Morocco", "Russian Federation": states are places. */
function namesAState(tokens: TokenList, first: number, last: number): boolean {
  for (let k = first; k <= last; k++) {
    const w = tokens.get(k).lower;
    if (w === 'republic' || w === 'kingdom' || w === 'principality' || w === 'sultanate' || w === 'emirate' || w === 'emirates') return true;
  }
  return last === first + 1 && tokens.get(last).lower === 'federation' && (DEMONYMS.has(tokens.get(first).lower) || COUNTRIES.has(tokens.get(first).lower));
}

/** "north of X", "the outskirts of X", "the mayor of X": X is a place. */
const PLACE_OF_WORDS = new Set([
  'north',
  'south',
  'east',
  'west',
  'northeast',
  'northwest',
  'southeast',
  'southwest',
  'northern',
  'southern',
  'eastern',
  'western',
  'central',
  'outskirts',
  'centre',
  'center',
  'heart',
  'suburbs',
  'streets',
  'residents',
  'people',
  'mayor',
  'governor',
  'citizens',
  'inhabitants',
  'capital',
  'port',
  'part',
  'parts',
  'rest',
]);

const CAMEL_CASE = /\p{Ll}\p{Lu}/u;
const SURNAME_PREFIX_CASE = /^(?:Mc|Mac|De|Di|Da|La|Le|Van|Von|O')/;
const COMPANY_ENDING = /.(?:bank|corp|tel|soft|tech)$/;

/** Suffixes that name companies even after a given name ("Henry Holdings" is no person). */
function isStrictSuffix(w: string): boolean {
  return /^(?:inc\.?|corp\.?|corporation|co\.?|company|ltd\.?|limited|plc|llc|ag|gmbh|sa|nv|spa|holdings?|group|bank|party|university|foundation|institute|ministry|fc|airlines|airways)$/.test(
    w,
  );
}

function sportsAdjusted(type: NameType, _chunk: Chunk, _tokens: TokenList): NameType {
  return type;
}

/** A city or region in a results line or next to "beat"/"against" names a club, not a place. */
function inSportsSlot(chunk: Chunk, tokens: TokenList): boolean {
  const next = tokens.at(chunk.last + 1);
  const prev = tokens.at(chunk.first - 1);
  const s = tokens.get(chunk.first).sentence;
  if (next && next.sentence === s && next.kind === 'number' && /^\d{1,3}(?:-\d{1,3})?$/.test(next.text)) return true;
  if (next && next.sentence === s && SPORTS_CONTEXT.has(next.lower)) return true;
  if (prev && prev.sentence === s && SPORTS_CONTEXT.has(prev.lower) && !prev.capitalized) return true;
  return false;
}

/** Every word of the chunk is in capitals ("MARLOW VALE", a headline name). */
function allCapitals(tokens: TokenList, c: Chunk): boolean {
  for (let k = c.first; k <= c.last; k++) if (tokens.kinds[k] === KIND_WORD && !tokens.allCaps[k] && tokens.ends[k] - tokens.starts[k] > 1) return false;
  return true;
}

const LOCAL_BODY_WORDS = new Set(['city', 'county', 'town', 'state', 'provincial', 'regional', 'municipal', 'district', 'borough', 'village', 'parish']);

/** One type per name in a document; surnames take the type of the full name they shorten. */
function harmonize(chunks: Chunk[], tokens: TokenList): void {
  const best = new Map<string, Chunk>();
  for (const c of chunks) {
    if (!c.type || c.held) continue;
    const seen = best.get(c.key);
    if (!seen || c.strength > seen.strength) best.set(c.key, c);
  }
  const personParts = new Set<string>();
  for (const c of chunks) {
    if (c.type === 'person' && !c.held && c.last > c.first && c.strength >= Strength.Context) {
      personParts.add(tokens.get(c.last).lower);
      if (!FIRST_NAMES.has(tokens.get(c.first).lower)) personParts.add(tokens.get(c.first).lower);
    }
  }
  // "Dunmore City Council" ... "Dunmore collected": the bare first word of a local body names its place.
  const localPlaces = new Set<string>();
  for (const c of chunks) {
    if (c.type === 'organization' && c.last > c.first && LOCAL_BODY_WORDS.has(tokens.get(c.first + 1).lower)) localPlaces.add(tokens.get(c.first).lower);
  }
  // Names written in running text (not in capitals) vouch for the same names in capitals: a
  // headline or dateline takes their type, and in a document with running text a headline name
  // nothing vouches for (neither the text nor a gazetteer) is dropped.
  const written = new Map<string, Chunk>();
  const writtenWords = new Map<string, Chunk>();
  for (const c of chunks) {
    if (!c.type || c.held || allCapitals(tokens, c)) continue;
    if (!written.has(c.key)) written.set(c.key, c);
    for (let k = c.first; k <= c.last; k++) if (!writtenWords.has(tokens.lowerAt(k))) writtenWords.set(tokens.lowerAt(k), c);
  }
  if (written.size) {
    for (const c of chunks) {
      if (!c.type || c.held || !allCapitals(tokens, c)) continue;
      const same = written.get(c.key);
      if (same) {
        c.type = same.type;
        continue;
      }
      if (!tokens.capsLines[c.first] || KNOWN_ORGANIZATIONS.has(c.key) || COUNTRIES.has(c.key) || LOCALITIES.has(c.key)) continue;
      const host = writtenWords.get(tokens.lowerAt(c.first));
      let inside = host !== undefined;
      for (let k = c.first; k <= c.last && inside; k++) inside = writtenWords.get(tokens.lowerAt(k)) === host;
      c.type = inside ? host!.type : undefined;
    }
  }
  for (const c of chunks) {
    const single = c.first === c.last;
    if (c.held) {
      // "Renzi" opening a sentence after "Paolo Renzi": the name the document already gave.
      const b = best.get(c.key);
      if (single && personParts.has(c.key)) {
        c.type = 'person';
        c.held = false;
        c.note = 'a person’s name the text gives in full elsewhere';
      } else if (b?.type) {
        c.type = b.type;
        c.held = false;
        c.note = `a name the text gives as ${b.type === 'organization' || b.type === 'other' ? 'an' : 'a'} ${b.type} elsewhere`;
      }
      continue;
    }
    if (single && c.strength === Strength.Guess && localPlaces.has(c.key) && !personParts.has(c.key)) {
      c.type = 'place';
      continue;
    }
    if (single && personParts.has(c.key) && c.strength < Strength.Strong && !c.titled) {
      c.type = 'person';
      c.strength = Strength.Context;
      continue;
    }
    const b = best.get(c.key);
    if (b && b !== c && b.strength > c.strength && b.type) {
      // Sports clubs keep their club reading only in results context.
      if (!(b.type === 'place' && c.type === 'organization')) c.type = b.type;
    }
    // A headline word typed only by a capital-free guess is dropped.
    if (!c.type && tokens.get(c.first).inCapsLine) {
      const other = best.get(c.key);
      if (other?.type) c.type = other.type;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Grouping mentions into entities, with aliases and roles.

interface Cluster {
  type: NameType;
  mentions: Mention[];
  chunks: Chunk[];
  forms: Map<string, string>;
}

const ACRONYM_RE = /^\p{Lu}{2,8}$|^(?:\p{Lu}\.){2,}$/u;

/** Cheap pre-check for ACRONYM_RE: its second character is a capital or a period, never a-z. */
function mayBeAcronym(s: string): boolean {
  const c = s.charCodeAt(1);
  return s.length >= 2 && !(c >= 97 && c <= 122);
}

function buildEntities(text: string, tokens: TokenList, lowerSeen: WordSet, chunks: Chunk[]): Entity[] {
  const clusters: Cluster[] = [];
  /** Clusters by type, then by chunk key. */
  const byKey = new Map<NameType, Map<string, Cluster>>();
  const keyedOf = (type: NameType): Map<string, Cluster> => {
    let map = byKey.get(type);
    if (!map) byKey.set(type, (map = new Map()));
    return map;
  };
  const bySurname = new Map<string, Cluster>();
  const byAcronym = new Map<string, Cluster>();
  for (let ci = 0; ci < chunks.length; ci++) {
    const c = chunks[ci];
    const type = c.type as NameType;
    let cluster = keyedOf(type).get(c.key);
    const single = c.first === c.last;
    if (!cluster && single && type === 'person') cluster = bySurname.get(c.key);
    if (!cluster && single && mayBeAcronym(c.text) && ACRONYM_RE.test(c.text)) cluster = byAcronym.get(c.text.replace(/\./g, ''));
    if (!cluster) {
      cluster = { type, mentions: [], chunks: [], forms: new Map() };
      clusters.push(cluster);
    }
    cluster.mentions.push({ start: c.start, end: c.end, text: c.text });
    cluster.chunks.push(c);
    if (!cluster.forms.has(c.key)) cluster.forms.set(c.key, c.text);
    keyedOf(cluster.type).set(c.key, cluster);
    if (cluster.type === 'person' && !single) {
      bySurname.set(tokens.get(c.last).lower, cluster);
      bySurname.set(keyOf(tokens, c.first + 1, c.last), cluster);
    }
    // "World Health Organization (WHO)": the bracketed acronym aliases the organization.
    // Punctuation codes first, so most chunks make no Token objects for their neighbours.
    const bracketed = !single && c.last + 3 < tokens.length && tokens.punctCode(c.last + 1) === 40 && tokens.punctCode(c.last + 3) === 41;
    const acr = bracketed ? tokens.get(c.last + 2) : undefined;
    if (acr && ACRONYM_RE.test(acr.text)) {
      const letters = acr.text.replace(/\./g, '');
      if (initialsMatch(tokens, c.first, c.last, letters)) byAcronym.set(letters, cluster);
    }
  }
  const entities: Entity[] = [];
  const byId = new Map<string, Entity>();
  for (const cluster of clusters) {
    let name = '';
    let nameWords = 0;
    for (const form of cluster.forms.values()) {
      const words = form.split(/\s+/).length;
      if (words > nameWords || (words === nameWords && form.length > name.length)) {
        name = form;
        nameWords = words;
      }
    }
    name = name.replace(/\s+/g, ' ');
    const id = `${cluster.type}:${slug(name)}`;
    const existing = byId.get(id);
    if (existing) {
      existing.mentions.push(...cluster.mentions);
      existing.mentions.sort((a, b) => a.start - b.start);
      for (const f of cluster.forms.values()) addAlias(existing, f);
      continue;
    }
    const entity: Entity = { id, type: cluster.type, name, aliases: [], mentions: cluster.mentions };
    const reasons = reasonsOf(text, tokens, lowerSeen, cluster.chunks[0]);
    if (reasons) entity.reasons = reasons;
    for (const f of cluster.forms.values()) addAlias(entity, f);
    if (cluster.type === 'person' || cluster.type === 'organization') {
      // The role is given at the first mentions; later ones are not searched (a long text repeats names).
      for (const c of cluster.chunks.slice(0, 4)) {
        const role = findRole(text, tokens, c);
        if (role) {
          entity.role = role;
          break;
        }
      }
    }
    byId.set(id, entity);
    entities.push(entity);
  }
  return entities;
}

function addAlias(entity: Entity, form: string): void {
  const f = form.replace(/\s+/g, ' ');
  if (f !== entity.name && !entity.aliases.includes(f)) entity.aliases.push(f);
}

function initialsMatch(tokens: TokenList, first: number, last: number, letters: string): boolean {
  let initials = '';
  let all = '';
  for (let k = first; k <= last; k++) {
    const t = tokens.get(k);
    if (!t.capitalized) continue;
    all += t.text[0];
    if (!NAME_CONNECTORS.has(t.lower)) initials += t.text[0];
  }
  const l = letters.toUpperCase();
  return initials.toUpperCase() === l || all.toUpperCase() === l || (l.length >= 2 && initials.toUpperCase().startsWith(l));
}

export function slug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '') || 'unnamed'
  );
}

const ROLE_STOP = new Set([
  'the',
  'a',
  'an',
  'and',
  'or',
  'but',
  'by',
  'with',
  'as',
  'to',
  'for',
  'that',
  'which',
  'who',
  'when',
  'said',
  'says',
  'told',
  'after',
  'before',
  'while',
  'than',
  'then',
]);

/** "A spokeswoman for the union, Karen Doyle, said": a role phrase closed by the comma before the name. */
function roleBeforeComma(text: string, tokens: TokenList, c: Chunk): Mention | undefined {
  const comma = tokens.at(c.first - 1);
  const closing = tokens.at(c.last + 1);
  if (comma?.text !== ',' || !closing || (closing.text !== ',' && closing.kind !== 'word')) return undefined;
  const s = comma.sentence;
  let roleStart = -1;
  for (let k = c.first - 2, steps = 0; k >= 0 && steps < 8; k--, steps++) {
    const t = tokens.get(k);
    if (t.sentence !== s || (t.kind === 'punct' && t.text !== "'s" && t.text !== '’s')) break;
    if (ROLE_NOUNS.has(t.lower)) {
      const det = tokens.at(k - 1);
      // The phrase must open the clause: at the sentence start or after an article.
      if (!det || det.sentence !== s || det.kind === 'punct' || det.lower === 'a' || det.lower === 'an' || det.lower === 'the') roleStart = k;
    }
    if (PERSON_VERBS.has(t.lower)) break;
  }
  if (roleStart < 0) return undefined;
  const start = tokens.get(roleStart).start;
  const end = tokens.get(c.first - 2).end;
  return { start, end, text: text.slice(start, end) };
}

/** The role phrase before the name ("Russian foreign ministry spokeswoman") or in an appositive after it. */
function findRole(text: string, tokens: TokenList, c: Chunk): Mention | undefined {
  const s = tokens.get(c.first).sentence;
  // Before: titles/demonyms peeled from the chunk, extended back over lower-case role words.
  let from = c.roleFirst ?? c.first;
  let hasRole = c.roleFirst !== undefined;
  for (let k = from - 1, steps = 0; k >= 0 && steps < 6; k--, steps++) {
    const t = tokens.get(k);
    if (t.sentence !== s || t.kind !== 'word' || ROLE_STOP.has(t.lower) || PERSON_VERBS.has(t.lower)) break;
    if (k === from - 1 && !ROLE_NOUNS.has(t.lower) && !TITLES.has(t.lower) && !hasRole) break;
    if (COMMON_WORDS.has(t.lower) && !ROLE_NOUNS.has(t.lower) && !DEMONYMS.has(t.lower)) break;
    hasRole = true;
    from = k;
  }
  if (hasRole && from < c.first) {
    // Only titles that are words of office, not bare honorifics ("Mr.").
    const lastRole = tokens.at(c.first - 1);
    if (lastRole && !(HONORIFICS.has(lastRole.lower) && from === c.first - 1)) {
      const start = tokens.get(from).start;
      let end = lastRole.end;
      if (HONORIFICS.has(lastRole.lower)) end = tokens.get(c.first - 2).end;
      if (end > start) return { start, end, text: text.slice(start, end) };
    }
  }
  const before = roleBeforeComma(text, tokens, c);
  if (before) return before;
  // After: "Tomas Brenner, the authority's chief engineer, ..." — an appositive holding a role noun.
  const comma = tokens.at(c.last + 1);
  if (comma?.text !== ',' || comma.sentence !== s) return undefined;
  let k = c.last + 2;
  const begin = k;
  let sawRole = false;
  for (let steps = 0; k < tokens.length && steps < 10; k++, steps++) {
    const t = tokens.get(k);
    if (t.sentence !== s) break;
    if (t.kind === 'punct' && t.text !== "'s" && t.text !== '’s' && t.text !== '-') break;
    if (PERSON_VERBS.has(t.lower) || t.lower === 'who' || t.lower === 'which') return undefined;
    if (ROLE_NOUNS.has(t.lower)) sawRole = true;
  }
  const stop = tokens.at(k);
  if (!sawRole || k === begin || (stop && stop.sentence === s && !(stop.text === ',' || stop.text === '.' || stop.text === ';' || stop.text === ')')))
    return undefined;
  const start = tokens.get(begin).start;
  const end = tokens.get(k - 1).end;
  return { start, end, text: text.slice(start, end) };
}
