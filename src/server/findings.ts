// Turns one Analysis into what the editor needs: compact spans for decorations, lookups by offset
// for hovers and code actions, document symbols and hedge diagnostics.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeAction,
  CodeActionKind,
  Diagnostic,
  DiagnosticSeverity,
  DocumentSymbol,
  MarkupKind,
  SymbolKind,
  type Hover,
  type Range,
} from 'vscode-languageserver/node';
import { prominentClaims, quoteOfHedges } from '../core/emphasis';
import { partitionPoint } from '../core/text';
import type { Analysis, Claim, ClaimReason, Entity, Hedge, Quote, Span, SpeakerVia } from '../core/types';
import {
  CLAIM_STRENGTHS,
  Commands,
  DIAGNOSTIC_SOURCE,
  ENTITY_TYPES,
  HEDGE_DIAGNOSTIC_CODE,
  type FindingCounts,
  type FindingSpans,
  type HedgeDiagnostics,
  type ClaimHighlight,
  type HedgesInQuotes,
  type ShowSettings,
} from '../shared/protocol';

interface MentionRef extends Span {
  entity: Entity;
}

/** Claim strength bucket: the range from the threshold to 1 split in CLAIM_STRENGTHS equal parts. */
export function claimStrength(score: number, threshold: number): number {
  const width = (1 - threshold) / CLAIM_STRENGTHS;
  if (width <= 0) return CLAIM_STRENGTHS - 1;
  return Math.max(0, Math.min(CLAIM_STRENGTHS - 1, Math.floor((score - threshold) / width)));
}

export type AnalysisFindings = Pick<Analysis, 'quotes' | 'claims' | 'hedges' | 'entities'>;

/** The settings that shape what the findings show (besides the per-category toggles). */
export interface FindingsView {
  claimThreshold: number;
  hedgesInQuotes: HedgesInQuotes;
}

/** The findings as the editor shows them: with `hedgesInQuotes` off, the hedges inside direct quotes are gone. */
export function presented(analysis: AnalysisFindings, hedgesInQuotes: HedgesInQuotes): AnalysisFindings {
  if (hedgesInQuotes !== 'off') return analysis;
  const quoteOf = quoteOfHedges(analysis.hedges, analysis.quotes);
  return { ...analysis, hedges: analysis.hedges.filter((_, i) => !quoteOf[i]) };
}

export function countsOf(analysis: AnalysisFindings): FindingCounts {
  return { quotes: analysis.quotes.length, claims: analysis.claims.length, hedges: analysis.hedges.length, entities: analysis.entities.length };
}

/** The compact decoration spans of the findings notification, in text order per category. */
export function findingSpans(analysis: AnalysisFindings, claimThreshold: number): FindingSpans {
  const spans = emptySpans();
  for (const q of [...analysis.quotes].sort(bySpan)) spans.quotes.push(q.start, q.end);
  const hedges = [...analysis.hedges].sort(bySpan);
  const quoteOf = quoteOfHedges(hedges, analysis.quotes);
  hedges.forEach((h, i) => {
    spans.hedges.push(h.start, h.end);
    if (quoteOf[i]) spans.quotedHedges.push(h.start, h.end);
  });
  const claims = [...analysis.claims].sort(bySpan);
  const prominent = prominentClaims(claims);
  claims.forEach((c, i) => {
    spans.claims.push(c.start, c.end, claimStrength(c.score, claimThreshold));
    if (prominent[i]) spans.prominentClaims.push(c.start, c.end);
  });
  const mentions: Array<[number, number, number]> = [];
  for (const e of analysis.entities) {
    const type = Math.max(0, ENTITY_TYPES.indexOf(e.type));
    for (const m of e.mentions) mentions.push([m.start, m.end, type]);
  }
  mentions.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (const m of mentions) spans.entities.push(m[0], m[1], m[2]);
  return spans;
}

/** How the current text differs from the analyzed one: an unchanged prefix and suffix around one edited region. */
export interface TextDelta {
  prefix: number;
  suffix: number;
  lengthChange: number;
}

export function textDelta(analyzed: string, current: string): TextDelta {
  const max = Math.min(analyzed.length, current.length);
  let prefix = 0;
  while (prefix < max && analyzed.charCodeAt(prefix) === current.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && analyzed.charCodeAt(analyzed.length - 1 - suffix) === current.charCodeAt(current.length - 1 - suffix)) suffix++;
  return { prefix, suffix, lengthChange: current.length - analyzed.length };
}

/** An offset in the current text as an offset in the analyzed text, or undefined inside the edited region. */
export function toAnalyzedOffset(delta: TextDelta, currentLength: number, offset: number): number | undefined {
  if (offset < delta.prefix) return offset;
  if (offset >= currentLength - delta.suffix) return offset - delta.lengthChange;
  return undefined;
}

