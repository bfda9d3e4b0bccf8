// The learned detectors' weight files ship beside the bundles, not inside them: embedded, they pushed
// the CLI and server bundles past their 1 MB budget. esbuild.mjs copies src/core/models/*.json to
// dist/models/ (scripts/lib/shipped-models.mjs names them), a bundle in dist/ reads them from there,
// and tests running from src/ read them from src/core/models/. Each is written by `npm run train -- <name>`.
import fs from 'node:fs';
import path from 'node:path';

export type ShippedModel = 'claims' | 'entities' | 'speakers';

/** A weights file, relative to the module (src/core under tsx, dist/ in a bundle). */
export function shippedModelPath(name: ShippedModel): string {
  return path.join(__dirname, 'models', `${name}.json`);
}

/** A weights file, parsed; a missing one says where it was looked for and how to make it. */
export function readShippedModel(name: ShippedModel, what: string): unknown {
  const file = shippedModelPath(name);
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`${what} not found at ${file} (build with node esbuild.mjs, or run npm run train -- ${name}): ${(err as Error).message}`);
  }
  return JSON.parse(raw);
}
