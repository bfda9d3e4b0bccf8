// The one contract between the FactDesk client (src/extension) and language server (src/server):
// every custom request and notification, the command ids the server refers to, and the settings
// schema both sides read. Standard LSP traffic (hover, documentSymbol, codeAction, diagnostics,
// configuration) is not repeated here.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import { DEFAULT_CLAIM_THRESHOLD } from '../core/types';
import { OPEN_ITEM_KINDS } from '../reports/gate';
import { VERDICTS } from '../notes/model';
import type { DeskArticle, DeskItem } from '../workspace/desk';
import { DEFAULT_CACHE_DAYS, DEFAULT_WIKIDATA_ENDPOINT } from '../wikidata/constants';

// ---------------------------------------------------------------------------------------------
// Settings (section "factdesk"); package.json `contributes.configuration` mirrors these defaults.

export type RunMode = 'onType' | 'onSave' | 'manual';
export type HedgeDiagnostics = 'off' | 'hint' | 'information';
/** Which claims get the visible tint: the strongest of the article (default), every claim, or none (gutter marks only). */
export type ClaimHighlight = 'strongest' | 'all' | 'none';
export const CLAIM_HIGHLIGHTS: readonly ClaimHighlight[] = ['strongest', 'all', 'none'];
/** Hedges inside a direct quote (the speaker's words): a quieter mark (default), the reporter's mark, or not at all. */
export type HedgesInQuotes = 'quiet' | 'show' | 'off';
export const HEDGES_IN_QUOTES: readonly HedgesInQuotes[] = ['quiet', 'show', 'off'];

export interface ShowSettings {
  quotes: boolean;
  claims: boolean;
  hedges: boolean;
  entities: boolean;
}

export interface FactDeskSettings {
  runMode: RunMode;
  debounceMs: number;
  maxFileSizeKB: number;
  show: ShowSettings;
  claimThreshold: number;
  extraHedgeWords: string[];
  ignoredWords: string[];
  hedgeDiagnostics: HedgeDiagnostics;
  filePatterns: string[];
  claims: { highlight: ClaimHighlight };
  hedges: { inQuotes: HedgesInQuotes };
}

export const SETTINGS_SECTION = 'factdesk';

export const DEFAULT_SETTINGS: FactDeskSettings = {
  runMode: 'onType',
  debounceMs: 300,
  maxFileSizeKB: 2048,
  show: { quotes: true, claims: true, hedges: true, entities: true },
  claimThreshold: DEFAULT_CLAIM_THRESHOLD,
  extraHedgeWords: [],
  ignoredWords: [],
  hedgeDiagnostics: 'off',
  filePatterns: ['**/*.txt', '**/*.md', '**/*.markdown'],
  claims: { highlight: 'strongest' },
  hedges: { inQuotes: 'quiet' },
};

export const CATEGORIES = ['quotes', 'claims', 'hedges', 'entities'] as const;
export type CategoryName = (typeof CATEGORIES)[number];

// ---------------------------------------------------------------------------------------------
// Findings: server -> client after every analysis of a document.

/**
 * Why a document has (or lacks) findings. Anything but `ok` comes with a one-line `message`
 * meant for the user (e.g. the file is over `factdesk.maxFileSizeKB`).
 */
export type AnalysisStatus = 'ok' | 'tooLarge' | 'binary' | 'error';

export interface FindingCounts {
  quotes: number;
  claims: number;
  hedges: number;
  entities: number;
}

/**
 * Offsets are UTF-16 code units into the document text of `version`, flattened so a 1 MB article
 * costs a few arrays of numbers rather than thousands of objects:
 * - `quotes`, `hedges`: [start, end, start, end, ...]
 * - `claims`: [start, end, strength, ...] with strength 0 (check-worthy), 1 (strong), 2 (strongest)
 * - `entities`: [start, end, type, ...] with type an index into ENTITY_TYPES (one run per mention)
 * - `prominentClaims`: [start, end, ...] the claims among `claims` that carry the visible mark by the
 *   article's ranking (src/core/emphasis.ts); the others get a gutter mark only by default
 * - `quotedHedges`: [start, end, ...] the hedges among `hedges` inside a direct quote (the speaker's
 *   words); with `factdesk.hedges.inQuotes` = off they are in neither list
 */
