// One status bar item: counts of the shown categories for the active file, or why there are none.
import * as vscode from 'vscode';
import { Commands, type FindingsParams, type ShowSettings } from '../shared/protocol';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('factdesk.status', vscode.StatusBarAlignment.Right, 100);
  private visible = false;

  constructor() {
    this.item.name = 'FactDesk';
    this.item.command = Commands.analyze;
  }

  show(findings: FindingsParams | undefined, show: ShowSettings, manual: boolean): void {
    const item = this.item;
    item.backgroundColor = undefined;
    if (!findings) {
      item.text = manual ? '$(play) FactDesk' : '$(sync~spin) FactDesk';
      item.tooltip = manual ? 'FactDesk: run mode is manual — click to analyze this file' : 'FactDesk: analyzing…';
    } else if (findings.status !== 'ok') {
      item.text = '$(warning) FactDesk';
      item.tooltip = findings.message ?? 'FactDesk: this file is not analyzed';
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else {
      const { counts } = findings;
      const parts: string[] = [];
      const tooltip: string[] = [];
      if (show.quotes) { parts.push(`$(quote) ${counts.quotes}`); tooltip.push(`${counts.quotes} quotes`); }
      if (show.claims) { parts.push(`$(law) ${counts.claims}`); tooltip.push(`${counts.claims} check-worthy claims`); }
      if (show.hedges) { parts.push(`$(question) ${counts.hedges}`); tooltip.push(`${counts.hedges} hedges`); }
      if (show.entities) { parts.push(`$(person) ${counts.entities}`); tooltip.push(`${counts.entities} entities`); }
      item.text = parts.length ? parts.join(' ') : '$(eye-closed) FactDesk';
      item.tooltip = `FactDesk: ${tooltip.join(', ') || 'every category is hidden'} (analyzed in ${findings.elapsedMs} ms) — click to re-analyze`;
    }
    item.show();
    this.visible = true;
  }

  /** What the item shows (for the test command). */
  state(): { text: string; tooltip: string; visible: boolean } {
    return { text: this.item.text, tooltip: typeof this.item.tooltip === 'string' ? this.item.tooltip : '', visible: this.visible };
  }

  hide(): void {
    this.visible = false;
    this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}
