import { strict as assert } from 'node:assert';
import { detectHedges, type HedgeOptions } from '../../src/core/hedges';
import type { Hedge, TextStructure } from '../../src/core/types';

/** A structure with one sentence per `. `-separated piece, so these tests do not depend on segmentation. */
function structureOf(text: string): TextStructure {
  const sentences: TextStructure['sentences'] = [];
  const re = /[^.!?]+[.!?]*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const lead = m[0].length - m[0].trimStart().length;
    const start = m.index + lead;
    const end = m.index + m[0].trimEnd().length;
    if (end > start) sentences.push({ start, end, paragraph: 0 });
  }
  return { format: 'plaintext', metadata: [], paragraphs: [{ start: 0, end: text.length, index: 0 }], sentences, excluded: [] };
}

function hedges(text: string, options?: HedgeOptions): Hedge[] {
  return detectHedges(text, structureOf(text), options);
}

function cues(text: string, options?: HedgeOptions): string[] {
  return hedges(text, options).map((h) => h.cue);
}

function assertSpans(text: string, found: Hedge[]): void {
  let last = 0;
  for (const h of found) {
    assert.ok(h.start >= last && h.start < h.end && h.end <= text.length, `bad span ${h.start}-${h.end}`);
    assert.equal(text.slice(h.start, h.end), h.cue);
    assert.ok(h.explanation.length > 10);
    last = h.end;
  }
}

