// Article-like text for fuzzing the engine, composed from fragments with fast-check arbitraries.
//
// Random strings almost never contain what the detectors look for (a quotation mark, a cue verb, a
// name and a parenthesis in the right order), so the paths where the engine does the most work are
// the ones they never reach. These arbitraries build text the way news articles are built —
// headlines, bylines, quotes with attributions in every mark style, names with particles, numbers,
// Markdown — and then damage it the way real text is damaged: unbalanced marks, odd line endings,
// emoji, lone surrogates, combining marks, zero-width and bidi characters, very long lines.
// Every fragment here is written for this file; nothing is taken from the evaluation data.
import fc from 'fast-check';

// ---------------------------------------------------------------------------------------------
// Vocabulary (one list per concept)

/** Opening and closing marks of every quotation style the engine may meet, including reversed and mixed pairs. */
export const QUOTE_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['“', '”'],
  ['"', '"'],
  ['‘', '’'],
  ["'", "'"],
  ['«', '»'],
  ['« ', ' »'],
  ['»', '«'],
  ['„', '“'],
  ['„', '”'],
  ['‚', '‘'],
  ['「', '」'],
  ['『', '』'],
  ['‹', '›'],
  ['›', '‹'],
  ['``', "''"],
  ['”', '”'],
  ['“', '“'],
  ['’', '’'],
];
/** Every single quotation mark character, for insertion and deletion. */
export const QUOTE_MARKS = ['“', '”', '„', '"', '‘', '’', '‚', "'", '«', '»', '‹', '›', '「', '」', '『', '』', '`', '``', "''"];