export function emptyCounts(): FindingCounts {
  return { quotes: 0, claims: 0, hedges: 0, entities: 0 };
}

export function emptySpans(): FindingSpans {
  return { quotes: [], claims: [], hedges: [], entities: [], prominentClaims: [], quotedHedges: [] };
}

/** Index of the last item whose start is <= offset in a list sorted by start, or -1. */
function lastStartingAtOrBefore(items: readonly Span[], offset: number): number {
  return partitionPoint(items.length, (i) => items[i].start <= offset) - 1;
}

/**
 * The innermost item containing `offset`. Items of one category rarely nest, so a short walk back
 * from the binary-search hit finds any enclosing item without scanning the whole list.
 */
function containing<T extends Span>(items: readonly T[], offset: number): T | undefined {
  let best: T | undefined;
  const last = lastStartingAtOrBefore(items, offset);
  for (let i = last, steps = 0; i >= 0 && steps < 16; i--, steps++) {
    const item = items[i];
    if (offset >= item.start && offset < item.end && (!best || item.end - item.start < best.end - best.start)) best = item;
  }
  return best;
}

function overlapping<T extends Span>(items: readonly T[], start: number, end: number): T[] {
  const out: T[] = [];
  const last = lastStartingAtOrBefore(items, Math.max(start, end - 1));
  for (let i = last, steps = 0; i >= 0 && steps < 64; i--, steps++) {
    const item = items[i];
    if (item.end < start) {
      if (steps > 16) break;
      continue;
    }
    if (item.start <= end && item.end >= start) out.push(item);
  }
  return out.reverse();
}

const bySpan = (a: Span, b: Span) => a.start - b.start || a.end - b.end;

const VIA_TEXT: Record<SpeakerVia, string> = {
  explicit: 'named at the quote',
  surname: 'surname resolved to the full name',
  pronoun: 'pronoun resolved to an earlier speaker',
  role: 'identified by a role',
  'according-to': '“according to” attribution',
};

const QUOTE_KIND_TEXT: Record<Quote['kind'], string> = {
  statement: 'direct statement',
  short: 'partial or scare quote',
  title: 'title or name in quotation marks',
};

const REASON_TEXT: Record<ClaimReason, string> = {
  statistic: 'contains a number or statistic',
  date: 'names a date or time',
  comparison: 'makes a comparison',
  causal: 'asserts a cause or effect',
  attributed: 'is attributed to a source',
  'entity-fact': 'states a fact about a named entity',
};

const HEDGE_CATEGORY_TEXT: Record<Hedge['category'], string> = {
  modal: 'modal verb',
  epistemic: 'epistemic phrase',
  adverb: 'hedging adverb',
  weasel: 'weasel wording',
};

