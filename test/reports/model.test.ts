import { strict as assert } from 'node:assert';
import { analyze } from '../../src/core/analyze';
import { buildReport, claimStatusLabel, LineIndex, publicationGate, verdictLabel } from '../../src/reports';
import { NotesFile } from '../../src/notes';
import { MemoryFileSystem, spanOf } from '../notes/helpers';
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
    assert.equal(report.counts.uncheckedClaims, report.claims.length);
    assert.ok(report.claims.every((c) => c.status === 'unchecked' && !c.checked));
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
    assert.equal(fares.status, 'checked');
    assert.equal(fares.checked, true);
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

  it('a claim with only an unchecked note stays unchecked', () => {
    const report = reportFor([{ quote: '4.6 million passengers', verdict: 'unchecked' }]);
    const claim = report.claims.find((c) => c.text.includes('4.6 million'))!;
    assert.equal(claim.notes.length, 1);
    assert.equal(claim.status, 'unchecked');
    assert.equal(claim.checked, false);
    assert.equal(claimStatusLabel(claim), 'unchecked');
  });

  it('names a checked claim by its verdict, never "verified": Unverifiable reads as Unverifiable', () => {
    const report = reportFor([{ quote: '4.6 million passengers', verdict: 'unverifiable' }]);
    const claim = report.claims.find((c) => c.text.includes('4.6 million'))!;
    assert.equal(claim.status, 'checked');
    assert.equal(claimStatusLabel(claim), '? Unverifiable');
    assert.doesNotMatch(claimStatusLabel(claim), /verified/i);
  });

  it('a note whose text changed (beyond white space) since its final verdict is changed, with the checked text', () => {
    const sentence = 'The authority carried 4.6 million passengers last year, more than in any year since 2015.';
    const report = reportFor([{ quote: sentence, verdict: 'mostly-false' }], FERRY, (t) => t.replace('4.6 million', '3.9 million'));
    const claim = report.claims.find((c) => c.text.includes('3.9 million'))!;
    const note = claim.notes[0];
    assert.equal(note.state, 'changed');
    assert.equal(note.checkedText, sentence);
    assert.equal(note.text, sentence.replace('4.6', '3.9'));
    assert.equal(claim.status, 'changed');
    assert.equal(claim.checked, false);
    assert.equal(claimStatusLabel(claim), 'changed since checked (✗ Mostly false)');
    assert.equal(report.counts.changedNotes, 1);
    assert.equal(report.counts.changedClaims, 1);
  });

  it('white space alone does not make a note changed', () => {
    const sentence = 'The authority carried 4.6 million passengers last year, more than in any year since 2015.';
    const report = reportFor([{ quote: sentence, verdict: 'true' }], FERRY, (t) => t.replace('4.6 million passengers last', '4.6  million\npassengers last'));
    const note = report.claims.flatMap((c) => c.notes)[0];
    assert.ok(note, 'still placed');
    assert.notEqual(note.state, 'changed');
  });

  it('an unchecked note never becomes changed', () => {
    const sentence = 'The authority carried 4.6 million passengers last year, more than in any year since 2015.';
    const report = reportFor([{ quote: sentence, verdict: 'unchecked' }], FERRY, (t) => t.replace('4.6 million', '3.9 million'));
    const note = report.claims.flatMap((c) => c.notes)[0];
    assert.ok(note.span, 'still placed');
    assert.notEqual(note.state, 'changed');
  });

  it('lists dismissals (placed and orphaned) and marks the claims they cover as dismissed', () => {
    const report = reportFor([
      { quote: 'Commuters plan to gather at the main pier on Saturday morning.', verdict: 'dismissed', comment: 'Announcement, not a claim' },
    ]);
    assert.equal(report.dismissals.length, 1);
    assert.equal(report.dismissals[0].reason, 'Announcement, not a claim');
    assert.equal(report.dismissals[0].state, 'anchored');
    const claim = report.claims.find((c) => c.text.startsWith('Commuters'));
    if (claim) {
      assert.equal(claim.status, 'dismissed');
      assert.equal(claim.checked, true);
      assert.equal(report.counts.dismissedClaims, 1);
    }
    assert.equal(report.counts.dismissals, 1);
    assert.equal(report.counts.notes, 0, 'a dismissal is not a note');
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
  it('fails while a claim is unchecked, passes when every claim has a final verdict', () => {
    const partial = reportFor([{ quote: 'rise by 12 percent', verdict: 'true' }]);
    const gate = publicationGate(partial);
    assert.equal(gate.passed, false);
    assert.equal(gate.uncheckedClaims.length, partial.claims.length - 1);

    const quotes = partial.claims.map((c) => ({ quote: c.text, verdict: 'mixed' as const }));
    assert.equal(publicationGate(reportFor(quotes)).passed, true);
  });

  it('fails when a note is orphaned even if every claim is verified', () => {
    const all = reportFor([]).claims.map((c) => ({ quote: c.text, verdict: 'true' as const }));
    const report = reportFor([...all, { quote: 'gather at the main pier', verdict: 'false' }], FERRY, (t) =>
      t.replace('Commuters plan to gather at the main pier on Saturday morning.', 'Commuters were not available for comment.'),
    );
    const gate = publicationGate(report);
    assert.equal(gate.uncheckedClaims.length, 0);
    assert.equal(gate.orphanedNotes.length, 1);
    assert.equal(gate.passed, false);
  });

  it('fails on a note changed since checked, and passes again once it is confirmed', () => {
    const claims = reportFor([]).claims.map((c) => c.text);
    const file = NotesFile.load('/articles/ferry.txt', new MemoryFileSystem());
    const ids = claims.map((c) => file.addNote({ text: FERRY, span: spanOf(FERRY, c), verdict: 'mostly-false' }).id);
    const edited = FERRY.replace('4.6 million', '3.9 million');
    const build = () => buildReport({ path: 'ferry.txt', text: edited, analysis: analyze(edited), notes: file.notes, anchors: file.anchorNotes(edited) });
    const before = publicationGate(build());
    assert.equal(before.passed, false);
    assert.equal(before.uncheckedClaims.length, 0, 'a changed claim is listed as a changed note, not as unchecked');
    assert.equal(before.changedNotes.length, 1);
    assert.match(before.changedNotes[0].text, /3\.9 million/);
    const changedId = ids[claims.findIndex((c) => c.includes('4.6 million'))];
    const span = file.anchorNotes(edited).get(changedId)!.span!;
    file.confirmVerdict(changedId, edited.slice(span.start, span.end));
    assert.equal(publicationGate(build()).passed, true);
  });

  it('accepts a claim dismissed as not check-worthy', () => {
    const claims = reportFor([]).claims.map((c) => c.text);
    const [first, ...rest] = claims;
    const report = reportFor([{ quote: first, verdict: 'dismissed' }, ...rest.map((c) => ({ quote: c, verdict: 'false' as const }))]);
    const gate = publicationGate(report);
    assert.equal(gate.passed, true);
    assert.equal(report.claims[0].status, 'dismissed');
    assert.equal(report.counts.dismissedClaims, 1);
    assert.equal(publicationGate(reportFor(rest.map((c) => ({ quote: c, verdict: 'false' as const })))).passed, false, 'without the dismissal it fails');
  });
});
