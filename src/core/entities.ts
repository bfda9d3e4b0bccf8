// Named entities: people, organizations, places. Provisional placeholder returns none until implemented.
import type { Entity, TextStructure } from './types';

export function detectEntities(_text: string, _structure: TextStructure): Entity[] {
  return [];
}