describe('detectHedges', () => {
  describe('categories', () => {
    it('finds modal cues', () => {
      const found = hedges('The merger may close next year. Prices might rise. The plan could fail.');
      assert.deepEqual(
        found.map((h) => [h.cue, h.category]),
        [
          ['may', 'modal'],
          ['might', 'modal'],
          ['could', 'modal'],
        ],
      );
    });

    it('finds epistemic verbs in all their forms', () => {
      assert.deepEqual(cues('The figures suggest a slowdown.'), ['suggest']);
      assert.deepEqual(cues('The memo suggested otherwise.'), ['suggested']);
      assert.deepEqual(cues('A leaked memo, suggesting a cover-up, surfaced.'), ['suggesting']);
      assert.deepEqual(cues('The mayor seems tired.'), ['seems']);
      assert.deepEqual(cues('Officials believe the dam is safe.').length, 1);
      const h = hedges('The data indicates a rise.');
      assert.equal(h[0].category, 'epistemic');
    });

    it('finds hedging adverbs', () => {
      const found = hedges('The minister reportedly resigned. The suspect allegedly fled. Turnout was probably low.');
      assert.deepEqual(
        found.map((h) => [h.cue, h.category]),
        [
          ['reportedly', 'adverb'],
          ['allegedly', 'adverb'],
          ['probably', 'adverb'],
        ],
      );
    });

    it('finds weasel attributions', () => {
      const found = hedges('According to unnamed officials, the talks stalled. Some experts disagree. Critics say the bill is rushed.');
      assert.deepEqual(
        found.map((h) => h.category),
        ['weasel', 'weasel', 'weasel'],
      );
      assert.deepEqual(
        found.map((h) => h.cue),
        ['According to unnamed officials', 'Some experts', 'Critics say'],
      );
    });

    it('gives each cue an explanation for an editor', () => {
      const [h] = hedges('The senator allegedly took bribes.');
      assert.match(h.explanation, /not been proven/);
      const [w] = hedges('Many people think so.');
      assert.equal(w.category, 'weasel');
      assert.match(w.explanation, /\./);
    });
  });

  describe('multi-word cues', () => {
    it('prefers the longest cue', () => {
      assert.deepEqual(cues('It is believed that the ship sank.'), ['It is believed']);
      assert.deepEqual(cues('The painting is thought to be a forgery.'), ['is thought to']);
      assert.deepEqual(cues('The move appeared calculated to embarrass him.'), ['appeared calculated']);
      assert.deepEqual(cues('Such a ruling could render the law void.'), ['could render']);
      assert.deepEqual(cues('The vote may or may not happen.'), ['may or may not']);
    });

    it('does not join words across punctuation', () => {
      // "it is" and "believed" are in different clauses here.
      assert.deepEqual(cues('Whatever it is, believed or not, it matters.'), ['believed']);
    });
  });

  describe('context rules', () => {
    it('does not take May the month for the modal', () => {
      assert.deepEqual(cues('The vote is on May 5.'), []);
      assert.deepEqual(cues('Talks resumed in May.'), []);
      assert.deepEqual(cues('May 2024 was wet.'), []);
      assert.deepEqual(cues('The store opened on 3 May.'), []);
      assert.deepEqual(cues('The court may rule soon.'), ['may']);
      assert.deepEqual(cues('May I add a point.'), ['May']);
    });

    it('does not take "might" the noun for the modal', () => {
      assert.deepEqual(cues('The parade showed off the military might of the regime.'), []);
      assert.deepEqual(cues('They pushed with all their might.'), []);
      assert.deepEqual(cues('The rebels might attack at dawn.'), ['might']);
    });

    it('tells "appeared on television" from "appeared to"', () => {
      assert.deepEqual(cues('The mayor appeared on television last night.'), []);
      assert.deepEqual(cues('The defendant appeared in court on Monday.'), []);
      assert.deepEqual(cues('She appeared at the rally.'), []);
      assert.deepEqual(cues('The mayor appeared to contradict herself.'), ['appeared']);
      assert.deepEqual(cues('It appears that the deal is off.'), ['appears']);
    });

    it('does not hedge "could not", "can" or "will"', () => {
      assert.deepEqual(cues('Rescuers could not reach the village.'), []);
      assert.deepEqual(cues('The bridge can carry ten tonnes. The mayor will speak tomorrow.'), []);
    });

    it('does not hedge narrative "would" or counting quantifiers', () => {
      assert.deepEqual(cues('She would later become mayor.'), []);
      assert.deepEqual(cues('The strike lasted several weeks.'), []);
      assert.deepEqual(cues('Some 200 people attended.'), []);
      assert.deepEqual(cues('Many residents say the water is unsafe.'), ['Many residents say']);
    });

    it('does not hedge a "may" that grants permission', () => {
      assert.deepEqual(cues('Under the new rules, members may vote by post.'), []);
      assert.deepEqual(cues('Under the new rules, members may be unhappy.'), ['may']);
    });

    it('hedges an epistemic "may" but not one that describes options, uses or rules', () => {
      assert.deepEqual(cues('The wreck may have drifted north.'), ['may']);
      assert.deepEqual(cues('The fresco may be the oldest in the region.'), ['may']);
      assert.deepEqual(cues('The ceasefire may collapse within days.'), ['may']);
      assert.deepEqual(cues('The budget may well slip again.'), ['may well']);
      assert.deepEqual(cues('The kit may also include a spare battery.'), []);
      assert.deepEqual(cues('The resin may be moulded into thin sheets.'), []);
      assert.deepEqual(cues('The town’s name may be derived from a Celtic word.'), ['may']);
      assert.deepEqual(cues('Tickets may not be resold.'), []);
    });

    it('hedges "could" of possibility but not of capacity', () => {
      assert.deepEqual(cues('The leak could be the cause of the fire.'), ['could']);
      assert.deepEqual(cues('The panels could be folded flat for transport.'), []);
      assert.deepEqual(cues('The hall could also host concerts.'), []);
    });

    it('does not take conditionals or hypotheticals for hedges', () => {
      // Conditional and hypothetical statements are not uncertainty about facts (users can add "if"/"would" back).
      assert.deepEqual(cues('If the river rises, the road closes.'), []);
      assert.deepEqual(cues('The road stays open unless the river rises.'), []);
      assert.deepEqual(cues('The new line would carry freight at night.'), []);
      assert.deepEqual(cues('If the river rises, the road closes.', { extraHedgeWords: ['if'] }), ['If']);
    });

    it('treats "certain" as a vague selection only before a noun', () => {
      assert.deepEqual(cues('In certain districts the tax was never collected.'), ['certain']);
      assert.deepEqual(cues('The coach is certain of a win.'), []);
      assert.deepEqual(cues('Defeat looked almost certain by noon.'), []);
    });

    it('does not hedge naming, evaluative adjectives or claims with a named source', () => {
      assert.deepEqual(cues('The square is commonly called the Old Market.'), []);
      assert.deepEqual(cues('The famous bridge was largely rebuilt in stone.'), []);
      assert.deepEqual(cues('The lender claimed that its reserves were ample.'), []);
      assert.deepEqual(cues('The tower is widely regarded as unsafe.'), ['widely regarded']);
      // A partitive over a pronoun refers to a group already named: "most of them" is a count, not a vague source.
      assert.deepEqual(cues('The miners went on strike and most of them stayed out for a year.'), []);
    });

    it('does not hedge an imperative "Suggest"', () => {
      assert.deepEqual(cues('Suggest a name for the park.'), []);
    });

    it('does not hedge a "could" of past ability', () => {
      assert.deepEqual(cues('By the age of six she could read music.'), []);
      assert.deepEqual(cues('From the ridge the scouts could see the harbour.'), []);
      assert.deepEqual(cues('He could swim across the bay.'), []);
      assert.deepEqual(cues('The outage could have started in the substation.'), ['could']);
      assert.deepEqual(cues('They could be wrong about the date.'), ['could']);
      assert.deepEqual(cues('The dispute could delay the harvest.'), ['could']);
    });

    it('tells "widely believed" from "widely available" or "varies widely"', () => {
      assert.deepEqual(cues('The vaccine is now widely available in rural clinics.'), []);
      assert.deepEqual(cues('Rents vary widely from one district to the next.'), []);
      assert.deepEqual(cues('The band toured widely across the north.'), []);
      assert.deepEqual(cues('The old ferry is widely believed to be unsafe.'), ['widely believed']);
      assert.deepEqual(cues('The minister was widely mocked for the remark.'), ['widely']);
    });

    it('does not hedge "indicate" when it means to mark or signal', () => {
      assert.deepEqual(cues('A red flag is raised to indicate a foul.'), []);
      assert.deepEqual(cues('As indicated on the map, the trail ends at the lake.'), []);
      assert.deepEqual(cues('Closed roads are indicated by a dashed line.'), []);
      assert.deepEqual(cues('The early returns indicate a narrow win.'), ['indicate']);
    });

    it('treats "unknown" as a gap in knowledge, not as nameless or obscure', () => {
      assert.deepEqual(cues('The cause of the blaze is unknown.'), ['unknown']);
      assert.deepEqual(cues('The coins are of unknown origin.'), ['unknown']);
      assert.deepEqual(cues('A memorial honours an unknown sailor.'), []);
      assert.deepEqual(cues('The label signed a relatively unknown trio from Leeds.'), []);
    });

    it('does not hedge "probability" as a quantity, only a probability that something is so', () => {
      assert.deepEqual(cues('The course covers probability and statistics.'), []);
      assert.deepEqual(cues('There is a real probability that the vote is delayed.'), ['probability that']);
    });

    it('does not hedge a habit or tendency stated as fact', () => {
      // "tend to" reports an observed pattern (checkable), not doubt about whether it holds.
      assert.deepEqual(cues('The river tends to flood in early spring.'), []);
      assert.deepEqual(cues('As a reporter he tended to avoid press conferences.'), []);
    });

    it('treats "possible" by its use', () => {
      assert.deepEqual(cues('It is possible that the count is wrong.'), ['It is possible']);
      assert.deepEqual(cues('The road made the trade possible.'), []);
    });
  });

  describe('options', () => {
    it('adds extra words with a sensible category', () => {
      const found = hedges('The results are tentatively positive, sources close to the board hinted.', {
        extraHedgeWords: ['tentatively', 'sources close to the board'],
      });
      assert.deepEqual(
        found.map((h) => [h.cue, h.category]),
        [
          ['tentatively', 'adverb'],
          ['sources close to the board', 'weasel'],
        ],
      );
    });

    it('never reports ignored cues, alone or inside longer ones', () => {
      assert.deepEqual(cues('The plan may work.', { ignoredWords: ['may'] }), []);
      assert.deepEqual(cues('Some experts disagree.', { ignoredWords: ['some experts'] }), []);
      assert.deepEqual(cues('Some experts disagree.', { ignoredWords: ['some'] }).includes('Some experts'), false);
      assert.deepEqual(cues('The plan may work, and it could fail.', { ignoredWords: ['may'] }), ['could']);
    });
  });

  describe('span invariants', () => {
    it('keeps spans exact, ordered and in bounds on varied text', () => {
      const texts = [
        'The company’s chief reportedly quit. Critics say the board “may have” known.',
        'Émigrés apparently returned — some experts disagree!\n\nIt is believed, wrongly perhaps, that 😀 may help.',
        '   ',
        '',
        'may',
        'MAY BE. Might. Could? Would!',
      ];
      for (const t of texts) assertSpans(t, hedges(t));
    });

    it('only looks inside sentences and gives the same results per sentence', () => {
      const text = 'The deal may collapse. It was signed in May. Sources say it might hold.';
      const whole = hedges(text);
      const structure = structureOf(text);
      const perSentence = structure.sentences.flatMap((s) => detectHedges(text, { ...structure, sentences: [s] }));
      assert.deepEqual(perSentence, whole);
      assert.deepEqual(detectHedges(text, { ...structure, sentences: [] }), []);
    });

    it('never throws on odd input', () => {
      const odd = ['\u0000\uD800may', 'x'.repeat(10000), 'may '.repeat(5000), '\u2028might\u2029'];
      for (const t of odd) assertSpans(t, hedges(t));
      assert.deepEqual(
        detectHedges('text', { format: 'plaintext', metadata: [], paragraphs: [], sentences: [{ start: -5, end: 99, paragraph: 0 }], excluded: [] }).length,
        0,
      );
    });
  });
});

