// Checks a direct quote against the sources: finds the best passage and says whether the quote is
// verbatim, altered, said by someone else, or not found.
// 1. The quote's words (normalize.ts), split into fragments at its ellipses.
// 2. Candidate places from the corpus' bigram index (corpus.ts).
// 3. In each place, each fragment is located with approx-string-match (the Hypothesis client's
//    fuzzy search, as the notes' re-anchoring uses it) over the normalized words, fragments in
//    order; the located passage is compared word by word with `diff` (diffArrays).
// 4. Classification:
//    - verbatim: every fragment's words equal the passage's (gaps only where the quote has an
//      ellipsis), in a place whose speaker is the quote's or unknown;
//    - altered: a close match (Dice similarity of the words >= ALTERED_MIN_SIMILARITY with at least
//      MIN_SHARED_WORDS shared) with word-level differences, given as a diff; changes that flip the
//      meaning (a negation or a number added, removed or changed, also by an ellipsis) are named;
//    - wrong-speaker: the best match (exact, or close) is in a turn of someone else;
//    - not-found: nothing close, or no sources at all (said plainly).
// A short quote (fewer than MIN_QUOTE_WORDS words, "dangerous") is never matched approximately and
// never anywhere but in the quote's own speaker's words: otherwise any common word would "match".
import approxSearch from 'approx-string-match';
import { diffArrays } from 'diff';
import { fragmentsOf, isNegation, isNumber, type Fragment, type Token } from './normalize';
import { endAt, lineAt, normAt, normsOf, startAt, tokenCount, turnAt, type CandidateWindow, type IndexedSource, type SourceCorpus } from './corpus';
import { isNamedSpeaker, speakerRelation } from './speakers';

export type QuoteStatus = 'verbatim' | 'altered' | 'wrong-speaker' | 'not-found';

export interface DiffOp {
  /** equal: in both; delete: in the source, not in the quote (omitted); insert: in the quote only. */
  op: 'equal' | 'delete' | 'insert';
  text: string;
}

/** A change that can turn what was said into something else. */
export interface MeaningChange {
  kind: 'negation' | 'number';
  /** The source's words that the quote drops or replaces. */
  removed: string[];
  /** The quote's words that the source does not have. */
  added: string[];
}

export interface SourcePassage {
  file: string;
  /** 1-based line of the passage's first word. */
  line: number;
  /** Offsets of the passage in the source (UTF-16). */
  start: number;
  end: number;
  /** The source's own words from the passage's first to its last word. */
  text: string;
  speaker: string | null;
  timestamp?: string;
}

export interface QuoteCheck {
  status: QuoteStatus;
  source: SourcePassage | null;
  /** Source → quote, word by word (elided words are deletions); [] when not found. */
  diff: DiffOp[];
  meaningChanges: MeaningChange[];
  /** Dice similarity of the quote's and the passage's words, 0 when not found. */
  similarity: number;
  /** One sentence saying why, for hovers and reports. */
  reason: string;
}

export interface QuoteInput {
  /** The quoted words, without the quote marks. */
  text: string;
  /** The speaker the article gives, if any. */
  speaker: string | null;
}

/** Quotes with fewer words are only matched exactly and only in their speaker's own words. */
export const MIN_QUOTE_WORDS = 4;
/** An altered quote shares at least this many words with its passage... */
export const MIN_SHARED_WORDS = 3;
/** ...and its words' Dice similarity with the passage is at least this. */
export const ALTERED_MIN_SIMILARITY = 0.6;
/**
 * Approximate search allows at most this share of a fragment's characters as errors: generous,
 * because the word-level similarity (ALTERED_MIN_SIMILARITY) decides what is close; this only
 * bounds where to look ("What do to them" for "What do you say to them" is 8 errors in 15).
 */
