// Draws the server's findings as editor decorations: one decoration type per category (three for
// claims, by strength; one per entity type), theme colors from contributes.colors, overview-ruler marks.
//
// The ruler marks are separate decorations, at most one per category in each band of lines, so there
// are a few hundred at most: the editor redraws the ruler from every ruler decoration on each
// keystroke, and with one mark per finding a long article (tens of thousands) stalls typing.
import * as vscode from 'vscode';
import { CLAIM_STRENGTHS, ENTITY_TYPES, type CategoryName, type DrawnDecorations, type FindingsParams, type ShowSettings } from '../shared/protocol';

const color = (id: string) => new vscode.ThemeColor(`factdesk.${id}`);

function createTypes(extensionUri: vscode.Uri) {
  const quotes = vscode.window.createTextEditorDecorationType({
    backgroundColor: color('quoteBackground'),
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  const claimColors = ['claimBackground', 'claimStrongBackground', 'claimStrongestBackground'];
  const claims = claimColors.map((background) => vscode.window.createTextEditorDecorationType({
    backgroundColor: color(background),
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  }));
  // A separate, empty-range type so the strongest claims get one gutter icon at their first line,
  // not one on every line they wrap over.
  const claimGutter = vscode.window.createTextEditorDecorationType({
    gutterIconPath: vscode.Uri.joinPath(extensionUri, 'media', 'claim-gutter.svg'),
    gutterIconSize: '70%',
  });
  const hedges = vscode.window.createTextEditorDecorationType({
    borderStyle: 'none none dotted none',
    borderWidth: '0 0 2px 0',
    borderColor: color('hedgeUnderline'),
    fontStyle: 'italic',
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  const entityColors = ['entityPersonUnderline', 'entityOrganizationUnderline', 'entityPlaceUnderline', 'entityOtherUnderline'];
  const entities = entityColors.map((underline) => vscode.window.createTextEditorDecorationType({
    borderStyle: 'none none solid none',
    borderWidth: '0 0 1px 0',
    borderColor: color(underline),
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  }));
  const ruler = (id: string, lane: vscode.OverviewRulerLane) => vscode.window.createTextEditorDecorationType({ overviewRulerColor: color(id), overviewRulerLane: lane });
  const rulers = {
    quotes: ruler('quoteOverviewRuler', vscode.OverviewRulerLane.Left),
    // Only the stronger claims earn a ruler mark and the strongest a gutter icon: the ruler stays readable.
    claims: ruler('claimOverviewRuler', vscode.OverviewRulerLane.Center),
    hedges: ruler('hedgeOverviewRuler', vscode.OverviewRulerLane.Right),
  };
  return { quotes, claims, claimGutter, hedges, entities, rulers };
}

/** At most this many ruler marks per category: about one per pixel row of a tall ruler. */
const RULER_BANDS = 500;

/** One empty range at the first line of each band of lines that holds any of `ranges`. */
function rulerMarks(lineCount: number, ...groups: vscode.Range[][]): vscode.Range[] {
  const band = Math.max(1, Math.ceil(lineCount / RULER_BANDS));
  const marked = new Set<number>();
  for (const ranges of groups) for (const r of ranges) marked.add(Math.floor(r.start.line / band));
  return [...marked].sort((a, b) => a - b).map((b) => new vscode.Range(b * band, 0, b * band, 0));
}

export class DecorationPainter implements vscode.Disposable {
  private readonly types: ReturnType<typeof createTypes>;
  /** What was last drawn per editor document (for the test command and for clearing). */
  private readonly drawn = new Map<string, Record<CategoryName | `ruler${'Quotes' | 'Claims' | 'Hedges'}`, vscode.Range[]>>();

  constructor(extensionUri: vscode.Uri) {
    this.types = createTypes(extensionUri);
  }

  paint(editor: vscode.TextEditor, findings: FindingsParams | undefined, show: ShowSettings): void {
    const document = editor.document;
    // positionAt clamps offsets past the end, so findings for a slightly older text stay drawable.
    const toRange = (start: number, end: number) => new vscode.Range(document.positionAt(start), document.positionAt(end));
    const spans = findings?.status === 'ok' ? findings.spans : undefined;

    const quotes: vscode.Range[] = [];
    const hedges: vscode.Range[] = [];
    const claims: vscode.Range[][] = Array.from({ length: CLAIM_STRENGTHS }, () => []);
    const entities: vscode.Range[][] = ENTITY_TYPES.map(() => []);
    if (spans) {
      if (show.quotes) for (let i = 0; i + 1 < spans.quotes.length; i += 2) quotes.push(toRange(spans.quotes[i], spans.quotes[i + 1]));
      if (show.hedges) for (let i = 0; i + 1 < spans.hedges.length; i += 2) hedges.push(toRange(spans.hedges[i], spans.hedges[i + 1]));
      if (show.claims) {
        for (let i = 0; i + 2 < spans.claims.length; i += 3) {
          claims[Math.max(0, Math.min(CLAIM_STRENGTHS - 1, spans.claims[i + 2]))].push(toRange(spans.claims[i], spans.claims[i + 1]));
        }
      }
      if (show.entities) {
        for (let i = 0; i + 2 < spans.entities.length; i += 3) {
          entities[Math.max(0, Math.min(ENTITY_TYPES.length - 1, spans.entities[i + 2]))].push(toRange(spans.entities[i], spans.entities[i + 1]));
        }
      }
    }
    editor.setDecorations(this.types.quotes, quotes);
    editor.setDecorations(this.types.hedges, hedges);
    this.types.claims.forEach((type, strength) => editor.setDecorations(type, claims[strength]));
    editor.setDecorations(this.types.claimGutter, claims[CLAIM_STRENGTHS - 1].map((r) => new vscode.Range(r.start, r.start)));
    this.types.entities.forEach((type, index) => editor.setDecorations(type, entities[index]));
    const { rulers } = this.types;
    const rulerQuotes = rulerMarks(document.lineCount, quotes);
    const rulerClaims = rulerMarks(document.lineCount, ...claims.slice(1));
    const rulerHedges = rulerMarks(document.lineCount, hedges);
    editor.setDecorations(rulers.quotes, rulerQuotes);
    editor.setDecorations(rulers.claims, rulerClaims);
    editor.setDecorations(rulers.hedges, rulerHedges);
    this.drawn.set(document.uri.toString(), { quotes, hedges, claims: claims.flat(), entities: entities.flat(), rulerQuotes, rulerClaims, rulerHedges });
  }

  clear(editor: vscode.TextEditor): void {
    this.paint(editor, undefined, { quotes: false, claims: false, hedges: false, entities: false });
  }

  /** Ranges drawn per category for a document, as plain numbers (for the test command). */
  drawnFor(uri: vscode.Uri): DrawnDecorations {
    const drawn = this.drawn.get(uri.toString());
    const out: DrawnDecorations = {};
    if (!drawn) return out;
    for (const [category, ranges] of Object.entries(drawn)) {
      out[category] = ranges.map((r) => [r.start.line, r.start.character, r.end.line, r.end.character]);
    }
    return out;
  }

  dispose(): void {
    this.types.quotes.dispose();
    this.types.hedges.dispose();
    this.types.claimGutter.dispose();
    for (const t of [...this.types.claims, ...this.types.entities, ...Object.values(this.types.rulers)]) t.dispose();
    this.drawn.clear();
  }
}
