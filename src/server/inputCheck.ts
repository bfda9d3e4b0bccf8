// Decides whether a document is fit to analyze before the engine sees it: over the size limit,
// binary or mis-decoded text gets one clear message instead of a slow or meaningless analysis.
import type { AnalysisStatus } from '../shared/protocol';

export interface InputVerdict {
  status: AnalysisStatus;
  message?: string;
}

const SAMPLE = 65536;

export function checkInput(text: string, maxFileSizeKB: number): InputVerdict {
  // UTF-16 length bounds the UTF-8 size from below and costs nothing; count bytes only near the limit.
  const limitBytes = maxFileSizeKB * 1024;
  if (text.length > limitBytes || (text.length * 3 > limitBytes && Buffer.byteLength(text, 'utf8') > limitBytes)) {
    const sizeKB = Math.round(Buffer.byteLength(text, 'utf8') / 1024);
    return {
      status: 'tooLarge',
      message: `FactDesk: this file is ${sizeKB} KB, over the ${maxFileSizeKB} KB limit (factdesk.maxFileSizeKB), so it is not analyzed.`,
    };
  }
  const sample = text.length > SAMPLE ? text.slice(0, SAMPLE) : text;
  if (sample.includes('\u0000')) {
    return { status: 'binary', message: 'FactDesk: this file looks binary (it contains NUL characters), so it is not analyzed.' };
  }
  let replacements = 0;
  for (let i = sample.indexOf('\uFFFD'); i !== -1; i = sample.indexOf('\uFFFD', i + 1)) replacements++;
  if (replacements >= 8 && replacements * 100 > sample.length) {
    return {
      status: 'binary',
      message: 'FactDesk: this file does not look like UTF-8 text (many \uFFFD replacement characters); reopen it with the right encoding to analyze it.',
    };
  }
  return { status: 'ok' };
}
