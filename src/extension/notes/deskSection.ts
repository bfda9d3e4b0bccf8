// The "Desk" section at the top of the Fact-check view: every article of the workspace with something
// left to check (from the workspace index, through DeskModel), most first; under each, its open
// items. Clicking an article opens it at its first open item, clicking an item opens it there.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { leftInWords, type DeskItem } from '../../workspace/desk';
import { DeskCommands } from '../commands';
import type { DeskModel } from '../desk';
import { excerpt } from './format';

export type DeskNode =
  | { kind: 'desk' }
  | { kind: 'deskInfo'; text: string; tooltip?: string }
  | { kind: 'deskArticle'; uri: string }
  | { kind: 'deskItem'; uri: string; index: number };

/** How an open item of each kind is described in the Desk (src/reports/gate.ts OPEN_ITEM_KINDS). */
const DESK_ITEM_LABELS: Record<DeskItem['kind'], string> = {
  unverified: 'unverified',
  changed: 'changed since checked',
  orphaned: 'orphaned note',
  altered: 'quote altered',
  'wrong-speaker': 'quote by someone else',
  'not-found': 'quote not in the sources',
};

export function isDeskNode(node: { kind: string }): node is DeskNode {
  return node.kind === 'desk' || node.kind === 'deskInfo' || node.kind === 'deskArticle' || node.kind === 'deskItem';
}

export class DeskSection {
  constructor(private readonly desk: DeskModel) {}

  root(): DeskNode {
    return { kind: 'desk' };
  }

  children(node: DeskNode): DeskNode[] | Promise<DeskNode[]> {
    if (node.kind === 'desk') {
      const state = this.desk.state;
      if (state === 'disabled') return [{ kind: 'deskInfo', text: 'The workspace index is off (factdesk.index.enabled).' }];
      if (state === 'unavailable') return [{ kind: 'deskInfo', text: 'No workspace folder on disk to index.' }];
      if (state === 'waiting') return [{ kind: 'deskInfo', text: 'Reading the workspace…' }];
      const listed = this.desk.listed();
      const rows: DeskNode[] = [];
      if (state === 'indexing') rows.push({ kind: 'deskInfo', text: 'Indexing the workspace; the list may be incomplete.' });
      rows.push(...listed.map((a): DeskNode => ({ kind: 'deskArticle', uri: a.uri })));
      if (!listed.length) {
        const { articles } = this.desk.totals();
        const filtered = this.desk.filterDescription();
        rows.push({
          kind: 'deskInfo',
          text: articles
            ? `All ${articles} article${articles === 1 ? ' is' : 's are'} ready.`
            : filtered
              ? 'No article matches the filters.'
              : 'No articles yet.',
        });
      }
      return rows;
    }
    if (node.kind === 'deskArticle') {
      return this.desk.items(node.uri).then(({ items, total }) => {
        const rows: DeskNode[] = items.map((_, index) => ({ kind: 'deskItem', uri: node.uri, index }));
        if (total > items.length) rows.push({ kind: 'deskInfo', text: `… and ${total - items.length} more in the article` });
        return rows;
      });
    }
    return [];
  }

  item(node: DeskNode): vscode.TreeItem {
    switch (node.kind) {
      case 'desk': {
        const totals = this.desk.totals();
        const item = new vscode.TreeItem('Desk', vscode.TreeItemCollapsibleState.Expanded);
        const filtered = this.desk.filterDescription();
        const left = totals.left ? `${totals.left} left` : 'all ready';
        item.description = `${left} · ${totals.ready} of ${totals.articles} ready${filtered ? ` · ${filtered}` : ''}`;
        item.tooltip = new vscode.MarkdownString(
          `**Desk**: every article of the workspace with claims that lack a verdict or notes that lost their passage ` +
            `(the gate of \`factdesk check\`).\n\n${leftInWords(totals)} left; ${totals.ready} of ${totals.articles} articles ready` +
            `${totals.errors ? `; ${totals.errors} unreadable` : ''}.${filtered ? `\n\nFilters: ${filtered}` : ''}`,
        );
        item.iconPath = new vscode.ThemeIcon('checklist');
        item.contextValue = filtered ? 'desk-filtered' : 'desk';
        item.id = 'factdesk.desk';
        return item;
      }
      case 'deskInfo': {
        const item = new vscode.TreeItem(node.text);
        item.iconPath = new vscode.ThemeIcon('info');
        item.contextValue = 'deskInfo';
        return item;
      }
      case 'deskArticle': {
        const article = this.desk.article(node.uri);
        if (!article) return new vscode.TreeItem('(gone)');
        const item = new vscode.TreeItem(article.title ?? path.posix.basename(article.file), vscode.TreeItemCollapsibleState.Collapsed);
        const what = article.error ? 'unreadable' : leftInWords(article.counts);
        item.description = [what, article.date].filter(Boolean).join(' · ');
        item.tooltip = new vscode.MarkdownString(
          `${article.folder}/${article.file}${article.date ? ` · ${article.date}` : ''}\n\n` +
            (article.error
              ? article.error
              : `${leftInWords(article.counts)}; ${article.counts.verified} of ${article.counts.claims} check-worthy claims verified.`),
        );
        item.iconPath = new vscode.ThemeIcon(article.error ? 'error' : 'file');
        item.contextValue = 'deskArticle';
        item.id = `factdesk.desk:${article.uri}`;
        item.command = { command: DeskCommands.open, title: 'Open at the first open item', arguments: [article.uri] };
        return item;
      }
      case 'deskItem': {
        const entry = this.desk.loadedItems(node.uri)?.items[node.index];
        if (!entry) return new vscode.TreeItem('(gone)');
        const item = new vscode.TreeItem(excerpt(entry.text));
        item.description = entry.kind === 'orphaned' ? 'orphaned note' : `${DESK_ITEM_LABELS[entry.kind]} · line ${entry.line}`;
        item.iconPath = new vscode.ThemeIcon(entry.kind === 'unverified' ? 'circle-large-outline' : 'warning');
        item.tooltip = entry.text;
        item.contextValue = `deskItem-${entry.kind}`;
        item.command = { command: DeskCommands.open, title: 'Open', arguments: [node.uri, entry] };
        return item;
      }
    }
  }
}