const FIRST_NAMES = [
  'Maria',
  'Tomas',
  'Amara',
  'Ian',
  'Anna',
  'José',
  'Zoë',
  'Søren',
  'Nguyễn',
  'Ólafur',
  'Aisha',
  'Li',
  'Jean-Luc',
  'Mary-Kate',
  'Kwame',
  'Priya',
  'Władysław',
  'Ngozi',
  'Björn',
  'Chloé',
  'Sean',
  'Yusuf',
  'Ilse',
];
const PARTICLES = [
  'van',
  'van der',
  'van den',
  'de',
  'de la',
  'del',
  'di',
  'da',
  'von',
  'bin',
  'bint',
  'ibn',
  'al-',
  'el-',
  'ben',
  'Van',
  'De',
  'La',
  'Le',
  'dos',
  'ter',
];
const SURNAMES = [
  'Okafor',
  'Brenner',
  'Mensah',
  'Moss',
  'Lindqvist',
  'Berg',
  'Zakharova',
  'Kowalczyk',
  'Haddad',
  'Silva',
  'Rahman',
  'Dubois',
  'Nakamura',
  'Schröder',
  'Łukasiewicz',
  'Smith-Jones',
  'Ferreira',
  'Osei',
  'Tran',
];
const SURNAME_PREFIXES = ["O'", 'O’', 'Mc', 'Mac', 'Fitz', "D'", 'D’'];
const IRISH_STEMS = ['Brien', 'Neill', 'Donnell', 'Carthy', 'Gregor', 'Kenzie', 'Gerald', 'Arcy'];
const TITLES = [
  'Dr.',
  'Mr.',
  'Mrs.',
  'Ms.',
  'Prof.',
  'Sen.',
  'Gov.',
  'Gen.',
  'Rev.',
  'Rep.',
  'Lt.',
  'Sgt.',
  'Mayor',
  'President',
  'Minister',
  'Judge',
  'Chief Inspector',
  'Sir',
  'Dame',
  'M.',
  'Mme',
  'Herr',
  'Sheikh',
  'Capt.',
  'St.',
];
const ROLE_NOUNS = [
  'spokeswoman',
  'spokesman',
  'chief executive',
  'minister',
  'mayor',
  'professor of economics',
  'police chief',
  'head of research',
  'deputy director',
  'chairman',
  'analyst',
  'senior official',
  'coach',
  'lawyer',
];
const ORGANIZATIONS = [
  'the Harbour Authority',
  'Acme Inc.',
  'Globex Corp.',
  'the U.S. Department of Energy',
  'the WHO',
  'the World Health Organization',
  'Nato',
  'the European Union',
  'the U.N.',
  'Dunmore City Council',
  'the Bank of England',
  'Reuters',
  'the Ministry of Health',
  'St. Mary’s Hospital',
  'AT&T',
  'Johnson & Johnson',
  'the F.B.I.',
  'Co-op',
  'Ltd.',
  'the U.K. Treasury',
];
const PLACES = [
  'Dunmore',
  'New York',
  'NEW YORK',
  'Washington, D.C.',
  'São Paulo',
  'Zürich',
  'Kyiv',
  'the U.S.',
  'U.K.',
  'St. Louis',
  'Port-au-Prince',
  'Ho Chi Minh City',
  'Tel Aviv',
  'Cairo',
  'Mt. Kenya',
  'the Gulf',
];
const CUE_VERBS = [
  'said',
  'says',
  'told reporters',
  'told the BBC',
  'added',
  'noted',
  'claimed',
  'insisted',
  'wrote',
  'explained',
  'asked',
  'warned',
  'argued',
  'recalled',
  'tweeted',
  'admitted',
  'replied',
  'stated',
  'continued',
  'said on Monday',
  'later said',
  'a-t-il dit',
  'sagte er',
  'dijo',
];
const CUE_PREPOSITIONS = ['according to', 'According to', 'as quoted by', 'in the words of', 'per', 'as reported by'];
const PASSIVE_CUES = ['written by', 'sung by', 'directed by', 'performed by', 'composed by', 'quoted by', 'reported by', 'published by'];
const PRONOUNS = ['he', 'she', 'they', 'He', 'She', 'They', 'it', 'we', 'I'];
const HEDGES = [
  'may',
  'might',
  'could',
  'reportedly',
  'allegedly',
  'apparently',
  'some experts say',
  'it is believed that',
  'sources said',
  'an official who asked not to be named said',
  'possibly',
  'likely',
  'suggests',
  'appears to',
  'seems',
  'perhaps',
];
const WORDS = [
  'the',
  'bridge',
  'will',
  'reopen',
  'prices',
  'rose',
  'fell',
  'we',
  'did',
  'not',
  'take',
  'this',
  'decision',
  'lightly',
  'because',
  'than',
  'more',
  'most',
  'council',
  'vote',
  'passed',
  'in',
  'on',
  'of',
  'and',
  'but',
  'it',
  'is',
  'was',
  'a',
  'an',
  'closure',
  'hurt',
  'shops',
  'costs',
  'growth',
  'since',
  'after',
  'led',
  'to',
  'caused',
  'record',
  'highest',
  'ever',
  'never',
  'May',
  'March',
  'may',
  'Will',
  'Bill',
  'Hope',
  'Faith',
  'China',
  'Turkey',
  'Jordan',
  'Paris',
  'Apple',
  'Amazon',
  'US',
  'IT',
  'NEW',
  'OK',
  'e.g.',
  'i.e.',
  'etc.',
  'vs.',
  'No.',
  'approx.',
  'ca.',
  'Fig.',
  'p.m.',
  'a.m.',
  'Jr.',
  'Sr.',
  'Ph.D.',
  'U.S.',
  'Inc.',
];
const NUMBERS = [
  '3',
  '12',
  '40',
  '1,200',
  '4.5',
  '0.3',
  '2026',
  '1990s',
  '’90s',
  "'90s",
  '½',
  '3/4',
  '1st',
  '21st',
  '-7',
  '+5',
  '10,000,000',
  '1e6',
  '٣',
  '२०२६',
  'IV',
  'twelve',
  'a dozen',
  'half',
  '9/11',
  '24/7',
  '5G',
  '3D',
  'No. 10',
];
const PERCENTAGES = ['40%', '40 percent', '40 per cent', '12.5%', '-3%', '% of', '40 %', '0.5 percentage points', '300%'];
const MONEY = [
  '$4.5 million',
  '$12bn',
  '€30m',
  '£12',
  '¥300',
  '₹2 crore',
  'US$1.2 billion',
  '$0.99',
  '5 dollars',
  'CHF 10',
  '$',
  '€',
  '1,000 euros',
  '$3.5tn',
  '£1.2bn',
];
const DATES = [
  'Jan. 5',
  'January 5, 2026',
  '5 January 2026',
  '2026-01-08',
  '08/01/2026',
  'on Monday',
  'last week',
  'in 1998',
  'Sept. 11',
  'the 1990s',
  'Q3',
  'FY2025',
  '5 p.m.',
  '17:30',
  'mid-2024',
  'May 5',
  'March',
  'yesterday',
  'AD 79',
  '300 BC',
];
const PUNCTUATION = ['.', ',', ';', ':', '?', '!', '...', '…', '—', '–', '-', '(', ')', '[', ']', '/', '*', '_', '&', '·', '?!', '.”', ',”'];

