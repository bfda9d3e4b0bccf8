// The engine's entry point: structure first, then entities (quotes resolve speakers against them),
// then quotes, hedges and claims (claims weigh the other findings).
//
// Hedges and claims are sentence-local, so their results are cached per paragraph text: after an
// edit only the paragraphs whose text changed are analyzed again (the editor calls this on every
// keystroke). Entities link across paragraphs: their paragraph-local phase (tokens, name chunks and
// their types) is cached per paragraph too, and the document-level phase runs over the cached pieces.
// Quotes cache their paragraph-local work (mark pairing, attribution search) the same way; speakers
// are resolved against the entities over the whole document.
import { modelClaimThreshold, type ClaimContext } from './claims';
import { DETECTORS, type Detectors } from './detectors';
import { EntityCache } from './entities';
import { collectingFailures, reportDetectorFailure } from './failures';
import { QuoteCache } from './quotes';
import { maskExcluded } from './segmentation';
import {
  type Analysis,
  type AnalyzeOptions,
  type Category,
  type Claim,
  type DetectorFailure,
  type DetectorName,
  type Hedge,
  type Paragraph,
  type Quote,
  type Span,
  type TextStructure,
} from './types';

const ALL_CATEGORIES: Category[] = ['quotes', 'claims', 'hedges', 'entities'];

export interface AnalyzerStats {
  /** Paragraphs whose sentence-level findings all came from the cache in the last run. */
  paragraphsReused: number;
  /** Paragraphs analyzed afresh in the last run. */
  paragraphsAnalyzed: number;
}

/** A paragraph's findings, with the paragraph start they were computed (or last shifted) at. */
interface ParagraphEntry<T> {
  at: number;
  items: T[];
}

/**
 * Analyzes successive versions of one document, reusing per-paragraph work. One instance per open
 * document; `analyze(text)` gives exactly what the stateless `analyze(text)` gives.
 */
export class IncrementalAnalyzer {
  readonly stats: AnalyzerStats = { paragraphsReused: 0, paragraphsAnalyzed: 0 };
  private hedgeCache = new Map<string, ParagraphEntry<Hedge>>();
  private claimCache = new Map<string, ParagraphEntry<Claim>>();
  private optionsKey = '';
  /** Paragraph-local entity work; absent in a one-off analysis, which gains nothing from it. */
  private readonly entityCache: EntityCache | undefined;
  private readonly quoteCache: QuoteCache | undefined;

  /**
   * `reuse` false: a one-off analysis that skips the entity cache (see analyze below). `detectors`:
   * the registry to run (tests wrap it to make a detector fail on demand).
   */
  constructor(
    reuse = true,
    private readonly detectors: Detectors = DETECTORS,
  ) {
    this.entityCache = reuse ? new EntityCache() : undefined;
    this.quoteCache = reuse ? new QuoteCache() : undefined;
  }

  /**
   * A detector that throws loses its findings on the paragraph it failed on, and only those: the
   * failure is recorded in `failures` (and counted, see failures.ts). Segmentation has no paragraphs
   * to fall back on: if it throws, so does this.
   */
  analyze(text: string, options: AnalyzeOptions = {}): Analysis {
    const failures: DetectorFailure[] = [];
    const analysis = collectingFailures(text, failures, () => this.run(text, options));
    analysis.failures = failures;
    return analysis;
  }

