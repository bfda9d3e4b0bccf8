// Where the speaker ranker's weights come from: src/core/models/speakers.json, written by `npm run
// train -- speakers`. Like the claim and entity weights, the file ships beside the bundles (esbuild.mjs
// copies it to dist/models/), which keeps the server bundle under its 1 MB budget; tests running from
// src/ read it from src/core/models/. Read once, when the ranker's module loads.
import fs from 'node:fs';
import path from 'node:path';

/** The weights file, relative to the module (src/core under tsx, dist/ in a bundle). */
export const SPEAKER_MODEL_PATH = path.join(__dirname, 'models', 'speakers.json');

export function readSpeakerModel(): unknown {
  let raw: string;
  try {
    raw = fs.readFileSync(SPEAKER_MODEL_PATH, 'utf8');
  } catch (err) {
    throw new Error(
      `speaker model not found at ${SPEAKER_MODEL_PATH} (build with node esbuild.mjs, or run npm run train -- speakers): ${(err as Error).message}`,
    );
  }
  return JSON.parse(raw);
}
