// The engine's entry point: structure first, then entities (quotes resolve speakers against them),
// then quotes, hedges and claims (claims weigh the other findings).
import { detectClaims } from './claims';
import { detectEntities } from './entities';
import { detectHedges } from './hedges';
import { detectQuotes } from './quotes';
import { segment } from './segmentation';
import { DEFAULT_CLAIM_THRESHOLD, type Analysis, type AnalyzeOptions, type Category } from './types';

const ALL: Category[] = ['quotes', 'claims', 'hedges', 'entities'];

export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  const wanted = new Set(options.categories ?? ALL);
  const structure = segment(text, options.format ?? detectFormat(text));
  // Quotes need entities for speakers and claims need all three, so compute what they depend on.
  const needEntities = wanted.has('entities') || wanted.has('quotes') || wanted.has('claims');
  const entities = needEntities ? detectEntities(text, structure) : [];
  const quotes = wanted.has('quotes') || wanted.has('claims') ? detectQuotes(text, structure, entities) : [];
  const hedges = wanted.has('hedges') || wanted.has('claims')
    ? detectHedges(text, structure, { extraHedgeWords: options.extraHedgeWords, ignoredWords: options.ignoredWords })
    : [];
  const claims = wanted.has('claims')
    ? detectClaims(text, structure, { entities, quotes, hedges }, options.claimThreshold ?? DEFAULT_CLAIM_THRESHOLD)
    : [];
  return {
    length: text.length,
    structure,
    quotes: wanted.has('quotes') ? quotes : [],
    claims,
    hedges: wanted.has('hedges') ? hedges : [],
    entities: wanted.has('entities') ? entities : [],
  };
}

/** Markdown if it opens with front matter or uses headings, lists, links or emphasis at line starts. */
export function detectFormat(text: string): 'plaintext' | 'markdown' {
  if (/^---\r?\n[\s\S]*?\r?\n---\r?\n/.test(text)) return 'markdown';
  const head = text.slice(0, 20000);
  return /^(#{1,6} |```|> |[-*+] |\d+\. )/m.test(head) || /\[[^\]\n]+\]\([^)\s]+\)/.test(head) ? 'markdown' : 'plaintext';
}