const MAX_CHAR_ERROR_SHARE = 0.6;
/** A located passage's edges are moved by up to this many words when that aligns more words. */
const EDGE_SLACK_WORDS = 2;
/** Scoring an edge: each shared word counts 1, each omitted or inserted word this much against. */
const EDGE_EDIT_COST = 0.5;
/** A substitution at an edge that pairs numbers or negations costs this much less. */
const EDGE_MEANING_PAIR_BONUS = 0.25;
/** Breaks ties between edges towards the shorter passage (far below any word's weight). */
const EDGE_LENGTH_TIE_BREAK = 0.001;
/** An ellipsis may stand for at most this many words (more: the fragments are not one passage). */
export const MAX_ELIDED_WORDS = 80;
/** An ellipsis leaving out this few words, among them a negation or a number, changes the meaning. */
export const SHORT_ELISION_WORDS = 3;
/**
 * A fragment of an elided quote is dropped as unmatched below this share of the bound a whole quote
 * must reach (one fragment may be the altered part; the whole quote still has to be close).
 */
const MIN_FRAGMENT_SHARE = 0.5;
/** Another speaker's match must beat the quote's own speaker's by this much to call it wrong-speaker. */
const WRONG_SPEAKER_MARGIN = 0.15;

/** A fragment located in a source: token range and word diff. */
interface Located {
  from: number;
  to: number;
  equal: number;
  diff: Array<{ op: DiffOp['op']; words: string[]; norms: string[] }>;
}

interface Match {
  source: IndexedSource;
  from: number;
  to: number;
  exact: boolean;
  similarity: number;
  shared: number;
  diff: DiffOp[];
  changes: MeaningChange[];
  relation: 'same' | 'other' | 'unknown';
  votes: number;
}

function wordsText(source: IndexedSource, from: number, to: number): string[] {
  const out: string[] = [];
  for (let i = from; i < to; i++) out.push(source.doc.text.slice(startAt(source, i), endAt(source, i)));
  return out;
}

/** Where `fragment` best matches within tokens [from, to) of `source`, with its word diff. */
function locate(source: IndexedSource, from: number, to: number, fragment: readonly Token[], quoteText: string): Located | undefined {
  if (from >= to) return undefined;
  // A window that does not hold enough of the fragment's words is not searched at all.
  const windowNorms = normsOf(source, from, to);
  if (
    sharedUpperBound(
      windowNorms,
      fragment.map((t) => t.norm),
    ) <
    ALTERED_MIN_SIMILARITY * fragment.length * MIN_FRAGMENT_SHARE
  )
    return undefined;
  const starts: number[] = [];
  let windowText = '';
  for (let i = 0; i < windowNorms.length; i++) {
    if (i > 0) windowText += ' ';
    starts.push(windowText.length);
    windowText += windowNorms[i];
  }
  const pattern = fragment.map((t) => t.norm).join(' ');
  const maxErrors = Math.floor(pattern.length * MAX_CHAR_ERROR_SHARE);
  const matches = approxSearch(windowText, pattern, maxErrors);
  if (!matches.length) return undefined;
  let best = matches[0];
  for (const m of matches) if (m.errors < best.errors || (m.errors === best.errors && m.start < best.start)) best = m;
  // Snap to whole words: the word holding the first matched character, to the one holding the last.
  let a = 0;
  while (a + 1 < starts.length && starts[a + 1] <= best.start) a++;
  if (best.start > starts[a] + windowNorms[a].length - 1 && a + 1 < starts.length) a++;
  let b = a;
  while (b + 1 < starts.length && starts[b + 1] < best.end) b++;
  const quoteNorms = fragment.map((t) => t.norm);
  const quoteWords = fragment.map((t) => quoteText.slice(t.start, t.end));
  const found = wordDiff(source, from + a, from + b + 1, quoteNorms, quoteWords);
  if (!found) return undefined;
  let located: Located = found;
  // Character search can stop a word short ("released" + "charge" for "released without charge"):
  // an edge that does not end on shared words is moved a few words either way, inside the window,
  // keeping the best word alignment.
  const first = located.diff[0];
  const last = located.diff[located.diff.length - 1];
  const start = from + a;
  const end = from + b + 1;
  if (first && first.op !== 'equal') {
    for (let s = Math.max(from, start - EDGE_SLACK_WORDS); s <= Math.min(end - 1, start + EDGE_SLACK_WORDS); s++) {
      const other: Located | undefined = s === located.from ? undefined : wordDiff(source, s, located.to, quoteNorms, quoteWords);
      if (other && edgeScore(other) > edgeScore(located)) located = other;
    }
  }
  if (last && last.op !== 'equal') {
    for (let e = Math.max(located.from + 1, end - EDGE_SLACK_WORDS); e <= Math.min(to, end + EDGE_SLACK_WORDS); e++) {
      const other: Located | undefined = e === located.to ? undefined : wordDiff(source, located.from, e, quoteNorms, quoteWords);
      if (other && edgeScore(other) > edgeScore(located)) located = other;
    }
  }
  return located;
}

