// The readable terminal view of an analysis: the text with findings marked, then a summary.
// Colors only when writing to a terminal; otherwise brackets mark the spans.
import type { Analysis } from '../core/types';

interface Mark {
  start: number;
  end: number;
  open: string;
  close: string;
}

const COLOR = {
  quote: ['\x1b[32m', '\x1b[39m'],
  claim: ['\x1b[4m', '\x1b[24m'],
  hedge: ['\x1b[33m', '\x1b[39m'],
  entity: ['\x1b[1m', '\x1b[22m'],
  dim: ['\x1b[2m', '\x1b[22m'],
} as const;
const PLAIN = {
  quote: ['', ''],
  claim: ['[', ']'],
  hedge: ['{', '}'],
  entity: ['', ''],
  dim: ['', ''],
} as const;

export function renderAnalysis(file: string, text: string, a: Analysis, color: boolean): string {
  const c = color ? COLOR : PLAIN;
  const marks: Mark[] = [];
  for (const h of a.hedges) marks.push({ start: h.start, end: h.end, open: c.hedge[0], close: c.hedge[1] });
  for (const q of a.quotes) marks.push({ start: q.start, end: q.end, open: c.quote[0], close: c.quote[1] });
  for (const cl of a.claims) marks.push({ start: cl.start, end: cl.end, open: c.claim[0], close: c.claim[1] });
  if (color) for (const e of a.entities) for (const m of e.mentions) marks.push({ start: m.start, end: m.end, open: c.entity[0], close: c.entity[1] });
  // Insert markers from the end so earlier offsets stay valid; opens sort before closes at one offset.
  const inserts: { at: number; s: string; order: number }[] = [];
  for (const m of marks) {
    inserts.push({ at: m.start, s: m.open, order: 1 });
    inserts.push({ at: m.end, s: m.close, order: 0 });
  }
  inserts.sort((x, y) => x.at - y.at || x.order - y.order);
  let out = '';
  let pos = 0;
  for (const ins of inserts) {
    out += text.slice(pos, ins.at) + ins.s;
    pos = ins.at;
  }
  out += text.slice(pos);

  const lines: string[] = [];
  const rule = '─'.repeat(Math.min(72, file.length + 4));
  lines.push(`${c.dim[0]}${rule}${c.dim[1]}`, `${file}`, `${c.dim[0]}${rule}${c.dim[1]}`, out.trimEnd(), '');
  lines.push(`${a.quotes.length} quotes, ${a.claims.length} claims, ${a.hedges.length} hedges, ${a.entities.length} entities`);
  for (const q of a.quotes) {
    const words = text.slice(q.content.start, q.content.end);
    lines.push(`  quote  ${q.kind.padEnd(9)} ${abbreviate(words, 60)}${q.speaker ? `  — ${q.speaker.name}` : ''}`);
  }
  for (const cl of a.claims) {
    lines.push(`  claim  ${cl.score.toFixed(2)}      ${abbreviate(text.slice(cl.start, cl.end), 60)}  (${cl.reasons.join(', ')})`);
  }
  for (const h of a.hedges) lines.push(`  hedge  ${h.category.padEnd(9)} ${h.cue}`);
  for (const e of a.entities) {
    lines.push(`  entity ${e.type.padEnd(9)} ${e.name}${e.role ? ` (${e.role.text})` : ''} ×${e.mentions.length}`);
  }
  return lines.join('\n') + '\n';
}

function abbreviate(s: string, max: number): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length <= max ? one : one.slice(0, max - 1) + '…';
}
