// Sources and quote checking (issue #11): source documents (transcripts, statements) indexed for
// finding where a quote comes from, quote verification (verbatim / altered / wrong speaker / not
// found), quote drift across articles, and claims already checked in other articles. Pure
// TypeScript on src/core and src/workspace; no editor or LSP imports.
export { fragmentsOf, isNegation, isNumber, normalizeWord, tokenize, type Fragment, type Token } from './normalize';
export { INTERVIEWER_LABEL, parseSource, type SourceDocument, type Turn } from './transcript';
export { lineAt, MAX_CANDIDATE_WINDOWS, SourceCorpus, type CandidateWindow, type IndexedSource } from './corpus';
export { isNamedSpeaker, sameSpeaker, speakerRelation } from './speakers';
export {
  ALTERED_MIN_SIMILARITY,
  MAX_ELIDED_WORDS,
  MIN_QUOTE_WORDS,
  MIN_SHARED_WORDS,
  SHORT_ELISION_WORDS,
  verifyQuote,
  type DiffOp,
  type MeaningChange,
  type QuoteCheck,
  type QuoteInput,
  type QuoteStatus,
  type SourcePassage,
} from './verify';
export { findCloseMatches, type CloseMatch } from './verify';
export {
  CLAIM_MATCH_MIN_SIMILARITY,
  claimConflict,
  claimShape,
  claimSimilarity,
  MIN_CLAIM_SHARED_WORDS,
  MIN_SHARED_WITH_NUMBERS,
  sameClaim,
  stripAttribution,
  VerdictIndex,
  type CheckedBefore,
  type ClaimShape,
  type NotedPassage,
} from './claims';
export {
  quotesOfRecord,
  trustedAnalysisSpeaker,
  trustedSpeaker,
  stripMarks,
  WorkspaceChecks,
  type ArticleChecks,
  type CheckedQuote,
  type ClaimCheck,
  type DriftItem,
  type QuoteOfArticle,
} from './workspace';
export { diffLine, renderChecks, toLookupChecks } from './lookup';