/** Words two lists share, as multisets: an upper bound of the words a diff finds equal. */
function sharedUpperBound(a: readonly string[], b: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const w of a) counts.set(w, (counts.get(w) ?? 0) + 1);
  let shared = 0;
  for (const w of b) {
    const n = counts.get(w);
    if (n) {
      shared++;
      counts.set(w, n - 1);
    }
  }
  return shared;
}

/**
 * How well a passage aligns: shared words, less the edits, a substitution (omitted words next to
 * inserted ones) costing as its longer side, less still when it pairs a number with a number or a
 * negation with a negation ("by half" → "by a third" is a changed number, not "a third" added after
 * "by"); a tie goes to the shorter passage.
 */
function edgeScore(l: Located): number {
  let score = 0;
  for (let i = 0; i < l.diff.length; i++) {
    const d = l.diff[i];
    if (d.op === 'equal') score += d.norms.length;
    else if (d.op === 'delete' && l.diff[i + 1]?.op === 'insert') {
      const added = l.diff[i + 1].norms;
      score -= EDGE_EDIT_COST * Math.max(d.norms.length, added.length);
      // A number for a number, a negation for a negation: the words said and the words quoted line up.
      const pairs = (test: (w: string) => boolean) => d.norms.some(test) && added.some(test);
      if (pairs(isNumber) || pairs(isNegation)) score += EDGE_MEANING_PAIR_BONUS;
      i++;
    } else score -= EDGE_EDIT_COST * d.norms.length;
  }
  return score - (l.to - l.from) * EDGE_LENGTH_TIE_BREAK;
}

/**
 * The word diff of source tokens [from, to) against a fragment's words; undefined when they share
 * too few words to be close (counted first, so unrelated text never pays for a diff).
 */
function wordDiff(source: IndexedSource, from: number, to: number, quoteNorms: string[], quoteWords: string[]): Located | undefined {
  const passageNorms = normsOf(source, from, to);
  if (sharedUpperBound(passageNorms, quoteNorms) * 2 < ALTERED_MIN_SIMILARITY * (passageNorms.length + quoteNorms.length) * MIN_FRAGMENT_SHARE)
    return undefined;
  const passageWords = wordsText(source, from, to);
  const diff: Located['diff'] = [];
  let i = 0;
  let j = 0;
  let equal = 0;
  // Past this many edits the passage is not close anyway: the diff gives up (diff's maxEditLength).
  const changes = diffArrays(passageNorms, quoteNorms, { maxEditLength: passageNorms.length + quoteNorms.length });
  if (!changes) return undefined;
  for (const change of changes) {
    const n = change.count ?? change.value.length;
    if (change.added) {
      diff.push({ op: 'insert', words: quoteWords.slice(j, j + n), norms: quoteNorms.slice(j, j + n) });
      j += n;
    } else if (change.removed) {
      diff.push({ op: 'delete', words: passageWords.slice(i, i + n), norms: passageNorms.slice(i, i + n) });
      i += n;
    } else {
      diff.push({ op: 'equal', words: passageWords.slice(i, i + n), norms: passageNorms.slice(i, i + n) });
      equal += n;
      i += n;
      j += n;
    }
  }
  return { from, to, equal, diff };
}

