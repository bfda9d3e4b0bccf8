// How verdicts and anchor states read in the editor: labels, badge symbols, theme colors, hover text.
import * as vscode from 'vscode';
import type { AnchorResult, AssessingNote, ReplyNote, Verdict, VerificationState } from '../../notes';

export type ShownVerdict = Verdict | 'conflicting';

export const VERDICT_LABELS: Record<ShownVerdict, string> = {
  unchecked: 'Unchecked',
  true: 'True',
  'mostly-true': 'Mostly true',
  mixed: 'Mixed',
  'mostly-false': 'Mostly false',
  false: 'False',
  misleading: 'Misleading',
  unverifiable: 'Unverifiable',
  conflicting: 'Conflicting verdicts',
};

/** A short mark after the passage; symbols, not color alone, so the verdict reads in any theme. */
export const VERDICT_BADGES: Record<ShownVerdict, string> = {
  unchecked: '○ unchecked',
  true: '✓ true',
  'mostly-true': '✓ mostly true',
  mixed: '± mixed',
  'mostly-false': '✗ mostly false',
  false: '✗ false',
  misleading: '⚠ misleading',
  unverifiable: '? unverifiable',
  conflicting: '≠ conflicting',
};

/** Built-in theme colors, so themes (and high contrast) already cover them. */
export const VERDICT_COLORS: Record<ShownVerdict, string> = {
  unchecked: 'descriptionForeground',
  true: 'testing.iconPassed',
  'mostly-true': 'testing.iconPassed',
  mixed: 'editorWarning.foreground',
  'mostly-false': 'testing.iconFailed',
  false: 'testing.iconFailed',
  misleading: 'editorWarning.foreground',
  unverifiable: 'descriptionForeground',
  conflicting: 'editorWarning.foreground',
};

export function stateLabel(anchor: AnchorResult | undefined): string {
  if (!anchor) return 'not placed yet';
  return anchor.state;
}

/** One line of a passage for lists: white space collapsed, long text cut in the middle of nothing. */
export function excerpt(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** The note's own comment body in a thread: verdict first, then the comment, then the sources. */
export function noteMarkdown(note: AssessingNote, anchor: AnchorResult | undefined): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${VERDICT_BADGES[note.verdict]}**`);
  if (anchor?.state === 'moved') md.appendMarkdown(' · _moved with its text_');
  md.appendMarkdown('\n\n');
  if (note.comment) md.appendMarkdown(`${note.comment}\n\n`);
  else md.appendMarkdown('_No comment yet: use Edit to write one._\n\n');
  if (note.sources.length) {
    md.appendMarkdown('Sources:\n');
    for (const url of note.sources) md.appendMarkdown(`- ${linkOrText(url)}\n`);
  }
  return md;
}

export function replyMarkdown(reply: ReplyNote): vscode.MarkdownString {
  const md = new vscode.MarkdownString(reply.comment || '_(empty reply)_', true);
  return md;
}

function linkOrText(url: string): string {
  return /^https?:\/\/\S+$/.test(url) ? `<${url}>` : url.replace(/[\\`*_[\]<>]/g, '\\$&');
}

/** Hover text for a passage with notes on it (VS Code shows it with the server's hover). */
export function hoverMarkdown(state: VerificationState): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**Fact-check: ${VERDICT_LABELS[state.verdict]}**`);
  for (const { note } of state.notes) {
    md.appendMarkdown(`\n\n${VERDICT_BADGES[note.verdict]}${note.author ? ` — ${escape(note.author)}` : ''}`);
    if (note.comment) md.appendMarkdown(`\n\n${note.comment}`);
    if (note.sources.length) md.appendMarkdown(`\n\nSources: ${note.sources.map(linkOrText).join(', ')}`);
  }
  return md;
}

function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>#]/g, '\\$&');
}
