import { zipProblem } from './zip-guard.js';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** The raw text of a .docx (paragraphs separated by blank lines, as mammoth gives them). */
export async function docxText(bytes: Buffer): Promise<{ ok: true; text: string } | { ok: false; reason: string }> {
  if (!bytes.subarray(0, 4).equals(ZIP_MAGIC)) return { ok: false, reason: '不是有效的 DOCX 文件（内容不是 ZIP 格式）' };
  const unsafe = await zipProblem(bytes);
  if (unsafe) return { ok: false, reason: unsafe };
  try {
    // Loaded on first use: only a .docx needs it, and it weighs on every start.
    const { default: mammoth } = await import('mammoth');
    const { value } = await mammoth.extractRawText({ buffer: bytes });
    return { ok: true, text: value.replace(/\n\n/g, '\n') };
  } catch {
    return { ok: false, reason: 'DOCX 文件已损坏，无法读取' };
  }
}