/** The meaning changes in a diff's deleted and inserted words (a negation or a number). */
function meaningChanges(removedNorms: string[], addedNorms: string[], removedWords: string[], addedWords: string[]): MeaningChange[] {
  const out: MeaningChange[] = [];
  const count = (norms: string[], test: (w: string) => boolean) => norms.filter(test).length;
  if (count(removedNorms, isNegation) !== count(addedNorms, isNegation)) {
    out.push({
      kind: 'negation',
      removed: removedWords.filter((_, k) => isNegation(removedNorms[k])),
      added: addedWords.filter((_, k) => isNegation(addedNorms[k])),
    });
  }
  const removedNumbers = removedNorms.filter(isNumber).sort();
  const addedNumbers = addedNorms.filter(isNumber).sort();
  if (removedNumbers.join('\u0000') !== addedNumbers.join('\u0000')) {
    out.push({
      kind: 'number',
      removed: removedWords.filter((_, k) => isNumber(removedNorms[k])),
      added: addedWords.filter((_, k) => isNumber(addedNorms[k])),
    });
  }
  return out;
}

/** Aligns every fragment of the quote in order inside one candidate window. */
function matchWindow(window: CandidateWindow, fragments: readonly Fragment[], quoteText: string, speaker: string | null): Match | undefined {
  const { source } = window;
  const turn = turnAt(source, window.from);
  let turnEnd = window.from;
  while (turnEnd < tokenCount(source) && turnAt(source, turnEnd) === turn) turnEnd++;
  const diff: DiffOp[] = [];
  const removedNorms: string[] = [];
  const addedNorms: string[] = [];
  const removedWords: string[] = [];
  const addedWords: string[] = [];
  let shared = 0;
  let quoteWords = 0;
  let passageWords = 0;
  let exact = true;
  let first: number | undefined;
  let last = window.from;
  for (const fragment of fragments) {
    quoteWords += fragment.tokens.length;
    const lo = first === undefined ? window.from : last;
    const hi = first === undefined ? window.to : Math.min(turnEnd, last + fragment.tokens.length * 2 + MAX_ELIDED_WORDS);
    const found = locate(source, lo, hi, fragment.tokens, quoteText);
    if (!found) {
      if (first === undefined) return undefined;
      // A fragment found nowhere after the previous one: its words are the quote's own.
      exact = false;
      const words = fragment.tokens.map((t) => quoteText.slice(t.start, t.end));
      diff.push({ op: 'insert', text: words.join(' ') });
      addedNorms.push(...fragment.tokens.map((t) => t.norm));
      addedWords.push(...words);
      continue;
    }
    if (first !== undefined && found.from > last) {
      // The words an ellipsis stands for.
      const elided = wordsText(source, last, found.from);
      const elidedNorms = normsOf(source, last, found.from);
      diff.push({ op: 'delete', text: elided.join(' ') });
      if (elided.length <= SHORT_ELISION_WORDS && elidedNorms.some((w) => isNegation(w) || isNumber(w))) {
        // "We will … raise taxes" for "We will not raise taxes": the ellipsis changes what was said.
        exact = false;
        removedNorms.push(...elidedNorms);
        removedWords.push(...elided);
      }
    } else if (first !== undefined && found.from < last) exact = false;
    if (first === undefined) first = found.from;
    last = Math.max(last, found.to);
    shared += found.equal;
    passageWords += found.to - found.from;
    for (const part of found.diff) {
      diff.push({ op: part.op, text: part.words.join(' ') });
      if (part.op === 'delete') {
        exact = false;
        removedNorms.push(...part.norms);
        removedWords.push(...part.words);
      } else if (part.op === 'insert') {
        exact = false;
        addedNorms.push(...part.norms);
        addedWords.push(...part.words);
      }
    }
  }
  if (first === undefined) return undefined;
  const similarity = (2 * shared) / (quoteWords + passageWords);
  return {
    source,
    from: first,
    to: last,
    exact,
    similarity,
    shared,
    diff: mergeOps(diff),
    changes: meaningChanges(removedNorms, addedNorms, removedWords, addedWords),
    relation: speakerRelation(speaker, source.doc.turns[turn].speaker),
    votes: window.votes,
  };
}