export interface FindingSpans {
  quotes: number[];
  claims: number[];
  hedges: number[];
  entities: number[];
  prominentClaims: number[];
  quotedHedges: number[];
}

export const ENTITY_TYPES = ['person', 'organization', 'place', 'other'] as const;
export const CLAIM_STRENGTHS = 3;

export interface FindingsParams {
  uri: string;
  /** The document version the offsets refer to; the client drops results for older versions. */
  version: number;
  status: AnalysisStatus;
  message?: string;
  counts: FindingCounts;
  spans: FindingSpans;
  /** Milliseconds from the start of the run to this notification (checks, engine, spans). */
  elapsedMs: number;
  /** Of elapsedMs, the engine's own analysis. */
  engineMs?: number;
  /** Paragraphs re-analyzed vs reused, when the incremental analyzer reports them. */
  reanalyzed?: { paragraphs: number; reused: number };
  /** The claim threshold these findings were computed with (a settings change may still be on its way). */
  claimThreshold: number;
  /**
   * Detectors that failed on part of this version (status stays 'ok': the rest was analyzed).
   * Absent when none did. The client reads it through decodeFailureReports.
   */
  failures?: FailureReport[];
}

export const FindingsNotification = new NotificationType<FindingsParams>('factdesk/findings');

// ---------------------------------------------------------------------------------------------
// Failures: a detector that threw on part of a document (issue #8). The engine isolates it (its
// findings on that range are missing, everything else is there); the server sends these in the
// findings, the CLI prints them (`analyze --jsonl`: "errors" on the input's line). Helpers that the
// CLI shares (no LSP code) are in src/shared/failures.ts.

export interface FailureReport {
  /** The engine stage: segmentation, entities, quotes, hedges or claims. */
  detector: string;
  /** The range whose findings of that detector are missing, UTF-16 offsets into the analyzed text. */
  start: number;
  end: number;
  /** 1-based first and last line of that range, as the editor shows them. */
  line: number;
  endLine: number;
  message: string;
  stack?: string;
}

/** The failures in a received message: well-formed entries only (a malformed one is dropped and counted in `dropped`). */
export function decodeFailureReports(value: unknown): { failures: FailureReport[]; dropped: number } {
  if (value === undefined) return { failures: [], dropped: 0 };
  if (!Array.isArray(value)) return { failures: [], dropped: 1 };
  const failures: FailureReport[] = [];
  let dropped = 0;
  for (const v of value) {
    const f = v as Partial<Record<keyof FailureReport, unknown>> | null;
    const ok =
      typeof f === 'object' &&
      f !== null &&
      typeof f.detector === 'string' &&
      typeof f.message === 'string' &&
      [f.start, f.end, f.line, f.endLine].every((n) => Number.isInteger(n) && (n as number) >= 0) &&
      (f.stack === undefined || typeof f.stack === 'string');
    if (!ok) {
      dropped++;
      continue;
    }
    const report: FailureReport = {
      detector: f.detector as string,
      start: f.start as number,
      end: f.end as number,
      line: f.line as number,
      endLine: f.endLine as number,
      message: f.message as string,
    };
    if (typeof f.stack === 'string') report.stack = f.stack;
    failures.push(report);
  }
  return { failures, dropped };
}

// ---------------------------------------------------------------------------------------------
// Requests: client -> server.

export interface AnalyzeParams {
  uri: string;
}

export interface AnalyzeResult {
  status: AnalysisStatus | 'unknownDocument';
  counts: FindingCounts;
  version: number;
}

/** Analyze a synced document now, whatever the run mode; the findings notification follows. */
export const AnalyzeRequest = new RequestType<AnalyzeParams, AnalyzeResult, void>('factdesk/analyze');

export interface AnalysisResult extends AnalyzeResult {
  /**
   * The findings of the analyzed version as JSON (quotes, claims, hedges, entities of the engine's
   * Analysis), when status is 'ok'. A string: it is already one in the server, and large.
   */
  findings?: string;
  /** The claim threshold the findings were computed with. */
  claimThreshold: number;
}

