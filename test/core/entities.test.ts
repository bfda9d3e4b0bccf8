import { strict as assert } from 'node:assert';
import { detectEntities, slug } from '../../src/core/entities';
import { segment } from '../../src/core/segmentation';
import type { Entity } from '../../src/core/types';

const entitiesOf = (text: string): Entity[] => detectEntities(text, segment(text, 'plaintext'));
const byName = (entities: Entity[], name: string): Entity | undefined => entities.find((e) => e.name === name);
const mentionTexts = (entities: Entity[]): string[] => entities.flatMap((e) => e.mentions.map((m) => m.text));

function assertSpanInvariants(text: string, entities: Entity[]): void {
  for (const e of entities) {
    assert.equal(e.id, `${e.type}:${slug(e.name)}`);
    assert.ok(e.mentions.length > 0, `${e.id} has mentions`);
    let previous = -1;
    for (const m of e.mentions) {
      assert.ok(m.start >= 0 && m.end <= text.length && m.start < m.end, `span in bounds: ${JSON.stringify(m)}`);
      assert.equal(text.slice(m.start, m.end), m.text);
      assert.ok(m.start > previous, 'mentions in text order');
      previous = m.start;
    }
    if (e.role) assert.equal(text.slice(e.role.start, e.role.end), e.role.text);
  }
}

