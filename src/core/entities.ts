// Named entities: people, organizations, places. Rules and gazetteers, no model:
// 1. tokenize prose; 2. chunk runs of capitalized words (with particles and "of"-style connectors);
// 3. peel titles, nationality adjectives and sentence-initial common words off each chunk;
// 4. type each chunk from gazetteers, name heads/suffixes and context (titles, "said", "in X");
// 5. make types consistent across the document and group mentions (surnames, acronyms) into entities;
// 6. attach the role the text gives a person ("Ukrainian President", ", the authority's chief engineer").
import {
  COMMON_WORDS,
  COUNTRIES,
  DEMONYMS,
  HONORIFICS,
  KNOWN_ORGANIZATIONS,
  LOCALITIES,
  NAME_CONNECTORS,
  NON_NAMES,
  ROLE_NOUNS,
  PERSON_VERBS,
  TITLES,
  LEX_CLUB_PREFIX,
  LEX_COMMON,
  LEX_COUNTRY,
  LEX_DEMONYM,
  LEX_EVENT_HEAD,
  LEX_FIRST_NAME,
  LEX_FUNCTION_WORD,
  LEX_HONORIFIC,
  LEX_KNOWN_NAME,
  LEX_KNOWN_ORGANIZATION,
  LEX_LOCALITY,
  LEX_NAME_CONNECTOR,
  LEX_NAME_PARTICLE,
  LEX_NON_NAME,
  LEX_ORG_DESCRIPTOR,
  LEX_ORG_HEAD,
  LEX_ORG_SUFFIX,
  LEX_PERSON_VERB,
  LEX_PLACE_HEAD,
  LEX_PLACE_NOUN_AFTER,
  LEX_PLACE_PREFIX,
  LEX_PLACE_PREPOSITION,
  LEX_ROLE_NOUN,
  LEX_SPORTS_CONTEXT,
  LEX_TITLE,
  NAME_PREFIX,
  NAME_SAINT,
  NAME_TRIE,
  type NameNode,
} from './entities-lexicon';
import {
  findLowerSeen,
  KIND_NUMBER,
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
  type FormRows,
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

/**
 * Every field is always present, written in this order wherever a chunk is made, so all chunks share
 * one object shape and the passes over them stay monomorphic.
 */
interface Chunk {
  /** Token index range [first, last] of the name itself (titles and demonyms peeled off). */
  first: number;
  last: number;
  start: number;
  end: number;
  text: string;
  /** Lower-case, single-spaced key for document-level matching. */
  key: string;
  type: NameType | undefined;
  strength: Strength;
  /** Token index where a pre-name role (titles, demonyms, role nouns) starts, if any. */
  roleFirst: number | undefined;
  titled: boolean;
  /** The tagger's strongest feature rows for its label (see explain), or undefined for a rules-only chunk. */
  why: number[] | undefined;
  /**
   * A rules' chunk the tagger did not take: kept aside, and a name after all only where the document
   * names it elsewhere (the same name, or a person's surname; see harmonize).
   */
  held: boolean | undefined;
  /** A rule that overrode the tagger's type, in words (first among the reasons). */
  note: string | undefined;
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
    const chunks = tagChunks(text, tokens, lowerSeen, new ChunkTexts());
    harmonize(chunks, tokens);
    return buildEntities(
      text,
      tokens,
      lowerSeen,
      chunks.filter((c) => c.type && !c.held),
    );
  } finally {
    // The memo must not keep the document's tokens alive.
    forgetKey();
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
  const chunkTexts = new ChunkTexts();
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
  return (tokens.lexAt(k) & (LEX_NAME_PARTICLE | LEX_NAME_CONNECTOR)) !== 0;
}

/** A name whose tagger evidence is wanted (see explain): its first and last token. */
interface ExplainTarget {
  first: number;
  last: number;
}

/**
 * Name chunks in tokens [from, to): the rules' chunks become features, the tagger labels each run
 * of candidate tokens. `sink`, for training, receives every segment's features and then the rules'
 * chunks are returned as they are (the model being fitted is not the shipped one). The tagger's
 * chunk for `explaining`, if it finds one, gets its strongest features (`why`).
 */
function tagChunks(
  text: string,
  tokens: TokenList,
  lowerSeen: WordSet,
  texts: ChunkTexts,
  from = 0,
  to = tokens.length,
  sink?: TaggedSegment[],
  explaining?: ExplainTarget,
): Chunk[] {
  const ruleChunks = findChunks(text, tokens, lowerSeen, texts, from, to);
  for (const chunk of ruleChunks) classify(chunk, tokens);
  const n = to - from;
  const ruleTags = new Uint8Array(n);
  // 1 + the index in ruleChunks of the typed rule chunk holding each token, or 0 (a fresh array is all 0s: no fill).
  const ruleAt = new Int32Array(n);
  for (let ci = 0; ci < ruleChunks.length; ci++) {
    const c = ruleChunks[ci];
    if (!c.type) continue;
    const t = TYPE_INDEX[c.type];
    for (let k = c.first; k <= c.last; k++) {
      ruleTags[k - from] = ruleTagIndex(k === c.first ? beginOf(t) : insideOf(t), c.strength);
      ruleAt[k - from] = ci + 1;
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
    } else if (explaining === undefined || (k <= explaining.last && explaining.last < end)) {
      // Explaining wants only the name's own chunk, which lies in the segment holding its last token:
      // the sentence's other segments are not decoded.
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

/** Form rows of token k, kept on its word forms: each distinct text is looked up once. */
function tokenRows(model: EntityModel, tokens: TokenList, k: number): FormRows {
  const forms = tokens.formsAt(k);
  return (forms.rows ??= rowsOfForm(model, forms.text));
}

/** Form rows of tokens a-AROUND .. b+AROUND-1 (index 0 is token a-AROUND), the sentence-edge forms outside [a, b)'s sentence. */
function formRowsAround(model: EntityModel, tokens: TokenList, a: number, b: number): FormRows[] {
  const out = segmentForms;
  const s = tokens.sentences[a];
  let i = 0;
  for (let j = a - AROUND; j < b + AROUND; j++, i++) {
    const inside = j >= 0 && j < tokens.length && tokens.sentences[j] === s;
    out[i] = inside ? tokenRows(model, tokens, j) : rowsOfForm(model, j < a ? BEFORE_SENTENCE : AFTER_SENTENCE);
  }
  return out;
}

/** Token k's position facts packed into one number (as positionKey packs them). */
function positionKeyAt(tokens: TokenList, lowerSeen: WordSet, ruleTags: Uint8Array, from: number, k: number): number {
  const s = tokens.sentences[k];
  const capsLine = tokens.capsLines[k] === 1;
  const capital = tokens.kinds[k] === KIND_WORD && tokens.caps[k] === 1 && !capsLine;
  const rulePrev = k - 1 >= from && tokens.sentences[k - 1] === s ? ruleTags[k - 1 - from] : 0;
  const ruleNext = k + 1 < from + ruleTags.length && tokens.sentences[k + 1] === s ? ruleTags[k + 1 - from] : 0;
  const seenLower = capital && lowerSeen.has(tokens.lowerAt(k));
  return (
    ((((ruleTags[k - from] * RULE_TAGS.length + rulePrev) * RULE_TAGS.length + ruleNext) * 2 + (capsLine ? 1 : 0)) * 2 + tokens.sentenceStarts[k]) * 2 +
    (seenLower ? 1 : 0)
  );
}

/** Feature rows of the position facts with key `key` (token k's), made once per distinct facts. */
function positionRowsOf(model: EntityModel, tokens: TokenList, lowerSeen: WordSet, ruleTags: Uint8Array, from: number, k: number, key: number): Int32Array {
  return positionRows.get(key) ?? rowsOfPosition(model, factsAt(tokens, lowerSeen, ruleTags, from, k));
}

/** Feature rows of token k's position facts (see positionKey), made once per distinct facts. */
function positionRowsAt(model: EntityModel, tokens: TokenList, lowerSeen: WordSet, ruleTags: Uint8Array, from: number, k: number): Int32Array {
  return positionRowsOf(model, tokens, lowerSeen, ruleTags, from, k, positionKeyAt(tokens, lowerSeen, ruleTags, from, k));
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

/**
 * Labels of segments decoded before, by what the tagger reads of them (see readSegment): the same
 * reading gives the same scores, so the same labels. Articles repeat names in the same words ("said
 * Anna Nguyen, the") many times. A direct-mapped table: a colliding reading replaces the entry.
 */
const SEGMENT_MEMO_SLOTS = 1 << 14;
/** Longer segments are decoded every time (rare, and their readings seldom repeat). */
const SEGMENT_MEMO_MAX_TOKENS = 8;
/** Form ids (WordForms.id is never negative) of the sentence edges. */
const BEFORE_SENTENCE_ID = -1;
const AFTER_SENTENCE_ID = -2;

/** readSegment's output: the segment length, the form ids of tokens a-AROUND .. b+AROUND-1, the position keys of tokens a .. b-1. */
const segmentReading = new Int32Array(1 + 2 * SEGMENT_MEMO_MAX_TOKENS + 2 * AROUND);
/**
 * The table, flat (a probe reads one stretch of memory, not an object and its arrays): slot s holds a
 * reading's length at memoReadings[s * READING_STRIDE] (0: empty) and the reading after it, and the
 * labels at memoLabels[s * SEGMENT_MEMO_MAX_TOKENS ...].
 */
const READING_STRIDE = 1 + segmentReading.length;
const memoReadings = new Int32Array(SEGMENT_MEMO_SLOTS * READING_STRIDE);
const memoLabels = new Uint8Array(SEGMENT_MEMO_SLOTS * SEGMENT_MEMO_MAX_TOKENS);
/** The position keys of the segment being decoded. */
let segmentPositions = new Int32Array(16);

/**
 * Writes segment [a, b)'s reading into segmentReading (b - a <= SEGMENT_MEMO_MAX_TOKENS) and returns
 * its length; segmentPositions must hold the tokens' position keys.
 */
function readSegment(tokens: TokenList, a: number, b: number): number {
  const reading = segmentReading;
  const s = tokens.sentences[a];
  let i = 0;
  reading[i++] = b - a;
  for (let j = a - AROUND; j < b + AROUND; j++) {
    const inside = j >= 0 && j < tokens.length && tokens.sentences[j] === s;
    reading[i++] = inside ? tokens.formsAt(j).id : j < a ? BEFORE_SENTENCE_ID : AFTER_SENTENCE_ID;
  }
  for (let k = 0; k < b - a; k++) reading[i++] = segmentPositions[k];
  return i;
}

function readingSlot(length: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < length; i++) hash = Math.imul(hash ^ segmentReading[i], 0x01000193);
  return (hash >>> 0) & (SEGMENT_MEMO_SLOTS - 1);
}

/** Whether memo slot `slot` holds segmentReading[0, length). */
function sameReading(slot: number, length: number): boolean {
  const base = slot * READING_STRIDE;
  if (memoReadings[base] !== length) return false;
  for (let i = 0; i < length; i++) if (memoReadings[base + 1 + i] !== segmentReading[i]) return false;
  return true;
}

/** Stores segmentReading[0, length) and the first n labels in memo slot `slot`. */
function remember(slot: number, length: number, labels: Uint8Array, n: number): void {
  const base = slot * READING_STRIDE;
  memoReadings[base] = length;
  for (let i = 0; i < length; i++) memoReadings[base + 1 + i] = segmentReading[i];
  for (let i = 0; i < n; i++) memoLabels[slot * SEGMENT_MEMO_MAX_TOKENS + i] = labels[i];
}

/** Labels tokens [a, b) with the model and appends the names it finds to `out`. */
function decodeSegment(
  text: string,
  tokens: TokenList,
  model: EntityModel,
  lowerSeen: WordSet,
  ruleTags: Uint8Array,
  ruleAt: Int32Array,
  ruleChunks: Chunk[],
  texts: ChunkTexts,
  from: number,
  a: number,
  b: number,
  out: Chunk[],
  explaining: ExplainTarget | undefined,
): void {
  const n = b - a;
  const L = NUM_LABELS;
  const W = model.weights;
  // Scratch arrays shared by every segment: each token's scores are set below before they are read.
  if (segmentScores.length < n * L) {
    segmentScores = new Float32Array(Math.max(n * L, 2 * segmentScores.length));
    segmentLabels = new Uint8Array(segmentScores.length / L);
  }
  if (segmentPositions.length < n) segmentPositions = new Int32Array(Math.max(n, 2 * segmentPositions.length));
  for (let k = a; k < b; k++) segmentPositions[k - a] = positionKeyAt(tokens, lowerSeen, ruleTags, from, k);
  const scores = segmentScores;
  const labels = segmentLabels;
  // Explaining reads the scores, so the segment holding the name explained is always decoded.
  const explainHere = explaining !== undefined && a <= explaining.last && explaining.last < b;
  const memoized = !explainHere && n <= SEGMENT_MEMO_MAX_TOKENS;
  const readingLength = memoized ? readSegment(tokens, a, b) : 0;
  const slot = memoized ? readingSlot(readingLength) : 0;
  if (memoized && sameReading(slot, readingLength)) {
    // A loop: TypedArray#set costs more than copying a few labels.
    for (let i = 0; i < n; i++) labels[i] = memoLabels[slot * SEGMENT_MEMO_MAX_TOKENS + i];
  } else {
    // The rows of every form the segment reads, looked up once: tokens a-2 .. b+1 (all of the segment
    // is one sentence, so a neighbour outside it reads as the sentence edge, as formAround gives).
    const forms = formRowsAround(model, tokens, a, b);
    for (let k = a; k < b; k++) {
      const base = (k - a) * L;
      // The same sums, in the same order, as adding own, position and neighbour rows one by one.
      scores.set(forms[k - a + AROUND].selfScores, base);
      addRows(scores, base, positionRowsOf(model, tokens, lowerSeen, ruleTags, from, k, segmentPositions[k - a]), W);
      for (let o = 0; o < 4; o++) addRows(scores, base, forms[k - a + AROUND + OFFSETS[o]].around[o], W);
    }
    viterbi(scores, n, model.transitions, labels);
    if (memoized) remember(slot, readingLength, labels, n);
  }
  for (let i = 0; i < n; i++) {
    if (labels[i] === 0) continue;
    let j = i;
    while (j + 1 < n && isInside(labels[j + 1])) j++;
    const type = TYPES[typeOfLabel(labels[i])];
    const chunk = modelChunk(text, tokens, ruleAt, ruleChunks, texts, from, a + i, a + j, type);
    if (chunk) {
      if (explainHere && chunk.first === explaining.first && chunk.last === explaining.last) {
        chunk.why = explain(model, tokens, lowerSeen, ruleTags, from, a, scores, labels, i, j);
      }
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
  texts: ChunkTexts,
  from: number,
  taggedFirst: number,
  last: number,
  tagged: EntityType,
): Chunk | null {
  let type = tagged;
  let first = taggedFirst;
  // "Storm Ingrid pushed ...": the event word opening a sentence is part of the name.
  if (first > from && tokens.sentences[first - 1] === tokens.sentences[first] && tokens.caps[first - 1] && tokens.lexAt(first - 1) & LEX_EVENT_HEAD) first--;
  // "Storm Ingrid", "Hurricane Maria": a named event, whatever the name after the head word reads as.
  const event = last > first && (tokens.lexAt(first) & LEX_EVENT_HEAD) !== 0 && type !== 'other';
  if (event) type = 'other';
  // A lone "other" word is a nationality or a loose label ("German", "Internet"), not worth a mark.
  if (type === 'other' && first === last) return null;
  // "Regional Affairs Correspondent" in a byline: a job, not a name.
  if (!tokens.capsLines[last] && (tokens.lexAt(last) & (LEX_ROLE_NOUN | LEX_ORG_SUFFIX)) === LEX_ROLE_NOUN) return null;
  const ri = ruleAt[first - from];
  const rule = ri !== 0 && ruleAt[last - from] === ri ? ruleChunks[ri - 1] : undefined;
  const same = rule !== undefined && rule.first === first && rule.last === last;
  // The rules' own chunk, field for field (an event name is typed 'other', which the rules never give):
  // taken as it is rather than copied. No other tagger chunk has its range.
  if (same && rule.type === type) return rule;
  const start = tokens.starts[first];
  const end = tokens.ends[last];
  const forms = same ? rule : chunkFormsOf(text, tokens, first, last, texts);
  const before = first > 0 && tokens.sentences[first - 1] === tokens.sentences[first];
  const titled = same ? rule.titled : before && (tokens.lexAt(first - 1) & (LEX_TITLE | LEX_HONORIFIC)) !== 0;
  return {
    first,
    last,
    start,
    end,
    text: forms.text,
    key: forms.key,
    type,
    // The rules' chunk of the same range has another type here (their strength is for theirs).
    strength: Strength.Context,
    roleFirst: same ? rule.roleFirst : undefined,
    titled,
    why: undefined,
    held: undefined,
    note: event ? `opens with an event word (“${tokens.textAt(first)}”)` : undefined,
  };
}

const HYPHEN_PREFIX = /^((?:\p{Lu}\.){2,}|\p{Lu}{2,6}|\p{Lu}\p{L}+)-\p{Ll}/u;

/**
 * "EU-backed", "UN-led", "Kenya-based": the name before the hyphen of a compound adjective, when it
 * is an acronym or a gazetteer name, is a mention of its own (typed organization, or place for a
 * known place). A tagger chunk that is the whole compound is cut to the name; `chunks` stays sorted.
 */
function hyphenatedNames(text: string, tokens: TokenList, texts: ChunkTexts, from: number, to: number, chunks: Chunk[]): void {
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
    const forms = chunkForms(text, start, start + name.length, key, texts.cut);
    const chunk: Chunk = {
      first: k,
      last: k,
      start,
      end: start + name.length,
      text: forms.text,
      key: forms.key,
      type: place && !KNOWN_ORGANIZATIONS.has(key) ? 'place' : 'organization',
      strength: Strength.Context,
      roleFirst: undefined,
      titled: false,
      why: undefined,
      held: undefined,
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
  const again = tagChunks(text, tokens, lowerSeen, new ChunkTexts(), from, to, undefined, chunk).find(
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
  tagChunks(text, tokens, lowerSeen, new ChunkTexts(), 0, tokens.length, sink);
  forgetKey();
  return sink;
}

const INITIAL = /^\p{Lu}\.$/u;
const isInitial = (t: Token): boolean => t.kind === 'word' && INITIAL.test(t.text);
/** isInitial of token k without making its Token: a capital and a period (one UTF-16 unit each, or a pair). */
const isInitialAt = (tokens: TokenList, k: number): boolean =>
  tokens.kinds[k] === KIND_WORD && tokens.ends[k] - tokens.starts[k] <= 3 && INITIAL.test(tokens.textAt(k));
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
  if ((tokens.lexAt(k) & (LEX_NON_NAME | LEX_KNOWN_ORGANIZATION)) === LEX_NON_NAME) return false;
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
 * `texts`: chunk keys and texts, shared by the chunks of one name (see chunkFormsOf).
 */
function findChunks(text: string, tokens: TokenList, lowerSeen: WordSet, texts: ChunkTexts, from = 0, to = tokens.length): Chunk[] {
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
      if (tokens.kinds[n1] === KIND_WORD && !tokens.caps[n1] && !tokens.capsLines[n1] && tokens.lexAt(n1) & LEX_NAME_PARTICLE) {
        // "Joost van der Westhuizen": particles may chain before the capitalized word.
        let k = j + 1;
        while (k + 1 < tokens.length && k - j < 4 && tokens.kinds[k + 1] === KIND_WORD && !tokens.caps[k + 1] && tokens.lexAt(k + 1) & LEX_NAME_PARTICLE) k++;
        if (k + 1 < tokens.length && nameLikeAt(text, tokens, k + 1) && tokens.sentences[k + 1] === sentence) {
          j = k + 1;
          continue;
        }
        break;
      }
      const n2 = j + 2;
      if (n2 >= tokens.length || !nameLikeAt(text, tokens, n2) || tokens.sentences[n2] !== sentence) break;
      const nextLower = tokens.lowerAt(n1);
      if (tokens.lexAt(n1) & LEX_NAME_CONNECTOR && hasHeadBefore(tokens, i, j) && !tokens.capsLines[n1]) {
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
  let node = NAME_TRIE.get(tokens.lowerAt(first));
  let known = -1;
  for (let k = first + 1; k <= Math.min(last, first + 3) && node !== undefined && node.bits & NAME_PREFIX; k++) {
    node = nextName(node, tokens, k);
    if (node !== undefined && node.bits & LEX_KNOWN_NAME) known = k;
  }
  if (known >= 0) return known;
  if (endsInOrgWord(tokens, first, last) || hasHeadBefore(tokens, first, last)) return last;
  if (tokens.lexAt(first) & LEX_FIRST_NAME && last > first) return first + 1;
  return first;
}

/** The trie node of the words up to token k, from the node of the words up to k - 1 (see NAME_TRIE). */
function nextName(node: NameNode, tokens: TokenList, k: number): NameNode | undefined {
  return node.next?.get(tokens.lowerAt(k));
}

/** LEX_KNOWN_NAME bits of tokens [first, last] as one name (the gazetteers that hold their key). */
function knownNameBits(tokens: TokenList, first: number, last: number): number {
  if (first === last) return tokens.lexAt(first) & LEX_KNOWN_NAME;
  let node = NAME_TRIE.get(tokens.lowerAt(first));
  for (let k = first + 1; k <= last && node !== undefined; k++) node = nextName(node, tokens, k);
  return node === undefined ? 0 : node.bits & LEX_KNOWN_NAME;
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
  let node = NAME_TRIE.get(tokens.lowerAt(first));
  let end = last;
  for (let k = first + 1; k < Math.min(tokens.length, first + 4) && node !== undefined && node.bits & NAME_PREFIX; k++) {
    if (tokens.sentences[k] !== tokens.sentences[first] || tokens.kinds[k] !== KIND_WORD) break;
    node = nextName(node, tokens, k);
    if (k > end && node !== undefined && node.bits & LEX_KNOWN_NAME) end = k;
  }
  return end;
}

/** "Lebed Chechnya peace plan": two names side by side; cut before a known place inside an unknown run. */
function splitBeforePlace(tokens: TokenList, first: number, last: number): number {
  if (last === first) return last;
  if (knownNameBits(tokens, first, last)) return last;
  if (tokens.lexAt(first) & (LEX_FIRST_NAME | LEX_HONORIFIC | LEX_TITLE) || isInitialAt(tokens, first)) return last;
  if (hasHeadBefore(tokens, first, last) || tokens.lexAt(first) & LEX_CLUB_PREFIX) return last;
  for (let p = first + 1; p <= last; p++) {
    if (!tokens.caps[p - 1] || !tokens.caps[p]) return last;
    const w = tokens.lexAt(p);
    // Countries split anywhere; a city after an unknown word may be a surname ("Neal Lancaster").
    if ((w & LEX_COUNTRY || (w & LEX_LOCALITY && p < last) || startsKnownName(tokens, p, last)) && !startsKnownName(tokens, first, last)) {
      if (tokens.lexAt(p - 1) & (LEX_DEMONYM | LEX_TITLE)) return last;
      return p - 1;
    }
  }
  return last;
}

/** "U.S. President Bill Clinton": a known place or organization, then a title, starts a second name. */
function splitBeforeTitle(tokens: TokenList, first: number, last: number): number {
  // "U.S. Agriculture Department" is one name
  if (endsInOrgWord(tokens, first, last) && !(last - 1 >= 0 && tokens.lexAt(last - 1) & LEX_FIRST_NAME)) return last;
  for (let p = first; p < last; p++) {
    if (!(tokens.lexAt(p + 1) & (LEX_TITLE | LEX_HONORIFIC))) continue;
    if (knownNameBits(tokens, first, p)) return p;
    // "Federal Reserve Governor Lawrence Lindsey": an organization, then a titled person.
    if (p + 2 <= last && endsInOrgWord(tokens, first, p) && !(tokens.lexAt(p) & LEX_TITLE)) return p;
    if (p + 2 <= last && tokens.lexAt(p + 2) & LEX_FIRST_NAME && !(tokens.lexAt(p) & (LEX_TITLE | LEX_HONORIFIC))) return p;
  }
  return last;
}

function hasConnector(tokens: TokenList, from: number, to: number): boolean {
  for (let k = from; k <= to; k++) if (tokens.lowerAt(k) === 'of' || tokens.lowerAt(k) === 'for') return true;
  return false;
}

function hasHeadBefore(tokens: TokenList, from: number, to: number): boolean {
  for (let k = from; k <= to; k++) if (tokens.lexAt(k) & (LEX_ORG_HEAD | LEX_ORG_SUFFIX | LEX_PLACE_HEAD)) return true;
  return false;
}

/** Removes titles, nationality adjectives and sentence-initial common words from a raw chunk's front. */
function peel(text: string, tokens: TokenList, first: number, last: number, lowerSeen: WordSet, texts: ChunkTexts): Chunk | null {
  let start = first;
  let titled = false;
  let roleFirst: number | undefined;
  const wholeKnown = knownNameBits(tokens, first, last) !== 0;
  while (start <= last && !wholeKnown) {
    const lex = tokens.lexAt(start);
    const nextLex = start < last ? tokens.lexAt(start + 1) : 0;
    const rest = last - start; // tokens after this one
    if (startsKnownName(tokens, start, last)) break;
    if (lex & LEX_FUNCTION_WORD || isCommonAtStart(tokens, start, lowerSeen)) {
      start++;
      roleFirst = undefined;
      continue;
    }
    // "Flanker Pieter van der Berg": an unknown sentence-initial word before a given name is a description.
    if (tokens.sentenceStarts[start] && rest > 0 && nextLex & LEX_FIRST_NAME && !(lex & LEX_FIRST_NAME) && !(lex & KNOWN_SINGLE)) {
      roleFirst ??= start;
      start++;
      continue;
    }
    if (rest > 0 && endsInOrgWord(tokens, start + 1, last) && !(nextLex & LEX_TITLE)) {
      // "Foreign Ministry", "State Department": a title word opening an organization name stays.
      if (lex & LEX_DEMONYM && rest >= 2) {
        roleFirst ??= start;
        start++;
        continue;
      }
      break;
    }
    // "Christian Blanc", "Dean Jones": a given name that is also a title or adjective, before a surname.
    if (rest > 0 && lex & LEX_FIRST_NAME && !(nextLex & (LEX_TITLE | LEX_HONORIFIC | LEX_DEMONYM))) break;
    // Role nouns written with a capital before a name: "Economist Joel Naroff", "Democrat Walter Mondale".
    if (lex & (LEX_HONORIFIC | LEX_TITLE) || (rest > 0 && (lex & (LEX_ROLE_NOUN | LEX_FIRST_NAME)) === LEX_ROLE_NOUN)) {
      // A lone honorific/title is no name; one before a name marks a person.
      titled = titled || rest > 0;
      roleFirst ??= start;
      start++;
      continue;
    }
    if (rest > 0 && DEMONYMS.has(`${tokens.lowerAt(start)} ${tokens.lowerAt(start + 1)}`)) {
      roleFirst ??= start;
      start += 2;
      continue;
    }
    if (lex & LEX_DEMONYM) {
      roleFirst ??= start;
      start++;
      continue;
    }
    break;
  }
  // Trailing connectors or particles never end a name.
  let end = last;
  while (end >= start && !tokens.caps[end]) end--;
  // A title trailing a place or organization ("South Carolina Gov.") is not part of its name.
  while (end > start && tokens.lexAt(end) & (LEX_TITLE | LEX_HONORIFIC) && !endsInOrgWord(tokens, start, end)) end--;
  if (end < start) return null;
  // A lone common word is no name, unless written as an acronym in running text ("WHO", "US").
  if (start === end) {
    const lex = tokens.lexAt(start);
    if (isLoneNonName(lex) || ((lex & (LEX_COMMON | LEX_FIRST_NAME)) === LEX_COMMON && (!tokens.allCaps[start] || tokens.capsLines[start]))) return null;
  }
  const forms = chunkFormsOf(text, tokens, start, end, texts);
  return {
    first: start,
    last: end,
    start: tokens.starts[start],
    end: tokens.ends[end],
    text: forms.text,
    key: forms.key,
    type: undefined,
    strength: Strength.Guess,
    roleFirst: roleFirst !== undefined && roleFirst < start ? roleFirst : undefined,
    titled,
    why: undefined,
    held: undefined,
    note: undefined,
  };
}

/** A chunk's key and text, shared by the chunks of one name (see chunkForms). */
interface ChunkForms {
  key: string;
  text: string;
}

/** A chunk key in ChunkTexts' trie: the words up to here, and the forms last made for them. */
interface KeyNode {
  key: string;
  forms: ChunkForms | undefined;
  next: Map<string, KeyNode> | undefined;
}

/**
 * The chunk keys and texts of one analysis: the chunks' keys as a trie over their tokens' lower
 * cases, so a chunk's key is found word by word instead of being joined and hashed each time; and
 * the names cut from before a hyphen, by key.
 */
class ChunkTexts {
  readonly names = new Map<string, KeyNode>();
  readonly cut = new Map<string, ChunkForms>();
}

/** chunkForms for tokens [first, last], whose key is their lower cases joined by spaces (keyOf). */
function chunkFormsOf(text: string, tokens: TokenList, first: number, last: number, texts: ChunkTexts): ChunkForms {
  let level = texts.names;
  let node: KeyNode | undefined;
  for (let k = first; k <= last; k++) {
    const lower = tokens.lowerAt(k);
    let child = level.get(lower);
    if (child === undefined) level.set(lower, (child = { key: node === undefined ? lower : `${node.key} ${lower}`, forms: undefined, next: undefined }));
    node = child;
    if (k < last) level = node.next ??= new Map();
  }
  const start = tokens.starts[first];
  const end = tokens.ends[last];
  let forms = node!.forms;
  if (forms !== undefined && sameText(forms.text, text, start, end)) return forms;
  forms = { key: node!.key, text: text.slice(start, end) };
  node!.forms = forms;
  return forms;
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

/** Whether text[start, end) is `s` (a loop: startsWith is slow on two-byte text). */
function sameText(s: string, text: string, start: number, end: number): boolean {
  if (s.length !== end - start) return false;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}

/** A word a gazetteer or name list knows on its own (see peel). */
const KNOWN_SINGLE = LEX_COUNTRY | LEX_LOCALITY | LEX_KNOWN_ORGANIZATION | LEX_ORG_HEAD | LEX_CLUB_PREFIX | LEX_PLACE_PREFIX;

/** A gazetteer name (up to three words) starts at `start`: "NEW YORK", "ST LOUIS" keep their first word. */
function startsKnownName(tokens: TokenList, start: number, last: number): boolean {
  let node = NAME_TRIE.get(tokens.lowerAt(start));
  for (let k = start + 1; k <= Math.min(last, start + 3) && node !== undefined && node.bits & NAME_PREFIX; k++) {
    node = nextName(node, tokens, k);
    if (node !== undefined && node.bits & (LEX_KNOWN_NAME | NAME_SAINT)) return true;
  }
  return false;
}

/** A lone word with these LEX_ bits is no name. */
function isLoneNonName(lex: number): boolean {
  if (lex & (LEX_CLUB_PREFIX | LEX_KNOWN_ORGANIZATION)) return false;
  return (
    (lex & LEX_ORG_SUFFIX) !== 0 ||
    (lex & LEX_ORG_HEAD) !== 0 ||
    (lex & (LEX_PLACE_HEAD | LEX_LOCALITY)) === LEX_PLACE_HEAD ||
    (lex & (LEX_PLACE_PREFIX | LEX_LOCALITY | LEX_FIRST_NAME)) === LEX_PLACE_PREFIX ||
    (lex & (LEX_ROLE_NOUN | LEX_TITLE | LEX_HONORIFIC | LEX_DEMONYM | LEX_NON_NAME)) !== 0
  );
}

const INFLECTED_ENDING = /(?:ing|ly|ed|ies|ions?|ments?|ness|ity|ous|ive|ful|less|able|ible|ings|ists|ants|ents)$/;
const SHORT_INFLECTED_ENDING = /(?:ing|ed)$/;

/** Token k, sentence-initial (or in a headline), is a common English word rather than a name. */
function isCommonAtStart(tokens: TokenList, k: number, lowerSeen: WordSet): boolean {
  const lex = tokens.lexAt(k);
  const sentenceStart = tokens.sentenceStarts[k] === 1;
  if (lex & LEX_COMMON && (sentenceStart || tokens.capsLines[k])) return true;
  if (!sentenceStart || lex & LEX_KNOWN_NAME || lex & LEX_FIRST_NAME) return false;
  const lower = tokens.lowerAt(k);
  if (lowerSeen.has(lower)) return true;
  // Inflected or derived English words ("Trailing", "Reportedly", "Shipments", "Flamboyant") rarely are names.
  const length = tokens.ends[k] - tokens.starts[k];
  return length >= 6 && INFLECTED_ENDING.test(lower) && !(length < 7 && SHORT_INFLECTED_ENDING.test(lower));
}

/** The last multi-word key made, by token list and range: chunking asks for the same range's key several times in a row. */
const keyMemo: { tokens: TokenList | undefined; first: number; last: number; key: string } = { tokens: undefined, first: 0, last: 0, key: '' };

/** Drops the memo's token list, so it does not keep a document alive. */
function forgetKey(): void {
  keyMemo.tokens = undefined;
}

function keyOf(tokens: TokenList, first: number, last: number): string {
  if (first === last) return tokens.lowerAt(first);
  if (keyMemo.tokens === tokens && keyMemo.first === first && keyMemo.last === last) return keyMemo.key;
  let key = tokens.lowerAt(first);
  for (let k = first + 1; k <= last; k++) key += ' ' + tokens.lowerAt(k);
  keyMemo.tokens = tokens;
  keyMemo.first = first;
  keyMemo.last = last;
  keyMemo.key = key;
  return key;
}

function endsInOrgWord(tokens: TokenList, first: number, last: number): boolean {
  if (first > last) return false;
  return (tokens.lexAt(last) & LEX_ORG_SUFFIX) !== 0 || ((tokens.lexAt(first) & LEX_ORG_HEAD) !== 0 && last > first);
}

function setType(chunk: Chunk, type: NameType, strength: Strength): void {
  chunk.type = type;
  chunk.strength = strength;
}

/** Token k exists and is in sentence `sentence`. */
const inSentence = (tokens: TokenList, k: number, sentence: number): boolean => k >= 0 && k < tokens.length && tokens.sentences[k] === sentence;

function classify(chunk: Chunk, tokens: TokenList): void {
  const { first, last } = chunk;
  const n = last - first + 1;
  const firstLex = tokens.lexAt(first);
  const lastLex = tokens.lexAt(last);
  const sentence = tokens.sentences[first];

  const known = knownNameBits(tokens, first, last);
  if (known & LEX_KNOWN_ORGANIZATION) return setType(chunk, 'organization', Strength.Strong);
  if (known & LEX_COUNTRY) return setType(chunk, 'place', Strength.Strong);
  if (known & LEX_LOCALITY) {
    return setType(chunk, inSportsSlot(chunk, tokens) ? 'organization' : 'place', Strength.Strong);
  }
  if (n >= 2 && namesAState(tokens, first, last)) return setType(chunk, 'place', Strength.Strong);
  if (
    n >= 2 &&
    lastLex & LEX_ORG_SUFFIX &&
    !(firstLex & LEX_FIRST_NAME && n === 2 && !(lastLex & LEX_KNOWN_ORGANIZATION) && !isStrictSuffix(tokens.lowerAt(last)))
  ) {
    return setType(chunk, 'organization', Strength.Strong);
  }
  if (n >= 2 && (firstLex & (LEX_ORG_HEAD | LEX_FIRST_NAME)) === LEX_ORG_HEAD) return setType(chunk, 'organization', Strength.Strong);
  const lastLower = tokens.lowerAt(last);
  if (n >= 2 && (lastLower === 'city' || lastLower === 'town' || lastLower === 'county')) {
    return setType(chunk, knownNameBits(tokens, first, last - 1) & LEX_LOCALITY ? 'organization' : 'place', Strength.Strong);
  }
  if (chunk.titled) return setType(chunk, 'person', Strength.Strong);
  if (firstLex & LEX_CLUB_PREFIX && (n >= 2 || !(firstLex & LEX_FIRST_NAME))) return setType(chunk, 'organization', Strength.Strong);
  for (let k = first + 1; k < last; k++) if (tokens.punctCode(k) === AMPERSAND) return setType(chunk, 'organization', Strength.Strong);
  if (n >= 2 && (firstLex & LEX_FIRST_NAME || isInitialAt(tokens, first)) && !(lastLex & LEX_PLACE_HEAD)) {
    return setType(chunk, 'person', Strength.Strong);
  }
  if (n >= 2 && lastLex & LEX_PLACE_HEAD) return setType(chunk, 'place', Strength.Strong);
  if (n >= 2 && firstLex & LEX_PLACE_PREFIX && !DIRECTION_PREFIXES.has(tokens.lowerAt(first))) {
    return setType(chunk, 'place', Strength.Strong);
  }
  // The neighbours are read only here: most chunks are typed above without them.
  const prev = first - 1;
  const next = last + 1;
  const prevIn = inSentence(tokens, prev, sentence);
  const nextIn = inSentence(tokens, next, sentence);
  const prevLex = prevIn ? tokens.lexAt(prev) : 0;
  const nextLex = nextIn ? tokens.lexAt(next) : 0;
  if (nextIn && tokens.kinds[next] === KIND_WORD && !tokens.caps[next] && nextLex & LEX_PLACE_NOUN_AFTER && !(firstLex & LEX_FIRST_NAME)) {
    return setType(chunk, 'place', Strength.Context);
  }
  if (prevIn && !tokens.caps[prev] && prevLex & LEX_ORG_DESCRIPTOR && !(firstLex & LEX_FIRST_NAME)) {
    return setType(chunk, 'organization', Strength.Context);
  }
  // A known place followed by more capitalized words ("Moscow Narodny") or preceded: leave to context.
  if (prevIn && prevLex & (LEX_ROLE_NOUN | LEX_HONORIFIC) && !tokens.caps[prev]) {
    return setType(chunk, 'person', Strength.Context);
  }
  const age = last + 2;
  if (
    nextIn &&
    tokens.punctCode(next) === COMMA &&
    inSentence(tokens, age, sentence) &&
    tokens.kinds[age] === KIND_NUMBER &&
    AGE.test(tokens.textAt(age)) &&
    last + 3 < tokens.length &&
    tokens.punctCode(last + 3) === COMMA
  ) {
    // "Tim Smith, 34, ..." : an age in commas follows people.
    return setType(chunk, 'person', Strength.Context);
  }
  if (n >= 2 && firstLex & LEX_PLACE_PREFIX) return setType(chunk, 'place', Strength.Context);
  // A city next to an unknown word ("Leyton Orient", "Rotor Volgograd", "Moscow Narodny"): a club or company.
  if (n === 2 && !(firstLex & LEX_FIRST_NAME) && (firstLex | lastLex) & LEX_LOCALITY) {
    return setType(chunk, 'organization', Strength.Context);
  }
  if (n === 1) {
    const word = tokens.textAt(first);
    const lower = tokens.lowerAt(first);
    // "KeyCorp", "NationsBank", "Rabobank": company-style spellings (but "McCague", "DeLillo" are people).
    if ((CAMEL_CASE.test(word) && !SURNAME_PREFIX_CASE.test(word)) || COMPANY_ENDING.test(lower)) {
      return setType(chunk, 'organization', Strength.Context);
    }
    // "Leicestershire": three or more letters before "shire" (token text holds no line break).
    if (lower.length >= 8 && lower.endsWith('shire')) return setType(chunk, inSportsSlot(chunk, tokens) ? 'organization' : 'place', Strength.Context);
    const hasNext = next < tokens.length;
    if (tokens.sentenceStarts[first] && hasNext && tokens.punctCode(next) === COLON && !tokens.capsLines[next]) return; // a label ("Scorers:")
    if (tokens.allCaps[first] && !tokens.capsLines[first] && word.length <= 6) return setType(chunk, 'organization', Strength.Context);
    if (prevIn && prevLex & LEX_PLACE_PREPOSITION && !tokens.caps[prev]) {
      return setType(chunk, 'place', Strength.Context);
    }
    const prev2 = first - 2;
    if (
      prevIn &&
      tokens.lowerAt(prev) === 'of' &&
      inSentence(tokens, prev2, sentence) &&
      (tokens.lexAt(prev2) & LEX_PLACE_NOUN_AFTER || PLACE_OF_WORDS.has(tokens.lowerAt(prev2)))
    ) {
      return setType(chunk, 'place', Strength.Context);
    }
    if (firstLex & LEX_FIRST_NAME) return setType(chunk, 'person', Strength.Context);
    if (tokens.capsLines[first]) return;
    // "the Eagles", "the Guardian": a bare name after "the" is a team, paper or body, not a person.
    if (prevIn && tokens.lowerAt(prev) === 'the') return setType(chunk, 'organization', Strength.Guess);
    if (nextIn && nextLex & LEX_PERSON_VERB) return setType(chunk, 'person', Strength.Guess);
    if (inSportsSlot(chunk, tokens) && !(hasNext && tokens.textAt(next).includes('-'))) return setType(chunk, 'organization', Strength.Guess);
    return setType(chunk, 'person', Strength.Guess);
  }
  if (tokens.capsLines[first]) return;
  return setType(chunk, n <= 3 ? 'person' : 'organization', Strength.Guess);
}

const AMPERSAND = 38;
const COMMA = 44;
const COLON = 58;
/** An age after a name ("Tim Smith, 34,"). */
const AGE = /^\d{1,2}$/;

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
  for (let k = first; k <= last; k++) if (STATE_WORDS.has(tokens.lowerAt(k))) return true;
  return last === first + 1 && tokens.lowerAt(last) === 'federation' && (tokens.lexAt(first) & (LEX_DEMONYM | LEX_COUNTRY)) !== 0;
}

const STATE_WORDS = new Set(['republic', 'kingdom', 'principality', 'sultanate', 'emirate', 'emirates']);

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

/** A city or region in a results line or next to "beat"/"against" names a club, not a place. */
function inSportsSlot(chunk: Chunk, tokens: TokenList): boolean {
  const next = chunk.last + 1;
  const prev = chunk.first - 1;
  const s = tokens.sentences[chunk.first];
  if (inSentence(tokens, next, s) && tokens.kinds[next] === KIND_NUMBER && SCORE.test(tokens.textAt(next))) return true;
  if (inSentence(tokens, next, s) && tokens.lexAt(next) & LEX_SPORTS_CONTEXT) return true;
  if (inSentence(tokens, prev, s) && tokens.lexAt(prev) & LEX_SPORTS_CONTEXT && !tokens.caps[prev]) return true;
  return false;
}

/** A score after a club's name ("Leicestershire 3", "Dynamo 2-1"). */
const SCORE = /^\d{1,3}(?:-\d{1,3})?$/;

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
      personParts.add(tokens.lowerAt(c.last));
      if (!(tokens.lexAt(c.first) & LEX_FIRST_NAME)) personParts.add(tokens.lowerAt(c.first));
    }
  }
  // "Dunmore City Council" ... "Dunmore collected": the bare first word of a local body names its place.
  const localPlaces = new Set<string>();
  for (const c of chunks) {
    if (c.type === 'organization' && c.last > c.first && LOCAL_BODY_WORDS.has(tokens.lowerAt(c.first + 1))) localPlaces.add(tokens.lowerAt(c.first));
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
    if (!c.type && tokens.capsLines[c.first]) {
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
      bySurname.set(tokens.lowerAt(c.last), cluster);
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
