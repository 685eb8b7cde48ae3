import { readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { IngestError } from '../errors.js';
import { fileTooLarge, LIMITS } from '../limits.js';
import { docxText } from './docx.js';
import { pdfText } from './pdf.js';
import { markdownText } from './markdown.js';
import { decodeText } from './text.js';

/** Reads a report file of any supported type into its text. */

export const SUPPORTED_EXTENSIONS = ['.txt', '.md', '.docx', '.pdf'] as const;

export interface LoadedFile {
  readonly text: string;
  readonly bytes: Buffer;
}

export function isSupported(file: string): boolean {
  return (SUPPORTED_EXTENSIONS as readonly string[]).includes(path.extname(file).toLowerCase());
}

async function readBytes(filePath: string, name: string): Promise<Buffer> {
  try {
    // The size first: a file of gigabytes is refused without being read. A worker thread, which
    // keeps no one waiting, reads at once: each of the thread pool's steps waited for a core.
    const tooLarge = fileTooLarge((isMainThread ? await stat(filePath) : statSync(filePath)).size);
    if (tooLarge) throw new IngestError(name, tooLarge);
    return isMainThread ? await readFile(filePath) : readFileSync(filePath);
  } catch (err) {
    if (err instanceof IngestError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个文件夹，不是文件' : `无法读取文件（${code ?? '未知错误'}）`;
    throw new IngestError(name, reason);
  }
}

async function extract(ext: string, bytes: Buffer): Promise<{ ok: true; text: string } | { ok: false; reason: string }> {
  if (ext === '.docx') return docxText(bytes);
  if (ext === '.pdf') return pdfText(bytes);
  const decoded = decodeText(bytes);
  return decoded.ok && ext === '.md' ? { ...decoded, text: markdownText(decoded.text) } : decoded;
}

/** Throws IngestError naming the file when it is of an unknown type, empty, unreadable or has no text. */
export async function loadFile(filePath: string): Promise<LoadedFile> {
  const name = path.basename(filePath);
  const ext = path.extname(filePath).toLowerCase();
  if (!isSupported(filePath)) {
    throw new IngestError(name, `不支持的文件类型“${ext || '无扩展名'}”（支持 ${SUPPORTED_EXTENSIONS.join(' ')}）`);
  }
  const bytes = await readBytes(filePath, name);
  if (bytes.length === 0) throw new IngestError(name, '文件为空');
  const result = await extract(ext, bytes);
  if (!result.ok) throw new IngestError(name, result.reason);
  if (result.text.length > LIMITS.textChars) {
    throw new IngestError(name, `文字太多（${result.text.length} 个字符，上限 ${LIMITS.textChars}），未导入`);
  }
  const text = result.text.replace(/\r\n?/g, '\n');
  if (!/[\p{L}\p{N}]/u.test(text)) {
    throw new IngestError(name, ext === '.pdf' ? 'PDF 没有可提取的文字（可能是扫描件）' : '文件中没有文字内容');
  }
  return { text, bytes };
}
