// Who signs a new note: the `factdesk.author` setting, else its old name `factdesk.notes.author`,
// else git's user.name for the article's repository, else the user of the operating system; when
// none is known the editor asks once. No vscode import: the order and the git lookup are
// unit-tested in test/extension/notes/author.test.ts.
import { execFile } from 'node:child_process';
import * as os from 'node:os';
import { reportFailure } from '../../core/failures';

/** git is asked for user.name at most this long: a slow or hung git must not hold up a note. */
export const GIT_USER_NAME_TIMEOUT_MS = 3000;

/** Where a note's author name came from. */
export type AuthorOrigin = 'setting' | 'old setting' | 'git' | 'system user';

export interface AuthorSources {
  /** The value of `factdesk.author`. */
  setting: unknown;
  /** The value of `factdesk.notes.author` (the setting's old name, read when the new one is empty). */
  oldSetting: unknown;
  /** git's user.name for the article's folder; only asked when both settings are empty. */
  gitUserName: () => Promise<string | undefined>;
  /** The operating system's user name; only asked when git has none. */
  systemUserName: () => string | undefined;
}

/** The first name the sources know, in order, with where it came from; undefined when none knows one. */
export async function resolveAuthor(sources: AuthorSources): Promise<{ name: string; origin: AuthorOrigin } | undefined> {
  const setting = nonEmpty(sources.setting);
  if (setting) return { name: setting, origin: 'setting' };
  const old = nonEmpty(sources.oldSetting);
  if (old) return { name: old, origin: 'old setting' };
  const git = nonEmpty(await sources.gitUserName());
  if (git) return { name: git, origin: 'git' };
  const system = nonEmpty(sources.systemUserName());
  if (system) return { name: system, origin: 'system user' };
  return undefined;
}

/**
 * `git config user.name` run in `directory` (so the repository's own setting wins over the global
 * one), or undefined: unset (exit code 1, said in the log), or git failed, was missing or took longer
 * than `timeoutMs` (counted as a caught failure and logged with the folder).
 */
export function gitUserName(directory: string, log: (line: string) => void, timeoutMs = GIT_USER_NAME_TIMEOUT_MS): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['config', 'user.name'], { cwd: directory, timeout: timeoutMs, windowsHide: true }, (error, stdout, stderr) => {
      const name = String(stdout).trim();
      if (!error && name) {
        resolve(name);
        return;
      }
      if (!error || (error.code === 1 && !String(stderr).trim())) {
        log(`notes: git has no user.name for ${directory}; the note's author comes from elsewhere`);
      } else {
        const why = error.killed ? `no answer within ${timeoutMs} ms` : `${error.message.trim()}${String(stderr).trim() ? ` (${String(stderr).trim()})` : ''}`;
        reportFailure(`notes author: git config user.name in ${directory}`, new Error(why));
        log(`notes: git config user.name failed in ${directory}: ${why}`);
      }
      resolve(undefined);
    });
  });
}

/** The operating system's user name, or undefined (os.userInfo throws for a uid with no passwd entry). */
export function systemUserName(log: (line: string) => void): string | undefined {
  try {
    return os.userInfo().username || undefined;
  } catch (error) {
    reportFailure('notes author: os.userInfo', error);
    log(`notes: the system user name is unknown: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