  private run(text: string, options: AnalyzeOptions): Analysis {
    const optionsKey = JSON.stringify([options.extraHedgeWords ?? [], options.ignoredWords ?? [], options.claimThreshold ?? null]);
    if (optionsKey !== this.optionsKey) {
      this.hedgeCache.clear();
      this.claimCache.clear();
      this.optionsKey = optionsKey;
    }
    const recomputed = new Set<number>();

    const wanted = new Set(options.categories ?? ALL_CATEGORIES);
    const detectors = this.detectors;
    const structure = detectors.segmentation(text, options.format ?? detectFormat(text));
    // Detectors see prose only: excluded ranges (front matter, code, URLs, markup) become spaces,
    // which keeps every offset valid for the original text.
    const prose = structure.excluded.length ? maskExcluded(text, structure.excluded) : text;

    // Each paragraph's text keys the caches; cut once.
    let keys: string[] | undefined;
    const paragraphKeys = (): string[] => (keys ??= structure.paragraphs.map((p) => prose.slice(p.start, p.end)));
    const needEntities = wanted.has('entities') || wanted.has('quotes') || wanted.has('claims');
    const entityCache = this.entityCache;
    const entities = needEntities ? isolated('entities', prose, structure, (t, s, whole) => detectors.entities(t, s, whole ? entityCache : undefined)) : [];
    let quotes: Quote[] = [];
    if (wanted.has('quotes') || wanted.has('claims')) {
      const cache = this.quoteCache;
      quotes = isolated('quotes', prose, structure, (t, s, whole) => {
        if (!cache || !whole) return detectors.quotes(t, s, entities);
        // The paragraph keys are this structure's only when no paragraph was left out.
        const ownKeys = s === structure ? paragraphKeys() : undefined;
        const found = detectors.quotes(t, s, entities, cache, ownKeys);
        // The cache counts by usable paragraph, which is the structure's paragraph whenever the keys fit.
        if (ownKeys) for (const p of cache.recomputed) recomputed.add(s.paragraphs[p].index);
        return found;
      });
    }
    const hedgeOptions = { extraHedgeWords: options.extraHedgeWords, ignoredWords: options.ignoredWords };
    // A one-off analysis runs the sentence-local detectors over the whole structure at once: the
    // per-paragraph split and its cache only pay when the next version reuses them.
    const reuse = this.entityCache !== undefined;
    const hedges =
      wanted.has('hedges') || wanted.has('claims')
        ? reuse
          ? this.perParagraph('hedges', structure, paragraphKeys(), this.hedgeCache, recomputed, (sub) => detectors.hedges(prose, sub, hedgeOptions))
          : isolated('hedges', prose, structure, (t, s) => detectors.hedges(t, s, hedgeOptions))
        : [];
    let claims: Claim[] = [];
    if (wanted.has('claims')) {
      // The model's own operating point (DEFAULT_CLAIM_THRESHOLD is the same figure; a test checks).
      const threshold = options.claimThreshold ?? modelClaimThreshold();
      const scored = reuse
        ? this.perParagraph('claims', structure, paragraphKeys(), this.claimCache, recomputed, (sub) => detectors.claims(prose, sub, NO_CONTEXT, threshold))
        : isolated('claims', prose, structure, (t, s) => detectors.claims(t, s, NO_CONTEXT, threshold));
      claims = withContext(detectors, scored, { entities, quotes, hedges }, text.length);
    }

    this.stats.paragraphsAnalyzed = reuse ? recomputed.size : structure.paragraphs.length;
    this.stats.paragraphsReused = structure.paragraphs.length - this.stats.paragraphsAnalyzed;
    // Mention texts are read from the original text: inside a span, masked markup would read as spaces.
    // Unmasked, the prose is the text and the mentions already read it.
    if (prose !== text) for (const e of entities) for (const m of e.mentions) m.text = text.slice(m.start, m.end);
    return {
      length: text.length,
      structure,
      quotes: wanted.has('quotes') ? quotes : [],
      claims,
      hedges: wanted.has('hedges') ? hedges : [],
      entities: wanted.has('entities') ? entities : [],
      failures: [],
    };
  }

  /**
   * Runs a sentence-local detector paragraph by paragraph, reusing results for unchanged paragraphs.
   * A paragraph the detector throws on is reported and left out of the cache, so the next version
   * tries it again.
   */
  private perParagraph<T extends Span>(
    detector: DetectorName,
    structure: TextStructure,
    /** The text of each paragraph, by paragraph index. */
    paragraphKeys: string[],
    cache: Map<string, ParagraphEntry<T>>,
    recomputed: Set<number>,
    detect: (sub: TextStructure) => T[],
  ): T[] {
    const out: T[] = [];
    const next = new Map<string, ParagraphEntry<T>>();
    let pi = 0;
    for (const sub of paragraphStructures(structure)) {
      const p = structure.paragraphs[pi];
      const key = paragraphKeys[pi++];
      let entry = cache.get(key) ?? next.get(key);
      if (!entry) {
        recomputed.add(p.index);
        try {
          entry = { at: p.start, items: detect(sub) };
        } catch (error) {
          reportDetectorFailure(detector, p, error);
          continue;
        }
      } else if (entry.at !== p.start) {
        // The paragraph moved: shift its findings once and remember where they now are.
        const delta = p.start - entry.at;
        entry = { at: p.start, items: entry.items.map((item) => shift(item, delta)) };
      }
      next.set(key, entry);
      for (const item of entry.items) out.push(item);
    }
    // Keep only what the current version uses, so the cache never outgrows the document.
    cache.clear();
    for (const [k, v] of next) cache.set(k, v);
    return out;
  }
}

/**
 * Runs a detector over the document; if it throws, finds the paragraphs it fails on (each run alone,
 * each failure reported with its own error) and runs it again over the document without them, so
 * only their findings are lost. A failure no single paragraph reproduces (one that needs several
 * paragraphs together), or one that persists without the failing paragraphs, loses the detector's
 * findings for the whole document, reported as such. `whole` tells a run over the document (which
 * may use and update caches) from a probe of one paragraph (which must not).
 */
