// The client's side of the workspace index: tells the server where it may persist the index (the
// extension's workspace storage), watches the files the index follows, and runs the hover's links:
// open another article at a mention, "Add to knowledge base", "Edit knowledge base entry", and
// "FactDesk: Show Entity" (a peek of every mention, quote and verdict in other articles).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient, LanguageClientOptions } from 'vscode-languageclient/node';
import {
  Commands,
  IndexStatusNotification,
  WorkspaceEntityRequest,
  WorkspaceTrustNotification,
  type FactDeskInitializationOptions,
  type IndexStatusParams,
  type KbAddArgs,
  type KbEditArgs,
  type OpenLocationArgs,
  type WikidataPinArgs,
} from '../shared/protocol';
import { KB_DIR, KB_PATH, KbError, newEntryId, readKnowledgeBase, upsertKnowledgeBaseEntry, type KbEntry, type KnowledgeBase } from '../workspace/kb';
import type { EntityType } from '../core/types';

/** The commands the hover's links may run (the hover's Markdown is trusted for these only). */
export const HOVER_COMMANDS = [Commands.openLocation, Commands.kbAdd, Commands.kbEdit, Commands.showEntity, Commands.wikidataPin];

const ENTITY_TYPES: EntityType[] = ['person', 'organization', 'place', 'other'];

