/**
 * What one report may take, checked before memory runs out: a file this large, text this long or
 * a PDF this many pages is refused with the reason, alone, and the other reports still load.
 * Real reports are tens of kilobytes; the limits leave room for a hundred times that.
 */

const MB = 1024 * 1024;

export const LIMITS = {
  /** Bytes of a report file (or upload). */
  fileBytes: 32 * MB,
  /** Characters of text extracted from one file. */
  textChars: 8_000_000,
  /** Pages of a PDF. */
  pdfPages: 2_000,
  /** Bytes a .docx may hold once unzipped, all its parts together. */
  docxExpandedBytes: 64 * MB,
  /** How many times larger than its compressed size a .docx part may unzip to (a zip bomb's is thousands). */
  docxExpansionRatio: 200,
  /** Heap of the worker parsing an untrusted file, MB. */
  parseHeapMb: 768,
  /** Time to parse and ingest one file, ms. */
  parseTimeoutMs: 120_000,
} as const;

/** `12.3 MB` */
export function megabytes(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}

/** The reason a file of this size is refused, or undefined when it is within the limit. */
export function fileTooLarge(bytes: number): string | undefined {
  return bytes > LIMITS.fileBytes ? `文件太大（${megabytes(bytes)}，上限 ${megabytes(LIMITS.fileBytes)}），未导入` : undefined;
}