/** Characters that break assumptions about text: surrogates, combining marks, zero-width and bidi controls, odd spaces. */
export const ODD_CHARACTERS = [
  '🙂',
  '👩‍👩‍👧',
  '🇫🇷',
  '👍🏽',
  '🏳️‍🌈',
  '𝐁𝐨𝐥𝐝',
  '𝔉',
  '😀😀', // emoji, ZWJ sequences, flags, skin tones, astral letters
  '\uD800',
  '\uDC00',
  '\uDBFF',
  '\uDFFF',
  'a\uD83D',
  '\uDE00b', // lone surrogates
  'e\u0301',
  '\u0301',
  'n\u0303',
  'a\u0308\u0308\u0308',
  'ﬁ', // combining marks, ligature
  '\u200D',
  '\u200C',
  '\uFEFF',
  '\u200B',
  '\u2060',
  '\u00AD', // ZWJ, ZWNJ, BOM, ZWSP, word joiner, soft hyphen
  '\u202E',
  '\u202B',
  '\u202A',
  '\u202C',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200F',
  '\u200E',
  '\u061C', // bidi controls
  '\u00A0',
  '\u2009',
  '\u202F',
  '\u3000',
  '\u2028',
  '\u2029',
  '\u000B',
  '\u000C',
  '\u0085',
  '\t',
  '\u0000',
  '\u007F',
  '\uFFFD',
  '\uFFFF',
];
const RTL_TEXT = [
  'قال المتحدث باسم الوزارة',
  '«نحن لن نستسلم»',
  'אמר הדובר',
  '״זה לא נכון״',
  'وفقا لرويترز',
  'بنسبة ٤٠٪',
  'ירושלים',
  'محمد بن سلمان',
  'עמוס עוז',
];
const LINE_BREAKS = ['\n', '\r\n', '\r', '\n\n', '\r\n\r\n', '\r\r', '\n\r', '\n \n', '\n\t\n', '\u2028', '\n\n\n\n'];

// ---------------------------------------------------------------------------------------------
// Names and people

const initial = fc.constantFrom(...'ABCDEFGHJKLMNPRSTW'.split('')).map((c) => `${c}.`);

export const personName: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom(...FIRST_NAMES), fc.constantFrom(...SURNAMES)).map(([f, s]) => `${f} ${s}`),
  fc
    .tuple(fc.constantFrom(...FIRST_NAMES), fc.constantFrom(...PARTICLES), fc.constantFrom(...SURNAMES))
    .map(([f, p, s]) => (p.endsWith('-') ? `${f} ${p}${s}` : `${f} ${p} ${s}`)),
  fc.tuple(fc.constantFrom(...FIRST_NAMES), fc.constantFrom(...SURNAME_PREFIXES), fc.constantFrom(...IRISH_STEMS)).map(([f, p, s]) => `${f} ${p}${s}`),
  fc.tuple(fc.array(initial, { minLength: 1, maxLength: 3 }), fc.constantFrom(...SURNAMES)).map(([i, s]) => `${i.join(' ')} ${s}`),
  fc.tuple(fc.constantFrom(...FIRST_NAMES), initial, fc.constantFrom(...SURNAMES)).map(([f, i, s]) => `${f} ${i} ${s}`),
  fc.constantFrom(...SURNAMES),
  fc.tuple(fc.constantFrom(...FIRST_NAMES), fc.constantFrom(...SURNAMES)).map(([f, s]) => `${f.toUpperCase()} ${s.toUpperCase()}`),
);

const titled = fc.tuple(fc.constantFrom(...TITLES), personName).map(([t, n]) => `${t} ${n}`);
const role = fc
  .tuple(fc.constantFrom(...ROLE_NOUNS), fc.option(fc.constantFrom(...ORGANIZATIONS), { nil: undefined }))
  .map(([r, o]) => (o ? `${r} of ${o}` : `the ${r}`));

