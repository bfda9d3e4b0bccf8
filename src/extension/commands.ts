// The client's command ids, by feature, in a module without `vscode` so the manifest test (mocha)
// can check them against package.json: every contributed command is in one of these maps and every
// id here (test hooks aside) is contributed. The server refers to the ids in src/shared/protocol.ts
// (Commands); those are checked too.

export const NotesCommands = {
  addNote: 'factdesk.addNote',
  createNote: 'factdesk.notes.createNote',
  reply: 'factdesk.notes.reply',
  setVerdict: 'factdesk.notes.setVerdict',
  addSource: 'factdesk.notes.addSource',
  editSources: 'factdesk.notes.editSources',
  confirmVerdict: 'factdesk.notes.confirmVerdict',
  dismiss: 'factdesk.notes.dismiss',
  undismiss: 'factdesk.notes.undismiss',
  deleteNote: 'factdesk.notes.deleteNote',
  editComment: 'factdesk.notes.editComment',
  saveComment: 'factdesk.notes.saveComment',
  cancelEdit: 'factdesk.notes.cancelEdit',
  deleteReply: 'factdesk.notes.deleteReply',
  reattach: 'factdesk.notes.reattach',
  reveal: 'factdesk.notes.reveal',
  /** Test-only: (uri) → NotesSnapshot of an open article, or null. */
  testNotes: 'factdesk._test.notes',
  /** Test-only: (uri, afterSeq, timeoutMs) → the first NotesSnapshot of uri with seq > afterSeq. */
  testWaitForNotes: 'factdesk._test.waitForNotes',
  /** Test-only: the Fact-check view's tree as plain data. */
  testNotesView: 'factdesk._test.notesView',
  /** Test-only: the messages the notes feature showed. */
  testNotesMessages: 'factdesk._test.notesMessages',
  /** Test-only: what the orphaned-notes status bar item shows. */
  testOrphanStatus: 'factdesk._test.orphanStatus',
  /** Shows the orphaned notes in the Fact-check view (the status bar item and the notification). */
  showOrphans: 'factdesk.notes.showOrphans',
} as const;

export const ReportCommands = {
  exportReport: 'factdesk.exportReport',
  checkPublication: 'factdesk.checkPublication',
} as const;

/** The Desk section of the Fact-check view (src/extension/desk.ts). */
export const DeskCommands = {
  /** Opens an article at its first open item, or at the item given. */
  open: 'factdesk.desk.open',
  /** "Mine" / "all": only articles with a note by the current author (factdesk.author, see author.ts). */
  filterMine: 'factdesk.desk.filterMine',
  filterAll: 'factdesk.desk.filterAll',
  filterFolder: 'factdesk.desk.filterFolder',
  filterVerdict: 'factdesk.desk.filterVerdict',
  clearFilters: 'factdesk.desk.clearFilters',
  refresh: 'factdesk.desk.refresh',
  /** Test-only: the Desk as the view shows it (DeskSnapshot), optionally waiting for a newer one. */
  testDesk: 'factdesk._test.desk',
} as const;

/** The report preview webview (src/extension/reportPreview.ts). */
export const PreviewCommands = {
  open: 'factdesk.openReportPreview',
  /** The preview's click handler: reveal a claim, quote, hedge or note of the report in the editor. */
  reveal: 'factdesk.reportPreview.reveal',
  saveHtml: 'factdesk.reportPreview.saveHtml',
  saveMarkdown: 'factdesk.reportPreview.saveMarkdown',
  saveClaimReview: 'factdesk.reportPreview.saveClaimReview',
  saveCsv: 'factdesk.reportPreview.saveCsv',
  /** Test-only: the open previews (PreviewSnapshot[]). */
  testPreview: 'factdesk._test.reportPreview',
} as const;

/** Test hooks are registered only in extension test mode; they are not contributed in package.json. */
export const TEST_COMMAND_PREFIX = 'factdesk._test.';