/** Analyze a synced document now and return its full findings (for reports and the publication check). */
export const AnalysisRequest = new RequestType<AnalyzeParams, AnalysisResult, void>('factdesk/analysis');

// ---------------------------------------------------------------------------------------------
// Workspace index (src/server/workspaceIndexHost.ts, src/extension/workspaceIndex.ts).

/** Passed by the client in `initialize`: where the index may persist (the extension's workspace storage). */
export interface FactDeskInitializationOptions {
  storagePath?: string;
  /** vscode.workspace.isTrusted when the client started (absent: trusted, as any other LSP client). */
  workspaceTrusted?: boolean;
}

/** Client -> server: the user trusted the workspace (Restricted Mode ended); Wikidata may be used now. */
export const WorkspaceTrustNotification = new NotificationType<{ trusted: boolean }>('factdesk/workspaceTrust');

/** Settings of the index (section "factdesk.index"); package.json declares the same defaults. */
export interface IndexSettings {
  enabled: boolean;
  maxFiles: number;
  exclude: string[];
}
export const INDEX_SETTINGS_SECTION = 'factdesk.index';
export const DEFAULT_INDEX_SETTINGS: IndexSettings = { enabled: true, maxFiles: 5000, exclude: [] };

export interface IndexStatusParams {
  state: 'indexing' | 'ready' | 'disabled' | 'unavailable';
  done: number;
  total: number;
  /** Articles in the index when ready. */
  articles: number;
  message?: string;
}

/** Server -> client: the index's progress and state (the status bar shows `Indexing 312/2,000` via work-done progress too). */
export const IndexStatusNotification = new NotificationType<IndexStatusParams>('factdesk/indexStatus');

export interface WorkspaceEntityParams {
  uri: string;
  position: { line: number; character: number };
}

export interface EntityLocation {
  uri: string;
  line: number;
  character: number;
  /** "mention", "quote" or "verdict", with the article's title. */
  label: string;
}

export interface WorkspaceEntityResult {
  /** Null when there is no entity at the position or the document is not in an indexed folder. */
  entity: { id: string; name: string; type: string; candidates?: Array<{ name: string; articles: number }> } | null;
  locations: EntityLocation[];
}

/** Client -> server: everything the workspace knows about the entity at a position (FactDesk: Show Entity). */
export const WorkspaceEntityRequest = new RequestType<WorkspaceEntityParams, WorkspaceEntityResult, void>('factdesk/workspaceEntity');

/** Arguments of the hover's "Add to knowledge base" link. */
export interface KbAddArgs {
  root: string;
  name: string;
  type: string;
  aliases: string[];
  role?: string;
}

/**
 * Settings of the optional Wikidata lookup (section "factdesk.wikidata"); package.json declares the
 * same defaults. Off by default: no network request unless the user turns it on.
 */
export interface WikidataSettings {
  enabled: boolean;
  cacheDays: number;
  /** Named in the User-Agent (an e-mail address or a URL), as the API etiquette asks. */
  contact: string;
  endpoint: string;
}
export const WIKIDATA_SETTINGS_SECTION = 'factdesk.wikidata';
export const DEFAULT_WIKIDATA_SETTINGS: WikidataSettings = { enabled: false, cacheDays: DEFAULT_CACHE_DAYS, contact: '', endpoint: DEFAULT_WIKIDATA_ENDPOINT };

/** Arguments of the hover's "Pin" link on a Wikidata candidate: store its Q-id in the knowledge base. */
export interface WikidataPinArgs {
  root: string;
  /** The Q-id to store as the entry's `wikidata`. */
  id: string;
  /** The entry to update; absent: a new entry is made from name, type and aliases. */
  kbId?: string;
  name: string;
  type: string;
  aliases: string[];
  /** The candidate's label and description, for the message. */
  label?: string;
}

/** Arguments of the hover's "Edit knowledge base entry" link. */
export interface KbEditArgs {
  root: string;
  id: string;
}

/** Arguments of the hover's links to other articles. */
export interface OpenLocationArgs {
  uri: string;
  line: number;
  character: number;
}

// ---------------------------------------------------------------------------------------------
// The Desk (issue #13): what is left to check in every article of the workspace, from the index
// (src/workspace/desk.ts builds the entries from the records; src/server/desk.ts answers).

