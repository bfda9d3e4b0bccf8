import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { detectQuotes, QuoteCache } from '../../src/core/quotes';
import type { Entity, Paragraph, Quote, TextStructure } from '../../src/core/types';
import { seeded } from '../support/seeded';

/** Blank-line paragraphs, as the segmenter gives them; sentences are not used by quotes. */
function structureOf(text: string): TextStructure {
  const paragraphs: Paragraph[] = [];
  const re = /\S[\s\S]*?(?=\n[ \t]*\n|\s*$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) paragraphs.push({ start: m.index, end: m.index + m[0].length, index: paragraphs.length });
  return { format: 'plaintext', metadata: [], paragraphs, sentences: [], excluded: [] };
}

function quotesOf(text: string, entities: Entity[] = []): Quote[] {
  const quotes = detectQuotes(text, structureOf(text), entities);
  assertInvariants(text, quotes);
  return quotes;
}

function assertInvariants(text: string, quotes: Quote[]): void {
  let previousStart = -1;
  for (const q of quotes) {
    assert.ok(q.start >= 0 && q.end <= text.length && q.start < q.end, `quote span in bounds: ${JSON.stringify(q)}`);
    assert.ok(q.start >= previousStart, 'quotes in text order');
    previousStart = q.start;
    assert.ok(q.content.start > q.start && q.content.end <= q.end && q.content.start < q.content.end, 'content inside the marks');
    assert.equal(text.slice(q.content.start, q.content.end).trim(), text.slice(q.content.start, q.content.end));
    if (q.speaker) {
      assert.ok(q.speaker.start >= 0 && q.speaker.end <= text.length && q.speaker.start < q.speaker.end, 'speaker in bounds');
      assert.ok(q.speaker.name.length > 0);
    }
    if (q.cue) assert.equal(text.slice(q.cue.start, q.cue.end), q.cue.text);
  }
}

const spanText = (text: string, s: { start: number; end: number } | undefined) => (s ? text.slice(s.start, s.end) : undefined);
const contents = (text: string, quotes: Quote[]) => quotes.map((q) => text.slice(q.content.start, q.content.end));

function person(id: string, name: string, text: string, forms: string[], aliases: string[] = []): Entity {
  const mentions = [];
  for (const form of forms) {
    let at = text.indexOf(form);
    while (at >= 0) {
      mentions.push({ start: at, end: at + form.length, text: form });
      at = text.indexOf(form, at + form.length);
    }
  }
  mentions.sort((a, b) => a.start - b.start);
  return { id, type: 'person', name, aliases, mentions };
}

