// The server's answer to factdesk/desk: every indexed article of every workspace folder as a Desk
// entry (src/workspace/desk.ts), from the main thread's mirror of the index. Articles only: source
// documents (transcripts, statements) are material, not copy to publish.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DeskItemsResult, DeskResult } from '../shared/protocol';
import { deskArticle, deskItems, DESK_ITEMS_MAX, type WorkspaceIndex } from '../workspace';

export interface DeskFolder {
  root: string;
  /** The workspace folder's name, as VS Code shows it. */
  name: string;
  index: WorkspaceIndex;
}

export function buildDesk(folders: readonly DeskFolder[], state: DeskResult['state'], generation: number): DeskResult {
  const articles: DeskResult['articles'] = [];
  for (const folder of folders) {
    for (const record of folder.index.allRecords()) {
      if (record.kind !== 'article') continue;
      const uri = pathToFileURL(path.join(folder.root, ...record.file.split('/'))).toString();
      articles.push(deskArticle(record, folder.name, uri));
    }
  }
  return { state, generation, articles };
}

/** The open items of the article at `uri` (the first DESK_ITEMS_MAX), or null when it is not indexed. */
export function buildDeskItems(folders: readonly DeskFolder[], uri: string): DeskItemsResult | null {
  for (const folder of folders) {
    for (const record of folder.index.allRecords()) {
      if (pathToFileURL(path.join(folder.root, ...record.file.split('/'))).toString() !== uri) continue;
      const all = deskItems(record, Infinity);
      return { items: all.slice(0, DESK_ITEMS_MAX), total: all.length };
    }
  }
  return null;
}
