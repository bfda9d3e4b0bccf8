// Issue #8, found item 1: a parenthesis right after a quotation, then an attribution cue, made
// subjectBefore read tokens[-1] (the opening parenthesis it looked for lies before the window that
// starts at the closing mark) and the whole analysis threw. These sentences are our own.
import { strict as assert } from 'node:assert';
import { analyze, segment } from '../../src/core';
import { detectQuotes } from '../../src/core/quotes';
import { subjectBefore } from '../../src/core/quotes-speakers';
import { tokenize } from '../../src/core/quotes-tokens';
import type { Analysis } from '../../src/core/types';

function quotesIn(a: Analysis, text: string): [string, string | undefined][] {
  for (const q of a.quotes) {
    assert.ok(q.start >= 0 && q.end <= text.length && q.start < q.end, 'quote in bounds');
    if (q.speaker) assert.ok(q.speaker.start >= 0 && q.speaker.end <= text.length && q.speaker.start < q.speaker.end, 'speaker in bounds');
    if (q.cue) assert.equal(text.slice(q.cue.start, q.cue.end), q.cue.text);
  }
  return a.quotes.map((q) => [text.slice(q.start, q.end), q.speaker?.name]);
}

describe('quotes: a parenthesis after a quotation, then an attribution cue (issue #8)', () => {
  it('analyzes the sentence that made the engine throw', () => {
    const text = "Her most famous song was 'Fais-moi mal, Johnny' ('Hurt me Johnny'), written by Boris Vian.";
    const a = analyze(text);
    // A song title and its translation: nobody's words, so no speaker ("written by" is no speech).
    assert.deepEqual(quotesIn(a, text), [
      ["'Fais-moi mal, Johnny'", undefined],
      ["'Hurt me Johnny'", undefined],
    ]);
    assert.ok(
      a.entities.some((e) => e.name === 'Boris Vian'),
      'the rest of the sentence is still analyzed',
    );
  });

  it('finds the speaker after a translated quotation in parentheses', () => {
    const text = 'The ferry was “late again” (“encore”), the captain said.';
    assert.deepEqual(quotesIn(analyze(text), text), [
      ['“late again”', undefined],
      ['“encore”', 'the captain'],
    ]);
  });

  it('keeps an appositive in parentheses working: the subject before the aside speaks', () => {
    const text = 'The chorus, "Hold on" ("Tiens bon"), was written by Ana Ruiz (the band\'s singer), critics said.';
    assert.deepEqual(quotesIn(analyze(text), text), [
      ['"Hold on"', undefined],
      ['"Tiens bon"', 'critics'],
    ]);
    const inverted = 'Ruiz (the band\'s singer) said "Hold on" ("Tiens bon"), recorded in 1962.';
    assert.equal(quotesIn(analyze(inverted), inverted)[0][1], 'Ruiz');
  });

  it('never throws on the pattern in every mark style, parenthesis shape and cue', () => {
    const marks = [
      ["'", "'"],
      ['"', '"'],
      ['“', '”'],
      ['‘', '’'],
      ['«', '»'],
      ['„', '“'],
      ['「', '」'],
    ];
    const before = ['', 'Smith (the mayor) said ', '('];
    const between = [' (', ') (', ' ((', ', ('];
    const inside = (open: string, close: string) => ['', `${open}Hurt me${close}`, 'in French', `${open}said Smith${close}`];
    const after = ['),', ') ,', '))'];
    const cues = [
      ' written by Boris Vian.',
      ' said Smith.',
      ' Smith said.',
      ', the mayor, said.',
      ' the mayor (a Democrat) said.',
      ' said (Smith).',
      ' and said Jones.',
      '',
    ];
    let tried = 0;
    for (const [open, close] of marks)
      for (const b of before)
        for (const m of between)
          for (const i of inside(open, close))
            for (const a of after)
              for (const c of cues) {
                const text = `${b}${open}Fais-moi mal, Johnny${close}${m}${i}${a}${c}`;
                // The quote detector alone (the rest of the engine is not involved): ~6,000 sentences stay fast.
                quotesIn({ quotes: detectQuotes(text, segment(text, 'plaintext'), []) } as Analysis, text);
                tried++;
              }
    assert.equal(tried, 7 * 3 * 4 * 4 * 3 * 8);
  });

  it('subjectBefore reads no token before the window when a segment is a lone closing parenthesis', () => {
    // The tokens after a quotation start at its closing mark: ") , said Smith" has no "(" at all.
    for (const text of ['), said Smith', ') , written by Vian', '(a) b), said Smith', ') and), said Smith']) {
      const tokens = tokenize(text, 0, text.length, [], 0);
      const verb = tokens.findIndex((t) => t.lower === 'said' || t.lower === 'written');
      assert.ok(verb > 0);
      assert.equal(subjectBefore(tokens, verb, 0), null, text);
    }
    // With the opening parenthesis inside the segment, the phrase before it is the subject.
    const text = 'Ruiz, Ana Ruiz (the singer), said';
    const tokens = tokenize(text, 0, text.length, [], 0);
    const subject = subjectBefore(tokens, tokens.length - 1, 0);
    assert.ok(subject);
    assert.equal(text.slice(tokens[subject.first].start, tokens[subject.last].end), 'Ana Ruiz');
  });
});
