import { strict as assert } from 'node:assert';
import { analyze } from '../../src/core/analyze';
import { buildReport, LineIndex, publicationGate, verdictLabel } from '../../src/reports';
import { FERRY, reportFor } from './helpers';

describe('report model', () => {
  it('lists every check-worthy claim with line:column, text, score and reasons, in text order', () => {
    const report = reportFor([]);
    const claims = analyze(FERRY).claims;
    assert.ok(claims.length >= 2, 'the fixture has check-worthy claims');
    assert.equal(report.claims.length, claims.length);
    const first = report.claims[0];
    assert.equal(first.text, FERRY.slice(first.start, first.end));
    assert.equal(first.line, 5);
    assert.equal(first.column, 1);
    assert.ok(first.score > 0 && first.score <= 1);
    assert.ok(first.reasons.length > 0);
    assert.deepEqual(
      report.claims.map((c) => c.start),
      [...report.claims.map((c) => c.start)].sort((a, b) => a - b),
    );
    assert.equal(report.counts.unverifiedClaims, report.claims.length);
  });

  it('attaches a note to every claim its passage overlaps, and notes elsewhere to otherNotes', () => {
    const report = reportFor([
      {
        quote: 'rise by 12 percent',
        verdict: 'true',
        comment: 'Tariff notice',
        sources: ['https://example.org/tariffs'],
        author: 'Ana',
        replies: ['Checked twice'],
      },
      { quote: 'gather at the main pier', verdict: 'unverifiable' },
    ]);
    const fares = report.claims.find((c) => c.text.startsWith('Ferry fares'))!;
    assert.equal(fares.notes.length, 1);
    assert.equal(fares.verified, true);
    const note = fares.notes[0];
    assert.equal(note.verdict, 'true');
    assert.equal(note.state, 'anchored');
    assert.equal(note.text, 'rise by 12 percent');
    assert.deepEqual(note.position, { line: 5, column: FERRY.split('\n')[4].indexOf('rise') + 1 });
    assert.equal(note.comment, 'Tariff notice');
    assert.deepEqual(note.sources, ['https://example.org/tariffs']);
    assert.equal(note.author, 'Ana');
    assert.equal(note.replies.length, 1);
    assert.equal(note.replies[0].comment, 'Checked twice');
    assert.equal(report.otherNotes.length, 1);
    assert.equal(report.otherNotes[0].text, 'gather at the main pier');
    assert.equal(report.counts.byVerdict.true, 1);
    assert.equal(report.counts.byVerdict.unverifiable, 1);
    assert.equal(report.counts.byVerdict.false, 0);
    assert.equal(report.counts.notes, 2);
  });

  it('a claim with only an unchecked note stays unverified', () => {
    const report = reportFor([{ quote: '4.6 million passengers', verdict: 'unchecked' }]);
    const claim = report.claims.find((c) => c.text.includes('4.6 million'))!;
    assert.equal(claim.notes.length, 1);
    assert.equal(claim.verified, false);
  });

  it('keeps orphaned notes, listed separately with their last text', () => {
    const report = reportFor([{ quote: '4.6 million passengers', verdict: 'false', comment: 'Annual report says 3.9 million' }], FERRY, (t) =>
      t.replace('The authority carried 4.6 million passengers last year, more than in any year since 2015.', 'Ridership figures were not released.'),
    );
    assert.equal(report.orphanedNotes.length, 1);
    assert.equal(report.orphanedNotes[0].state, 'orphaned');
    assert.equal(report.orphanedNotes[0].text, '4.6 million passengers');
    assert.equal(report.orphanedNotes[0].span, undefined);
    assert.equal(report.counts.orphanedNotes, 1);
    assert.equal(report.counts.byVerdict.false, 1, 'orphaned notes still count by verdict');
    assert.ok(report.claims.every((c) => c.notes.length === 0));
  });

  it('reports a note moved by an edit at its new line', () => {
    const report = reportFor([{ quote: 'rise by 12 percent', verdict: 'mostly-true' }], FERRY, (t) => 'Update: fares confirmed.\n\n' + t);
    const note = report.claims.flatMap((c) => c.notes)[0];
    assert.ok(note, 'the note is still on its claim');
    assert.equal(note.position!.line, 7);
  });

  it('finds the speaker of a quoted passage', () => {
    const report = reportFor([{ quote: 'We cannot run more boats', verdict: 'misleading' }]);
    const note = [...report.claims.flatMap((c) => c.notes), ...report.otherNotes][0];
    assert.match(note.speaker?.name ?? '', /Paula Mendes/);
    assert.equal(note.speaker?.type, 'person');
  });

  it('handles an article without claims or notes', () => {
    const text = 'Notes from the garden.';
    const report = buildReport({ path: 'g.txt', text, analysis: analyze(text), notes: [], anchors: new Map() });
    assert.equal(report.claims.length, 0);
    assert.equal(publicationGate(report).passed, true);
  });

  it('converts offsets to 1-based lines and UTF-16 columns over \\n, \\r\\n and \\r', () => {
    const index = new LineIndex('ab\r\ncd\ref\n🚧x');
    assert.deepEqual(index.at(0), { line: 1, column: 1 });
    assert.deepEqual(index.at(4), { line: 2, column: 1 });
    assert.deepEqual(index.at(7), { line: 3, column: 1 });
    assert.deepEqual(index.at(12), { line: 4, column: 3 }, 'the emoji takes two UTF-16 units');
  });

  it('labels verdicts as the editor does', () => {
    assert.equal(verdictLabel('mostly-false'), 'Mostly false');
    assert.equal(verdictLabel('true'), 'True');
  });
});

describe('publication gate', () => {
  it('fails while a claim is unverified, passes when every claim has a final verdict', () => {
    const partial = reportFor([{ quote: 'rise by 12 percent', verdict: 'true' }]);
    const gate = publicationGate(partial);
    assert.equal(gate.passed, false);
    assert.equal(gate.unverifiedClaims.length, partial.claims.length - 1);

    const quotes = partial.claims.map((c) => ({ quote: c.text, verdict: 'mixed' as const }));
    assert.equal(publicationGate(reportFor(quotes)).passed, true);
  });

  it('fails when a note is orphaned even if every claim is verified', () => {
    const all = reportFor([]).claims.map((c) => ({ quote: c.text, verdict: 'true' as const }));
    const report = reportFor([...all, { quote: 'gather at the main pier', verdict: 'false' }], FERRY, (t) =>
      t.replace('Commuters plan to gather at the main pier on Saturday morning.', 'Commuters were not available for comment.'),
    );
    const gate = publicationGate(report);
    assert.equal(gate.unverifiedClaims.length, 0);
    assert.equal(gate.orphanedNotes.length, 1);
    assert.equal(gate.passed, false);
  });
});
