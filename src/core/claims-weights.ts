// Where the claim model's weights come from: src/core/models/claims.json, written by `npm run train --
// claims`. Like the entity tagger's (entities-weights.ts), the file ships beside the bundles instead of
// inside them (embedded, it pushed the server bundle past 1 MB): esbuild.mjs copies it to dist/models/,
// a bundle in dist/ reads it from there, and tests running from src/ read it from src/core/models/.
// Read once, on first use; cross-validation writes each fold's model beside that fold's bundle.
import type { PackedWeights } from './linear-model';
import { readShippedModel, shippedModelPath } from './shipped-models';

/** The model file as `npm run train -- claims` writes it. */
export interface ClaimModelFile {
  /** Score at which the model was judged check-worthy in cross-validation (the default threshold). */
  threshold: number;
  bias: number;
  /** One weight per feature of CLAIM_FEATURES (claims.ts), by name. */
  dense: Record<string, number>;
  grams: PackedWeights;
}

/** The weights file, relative to the module (src/core under tsx, dist/ in a bundle). */
export const CLAIM_MODEL_PATH = shippedModelPath('claims');

export function readClaimModel(): ClaimModelFile {
  return readShippedModel('claims', 'claim model') as ClaimModelFile;
}
