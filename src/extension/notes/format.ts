// How verdicts and anchor states read in the editor: labels, badge symbols, theme colors, hover text.
import * as vscode from 'vscode';
import { diffArrays } from 'diff';
import {
  checkedTextOf,
  isSourceUrl,
  normalizeSpace,
  VERDICT_INFO,
  VERDICTS,
  type AnchorResult,
  type AssessingNote,
  type NoteState,
  type ReplyNote,
  type Verdict,
  type VerdictInfo,
  type VerificationState,
} from '../../notes';

export type ShownVerdict = Verdict | 'conflicting';
/** What a badge after a passage shows: a verdict, conflicting verdicts, changed since checked, or dismissed. */
export type BadgeKind = ShownVerdict | 'changed' | 'dismissed';

const TONE_COLORS: Record<VerdictInfo['tone'], string> = {
  supported: 'testing.iconPassed',
  refuted: 'testing.iconFailed',
  mixed: 'editorWarning.foreground',
  neutral: 'descriptionForeground',
};

const byVerdict = <T>(value: (v: Verdict) => T): Record<Verdict, T> => Object.fromEntries(VERDICTS.map((v) => [v, value(v)])) as Record<Verdict, T>;

/** Labels of the verdict table (src/notes/model.ts), plus conflicting verdicts on one passage. */
export const VERDICT_LABELS: Record<ShownVerdict, string> = { ...byVerdict((v) => VERDICT_INFO[v].label), conflicting: 'Conflicting verdicts' };

/** A short mark after the passage; symbols, not color alone, so the verdict reads in any theme. */
export const VERDICT_BADGES: Record<BadgeKind, string> = {
  ...byVerdict((v) => `${VERDICT_INFO[v].symbol} ${VERDICT_INFO[v].label.toLowerCase()}`),
  conflicting: '≠ conflicting',
  changed: '⚠ changed since checked',
  dismissed: '– not check-worthy',
};

/** Built-in theme colors, so themes (and high contrast) already cover them. */
export const VERDICT_COLORS: Record<BadgeKind, string> = {
  ...byVerdict((v) => TONE_COLORS[VERDICT_INFO[v].tone]),
  conflicting: 'editorWarning.foreground',
  changed: 'editorWarning.foreground',
  dismissed: 'descriptionForeground',
};

/** The codicon of a verdict, colored by how it leans (Fact-check view). */
export function verdictIcon(verdict: Verdict): vscode.ThemeIcon {
  return new vscode.ThemeIcon(VERDICT_INFO[verdict].icon, new vscode.ThemeColor(TONE_COLORS[VERDICT_INFO[verdict].tone]));
}

/** "$(error) Mostly false": the verdict with its icon, for Markdown with theme icons. */
export function verdictWithIcon(verdict: Verdict): string {
  return `$(${VERDICT_INFO[verdict].icon}) ${VERDICT_INFO[verdict].label}`;
}

/** How a note's state reads. */
export function noteStateLabel(state: NoteState | undefined): string {
  return state === undefined ? 'not placed yet' : state === 'changed' ? 'changed since checked' : state;
}

/** One line of a passage for lists: white space collapsed, long text cut in the middle of nothing. */
export function excerpt(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/**
 * The checked text against the current one, word by word: the `diff` package's Myers diff over the
 * words (split at white space, so "1.8" stays one word and re-wrapping is no change); removed words
 * struck through, added words in bold.
 */
export function wordDiffMarkdown(checked: string, current: string): string {
  const words = (s: string) => s.split(/\s+/).filter(Boolean);
  return diffArrays(words(checked), words(current))
    .map((part) => {
      const text = part.value.map(escape).join(' ');
      return part.removed ? `~~${text}~~` : part.added ? `**${text}**` : text;
    })
    .join(' ');
}

/** The "changed since checked" block of a hover or a thread: what the verdict was given on, against the text now. */
export function changedMarkdown(note: AssessingNote, currentText: string): string {
  return (
    `$(warning) **Changed since checked:** the text is no longer the text the verdict “${VERDICT_INFO[note.verdict].label}” was given on ` +
    `(struck through: as checked; bold: now).\n\n> ${wordDiffMarkdown(checkedTextOf(note), currentText)}`
  );
}

/** The note's own comment body in a thread: verdict first, then the comment, then the sources. */
export function noteMarkdown(note: AssessingNote, anchor: AnchorResult | undefined, state?: NoteState): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${verdictWithIcon(note.verdict)}**`);
  if (anchor?.state === 'moved' && state !== 'changed') md.appendMarkdown(' · _moved with its text_');
  md.appendMarkdown('\n\n');
  // The checked text only (the hover has the diff against the text now): the thread is not redrawn on each keystroke.
  if (state === 'changed')
    md.appendMarkdown(
      `$(warning) **Changed since checked:** the verdict was given on\n\n> ${escape(normalizeSpace(checkedTextOf(note)))}\n\nConfirm it, or give the verdict again.\n\n`,
    );
  if (note.comment) md.appendMarkdown(`${note.comment}\n\n`);
  else md.appendMarkdown('_No comment yet: use Edit to write one._\n\n');
  if (note.sources.length) {
    md.appendMarkdown('Sources:\n');
    for (const source of note.sources) md.appendMarkdown(`- ${linkOrText(source)}\n`);
  }
  return md;
}

export function replyMarkdown(reply: ReplyNote): vscode.MarkdownString {
  const md = new vscode.MarkdownString(reply.comment || '_(empty reply)_', true);
  return md;
}

/** A URL source as a link (http, https), any other source as text. */
export function linkOrText(source: string): string {
  return isSourceUrl(source) && /^https?:\/\/\S+$/.test(source) ? `<${source}>` : escape(source);
}

/** A command link for a Markdown hover: the command must be listed in the hover's `isTrusted.enabledCommands`. */
export function commandLink(title: string, command: string, args: unknown): string {
  return `[${title}](command:${command}?${encodeURIComponent(JSON.stringify(args))})`;
}

export interface HoverNote {
  note: AssessingNote;
  state: NoteState;
  /** The passage's text now. */
  text: string;
  /** Markdown of the note's actions (command links), if any. */
  actions?: string;
}

/** Hover text for a passage with notes on it (VS Code shows it with the server's hover). */
export function hoverMarkdown(state: VerificationState, notes: readonly HoverNote[], enabledCommands: readonly string[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: [...enabledCommands] };
  const changed = notes.some((n) => n.state === 'changed');
  const head = state.verdict === 'conflicting' ? `$(question) ${VERDICT_LABELS.conflicting}` : verdictWithIcon(state.verdict);
  md.appendMarkdown(`**Fact-check: ${head}**${changed ? ' · $(warning) changed since checked' : ''}`);
  for (const { note, state: noteState, text, actions } of notes) {
    md.appendMarkdown(`\n\n${verdictWithIcon(note.verdict)}${note.author ? ` — ${escape(note.author)}` : ''}`);
    if (noteState === 'changed') md.appendMarkdown(`\n\n${changedMarkdown(note, text)}`);
    if (note.comment) md.appendMarkdown(`\n\n${note.comment}`);
    if (note.sources.length) md.appendMarkdown(`\n\nSources: ${note.sources.map(linkOrText).join(', ')}`);
    if (actions) md.appendMarkdown(`\n\n${actions}`);
  }
  return md;
}

export function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>#~|$]/g, '\\$&');
}