describe('quotes: quotation marks', () => {
  const styles: [string, string][] = [
    ['“', '”'],
    ['„', '“'],
    ['«', '»'],
    ['»', '«'],
    ['‹', '›'],
    ['‘', '’'],
    ['"', '"'],
    ["'", "'"],
  ];
  for (const [open, close] of styles) {
    it(`pairs ${open}…${close}`, () => {
      const text = `The mayor said: ${open}The bridge will reopen in May.${close} Nobody believed her.`;
      const quotes = quotesOf(text);
      assert.equal(quotes.length, 1);
      assert.equal(spanText(text, quotes[0]), `${open}The bridge will reopen in May.${close}`);
      assert.equal(spanText(text, quotes[0].content), 'The bridge will reopen in May.');
    });
  }

  it('keeps a single-quoted phrase inside a double-quoted one as a nested quote', () => {
    const text = '“They called it ‘a hammer blow’ to the harbour,” the minister said.';
    const quotes = quotesOf(text);
    assert.deepEqual(contents(text, quotes), ['They called it ‘a hammer blow’ to the harbour,', 'a hammer blow']);
    assert.equal(quotes[0].kind, 'statement');
    assert.equal(quotes[1].kind, 'short');
    assert.equal(spanText(text, quotes[0].speaker), 'the minister');
    assert.equal(quotes[1].speaker, undefined);
  });

  it('nests straight double quotes inside British single quotes', () => {
    const text = '\'The sign just said "closed", nothing else,\' a neighbour said.';
    const quotes = quotesOf(text);
    assert.deepEqual(contents(text, quotes), ['The sign just said "closed", nothing else,', 'closed']);
  });

  it('never takes apostrophes for marks', () => {
    const text = "Moscow’s envoy said the students’ union didn't care about ’90s rock ’n’ roll, or the Joneses' dog. 'Em and O'Neill's too.";
    assert.deepEqual(quotesOf(text), []);
  });

  it('reads apostrophes inside a single-quoted statement as apostrophes', () => {
    const text = '‘It’s the students’ union that won’t move,’ the dean said. ‘We’ll see.’';
    const quotes = quotesOf(text);
    assert.deepEqual(contents(text, quotes), ['It’s the students’ union that won’t move,', 'We’ll see.']);
  });

  it('runs a quote over paragraphs when each new paragraph reopens it', () => {
    const text = [
      'The inspector described the scene at length.',
      '“We found the gate open and the pumps running. Nobody had logged the shift.',
      '“The second building was worse. The alarms had been disabled.',
      '“We closed the site that night,” she said.',
      'The company declined to comment.',
    ].join('\n\n');
    const quotes = quotesOf(text);
    assert.equal(quotes.length, 1);
    const q = quotes[0];
    assert.equal(q.start, text.indexOf('“We found'));
    assert.equal(q.end, text.indexOf(' she said'));
    assert.equal(spanText(text, q.content)?.slice(0, 9), 'We found ');
    assert.ok(spanText(text, q.content)?.endsWith('that night,'));
    assert.equal(q.kind, 'statement');
    assert.equal(spanText(text, q.speaker), 'she');
  });

  it('applies the reopening convention across single line breaks too', () => {
    const text = 'The inspector spoke.\n“We found the gate open.\n“The alarms were off,” she said.';
    const quotes = quotesOf(text);
    assert.equal(quotes.length, 1);
    assert.equal(quotes[0].start, text.indexOf('“We'));
    assert.equal(spanText(text, quotes[0].speaker), 'she');
  });

  it('caps an unbalanced mark at its paragraph', () => {
    const text = 'The report called the plan “reckless and said more.\n\nA second paragraph with a “real quote” in it.\n\nAnd a third.';
    const quotes = quotesOf(text);
    assert.deepEqual(contents(text, quotes), ['real quote']);
  });

  it('does not let a stray straight quote swallow the document', () => {
    const text = 'He is 6\'2" tall and "very fast" on the court.\n\nThe coach said "nothing more.\n\nThe end.';
    const quotes = quotesOf(text);
    assert.deepEqual(contents(text, quotes), ['very fast']);
  });

  it('reads doubled apostrophes and TeX quotes as double marks', () => {
    const text = "The so-called ''water rule'' passed. ``We expected it,'' a farmer said.";
    const quotes = quotesOf(text);
    assert.deepEqual(contents(text, quotes), ['water rule', 'We expected it,']);
    assert.equal(spanText(text, quotes[1]), "``We expected it,''");
    assert.equal(spanText(text, quotes[1].speaker), 'a farmer');
  });

  it('ignores markup attribute values', () => {
    const text = '<tweet author="cityhall" id="42">The road is "closed" today.</tweet>';
    assert.deepEqual(contents(text, quotesOf(text)), ['closed']);
  });

  it('drops empty and punctuation-only pairs', () => {
    const text = 'Empty “” marks and “…” are not quotes.';
    assert.deepEqual(quotesOf(text), []);
  });
});

describe('quotes: kinds', () => {
  it('tells a statement from a scare quote', () => {
    const text = 'The council called the proposal “dangerous” on Monday.\n\n“We will not accept a plan that closes the library,” said councillor Amy Park.';
    const quotes = quotesOf(text);
    assert.equal(quotes[0].kind, 'short');
    assert.equal(quotes[1].kind, 'statement');
  });

  it('takes a quoted title-case paragraph for a heading', () => {
    const text = '“The mine will close,” Jo Reed said.\n\n‘Nothing Left to Dig.’\n\nThe town voted on Monday.';
    const quotes = quotesOf(text);
    assert.equal(quotes[1].kind, 'title');
    assert.equal(quotes[1].speaker, undefined);
  });

  it('recognizes titles of publications, books and shows', () => {
    const text = [
      'The figures were low, according to “Hurriyet Daily News.”',
      'Her book “The Long Road Home” sold well.',
      'He appeared on CNN’s “State of the Union” on Sunday.',
    ].join('\n\n');
    const quotes = quotesOf(text);
    assert.deepEqual(
      quotes.map((q) => q.kind),
      ['title', 'title', 'title'],
    );
    assert.ok(quotes.every((q) => q.speaker === undefined));
  });

  it('keeps a short fragment attributed in its sentence', () => {
    const text = 'The minister said the cuts were “a hammer blow” to farmers.';
    const [q] = quotesOf(text);
    assert.equal(q.kind, 'short');
    assert.equal(spanText(text, q.speaker), 'The minister');
    assert.equal(q.cue?.text, 'said');
  });
});

