// Reads the `factdesk` settings section defensively: every unknown or invalid value falls back to
// its default and yields one message naming the setting, so a typo never silently disables a feature.
import { CLAIM_HIGHLIGHTS, DEFAULT_SETTINGS, HEDGES_IN_QUOTES, type FactDeskSettings, type HedgeDiagnostics, type RunMode } from '../shared/protocol';

export interface SettingsResult {
  settings: FactDeskSettings;
  problems: string[];
}

const RUN_MODES: readonly RunMode[] = ['onType', 'onSave', 'manual'];
const HEDGE_DIAGNOSTICS: readonly HedgeDiagnostics[] = ['off', 'hint', 'information'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  try {
    const json = JSON.stringify(value);
    return json === undefined ? String(value) : json.length > 60 ? `${json.slice(0, 57)}...` : json;
  } catch {
    return String(value);
  }
}

export function validateSettings(raw: unknown): SettingsResult {
  const problems: string[] = [];
  const source = isRecord(raw) ? raw : {};
  const defaults = DEFAULT_SETTINGS;

  function pick<T>(key: string, value: unknown, fallback: T, valid: (v: unknown) => v is T, expected: string): T {
    if (value === undefined || value === null) return fallback;
    if (valid(value)) return value;
    problems.push(
      `FactDesk: setting "factdesk.${key}" has an invalid value ${describe(value)} (expected ${expected}); using the default ${describe(fallback)}.`,
    );
    return fallback;
  }
  const oneOf =
    <T extends string>(options: readonly T[]) =>
    (v: unknown): v is T =>
      typeof v === 'string' && (options as readonly string[]).includes(v);
  const numberIn =
    (min: number, max: number) =>
    (v: unknown): v is number =>
      typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
  const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
  const stringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

  const show = isRecord(source.show) ? source.show : {};
  if (source.show !== undefined && !isRecord(source.show)) {
    problems.push(`FactDesk: setting "factdesk.show" must be an object of true/false per category; showing every category.`);
  }
  // `factdesk.claims.highlight` and `factdesk.hedges.inQuotes` arrive as nested objects.
  const claims = isRecord(source.claims) ? source.claims : {};
  const hedgeSection = isRecord(source.hedges) ? source.hedges : {};
  const words = (key: 'extraHedgeWords' | 'ignoredWords') =>
    pick(key, source[key], defaults[key], stringList, 'a list of words')
      .map((w) => w.trim().toLowerCase())
      .filter((w) => w.length > 0);

  const settings: FactDeskSettings = {
    runMode: pick('runMode', source.runMode, defaults.runMode, oneOf(RUN_MODES), RUN_MODES.map((m) => `"${m}"`).join(', ')),
    debounceMs: pick('debounceMs', source.debounceMs, defaults.debounceMs, numberIn(0, 10000), 'a number of milliseconds from 0 to 10000'),
    maxFileSizeKB: pick('maxFileSizeKB', source.maxFileSizeKB, defaults.maxFileSizeKB, numberIn(1, 1024 * 1024), 'a size in KB from 1 to 1048576'),
    show: {
      quotes: pick('show.quotes', show.quotes, defaults.show.quotes, isBoolean, 'true or false'),
      claims: pick('show.claims', show.claims, defaults.show.claims, isBoolean, 'true or false'),
      hedges: pick('show.hedges', show.hedges, defaults.show.hedges, isBoolean, 'true or false'),
      entities: pick('show.entities', show.entities, defaults.show.entities, isBoolean, 'true or false'),
    },
    claimThreshold: pick('claimThreshold', source.claimThreshold, defaults.claimThreshold, numberIn(0, 1), 'a number from 0 to 1'),
    extraHedgeWords: words('extraHedgeWords'),
    ignoredWords: words('ignoredWords'),
    hedgeDiagnostics: pick(
      'hedgeDiagnostics',
      source.hedgeDiagnostics,
      defaults.hedgeDiagnostics,
      oneOf(HEDGE_DIAGNOSTICS),
      HEDGE_DIAGNOSTICS.map((m) => `"${m}"`).join(', '),
    ),
    filePatterns: pick('filePatterns', source.filePatterns, defaults.filePatterns, stringList, 'a list of glob patterns'),
    claims: {
      highlight: pick(
        'claims.highlight',
        claims.highlight,
        defaults.claims.highlight,
        oneOf(CLAIM_HIGHLIGHTS),
        CLAIM_HIGHLIGHTS.map((m) => `"${m}"`).join(', '),
      ),
    },
    hedges: {
      inQuotes: pick(
        'hedges.inQuotes',
        hedgeSection.inQuotes,
        defaults.hedges.inQuotes,
        oneOf(HEDGES_IN_QUOTES),
        HEDGES_IN_QUOTES.map((m) => `"${m}"`).join(', '),
      ),
    },
  };
  return { settings, problems };
}
