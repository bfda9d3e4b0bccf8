// HTML pieces shared by the report's sections: escaping, note comments (Markdown), links, dates,
// verdict badges. Everything from the article or a sidecar goes through escapeHtml or micromark.
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import type { Verdict } from '../notes';
import { verdictBadge } from './model';
import { formatDate, isLinkableUrl } from './text';

/** Comments longer than this are shown as plain text: micromark slows down on some huge inputs. */
const MAX_MARKDOWN_COMMENT = 20_000;

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * Images in comments are shown as links, not loaded: a report opened in a browser must make no
 * request (a remote image is a tracking pixel, and tells a third party who reads the report).
 */
const NO_IMAGES = { disable: { null: ['labelStartImage'] } };

export function renderComment(markdown: string): string {
  if (!markdown.trim()) return '';
  if (markdown.length > MAX_MARKDOWN_COMMENT) return `<div class="comment plain">${escapeHtml(markdown)}</div>`;
  return `<div class="comment">${micromark(markdown, { extensions: [gfm(), NO_IMAGES], htmlExtensions: [gfmHtml()] })}</div>`;
}

export function link(url: string): string {
  return isLinkableUrl(url) ? `<a href="${escapeHtml(url)}" rel="noopener noreferrer">${escapeHtml(url)}</a>` : escapeHtml(url);
}

export function time(iso: string): string {
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(formatDate(iso))}</time>`;
}

export function badge(verdict: Verdict): string {
  return `<span class="verdict v-${verdict}">${escapeHtml(verdictBadge(verdict))}</span>`;
}
