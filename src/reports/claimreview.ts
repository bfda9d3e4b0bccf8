// schema.org ClaimReview (JSON-LD) for the notes with a final verdict, for publishing beside the
// fact-check so search engines and fact-check aggregators can read the verdicts.
// See https://schema.org/ClaimReview, https://schema.org/Claim and https://schema.org/Rating.
import { isSourceUrl, type Verdict } from '../notes';
import { isFinalVerdict, verdictLabel, type Report, type ReportNote } from './model';
import { isLinkableUrl, noteAnchor, oneLine } from './text';

export interface ClaimReviewOptions {
  /** The publisher of the fact-check (ClaimReview.author, an Organization). Default "FactDesk". */
  organization?: string;
  /** The publisher's home page (author.url). */
  organizationUrl?: string;
  /**
   * The page that publishes the fact-check. Each review gets it with the note's fragment
   * (#note-<uuid>, the note's id in the HTML report) unless the URL already has a fragment.
   */
  url?: string;
  /** Where the article under review is published: the claim's appearance (Claim.appearance). */
  articleUrl?: string;
}

export type JsonLd = { [key: string]: string | number | JsonLd | JsonLd[] };

/**
 * The 1–5 truth scale. 'misleading' and 'unverifiable' are not points on it: a misleading claim
 * may be literally accurate, and an unverifiable one says nothing about truth, so any number would
 * misstate the verdict. They get only the textual rating (alternateName).
 */
export const RATING_VALUES: Partial<Record<Verdict, number>> = {
  true: 5,
  'mostly-true': 4,
  mixed: 3,
  'mostly-false': 2,
  false: 1,
};

function rating(verdict: Verdict): JsonLd {
  const value = RATING_VALUES[verdict];
  const out: JsonLd = { '@type': 'Rating' };
  if (value !== undefined) Object.assign(out, { ratingValue: value, bestRating: 5, worstRating: 1 });
  out.alternateName = verdictLabel(verdict);
  return out;
}

function reviewUrl(base: string, note: ReportNote): string {
  return base.includes('#') ? base : `${base}#${noteAnchor(note.id)}`;
}

function claim(note: ReportNote, options: ClaimReviewOptions): JsonLd {
  const out: JsonLd = { '@type': 'Claim' };
  // The article reports the claim; it is one appearance, not known to be the first.
  const appearance = options.articleUrl ?? (isLinkableUrl(note.target) && /^https?:/.test(note.target) ? note.target : undefined);
  if (appearance) out.appearance = [{ '@type': 'CreativeWork', url: appearance }];
  if (note.speaker) out.author = { '@type': note.speaker.type === 'person' ? 'Person' : 'Organization', name: note.speaker.name };
  return out;
}

/**
 * The placed notes of the report with a final verdict on their current text, each once, in text
 * order. A note whose text changed since its verdict is left out: the verdict was given on other words.
 */
export function reviewableNotes(report: Report): ReportNote[] {
  const seen = new Set<string>();
  const notes = [...report.claims.flatMap((c) => c.notes), ...report.otherNotes].filter((n) => {
    if (seen.has(n.id) || !isFinalVerdict(n.verdict) || n.state === 'changed') return false;
    seen.add(n.id);
    return true;
  });
  return notes.sort((a, b) => a.span!.start - b.span!.start);
}

/**
 * One ClaimReview per note with a final verdict. Orphaned notes are left out: their passage is no
 * longer in the article, so the review would be of text the published page does not contain.
 */
export function renderClaimReview(report: Report, options: ClaimReviewOptions = {}): JsonLd[] {
  const author: JsonLd = { '@type': 'Organization', name: options.organization?.trim() || 'FactDesk' };
  if (options.organizationUrl) author.url = options.organizationUrl;
  return reviewableNotes(report).map((note) => {
    const review: JsonLd = { '@context': 'https://schema.org', '@type': 'ClaimReview' };
    if (options.url) review.url = reviewUrl(options.url, note);
    review.datePublished = note.modified;
    review.author = author;
    review.claimReviewed = oneLine(note.text);
    review.itemReviewed = claim(note, options);
    review.reviewRating = rating(note.verdict);
    if (note.comment.trim()) review.reviewBody = note.comment.trim();
    // A URL source is cited by its url, a textual one ("Phone call with the press office, 8 Jan") by its name.
    if (note.sources.length)
      review.citation = note.sources.map((s): JsonLd => (isSourceUrl(s) ? { '@type': 'CreativeWork', url: s } : { '@type': 'CreativeWork', name: s }));
    return review;
  });
}

/**
 * The reviews as JSON text that is safe to paste inside <script type="application/ld+json">: a
 * comment holding "</script>" must not end the element, so <, > and & are written as \u escapes
 * (the same JSON value).
 */
export function serializeJsonLd(reviews: readonly JsonLd[]): string {
  const escapes: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };
  return JSON.stringify(reviews, null, 2).replace(/[<>&\u2028\u2029]/g, (c) => escapes[c]) + '\n';
}
