// Who is writing: the author put on new notes, and whose notes the Desk's "mine" filter keeps.
// The order (factdesk.author, its old name factdesk.notes.author, git's user.name for the article's
// repository, the system user) is in notes/author.ts, which is unit-tested without vscode.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SETTINGS_SECTION } from '../shared/protocol';
import { gitUserName, resolveAuthor, systemUserName } from './notes/author';

/** Used when neither the settings, git nor the system user name gives one. */
const FALLBACK_AUTHOR = 'editor';

/** git's user.name as last found for a note: the Desk's filter uses it without running git. */
let lastGitName: string | undefined;

const warn = (line: string) => console.warn(`FactDesk: ${line}`);

/** The author as known without running git: the settings, the git name last found for a note, the system user. */
export function noteAuthor(): string {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  for (const value of [config.get<unknown>('author'), config.get<unknown>('notes.author'), lastGitName]) {
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return systemUserName(warn) ?? FALLBACK_AUTHOR;
}

/**
 * The name a note on `document` is signed with, in the full order (git asked in the article's
 * folder), or undefined when no source knows one. `log` writes to the FactDesk output channel.
 */
export async function authorFor(document: vscode.TextDocument, log: (line: string) => void): Promise<string | undefined> {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, document.uri);
  const found = await resolveAuthor({
    setting: config.get<unknown>('author'),
    oldSetting: config.get<unknown>('notes.author'),
    gitUserName: () => (document.uri.scheme === 'file' ? gitUserName(path.dirname(document.uri.fsPath), log) : Promise.resolve(undefined)),
    systemUserName: () => systemUserName(log),
  });
  if (found?.origin === 'git') lastGitName = found.name;
  return found?.name;
}