/** Neighbouring ops of one kind joined, empty ones dropped. */
function mergeOps(ops: DiffOp[]): DiffOp[] {
  const out: DiffOp[] = [];
  for (const op of ops) {
    if (!op.text) continue;
    const prev = out[out.length - 1];
    if (prev && prev.op === op.op) prev.text += ` ${op.text}`;
    else out.push({ ...op });
  }
  return out;
}

const isClose = (m: Match) => m.exact || (m.similarity >= ALTERED_MIN_SIMILARITY && m.shared >= MIN_SHARED_WORDS);

/** Better first: exact, then more similar, then more votes, then earlier in path order. */
function better(a: Match, b: Match): number {
  return (
    Number(b.exact) - Number(a.exact) ||
    b.similarity - a.similarity ||
    b.votes - a.votes ||
    (a.source.doc.file < b.source.doc.file ? -1 : a.source.doc.file > b.source.doc.file ? 1 : a.from - b.from)
  );
}

function passageOf(m: Match): SourcePassage {
  const { source } = m;
  const start = startAt(source, m.from);
  const end = endAt(source, m.to - 1);
  const turn = source.doc.turns[turnAt(source, m.from)];
  return {
    file: source.doc.file,
    line: lineAt(source, start),
    start,
    end,
    text: source.doc.text.slice(start, end),
    speaker: turn.speaker,
    ...(turn.timestamp ? { timestamp: turn.timestamp } : {}),
  };
}

function notFound(reason: string): QuoteCheck {
  return { status: 'not-found', source: null, diff: [], meaningChanges: [], similarity: 0, reason };
}

function describeChanges(changes: readonly MeaningChange[]): string {
  return changes
    .map((c) => {
      const what = c.kind === 'negation' ? 'a negation' : 'a number';
      if (c.removed.length && c.added.length) return `${what} changed (${c.removed.join(' ')} → ${c.added.join(' ')})`;
      if (c.removed.length) return `${what} removed (${c.removed.join(' ')})`;
      return `${what} added (${c.added.join(' ')})`;
    })
    .join('; ');
}

function result(status: QuoteStatus, m: Match): QuoteCheck {
  const passage = passageOf(m);
  const where = `${passage.file}:${passage.line}${passage.speaker ? ` (${passage.speaker})` : ''}`;
  let reason: string;
  if (status === 'verbatim') reason = `verbatim in ${where}`;
  else if (status === 'wrong-speaker')
    reason = `${m.exact ? 'these words are' : 'close words are'} said by ${passage.speaker ?? 'someone else'} in ${passage.file}:${passage.line}`;
  else {
    const flips = describeChanges(m.changes);
    reason = `altered from ${where}${flips ? `: ${flips}` : ''}`;
  }
  return { status, source: passage, diff: m.diff, meaningChanges: m.changes, similarity: Math.round(m.similarity * 1000) / 1000, reason };
}

/** The exact word sequence `norms` inside tokens [from, to) of a source; its start or -1. */
function findExact(source: IndexedSource, from: number, to: number, norms: readonly string[]): number {
  outer: for (let i = from; i + norms.length <= to; i++) {
    for (let k = 0; k < norms.length; k++) if (normAt(source, i + k) !== norms[k]) continue outer;
    return i;
  }
  return -1;
}

