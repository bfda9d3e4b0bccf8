// Hedged language cues. Provisional: implemented by the hedges work.
import type { Hedge, TextStructure } from './types';

export interface HedgeOptions {
  extraHedgeWords?: string[];
  ignoredWords?: string[];
}

export function detectHedges(_text: string, _structure: TextStructure, _options: HedgeOptions = {}): Hedge[] {
  return [];
}