function isolated<T>(
  detector: DetectorName,
  prose: string,
  structure: TextStructure,
  run: (prose: string, structure: TextStructure, whole: boolean) => T[],
): T[] {
  let first: unknown;
  try {
    return run(prose, structure, true);
  } catch (error) {
    first = error;
  }
  const failed: Paragraph[] = [];
  let pi = 0;
  for (const sub of paragraphStructures(structure)) {
    const p = structure.paragraphs[pi++];
    try {
      run(prose, sub, false);
    } catch (error) {
      failed.push(p);
      reportDetectorFailure(detector, p, error);
    }
  }
  const everything = { start: 0, end: prose.length };
  if (!failed.length) {
    reportDetectorFailure(detector, everything, first);
    return [];
  }
  if (failed.length === structure.paragraphs.length) return [];
  const rest = withoutParagraphs(prose, structure, failed);
  try {
    return run(rest.prose, rest.structure, true);
  } catch (error) {
    reportDetectorFailure(detector, everything, error);
    return [];
  }
}

/** Claims weighed against the other findings; if that fails, the claims as scored, reported. */
function withContext(detectors: Detectors, scored: Claim[], context: ClaimContext, length: number): Claim[] {
  try {
    return detectors.claimContext(scored, context);
  } catch (error) {
    reportDetectorFailure('claims', { start: 0, end: length }, error);
    return scored;
  }
}

/** Each paragraph as a structure of its own: its sentences and excluded ranges (sorted, so sliced). */
function* paragraphStructures(structure: TextStructure): Generator<TextStructure> {
  let s = 0;
  let x = 0;
  const { sentences, excluded } = structure;
  for (const p of structure.paragraphs) {
    while (s < sentences.length && sentences[s].end <= p.start) s++;
    let e = s;
    while (e < sentences.length && sentences[e].start < p.end) e++;
    while (x < excluded.length && excluded[x].end <= p.start) x++;
    let xe = x;
    while (xe < excluded.length && excluded[xe].start < p.end) xe++;
    yield { ...structure, paragraphs: [p], sentences: sentences.slice(s, e), excluded: excluded.slice(x, xe) };
    s = e;
  }
}

/** The prose with the `left` paragraphs blanked out (offsets kept) and the structure without them. */
function withoutParagraphs(prose: string, structure: TextStructure, left: Paragraph[]): { prose: string; structure: TextStructure } {
  const out = new Set(left);
  const parts: string[] = [];
  let at = 0;
  for (const p of left) {
    parts.push(prose.slice(at, p.start), ' '.repeat(p.end - p.start));
    at = p.end;
  }
  parts.push(prose.slice(at));
  const inLeft = (span: Span) => left.some((p) => span.start < p.end && span.end > p.start);
  return {
    prose: parts.join(''),
    structure: {
      ...structure,
      paragraphs: structure.paragraphs.filter((p) => !out.has(p)),
      sentences: structure.sentences.filter((sentence) => !inLeft(sentence)),
    },
  };
}

/** Stateless analysis of one text. */
export function analyze(text: string, options: AnalyzeOptions = {}, detectors: Detectors = DETECTORS): Analysis {
  return new IncrementalAnalyzer(false, detectors).analyze(text, options);
}

/** Markdown if it opens with front matter or uses headings, lists, links or fences at line starts. */
export function detectFormat(text: string): 'plaintext' | 'markdown' {
  if (/^---\r?\n[\s\S]*?\r?\n---\r?\n/.test(text.slice(0, 20000))) return 'markdown';
  const head = text.slice(0, 20000);
  return /^(#{1,6} |```|> |[-*+] )/m.test(head) || /\[[^\]\n]+\]\([^)\s]+\)/.test(head) ? 'markdown' : 'plaintext';
}

/** Copies a span-bearing object with every nested span moved by `delta`. */
function shift<T extends Span>(item: T, delta: number): T {
  if (delta === 0) return item;
  const moved = { ...item, start: item.start + delta, end: item.end + delta } as unknown as Record<string, unknown>;
  // for-in over a plain object's own keys, without the entry arrays Object.entries would make.
  for (const k in item) {
    if (!Object.prototype.hasOwnProperty.call(item, k)) continue;
    const v = (item as unknown as Record<string, unknown>)[k];
    if (v && typeof v === 'object' && !Array.isArray(v) && typeof (v as Span).start === 'number' && typeof (v as Span).end === 'number') {
      moved[k] = shift(v as Span, delta);
    }
  }
  return moved as T;
}

const NO_CONTEXT: ClaimContext = { entities: [], quotes: [], hedges: [] };
