// Weight files read from beside the bundles at run time (dist/models/), not embedded: each would push
// the CLI and server bundles towards or past the 1 MB budget. esbuild.mjs copies them next to the
// bundles it builds, and scripts/lib/learn.mjs next to the bundles it builds for training and
// cross-validation (a fold's own model in place of the shipped one); scripts/fuzz.ts repeats the list.
export const SHIPPED_MODELS = ['claims', 'entities', 'speakers'];