export class WorkspaceIndexClient {
  private status: IndexStatusParams | undefined;
  private readonly statusListeners = new Set<(s: IndexStatusParams) => void>();
  /** One set of watchers for the extension's life (a restarted client reuses them). */
  private fileEvents: vscode.FileSystemWatcher[] | undefined;
  /** Messages shown (for the in-host tests). */
  readonly messages: string[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: () => LanguageClient | undefined,
    testing: boolean,
  ) {
    const register = (id: string, run: (...args: unknown[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, run));
    register(Commands.openLocation, (args) => this.openLocation(args as OpenLocationArgs));
    register(Commands.kbAdd, (args) => this.addToKb(args as KbAddArgs));
    register(Commands.kbEdit, (args) => this.editKb(args as KbEditArgs));
    register(Commands.showEntity, (args) => this.showEntity(args as { uri?: string } | undefined));
    register(Commands.wikidataPin, (args) => this.pinWikidata(args as WikidataPinArgs));
    // Trust granted: the server may use Wikidata from now on (it never does in Restricted Mode).
    context.subscriptions.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.client()?.sendNotification(WorkspaceTrustNotification, { trusted: true })),
    );
    if (testing) register(Commands.testIndexStatus, (waitReady, timeoutMs) => this.waitStatus(Boolean(waitReady), Number(timeoutMs ?? 30000)));
  }

  /** What the language client needs: storage for the index, file events, trusted hover commands. */
  clientOptions(): Pick<LanguageClientOptions, 'initializationOptions' | 'markdown'> & { fileEvents: vscode.FileSystemWatcher[] } {
    const initializationOptions: FactDeskInitializationOptions = {
      storagePath: this.context.storageUri?.scheme === 'file' ? this.context.storageUri.fsPath : undefined,
      workspaceTrusted: vscode.workspace.isTrusted,
    };
    // The index follows articles, their notes and the knowledge base (its folder too: a folder created or
    // removed at once may be reported without the file in it); renames arrive as delete + create.
    if (!this.fileEvents) {
      this.fileEvents = ['**/*.{txt,md,markdown}', '**/*.factcheck.json', `**/${KB_PATH}`, `**/${KB_DIR}`].map((glob) =>
        vscode.workspace.createFileSystemWatcher(glob),
      );
      this.context.subscriptions.push(...this.fileEvents);
    }
    const fileEvents = this.fileEvents;
    return { initializationOptions, markdown: { isTrusted: { enabledCommands: HOVER_COMMANDS }, supportHtml: false }, fileEvents };
  }

  attach(client: LanguageClient): void {
    client.onNotification(IndexStatusNotification, (status) => {
      this.status = status;
      for (const listener of [...this.statusListeners]) listener(status);
    });
  }

  private waitStatus(waitReady: boolean, timeoutMs: number): Promise<IndexStatusParams | null> {
    if (!waitReady || this.status?.state === 'ready') return Promise.resolve(this.status ?? null);
    return new Promise((resolve, reject) => {
      const listener = (s: IndexStatusParams) => {
        if (s.state !== 'ready') return;
        clearTimeout(timer);
        this.statusListeners.delete(listener);
        resolve(s);
      };
      const timer = setTimeout(() => {
        this.statusListeners.delete(listener);
        reject(new Error(`FactDesk: the workspace index was not ready within ${timeoutMs} ms (last: ${JSON.stringify(this.status)})`));
      }, timeoutMs);
      this.statusListeners.add(listener);
    });
  }

  private show(kind: 'info' | 'warning' | 'error', message: string): void {
    this.messages.push(message);
    if (kind === 'error') void vscode.window.showErrorMessage(message);
    else if (kind === 'warning') void vscode.window.showWarningMessage(message);
    else void vscode.window.showInformationMessage(message);
  }

  private async openLocation(args: OpenLocationArgs | undefined): Promise<void> {
    if (!args?.uri) return;
    const position = new vscode.Position(Math.max(0, args.line), Math.max(0, args.character));
    await vscode.window.showTextDocument(vscode.Uri.parse(args.uri), { selection: new vscode.Range(position, position) });
  }

  /** Adds an entry prefilled from the hover (name, type, aliases, the role as description) and opens it. */
  private async addToKb(args: KbAddArgs | undefined): Promise<void> {
    if (!args?.root || !args.name) return;
    if (!vscode.workspace.isTrusted) {
      this.show('warning', 'FactDesk: the knowledge base is read-only in an untrusted workspace. Trust the workspace to add entries.');
      return;
    }
    const file = path.join(args.root, ...KB_PATH.split('/'));
    let entry: KbEntry;
    try {
      const kb = readKnowledgeBase(file);
      const existing = kb.entries.find((e) => e.name === args.name);
      if (existing) {
        await this.revealEntry(file, existing.id);
        return;
      }
      entry = { ...entryFromHover(args, kb), ...(args.role ? { description: args.role } : {}) };
      upsertKnowledgeBaseEntry(file, entry);
    } catch (error) {
      if (!(error instanceof KbError)) throw error;
      this.show('error', `FactDesk: ${error.message} (the file was not changed).`);
      return;
    }
    this.show('info', `FactDesk: added “${entry.name}” to the knowledge base (${KB_PATH}).`);
    await this.revealEntry(file, entry.id);
  }

  /**
   * The hover's "Pin" on a Wikidata candidate: stores its Q-id as `wikidata` in the entity's
   * knowledge-base entry (made from the hover's name, type and aliases when there is none). The file
   * watcher brings the change to the index, and the next hover shows that item's facts.
   */
  private async pinWikidata(args: WikidataPinArgs | undefined): Promise<void> {
    if (!args?.root || !args.id || !/^Q[1-9]\d*$/.test(args.id) || !args.name) return;
    if (!vscode.workspace.isTrusted) {
      this.show('warning', 'FactDesk: the knowledge base is read-only in an untrusted workspace. Trust the workspace to pin a Wikidata item.');
      return;
    }
    const file = path.join(args.root, ...KB_PATH.split('/'));
    let entry: KbEntry;
    try {
      const kb = readKnowledgeBase(file);
      const existing = (args.kbId && kb.entries.find((e) => e.id === args.kbId)) || kb.entries.find((e) => e.name === args.name);
      entry = existing ? { ...existing, wikidata: args.id, updated: new Date().toISOString() } : { ...entryFromHover(args, kb), wikidata: args.id };
      upsertKnowledgeBaseEntry(file, entry);
    } catch (error) {
      if (!(error instanceof KbError)) throw error;
      this.show('error', `FactDesk: ${error.message} (the file was not changed).`);
      return;
    }
    this.show('info', `FactDesk: “${entry.name}” is ${args.label ? `${args.label} ` : ''}(${args.id}) on Wikidata, stored in the knowledge base (${KB_PATH}).`);
  }

  private async editKb(args: KbEditArgs | undefined): Promise<void> {
    if (!args?.root || !args.id) return;
    await this.revealEntry(path.join(args.root, ...KB_PATH.split('/')), args.id);
  }

  /** Opens the knowledge base with the entry's `"id"` line selected. */
  private async revealEntry(file: string, id: string): Promise<void> {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const text = document.getText();
    const at = text.indexOf(`"id": ${JSON.stringify(id)}`);
    const position = document.positionAt(Math.max(0, at));
    await vscode.window.showTextDocument(document, {
      selection: new vscode.Range(position, position.translate(0, at >= 0 ? `"id": ${JSON.stringify(id)}`.length : 0)),
    });
  }

  /** A peek of every place the workspace knows the entity at the cursor from. */
  private async showEntity(args: { uri?: string } | undefined): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const uri = args?.uri ?? editor?.document.uri.toString();
    const client = this.client();
    if (!uri || !editor || !client) {
      this.show('info', 'FactDesk: put the cursor on a name in an article to show what the workspace knows about it.');
      return;
    }
    const position = editor.document.uri.toString() === uri ? editor.selection.active : new vscode.Position(0, 0);
    const result = await client.sendRequest(WorkspaceEntityRequest, { uri, position: { line: position.line, character: position.character } });
    if (!result.entity) {
      this.show('info', 'FactDesk: no entity at the cursor (or the article is not in an indexed workspace folder).');
      return;
    }
    if (result.entity.candidates) {
      this.show('info', `FactDesk: “${result.entity.name}” is ambiguous: ${result.entity.candidates.map((c) => `${c.name} (${c.articles})`).join(', ')}.`);
      return;
    }
    if (!result.locations.length) {
      this.show('info', `FactDesk: no other article mentions ${result.entity.name}.`);
      return;
    }
    const locations = result.locations.map((l) => new vscode.Location(vscode.Uri.parse(l.uri), new vscode.Position(l.line, l.character)));
    await vscode.commands.executeCommand('editor.action.peekLocations', vscode.Uri.parse(uri), position, locations, 'peek');
  }
}

/** A new knowledge-base entry from what the hover knows: name, the engine's type (if it is one) and aliases. */
function entryFromHover(args: { name: string; type: string; aliases: string[] }, kb: KnowledgeBase): KbEntry {
  return {
    id: newEntryId(args.name, kb),
    name: args.name,
    type: ENTITY_TYPES.includes(args.type as EntityType) ? (args.type as EntityType) : 'other',
    aliases: [...new Set(args.aliases.filter((a) => a && a !== args.name))],
    links: [],
    updated: new Date().toISOString(),
  };
}