/** Who speaks: a name, a titled name, a name with its role before or after, a role alone, a pronoun. */
export const speaker: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: personName },
  { weight: 2, arbitrary: titled },
  { weight: 2, arbitrary: fc.tuple(personName, role).map(([n, r]) => `${n}, ${r},`) },
  { weight: 1, arbitrary: fc.tuple(role, personName).map(([r, n]) => `${r.replace(/^the /, '')} ${n}`) },
  { weight: 1, arbitrary: role },
  { weight: 1, arbitrary: fc.constantFrom(...PRONOUNS) },
  { weight: 1, arbitrary: fc.constantFrom(...ORGANIZATIONS) },
  { weight: 1, arbitrary: fc.tuple(personName, fc.constantFrom(...ORGANIZATIONS)).map(([n, o]) => `${n} (${o})`) },
);

// ---------------------------------------------------------------------------------------------
// Words, numbers, clauses

const figure = fc.oneof(fc.constantFrom(...NUMBERS), fc.constantFrom(...PERCENTAGES), fc.constantFrom(...MONEY), fc.constantFrom(...DATES));
const token: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 2, arbitrary: figure },
  { weight: 1, arbitrary: fc.constantFrom(...HEDGES) },
  { weight: 1, arbitrary: fc.constantFrom(...PLACES, ...ORGANIZATIONS) },
  { weight: 1, arbitrary: personName },
  { weight: 1, arbitrary: fc.constantFrom(...PUNCTUATION) },
);

/** A clause of a few words, as said or written. */
export const clause: fc.Arbitrary<string> = fc.array(token, { minLength: 1, maxLength: 9 }).map((ws) => ws.join(' '));

const quotePair = fc.constantFrom(...QUOTE_PAIRS);

/** Quoted words: plain, with a quote nested in another style, with a parenthesis, or cut short (unbalanced). */
const quoted: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(quotePair, clause, fc.constantFrom('', ',', '.', '?', '!', '…')).map(([[o, c], w, p]) => `${o}${w}${p}${c}`) },
  { weight: 2, arbitrary: fc.tuple(quotePair, quotePair, clause, clause, clause).map(([[o, c], [o2, c2], a, b, d]) => `${o}${a} ${o2}${b}${c2} ${d}${c}`) },
  { weight: 1, arbitrary: fc.tuple(quotePair, clause, clause).map(([[o, c], a, b]) => `${o}${a} (${b})${c}`) },
  { weight: 2, arbitrary: fc.tuple(quotePair, clause).map(([[o], w]) => `${o}${w}`) }, // never closed
  { weight: 1, arbitrary: fc.tuple(quotePair, clause).map(([[, c], w]) => `${w}${c}`) }, // never opened
  { weight: 1, arbitrary: fc.tuple(quotePair, quotePair, clause, clause).map(([[o, c], [o2], a, b]) => `${o}${a} ${o2}${b}${c}`) }, // inner unclosed
);

const cue = fc.constantFrom(...CUE_VERBS);

/** One sentence with a quotation: cue before or after, inside or around parentheses, "according to", passive "written by". */
export const quoteSentence: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(quoted, cue, speaker).map(([q, c, s]) => `${q} ${c} ${s}.`),
  fc.tuple(quoted, speaker, cue).map(([q, s, c]) => `${q} ${s} ${c}.`),
  fc.tuple(speaker, cue, quoted).map(([s, c, q]) => `${s} ${c}: ${q}`),
  fc.tuple(speaker, cue, quoted).map(([s, c, q]) => `${s} ${c} ${q}.`),
  fc.tuple(speaker, cue, quoted).map(([s, c, q]) => `${s} ${c} that ${q}.`),
  fc.tuple(fc.constantFrom(...CUE_PREPOSITIONS), speaker, quoted).map(([p, s, q]) => `${p} ${s}, ${q}.`),
  fc.tuple(quoted, fc.constantFrom(...CUE_PREPOSITIONS), speaker).map(([q, p, s]) => `${q}, ${p} ${s}.`),
  fc.tuple(quoted, quoted, fc.constantFrom(...PASSIVE_CUES), speaker).map(([q, q2, c, s]) => `${q} (${q2}), ${c} ${s}.`),
  fc.tuple(clause, quoted, quoted, fc.constantFrom(...PASSIVE_CUES), speaker).map(([w, q, q2, c, s]) => `${w} ${q} (${q2}), ${c} ${s}.`),
  fc.tuple(speaker, cue, quoted).map(([s, c, q]) => `(${s} ${c} ${q})`),
  fc.tuple(quoted, cue, speaker).map(([q, c, s]) => `(${q}) ${c} ${s}.`),
  fc.tuple(quoted, cue, speaker).map(([q, c, s]) => `${q}, ${c} ${s} (${c}).`),
  fc.tuple(quoted, speaker, cue, quoted).map(([q, s, c, q2]) => `${q} ${s} ${c}. ${q2}`),
  fc.tuple(quoted, cue, speaker, clause).map(([q, c, s, w]) => `${q} ${c} ${s}, who ${w}.`),
);

