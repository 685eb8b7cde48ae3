import { matchHeadingMark } from '../headings.js';
import { LIMITS } from '../limits.js';
import { foldText } from '../normalize.js';

/** The text layer of a PDF, pages joined by line breaks, lines wrapped by the layout joined again. */

const PDFJS_ERRORS_ONLY = 0;
const SENTENCE_END = /[。：；！？:;!?]$/;

/** The length of a full line: lines this long were wrapped by the page, not ended by the writer. */
function fullLineLength(lines: readonly string[]): number {
  const lengths = lines.map((l) => l.trim().length).filter((n) => n > 0).sort((a, b) => a - b);
  return lengths[Math.floor(lengths.length * 0.9)] ?? 0;
}

/** Joins visual lines back into paragraphs: a full line without a sentence end continues on the next. */
export function reflow(text: string): string {
  const lines = text.split('\n');
  const full = fullLineLength(lines);
  let out = '';
  lines.forEach((line, i) => {
    const next = lines[i + 1];
    const wrapped =
      next !== undefined && full >= 20 && line.trim().length >= full * 0.85 && !SENTENCE_END.test(line.trim()) && !matchHeadingMark(foldText(next.trim()));
    out += wrapped ? line.trimEnd() : `${line}\n`;
  });
  return out.replace(/\n$/, '');
}

export async function pdfText(bytes: Buffer): Promise<{ ok: true; text: string } | { ok: false; reason: string }> {
  if (!bytes.subarray(0, 1024).toString('latin1').includes('%PDF-')) {
    return { ok: false, reason: '不是有效的 PDF 文件（缺少 PDF 文件头）' };
  }
  try {
    const { extractText, getDocumentProxy } = await import('unpdf');
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: PDFJS_ERRORS_ONLY });
    if (pdf.numPages > LIMITS.pdfPages) {
      await pdf.destroy();
      return { ok: false, reason: `PDF 页数太多（${pdf.numPages} 页，上限 ${LIMITS.pdfPages} 页），未导入` };
    }
    const { text } = await extractText(pdf, { mergePages: false });
    await pdf.destroy();
    return { ok: true, text: reflow(text.join('\n')) };
  } catch {
    return { ok: false, reason: 'PDF 文件已损坏，无法读取' };
  }
}
