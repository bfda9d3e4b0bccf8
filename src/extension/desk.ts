// The Desk in the editor: asks the language server for the workspace's articles and what is left in
// each (factdesk/desk, again whenever factdesk/deskChanged says the index changed), keeps the
// filters (mine / all, folder, verdict; per workspace), sets the badge on the Fact-check view and
// opens an article at its first open item. The tree rows are drawn by notes/deskSection.ts.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { VERDICTS, type Verdict } from '../notes';
import { decodeDeskItems, decodeDeskResult, DeskChangedNotification, DeskItemsRequest, DeskRequest, type DeskResult } from '../shared/protocol';
import {
  deskFolders,
  deskList,
  deskTotals,
  leftInWords,
  matchesDeskFilter,
  type DeskArticle,
  type DeskFilter,
  type DeskItem,
  type DeskTotals,
} from '../workspace/desk';
import { noteAuthor } from './author';
import { DeskCommands, NotesCommands } from './commands';
import { VERDICT_LABELS } from './notes/format';

/** The filters as stored in the workspace state: "mine" is resolved to the author when listing. */
export interface DeskFilterState {
  mine: boolean;
  folder?: string;
  verdict?: Verdict;
}

const FILTER_STATE_KEY = 'factdesk.desk.filter';
/** Context key for the view's "mine" / "all" toggle. */
const MINE_CONTEXT_KEY = 'factdesk.desk.mine';
const FILTERED_CONTEXT_KEY = 'factdesk.desk.filtered';

/** What the Desk shows, for the in-host tests (factdesk._test.desk). */
export interface DeskSnapshot {
  seq: number;
  state: DeskResult['state'] | 'waiting';
  generation: number;
  filter: DeskFilterState;
  author: string;
  totals: DeskTotals;
  listed: Array<Pick<DeskArticle, 'uri' | 'file' | 'folder' | 'date' | 'counts' | 'first' | 'error'>>;
  badge: { value: number; tooltip: string } | null;
}