/** A sentence without a quotation: facts, figures, hedges, names. */
export const plainSentence: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(clause, fc.constantFrom('.', '?', '!', '...', '', ';')).map(([c, p]) => `${c.charAt(0).toUpperCase()}${c.slice(1)}${p}`),
  fc.tuple(speaker, clause, figure).map(([s, c, f]) => `${s} ${c} ${f}.`),
  fc.tuple(fc.constantFrom(...HEDGES), clause).map(([h, c]) => `${h} ${c}.`),
  fc.tuple(fc.constantFrom(...PLACES), clause).map(([p, c]) => `${p} — ${c}.`),
  fc.tuple(speaker, role, clause).map(([s, r, c]) => `${s}, ${r}, ${c}.`),
  fc.tuple(clause, clause).map(([a, b]) => `${a} (${b}).`),
);

const sentence = fc.oneof(
  { weight: 3, arbitrary: quoteSentence },
  { weight: 3, arbitrary: plainSentence },
  { weight: 1, arbitrary: fc.constantFrom(...RTL_TEXT) },
);
const sentenceSeparator = fc.constantFrom(' ', ' ', ' ', '  ', '\t', '\n', '\u00A0', '');

export interface ArticleSize {
  /** Blocks (paragraphs, headings, lists, ...) in an article, at most. */
  maxBlocks: number;
  /** Sentences in a paragraph, at most. */
  maxSentences: number;
  /** Damage (odd characters, marks inserted or removed) applied to an article, at most. */
  maxDamage: number;
  /** How many times a long line or paragraph repeats its sentence, at most. */
  maxRepeat: number;
}

/** A few sentences: long runs try a million of these. */
export const TINY: ArticleSize = { maxBlocks: 2, maxSentences: 2, maxDamage: 3, maxRepeat: 12 };
/** Small articles: a few paragraphs. */
export const SMALL: ArticleSize = { maxBlocks: 4, maxSentences: 3, maxDamage: 3, maxRepeat: 40 };
/** Larger articles for long runs. */
export const LARGE: ArticleSize = { maxBlocks: 10, maxSentences: 6, maxDamage: 8, maxRepeat: 400 };

function paragraph(size: ArticleSize): fc.Arbitrary<string> {
  return fc.tuple(fc.array(sentence, { minLength: 1, maxLength: size.maxSentences }), sentenceSeparator).map(([ss, sep]) => ss.join(sep === '' ? ' ' : sep));
}

// ---------------------------------------------------------------------------------------------
// Markdown and header blocks

const url = fc.constantFrom(
  'https://example.org/a',
  'http://x.y/path?q=1&r=(2)',
  'mailto:a@b.c',
  '#anchor',
  'https://example.org/“quoted”',
  '<https://a.b>',
  '',
);
const inlineMarkdown: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(clause, url).map(([t, u]) => `[${t}](${u})`),
  fc.tuple(clause, url).map(([t, u]) => `![${t}](${u})`),
  clause.map((t) => `\`${t}\``),
  clause.map((t) => `**${t}**`),
  clause.map((t) => `_${t}_`),
  clause.map((t) => `~~${t}~~`),
  quoteSentence.map((t) => `\`${t}\``),
  fc.constantFrom('<br>', '<span class="x">', '</span>', '&amp;', '&#8220;', '\\"', '\\*', 'https://example.org/x', 'www.example.org', '[^1]', '[ref]'),
);

