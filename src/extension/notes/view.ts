// The "Fact-check" view: for each open article, its notes (verdict, anchored / moved / orphaned),
// its claims (from the findings the client already has) with their verification state, and its
// quotes by state against the sources (the server's quote checks, issue #11): altered, said by
// someone else, not found, verbatim, and those quoted differently in another article (drift).
// Clicking an item reveals its passage; orphaned notes show the text they were last on.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { noteStateOf, verificationStateOf } from '../../notes';
import { QUOTE_MARKS, QUOTE_STATES, type QuoteCheckItem, type QuoteState, type ReceivedFindings } from '../../shared/protocol';
import { NotesCommands } from '../commands';
import type { Article, ArticleNotes } from './articles';
import { DeskSection, isDeskNode, type DeskNode } from './deskSection';
import { excerpt, noteStateLabel, VERDICT_BADGES, VERDICT_LABELS, verdictIcon } from './format';

export const VIEW_ID = 'factdesk.factCheck';
export const REVEAL_COMMAND = NotesCommands.reveal;
/** Groups with more items than this start collapsed. */
const EXPANDED_UP_TO = 200;

export type FactCheckNode =
  | DeskNode
  | { kind: 'article'; key: string }
  | { kind: 'group'; key: string; group: 'notes' | 'claims' | 'quotes' }
  | { kind: 'quoteGroup'; key: string; state: QuoteGroup }
  | { kind: 'note'; key: string; noteId: string }
  | { kind: 'claim'; key: string; start: number; end: number }
  | { kind: 'quote'; key: string; state: QuoteGroup; start: number; end: number };

/** The Quotes group's sub-groups: one per state, then the quotes quoted differently elsewhere. */
type QuoteGroup = QuoteState | 'drift';
const QUOTE_GROUPS: readonly QuoteGroup[] = [...QUOTE_STATES, 'drift'];
const QUOTE_GROUP_LABELS: Record<QuoteGroup, string> = {
  altered: 'Altered',
  'wrong-speaker': 'Wrong speaker',
  'not-found': 'Not found in the sources',
  verbatim: 'Verbatim',
  drift: 'Quoted differently elsewhere',
};
/** Codicons of the groups and their quotes, coloured by how much they need a look. */
const QUOTE_GROUP_ICONS: Record<QuoteGroup, [string, string?]> = {
  altered: ['diff', 'editorError.foreground'],
  'wrong-speaker': ['person', 'editorWarning.foreground'],
  'not-found': ['question', 'editorWarning.foreground'],
  verbatim: ['pass', 'testing.iconPassed'],
  drift: ['arrow-swap', 'editorInfo.foreground'],
};
const quoteIcon = (group: QuoteGroup) => {
  const [id, colour] = QUOTE_GROUP_ICONS[group];
  return new vscode.ThemeIcon(id, colour ? new vscode.ThemeColor(colour) : undefined);
};

export interface FlatItem {
  label: string;
  description?: string;
  /** The codicon id, when the item has one. */
  icon?: string;
  contextValue?: string;
  /** What a click runs. */
  command?: { command: string; arguments?: unknown[] };
  /** Set for items that start collapsed. */
  collapsed?: true;
  children?: FlatItem[];
}

