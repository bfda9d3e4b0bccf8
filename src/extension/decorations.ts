// Draws the server's findings as editor decorations: one decoration type per category (three for
// claims, by strength; one per entity type), theme colors from contributes.colors, overview-ruler marks.
//
// Quiet by default: only the claims the article's ranking puts first (spans.prominentClaims, see
// src/core/emphasis.ts) are tinted, the others get a ring in the gutter (factdesk.claims.highlight);
// quotes have one style, their text colour; hedges inside a direct quote (the speaker's words) get a
// fainter underline than the reporter's own (factdesk.hedges.inQuotes).
//
// Quotes checked against the sources (issue #11; the states are the server's, see
// factdesk/quoteChecks) get one more mark each: a quiet dotted underline when verbatim, a visible one
// otherwise (a red tint: altered; magenta: someone else's words; a grey dashed box: not found), and a
// teal dotted outline when another article quotes the same speaker with other words (drift). Each is
// a different CSS property (text-decoration, background, border, outline), so a state and drift show
// together and neither hides the quote's text colour or a claim's tint.
//
// The ruler marks are separate decorations, at most one per category in each band of lines, so there
// are a few hundred at most: the editor redraws the ruler from every ruler decoration on each
// keystroke, and with one mark per finding a long article (tens of thousands) stalls typing.
import * as vscode from 'vscode';
import {
  CLAIM_STRENGTHS,
  ENTITY_TYPES,
  QUOTE_STATES,
  type CategoryName,
  type ClaimHighlight,
  type DrawnDecorations,
  type FindingsParams,
  type HedgesInQuotes,
  type QuoteChecksParams,
  type QuoteState,
  type ShowSettings,
} from '../shared/protocol';

const color = (id: string) => new vscode.ThemeColor(`factdesk.${id}`);

/** What the painter draws besides the per-category toggles. */
export interface PaintStyle {
  claimsHighlight: ClaimHighlight;
  hedgesInQuotes: HedgesInQuotes;
}

