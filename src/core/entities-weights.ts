// Where the entity tagger's weights come from: src/core/models/entities.json, written by
// `npm run train -- entities`. The file is too large to embed in every bundle (it would push the
// CLI and server bundles past 1 MB), so it ships beside them: esbuild.mjs copies it to
// dist/models/, and a bundle in dist/ reads it from there, as tests running from src/ read it from
// src/core/models/. Read once, on first use.
import fs from 'node:fs';
import path from 'node:path';
import type { ModelFile } from './entities-model';

/** The weights file, relative to the module (src/core under tsx, dist/ in a bundle). */
export const ENTITY_MODEL_PATH = path.join(__dirname, 'models', 'entities.json');

export function readEntityModel(): ModelFile {
  let raw: string;
  try {
    raw = fs.readFileSync(ENTITY_MODEL_PATH, 'utf8');
  } catch (err) {
    throw new Error(
      `entity model not found at ${ENTITY_MODEL_PATH} (build with node esbuild.mjs, or run npm run train -- entities): ${(err as Error).message}`,
    );
  }
  return JSON.parse(raw) as ModelFile;
}