export class FactCheckView implements vscode.TreeDataProvider<FactCheckNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<FactCheckNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly notes: ArticleNotes,
    private readonly findingsFor: (uri: string) => ReceivedFindings | undefined,
    /** The Desk section above the open articles (none without a language client, e.g. in unit hosts). */
    private readonly desk?: DeskSection,
  ) {}

  /**
   * One object per node since the last refresh: VS Code finds the element given to reveal() among
   * the children it fetched by identity, so getChildren and getParent must hand out the same objects.
   */
  private interned = new Map<string, FactCheckNode>();
  /** The article of the active editor (the last one, while another kind of editor is active). */
  private followed: string | undefined;

  refresh(): void {
    this.interned = new Map();
    this.changed.fire(undefined);
  }

  private intern(node: FactCheckNode): FactCheckNode {
    const id = JSON.stringify(node);
    const known = this.interned.get(id);
    if (known) return known;
    this.interned.set(id, node);
    return node;
  }

  getChildren(node?: FactCheckNode): FactCheckNode[] | Promise<FactCheckNode[]> {
    // Desk nodes are the Desk section's own (an article's items are asked when it is unfolded); the notes' nodes are interned for reveal().
    if (node && isDeskNode(node)) return this.desk?.children(node) ?? [];
    return this.children(node).map((child) => (isDeskNode(child) ? child : this.intern(child)));
  }

  private children(node?: FactCheckNode): FactCheckNode[] {
    if (!node) {
      const desk: FactCheckNode[] = this.desk ? [this.desk.root()] : [];
      return desk.concat(
        this.notes.all
          .filter((a) => a.file.notes.length > 0 || this.claimSpans(a).length > 0 || this.quoteChecks(a).length > 0 || a.file.readOnly)
          .sort((a, b) => a.key.localeCompare(b.key))
          .map((a): FactCheckNode => ({ kind: 'article', key: a.key })),
      );
    }
    if (isDeskNode(node)) return [];
    const article = this.notes.get(node.key);
    if (!article) return [];
    if (node.kind === 'article') {
      const groups: FactCheckNode[] = [{ kind: 'group', key: node.key, group: 'notes' }];
      if (this.claimSpans(article).length) groups.push({ kind: 'group', key: node.key, group: 'claims' });
      if (this.quoteChecks(article).length) groups.push({ kind: 'group', key: node.key, group: 'quotes' });
      return groups;
    }
    if (node.kind === 'group' && node.group === 'quotes') {
      return QUOTE_GROUPS.filter((state) => this.quotesIn(article, state).length > 0).map((state) => ({ kind: 'quoteGroup', key: node.key, state }));
    }
    if (node.kind === 'quoteGroup') {
      return this.quotesIn(article, node.state).map((q) => ({ kind: 'quote', key: node.key, state: node.state, start: q.start, end: q.end }));
    }
    if (node.kind === 'group' && node.group === 'notes') {
      // Placed notes in text order, then the orphans.
      const parents = this.notes.parents(article);
      const start = (id: string) => article.anchors.get(id)?.span?.start ?? Infinity;
      return parents.sort((a, b) => start(a.id) - start(b.id)).map((n) => ({ kind: 'note', key: node.key, noteId: n.id }));
    }
    if (node.kind === 'group' && node.group === 'claims') {
      return this.claimSpans(article).map(([start, end]) => ({ kind: 'claim', key: node.key, start, end }));
    }
    return [];
  }

  /** For reveal(): a note's parent is its article's Notes group, a group's its article. */
  getParent(node: FactCheckNode): FactCheckNode | undefined {
    if (node.kind === 'note') return this.intern({ kind: 'group', key: node.key, group: 'notes' });
    if (node.kind === 'claim') return this.intern({ kind: 'group', key: node.key, group: 'claims' });
    if (node.kind === 'quote') return this.intern({ kind: 'quoteGroup', key: node.key, state: node.state });
    if (node.kind === 'quoteGroup') return this.intern({ kind: 'group', key: node.key, group: 'quotes' });
    if (node.kind === 'group') return this.intern({ kind: 'article', key: node.key });
    return undefined;
  }

  getTreeItem(node: FactCheckNode): vscode.TreeItem {
    if (isDeskNode(node)) return this.desk?.item(node) ?? new vscode.TreeItem('');
    const article = this.notes.get(node.key);
    if (!article) return new vscode.TreeItem('(closed)');
    switch (node.kind) {
      case 'article':
        return this.articleItem(article);
      case 'group': {
        const count =
          node.group === 'notes'
            ? this.notes.parents(article).length
            : node.group === 'claims'
              ? this.claimSpans(article).length
              : this.quoteChecks(article).length;
        // A long article's claims start folded: thousands of rows would be sent to the window on every analysis.
        const folded = count > EXPANDED_UP_TO;
        const item = new vscode.TreeItem(
          node.group === 'notes' ? 'Notes' : node.group === 'claims' ? 'Claims' : 'Quotes',
          folded ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded,
        );
        item.description = node.group === 'quotes' ? this.quotesSummary(article) : String(count);
        item.contextValue = `group-${node.group}`;
        return item;
      }
      case 'quoteGroup': {
        const count = this.quotesIn(article, node.state).length;
        // Verbatim quotes need no look: folded, like any long group.
        const folded = node.state === 'verbatim' || count > EXPANDED_UP_TO;
        const item = new vscode.TreeItem(
          QUOTE_GROUP_LABELS[node.state],
          folded ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded,
        );
        item.description = String(count);
        item.iconPath = quoteIcon(node.state);
        item.tooltip = `${QUOTE_GROUP_LABELS[node.state]} — in the editor: ${QUOTE_MARKS[node.state]}`;
        item.contextValue = `quotes-${node.state}`;
        return item;
      }
      case 'quote':
        return this.quoteItem(article, node.state, node.start, node.end);
      case 'note':
        return this.noteItem(article, node.noteId);
      case 'claim':
        return this.claimItem(article, node.start, node.end);
    }
  }

  /** Test hook: the whole tree as plain data. */
  async flatten(node?: FactCheckNode): Promise<FlatItem[]> {
    const rows: FlatItem[] = [];
    for (const child of await this.getChildren(node)) {
      const children = await this.getChildren(child);
      const item = this.getTreeItem(child);
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      rows.push({
        label,
        description: typeof item.description === 'string' ? item.description : undefined,
        icon: item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined,
        contextValue: item.contextValue,
        ...(item.command ? { command: { command: item.command.command, arguments: item.command.arguments } } : {}),
        ...(item.collapsibleState === vscode.TreeItemCollapsibleState.Collapsed ? { collapsed: true as const } : {}),
        ...(children.length ? { children: await this.flatten(child) } : {}),
      });
    }
    return rows;
  }

  dispose(): void {
    this.changed.dispose();
  }

  /**
   * The view follows the active editor: its article open, the others collapsed (issue #9). Before
   * any article was active, all are open.
   */
  follow(key: string | undefined): boolean {
    if (!key || key === this.followed) return false;
    this.followed = key;
    return true;
  }

  private articleItem(article: Article): vscode.TreeItem {
    const open = !this.followed || this.followed === article.key;
    const item = new vscode.TreeItem(
      path.basename(article.document.uri.fsPath),
      open ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
    );
    // VS Code keeps an item's expanded state by id: a new id when the active article changes makes
    // it take the state given here.
    item.id = `${article.key}#${open ? 'active' : 'other'}`;
    const parents = this.notes.parents(article);
    const orphans = parents.filter((n) => article.anchors.get(n.id)?.state === 'orphaned').length;
    const parts = [`${parents.length} note${parents.length === 1 ? '' : 's'}`];
    if (orphans) parts.push(`${orphans} orphaned`);
    if (article.file.readOnly) parts.push('read-only');
    item.description = parts.join(' · ');
    item.resourceUri = article.document.uri;
    item.iconPath = article.file.readOnly ? new vscode.ThemeIcon('error') : vscode.ThemeIcon.File;
    item.tooltip = article.file.error ? article.file.error.message : article.document.uri.fsPath;
    item.contextValue = article.file.readOnly ? 'article-readonly' : 'article';
    return item;
  }

  private noteItem(article: Article, noteId: string): vscode.TreeItem {
    const note = this.notes.parents(article).find((n) => n.id === noteId);
    if (!note) return new vscode.TreeItem('(deleted)');
    const anchor = article.anchors.get(noteId);
    const span = anchor?.span;
    const full = article.document.getText();
    const text = span ? full.slice(span.start, span.end) : note.selectors.quote.exact;
    const state = anchor ? noteStateOf(note, anchor, full) : undefined;
    const item = new vscode.TreeItem(excerpt(text));
    // The verdict itself (icon and label), then where the note stands: never a green mark for Unchecked or Mostly false.
    item.description = `${VERDICT_LABELS[note.verdict]} · ${noteStateLabel(state)}`;
    item.iconPath =
      state === 'orphaned' || state === 'changed'
        ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('editorWarning.foreground'))
        : verdictIcon(note.verdict);
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${VERDICT_BADGES[note.verdict]}** · ${noteStateLabel(state)}\n\n`);
    if (state === 'orphaned') tooltip.appendMarkdown('The text this note was on is gone or changed too much to be sure. It was on:\n\n');
    if (state === 'changed') tooltip.appendMarkdown('The text changed since the verdict was given. It was checked on:\n\n');
    tooltip.appendCodeblock(excerpt(state === 'changed' ? (note.checkedText ?? note.selectors.quote.exact) : note.selectors.quote.exact, 400), 'text');
    if (note.comment) tooltip.appendMarkdown(`\n${note.comment}`);
    item.tooltip = tooltip;
    item.contextValue = state === 'orphaned' ? 'orphanedNote' : state === 'changed' ? 'changedNote' : 'note';
    item.command = { command: REVEAL_COMMAND, title: 'Reveal', arguments: [article.key, span?.start ?? -1, span?.end ?? -1, noteId] };
    return item;
  }

  private claimItem(article: Article, start: number, end: number): vscode.TreeItem {
    const full = article.document.getText();
    const item = new vscode.TreeItem(excerpt(full.slice(start, end), 40));
    const state = verificationStateOf({ start, end }, this.notes.placed(article));
    const changed = state?.notes.some((p) => noteStateOf(p.note, p.anchor, full) === 'changed');
    const dismissed = this.notes.placedDismissals(article).some((d) => d.span.start < end && start < d.span.end);
    item.contextValue = 'claim';
    if (changed) {
      item.description = `changed since checked (${VERDICT_LABELS[state!.verdict]})`;
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('editorWarning.foreground'));
    } else if (state && state.verdict !== 'conflicting') {
      item.description = VERDICT_LABELS[state.verdict];
      item.iconPath = verdictIcon(state.verdict);
    } else if (state) {
      item.description = VERDICT_LABELS.conflicting;
      item.iconPath = new vscode.ThemeIcon('question', new vscode.ThemeColor('editorWarning.foreground'));
    } else if (dismissed) {
      item.description = 'not check-worthy';
      item.iconPath = new vscode.ThemeIcon('circle-slash');
      item.contextValue = 'dismissedClaim';
    } else {
      item.description = 'no note yet';
      item.iconPath = new vscode.ThemeIcon('circle-large-outline');
    }
    item.command = { command: REVEAL_COMMAND, title: 'Reveal', arguments: [article.key, start, end] };
    return item;
  }

  private quoteItem(article: Article, group: QuoteGroup, start: number, end: number): vscode.TreeItem {
    const check = this.quoteChecks(article).find((q) => q.start === start && q.end === end);
    const item = new vscode.TreeItem(excerpt(article.document.getText().slice(start, end), 60));
    item.iconPath = quoteIcon(group);
    item.contextValue = `quote-${group}`;
    if (check) {
      const drift = check.drift ? `quoted differently in ${check.drift} other article${check.drift === 1 ? '' : 's'}` : '';
      // The state's reason names the source passage; under "drift" the drift comes first.
      item.description = group === 'drift' ? drift : check.reason;
      const marks = [...(check.status ? [QUOTE_MARKS[check.status]] : []), ...(check.drift ? [QUOTE_MARKS.drift] : [])];
      item.tooltip = [check.status ? check.reason : '', drift, `In the editor: ${marks.join('; ')}. The quote's hover has the source passage and the diff.`]
        .filter(Boolean)
        .join('\n');
    }
    item.command = { command: REVEAL_COMMAND, title: 'Reveal', arguments: [article.key, start, end] };
    return item;
  }

  /** The article's quotes checked by the server (none before its first check, or outside an indexed folder). */
  private quoteChecks(article: Article): QuoteCheckItem[] {
    const findings = this.findingsFor(article.key);
    if (!findings || findings.status !== 'ok' || !findings.quoteChecks) return [];
    // Without sources only drift says anything; a list of unchecked quotes would say nothing.
    return findings.quoteChecks.quotes.filter((q) => q.status !== null || q.drift > 0);
  }

  private quotesIn(article: Article, group: QuoteGroup): QuoteCheckItem[] {
    return this.quoteChecks(article).filter((q) => (group === 'drift' ? q.drift > 0 : q.status === group));
  }

  /** "1 altered · 2 verbatim": the Quotes group's description. */
  private quotesSummary(article: Article): string {
    return QUOTE_GROUPS.map((g) => [this.quotesIn(article, g).length, g === 'drift' ? 'drift' : QUOTE_GROUP_LABELS[g].toLowerCase()] as const)
      .filter(([n]) => n > 0)
      .map(([n, label]) => `${n} ${label}`)
      .join(' · ');
  }

  private claimSpans(article: Article): Array<[number, number]> {
    const findings = this.findingsFor(article.key);
    // Findings of a slightly older version are shown too (the client maps them over recent edits).
    if (!findings || findings.status !== 'ok') return [];
    const out: Array<[number, number]> = [];
    const flat = findings.spans.claims;
    for (let i = 0; i + 2 < flat.length; i += 3) out.push([flat[i], flat[i + 1]]);
    return out;
  }
}
