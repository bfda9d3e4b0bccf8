// Where the entity tagger's weights come from: src/core/models/entities.json, written by
// `npm run train -- entities`. The file is too large to embed in every bundle (it would push the
// CLI and server bundles past 1 MB), so it ships beside them: esbuild.mjs copies it to
// dist/models/, and a bundle in dist/ reads it from there, as tests running from src/ read it from
// src/core/models/. Read once, on first use.
import type { ModelFile } from './entities-model';
import { readShippedModel, shippedModelPath } from './shipped-models';

/** The weights file, relative to the module (src/core under tsx, dist/ in a bundle). */
export const ENTITY_MODEL_PATH = shippedModelPath('entities');

export function readEntityModel(): ModelFile {
  return readShippedModel('entities', 'entity model') as ModelFile;
}
