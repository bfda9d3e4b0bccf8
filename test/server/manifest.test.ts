// The manifest's setting defaults are what the server falls back to: the two must never drift apart.
import { strict as assert } from 'node:assert';
import manifest from '../../package.json';
import { DEFAULT_SETTINGS } from '../../src/shared/protocol';

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
});