describe('hedges named in the product brief', () => {
  // Every cue the issue and the brief name must stay detected, whatever tuning happens later.
  const named: [sentence: string, cue: string, category: string][] = [
    ['The strike may last weeks.', 'may', 'modal'],
    ['Prices might rise.', 'might', 'modal'],
    ['The tariff could render the deal void.', 'could render', 'epistemic'],
    ['The results suggest a link.', 'suggest', 'epistemic'],
    ['The decision appeared calculated to hurt them.', 'appeared calculated', 'epistemic'],
    ['The minister appeared to waver.', 'appeared', 'epistemic'],
    ['It seems the plan failed.', 'seems', 'epistemic'],
    ['The data indicate a rise.', 'indicate', 'epistemic'],
    ['The company reportedly lost money.', 'reportedly', 'adverb'],
    ['She allegedly took bribes.', 'allegedly', 'adverb'],
    ['He apparently left.', 'apparently', 'adverb'],
    ['The move effectively ended the talks.', 'effectively', 'adverb'],
    ['Sources say the minister resigned.', 'Sources say', 'weasel'],
    ['Unnamed officials said the plan was dead.', 'Unnamed officials', 'weasel'],
    ['Critics say the law failed.', 'Critics say', 'weasel'],
    ['It is believed that he fled.', 'It is believed', 'weasel'],
    ['According to officials, the bridge is unsafe.', 'According to officials', 'weasel'],
  ];
  for (const [sentence, cue, category] of named) {
    it(`finds “${cue}” (${category})`, () => {
      const found = hedges(sentence).find((h) => h.cue.toLowerCase().startsWith(cue.toLowerCase()));
      assert.ok(found, `${cue} in: ${sentence} → ${JSON.stringify(cues(sentence))}`);
      assert.equal(found.category, category, found.cue);
      assert.ok(found.explanation.length > 10);
    });
  }
});

