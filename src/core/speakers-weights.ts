// Where the speaker ranker's weights come from: src/core/models/speakers.json, written by `npm run
// train -- speakers`. Like the claim and entity weights, the file ships beside the bundles (esbuild.mjs
// copies it to dist/models/), which keeps the server bundle under its 1 MB budget; tests running from
// src/ read it from src/core/models/. Read once, when the ranker's module loads.
import { readShippedModel, shippedModelPath } from './shipped-models';

/** The weights file, relative to the module (src/core under tsx, dist/ in a bundle). */
export const SPEAKER_MODEL_PATH = shippedModelPath('speakers');

export function readSpeakerModel(): unknown {
  return readShippedModel('speakers', 'speaker model');
}
