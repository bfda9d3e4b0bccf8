// The engine's stages as one registry: analyze.ts calls every detector through it, so a detector can
// be swapped (a learned model for a rule set) or wrapped (a test that makes one fail on demand) in
// one place.
import { addContextReasons, detectClaims, type ClaimContext } from './claims';
import { detectEntities, type EntityCache } from './entities';
import { detectHedges, type HedgeOptions } from './hedges';
import { detectQuotes, type QuoteCache } from './quotes';
import { segment } from './segmentation';
import type { Claim, DetectorName, Entity, Hedge, Quote, TextStructure } from './types';

export interface Detectors {
  segmentation: (text: string, format: 'plaintext' | 'markdown') => TextStructure;
  entities: (text: string, structure: TextStructure, cache?: EntityCache) => Entity[];
  quotes: (text: string, structure: TextStructure, entities: Entity[], cache?: QuoteCache, paragraphKeys?: string[]) => Quote[];
  hedges: (text: string, structure: TextStructure, options: HedgeOptions) => Hedge[];
  /** Sentence-local scoring; `claimContext` then weighs the other findings over the document. */
  claims: (text: string, structure: TextStructure, context: ClaimContext, threshold: number) => Claim[];
  claimContext: (claims: Claim[], context: ClaimContext) => Claim[];
}

export const DETECTORS: Detectors = {
  segmentation: segment,
  entities: detectEntities,
  quotes: detectQuotes,
  hedges: detectHedges,
  claims: detectClaims,
  claimContext: addContextReasons,
};

export const DETECTOR_NAMES: readonly DetectorName[] = ['segmentation', 'entities', 'quotes', 'hedges', 'claims'];

/**
 * The seam for fault-isolation tests across processes (the CLI, the language server, the editor):
 * `spec` is `detector:marker[;detector:marker...]`, and each named detector throws whenever a
 * paragraph it is given contains its marker (segmentation: whenever the text does). Hosts read it
 * from the FACTDESK_TEST_FAULTS environment variable; unset, nothing changes.
 */
export function withInjectedFaults(spec: string, base: Detectors = DETECTORS): Detectors {
  const faults = parseFaultSpec(spec);
  const fail = (detector: DetectorName, marker: string): never => {
    throw new Error(`injected fault: ${detector} fails on "${marker}" (FACTDESK_TEST_FAULTS)`);
  };
  const hit = (detector: DetectorName, text: string, structure: TextStructure): string | undefined => {
    const marker = faults.get(detector);
    if (marker === undefined) return undefined;
    return structure.paragraphs.some((p) => text.slice(p.start, p.end).includes(marker)) ? marker : undefined;
  };
  const guard = (detector: DetectorName, text: string, structure: TextStructure): void => {
    const marker = hit(detector, text, structure);
    if (marker !== undefined) fail(detector, marker);
  };
  return {
    segmentation: (text, format) => {
      const marker = faults.get('segmentation');
      if (marker !== undefined && text.includes(marker)) fail('segmentation', marker);
      return base.segmentation(text, format);
    },
    entities: (text, structure, cache) => (guard('entities', text, structure), base.entities(text, structure, cache)),
    quotes: (text, structure, entities, cache, keys) => (guard('quotes', text, structure), base.quotes(text, structure, entities, cache, keys)),
    hedges: (text, structure, options) => (guard('hedges', text, structure), base.hedges(text, structure, options)),
    claims: (text, structure, context, threshold) => (guard('claims', text, structure), base.claims(text, structure, context, threshold)),
    claimContext: base.claimContext,
  };
}

function parseFaultSpec(spec: string): Map<DetectorName, string> {
  const faults = new Map<DetectorName, string>();
  for (const part of spec.split(';')) {
    if (!part.trim()) continue;
    const colon = part.indexOf(':');
    const name = part.slice(0, colon).trim() as DetectorName;
    const marker = part.slice(colon + 1);
    if (colon < 0 || !DETECTOR_NAMES.includes(name) || !marker) {
      throw new Error(`FACTDESK_TEST_FAULTS: expected detector:marker with detector one of ${DETECTOR_NAMES.join(', ')}, got "${part}"`);
    }
    faults.set(name, marker);
  }
  return faults;
}

/** The registry a host should use: the real one, with faults injected if FACTDESK_TEST_FAULTS says so. */
export function detectorsFromEnvironment(env: Record<string, string | undefined>): Detectors {
  const spec = env.FACTDESK_TEST_FAULTS;
  return spec ? withInjectedFaults(spec) : DETECTORS;
}