export class DeskModel implements vscode.Disposable {
  private desk: DeskResult | undefined;
  private filterState: DeskFilterState;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private fetching: Promise<void> | undefined;
  private fetchAgain = false;
  /** Bumped on every change the view shows (tests wait for a newer one). */
  private seq = 0;
  private tree: vscode.TreeView<unknown> | undefined;
  /** Malformed desk answers or articles, logged where they came from. */
  failures = 0;
  /** Open items of unfolded articles, with their texts, for the Desk as it is now (cleared on every change). */
  private readonly itemsCache = new Map<string, Promise<ShownItems>>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: () => LanguageClient | undefined,
    private readonly log: (message: string) => void,
    testing: boolean,
  ) {
    this.filterState = readFilter(context.workspaceState.get<unknown>(FILTER_STATE_KEY));
    const register = (id: string, run: (...args: unknown[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, run));
    register(DeskCommands.open, (uri, item) => this.open(String(uri), isItem(item) ? item : undefined));
    register(DeskCommands.filterMine, () => this.setFilter({ ...this.filterState, mine: true }));
    register(DeskCommands.filterAll, () => this.setFilter({ ...this.filterState, mine: false }));
    register(DeskCommands.filterFolder, (folder) => this.pickFolder(folder));
    register(DeskCommands.filterVerdict, (verdict) => this.pickVerdict(verdict));
    register(DeskCommands.clearFilters, () => this.setFilter({ mine: false }));
    register(DeskCommands.refresh, () => this.fetch());
    if (testing) register(DeskCommands.testDesk, (afterSeq, timeoutMs) => this.waitSnapshot(Number(afterSeq ?? -1), Number(timeoutMs ?? 30000)));
    context.subscriptions.push(
      this,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if ((e.affectsConfiguration('factdesk.author') || e.affectsConfiguration('factdesk.notes.author')) && this.filterState.mine) this.fire();
      }),
    );
    void this.updateContext();
  }

  /** Listens to the server's change notices (before the client starts). */
  attach(client: LanguageClient): void {
    // Every notice asks again: fetches run one at a time, so answers arrive in order (a restarted server counts from 0).
    client.onNotification(DeskChangedNotification, () => void this.fetch());
  }

  /** Shows the badge on the view and redraws it on every change. */
  bindView(tree: vscode.TreeView<unknown>, refresh: () => void): vscode.Disposable {
    this.tree = tree;
    this.updateBadge();
    const listener = this.onDidChange(() => {
      this.updateBadge();
      refresh();
    });
    return new vscode.Disposable(() => {
      listener.dispose();
      this.tree = undefined;
    });
  }

  dispose(): void {
    this.changed.dispose();
  }

  get state(): DeskResult['state'] | 'waiting' {
    return this.desk?.state ?? 'waiting';
  }

  get filter(): DeskFilterState {
    return this.filterState;
  }

  get author(): string {
    return noteAuthor();
  }

  /** The articles the Desk lists with the filters applied, most left first. */
  listed(): DeskArticle[] {
    return deskList(this.desk?.articles ?? [], this.resolvedFilter());
  }

  article(uri: string): DeskArticle | undefined {
    return this.desk?.articles.find((a) => a.uri === uri);
  }

  /** Totals of the articles the filters keep (ready ones too). */
  totals(): DeskTotals {
    const filter = this.resolvedFilter();
    return deskTotals((this.desk?.articles ?? []).filter((a) => matchesDeskFilter(a, filter)));
  }

  /** "mine · politics · False": the filters in words, or undefined when none is set. */
  filterDescription(): string | undefined {
    const parts: string[] = [];
    if (this.filterState.mine) parts.push(`mine (${this.author})`);
    if (this.filterState.folder) parts.push(this.filterState.folder);
    if (this.filterState.verdict) parts.push(`notes: ${VERDICT_LABELS[this.filterState.verdict]}`);
    return parts.length ? parts.join(' · ') : undefined;
  }

  private resolvedFilter(): DeskFilter {
    return {
      ...(this.filterState.mine ? { author: this.author } : {}),
      ...(this.filterState.folder ? { folder: this.filterState.folder } : {}),
      ...(this.filterState.verdict ? { verdict: this.filterState.verdict } : {}),
    };
  }

  /** Asks the server for the Desk; a change arriving meanwhile asks again once this answer is in. */
  fetch(): Promise<void> {
    if (this.fetching) {
      this.fetchAgain = true;
      return this.fetching;
    }
    this.fetching = (async () => {
      do {
        this.fetchAgain = false;
        const client = this.client();
        if (!client) return;
        let answer: unknown;
        try {
          answer = await client.sendRequest(DeskRequest, {});
        } catch (error) {
          // The server restarting or stopping: the next deskChanged asks again.
          this.failures++;
          this.log(`desk: the factdesk/desk request failed (src/extension/desk.ts fetch): ${error instanceof Error ? error.message : String(error)}`);
          return;
        }
        const decoded = decodeDeskResult(answer);
        if (!decoded) {
          this.failures++;
          this.log(`desk: a malformed factdesk/desk answer was ignored (src/extension/desk.ts fetch): ${JSON.stringify(answer).slice(0, 200)}`);
          return;
        }
        if (decoded.dropped) {
          this.failures += decoded.dropped;
          this.log(`desk: ${decoded.dropped} malformed article entr${decoded.dropped === 1 ? 'y' : 'ies'} left out of the Desk (src/extension/desk.ts fetch)`);
        }
        this.desk = decoded.desk;
        this.itemsCache.clear();
        this.loaded.clear();
        this.fire();
      } while (this.fetchAgain);
    })().finally(() => (this.fetching = undefined));
    return this.fetching;
  }

  private fire(): void {
    this.seq++;
    this.changed.fire();
  }

  private updateBadge(): void {
    if (!this.tree) return;
    const totals = this.totals();
    this.tree.badge = totals.left > 0 ? { value: totals.left, tooltip: `Desk: ${leftInWords(totals)} left to check` } : undefined;
  }

  private async setFilter(filter: DeskFilterState): Promise<void> {
    this.filterState = filter;
    await this.context.workspaceState.update(FILTER_STATE_KEY, filter);
    await this.updateContext();
    this.fire();
  }

  private async updateContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', MINE_CONTEXT_KEY, this.filterState.mine);
    await vscode.commands.executeCommand('setContext', FILTERED_CONTEXT_KEY, !!this.filterDescription());
  }

  /** Folder filter: from code (tests) the folder is given ('' clears it); otherwise a quick pick. */
  private async pickFolder(given: unknown): Promise<void> {
    let folder: string | undefined;
    if (typeof given === 'string') folder = given || undefined;
    else {
      const all = 'All folders';
      const items = [{ label: all }, ...deskFolders(this.desk?.articles ?? []).map((f) => ({ label: f }))];
      const picked = await vscode.window.showQuickPick(items, { title: 'Desk: show articles in the folder', placeHolder: this.filterState.folder ?? all });
      if (!picked) return;
      folder = picked.label === all ? undefined : picked.label;
    }
    await this.setFilter({ ...this.filterState, folder });
  }

  /** Verdict filter: articles with a note of that verdict. */
  private async pickVerdict(given: unknown): Promise<void> {
    let verdict: Verdict | undefined;
    if (typeof given === 'string') verdict = (VERDICTS as readonly string[]).includes(given) ? (given as Verdict) : undefined;
    else {
      const any = 'Any verdict';
      const items = [{ label: any, verdict: undefined as Verdict | undefined }, ...VERDICTS.map((v) => ({ label: VERDICT_LABELS[v], verdict: v }))];
      const picked = await vscode.window.showQuickPick(items, { title: 'Desk: show articles with a note of the verdict' });
      if (!picked) return;
      verdict = picked.verdict;
    }
    await this.setFilter({ ...this.filterState, verdict });
  }

  /** An article's open items with their texts (asked when its row is unfolded; kept until the Desk changes). */
  items(uri: string): Promise<ShownItems> {
    let cached = this.itemsCache.get(uri);
    if (!cached) {
      cached = this.loadItems(uri);
      this.itemsCache.set(uri, cached);
    }
    return cached;
  }

  /** The items as already loaded (the tree asks for rows after their children were loaded). */
  private readonly loaded = new Map<string, ShownItems>();

  loadedItems(uri: string): ShownItems | undefined {
    return this.loaded.get(uri);
  }

  private async loadItems(uri: string): Promise<ShownItems> {
    const empty: ShownItems = { items: [], total: 0 };
    const client = this.client();
    if (!client) return empty;
    let answer: unknown;
    try {
      answer = await client.sendRequest(DeskItemsRequest, { uri });
    } catch (error) {
      this.failures++;
      this.log(
        `desk: the factdesk/deskItems request for ${uri} failed (src/extension/desk.ts loadItems): ${error instanceof Error ? error.message : String(error)}`,
      );
      return empty;
    }
    const decoded = decodeDeskItems(answer);
    if (decoded === undefined) {
      this.failures++;
      this.log(`desk: a malformed factdesk/deskItems answer for ${uri} was ignored (src/extension/desk.ts loadItems)`);
      return empty;
    }
    if (!decoded) return empty;
    // Claims come without their text: read it from the editor's copy, else from the file.
    let text: string | undefined = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri)?.getText();
    if (text === undefined && decoded.items.some((i) => i.text === undefined)) {
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.parse(uri)));
      } catch (error) {
        this.failures++;
        this.log(
          `desk: ${uri} could not be read for its claims' text (src/extension/desk.ts loadItems): ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    const items = decoded.items.map((i) => ({
      ...i,
      text: i.text ?? (text !== undefined && i.start !== undefined && i.end !== undefined ? text.slice(i.start, i.end) : `line ${i.line}`),
    }));
    const shown = { items, total: decoded.total };
    this.loaded.set(uri, shown);
    return shown;
  }

  /** Opens the article at `item`, or at its first open item; an orphaned note says so (it has no place). */
  async open(uri: string, item?: DeskItem): Promise<void> {
    const target = item ?? this.article(uri)?.first;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    if (target?.kind === 'orphaned' && target.noteId) {
      await vscode.commands.executeCommand(NotesCommands.reveal, document.uri.toString(), -1, -1, target.noteId);
      return;
    }
    let selection = new vscode.Range(0, 0, 0, 0);
    if (target?.line !== undefined && target.start !== undefined && target.end !== undefined) {
      // The index's offsets are of the text it read; the line and column place the start, the length the end.
      const start = document.validatePosition(new vscode.Position(target.line - 1, target.character ?? 0));
      const end = document.positionAt(document.offsetAt(start) + (target.end - target.start));
      selection = new vscode.Range(start, end);
    }
    const editor = await vscode.window.showTextDocument(document, { selection });
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  snapshot(): DeskSnapshot {
    const badge = this.tree?.badge;
    return {
      seq: this.seq,
      state: this.state,
      generation: this.desk?.generation ?? -1,
      filter: this.filterState,
      author: this.author,
      totals: this.totals(),
      listed: this.listed().map((a) => ({ uri: a.uri, file: a.file, folder: a.folder, date: a.date, counts: a.counts, first: a.first, error: a.error })),
      badge: badge ? { value: badge.value, tooltip: badge.tooltip } : null,
    };
  }

  private waitSnapshot(afterSeq: number, timeoutMs: number): Promise<DeskSnapshot> {
    if (this.seq > afterSeq) return Promise.resolve(this.snapshot());
    return new Promise((resolve, reject) => {
      const listener = this.onDidChange(() => {
        clearTimeout(timer);
        listener.dispose();
        // After the view's own listener (registered first) has set the badge.
        resolve(this.snapshot());
      });
      const timer = setTimeout(() => {
        listener.dispose();
        reject(new Error(`FactDesk: the Desk did not change after #${afterSeq} within ${timeoutMs} ms`));
      }, timeoutMs);
    });
  }
}

/** An article's open items as the Desk shows them: each with its text. */
export interface ShownItems {
  items: Array<DeskItem & { text: string }>;
  /** All its open items (items holds the first DESK_ITEMS_MAX). */
  total: number;
}

function readFilter(value: unknown): DeskFilterState {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return {
    mine: v.mine === true,
    ...(typeof v.folder === 'string' && v.folder ? { folder: v.folder } : {}),
    ...(typeof v.verdict === 'string' && (VERDICTS as readonly string[]).includes(v.verdict) ? { verdict: v.verdict as Verdict } : {}),
  };
}

function isItem(value: unknown): value is DeskItem {
  return typeof value === 'object' && value !== null && typeof (value as DeskItem).kind === 'string';
}
