// Who is writing: the author put on new notes, and whose notes the Desk's "mine" filter keeps.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { SETTINGS_SECTION } from '../shared/protocol';

/** Used when neither factdesk.notes.author nor the system user name gives one. */
const FALLBACK_AUTHOR = 'editor';

/** factdesk.notes.author, else the system user name. */
export function noteAuthor(): string {
  const configured = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<unknown>('notes.author');
  if (typeof configured === 'string' && configured.trim()) return configured.trim();
  try {
    return os.userInfo().username || FALLBACK_AUTHOR;
  } catch (error) {
    // os.userInfo throws where the user has no entry in the password database (some containers).
    console.warn(`FactDesk: no system user name for the note author (${error instanceof Error ? error.message : String(error)}); using "${FALLBACK_AUTHOR}"`);
    return FALLBACK_AUTHOR;
  }
}
