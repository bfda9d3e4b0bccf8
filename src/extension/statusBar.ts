// One status bar item: counts of the shown categories for the active file, or why there are none.
// Its tooltip carries a short legend of the colours; screen readers hear the counts in words
// (accessibilityInformation), not the icon names of the text.
import * as vscode from 'vscode';
import { failureSummary } from '../shared/failures';
import {
  Commands,
  QUOTE_MARKS,
  QUOTE_STATES,
  type ClaimHighlight,
  type FailureReport,
  type FindingsParams,
  type HedgesInQuotes,
  type QuoteChecksParams,
  type ShowSettings,
} from '../shared/protocol';

/** How many failed places the tooltip lists by line before it only counts the rest. */
export const FAILURES_LISTED = 5;

/** What each mark means, in the default colours (each can be changed under workbench.colorCustomizations). */
export function legend(show: ShowSettings, claimsHighlight: ClaimHighlight, hedgesInQuotes: HedgesInQuotes, quoteChecks?: QuoteChecksParams): string[] {
  const lines: string[] = [];
  if (show.claims) {
    const tint =
      claimsHighlight === 'all'
        ? 'orange tint: every check-worthy claim (darker: higher score)'
        : claimsHighlight === 'strongest'
          ? 'orange tint: the strongest claims of this article'
          : 'no tint (factdesk.claims.highlight: none)';
    lines.push(`${tint}; in the gutter, a filled orange mark for those, a ring for the other claims`);
  }
  if (show.quotes) {
    lines.push('blue text: a quotation');
    // The marks of the quotes checked against the sources, those this article has.
    const quotes = quoteChecks?.quotes ?? [];
    for (const state of QUOTE_STATES) if (quotes.some((q) => q.status === state)) lines.push(QUOTE_MARKS[state]);
    if (quotes.some((q) => q.drift > 0)) lines.push(QUOTE_MARKS.drift);
  }
  if (show.hedges) {
    const quoted = hedgesInQuotes === 'quiet' ? '; a faint thin underline: hedging inside a quote (the speaker’s words)' : '';
    lines.push(`purple dotted underline, italic: hedged language${quoted}`);
  }
  if (show.entities) lines.push('thin underline: a name (green person, ochre organization, blue place, grey-green other)');
  return lines;
}

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('factdesk.status', vscode.StatusBarAlignment.Right, 100);
  private visible = false;

  constructor() {
    this.item.name = 'FactDesk';
    this.item.command = Commands.analyze;
  }

  show(
    findings: (FindingsParams & { quoteChecks?: QuoteChecksParams }) | undefined,
    show: ShowSettings,
    manual: boolean,
    style: { claimsHighlight: ClaimHighlight; hedgesInQuotes: HedgesInQuotes },
  ): void {
    const item = this.item;
    item.backgroundColor = undefined;
    let tooltip: string;
    let label: string;
    if (!findings) {
      item.text = manual ? '$(play) FactDesk' : '$(sync~spin) FactDesk';
      tooltip = manual ? 'FactDesk: run mode is manual — click to analyze this file' : 'FactDesk: analyzing…';
      label = tooltip;
    } else if (findings.status !== 'ok') {
      item.text = '$(warning) FactDesk';
      tooltip = findings.message ?? 'FactDesk: this file is not analyzed';
      label = tooltip;
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else {
      const { counts } = findings;
      const tinted = style.claimsHighlight === 'all' ? counts.claims : style.claimsHighlight === 'none' ? 0 : findings.spans.prominentClaims.length / 2;
      const parts: string[] = [];
      const words: string[] = [];
      const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
      if (show.quotes) {
        parts.push(`$(quote) ${counts.quotes}`);
        const checked = quoteCheckWords(findings.quoteChecks);
        words.push(`${plural(counts.quotes, 'quote', 'quotes')}${checked ? ` (${checked})` : ''}`);
      }
      if (show.claims) {
        parts.push(`$(law) ${counts.claims}`);
        words.push(`${plural(counts.claims, 'check-worthy claim', 'check-worthy claims')} (${tinted} tinted)`);
      }
      if (show.hedges) {
        parts.push(`$(question) ${counts.hedges}`);
        words.push(plural(counts.hedges, 'hedge', 'hedges'));
      }
      if (show.entities) {
        parts.push(`$(person) ${counts.entities}`);
        words.push(plural(counts.entities, 'entity', 'entities'));
      }
      item.text = parts.length ? parts.join(' ') : '$(eye-closed) FactDesk';
      const summary = words.join(', ') || 'every category is hidden';
      label = `FactDesk: ${summary}`;
      const key = legend(show, style.claimsHighlight, style.hedgesInQuotes, findings.quoteChecks)
        .map((line) => `- ${line}`)
        .join('\n');
      tooltip = `FactDesk: ${summary} (analyzed in ${findings.elapsedMs} ms) — click to re-analyze${key ? `\n\n${key}` : ''}`;
      const failures = findings.failures ?? [];
      if (failures.length) {
        // Part of the file was not analyzed: say so in the item itself, not only in the log.
        item.text += ' $(warning)';
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        const places = failedPlaces(failures);
        label += `; part of this file was not analyzed: ${places.join('; ')}`;
        tooltip +=
          `\n\n**Part of this file was not analyzed** (those findings are missing, the rest is shown):\n\n${places.map((p) => `- ${p}`).join('\n')}` +
          `\n\nThe [FactDesk output](command:${Commands.showOutput}) has the details; include them when you report it.`;
      }
    }
    // The legend is a Markdown list; a message (it may name a path) stays plain text.
    if (findings?.status === 'ok') {
      const markdown = new vscode.MarkdownString(tooltip);
      // The only command link the tooltip may run: the output channel with the failure details.
      markdown.isTrusted = { enabledCommands: [Commands.showOutput] };
      item.tooltip = markdown;
    } else item.tooltip = tooltip;
    item.accessibilityInformation = { label, role: 'button' };
    item.show();
    this.visible = true;
  }

  /** What the item shows (for the test command). */
  state(): { text: string; tooltip: string; label: string; visible: boolean } {
    const tooltip = this.item.tooltip instanceof vscode.MarkdownString ? this.item.tooltip.value : (this.item.tooltip ?? '');
    return { text: this.item.text, tooltip, label: this.item.accessibilityInformation?.label ?? '', visible: this.visible };
  }

  hide(): void {
    this.visible = false;
    this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}

/** "1 altered, 2 not found in the sources": the quotes that are not verbatim, in words; '' when there are none. */
function quoteCheckWords(checks: QuoteChecksParams | undefined): string {
  const names = { altered: 'altered', 'wrong-speaker': 'said by someone else', 'not-found': 'not found in the sources' } as const;
  const quotes = checks?.quotes ?? [];
  const parts = (Object.keys(names) as Array<keyof typeof names>)
    .map((state) => [quotes.filter((q) => q.status === state).length, names[state]] as const)
    .filter(([n]) => n > 0)
    .map(([n, name]) => `${n} ${name}`);
  const drift = quotes.filter((q) => q.drift > 0).length;
  if (drift) parts.push(`${drift} quoted differently elsewhere`);
  return parts.join(', ');
}

/** "hedges failed on line 12", one per detector and place, the first FAILURES_LISTED of them. */
export function failedPlaces(failures: readonly FailureReport[]): string[] {
  const places = [...new Set(failures.map((f) => failureSummary(f)))];
  if (places.length <= FAILURES_LISTED) return places;
  return [...places.slice(0, FAILURES_LISTED), `and ${places.length - FAILURES_LISTED} more`];
}

/**
 * A second item, shown only while notes of open articles are orphaned (their text is gone): the
 * count, in words for screen readers; a click shows them in the Fact-check view.
 */
export class OrphanStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('factdesk.orphans', vscode.StatusBarAlignment.Right, 99);
  private count = 0;

  constructor(command: string) {
    this.item.name = 'FactDesk orphaned notes';
    this.item.command = command;
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
  }

  show(count: number): void {
    this.count = count;
    if (count === 0) {
      this.item.hide();
      return;
    }
    const words = `${count} orphaned fact-check note${count === 1 ? '' : 's'}`;
    this.item.text = `$(warning) ${count} orphaned`;
    this.item.tooltip = `FactDesk: ${words}: the text ${count === 1 ? 'it was' : 'they were'} on is gone. Click to show ${count === 1 ? 'it' : 'them'}.`;
    this.item.accessibilityInformation = { label: `FactDesk: ${words}`, role: 'button' };
    this.item.show();
  }

  /** What the item shows (for the test command). */
  state(): { count: number; text: string; label: string; visible: boolean } {
    return { count: this.count, text: this.item.text, label: this.item.accessibilityInformation?.label ?? '', visible: this.count > 0 };
  }

  dispose(): void {
    this.item.dispose();
  }
}
