import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { Document, Packer, Paragraph } from 'docx';
import { PDFDocument } from 'pdf-lib';

/** Test inputs made from the real corpus: the reports folder, temp folders, and .docx/.pdf copies of a report. */

export const reportsDir = path.resolve(import.meta.dirname, '../../reports');

export const REPORT_FILES = {
  yangshan: '000_9a9217be6eb9afde.txt',
  cixi: '001_1d178bebcc002d28.txt',
  jinghu: '002_95a2dc9e828f2e8f.txt',
  mazhang: '003_81b063af5341ee99.txt',
  liangping: '004_467031b72275275f.txt',
} as const;

export function reportText(file: string): string {
  return readFileSync(path.join(reportsDir, file), 'utf8');
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ingest-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** An empty reports folder and an index folder of its own, for a library built in the test. */
export function tempLibraryDirs(): { reportsDir: string; vectorstoreDir: string; cleanup: () => void } {
  const reports = tempDir();
  const store = tempDir();
  return {
    reportsDir: reports.dir,
    vectorstoreDir: store.dir,
    cleanup: () => {
      reports.cleanup();
      store.cleanup();
    },
  };
}

export async function docxOf(text: string): Promise<Buffer> {
  const doc = new Document({ sections: [{ children: text.split('\n').map((line) => new Paragraph(line)) }] });
  return Packer.toBuffer(doc);
}

const require = createRequire(import.meta.url);
const cjkFont = path.join(path.dirname(require.resolve('@embedpdf/fonts-sc')), '../fonts/NotoSansHans-Regular.otf');

/** A PDF with a real text layer: the text laid out on A4 pages, paragraphs wrapped every 38 characters. */
export async function pdfOf(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(readFileSync(cjkFont), { subset: true });
  const perLine = 38;
  let page = doc.addPage([595, 842]);
  let y = 800;
  for (const paragraph of text.split('\n').filter((p) => p.trim())) {
    for (let i = 0; i < paragraph.length; i += perLine) {
      if (y < 40) {
        page = doc.addPage([595, 842]);
        y = 800;
      }
      page.drawText(paragraph.slice(i, i + perLine), { x: 40, y, size: 12, font });
      y -= 18;
    }
  }
  return Buffer.from(await doc.save());
}

/** The first bytes of a PNG image. */
export const PNG_BYTES = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