describe('anonymous sources (issue #9)', () => {
  const ANONYMOUS = 'the text does not say who is speaking';
  const cases: [string, string][] = [
    ['A council official, who asked not to be named, said the vote would be delayed.', 'who asked not to be named'],
    ['One engineer, who asked not to be identified, described the cracks as serious.', 'who asked not to be identified'],
    ['A second inspector, who declined to be named, confirmed the closure.', 'who declined to be named'],
    ['Two officials spoke on condition of anonymity because the talks were private.', 'on condition of anonymity'],
    ['Speaking on the condition of anonymity, an aide said the minister would resign.', 'on the condition of anonymity'],
    ['The adviser, who was not authorised to speak publicly, said the deal was close.', 'not authorised to speak publicly'],
    ['People familiar with the matter said the bid would be withdrawn.', 'People familiar with the matter'],
    ['A source close to the club said the manager had been sacked.', 'A source close to'],
    ['An unnamed official told the paper that the ferry would stop running.', 'An unnamed official'],
  ];
  for (const [sentence, cue] of cases) {
    it(`flags “${cue}” as an anonymous source`, () => {
      const found = hedges(sentence).find((h) => h.cue === cue);
      assert.ok(found, `${cue} in: ${sentence} → ${JSON.stringify(cues(sentence))}`);
      assert.equal(found.category, 'weasel');
      assert.ok(found.explanation.includes(ANONYMOUS), found.explanation);
      assertSpans(sentence, hedges(sentence));
    });
  }

  it('does not flag a named source or a plain use of the words', () => {
    for (const sentence of [
      'Maria Lopez, who chairs the council, said the vote would be delayed.',
      'The club named a new manager on Friday.',
      'The minister asked the committee to name its members.',
    ]) {
      assert.ok(!hedges(sentence).some((h) => h.explanation.includes(ANONYMOUS)), `${sentence} → ${JSON.stringify(cues(sentence))}`);
    }
  });

  it('a user can still ignore the construction', () => {
    const sentence = 'A council official, who asked not to be named, said the vote would be delayed.';
    assert.deepEqual(
      cues(sentence, { ignoredWords: ['who asked not to be named'] }).filter((c) => c.includes('named')),
      [],
    );
  });
});

describe('real news layout (own fixture)', () => {
  it('reads an all-caps wire headline as lower case: "MAY" the modal, not the month', () => {
    assert.deepEqual(cues('COUNCIL MAY DELAY FERRY VOTE AFTER PROTESTS'), ['MAY']);
    assert.deepEqual(cues('FERRY FARES RISE FROM MAY 5'), []);
  });

  it('still takes a capitalized "May" inside a normal sentence for the month or a name', () => {
    assert.deepEqual(cues('The vote was moved to May after the protests.'), []);
    assert.deepEqual(cues('Theresa May spoke to reporters on Friday.'), []);
  });
});