describe('quotes: speakers', () => {
  it('“it said” is the organization named last before it, whatever order the entities and their mentions come in', () => {
    // Thousands of characters in, so the resolver's sort of the mentions by start takes more than one
    // radix pass; given entity by entity, the mentions are out of text order.
    const filler = 'The council met on Monday and talked about roads. '.repeat(90);
    const text = `${filler}\n\nAcme Corp sued Beta Inc on Friday. “We will win this case,” it said.\n\n${filler}\n\nBeta Inc answered Acme Corp later. “Nothing in it holds,” it said.`;
    const organization = (name: string): Entity => {
      const mentions = [];
      for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) mentions.push({ start: at, end: at + name.length, text: name });
      return { id: `organization:${name.toLowerCase().replace(' ', '-')}`, type: 'organization', name, aliases: [], mentions };
    };
    const acme = organization('Acme Corp');
    const beta = organization('Beta Inc');
    const reversed = (e: Entity): Entity => ({ ...e, mentions: [...e.mentions].reverse() });
    for (const entities of [
      [acme, beta],
      [beta, acme],
      [reversed(beta), reversed(acme)],
    ]) {
      const speakers = quotesOf(text, entities).map((q) => [q.speaker?.entityId, q.speaker?.via]);
      assert.deepEqual(speakers, [
        ['organization:beta-inc', 'pronoun'],
        ['organization:acme-corp', 'pronoun'],
      ]);
    }
  });

  it('a speaker resolves to the entity whose mention has exactly its span, when mentions share a start', () => {
    const text = '“The water is safe to drink,” Maria Lopez said on Tuesday.';
    const at = text.indexOf('Maria');
    const short: Entity = { id: 'person:maria', type: 'person', name: 'Maria', aliases: [], mentions: [{ start: at, end: at + 5, text: 'Maria' }] };
    const full: Entity = {
      id: 'person:maria-lopez-grant',
      type: 'person',
      name: 'Maria Lopez-Grant',
      aliases: [],
      mentions: [{ start: at, end: at + 11, text: 'Maria Lopez' }],
    };
    for (const entities of [
      [short, full],
      [full, short],
    ]) {
      const [q] = quotesOf(text, entities);
      assert.equal(q.speaker?.entityId, 'person:maria-lopez-grant');
      assert.equal(q.speaker?.name, 'Maria Lopez-Grant');
    }
  });

  it('“…,” X said', () => {
    const text = '“The water is safe to drink,” Maria Lopez said on Tuesday.';
    const [q] = quotesOf(text);
    assert.equal(spanText(text, q.speaker), 'Maria Lopez');
    assert.equal(q.speaker?.name, 'Maria Lopez');
    assert.equal(q.speaker?.via, 'explicit');
    assert.equal(q.cue?.text, 'said');
  });

  it('“…,” said X, with an appositive after the name', () => {
    const text = '“Prices will fall by spring,” said Tom Reyes, an economist at the central bank.';
    const [q] = quotesOf(text);
    assert.equal(spanText(text, q.speaker), 'Tom Reyes');
  });

  it('X said: “…”', () => {
    const text = 'Governor Ann Wells said: “We have enough beds for everyone.”';
    const [q] = quotesOf(text);
    assert.equal(spanText(text, q.speaker), 'Governor Ann Wells');
    assert.equal(q.cue?.text, 'said');
    assert.equal(q.kind, 'statement');
  });

  it('X said that “…”', () => {
    const text = 'Dr. Helen Okafor said that “the outbreak is contained.”';
    const [q] = quotesOf(text);
    assert.equal(spanText(text, q.speaker), 'Dr. Helen Okafor');
  });

  it('“…” X added.', () => {
    const text = 'The port stayed closed. “Ships will wait another week.” Harbour master Lars Berg added.';
    const [q] = quotesOf(text);
    assert.equal(spanText(text, q.speaker), 'Lars Berg');
  });

  it('“…?” X asked.', () => {
    const text = '“Who pays for the repairs?” Lina Haddad asked.';
    const [q] = quotesOf(text);
    assert.equal(spanText(text, q.speaker), 'Lina Haddad');
    assert.equal(q.cue?.text, 'asked');
  });

  it('X, the role, said across an appositive', () => {
    const text = '“The talks are over,” Maria Zakharova, the foreign ministry spokeswoman, said on Thursday.';
    const [q] = quotesOf(text);
    assert.equal(spanText(text, q.speaker), 'Maria Zakharova');
  });

  it('according to X', () => {
    const text = 'The bridge was “unsafe for years,” according to city engineer Paul Grant.\n\nAccording to the report, “the cables had corroded.”';
    const quotes = quotesOf(text);
    assert.equal(spanText(text, quotes[0].speaker), 'Paul Grant');
    assert.equal(quotes[0].speaker?.via, 'according-to');
    assert.equal(spanText(text, quotes[1].speaker), 'the report');
    assert.equal(quotes[1].speaker?.via, 'according-to');
  });

  it('role nouns: the spokeswoman said', () => {
    const text = '“No decision has been taken,” the spokeswoman said.\n\n“We expect more rain,” officials said.';
    const quotes = quotesOf(text);
    assert.equal(spanText(text, quotes[0].speaker), 'the spokeswoman');
    assert.equal(quotes[0].speaker?.via, 'role');
    assert.equal(spanText(text, quotes[1].speaker), 'officials');
  });

  it('a role speaker resolves to the person whose role holds its head word, named last before it', () => {
    const text =
      'Anna Berg, a ministry spokeswoman, spoke first. Lisa Holm, the party Spokeswoman, spoke next. Tom Ek, a party aide, left.\n\n' +
      '“No decision has been taken,” the spokeswoman said.\n\nLater Eva Lind, a court spokeswoman, arrived.';
    const person = (name: string, role: string): Entity => {
      const at = text.indexOf(name);
      const roleAt = text.indexOf(role);
      return {
        id: `person:${name.toLowerCase().replace(' ', '-')}`,
        type: 'person',
        name,
        aliases: [],
        mentions: [{ start: at, end: at + name.length, text: name }],
        role: { start: roleAt, end: roleAt + role.length, text: role },
      };
    };
    const people = [
      person('Anna Berg', 'ministry spokeswoman'),
      person('Lisa Holm', 'party Spokeswoman'),
      person('Tom Ek', 'party aide'),
      person('Eva Lind', 'court spokeswoman'),
    ];
    for (const entities of [people, [...people].reverse()]) {
      const [quote] = quotesOf(text, entities);
      assert.equal(spanText(text, quote.speaker), 'the spokeswoman');
      assert.equal(quote.speaker?.via, 'role');
      assert.equal(quote.speaker?.entityId, 'person:lisa-holm');
    }
  });

  it('resolves a pronoun to the nearest preceding person entity', () => {
    const text = 'Maria Zakharova spoke after the meeting.\n\n“We were not consulted,” she said.';
    const entities = [person('person:maria-zakharova', 'Maria Zakharova', text, ['Maria Zakharova'])];
    const [q] = quotesOf(text, entities);
    assert.equal(spanText(text, q.speaker), 'she');
    assert.equal(q.speaker?.name, 'Maria Zakharova');
    assert.equal(q.speaker?.via, 'pronoun');
    assert.equal(q.speaker?.entityId, 'person:maria-zakharova');
  });

  it('resolves a pronoun to the speaker just named even without entities', () => {
    const text = '“The vote was fair,” Rosa Kim said.\n\nLater she went further. “We won,” she said.';
    const quotes = quotesOf(text);
    assert.equal(quotes[1].speaker?.name, 'Rosa Kim');
    assert.equal(spanText(text, quotes[1].speaker), 'she');
  });

  it('resolves a surname through the entity aliases', () => {
    const text = 'Maria Zakharova, the spokeswoman, spoke on Monday.\n\n“The sanctions will fail,” Zakharova warned.';
    const entities = [person('person:maria-zakharova', 'Maria Zakharova', text, ['Maria Zakharova', 'Zakharova'], ['Zakharova'])];
    const [q] = quotesOf(text, entities);
    assert.equal(spanText(text, q.speaker), 'Zakharova');
    assert.equal(q.speaker?.start, text.lastIndexOf('Zakharova'));
    assert.equal(q.speaker?.name, 'Maria Zakharova');
    assert.equal(q.speaker?.via, 'surname');
    assert.equal(q.cue?.text, 'warned');
  });

  it('a title before a known name resolves to the entity', () => {
    const text = 'Rebecca Nguyen chairs the council.\n\nCouncil President Rebecca Nguyen said: “The budget is balanced.”';
    const entities = [person('person:rebecca-nguyen', 'Rebecca Nguyen', text, ['Rebecca Nguyen'])];
    const [q] = quotesOf(text, entities);
    assert.equal(spanText(text, q.speaker), 'Council President Rebecca Nguyen');
    assert.equal(q.speaker?.name, 'Rebecca Nguyen');
    assert.equal(q.speaker?.entityId, 'person:rebecca-nguyen');
  });

  it('without entities the name is the span text', () => {
    const text = '“The sanctions will fail,” Zakharova warned.';
    const [q] = quotesOf(text);
    assert.equal(q.speaker?.name, 'Zakharova');
  });

  it('a continuing paragraph inherits the speaker', () => {
    const text = '“The dam held,” said engineer Sam Otieno. “It was built for this.”\n\n“Next year we add a second spillway.”\n\nThe river fell overnight.';
    const quotes = quotesOf(text);
    assert.equal(quotes.length, 3);
    for (const q of quotes) assert.equal(q.speaker?.name, 'Sam Otieno');
  });

  it('a paragraph ending with a colon introduces the next one', () => {
    const text = 'The chairman, Li Wei, told the shareholders:\n\n“This was our best year.”';
    const [q] = quotesOf(text);
    assert.equal(spanText(text, q.speaker), 'Li Wei');
  });

  it('speaker phrases trust the words near the quote, not distant names', () => {
    const text = 'Senator Ruth Adler met Mayor Tim Cole on Friday. The mayor told reporters: “The deal is done.”';
    const [q] = quotesOf(text);
    assert.equal(spanText(text, q.speaker), 'The mayor');
  });

  it('the reporting clause governs the sentence', () => {
    const text = 'Retired general Ann Cole said the governor was “absolutely right” when he said the base “must stay open.”';
    const quotes = quotesOf(text);
    assert.equal(spanText(text, quotes[0].speaker), 'Ann Cole');
    assert.equal(spanText(text, quotes[1].speaker), 'Ann Cole');
  });

  it('a clause after ", but" has its own speaker', () => {
    const text = 'Critics said the plan was rushed, but the mayor called it “a fair deal for the city.”';
    const [q] = quotesOf(text);
    assert.equal(spanText(text, q.speaker), 'the mayor');
  });

  it('skips an introductory phrase to find the main clause', () => {
    const text = 'In a message posted on Friday, Senator Ida Park said she had “serious doubts” about the bill.';
    const [q] = quotesOf(text);
    assert.equal(spanText(text, q.speaker), 'Senator Ida Park');
    assert.equal(q.cue?.text, 'said');
  });

  it('does not read plural nouns as speech verbs', () => {
    const text = 'The fact-checkers rated half of the opposition claims as “false” last year. Kim’s mental state is “fragile,” the doctor wrote.';
    const quotes = quotesOf(text);
    assert.equal(spanText(text, quotes[0].speaker), 'The fact-checkers');
    assert.equal(spanText(text, quotes[1].speaker), 'the doctor');
  });

  it('names joined by "and" speak together', () => {
    const text = 'Obama and Clinton call it “the best deal we could get.”';
    const [q] = quotesOf(text);
    assert.equal(spanText(text, q.speaker), 'Obama and Clinton');
  });

  it('a possessive speech noun names its owner', () => {
    const text = 'The court weighed Trump’s claim that there were “thousands of shootings” in the city.';
    const [q] = quotesOf(text);
    assert.equal(spanText(text, q.speaker), 'Trump');
  });

  it('an appositive and a state abbreviation do not end the attribution', () => {
    const text = '“Our assumption is that the veto will be overridden,” Senate Majority Leader Ray Ford, R-Ky., said Tuesday.';
    const [q] = quotesOf(text);
    assert.equal(spanText(text, q.speaker), 'Senate Majority Leader Ray Ford');
  });

  it('a sentence-initial inverted cue: Said X: “…”', () => {
    const text = 'Said Nora Lind: “I don’t think the tax plan adds up.”';
    const [q] = quotesOf(text);
    assert.equal(spanText(text, q.speaker), 'Nora Lind');
  });

  it('an attribution closing the sentence before introduces the quote', () => {
    const text = 'The committee may wait until after the vote, Schiff said. “The other factor is the timing.”';
    const [q] = quotesOf(text);
    assert.equal(spanText(text, q.speaker), 'Schiff');
  });

  it('a quoted nickname inside a name does not cut the attribution', () => {
    const text = '“This is our year!” state Del. Marcia “Cia” Price shouted to the crowd.';
    const quotes = quotesOf(text);
    assert.ok(spanText(text, quotes[0].speaker)?.endsWith('Price'), spanText(text, quotes[0].speaker));
    assert.equal(quotes[1].kind, 'short');
    assert.equal(quotes[1].speaker, undefined);
  });

  it('a pronoun after the quote refers to the name opening its sentence', () => {
    const text = '“Rivers rise,” Tom Hale said.\n\nSenator Claire Moss scolded him: “You ignored the floods for years,” she said.';
    const quotes = quotesOf(text);
    assert.equal(quotes[1].speaker?.name, 'Senator Claire Moss');
    assert.equal(quotes[1].speaker?.via, 'pronoun');
  });

  it('a pronoun refers to the name opening the sentence before', () => {
    const text = '“Cuts hurt,” Leo Marsh said.\n\nSupporters disagreed. Council President Rita Vance said the budget had grown. “This is not a cut,” she said.';
    const quotes = quotesOf(text);
    assert.equal(quotes[1].speaker?.name, 'Council President Rita Vance');
  });

  it('coordinated verbs share their subject', () => {
    const text = 'When the question came, Ada laughed and said, “I don’t believe in luck.”';
    const [q] = quotesOf(text);
    assert.equal(spanText(text, q.speaker), 'Ada');
  });

  it('poll shares speak: 63 percent said', () => {
    const text = 'However, 63 percent said the mayor was “justified” in waiting.';
    const [q] = quotesOf(text);
    assert.equal(spanText(text, q.speaker), '63 percent');
  });

  it('a dash attribution after the quote', () => {
    const text = '“Vote as if your town depends on it.” — Ella Moreno';
    const [q] = quotesOf(text);
    assert.equal(spanText(text, q.speaker), 'Ella Moreno');
  });
});