export interface DeskResult {
  /** The index's state: while 'indexing' the list may be incomplete; 'disabled' / 'unavailable': empty. */
  state: IndexStatusParams['state'];
  /** Bumped on every change of the index; the client asks again when a DeskChanged names a newer one. */
  generation: number;
  /** Every indexed article (sources left out), ready ones too (the client filters and counts). */
  articles: DeskArticle[];
}

/** Client -> server: the Desk now. */
export const DeskRequest = new RequestType<Record<string, never>, DeskResult, void>('factdesk/desk');

export interface DeskChangedParams {
  generation: number;
}

export interface DeskItemsParams {
  uri: string;
}

export interface DeskItemsResult {
  /** The first DESK_ITEMS_MAX open items (claims without their text: the client reads it from the article). */
  items: DeskItem[];
  /** How many there are in all. */
  total: number;
}

/** Client -> server: an article's open items, when its row is unfolded (null: not in the index). */
export const DeskItemsRequest = new RequestType<DeskItemsParams, DeskItemsResult | null, void>('factdesk/deskItems');

/** Server -> client: the index changed (a file on disk, a sidecar, an open document's text); ask DeskRequest again. */
export const DeskChangedNotification = new NotificationType<DeskChangedParams>('factdesk/deskChanged');

const INDEX_STATES: ReadonlyArray<IndexStatusParams['state']> = ['indexing', 'ready', 'disabled', 'unavailable'];
const isCount = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function decodeDeskItem(v: unknown): DeskItem | undefined {
  if (!isObject(v) || !(OPEN_ITEM_KINDS as readonly unknown[]).includes(v.kind) || (v.text !== undefined && typeof v.text !== 'string')) return undefined;
  const placed = [v.start, v.end, v.line, v.character];
  if (placed.some((n) => n !== undefined) && !placed.every(isCount)) return undefined;
  if (v.noteId !== undefined && typeof v.noteId !== 'string') return undefined;
  const item: DeskItem = { kind: v.kind as DeskItem['kind'] };
  if (isCount(v.start)) Object.assign(item, { start: v.start, end: v.end, line: v.line, character: v.character });
  if (typeof v.text === 'string') item.text = v.text;
  if (typeof v.noteId === 'string') item.noteId = v.noteId;
  return item;
}

function decodeDeskArticle(v: unknown): DeskArticle | undefined {
  if (!isObject(v) || typeof v.uri !== 'string' || typeof v.folder !== 'string' || typeof v.file !== 'string') return undefined;
  const c = v.counts;
  if (!isObject(c) || !['claims', 'verified', 'left', 'unverified', 'changed', 'orphaned'].every((k) => isCount(c[k]))) return undefined;
  const first = v.first === undefined ? undefined : decodeDeskItem(v.first);
  if ((v.first !== undefined && !first) || !Array.isArray(v.authors) || !v.authors.every((a) => typeof a === 'string') || !isObject(v.verdicts))
    return undefined;
  const verdicts: DeskArticle['verdicts'] = {};
  for (const [verdict, n] of Object.entries(v.verdicts)) {
    if (!(VERDICTS as readonly string[]).includes(verdict) || !isCount(n)) return undefined;
    verdicts[verdict as keyof DeskArticle['verdicts']] = n;
  }
  for (const key of ['title', 'date', 'error'] as const) if (v[key] !== undefined && typeof v[key] !== 'string') return undefined;
  return {
    uri: v.uri,
    folder: v.folder,
    file: v.file,
    ...(typeof v.title === 'string' ? { title: v.title } : {}),
    ...(typeof v.date === 'string' ? { date: v.date } : {}),
    counts: {
      claims: c.claims as number,
      verified: c.verified as number,
      left: c.left as number,
      unverified: c.unverified as number,
      changed: c.changed as number,
      orphaned: c.orphaned as number,
      // Quote problems, when the article's workspace holds sources.
      ...(isCount(c.altered) ? { altered: c.altered } : {}),
      ...(isCount(c.wrongSpeaker) ? { wrongSpeaker: c.wrongSpeaker } : {}),
      ...(isCount(c.notFound) ? { notFound: c.notFound } : {}),
    },
    ...(first ? { first } : {}),
    authors: v.authors as string[],
    verdicts,
    ...(typeof v.error === 'string' ? { error: v.error } : {}),
  };
}