function markdownBlock(size: ArticleSize): fc.Arbitrary<string> {
  const para = paragraph(size);
  return fc.oneof(
    fc.tuple(fc.integer({ min: 1, max: 7 }), fc.oneof(clause, quoteSentence)).map(([n, t]) => `${'#'.repeat(n)} ${t}`),
    fc.tuple(clause, fc.constantFrom('===', '---', '-')).map(([t, u]) => `${t}\n${u}`),
    fc
      .tuple(fc.constantFrom('- ', '* ', '+ ', '1. ', '2) ', '- [ ] ', '  - '), fc.array(fc.oneof(sentence, inlineMarkdown), { minLength: 1, maxLength: 4 }))
      .map(([b, items]) => items.map((i) => `${b}${i}`).join('\n')),
    fc.tuple(fc.constantFrom('> ', '>', '> > '), para).map(([b, p]) => `${b}${p}`),
    fc
      .tuple(fc.constantFrom('```', '~~~', '```js', '````'), fc.oneof(para, clause), fc.boolean())
      .map(([f, body, closed]) => `${f}\n${body}\n${closed ? f.replace(/[a-z]+$/, '') : ''}`),
    para.map((p) => `    ${p}`),
    fc.tuple(para, inlineMarkdown, para).map(([a, m, b]) => `${a} ${m} ${b}`),
    fc.tuple(clause, clause).map(([a, b]) => `| ${a} | ${b} |\n|---|---|\n| 1 | 2 |`),
    fc.constantFrom('---', '***', '<!-- comment -->', '<div>', '</div>', '[ref]: https://example.org'),
  );
}

const frontMatter: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(clause, speaker, fc.constantFrom(...DATES)).map(([t, a, d]) => `---\ntitle: ${t}\nauthor: ${a}\ndate: ${d}\n---\n`),
  fc.tuple(quoted, fc.boolean()).map(([t, closed]) => `---\ntitle: ${t}\ntags: [a, b]\n${closed ? '---\n' : ''}`),
  fc.constantFrom('---\n---\n', '---\n: bad yaml [\n---\n', '---\ntitle: |\n  multi\n  line\n---\n', '+++\ntitle = "x"\n+++\n', '---\r\ntitle: x\r\n---\r\n'),
);
const metadataLines: fc.Arbitrary<string> = fc
  .array(
    fc
      .tuple(
        fc.constantFrom('Title', 'Date', 'Author', 'Byline', 'Source', 'Dateline', 'date', 'Tags', 'URL'),
        fc.oneof(clause, speaker, fc.constantFrom(...DATES)),
        fc.constantFrom(': ', ' ', ':'),
      )
      .map(([k, v, sep]) => `${k}${sep}${v}`),
    { minLength: 1, maxLength: 4 },
  )
  .map((lines) => `${lines.join('\n')}\n\n`);

// ---------------------------------------------------------------------------------------------
// Articles

export interface Damage {
  /** Where, as a fraction of the text length. */
  at: number;
  kind: 'insert' | 'delete';
  /** Inserted text, or the number of code units deleted. */
  text: string;
  length: number;
}

/** Damage to an assembled text: odd characters, quotation marks and line breaks inserted, stretches deleted. */
export function damage(max: number): fc.Arbitrary<Damage[]> {
  const at = fc.double({ min: 0, max: 1, noNaN: true });
  return fc.array(
    fc.oneof(
      fc.record({ at, kind: fc.constant('insert' as const), text: fc.constantFrom(...ODD_CHARACTERS), length: fc.constant(0) }),
      fc.record({ at, kind: fc.constant('insert' as const), text: fc.constantFrom(...QUOTE_MARKS), length: fc.constant(0) }),
      fc.record({ at, kind: fc.constant('insert' as const), text: fc.constantFrom(...LINE_BREAKS, ...PUNCTUATION), length: fc.constant(0) }),
      fc.record({ at, kind: fc.constant('insert' as const), text: fc.string({ unit: 'binary', maxLength: 4 }), length: fc.constant(0) }),
      fc.record({ at, kind: fc.constant('delete' as const), text: fc.constant(''), length: fc.integer({ min: 1, max: 12 }) }),
    ),
    { maxLength: max },
  );
}

