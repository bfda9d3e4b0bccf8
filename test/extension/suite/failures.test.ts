// Issue #8 in a real VS Code: a detector that fails on one paragraph loses only that paragraph's
// findings, and the status bar says which detector failed on which line (the details are in the log).
// The e2e runner sets FACTDESK_TEST_FAULTS=hedges:FACTDESK-INJECTED-FAULT: the hedge detector throws on
// the paragraph of detector-failure.txt that holds the marker, and nowhere else.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { closeAll, drawn, EXTENSION_ID, openArticle } from '../helpers';

describe('a failing detector in a real VS Code (issue #8)', function () {
  this.timeout(60000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  after(closeAll);

  it('shows the rest of the article and names the failed detector and line in the status bar', async () => {
    const { editor, findings } = await openArticle('detector-failure.txt');
    assert.equal(findings.status, 'ok', 'the article is analyzed, not rejected');
    assert.deepEqual(
      findings.failures?.map((f) => [f.detector, f.line]),
      [['hedges', 3]],
      'one failure: hedges on the marked paragraph (line 3)',
    );
    const document = editor.document;
    const hedges = (await drawn(document.uri)).hedges.map(([sl, sc, el, ec]) => ({
      line: sl,
      text: document.getText(new vscode.Range(sl, sc, el, ec)).toLowerCase(),
    }));
    assert.ok(
      hedges.some((h) => h.line === 0),
      `hedges of the first paragraph are drawn (${JSON.stringify(hedges)})`,
    );
    assert.ok(
      hedges.some((h) => h.line === 4),
      'hedges of the last paragraph are drawn',
    );
    assert.ok(!hedges.some((h) => h.line === 2), 'the failed paragraph has no hedge marks');
    assert.ok(findings.counts.quotes + findings.counts.claims + findings.counts.entities > 0, 'the other detectors ran on the whole article');

    const status = await vscode.commands.executeCommand<{ text: string; tooltip: string; label: string }>('factdesk._test.statusBar');
    assert.match(status.text, /\$\(warning\)/, 'the status bar item carries a warning mark');
    assert.match(status.tooltip, /Part of this file was not analyzed/);
    assert.match(status.tooltip, /hedges failed on line 3/);
    assert.match(status.tooltip, /command:factdesk\.showOutput/, 'the tooltip links the log with the details');
    assert.match(status.label, /hedges failed on line 3/, 'screen readers hear it too');
  });

  it('a healthy article shows no failure', async () => {
    await openArticle('article.txt');
    const status = await vscode.commands.executeCommand<{ text: string; tooltip: string }>('factdesk._test.statusBar');
    assert.doesNotMatch(status.text, /\$\(warning\)/);
    assert.doesNotMatch(status.tooltip, /not analyzed/);
  });
});
