// Quotations and their speakers. Provisional: implemented by the quotes work.
import type { Entity, Quote, TextStructure } from './types';

export function detectQuotes(_text: string, _structure: TextStructure, _entities: Entity[]): Quote[] {
  return [];
}