/** A received DeskItemsResult: undefined when malformed (one malformed item makes it so: the list would be wrong). */
export function decodeDeskItems(value: unknown): DeskItemsResult | null | undefined {
  if (value === null) return null;
  if (!isObject(value) || !Array.isArray(value.items) || !isCount(value.total)) return undefined;
  const items = value.items.map(decodeDeskItem);
  if (items.some((i) => !i)) return undefined;
  return { items: items as DeskItem[], total: value.total };
}

/** A received DeskResult: well-formed articles only (each malformed one is dropped and counted); undefined if the envelope is malformed. */
export function decodeDeskResult(value: unknown): { desk: DeskResult; dropped: number } | undefined {
  if (!isObject(value) || !INDEX_STATES.includes(value.state as IndexStatusParams['state']) || !isCount(value.generation) || !Array.isArray(value.articles))
    return undefined;
  const articles: DeskArticle[] = [];
  let dropped = 0;
  for (const a of value.articles) {
    const decoded = decodeDeskArticle(a);
    if (decoded) articles.push(decoded);
    else dropped++;
  }
  return { desk: { state: value.state as IndexStatusParams['state'], generation: value.generation, articles }, dropped };
}

// ---------------------------------------------------------------------------------------------
// Quotes checked against the sources (issue #11): server -> client after each analysis of an article
// in an indexed workspace folder that holds source documents or where a quote drifts (nothing to mark
// otherwise: no message; an empty list clears earlier marks), for the quote marks and the Fact-check
// view's Quotes group. The states are the server's (src/sources); the client only draws and lists them.

export const QUOTE_STATES = ['altered', 'wrong-speaker', 'not-found', 'verbatim'] as const;
/** A quote's state against the sources, as `factdesk lookup --json` names it. */
export type QuoteState = (typeof QUOTE_STATES)[number];

export interface QuoteCheckItem {
  /** The quote's span, UTF-16 offsets into the analyzed version (as in FindingSpans.quotes). */
  start: number;
  end: number;
  /** Null when the folder holds no source documents: nothing to check against, no mark. */
  status: QuoteState | null;
  /** How many other articles quote the same speaker with close but different words (0: none). */
  drift: number;
  /** One line for tooltips: why this state ("altered from sources/x.txt:6 (Ana Ruiz): a number changed (half → third)"). */
  reason: string;
}

export interface QuoteChecksParams {
  uri: string;
  /** The analyzed version the offsets refer to (the findings' version). */
  version: number;
  /** Source documents in the article's workspace folder. */
  sources: number;
  /** Every quote checked (titles of works aside), in text order; empty when quotes are hidden. */
  quotes: QuoteCheckItem[];
}

/**
 * What each quote mark looks like in the default colours (src/extension/decorations.ts draws them;
 * package.json declares the colours). The quote's hover and the status bar's legend say it in these words.
 */
export const QUOTE_MARKS: Record<QuoteState | 'drift', string> = {
  verbatim: 'faint dotted green underline: verbatim in the sources',
  altered: 'red tint: the words differ from the source',
  'wrong-speaker': 'magenta tint: the words are someone else’s in the sources',
  'not-found': 'grey dashed box: not found in the sources',
  drift: 'teal dotted outline: the same speaker quoted with other words in another article',
};

export const QuoteChecksNotification = new NotificationType<QuoteChecksParams>('factdesk/quoteChecks');

