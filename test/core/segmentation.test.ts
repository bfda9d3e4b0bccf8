import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { maskExcluded, segment } from '../../src/core/segmentation';
import { MICROMARK_MAX_LENGTH, parsedRegions, scannedRegions } from '../../src/core/segmentation-markdown';
import type { Span, TextStructure } from '../../src/core/types';

const RICH_MARKDOWN =
  '# Budget *vote* passes\n\n**By Jane Roe** | _Staff writer_\n\nThe council approved a [$1.2 billion](https://example.org/budget "Budget PDF") budget on Monday.[^1] Critics, including\nMr. Ortega, called it "reckless".\\\nA second line after a hard break.\n\n1. First, the **housing** fund grows by 18 percent.\n2. Second, police overtime is cut by $6.5 million.\n   - Nested item with `inline code` inside.\n   - Another nested item with a [reference link][ref].\n\n> “We are asking officers to do more with less,” Ortega said.\n>\n> > A nested quote with *emphasis*.\n\nSome text with <span class="x">inline html</span> and an escaped \\*star\\* and a_b_c word.\n\n| Item | Amount |\n| :--- | ---: |\n| Housing `code` | $18m |\n\n![Chart of spending](chart.png "Chart")\n\nVisit www.example.com or <mailto:news@example.org> for more.\n\n***\n\n[ref]: https://example.org/ref\n[^1]: Figures from the city\'s finance office.\n';

const examples = path.join(__dirname, '..', '..', 'examples');
const readExample = (name: string) => fs.readFileSync(path.join(examples, name), 'utf8');

function sentences(text: string, format?: 'plaintext' | 'markdown'): string[] {
  const st = segment(text, format);
  return st.sentences.map((s) => text.slice(s.start, s.end));
}

function paragraphs(text: string, format?: 'plaintext' | 'markdown'): string[] {
  const st = segment(text, format);
  return st.paragraphs.map((p) => text.slice(p.start, p.end));
}

function excludedTexts(text: string, format: 'plaintext' | 'markdown' = 'markdown'): string[] {
  return segment(text, format).excluded.map((e) => text.slice(e.start, e.end));
}

/** Text left as prose: excluded regions blanked, whitespace collapsed. */
function prose(text: string, st: TextStructure): string {
  return maskExcluded(text, st.excluded).replace(/\s+/g, ' ').trim();
}

function assertSortedDisjoint(spans: Span[], length: number, what: string): void {
  let last = 0;
  for (const s of spans) {
    assert.ok(s.start >= last, `${what} sorted and disjoint at ${s.start}`);
    assert.ok(s.end > s.start, `${what} non-empty at ${s.start}`);
    assert.ok(s.end <= length, `${what} within bounds at ${s.start}`);
    last = s.end;
  }
}

function assertInvariants(text: string, st: TextStructure): void {
  assertSortedDisjoint(st.excluded, text.length, 'excluded');
  assertSortedDisjoint(st.paragraphs, text.length, 'paragraphs');
  assertSortedDisjoint(st.sentences, text.length, 'sentences');
  assertSortedDisjoint(st.metadata, text.length, 'metadata');
  st.paragraphs.forEach((p, i) => {
    assert.equal(p.index, i);
    assert.notEqual(text.slice(p.start, p.end).trim(), '');
    assert.equal(text.slice(p.start, p.end), text.slice(p.start, p.end).trim(), 'paragraph trimmed');
  });
  for (const s of st.sentences) {
    const p = st.paragraphs[s.paragraph];
    assert.ok(p, 'sentence has a paragraph');
    assert.ok(s.start >= p.start && s.end <= p.end, 'sentence within its paragraph');
    assert.equal(text.slice(s.start, s.end), text.slice(s.start, s.end).trim(), 'sentence trimmed');
  }
  for (const e of st.excluded) {
    assert.equal(text.slice(e.start, e.end), text.slice(e.start, e.end).trim(), 'excluded trimmed');
  }
  if (st.header) {
    assert.ok(st.header.start >= 0 && st.header.end <= text.length && st.header.start < st.header.end);
    for (const m of st.metadata) assert.ok(m.start >= st.header.start && m.end <= st.header.end, 'field inside header');
    for (const p of st.paragraphs) assert.ok(p.start >= st.header.end, 'no paragraph inside the header');
  }
}

