import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { caughtFailures } from '../../../src/core/failures';
import { gitUserName, resolveAuthor, type AuthorSources } from '../../../src/extension/notes/author';

/** Sources that record which of them were asked. */
function sources(values: { setting?: unknown; oldSetting?: unknown; git?: string; system?: string }) {
  const asked: string[] = [];
  const s: AuthorSources = {
    setting: values.setting,
    oldSetting: values.oldSetting,
    gitUserName: async () => {
      asked.push('git');
      return values.git;
    },
    systemUserName: () => {
      asked.push('system');
      return values.system;
    },
  };
  return { s, asked };
}

describe('note author', () => {
  it('takes factdesk.author first, without asking git', async () => {
    const { s, asked } = sources({ setting: ' Ada Reporter ', oldSetting: 'Old Name', git: 'Git Name', system: 'ada' });
    assert.deepEqual(await resolveAuthor(s), { name: 'Ada Reporter', origin: 'setting' });
    assert.deepEqual(asked, []);
  });

  it('falls back to the old factdesk.notes.author, then git, then the system user', async () => {
    assert.deepEqual(await resolveAuthor(sources({ setting: '', oldSetting: 'Old Name', git: 'Git Name', system: 'ada' }).s), {
      name: 'Old Name',
      origin: 'old setting',
    });
    const viaGit = sources({ setting: '  ', git: 'Git Name', system: 'ada' });
    assert.deepEqual(await resolveAuthor(viaGit.s), { name: 'Git Name', origin: 'git' });
    assert.deepEqual(viaGit.asked, ['git']);
    const viaSystem = sources({ setting: 42, git: undefined, system: 'ada' });
    assert.deepEqual(await resolveAuthor(viaSystem.s), { name: 'ada', origin: 'system user' });
    assert.deepEqual(viaSystem.asked, ['git', 'system']);
  });

  it('knows no author when every source is empty (the editor then asks)', async () => {
    assert.equal(await resolveAuthor(sources({ git: ' ', system: '' }).s), undefined);
  });

  describe('git user.name', () => {
    let dir: string;
    const env = { GIT_CONFIG_GLOBAL: process.env.GIT_CONFIG_GLOBAL, GIT_CONFIG_NOSYSTEM: process.env.GIT_CONFIG_NOSYSTEM };
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'factdesk-author-'));
      // No global or system git configuration: only what the test sets counts.
      process.env.GIT_CONFIG_GLOBAL = path.join(dir, 'no-global-gitconfig');
      process.env.GIT_CONFIG_NOSYSTEM = '1';
    });
    afterEach(() => {
      for (const [key, value] of Object.entries(env)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("reads the article's repository's user.name from a folder inside it", async () => {
      execFileSync('git', ['init', '-q', dir]);
      execFileSync('git', ['config', 'user.name', 'Repo Person'], { cwd: dir });
      const inside = path.join(dir, 'desk');
      fs.mkdirSync(inside);
      const lines: string[] = [];
      assert.equal(await gitUserName(inside, (l) => lines.push(l)), 'Repo Person');
      assert.deepEqual(lines, []);
    });

    it('says in the log when git has no user.name, without counting a failure', async () => {
      const before = caughtFailures().total;
      const lines: string[] = [];
      assert.equal(await gitUserName(dir, (l) => lines.push(l)), undefined);
      assert.equal(lines.length, 1);
      assert.match(lines[0], /no user\.name/);
      assert.equal(caughtFailures().total, before);
    });

    it('counts and logs a git that cannot run there (a missing folder), naming the folder', async () => {
      const missing = path.join(dir, 'gone');
      const before = caughtFailures().byPlace[`notes author: git config user.name in ${missing}`] ?? 0;
      const lines: string[] = [];
      assert.equal(await gitUserName(missing, (l) => lines.push(l)), undefined);
      assert.equal(lines.length, 1);
      assert.match(lines[0], /failed in .*gone/);
      assert.equal(caughtFailures().byPlace[`notes author: git config user.name in ${missing}`], before + 1);
    });
  });
});
