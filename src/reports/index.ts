// Fact-check reports and the publication gate, built on the engine's analysis and the notes.
// Pure TypeScript (no vscode, no file system): the CLI loads the article and sidecar and calls these.
export {
  buildReport,
  claimCountsText,
  claimStatusLabel,
  isFinalVerdict,
  LineIndex,
  verdictBadge,
  verdictLabel,
  type ClaimStatus,
  type LineColumn,
  type Report,
  type ReportClaim,
  type ReportCounts,
  type ReportDismissal,
  type ReportAnalysis,
  type ReportInput,
  type ReportNote,
  type ReportQuote,
  type ReportQuoteCheck,
  type ReportReply,
  type ReportSpeaker,
} from './model';
export {
  gateCounts,
  OPEN_ITEM_KINDS,
  openItems,
  publicationGate,
  QUOTE_COUNT_FIELDS,
  QUOTE_OPEN_KINDS,
  quoteCounts,
  withQuoteCounts,
  type GateCounts,
  type GateResult,
  type OpenItem,
  type OpenItemKind,
  type QuoteOpenKind,
} from './gate';
export { escapeMarkdownText, renderMarkdown } from './markdown';
export { checkedQuotes, notesOnQuote, placedNotes, QUOTE_STATUS_LABELS, quoteDiffText, quoteGate, quotesSummary, type QuoteGateResult } from './quotes';
export { escapeHtml, renderHtml, renderHtmlBody, REPORT_CSP, reportTitle, type HtmlPageOptions } from './html';
export { csvField, CSV_COLUMNS, csvRows, markdownToPlainText, renderCsv } from './csv';
export { articleAnchor } from './html-article';
export { RATING_VALUES, renderClaimReview, reviewableNotes, serializeJsonLd, type ClaimReviewOptions, type JsonLd } from './claimreview';
export { noteAnchor, oneLine } from './text';