describe('segmentation', () => {
  describe('edge cases', () => {
    it('returns an empty structure for empty text', () => {
      for (const format of ['plaintext', 'markdown'] as const) {
        const st = segment('', format);
        assert.deepEqual(st, { format, metadata: [], paragraphs: [], sentences: [], excluded: [] });
      }
    });

    it('returns no paragraphs for whitespace only', () => {
      assert.deepEqual(segment(' \n\n\t \n').paragraphs, []);
    });

    it('defaults to plaintext', () => {
      assert.equal(segment('Hello.').format, 'plaintext');
    });
  });

  describe('plaintext metadata lines', () => {
    it('reads the header of the harbour bridge example', () => {
      const text = readExample('harbour-bridge-closure.txt');
      const st = segment(text, 'plaintext');
      assert.deepEqual(
        st.metadata.map((m) => [m.key, m.value]),
        [
          ['date', '2026-01-08'],
          ['source', 'FactDesk example desk (fictional article written for this project)'],
        ],
      );
      for (const m of st.metadata) assert.equal(text.slice(m.start, m.end), m.value);
      assert.ok(st.header);
      assert.equal(text.slice(st.header.start, st.header.end), text.split('\n').slice(0, 2).join('\n'));
      assert.deepEqual(st.excluded, [{ start: st.header.start, end: st.header.end }]);
      assert.equal(text.slice(st.paragraphs[0].start, st.paragraphs[0].end), 'Port officials warn bridge closure could cost Kessland region $40 million');
      assert.equal(text.slice(st.paragraphs[1].start, st.paragraphs[1].end), 'By Anna Lindqvist');
      assertInvariants(text, st);
    });

    it('reads the colon-less date line of the council example', () => {
      const text = readExample('council-budget-vote.txt');
      const st = segment(text, 'plaintext');
      assert.deepEqual(
        st.metadata.map((m) => [m.key, m.value]),
        [['date', '2026-03-02']],
      );
      assert.equal(text.slice(st.header!.start, st.header!.end), 'date 2026-03-02');
      assert.ok(!prose(text, st).includes('2026-03-02'));
      assertInvariants(text, st);
    });

    it('accepts any lower-case key with a colon and known capitalized keys', () => {
      const st = segment('title: Budget vote\nAuthor: Jane Roe\nbyline Jane Roe\nThe council voted on Monday.');
      assert.deepEqual(
        st.metadata.map((m) => [m.key, m.value]),
        [
          ['title', 'Budget vote'],
          ['author', 'Jane Roe'],
          ['byline', 'Jane Roe'],
        ],
      );
      assert.equal(st.paragraphs.length, 1);
    });

    it('does not read headlines or prose as metadata', () => {
      for (const text of [
        'Source says minister will resign\n\nBody.',
        'date night returns to the city\n\nBody.',
        'Update: the minister resigned.\n\nBody.',
        'https://example.com\n\nBody.',
      ]) {
        const st = segment(text);
        assert.deepEqual(st.metadata, [], text);
        assert.equal(st.header, undefined, text);
        assert.equal(st.paragraphs.length, 2, text);
      }
    });

    it('allows blank lines and a BOM before the fields', () => {
      const text = '\ufeff\n\n  \ndate 2026-01-01\nsource: Wire\n\nBody.';
      const st = segment(text);
      assert.deepEqual(
        st.metadata.map((m) => [m.key, text.slice(m.start, m.end)]),
        [
          ['date', '2026-01-01'],
          ['source', 'Wire'],
        ],
      );
      assert.deepEqual(paragraphs(text), ['Body.']);
    });

    it('only looks at the very top', () => {
      const st = segment('Body first.\n\ndate 2026-01-01\n');
      assert.deepEqual(st.metadata, []);
    });
  });

  describe('YAML front matter', () => {
    it('reads the front matter of the vaccine example', () => {
      const text = readExample('vaccine-trial-results.md');
      const st = segment(text, 'markdown');
      assert.deepEqual(
        st.metadata.map((m) => m.key),
        ['title', 'date', 'author', 'desk'],
      );
      for (const m of st.metadata) assert.equal(text.slice(m.start, m.end), m.value);
      assert.equal(st.metadata[2].value, 'Samuel Okafor');
      const fence = text.indexOf('\n---', 3) + 4;
      assert.deepEqual(st.header, { start: 0, end: fence });
      assert.deepEqual(st.excluded[0], { start: 0, end: fence });
      assert.equal(text.slice(st.paragraphs[0].start, st.paragraphs[0].end), 'Trial finds new malaria vaccine cut infections by half');
      assertInvariants(text, st);
    });

    it('locates quoted values and skips non-scalar fields', () => {
      const text = '---\ntitle: "Quoted: value"\ncount: 3\ntags: [a, b]\nnested:\n  a: 1\n---\nBody.';
      const st = segment(text, 'markdown');
      assert.deepEqual(
        st.metadata.map((m) => [m.key, m.value, text.slice(m.start, m.end)]),
        [
          ['title', 'Quoted: value', 'Quoted: value'],
          ['count', '3', '3'],
        ],
      );
      assert.deepEqual(paragraphs(text, 'markdown'), ['Body.']);
    });

    it('excludes malformed YAML without fields and without throwing', () => {
      const text = '---\ntitle: [unclosed\n  bad: : yaml\n---\n\nBody text.';
      const st = segment(text, 'markdown');
      assert.deepEqual(st.metadata, []);
      assert.equal(text.slice(st.header!.start, st.header!.end), '---\ntitle: [unclosed\n  bad: : yaml\n---');
      assert.deepEqual(paragraphs(text, 'markdown'), ['Body text.']);
    });

    it('does not take prose between thematic breaks for front matter', () => {
      for (const text of ['---\n\nSome paragraph.\n\n---\nMore.', '---\nJust prose here.\n---\nMore.']) {
        const st = segment(text, 'markdown');
        assert.equal(st.header, undefined, text);
        assert.equal(paragraphs(text, 'markdown')[0], text.includes('Just') ? 'Just prose here.' : 'Some paragraph.');
      }
    });

    it('excludes TOML front matter without reading fields', () => {
      const text = '+++\ntitle = "x"\n+++\nBody.';
      const st = segment(text, 'markdown');
      assert.equal(text.slice(st.header!.start, st.header!.end), '+++\ntitle = "x"\n+++');
      assert.deepEqual(st.metadata, []);
      assert.deepEqual(paragraphs(text, 'markdown'), ['Body.']);
    });

    it('handles CRLF line ends and trailing spaces on the fence', () => {
      const text = '---\r\ntitle: A\r\n---   \r\nBody.';
      const st = segment(text, 'markdown');
      assert.equal(text.slice(st.header!.start, st.header!.end), '---\r\ntitle: A\r\n---');
      assert.deepEqual(
        st.metadata.map((m) => [m.key, text.slice(m.start, m.end)]),
        [['title', 'A']],
      );
      assertInvariants(text, st);
    });

    it('ignores an unclosed fence', () => {
      const st = segment('---\nnot closed\n\nBody text.', 'markdown');
      assert.equal(st.header, undefined);
      assert.deepEqual(st.metadata, []);
    });
  });

  describe('Markdown exclusions', () => {
    const doc = [
      '# Title *here*',
      '',
      'Some **bold** and _em_ text with `code()` and a [link text](https://x.org/a_b "T") plus <https://auto.link> and https://bare.example.com/path.',
      '',
      '> Quote line one',
      '> continues here.',
      '',
      '- item one',
      '- item two with ![an image](a.png) end',
      '',
      '| Col A | Col B |',
      '|---|---|',
      '| x cell | y cell |',
      '',
      '```js',
      'const answer = 42;',
      '```',
      '',
      '<div class="note">',
      'html block',
      '</div>',
      '',
      'Word snake_case_word and 2 * 3 = 6.',
      '',
      '[ref]: https://ref.example',
    ].join('\n');

    for (const [name, regions] of [
      ['micromark', parsedRegions],
      ['line scan', scannedRegions],
    ] as const) {
      it(`excludes code, URLs, images and markup but keeps link text (${name})`, () => {
        const excluded = regions(doc).excluded;
        const masked = maskExcluded(doc, excluded).replace(/\s+/g, ' ').trim();
        assert.equal(
          masked,
          'Title here Some bold and em text with and a link text plus and . Quote line one continues here. item one item two with end Col A Col B x cell y cell Word snake_case_word and 2 * 3 = 6.',
        );
        const texts = excluded.map((e) => doc.slice(e.start, e.end));
        assert.ok(texts.includes('`code()`'));
        assert.ok(texts.includes('](https://x.org/a_b "T")'));
        assert.ok(texts.includes('https://bare.example.com/path'));
        assert.ok(texts.some((t) => t.includes('const answer = 42;')));
        assertSortedDisjoint(excluded, doc.length, 'excluded');
      });
    }

    it('makes headings, list items and table rows their own paragraphs', () => {
      assert.deepEqual(paragraphs(doc, 'markdown'), [
        'Title *here',
        'Some **bold** and _em_ text with `code()` and a [link text](https://x.org/a_b "T") plus <https://auto.link> and https://bare.example.com/path.',
        'Quote line one\n> continues here.',
        'item one',
        'item two with ![an image](a.png) end',
        'Col A | Col B',
        'x cell | y cell',
        'Word snake_case_word and 2 * 3 = 6.',
      ]);
    });

    it('handles the vaccine example: emphasis, blockquote, link and code fence', () => {
      const text = readExample('vaccine-trial-results.md');
      const st = segment(text, 'markdown');
      const excluded = st.excluded.map((e) => text.slice(e.start, e.end));
      assert.ok(excluded.includes('**'));
      assert.ok(excluded.includes('##'));
      assert.ok(excluded.includes('>'));
      assert.ok(excluded.includes('](https://example.org/lindgren/malaria-trial)'));
      assert.ok(excluded.some((e) => e.startsWith('```') && e.includes('python analyze.py')));
      const text2 = prose(text, st);
      assert.ok(text2.includes("the institute's site and the analysis code"));
      assert.ok(!text2.includes('python'));
      const last = st.paragraphs[st.paragraphs.length - 1];
      assert.ok(text.slice(last.start, last.end).startsWith('Data tables are published'));
      assert.ok(text.slice(last.start, last.end).endsWith('available:'));
      assertInvariants(text, st);
    });

    it('gives the same prose from micromark and the line scan on the example', () => {
      const text = readExample('vaccine-trial-results.md');
      const body = maskExcluded(text, [segment(text, 'markdown').header!]);
      const viaParser = maskExcluded(body, parsedRegions(body).excluded).replace(/\s+/g, ' ');
      const viaScan = maskExcluded(body, scannedRegions(body).excluded).replace(/\s+/g, ' ');
      assert.equal(viaScan, viaParser);
    });

    it('gives the same prose and blocks from both paths on a feature-rich document', () => {
      const text = RICH_MARKDOWN;
      const outputs = [parsedRegions(text), scannedRegions(text)].map((regions) => {
        const masked = maskExcluded(text, regions.excluded);
        return {
          prose: masked.split('\n').map((line) => line.replace(/\s+/g, ' ').trim()),
          blocks: regions.blocks.map((b) => masked.slice(b.start, b.end).replace(/\s+/g, ' ').trim()).filter(Boolean),
        };
      });
      assert.deepEqual(outputs[1], outputs[0]);
      assert.ok(outputs[0].blocks.includes('A nested quote with emphasis .'));
      assert.ok(outputs[0].blocks.includes('Some text with inline html and an escaped *star * and a_b_c word.'));
      assert.ok(outputs[0].blocks.includes("Figures from the city's finance office."));
    });

    it('uses the line scan for large documents', () => {
      const block = 'Some *emphasis* and `code` here. A [link](https://example.org) too.\n\n';
      const text = block.repeat(Math.ceil((MICROMARK_MAX_LENGTH + 1) / block.length));
      const st = segment(text, 'markdown');
      assert.equal(st.paragraphs.length, text.length / block.length);
      assert.ok(!prose(text, st).includes('example.org'));
      assert.ok(prose(text, st).includes('A link too.'));
    });

    it('does not treat plaintext as Markdown', () => {
      assert.deepEqual(excludedTexts('Prices rose *sharply* at https://example.com today.', 'plaintext'), []);
    });
  });

  describe('maskExcluded', () => {
    it('keeps the length and line breaks', () => {
      const text = 'ab\ncd\r\nef gh';
      const masked = maskExcluded(text, [
        { start: 7, end: 9 },
        { start: 1, end: 5 },
      ]);
      assert.equal(masked, 'a \n  \r\n   gh');
      assert.equal(masked.length, text.length);
    });

    it('tolerates overlapping, unsorted and out-of-range spans', () => {
      assert.equal(
        maskExcluded('abcdef', [
          { start: 4, end: 99 },
          { start: 1, end: 3 },
          { start: 2, end: 5 },
          { start: -3, end: 0 },
        ]),
        'a     ',
      );
      assert.equal(maskExcluded('abc', []), 'abc');
    });
  });

  describe('paragraphs', () => {
    it('splits at blank lines and trims', () => {
      assert.deepEqual(paragraphs('  First one.\nStill first.\n\n \t\nSecond.  \n'), ['First one.\nStill first.', 'Second.']);
    });

    it('makes a headline and a byline their own paragraphs', () => {
      const text =
        'Port officials warn closure could cost $40 million\nBy Anna Lindqvist\nThe transport authority will close the bridge for at least 14 months starting in March, officials said on Friday in a statement.';
      assert.deepEqual(paragraphs(text).length, 3);
      assert.equal(paragraphs(text)[1], 'By Anna Lindqvist');
    });

    it('makes each line a paragraph in unwrapped text without blank lines', () => {
      const long =
        'The council on Monday approved a budget of $1.2 billion for the coming fiscal year, the largest in the history of the city, after a long session.';
      const text = `${long}\n“We are asking officers to do more with less,” Ortega said.\nThe vote was 7 to 4.`;
      assert.deepEqual(paragraphs(text), [long, '“We are asking officers to do more with less,” Ortega said.', 'The vote was 7 to 4.']);
    });

    it('does not split hard-wrapped prose', () => {
      const text =
        'The regional transport authority of Kessland will close the Old Harbour\nBridge for at least 14 months starting in March, a decision that officials\nsay could cost local businesses more than $40 million in lost trade.';
      assert.deepEqual(paragraphs(text), [text]);
    });

    it('trims excluded markup from paragraph edges', () => {
      assert.deepEqual(paragraphs('## **Bold heading**\n\n`code` then prose `more`', 'markdown'), ['Bold heading', 'then prose']);
    });
  });

  describe('sentences', () => {
    const cases: [string, string[]][] = [
      [
        'Mr. Smith met Mrs. Jones and Dr. Brown. Prof. Lee arrived at St. Paul’s later.',
        ['Mr. Smith met Mrs. Jones and Dr. Brown.', 'Prof. Lee arrived at St. Paul’s later.'],
      ],
      [
        'The U.S.-led coalition struck. The U.K. and the U.N. objected, e.g. France, i.e. Paris, etc. The talks went on.',
        ['The U.S.-led coalition struck.', 'The U.K. and the U.N. objected, e.g. France, i.e. Paris, etc.', 'The talks went on.'],
      ],
      ['He moved to the U.S. The next year he returned.', ['He moved to the U.S.', 'The next year he returned.']],
      [
        'Acme Inc. reported profits. Shares of Beta Corp. fell. Arsenal vs. Chelsea ended 2-1.',
        ['Acme Inc. reported profits.', 'Shares of Beta Corp. fell.', 'Arsenal vs. Chelsea ended 2-1.'],
      ],
      [
        'J. K. Rowling met George W. Bush in Jan. 2020 and Sept. 5. No. 10 confirmed it.',
        ['J. K. Rowling met George W. Bush in Jan. 2020 and Sept. 5.', 'No. 10 confirmed it.'],
      ],
      [
        'Profits rose 3.5 percent to $1.2 billion. Unemployment hit 9.4 percent. It was over.',
        ['Profits rose 3.5 percent to $1.2 billion.', 'Unemployment hit 9.4 percent.', 'It was over.'],
      ],
      ['He paused... then went on. It was over… The next day was calm.', ['He paused... then went on.', 'It was over…', 'The next day was calm.']],
      ['“We did not take this decision lightly,” said Tomas Brenner. He left.', ['“We did not take this decision lightly,” said Tomas Brenner.', 'He left.']],
      ['“We are ready.” The minister left.', ['“We are ready.”', 'The minister left.']],
      ['The mayor spoke, he said. “Next year will be better,” she added.', ['The mayor spoke, he said.', '“Next year will be better,” she added.']],
      ['“Is it over?” she asked. “Yes!” he shouted. What now?! Nobody knew.', ['“Is it over?” she asked.', '“Yes!” he shouted.', 'What now?!', 'Nobody knew.']],
      [
        'The plan (approved in May.) was costly. Others disagreed (strongly.) Then they left.',
        ['The plan (approved in May.) was costly.', 'Others disagreed (strongly.)', 'Then they left.'],
      ],
      [
        'He arrived at 5 p.m. Monday. She left at 6 a.m. The meeting was over.',
        ['He arrived at 5 p.m. Monday.', 'She left at 6 a.m.', 'The meeting was over.'],
      ],
      ['See example.com/a.b?c=d for details. Then reload.', ['See example.com/a.b?c=d for details.', 'Then reload.']],
      ['It cost 10 euros. 20 people came.', ['It cost 10 euros.', '20 people came.']],
      [
        '“Is it over?” Ortega asked. He left. “Go!” The crowd ran. Who knows? Smith said nothing.',
        ['“Is it over?” Ortega asked.', 'He left.', '“Go!”', 'The crowd ran.', 'Who knows?', 'Smith said nothing.'],
      ],
      [
        'It began with the Black P. Stone gang. The Arch of Sts. Peter and Paul stands. See Vol. II of the book. Texas v. Johnson was decided in 1989. In World War I. The end.',
        [
          'It began with the Black P. Stone gang.',
          'The Arch of Sts. Peter and Paul stands.',
          'See Vol. II of the book.',
          'Texas v. Johnson was decided in 1989.',
          'In World War I.',
          'The end.',
        ],
      ],
      ['E.g. this one. Etc. The end.', ['E.g. this one.', 'Etc.', 'The end.']],
      ['It rose. $5 million was spent. £3 more went.', ['It rose.', '$5 million was spent.', '£3 more went.']],
      ['Results are pending', ['Results are pending']],
      ['First sentence. Second without a stop', ['First sentence.', 'Second without a stop']],
    ];
    for (const [text, expected] of cases) {
      it(`splits: ${text.slice(0, 50)}`, () => {
        assert.deepEqual(sentences(text), expected);
      });
    }

    it('splits list items, without their bullets', () => {
      assert.deepEqual(sentences('The report listed:\n- more buses\n- fewer cars\n1. First point\n2. Second point'), [
        'The report listed:',
        'more buses',
        'fewer cars',
        'First point',
        'Second point',
      ]);
    });

    it('never crosses a paragraph', () => {
      const st = segment('A headline without a stop\n\nThe body starts here. It ends here');
      assert.deepEqual(
        st.sentences.map((s) => s.paragraph),
        [0, 1, 1],
      );
    });

    it('ignores terminal punctuation inside excluded Markdown', () => {
      assert.deepEqual(sentences('Run `make. Now` first. Then wait.', 'markdown'), ['Run `make. Now` first.', 'Then wait.']);
    });

    it('holds the invariants on every example', () => {
      for (const name of fs.readdirSync(examples)) {
        const text = readExample(name);
        const st = segment(text, name.endsWith('.md') ? 'markdown' : 'plaintext');
        assertInvariants(text, st);
        assert.ok(st.sentences.length > 10, name);
      }
    });
  });

  describe('robustness and speed', () => {
    it('never throws and keeps the invariants on arbitrary text', () => {
      const alphabet = fc.constantFrom(
        'a',
        'B',
        ' ',
        '\n',
        '\n\n',
        '.',
        '!',
        '?',
        '“',
        '”',
        '"',
        '-',
        '*',
        '_',
        '`',
        '```',
        '#',
        '>',
        '[',
        ']',
        '(',
        ')',
        '|',
        '---',
        ':',
        'Mr.',
        'U.S.',
        '1.',
        '\r\n',
        '\u{1F600}',
        '\uD800',
        'https://x.y',
        '<a>',
        '\t',
        '    ',
      );
      fc.assert(
        fc.property(
          fc.array(alphabet, { maxLength: 60 }).map((a) => a.join('')),
          fc.constantFrom('plaintext', 'markdown'),
          (text, format) => {
            const st = segment(text, format as 'plaintext' | 'markdown');
            assertInvariants(text, st);
            if (format === 'markdown') {
              const scanned = scannedRegions(text);
              assertSortedDisjoint(scanned.excluded, text.length, 'scanned');
            }
            assert.equal(maskExcluded(text, st.excluded).length, text.length);
          },
        ),
        { numRuns: 400 },
      );
    });

    it('survives pathological input', () => {
      for (const text of [
        '>'.repeat(20000),
        '`'.repeat(5000) + 'a' + '``'.repeat(3000),
        '*'.repeat(20000),
        '['.repeat(10000) + ']('.repeat(5000),
        '.'.repeat(50000),
        '\n'.repeat(50000),
        'a. '.repeat(20000),
      ]) {
        for (const format of ['plaintext', 'markdown'] as const) {
          const st = segment(text, format);
          assertSortedDisjoint(st.sentences, text.length, 'sentences');
        }
      }
    });

    it('segments a megabyte of plaintext', () => {
      const paragraph =
        'Mr. Smith said on Monday that the U.S. budget of $1.2 billion would rise by 9.4 percent. “We are ready,” he said. Critics disagreed?! The vote is set for Jan. 5.\n\n';
      const text = 'date 2026-01-01\n\n' + paragraph.repeat(Math.ceil(1_000_000 / paragraph.length));
      const st = segment(text);
      assert.ok(st.sentences.length > 20000);
      assert.ok(st.sentences.every((x) => x.end <= text.length));
    });
  });
});