function createTypes(extensionUri: vscode.Uri) {
  // One quiet style for quotes: their text colour (no background, so a quote inside a tinted claim stays readable).
  const quotes = vscode.window.createTextEditorDecorationType({
    color: color('quoteForeground'),
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  const claimColors = ['claimBackground', 'claimStrongBackground', 'claimStrongestBackground'];
  const claims = claimColors.map((background) =>
    vscode.window.createTextEditorDecorationType({
      backgroundColor: color(background),
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    }),
  );
  // Separate, empty-range types so a claim gets one gutter icon at its first line, not one on every
  // line it wraps over: a filled mark for the claims the ranking puts first, a ring for the others.
  // VS Code shows no hover for a gutter icon (microsoft/vscode#28080): the claim's hover explains it.
  const gutter = (icon: string) =>
    vscode.window.createTextEditorDecorationType({
      gutterIconPath: vscode.Uri.joinPath(extensionUri, 'media', icon),
      gutterIconSize: '70%',
    });
  const claimGutter = gutter('claim-gutter.svg');
  const claimGutterQuiet = gutter('claim-gutter-quiet.svg');
  const hedges = vscode.window.createTextEditorDecorationType({
    borderStyle: 'none none dotted none',
    borderWidth: '0 0 2px 0',
    borderColor: color('hedgeUnderline'),
    fontStyle: 'italic',
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  // The speaker's hedging inside a direct quote: a thin, fainter underline, no italics.
  const quotedHedges = vscode.window.createTextEditorDecorationType({
    borderStyle: 'none none dotted none',
    borderWidth: '0 0 1px 0',
    borderColor: color('hedgeInQuoteUnderline'),
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  const entityColors = ['entityPersonUnderline', 'entityOrganizationUnderline', 'entityPlaceUnderline', 'entityOtherUnderline'];
  const entities = entityColors.map((underline) =>
    vscode.window.createTextEditorDecorationType({
      borderStyle: 'none none solid none',
      borderWidth: '0 0 1px 0',
      borderColor: color(underline),
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    }),
  );
  // Quote states: each mark a CSS property of its own (see the top of the file). Theme colours reach
  // text-decoration through their CSS variables (no ThemeColor field for it).
  const quoteStates: Record<QuoteState, vscode.TextEditorDecorationType> = {
    verbatim: vscode.window.createTextEditorDecorationType({
      textDecoration: 'underline dotted var(--vscode-factdesk-quoteVerbatimUnderline)',
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    }),
    altered: vscode.window.createTextEditorDecorationType({
      backgroundColor: color('quoteAlteredBackground'),
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    }),
    'wrong-speaker': vscode.window.createTextEditorDecorationType({
      backgroundColor: color('quoteWrongSpeakerBackground'),
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    }),
    'not-found': vscode.window.createTextEditorDecorationType({
      borderStyle: 'dashed',
      borderWidth: '1px',
      borderRadius: '2px',
      borderColor: color('quoteNotFoundBorder'),
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    }),
  };
  const quoteDrift = vscode.window.createTextEditorDecorationType({
    outlineStyle: 'dotted',
    outlineWidth: '1px',
    outlineColor: color('quoteDriftOutline'),
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  const ruler = (id: string, lane: vscode.OverviewRulerLane) =>
    vscode.window.createTextEditorDecorationType({ overviewRulerColor: color(id), overviewRulerLane: lane });
  const rulers = {
    quotes: ruler('quoteOverviewRuler', vscode.OverviewRulerLane.Left),
    // Only the claims the ranking puts first earn a ruler mark: the ruler stays readable.
    claims: ruler('claimOverviewRuler', vscode.OverviewRulerLane.Center),
    hedges: ruler('hedgeOverviewRuler', vscode.OverviewRulerLane.Right),
    // Quotes that are not verbatim in the sources, or drift: what a fact-checker scrolls to.
    quoteChecks: ruler('quoteCheckOverviewRuler', vscode.OverviewRulerLane.Left),
  };
  return { quotes, claims, claimGutter, claimGutterQuiet, hedges, quotedHedges, entities, quoteStates, quoteDrift, rulers };
}

/** At most this many ruler marks per category: about one per pixel row of a tall ruler. */
const RULER_BANDS = 500;

/**
 * Above this many findings in a document, highlights are drawn only around the visible lines (and
 * redrawn as the editor scrolls): sending tens of thousands of ranges stalls the window for a moment
 * after each analysis. The overview ruler still marks the whole document.
 */
export const WINDOWED_ABOVE = 4000;
/** Lines drawn beyond the visible ones, on each side, when drawing around the visible lines. */
const WINDOW_MARGIN_LINES = 300;

/** One empty range at the first line of each band of lines that holds a finding starting at one of `starts`. */
function rulerMarks(document: vscode.TextDocument, starts: number[]): vscode.Range[] {
  const band = Math.max(1, Math.ceil(document.lineCount / RULER_BANDS));
  const marked = new Set<number>();
  for (const start of starts) marked.add(Math.floor(document.positionAt(start).line / band));
  return [...marked].sort((a, b) => a - b).map((b) => new vscode.Range(b * band, 0, b * band, 0));
}

/** Lines (inclusive) and the offsets they cover. */
interface DrawnWindow {
  startLine: number;
  endLine: number;
  start: number;
  end: number;
}

/** The drawn category of each quote state (what `drawnFor` names it). */
const QUOTE_STATE_CATEGORIES = {
  verbatim: 'quoteVerbatim',
  altered: 'quoteAltered',
  'wrong-speaker': 'quoteWrongSpeaker',
  'not-found': 'quoteNotFound',
} as const satisfies Record<QuoteState, string>;
type QuoteStateCategory = (typeof QUOTE_STATE_CATEGORIES)[QuoteState];

/**
 * What `drawnFor` reports: `claims` are the tinted claims, `claimGutter` / `claimGutterQuiet` the
 * filled / ring gutter marks (one per claim), `hedges` the reporter's hedges, `hedgesInQuotes` the
 * speaker's (quiet style), `quoteVerbatim` / `quoteAltered` / `quoteWrongSpeaker` / `quoteNotFound` the
 * quotes by state against the sources, `quoteDrift` those quoted differently elsewhere, `ruler*` the
 * overview-ruler marks (`rulerQuoteChecks`: quotes not verbatim, or drifting).
 */
type DrawnCategory =
  | CategoryName
  | 'claimGutter'
  | 'claimGutterQuiet'
  | 'hedgesInQuotes'
  | QuoteStateCategory
  | 'quoteDrift'
  | `ruler${'Quotes' | 'Claims' | 'Hedges' | 'QuoteChecks'}`;

export class DecorationPainter implements vscode.Disposable {
  private readonly types: ReturnType<typeof createTypes>;
  /** What was last drawn per editor document (for the test command and for clearing). */
  private readonly drawn = new Map<string, Record<DrawnCategory, vscode.Range[]>>();
  /** The lines each editor drawing around its visible lines last covered. */
  private readonly windows = new WeakMap<vscode.TextEditor, DrawnWindow>();
  private readonly windowsByUri = new Map<string, DrawnWindow>();

  constructor(extensionUri: vscode.Uri) {
    this.types = createTypes(extensionUri);
  }

  paint(editor: vscode.TextEditor, findings: (FindingsParams & { quoteChecks?: QuoteChecksParams }) | undefined, show: ShowSettings, style: PaintStyle): void {
    const document = editor.document;
    const key = document.uri.toString();
    // positionAt clamps offsets past the end, so findings for a slightly older text stay drawable.
    const toRange = (start: number, end: number) => new vscode.Range(document.positionAt(start), document.positionAt(end));
    const spans = findings?.status === 'ok' ? findings.spans : undefined;
    const total = spans ? spans.quotes.length / 2 + spans.hedges.length / 2 + spans.claims.length / 3 + spans.entities.length / 3 : 0;
    const window = total > WINDOWED_ABOVE ? windowAround(editor) : undefined;
    if (window) {
      this.windows.set(editor, window);
      this.windowsByUri.set(key, window);
    } else {
      this.windows.delete(editor);
      this.windowsByUri.delete(key);
    }
    const inWindow = (start: number, end: number) => !window || (end >= window.start && start <= window.end);

    const quotes: vscode.Range[] = [];
    const hedges: vscode.Range[] = [];
    const hedgesInQuotes: vscode.Range[] = [];
    const claims: vscode.Range[][] = Array.from({ length: CLAIM_STRENGTHS }, () => []);
    const claimGutter: vscode.Range[] = [];
    const claimGutterQuiet: vscode.Range[] = [];
    const entities: vscode.Range[][] = ENTITY_TYPES.map(() => []);
    const quoteStates: Record<QuoteState, vscode.Range[]> = { verbatim: [], altered: [], 'wrong-speaker': [], 'not-found': [] };
    const quoteDrift: vscode.Range[] = [];
    const rulerStarts = { quotes: [] as number[], claims: [] as number[], hedges: [] as number[], quoteChecks: [] as number[] };
    /** Starts of the [start, end] pairs of `flat`. */
    const startsOf = (flat: number[] | undefined) => {
      const set = new Set<number>();
      for (let i = 0; flat && i + 1 < flat.length; i += 2) set.add(flat[i]);
      return set;
    };
    if (spans) {
      if (show.quotes) {
        for (let i = 0; i + 1 < spans.quotes.length; i += 2) {
          rulerStarts.quotes.push(spans.quotes[i]);
          if (inWindow(spans.quotes[i], spans.quotes[i + 1])) quotes.push(toRange(spans.quotes[i], spans.quotes[i + 1]));
        }
        for (const q of findings?.quoteChecks?.quotes ?? []) {
          if ((q.status && q.status !== 'verbatim') || q.drift > 0) rulerStarts.quoteChecks.push(q.start);
          if (!inWindow(q.start, q.end)) continue;
          if (q.status) quoteStates[q.status].push(toRange(q.start, q.end));
          if (q.drift > 0) quoteDrift.push(toRange(q.start, q.end));
        }
      }
      if (show.hedges) {
        const quoted = style.hedgesInQuotes === 'quiet' ? startsOf(spans.quotedHedges) : new Set<number>();
        for (let i = 0; i + 1 < spans.hedges.length; i += 2) {
          const start = spans.hedges[i];
          const end = spans.hedges[i + 1];
          const speakers = quoted.has(start);
          // The speaker's hedging is no reporter's weakness: no ruler mark for it.
          if (!speakers) rulerStarts.hedges.push(start);
          if (inWindow(start, end)) (speakers ? hedgesInQuotes : hedges).push(toRange(start, end));
        }
      }
      if (show.claims) {
        const prominent = startsOf(spans.prominentClaims);
        for (let i = 0; i + 2 < spans.claims.length; i += 3) {
          const start = spans.claims[i];
          const end = spans.claims[i + 1];
          const strength = Math.max(0, Math.min(CLAIM_STRENGTHS - 1, spans.claims[i + 2]));
          const first = prominent.has(start);
          if (first) rulerStarts.claims.push(start);
          if (!inWindow(start, end)) continue;
          const range = toRange(start, end);
          (first ? claimGutter : claimGutterQuiet).push(new vscode.Range(range.start, range.start));
          if (style.claimsHighlight === 'all' || (style.claimsHighlight === 'strongest' && first)) claims[strength].push(range);
        }
      }
      if (show.entities) {
        for (let i = 0; i + 2 < spans.entities.length; i += 3) {
          if (!inWindow(spans.entities[i], spans.entities[i + 1])) continue;
          entities[Math.max(0, Math.min(ENTITY_TYPES.length - 1, spans.entities[i + 2]))].push(toRange(spans.entities[i], spans.entities[i + 1]));
        }
      }
    }
    editor.setDecorations(this.types.quotes, quotes);
    for (const state of QUOTE_STATES) editor.setDecorations(this.types.quoteStates[state], quoteStates[state]);
    editor.setDecorations(this.types.quoteDrift, quoteDrift);
    editor.setDecorations(this.types.hedges, hedges);
    editor.setDecorations(this.types.quotedHedges, hedgesInQuotes);
    this.types.claims.forEach((type, strength) => editor.setDecorations(type, claims[strength]));
    editor.setDecorations(this.types.claimGutter, claimGutter);
    editor.setDecorations(this.types.claimGutterQuiet, claimGutterQuiet);
    this.types.entities.forEach((type, index) => editor.setDecorations(type, entities[index]));
    const { rulers } = this.types;
    const rulerQuotes = rulerMarks(document, rulerStarts.quotes);
    const rulerClaims = rulerMarks(document, rulerStarts.claims);
    const rulerHedges = rulerMarks(document, rulerStarts.hedges);
    const rulerQuoteChecks = rulerMarks(document, rulerStarts.quoteChecks);
    editor.setDecorations(rulers.quoteChecks, rulerQuoteChecks);
    editor.setDecorations(rulers.quotes, rulerQuotes);
    editor.setDecorations(rulers.claims, rulerClaims);
    editor.setDecorations(rulers.hedges, rulerHedges);
    this.drawn.set(key, {
      quotes,
      hedges,
      hedgesInQuotes,
      claims: claims.flat(),
      claimGutter,
      claimGutterQuiet,
      entities: entities.flat(),
      rulerQuotes,
      rulerClaims,
      rulerHedges,
      rulerQuoteChecks,
      ...(Object.fromEntries(QUOTE_STATES.map((state) => [QUOTE_STATE_CATEGORIES[state], quoteStates[state]])) as Record<QuoteStateCategory, vscode.Range[]>),
      quoteDrift,
    });
  }

  /** Whether an editor drawn around its visible lines has scrolled near the edge of what was drawn. */
  needsRepaint(editor: vscode.TextEditor): boolean {
    const window = this.windows.get(editor);
    if (!window) return false;
    const visible = visibleLines(editor);
    const slack = WINDOW_MARGIN_LINES / 3;
    const lastLine = editor.document.lineCount - 1;
    return (visible.first - slack < window.startLine && window.startLine > 0) || (visible.last + slack > window.endLine && window.endLine < lastLine);
  }

  clear(editor: vscode.TextEditor): void {
    this.paint(editor, undefined, { quotes: false, claims: false, hedges: false, entities: false }, { claimsHighlight: 'none', hedgesInQuotes: 'off' });
  }

  /**
   * Ranges drawn per category for a document, as plain numbers (for the test command); `window`:
   * the lines drawn, [startLine, 0, endLine, 0], when only those around the visible ones are.
   */
  drawnFor(uri: vscode.Uri): DrawnDecorations {
    const drawn = this.drawn.get(uri.toString());
    const out: DrawnDecorations = {};
    if (!drawn) return out;
    for (const [category, ranges] of Object.entries(drawn)) {
      out[category] = ranges.map((r) => [r.start.line, r.start.character, r.end.line, r.end.character]);
    }
    const window = this.windowsByUri.get(uri.toString());
    if (window) out.window = [[window.startLine, 0, window.endLine, 0]];
    return out;
  }

  dispose(): void {
    const { quotes, hedges, quotedHedges, claimGutter, claimGutterQuiet, claims, entities, quoteStates, quoteDrift, rulers } = this.types;
    for (const t of [
      quotes,
      hedges,
      quotedHedges,
      claimGutter,
      claimGutterQuiet,
      ...claims,
      ...entities,
      ...Object.values(quoteStates),
      quoteDrift,
      ...Object.values(rulers),
    ])
      t.dispose();
    this.drawn.clear();
  }
}

function visibleLines(editor: vscode.TextEditor): { first: number; last: number } {
  const ranges = editor.visibleRanges;
  if (!ranges.length) return { first: 0, last: Math.min(editor.document.lineCount - 1, 100) };
  return { first: Math.min(...ranges.map((r) => r.start.line)), last: Math.max(...ranges.map((r) => r.end.line)) };
}

/** The visible lines of an editor with a margin on each side, and the offsets they span. */
function windowAround(editor: vscode.TextEditor): DrawnWindow {
  const document = editor.document;
  const { first, last } = visibleLines(editor);
  const startLine = Math.max(0, first - WINDOW_MARGIN_LINES);
  const endLine = Math.min(document.lineCount - 1, last + WINDOW_MARGIN_LINES);
  return { startLine, endLine, start: document.offsetAt(new vscode.Position(startLine, 0)), end: document.offsetAt(document.lineAt(endLine).range.end) };
}
