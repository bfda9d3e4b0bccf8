// What deserves the reader's eye in one article: which claims carry the visible mark (a per-article
// ranking, so a story where nearly every sentence is a claim is not a wall of colour) and which hedges
// are the speaker's words inside a direct quote rather than the reporter's. Pure: the editor, the
// bench and the tests share it.
import type { Claim, Hedge, Quote, Span } from './types';

/** The top third of an article's claims, by score, carry the visible mark. */
export const PROMINENT_SHARE = 1 / 3;
/** Claims scoring at least this carry it too, whatever their rank ... */
export const PROMINENT_SCORE = 0.95;
/** ... as long as the marked claims stay at most this share of the article's claims. */
export const PROMINENT_MAX_SHARE = 0.4;

/**
 * Which claims carry the visible mark: the top PROMINENT_SHARE by score (at least one), plus those
 * scoring PROMINENT_SCORE or more, up to PROMINENT_MAX_SHARE of the claims. Equal scores are ranked
 * in text order, so the answer never depends on the input's order. Returns one flag per claim, in
 * the order given.
 */
export function prominentClaims(claims: ReadonlyArray<Pick<Claim, 'start' | 'score'>>): boolean[] {
  const n = claims.length;
  const flags = new Array<boolean>(n).fill(false);
  if (!n) return flags;
  const order = claims.map((_, i) => i).sort((a, b) => claims[b].score - claims[a].score || claims[a].start - claims[b].start);
  const top = Math.max(1, Math.ceil(n * PROMINENT_SHARE));
  const high = claims.filter((c) => c.score >= PROMINENT_SCORE).length;
  const cap = Math.max(top, Math.floor(n * PROMINENT_MAX_SHARE));
  const take = Math.max(top, Math.min(high, cap));
  for (let k = 0; k < take; k++) flags[order[k]] = true;
  return flags;
}

/** Quotes whose words are someone's own: a statement, or a short quote with a speaker (not a title, not a scare quote). */
export function isDirectQuote(quote: Pick<Quote, 'kind' | 'speaker'>): boolean {
  return quote.kind === 'statement' || (quote.kind === 'short' && quote.speaker !== undefined);
}

/**
 * For each hedge, the direct quote whose words contain it (the speaker's hedging, not the reporter's),
 * or undefined. One pass over both lists sorted by position; returns one entry per hedge, in the order given.
 */
export function quoteOfHedges<Q extends Pick<Quote, 'kind' | 'speaker' | 'content'>>(hedges: readonly Span[], quotes: readonly Q[]): Array<Q | undefined> {
  const direct = quotes.filter(isDirectQuote).sort((a, b) => a.content.start - b.content.start);
  const order = hedges.map((_, i) => i).sort((a, b) => hedges[a].start - hedges[b].start);
  const out = new Array<Q | undefined>(hedges.length).fill(undefined);
  let q = 0;
  // The quote reaching furthest among those starting at or before the hedge (quotes rarely nest).
  let open: Q | undefined;
  for (const i of order) {
    const hedge = hedges[i];
    while (q < direct.length && direct[q].content.start <= hedge.start) {
      if (!open || direct[q].content.end >= open.content.end) open = direct[q];
      q++;
    }
    if (open && hedge.start >= open.content.start && hedge.end <= open.content.end) out[i] = open;
  }
  return out;
}

/** The hedge spans that lie inside direct quotes (for tests and the bench). */
export function hedgesInQuotes(hedges: readonly Hedge[], quotes: readonly Quote[]): Hedge[] {
  const quotesOf = quoteOfHedges(hedges, quotes);
  return hedges.filter((_, i) => quotesOf[i] !== undefined);
}

/** How many of `sentences` overlap at least one of `tinted` (spans need not be sorted). */
export function sentencesTouched(sentences: readonly Span[], tinted: readonly Span[]): number {
  const spans = [...tinted].sort((a, b) => a.start - b.start);
  let count = 0;
  let j = 0;
  let reach = -1;
  let reachIndex = -1;
  for (const s of [...sentences].sort((a, b) => a.start - b.start)) {
    // Spans starting before the sentence ends; the furthest-reaching one decides the overlap with earlier starts.
    while (j < spans.length && spans[j].start < s.end) {
      if (spans[j].end > reach) {
        reach = spans[j].end;
        reachIndex = j;
      }
      j++;
    }
    if (reachIndex >= 0 && reach > s.start) count++;
  }
  return count;
}