/** The close matches (exact or altered) of a quote of MIN_QUOTE_WORDS words or more, best first. */
function closeMatches(corpus: SourceCorpus, quote: QuoteInput, fragments: readonly Fragment[]): Match[] {
  const words = fragments.flatMap((f) => f.tokens);
  const elisions = fragments.filter((f) => f.elidedBefore).length;
  const windows = corpus.candidates(
    words.map((t) => t.norm),
    elisions * MAX_ELIDED_WORDS,
  );
  const matches: Match[] = [];
  for (const w of windows) {
    const m = matchWindow(w, fragments, quote.text, quote.speaker);
    if (m && isClose(m)) matches.push(m);
  }
  return matches.sort(better);
}

/** One close match of a quote in a document of the corpus (for drift: other articles' quotes). */
export interface CloseMatch {
  passage: SourcePassage;
  exact: boolean;
  relation: 'same' | 'other' | 'unknown';
  similarity: number;
  diff: DiffOp[];
  meaningChanges: MeaningChange[];
}

/** Every close match of a quote, at most one per document, best first; none for a short quote. */
export function findCloseMatches(corpus: SourceCorpus, quote: QuoteInput): CloseMatch[] {
  const fragments = fragmentsOf(quote.text);
  if (fragments.reduce((n, f) => n + f.tokens.length, 0) < MIN_QUOTE_WORDS) return [];
  const seen = new Set<IndexedSource>();
  const out: CloseMatch[] = [];
  for (const m of closeMatches(corpus, quote, fragments)) {
    if (seen.has(m.source)) continue;
    seen.add(m.source);
    out.push({
      passage: passageOf(m),
      exact: m.exact,
      relation: m.relation,
      similarity: Math.round(m.similarity * 1000) / 1000,
      diff: m.diff,
      meaningChanges: m.changes,
    });
  }
  return out;
}

/** Checks one quote against the corpus. */
export function verifyQuote(corpus: SourceCorpus, quote: QuoteInput): QuoteCheck {
  if (!corpus.size) return notFound('no source documents in the workspace to check it against');
  const fragments = fragmentsOf(quote.text);
  const words = fragments.flatMap((f) => f.tokens);
  if (!words.length) return notFound('the quote holds no words');
  if (words.length < MIN_QUOTE_WORDS) return verifyShort(corpus, quote, fragments);
  const matches = closeMatches(corpus, quote, fragments);
  if (!matches.length) return notFound('nothing close in the sources');
  const own = matches.filter((m) => m.relation !== 'other').sort(better)[0];
  const other = matches.filter((m) => m.relation === 'other').sort(better)[0];
  if (own?.exact) return result('verbatim', own);
  if (other && (other.exact || !own || other.similarity >= own.similarity + WRONG_SPEAKER_MARGIN)) return result('wrong-speaker', other);
  return result('altered', own!);
}

/** A short quote: verbatim only when its speaker's own words hold it exactly. */
function verifyShort(corpus: SourceCorpus, quote: QuoteInput, fragments: readonly Fragment[]): QuoteCheck {
  const speaker = quote.speaker;
  if (!isNamedSpeaker(speaker)) return notFound(`a quote under ${MIN_QUOTE_WORDS} words is only looked up in its speaker's words, and it has no named speaker`);
  const norms = fragments.flatMap((f) => f.tokens.map((t) => t.norm));
  for (const turn of corpus.turnsBy((s) => speakerRelation(speaker, s) === 'same')) {
    const at = findExact(turn.source, turn.from, turn.to, norms);
    if (at < 0) continue;
    const words = wordsText(turn.source, at, at + norms.length);
    const m: Match = {
      source: turn.source,
      from: at,
      to: at + norms.length,
      exact: true,
      similarity: 1,
      shared: norms.length,
      diff: [{ op: 'equal', text: words.join(' ') }],
      changes: [],
      relation: 'same',
      votes: 0,
    };
    return result('verbatim', m);
  }
  return notFound(`a quote under ${MIN_QUOTE_WORDS} words is only looked up exactly in its speaker's words, and ${speaker} is not found saying it`);
}