/** Applies damage in order; positions are fractions, so they stay valid as the text changes. */
export function applyDamage(text: string, edits: readonly Damage[]): string {
  let out = text;
  for (const d of edits) {
    const at = Math.min(out.length, Math.floor(d.at * (out.length + 1)));
    out = d.kind === 'insert' ? out.slice(0, at) + d.text + out.slice(at) : out.slice(0, at) + out.slice(at + d.length);
  }
  return out;
}

export type LineEndings = 'lf' | 'crlf' | 'cr' | 'mixed';

export function convertLineEndings(text: string, style: LineEndings): string {
  if (style === 'lf') return text;
  if (style === 'crlf') return text.replace(/\r?\n/g, '\r\n');
  if (style === 'cr') return text.replace(/\r?\n/g, '\r');
  let i = 0;
  return text.replace(/\n/g, () => ['\n', '\r\n', '\r'][i++ % 3]);
}

/** A very long line or paragraph: one sentence repeated without a break, or a word with no spaces at all. */
function longStretch(size: ArticleSize): fc.Arbitrary<string> {
  return fc.oneof(
    fc.tuple(sentence, fc.integer({ min: 2, max: size.maxRepeat }), fc.constantFrom(' ', '', '\n')).map(([s, n, sep]) => Array(n).fill(s).join(sep)),
    fc
      .tuple(
        fc.constantFrom('a', 'x'.repeat(10), '“', '(', '—', '.', 'Dr. ', 'U.S.', '🙂', '\u0301', 'McO’', '\t'),
        fc.integer({ min: 2, max: size.maxRepeat * 4 }),
      )
      .map(([s, n]) => s.repeat(n)),
  );
}

export interface Article {
  text: string;
  /** The format to force, or undefined to let the engine recognize it (as the CLI and editor do). */
  format: 'plaintext' | 'markdown' | undefined;
}

/** An article: optional header, blocks of prose and Markdown, then damage and a line-ending style. */
export function article(size: ArticleSize = SMALL): fc.Arbitrary<Article> {
  const block = fc.oneof(
    { weight: 6, arbitrary: paragraph(size) },
    { weight: 3, arbitrary: markdownBlock(size) },
    { weight: 1, arbitrary: longStretch(size) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...PLACES), paragraph(size)).map(([p, t]) => `${p.toUpperCase()} (Reuters) — ${t}`) },
  );
  return fc
    .record({
      header: fc.oneof({ weight: 6, arbitrary: fc.constant('') }, { weight: 1, arbitrary: frontMatter }, { weight: 1, arbitrary: metadataLines }),
      blocks: fc.array(block, { minLength: 1, maxLength: size.maxBlocks }),
      separators: fc.array(fc.constantFrom(...LINE_BREAKS), { minLength: 1, maxLength: 4 }),
      damage: damage(size.maxDamage),
      endings: fc.constantFrom<LineEndings>('lf', 'lf', 'lf', 'crlf', 'cr', 'mixed'),
      format: fc.constantFrom<Article['format']>(undefined, undefined, 'plaintext', 'markdown'),
    })
    .map(({ header, blocks, separators, damage: edits, endings, format }) => {
      let body = '';
      blocks.forEach((b, i) => {
        body += (i ? separators[i % separators.length] : '') + b;
      });
      const text = applyDamage(convertLineEndings(header + body, endings), edits);
      return { text, format };
    });
}

/** A fragment to splice into any text (edits in the incremental property, mutations of real text). */
export const fragment: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: quoteSentence },
  { weight: 2, arbitrary: plainSentence },
  { weight: 2, arbitrary: fc.constantFrom(...QUOTE_MARKS) },
  { weight: 2, arbitrary: fc.constantFrom(...LINE_BREAKS) },
  { weight: 1, arbitrary: fc.constantFrom(...ODD_CHARACTERS) },
  { weight: 1, arbitrary: inlineMarkdown },
  { weight: 1, arbitrary: fc.oneof(speaker, cue, fc.constantFrom(...CUE_PREPOSITIONS, ...PASSIVE_CUES), figure).map((s) => ` ${s} `) },
  { weight: 1, arbitrary: fc.constantFrom('(', ')', ' (', ') ', ', ', '. ', '.', ' ', 'x', '# ', '- ', '> ', '```\n', '---\n') },
);