describe('detectEntities', () => {
  it('finds a person with a role before the name and links the surname', () => {
    const text = 'Russian foreign ministry spokeswoman Maria Zakharova said on Monday that the talks were over. ' + 'Zakharova added that Moscow would reply.';
    const entities = entitiesOf(text);
    const person = byName(entities, 'Maria Zakharova');
    assert.ok(person);
    assert.equal(person.type, 'person');
    assert.equal(person.id, 'person:maria-zakharova');
    assert.deepEqual(
      person.mentions.map((m) => m.text),
      ['Maria Zakharova', 'Zakharova'],
    );
    assert.deepEqual(person.aliases, ['Zakharova']);
    assert.equal(person.role?.text, 'Russian foreign ministry spokeswoman');
    assert.equal(byName(entities, 'Moscow')?.type, 'place');
    assertSpanInvariants(text, entities);
  });

  it('takes a title and nationality before the name as the role, not as part of the name', () => {
    const text = 'Ukrainian President Volodymyr Zelensky met the delegation in Kyiv on Friday.';
    const entities = entitiesOf(text);
    const person = byName(entities, 'Volodymyr Zelensky');
    assert.equal(person?.type, 'person');
    assert.equal(person?.role?.text, 'Ukrainian President');
    assert.equal(byName(entities, 'Kyiv')?.type, 'place');
  });

  it('reads a role from an appositive after the name', () => {
    const text = "Tomas Brenner, the authority's chief engineer, said the dam was safe. Mr. Brenner declined to say more.";
    const entities = entitiesOf(text);
    const person = byName(entities, 'Tomas Brenner');
    assert.equal(person?.role?.text, "the authority's chief engineer");
    assert.deepEqual(
      person?.mentions.map((m) => m.text),
      ['Tomas Brenner', 'Brenner'],
    );
    assertSpanInvariants(text, entities);
  });

  it('reads a role from a phrase closed by a comma before the name', () => {
    const text = 'A spokeswoman for the union, Karen Doyle, said officers were stretched thin.';
    assert.equal(byName(entitiesOf(text), 'Karen Doyle')?.role?.text, 'spokeswoman for the union');
  });

  it('links a surname after an honorific to the full name', () => {
    const text = 'Dr. Amelia Okafor leads the study. According to Dr. Okafor, the results are early. Okafor said more data is needed.';
    const person = byName(entitiesOf(text), 'Amelia Okafor');
    assert.equal(person?.type, 'person');
    assert.equal(person?.mentions.length, 3);
  });

  it('aliases a bracketed acronym to its organization', () => {
    const text = 'The World Health Organization (WHO) issued new guidance. WHO officials in Geneva said the risk was low.';
    const entities = entitiesOf(text);
    const who = byName(entities, 'World Health Organization');
    assert.equal(who?.type, 'organization');
    assert.deepEqual(who?.aliases, ['WHO']);
    assert.deepEqual(
      who?.mentions.map((m) => m.text),
      ['World Health Organization', 'WHO', 'WHO'],
    );
    assert.equal(byName(entities, 'Geneva')?.type, 'place');
  });

  it('types organizations by their suffix or head word', () => {
    const text = 'Shares of Norvale Holdings fell after the Ministry of Finance and Grantley University published a report.';
    const entities = entitiesOf(text);
    for (const name of ['Norvale Holdings', 'Ministry of Finance', 'Grantley University']) {
      assert.equal(byName(entities, name)?.type, 'organization', name);
    }
  });

  it('recognizes places from the gazetteer and from prepositions', () => {
    const text = 'Flooding hit Bavaria and Saxony, while aid arrived from Vienna and the Danube rose near Brastow.';
    const entities = entitiesOf(text);
    for (const name of ['Bavaria', 'Saxony', 'Vienna', 'Danube', 'Brastow']) assert.equal(byName(entities, name)?.type, 'place', name);
  });

  it('excludes possessives from the span, with or without a space', () => {
    for (const text of ['Moscow’s response was swift.', "Moscow's response was swift.", "Moscow 's response was swift ."]) {
      const entities = entitiesOf(text);
      assert.deepEqual(mentionTexts(entities), ['Moscow'], text);
      assertSpanInvariants(text, entities);
    }
  });

  it('does not take sentence-initial capitals, months or days as entities', () => {
    const text = 'The report was late. However, officials said on Monday that it would come in March. In May it did.';
    assert.deepEqual(entitiesOf(text), []);
  });

  it('does not report nationality adjectives or lone titles as entities', () => {
    const text = 'The French and German delegations met the President and the Prime Minister.';
    assert.deepEqual(entitiesOf(text), []);
  });

  it('handles news-wire text with space-separated tokens and capitals headlines', () => {
    const text = 'SOCCER - GERMANY BEAT POLAND IN FRIENDLY .\nBERLIN 1996-08-30\nU.S. officials said on Friday that talks with China would resume .';
    const entities = entitiesOf(text);
    assert.equal(byName(entities, 'GERMANY')?.type, 'place');
    assert.equal(byName(entities, 'BERLIN')?.type, 'place');
    assert.equal(byName(entities, 'U.S.')?.type, 'place');
    assert.equal(byName(entities, 'China')?.type, 'place');
    assert.ok(!mentionTexts(entities).includes('SOCCER'));
    assertSpanInvariants(text, entities);
  });

  it('splits a country from a title and the name after it', () => {
    const text = 'U.S. President Harold Vance said on Friday that talks would resume.';
    const entities = entitiesOf(text);
    assert.equal(byName(entities, 'U.S.')?.type, 'place');
    const person = byName(entities, 'Harold Vance');
    assert.equal(person?.type, 'person');
    assert.equal(person?.role?.text, 'U.S. President');
  });

  it('types newspapers, unknown places by the noun after them, and skips events named after places', () => {
    const text = 'She told the Marlow Courier that farmers in the Velden region were worried. He withdrew from the U.S. Open on Sunday.';
    const entities = entitiesOf(text);
    assert.equal(byName(entities, 'Marlow Courier')?.type, 'organization');
    assert.equal(byName(entities, 'Velden')?.type, 'place');
    assert.equal(byName(entities, 'U.S.'), undefined);
  });

  it('joins name particles and keeps hyphenated adjectives out', () => {
    const text = 'Flanker Pieter van der Berg scored as the Paris-based Lyon-born coach watched.';
    const entities = entitiesOf(text);
    assert.equal(byName(entities, 'Pieter van der Berg')?.type, 'person');
    assert.ok(!mentionTexts(entities).some((m) => m.includes('-based') || m.includes('-born')));
  });

  it('reads a bare town name as the place of its council', () => {
    const text = 'The Brackley Town Council approved the plan. Officials said Brackley would pay half.';
    const entities = entitiesOf(text);
    assert.equal(byName(entities, 'Brackley Town Council')?.type, 'organization');
    assert.equal(byName(entities, 'Brackley')?.type, 'place');
  });

  it('keeps one type for a name across the document', () => {
    const text = 'Striker Paolo Renzi scored twice. Renzi now has nine goals this season.';
    const person = byName(entitiesOf(text), 'Paolo Renzi');
    assert.equal(person?.mentions.length, 2);
  });

  it('never throws and keeps spans valid on odd input', () => {
    const inputs = [
      '',
      ' ',
      '\u0000',
      'A',
      '😀 Ünïcödé Straße in München 😀',
      'Mr.',
      '(',
      "O'Neill's",
      '\ud800 Paris \udc00',
      'Bank of of the',
      'X '.repeat(1000),
      'New York New York New York',
    ];
    for (const text of inputs) {
      const entities = entitiesOf(text);
      assertSpanInvariants(text, entities);
    }
  });

  // Speed is measured by `npm run bench`, not here; this checks a megabyte is handled whole.
  it('links every mention in a megabyte-long article', () => {
    const paragraph =
      'Russian foreign ministry spokeswoman Maria Zakharova said on Monday that the World Health Organization (WHO) ' +
      "had met officials in Geneva. Tomas Brenner, the authority's chief engineer, said the dam near Lyon was safe.\n\n";
    const text = paragraph.repeat(Math.ceil(1_000_000 / paragraph.length));
    const structure = segment(text, 'plaintext');
    const entities = detectEntities(text, structure);
    const copies = Math.ceil(1_000_000 / paragraph.length);
    const zakharova = entities.find((e) => e.name === 'Maria Zakharova');
    assert.ok(zakharova, 'Maria Zakharova is one entity');
    assert.equal(zakharova.mentions.length, copies);
  });
});
