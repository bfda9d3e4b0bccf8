// Check-worthy claims. Provisional: implemented by the claims work.
import type { Claim, Entity, Hedge, Quote, TextStructure } from './types';

export interface ClaimContext {
  entities: Entity[];
  quotes: Quote[];
  hedges: Hedge[];
}

export function detectClaims(_text: string, _structure: TextStructure, _context: ClaimContext, _threshold: number): Claim[] {
  return [];
}