describe('quotes: robustness', () => {
  it('never throws on odd input', () => {
    const inputs = ['', ' ', '"', '“', '”', "'", '“”', '"\n\n"', '\u{1F600}“x', '«»‹›', 'a'.repeat(5) + '“'.repeat(50), '\uD800“x”', '“a\n\n“b\n\n“c'];
    for (const text of inputs) quotesOf(text);
  });

  it('keeps span invariants on random text made of marks, words and breaks', () => {
    const piece = fc.constantFrom(
      '“',
      '”',
      '„',
      '«',
      '»',
      '‹',
      '›',
      '‘',
      '’',
      '"',
      "'",
      "''",
      '``',
      ' ',
      '\n',
      '\n\n',
      ',',
      '.',
      ':',
      '—',
      'said',
      'she',
      'Maria Zakharova',
      'the spokeswoman',
      'according to',
      'Mr.',
      'don’t',
      '’90s',
      'x',
      '\uD83D\uDE00',
      '\uD800',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        quotesOf(text);
      }),
      { numRuns: 400 },
    );
  });

  it('copes with a missing paragraph list', () => {
    const text = '“Yes,” she said.';
    const quotes = detectQuotes(text, { format: 'plaintext', metadata: [], paragraphs: [], sentences: [], excluded: [] }, []);
    assert.equal(quotes.length, 1);
  });

  // Speed is measured by `npm run bench`, not here; this checks megabytes are handled whole.
  it('finds every quote in a few megabytes of text', () => {
    const paragraph =
      "“The plan is sound,” Maria Zakharova, the spokeswoman, said on Monday. Critics called it “a hammer blow” to the students’ union, according to the “Daily Ledger.” The port reopened after a week of talks with the unions and the city. He said: “We don't agree.”\n\n";
    const copies = Math.ceil(2_000_000 / paragraph.length);
    const text = paragraph.repeat(copies);
    const quotes = detectQuotes(text, structureOf(text), []);
    assert.equal(quotes.length, copies * 4);
    assert.ok(quotes.every((q, i) => i === 0 || quotes[i - 1].end <= q.start));
  });
});

