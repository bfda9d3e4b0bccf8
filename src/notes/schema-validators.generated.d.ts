// Types of the generated validators (scripts/generate-validators.mjs): ajv's standalone functions.
import type { ValidateFunction } from 'ajv';

/** schemas/factcheck.schema.json: the notes sidecar. */
export declare const notes: ValidateFunction;
/** schemas/entities.schema.json: the knowledge base. */
export declare const entities: ValidateFunction;
