// Small text helpers shared by the renderers and the CLI.

/** White space collapsed to single spaces; cut with an ellipsis past `max` characters when given. */
export function oneLine(s: string, max?: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return max !== undefined && flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

/** "2024-05-01 09:30 UTC" from an ISO date-time; anything unparsable as it is. */
export function formatDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** An http(s) or mailto URL that can be linked; other strings are shown as text only. */
export function isLinkableUrl(s: string): boolean {
  try {
    return ['http:', 'https:', 'mailto:'].includes(new URL(s).protocol) && !/[\s<>"]/.test(s);
  } catch {
    return false;
  }
}

/** The base name of a path or URL (no directories). */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/** A stable HTML id / URL fragment for a note: "note-" and its UUID. */
export function noteAnchor(id: string): string {
  return 'note-' + id.replace(/^urn:uuid:/, '').replace(/[^A-Za-z0-9_-]/g, '-');
}