describe('detectQuotes with a QuoteCache', () => {
  // Paragraphs that exercise what quote work reads across paragraph edges: multi-paragraph quotes
  // (unclosed, reopened), a paragraph ending “said:”, attributions closing the paragraph before,
  // pronoun speakers, nicknames near an edge, titles and nested quotes.
  const paragraphs = [
    'Council President Rebecca Nguyen said:',
    '“We will not close the library. The vote was clear.”',
    '“We will not close the library,” she said.',
    '“The budget is tight,” said Tomas Brenner, the chief engineer. “But the bridge must be safe.”',
    '“The first part of a long statement runs on,',
    '“and the second paragraph continues it without closing,',
    '“until the last paragraph closes it,” Okafor said.',
    'The mayor criticized the plan, Schiff said.',
    'Marcia “Cia” Price',
    'said it was “a hammer blow” to the union.',
    'He called the report “All Bets Are Off” in an interview.',
    '“He told me ‘never again,’ and meant it,” said Ingrid Halvorsen.',
    'Prices rose 40 percent in March.',
    'PENCE: Well, look.',
    '“I don’t agree,” he said. She did not reply.',
    '“',
    '”',
    '',
  ];
  const entities: Entity[] = [{ id: 'e1', type: 'person', name: 'Rebecca Nguyen', mentions: [] } as unknown as Entity];

  it('gives what a fresh run gives at every step of random paragraph edits', () => {
    const { random, pick } = seeded(11);
    for (let trial = 0; trial < 60; trial++) {
      const cache = new QuoteCache();
      const current = Array.from({ length: 3 + Math.floor(random() * 5) }, () => pick(paragraphs));
      for (let step = 0; step < 12; step++) {
        const text = current.join(pick(['\n\n', '\n\n', '\n\n\n']));
        const structure = structureOf(text);
        const keys = structure.paragraphs.map((p) => text.slice(p.start, p.end));
        const cached = detectQuotes(text, structure, entities, cache, random() < 0.5 ? keys : undefined);
        assert.deepEqual(cached, detectQuotes(text, structure, entities), JSON.stringify(text));
        const at = Math.floor(random() * current.length);
        const change = random();
        if (change < 0.4) current[at] = pick(paragraphs);
        else if (change < 0.6) current.splice(at, 0, pick(paragraphs));
        else if (change < 0.75 && current.length > 1) current.splice(at, 1);
        else {
          // An edit inside a paragraph: one character in or out.
          const p = current[at];
          const i = Math.floor(random() * (p.length + 1));
          current[at] = random() < 0.5 ? p.slice(0, i) + pick(['x', ' ', '“', '”', ':', '.', ',']) + p.slice(i) : p.slice(0, i) + p.slice(i + 1);
        }
      }
    }
  });

  it('does the work again only for paragraphs whose text or context changed', () => {
    const text = [
      'The council met on Monday.',
      '“We will not close the library,” said Rebecca Nguyen.',
      'Prices rose 40 percent.',
      'The vote is done. “It is over.”',
    ].join('\n\n');
    const cache = new QuoteCache();
    detectQuotes(text, structureOf(text), [], cache);
    assert.deepEqual(cache.recomputed, [1, 3]);
    // Editing a paragraph without quotes redoes no quote work.
    const edited = text.replace('40 percent', '45 percent');
    detectQuotes(edited, structureOf(edited), [], cache);
    assert.deepEqual(cache.recomputed, []);
    // A quotation with no attribution of its own reads the paragraph before: “Okafor said:”.
    const introduced = edited.replace('Prices rose 45 percent.', 'Prices rose 45 percent, Okafor said:');
    const quotes = detectQuotes(introduced, structureOf(introduced), [], cache);
    assert.deepEqual(cache.recomputed, [3]);
    assert.equal(quotes[1].speaker?.name, 'Okafor');
  });
});