/** What the claim's mark in the editor means (VS Code cannot hover a gutter icon: the claim's hover says it). */
export function markText(prominent: boolean, highlight: ClaimHighlight): string {
  const tinted = highlight === 'all' || (highlight === 'strongest' && prominent);
  const mark = prominent ? 'among the strongest claims of this article (filled gutter mark)' : 'ring in the gutter';
  return tinted ? `tinted, ${mark}` : `not tinted, ${mark}`;
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export class Findings {
  readonly counts: FindingCounts;
  private readonly quotes: Quote[];
  private readonly claims: Claim[];
  private readonly hedges: Hedge[];
  private readonly mentions: MentionRef[];
  /** The direct quote each hedge lies in (the speaker's words), by hedge. */
  private readonly hedgeQuotes = new Map<Hedge, Quote>();
  /** Claims that carry the visible mark by the article's ranking. */
  private readonly prominent = new Set<Claim>();

  constructor(
    readonly analysis: AnalysisFindings,
    /** The document text exactly as analyzed; positions convert through it. */
    readonly snapshot: TextDocument,
    readonly claimThreshold: number,
  ) {
    this.quotes = [...analysis.quotes].sort(bySpan);
    this.claims = [...analysis.claims].sort(bySpan);
    this.hedges = [...analysis.hedges].sort(bySpan);
    this.mentions = [];
    for (const entity of analysis.entities) for (const m of entity.mentions) this.mentions.push({ start: m.start, end: m.end, entity });
    this.mentions.sort(bySpan);
    this.counts = countsOf(analysis);
    quoteOfHedges(this.hedges, this.quotes).forEach((q, i) => {
      if (q) this.hedgeQuotes.set(this.hedges[i], q);
    });
    prominentClaims(this.claims).forEach((p, i) => {
      if (p) this.prominent.add(this.claims[i]);
    });
  }

  get version(): number {
    return this.snapshot.version;
  }

  spans(): FindingSpans {
    return findingSpans(this.analysis, this.claimThreshold);
  }

  private range(span: Span): Range {
    return { start: this.snapshot.positionAt(span.start), end: this.snapshot.positionAt(span.end) };
  }

  private line(offset: number): number {
    return this.snapshot.positionAt(offset).line + 1;
  }

  /** The innermost quote at `offset`, if any. */
  quoteAt(offset: number): Quote | undefined {
    return containing(this.quotes, offset);
  }

  /** The innermost claim at `offset`, if any. */
  claimAt(offset: number): Claim | undefined {
    return containing(this.claims, offset);
  }

  /** The entity with a mention at `offset`, if any. */
  entityAt(offset: number): Entity | undefined {
    return containing(this.mentions, offset)?.entity;
  }

  /** One hover with a section per finding under the position, innermost first. */
  hover(offset: number, show: ShowSettings, highlight: ClaimHighlight = 'strongest'): Hover | null {
    const sections: string[] = [];
    let innermost: Span | undefined;
    const take = (span: Span | undefined, render: () => string) => {
      if (!span) return;
      sections.push(render());
      if (!innermost || span.end - span.start < innermost.end - innermost.start) innermost = span;
    };
    const hedge = show.hedges ? containing(this.hedges, offset) : undefined;
    take(hedge, () => this.hedgeText(hedge!));
    const mention = show.entities ? containing(this.mentions, offset) : undefined;
    take(mention, () => this.entityText(mention!.entity));
    const quote = show.quotes ? containing(this.quotes, offset) : undefined;
    take(quote, () => this.quoteText(quote!));
    const claim = show.claims ? containing(this.claims, offset) : undefined;
    take(claim, () => this.claimText(claim!, highlight));
    if (!innermost) return null;
    return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: this.range(innermost) };
  }

  private hedgeText(h: Hedge): string {
    const kind = HEDGE_CATEGORY_TEXT[h.category] ?? h.category;
    const quote = this.hedgeQuotes.get(h);
    if (!quote) return `**FactDesk · Hedge** “${h.cue}” — ${kind}\n\n${h.explanation}`;
    const by = quote.speaker ? `a quote by ${quote.speaker.name}` : 'a quote (speaker not identified)';
    return `**FactDesk · Hedge in a quote** “${h.cue}” — ${kind}\n\nIn ${by}: the speaker's hedging, not the reporter's. ${h.explanation}`;
  }

  private entityText(e: Entity): string {
    const first = e.mentions[0];
    const lines = [`**FactDesk · Entity** ${e.name} — ${e.type}`, '', `- Canonical name: ${e.name}`];
    if (e.aliases.length) lines.push(`- Also written: ${e.aliases.map((a) => `“${a}”`).join(', ')}`);
    if (e.role) lines.push(`- Role in the text: ${clip(e.role.text, 120)}`);
    if (e.reasons?.length) lines.push(`- Why ${e.type}: ${e.reasons.join('; ')}`);
    lines.push(`- Mentions: ${e.mentions.length}`);
    if (first) lines.push(`- First mention: line ${this.line(first.start)}`);
    return lines.join('\n');
  }

  private quoteText(q: Quote): string {
    const speaker = q.speaker ? `Speaker: **${q.speaker.name}** (${VIA_TEXT[q.speaker.via] ?? q.speaker.via})` : 'Speaker: not identified';
    const cue = q.cue ? ` · cue “${q.cue.text}”` : '';
    // Why the ranker chose this speaker over the other candidates, in words.
    const why = q.speaker?.reasons?.length ? `\n\nWhy this speaker: ${q.speaker.reasons.join(' + ')}` : '';
    return `**FactDesk · Quote** — ${QUOTE_KIND_TEXT[q.kind] ?? q.kind}\n\n${speaker}${cue}${why}`;
  }

  private claimText(c: Claim, highlight: ClaimHighlight): string {
    const reasons = c.reasons.length ? c.reasons.map((r) => REASON_TEXT[r] ?? r).join('; ') : 'no specific reason recorded';
    // What raised the score most, in words ("a number + a rise or fall + “unemployment”").
    const why = c.why.length ? `\n\nWhy: ${c.why.join(' + ')}` : '';
    return `**FactDesk · Claim** — score ${c.score.toFixed(2)} · ${markText(this.prominent.has(c), highlight)}${why}\n\nReasons: ${reasons}`;
  }

  /**
   * The outline: claims and quotes as they come in the text, each its own entry (no group spanning
   * the article, so breadcrumbs and Sticky Scroll name the finding under the cursor); an entry lying
   * inside another (a quote in a claim's sentence) is its child. A long article lists at most
   * OUTLINE_LIMIT of each (the strongest claims; statements with a speaker before other quotes),
   * since the editor asks for the whole outline after every edit (breadcrumbs) and thousands of
   * entries stall its window.
   */
  symbols(show: ShowSettings): DocumentSymbol[] {
    const entries: Array<Span & { symbol: DocumentSymbol }> = [];
    const text = this.snapshot.getText();
    if (show.quotes) {
      const quoteRank = (q: Quote) => (q.kind === 'statement' ? 0 : 2) + (q.speaker ? 0 : 1);
      for (const q of strongest(this.quotes, (a, b) => quoteRank(a) - quoteRank(b))) {
        const name = `“${clip(text.slice(q.content.start, q.content.end), 70) || '…'}”`;
        const range = this.range(q);
        entries.push({
          start: q.start,
          end: q.end,
          symbol: DocumentSymbol.create(name, q.speaker ? q.speaker.name : (QUOTE_KIND_TEXT[q.kind] ?? q.kind), SymbolKind.String, range, range, []),
        });
      }
    }
    if (show.claims) {
      for (const c of strongest(this.claims, (a, b) => b.score - a.score)) {
        const name = clip(text.slice(c.start, c.end), 80) || 'claim';
        const range = this.range(c);
        entries.push({
          start: c.start,
          end: c.end,
          symbol: DocumentSymbol.create(name, `claim · score ${c.score.toFixed(2)} · ${c.reasons.join(', ')}`, SymbolKind.Event, range, range, []),
        });
      }
    }
    // Outer entries first at equal starts; each entry goes under the innermost open one containing it.
    entries.sort((a, b) => a.start - b.start || b.end - a.end);
    const roots: DocumentSymbol[] = [];
    const open: Array<Span & { symbol: DocumentSymbol }> = [];
    for (const entry of entries) {
      while (open.length && open[open.length - 1].end < entry.end) open.pop();
      const parent = open[open.length - 1];
      (parent ? parent.symbol.children! : roots).push(entry.symbol);
      open.push(entry);
    }
    const prune = (symbols: DocumentSymbol[]) => symbols.forEach((sym) => (sym.children?.length ? prune(sym.children) : delete sym.children));
    prune(roots);
    return roots;
  }

  hedgeDiagnostics(mode: HedgeDiagnostics, show: ShowSettings): Diagnostic[] {
    if (mode === 'off' || !show.hedges) return [];
    const severity = mode === 'hint' ? DiagnosticSeverity.Hint : DiagnosticSeverity.Information;
    return this.hedges.map((h) => {
      const diagnostic = Diagnostic.create(
        this.range(h),
        `Hedge “${h.cue}” (${h.category}): ${h.explanation}`,
        severity,
        HEDGE_DIAGNOSTIC_CODE,
        DIAGNOSTIC_SOURCE,
      );
      diagnostic.data = { cue: h.cue.toLowerCase() };
      return diagnostic;
    });
  }

  /** "Ignore “X” in this workspace" for every hedge the range touches. */
  codeActions(start: number, end: number, contextDiagnostics: Diagnostic[], show: ShowSettings): CodeAction[] {
    if (!show.hedges) return [];
    const seen = new Set<string>();
    const actions: CodeAction[] = [];
    for (const h of overlapping(this.hedges, start, end)) {
      const word = h.cue.toLowerCase().replace(/\s+/g, ' ').trim();
      if (!word || seen.has(word)) continue;
      seen.add(word);
      const title = `Ignore “${word}” in this workspace`;
      const action = CodeAction.create(title, { title, command: Commands.ignoreWord, arguments: [word] }, CodeActionKind.QuickFix);
      action.diagnostics = contextDiagnostics.filter(
        (d) => d.source === DIAGNOSTIC_SOURCE && d.code === HEDGE_DIAGNOSTIC_CODE && (d.data as { cue?: string } | undefined)?.cue === word,
      );
      actions.push(action);
    }
    return actions;
  }
}

/** Outline entries per group, at most. */
export const OUTLINE_LIMIT = 500;

/** The first OUTLINE_LIMIT of `items` by `rank` (ties: text order), back in text order. */
function strongest<T extends Span>(items: readonly T[], rank: (a: T, b: T) => number): T[] {
  if (items.length <= OUTLINE_LIMIT) return [...items];
  return [...items]
    .sort((a, b) => rank(a, b) || a.start - b.start)
    .slice(0, OUTLINE_LIMIT)
    .sort((a, b) => a.start - b.start);
}
