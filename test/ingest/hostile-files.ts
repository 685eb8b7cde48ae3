import { constants, crc32, deflateRawSync } from 'node:zlib';

/** Hostile report files, built in the test: zip bombs, a PDF of many blank pages. */

interface ZipEntry {
  readonly name: string;
  readonly compressed: Buffer;
  readonly crc: number;
  /** What the central directory says it unzips to (a liar says less). */
  readonly declaredSize: number;
}

/** A zip of deflated entries, sizes as declared (no data descriptors). */
function zipOf(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.compressed.length, 18);
    local.writeUInt32LE(e.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.compressed.length, 20);
    central.writeUInt32LE(e.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.compressed);
    centrals.push(central, name);
    offset += local.length + name.length + e.compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const CONTENT_TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

function small(name: string, text: string): ZipEntry {
  const data = Buffer.from(text);
  return { name, compressed: deflateRawSync(data), crc: crc32(data), declaredSize: data.length };
}

/**
 * `bytes` zero bytes deflated, as a whole multiple of 4 MB blocks: each block is deflated once and
 * ended with a full flush (byte-aligned, no history), so the same compressed bytes stand for every
 * block; a final empty block ends the stream. A gigabyte takes a fraction of a second to build.
 */
function deflatedZeros(bytes: number): { compressed: Buffer; crc: number } {
  const block = Buffer.alloc(4 << 20);
  const blocks = Math.ceil(bytes / block.length);
  const deflatedBlock = deflateRawSync(block, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  let crc = 0;
  for (let i = 0; i < blocks; i++) crc = crc32(block, crc);
  return { compressed: Buffer.concat([...Array<Buffer>(blocks).fill(deflatedBlock), deflateRawSync(Buffer.alloc(0))]), crc };
}

/**
 * A .docx whose document part unzips to `expandedBytes` (a gigabyte from about a megabyte).
 * `lying`: its directory declares a few kilobytes, so only counting while unzipping finds it.
 */
export async function zipBombDocx(expandedBytes: number, lying = false): Promise<Buffer> {
  const { compressed, crc } = deflatedZeros(expandedBytes);
  return zipOf([small('[Content_Types].xml', CONTENT_TYPES), { name: 'word/document.xml', compressed, crc, declaredSize: lying ? 4096 : expandedBytes }]);
}

/** A PDF of `pages` blank pages, written object by object (a PDF library takes seconds for 30,000). */
export function blankPdf(pages: number): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Count ${pages} /Kids [${Array.from({ length: pages }, (_, i) => `${i + 3} 0 R`).join(' ')}] >>`,
    ...Array.from({ length: pages }, () => '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>'),
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
