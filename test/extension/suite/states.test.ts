// Honest states in a real VS Code: a note whose text changes under its final verdict becomes
// "changed since checked" (passage, thread, hover diff, view, publication check) until its verdict is
// confirmed; a claim dismissed as not check-worthy (code action, hover link) is stored in the sidecar
// as a "classifying" annotation, follows the text and is accepted by the publication check; sources
// may be text, and can be edited and removed; the view shows each verdict, never a green mark for all.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ReceivedFindings } from '../../../src/shared/protocol';
import {
  closeAll,
  DEADLINE_MS,
  eventually,
  eventuallyAsync,
  EXTENSION_ID,
  hoversAt,
  hoverText,
  notesWhere,
  open,
  readSidecar,
  workspaceDir,
  type Json,
} from '../helpers';

const FIXTURE = path.resolve(__dirname, '../../../../test/fixtures/notes/library-vote.txt');
const SENTENCE = "The Sunday service costs about 1.8 million euros a year, according to the library board's budget report.";

interface CheckResult {
  passed: boolean;
  claims: number;
  unchecked: Array<{ line: number; column: number; text: string }>;
  changed: Array<{ line: number; column: number; text: string; checkedText: string }>;
  orphaned: number;
  dismissed: number;
}

let counter = 0;
function copyArticle(label: string): string {
  const dir = path.join(workspaceDir(), 'states-tests');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${label}-${process.pid}-${++counter}.txt`);
  fs.writeFileSync(file, fs.readFileSync(FIXTURE, 'utf8'));
  return file;
}

function check(uri: vscode.Uri): Thenable<CheckResult> {
  return vscode.commands.executeCommand<CheckResult>('factdesk.checkPublication', { uri: uri.toString() });
}

function claimsOf(findings: ReceivedFindings): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 2 < findings.spans.claims.length; i += 3) out.push([findings.spans.claims[i], findings.spans.claims[i + 1]]);
  return out;
}

async function viewOf(article: string): Promise<Json> {
  const view = await vscode.commands.executeCommand<Json[]>('factdesk._test.notesView');
  const entry = view.find((a) => a.label === path.basename(article));
  assert.ok(entry, `view: ${JSON.stringify(view)}`);
  return entry;
}

describe('Honest states in VS Code', function () {
  this.timeout(180000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  afterEach(closeAll);

  it('changed since checked: an edit under a final verdict shows on the passage, in the hover as a diff and in the view, fails the check; Confirm verdict clears it', async () => {
    const article = copyArticle('changed');
    const { editor, uri } = await open(article);
    const findings = await vscode.commands.executeCommand<ReceivedFindings>('factdesk._test.waitForFindings', uri.toString(), -1, DEADLINE_MS);
    const text = editor.document.getText();
    const sentenceStart = text.indexOf(SENTENCE);
    // A note with a final verdict on every claim; the budget sentence's note is the "mostly false".
    const claims = claimsOf(findings);
    assert.ok(
      claims.some(([s, e]) => s <= sentenceStart && sentenceStart < e),
      'the budget sentence is a claim',
    );
    let noteId = '';
    for (const [start, end] of claims) {
      const onSentence = start <= sentenceStart && sentenceStart < end;
      const id = await vscode.commands.executeCommand<string>('factdesk.addNote', {
        uri: uri.toString(),
        start: onSentence ? sentenceStart : start,
        end: onSentence ? sentenceStart + SENTENCE.length : end,
        verdict: onSentence ? 'mostly-false' : 'true',
        comment: onSentence ? 'The budget report says 1.6 million.' : '',
      });
      if (onSentence) noteId = id;
    }
    await notesWhere(uri, (s) => s.notes.length === claims.length, 'a note on every claim');
    assert.equal((await check(uri)).passed, true, 'ready before the edit');
    assert.equal(readSidecar(article).items.find((i: Json) => i.id === noteId).body[0].checkedText, SENTENCE, 'the checked text is stored');

    // The reporter changes the figure under the note, in the editor (not saved yet).
    const at = text.indexOf('1.8 million');
    await editor.edit((b) => b.replace(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + 3)), '1.6'));
    const changed = await notesWhere(uri, (s) => s.notes.find((n) => n.id === noteId)?.state === 'changed', 'the note to become changed');
    const end = editor.document.positionAt(sentenceStart + SENTENCE.length);
    assert.ok(
      changed.badges.some((b) => b.verdict === 'changed' && b.line === end.line && b.character === end.character),
      `a "changed since checked" mark on the passage: ${JSON.stringify(changed.badges)}`,
    );
    const thread = changed.threads.find((t) => t.noteId === noteId)!;
    assert.equal(thread.contextValue, 'factdesk-note-changed', 'the thread offers Confirm Verdict');
    assert.equal(thread.label, 'Fact-check note · ⚠ changed since checked');
    assert.match(thread.comments[0].body, /Changed since checked/);

    const hover = hoverText(await hoversAt(uri, editor.document.positionAt(sentenceStart + 5)));
    assert.match(hover, /Fact-check: \$\(error\) Mostly false\*\* · \$\(warning\) changed since checked/);
    assert.match(hover, /about ~~1\.8~~ \*\*1\.6\*\* million/, `the word diff: ${hover}`);
    assert.match(hover, /command:factdesk\.notes\.confirmVerdict\?/);

    const view = await viewOf(article);
    const noteItem = view.children.find((g: Json) => g.label === 'Notes').children.find((n: Json) => n.label.startsWith('The Sunday service'));
    assert.match(noteItem.description, /^Mostly false · changed since checked$/);
    assert.equal(noteItem.contextValue, 'changedNote');
    const claimItem = view.children.find((g: Json) => g.label === 'Claims').children.find((c: Json) => c.label.startsWith('The Sunday service'));
    assert.match(claimItem.description, /changed since checked/);

    const failing = await check(uri);
    assert.equal(failing.passed, false);
    assert.equal(failing.unchecked.length, 0);
    assert.equal(failing.changed.length, 1);
    assert.match(failing.changed[0].checkedText, /1\.8 million/);
    assert.match(failing.changed[0].text, /1\.6 million/);

    // Saved and reopened, it is still changed: the checked text is in the sidecar.
    await editor.document.save();
    await eventually(
      () => readSidecar(article).items.find((i: Json) => i.id === noteId).target.selector[0].exact === SENTENCE.replace('1.8', '1.6'),
      'the new place',
    );
    assert.equal(readSidecar(article).items.find((i: Json) => i.id === noteId).body[0].checkedText, SENTENCE);
    await closeAll();
    const reopened = await open(article);
    await notesWhere(reopened.uri, (s) => s.notes.find((n) => n.id === noteId)?.state === 'changed', 'the note to be changed after reopening');

    // Confirm verdict: checked on the text as it reads now.
    await vscode.commands.executeCommand('factdesk.notes.confirmVerdict', { uri: reopened.uri.toString(), noteId });
    const confirmed = await notesWhere(
      reopened.uri,
      (s) => (s.notes.find((n) => n.id === noteId)?.state ?? 'changed') !== 'changed',
      'the note to be checked again',
    );
    assert.equal(confirmed.notes.find((n) => n.id === noteId)?.checkedText, SENTENCE.replace('1.8', '1.6'));
    assert.equal(readSidecar(article).items.find((i: Json) => i.id === noteId).body[0].checkedText, SENTENCE.replace('1.8', '1.6'));
    assert.equal((await check(reopened.uri)).passed, true, 'ready again');

    // A new verdict clears it too.
    const at2 = reopened.editor.document.getText().indexOf('1.6 million');
    await reopened.editor.edit((b) =>
      b.replace(new vscode.Range(reopened.editor.document.positionAt(at2), reopened.editor.document.positionAt(at2 + 3)), '1.7'),
    );
    await notesWhere(reopened.uri, (s) => s.notes.find((n) => n.id === noteId)?.state === 'changed', 'changed again');
    await vscode.commands.executeCommand('factdesk.notes.setVerdict', { uri: reopened.uri.toString(), noteId, verdict: 'false' });
    const renewed = await notesWhere(reopened.uri, (s) => s.notes.find((n) => n.id === noteId)?.verdict === 'false', 'the new verdict');
    assert.notEqual(renewed.notes.find((n) => n.id === noteId)?.state, 'changed');
    await reopened.editor.document.save();
  });

  it('dismisses a claim as not check-worthy from the code action: a classifying annotation, shown, kept through edits, accepted by the check', async () => {
    const article = copyArticle('dismiss');
    const { editor, uri } = await open(article);
    const findings = await vscode.commands.executeCommand<ReceivedFindings>('factdesk._test.waitForFindings', uri.toString(), -1, DEADLINE_MS);
    const claims = claimsOf(findings);
    assert.ok(claims.length >= 2, 'the fixture has claims');
    const [claimStart, claimEnd] = claims[claims.length - 1];
    const claimText = editor.document.getText().slice(claimStart, claimEnd);

    // The hover of a claim nobody checked offers the dismissal as a command link.
    const hover = hoverText(await hoversAt(uri, editor.document.positionAt(claimStart + 2)));
    assert.match(hover, /\[Dismiss as not check-worthy\]\(command:factdesk\.notes\.dismiss\?/);

    const cursor = editor.document.positionAt(claimStart + 2);
    let action: vscode.CodeAction | undefined;
    await eventuallyAsync(
      async () => {
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(cursor, cursor));
        action = actions.find((a) => a.title === 'Dismiss Claim as Not Check-worthy');
        return !!action;
      },
      () => 'the dismiss code action on the claim',
    );
    assert.equal(action!.command!.command, 'factdesk.notes.dismiss');
    const args = action!.command!.arguments![0] as Json;
    assert.deepEqual([args.start, args.end], [claimStart, claimEnd]);
    // The action asks for the reason; here it is given.
    const id = await vscode.commands.executeCommand<string>('factdesk.notes.dismiss', { ...args, reason: 'A schedule, not a claim to check' });
    assert.match(id, /^urn:uuid:/);

    const item = readSidecar(article).items.find((i: Json) => i.id === id);
    assert.equal(item.motivation, 'classifying');
    assert.deepEqual(
      item.body.map((b: Json) => [b.type, b.purpose, b.value]),
      [
        ['TextualBody', 'classifying', 'not-check-worthy'],
        ['TextualBody', 'commenting', 'A schedule, not a claim to check'],
      ],
    );
    assert.equal(item.target.selector[0].exact, claimText);

    const shown = await notesWhere(uri, (s) => s.badges.some((b) => b.verdict === 'dismissed'), 'the not-check-worthy mark');
    assert.equal(shown.notes.find((n) => n.id === id)?.kind, 'dismissal');
    const after = hoverText(await hoversAt(uri, editor.document.positionAt(claimStart + 2)));
    assert.match(after, /dismissed as not check-worthy/);
    assert.match(after, /A schedule, not a claim to check/);
    const claimItem = (await viewOf(article)).children
      .find((g: Json) => g.label === 'Claims')
      .children.find((c: Json) => c.label === claimText.slice(0, 39) + '…' || c.label === claimText);
    assert.ok(claimItem, 'the claim in the view');
    assert.deepEqual([claimItem.description, claimItem.contextValue], ['not check-worthy', 'dismissedClaim']);

    // The other claims get verdicts: the article is ready, the dismissed claim accepted.
    for (const [start, end] of claims.slice(0, -1)) {
      await vscode.commands.executeCommand('factdesk.addNote', { uri: uri.toString(), start, end, verdict: 'mixed', comment: '' });
    }
    await notesWhere(uri, (s) => s.notes.filter((n) => n.kind === 'note').length === claims.length - 1, 'the other notes');
    const ready = await check(uri);
    assert.deepEqual([ready.passed, ready.dismissed], [true, 1]);

    // The dismissal follows the text like a note does.
    // A blank line above (text there could be a claim of its own).
    const typed = '\n';
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), typed));
    const moved = await notesWhere(uri, (s) => s.notes.find((n) => n.id === id)?.start === claimStart + typed.length, 'the dismissal to shift');
    assert.equal(moved.notes.find((n) => n.id === id)?.text, claimText);
    await editor.document.save();
    await eventually(
      () => readSidecar(article).items.find((i: Json) => i.id === id).target.selector[1].start === claimStart + typed.length,
      'the dismissal’s new place in the sidecar',
    );
    const kept = await check(uri);
    assert.equal(kept.passed, true, `still accepted after the edit: ${JSON.stringify(kept)}`);

    // Undone, the claim needs a check again.
    await vscode.commands.executeCommand('factdesk.notes.undismiss', { uri: uri.toString(), dismissalId: id });
    await notesWhere(uri, (s) => !s.notes.some((n) => n.id === id), 'the dismissal to go');
    const again = await check(uri);
    assert.deepEqual([again.passed, again.unchecked.length], [false, 1]);
  });

  it('shows each verdict in the view (no green mark for Unchecked or Mostly false); sources may be text, edited and removed', async () => {
    const article = copyArticle('verdicts');
    const { uri } = await open(article);
    const findings = await vscode.commands.executeCommand<ReceivedFindings>('factdesk._test.waitForFindings', uri.toString(), -1, DEADLINE_MS);
    const [[aStart, aEnd], [bStart, bEnd]] = claimsOf(findings);
    await vscode.commands.executeCommand<string>('factdesk.addNote', { uri: uri.toString(), start: aStart, end: aEnd, verdict: 'unchecked', comment: '' });
    const mostlyFalse = await vscode.commands.executeCommand<string>('factdesk.addNote', {
      uri: uri.toString(),
      start: bStart,
      end: bEnd,
      verdict: 'mostly-false',
      comment: '',
    });
    await notesWhere(uri, (s) => s.notes.length === 2, 'both notes');
    const claims = (await viewOf(article)).children.find((g: Json) => g.label === 'Claims').children;
    assert.deepEqual([claims[0].description, claims[0].icon], ['Unchecked', 'circle-large-outline']);
    assert.deepEqual([claims[1].description, claims[1].icon], ['Mostly false', 'error']);
    assert.ok(
      claims.slice(2).every((c: Json) => c.description === 'no note yet' && c.icon === 'circle-large-outline'),
      JSON.stringify(claims),
    );
    const report = (await check(uri)) as CheckResult;
    assert.equal(report.unchecked.length, claims.length - 1, 'the Unchecked note does not check its claim');

    const ref = { uri: uri.toString(), noteId: mostlyFalse };
    const call = "Phone call with the insurers' press office, 8 Jan";
    await vscode.commands.executeCommand('factdesk.notes.addSource', { ...ref, source: call });
    await vscode.commands.executeCommand('factdesk.notes.addSource', { ...ref, source: 'https://example.org/budget' });
    await notesWhere(uri, (s) => s.notes.find((n) => n.id === mostlyFalse)?.sources.length === 2, 'two sources');
    const links = () =>
      readSidecar(article)
        .items.find((i: Json) => i.id === mostlyFalse)
        .body.filter((b: Json) => b.purpose === 'linking')
        .map((b: Json) => [b.type, b.value ?? b.source]);
    assert.deepEqual(links(), [
      ['TextualBody', call],
      ['SpecificResource', 'https://example.org/budget'],
    ]);
    const thread = (
      await notesWhere(uri, (s) => s.threads.some((t) => t.noteId === mostlyFalse && /press office/.test(t.comments[0].body)), 'the source in the thread')
    ).threads.find((t) => t.noteId === mostlyFalse)!;
    assert.match(thread.comments[0].body, /Phone call with the insurers' press office, 8 Jan/);

    // Edited (the call's date) and removed (the link).
    await vscode.commands.executeCommand('factdesk.notes.editSources', { ...ref, sources: ["Phone call with the insurers' press office, 9 Jan"] });
    await notesWhere(uri, (s) => s.notes.find((n) => n.id === mostlyFalse)?.sources.length === 1, 'one source left');
    assert.deepEqual(links(), [['TextualBody', "Phone call with the insurers' press office, 9 Jan"]]);
  });
});
