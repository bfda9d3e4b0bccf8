// The manifest's setting defaults are what the server falls back to, and its commands are the code's
// command maps: neither may drift apart.
import { strict as assert } from 'node:assert';
import manifest from '../../package.json';
import { DeskCommands, NotesCommands, PreviewCommands, ReportCommands, TEST_COMMAND_PREFIX } from '../../src/extension/commands';
import { SOURCES_SETTING } from '../../src/server/workspaceIndexHost';
import { Commands, DEFAULT_SETTINGS, DEFAULT_WIKIDATA_SETTINGS } from '../../src/shared/protocol';
import { DEFAULT_SOURCE_PATTERNS } from '../../src/workspace';

describe('package.json settings', () => {
  const properties: Record<string, { default?: unknown }> = Object.assign(
    {},
    ...([] as { properties: Record<string, { default?: unknown }> }[]).concat(manifest.contributes.configuration as never).map((c) => c.properties),
  );

  it('declares every server setting with the same default', () => {
    const flat: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        for (const [sub, v] of Object.entries(value)) flat[`factdesk.${key}.${sub}`] = v;
      } else flat[`factdesk.${key}`] = value;
    }
    for (const [key, value] of Object.entries(flat)) {
      assert.ok(key in properties, `${key} is declared in package.json`);
      assert.deepEqual(properties[key].default, value, `${key} default`);
    }
  });

  it('declares factdesk.sources with the index’s default source globs', () => {
    assert.deepEqual(properties[SOURCES_SETTING]?.default, DEFAULT_SOURCE_PATTERNS);
  });

  it('declares the Wikidata settings with the same defaults, off by default, and restricted in untrusted workspaces', () => {
    for (const [key, value] of Object.entries(DEFAULT_WIKIDATA_SETTINGS)) {
      assert.ok(`factdesk.wikidata.${key}` in properties, `factdesk.wikidata.${key} is declared`);
      assert.deepEqual(properties[`factdesk.wikidata.${key}`].default, value, `factdesk.wikidata.${key} default`);
    }
    assert.equal(DEFAULT_WIKIDATA_SETTINGS.enabled, false);
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['factdesk.wikidata.enabled', 'factdesk.wikidata.endpoint']);
  });
});

describe('package.json commands', () => {
  const contributed = new Set<string>(manifest.contributes.commands.map((c: { command: string }) => c.command));
  const maps = { Commands, NotesCommands, ReportCommands, DeskCommands, PreviewCommands };
  const inCode = new Map<string, string>();
  for (const [name, map] of Object.entries(maps)) for (const id of Object.values(map)) if (!id.startsWith(TEST_COMMAND_PREFIX)) inCode.set(id, name);

  it('contributes every command id of the code (test hooks aside)', () => {
    const missing = [...inCode].filter(([id]) => !contributed.has(id)).map(([id, map]) => `${map}: ${id}`);
    assert.deepEqual(missing, []);
  });

  it('has every contributed command in one of the code’s command maps', () => {
    assert.deepEqual(
      [...contributed].filter((id) => !inCode.has(id)),
      [],
    );
  });

  it('names only contributed commands in its menus', () => {
    const menus = manifest.contributes.menus as Record<string, Array<{ command?: string }>>;
    const unknown = Object.entries(menus).flatMap(([menu, items]) =>
      items.filter((i) => i.command && !contributed.has(i.command)).map((i) => `${menu}: ${i.command}`),
    );
    assert.deepEqual(unknown, []);
  });
});
