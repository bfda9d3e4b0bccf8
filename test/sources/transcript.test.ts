// Who says what in a source: transcript turns, timestamps, Q/A, the header's speaker.
import { strict as assert } from 'node:assert';
import { parseSource } from '../../src/sources';

const speakers = (text: string) =>
  parseSource('s.txt', text)
    .turns.filter((t) => text.slice(t.start, t.end).trim())
    .map((t) => [t.speaker, text.slice(t.start, t.end).trim(), t.line, t.timestamp ?? null]);

describe('sources: transcript turns', () => {
  it('reads capitalized names with optional timestamps, each turn until the next', () => {
    const text = '[00:12:31] MARIA CHEN: We will go.\nStill Chen.\n00:13:02 TOM RAY: No.\n';
    assert.deepEqual(speakers(text), [
      ['Maria Chen', 'We will go.\nStill Chen.', 1, '00:12:31'],
      ['Tom Ray', 'No.', 3, '00:13:02'],
    ]);
  });

  it('reads title-case names only when they start two turns or more (one "Note:" is prose)', () => {
    assert.deepEqual(
      speakers('Maria Chen: One.\nTom Ray: Two.\nMaria Chen: Three.\nTom Ray: Four.\n').map((s) => s[0]),
      ['Maria Chen', 'Tom Ray', 'Maria Chen', 'Tom Ray'],
    );
    assert.deepEqual(
      speakers('Note: this is prose.\nMore prose.\n').map((s) => s[0]),
      [null],
    );
  });

  it('gives Q and A turns the header’s interviewer and interviewee, and drops the header from the words', () => {
    const text = 'date: 2026-02-02\ninterviewer: Paul Oduya\ninterviewee: Marta Kowalczyk\n\nQ: Why?\nA: Because.\n';
    assert.deepEqual(
      speakers(text).map((s) => s.slice(0, 3)),
      [
        ['Paul Oduya', 'Why?', 5],
        ['Marta Kowalczyk', 'Because.', 6],
      ],
    );
  });

  it('keeps Q as the interviewer and A as unknown without a header', () => {
    assert.deepEqual(
      speakers('Q: Why?\nA: Because.\n').map((s) => s[0]),
      ['Q', null],
    );
  });

  it('gives a statement the header’s speaker', () => {
    const text = 'title: Statement\nspeaker: Helen Marsh\n\nWe are sorry.\n';
    assert.deepEqual(
      speakers(text).map((s) => s.slice(0, 2)),
      [['Helen Marsh', 'We are sorry.']],
    );
  });

  it('handles CRLF line ends', () => {
    assert.deepEqual(
      speakers('ANA RUIZ: One.\r\nPIET VAN DAM: Two.\r\n').map((s) => [s[0], s[2]]),
      [
        ['Ana Ruiz', 1],
        ['Piet Van Dam', 2],
      ],
    );
  });
});
