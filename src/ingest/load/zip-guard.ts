import yauzl from 'yauzl';
import { LIMITS, megabytes } from '../limits.js';

/**
 * A .docx is a zip: before it is unpacked for reading, its parts are checked against the sizes
 * they declare (a part more than LIMITS.docxExpansionRatio times its compressed size, or all parts
 * over LIMITS.docxExpandedBytes, is a zip bomb) and then inflated as a stream, counting: yauzl
 * stops a part that inflates past what it declared, and the count stops the whole past the limit.
 * Nothing larger than the limit is ever held in memory.
 */

/** Parts this small may compress as well as they like (a page of spaces). */
const RATIO_FREE_BYTES = 1024 * 1024;

function openZip(bytes: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true }, (err, zip) => (err || !zip ? reject(err ?? new Error('no zip')) : resolve(zip)));
  });
}

function declaredProblem(entry: yauzl.Entry, declaredTotal: number): string | undefined {
  const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
  if (entry.uncompressedSize > RATIO_FREE_BYTES && ratio > LIMITS.docxExpansionRatio) {
    return `DOCX 中的“${entry.fileName}”解压后是压缩大小的 ${Math.round(ratio)} 倍（上限 ${LIMITS.docxExpansionRatio} 倍）：疑似压缩炸弹，未导入`;
  }
  if (declaredTotal > LIMITS.docxExpandedBytes) return `DOCX 解压后超过 ${megabytes(LIMITS.docxExpandedBytes)}：疑似压缩炸弹，未导入`;
  return undefined;
}

/** Inflates one part, counting; rejects with a reason when the whole passes the limit. */
function drain(zip: yauzl.ZipFile, entry: yauzl.Entry, counted: { bytes: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error('no stream'));
      stream.on('data', (chunk: Buffer) => {
        counted.bytes += chunk.length;
        if (counted.bytes > LIMITS.docxExpandedBytes) stream.destroy(new Error(`DOCX 解压后超过 ${megabytes(LIMITS.docxExpandedBytes)}：疑似压缩炸弹，未导入`));
      });
      stream.on('error', reject);
      stream.on('end', resolve);
    });
  });
}

/** Undefined when the zip may be unpacked; else the reason it may not. */
export async function zipProblem(bytes: Buffer): Promise<string | undefined> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(bytes);
  } catch {
    return 'DOCX 文件已损坏，无法读取';
  }
  const counted = { bytes: 0 };
  let declaredTotal = 0;
  try {
    return await new Promise<string | undefined>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        declaredTotal += entry.uncompressedSize;
        const problem = declaredProblem(entry, declaredTotal);
        if (problem) return resolve(problem);
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        drain(zip, entry, counted).then(() => zip.readEntry(), reject);
      });
      zip.on('end', () => resolve(undefined));
      zip.on('error', reject);
      zip.readEntry();
    });
  } catch (err) {
    const message = (err as Error).message;
    return message.startsWith('DOCX') ? message : `DOCX 文件已损坏或声明的大小不实（${message}），未导入`;
  } finally {
    zip.close();
  }
}
