// Article structure: header metadata, Markdown regions that are not prose, paragraphs, sentences.
import type { MetadataField, Paragraph, Sentence, Span, TextStructure } from './types';

/** Splits text into paragraphs (blank-line separated) and sentences. Provisional: refined later. */
export function segment(text: string, format?: 'plaintext' | 'markdown'): TextStructure {
  const fmt = format ?? 'plaintext';
  const metadata: MetadataField[] = [];
  const excluded: Span[] = [];
  const paragraphs: Paragraph[] = [];
  const sentences: Sentence[] = [];
  const re = /\S[\s\S]*?(?=\n[ \t]*\n|\s*$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const p: Paragraph = { start: m.index, end: m.index + m[0].length, index: paragraphs.length };
    paragraphs.push(p);
    const sre = /[^.!?]+(?:[.!?]+["”’]?|$)/g;
    const body = m[0];
    let s: RegExpExecArray | null;
    while ((s = sre.exec(body))) {
      if (!s[0]) { sre.lastIndex++; continue; }
      const lead = s[0].length - s[0].trimStart().length;
      const start = p.start + s.index + lead;
      const end = p.start + s.index + s[0].trimEnd().length;
      if (end > start) sentences.push({ start, end, paragraph: p.index });
    }
  }
  return { format: fmt, metadata, paragraphs, sentences, excluded };
}