/** A received QuoteChecksParams: well-formed quotes only (each malformed one dropped and counted); undefined if the envelope is malformed. */
export function decodeQuoteChecks(value: unknown): { checks: QuoteChecksParams; dropped: number } | undefined {
  if (!isObject(value) || typeof value.uri !== 'string' || !Number.isInteger(value.version) || !isCount(value.sources) || !Array.isArray(value.quotes))
    return undefined;
  const quotes: QuoteCheckItem[] = [];
  let dropped = 0;
  for (const q of value.quotes) {
    const ok =
      isObject(q) &&
      isCount(q.start) &&
      isCount(q.end) &&
      (q.end as number) >= (q.start as number) &&
      (q.status === null || (QUOTE_STATES as readonly unknown[]).includes(q.status)) &&
      isCount(q.drift) &&
      typeof q.reason === 'string';
    if (!ok) {
      dropped++;
      continue;
    }
    quotes.push({
      start: q.start as number,
      end: q.end as number,
      status: q.status as QuoteState | null,
      drift: q.drift as number,
      reason: q.reason as string,
    });
  }
  return { checks: { uri: value.uri, version: value.version as number, sources: value.sources, quotes }, dropped };
}

// ---------------------------------------------------------------------------------------------
// Commands. The server's code actions invoke client commands by these ids.

export const Commands = {
  analyze: 'factdesk.analyze',
  analyzeFile: 'factdesk.analyzeFile',
  ignoreWord: 'factdesk.ignoreWord',
  toggleQuotes: 'factdesk.toggleQuotes',
  toggleClaims: 'factdesk.toggleClaims',
  toggleHedges: 'factdesk.toggleHedges',
  toggleEntities: 'factdesk.toggleEntities',
  showOutput: 'factdesk.showOutput',
  /** Workspace index: the peek of everything known about the entity at the cursor. */
  showEntity: 'factdesk.showEntity',
  /** Hover links (hidden from the palette). */
  kbAdd: 'factdesk.kb.add',
  kbEdit: 'factdesk.kb.edit',
  openLocation: 'factdesk.openLocation',
  /**
   * The notes feature's Add Fact-check Note (the client's NotesCommands.addNote), with arguments
   * { uri, start, end, verdict, comment, sources }: the "Reuse this verdict" code action (issue #11).
   */
  addNote: 'factdesk.addNote',
  wikidataPin: 'factdesk.wikidata.pin',
  /** Test-only: the last factdesk/indexStatus, waiting up to timeoutMs for one with state 'ready' when asked. */
  testIndexStatus: 'factdesk._test.indexStatus',
  /** Test-only (registered in extension test mode): decoration ranges drawn per category for a document. */
  testDecorations: 'factdesk._test.decorations',
  /** Test-only: the last findings the client accepted for a URI, as ReceivedFindings, or null. */
  testFindings: 'factdesk._test.findings',
  /** Test-only: (uri) → whether the document is an article the language server analyzes (the document selector matches it). */
  testIsArticle: 'factdesk._test.isArticle',
  /** Test-only: { text, tooltip, label (what screen readers hear), visible } of the status bar item. */
  testStatusBar: 'factdesk._test.statusBar',
  /** Test-only: (uri, afterSeq, timeoutMs) → the first ReceivedFindings for uri with seq > afterSeq. */
  testWaitForFindings: 'factdesk._test.waitForFindings',
} as const;

/** Findings as the client holds them: numbered in order of arrival so tests can wait for the next one. */
export interface ReceivedFindings extends FindingsParams {
  seq: number;
  /**
   * The quotes checked against the sources, offsets moved onto this version (absent until the server
   * has checked them, outside an indexed workspace folder, and with nothing to mark). `version` is the one they were checked
   * on: older than the findings' while the next check is on its way.
   */
  quoteChecks?: QuoteChecksParams;
}

/** What `factdesk._test.decorations` returns: [startLine, startChar, endLine, endChar] per range. */
export type DrawnDecorations = Record<string, Array<[number, number, number, number]>>;

export const DIAGNOSTIC_SOURCE = 'FactDesk';
export const HEDGE_DIAGNOSTIC_CODE = 'hedge';
/** Information diagnostics of quotes that differ from the workspace's sources (issue #11). */
export const QUOTE_ALTERED_CODE = 'quote-altered';
export const QUOTE_WRONG_SPEAKER_CODE = 'quote-wrong-speaker';

/** What a quote diagnostic carries (`data`): the quick fix "Replace with the source's wording" uses `replacement`. */
export interface QuoteDiagnosticData {
  /** The source's wording, first letter cased as the quote's. */
  replacement: string;
  /** The source file (relative to the workspace folder) and 1-based line of the passage. */
  source: string;
  line: number;
}
