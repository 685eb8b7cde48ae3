import { writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IngestError, ingestFile, ingestFolder } from '../../src/ingest/index.js';
import { docxOf, PNG_BYTES, pdfOf, REPORT_FILES, reportText, tempDir } from './fixtures.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

async function failure(file: string): Promise<IngestError> {
  const err = await ingestFile(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(IngestError);
  return err as IngestError;
}

const jinghu = reportText(REPORT_FILES.jinghu);

describe('loading report files', () => {
  it('reads a .docx made from a report', async () => {
    const report = await ingestFile(write('jinghu.docx', await docxOf(jinghu)));
    expect(report.meta).toMatchObject({ id: 'jinghu', file: 'jinghu.docx', region: '镜湖区', year: 2024, period: '上半年' });
    expect(report.figures.find((f) => f.raw === '130余场次')).toMatchObject({ value: 130, approx: '余' });
  });

  it('reads the text layer of a .pdf made from a report, joining wrapped lines', async () => {
    const report = await ingestFile(write('jinghu.pdf', await pdfOf(jinghu)));
    expect(report.meta).toMatchObject({ region: '镜湖区', city: '芜湖市', year: 2024, period: '上半年', kind: '工作总结' });
    expect(report.figures.find((f) => f.raw === '7000余本')).toMatchObject({ value: 7000, unit: '本' });
    expect(report.chunks.some((c) => c.sectionPath[0]?.startsWith('三、坚持强化行政权力规范运行'))).toBe(true);
  });

  it('detects GBK/GB18030 and UTF-8 with a byte order mark', async () => {
    const gbk = await ingestFile(write('gbk.txt', iconv.encode(jinghu, 'gbk')));
    expect(gbk.text).toBe(jinghu);
    const bom = await ingestFile(write('bom.md', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(jinghu)])));
    expect(bom.text).toBe(jinghu);
    expect(bom.meta.region).toBe('镜湖区');
  });

  it('refuses empty, corrupt, mislabelled and binary files with a reason naming the file', async () => {
    expect(await failure(write('empty.txt', ''))).toMatchObject({ file: 'empty.txt', reason: '文件为空' });
    expect((await failure(write('only-junk.txt', '|\n?\n  \n'))).reason).toBe('文件中没有文字内容');
    expect((await failure(write('image.pdf', PNG_BYTES))).reason).toMatch(/不是有效的 PDF/);
    expect((await failure(write('broken.pdf', Buffer.from('%PDF-1.7\n1 0 obj <<>> garbage')))).reason).toMatch(/PDF 文件已损坏/);
    const docx = await docxOf(jinghu);
    expect((await failure(write('broken.docx', docx.subarray(0, 200)))).reason).toMatch(/DOCX 文件已损坏/);
    expect((await failure(write('image.docx', PNG_BYTES))).reason).toMatch(/不是有效的 DOCX/);
    expect((await failure(write('binary.txt', Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0x00, 0x9c, 0x80])))).file).toBe('binary.txt');
    expect((await failure(write('report.xlsx', 'x'))).reason).toMatch(/不支持的文件类型/);
    expect((await failure(path.join(dir, 'missing.txt'))).reason).toBe('文件不存在');
  });

  it('ingests the good files of a mixed folder and names each bad one with its reason', async () => {
    write('a-good.txt', jinghu);
    write('b-good.docx', await docxOf(reportText(REPORT_FILES.yangshan)));
    write('c-empty.txt', '');
    write('d-image.pdf', PNG_BYTES);
    write('e-notes.xlsx', 'x');
    write('f-copy.txt', jinghu);
    const result = await ingestFolder(dir);
    expect(result.reports.map((r) => [r.meta.file, r.meta.region])).toEqual([
      ['a-good.txt', '镜湖区'],
      ['b-good.docx', '阳山县'],
    ]);
    expect(result.problems.map((p) => p.file).sort()).toEqual(['c-empty.txt', 'd-image.pdf', 'e-notes.xlsx', 'f-copy.txt']);
    for (const p of result.problems) expect(p.reason.length).toBeGreaterThan(3);
  });

  it('flags a second report of the same bureau, year and period instead of indexing it twice; a README is no report; an unknown region is listed', async () => {
    write('a-jinghu.txt', jinghu);
    write('b-jinghu-corrected.txt', jinghu.replace('130余场次', '140余场次'));
    write('README.md', '# 报告文件夹说明\n把报告放在这里。');
    write('c-no-region.txt', '工作总结\n2024年，我局共受理法律援助案件88件，办理公证事项120件。\n');
    const result = await ingestFolder(dir);
    expect(result.reports.map((r) => r.meta.file)).toEqual(['a-jinghu.txt', 'c-no-region.txt']);
    expect(result.problems).toContainEqual({ file: 'b-jinghu-corrected.txt', reason: expect.stringContaining('与 a-jinghu.txt 是同一单位、年份和期间的报告'), duplicateOf: 'a-jinghu.txt' });
    expect(result.problems).toContainEqual({ file: 'c-no-region.txt', reason: expect.stringContaining('没有识别出地区'), indexed: true });
    expect(result.problems.map((p) => p.file)).not.toContain('README.md');
  });

  it('keeps two reports of districts that share a name in different cities apart', async () => {
    write('a-jinghu.txt', jinghu);
    write('b-other-jinghu.txt', jinghu.replace('130余场次', '140余场次'));
    // 和平区 is in Tianjin and in Shenyang: the same bureau name, year and period, two reports.
    write('manifest.json', JSON.stringify({ 'b-other-jinghu.txt': { city: '安庆市', province: '安徽省' } }));
    const result = await ingestFolder(dir);
    expect(result.reports.map((r) => [r.meta.file, r.meta.city])).toEqual([
      ['a-jinghu.txt', '芜湖市'],
      ['b-other-jinghu.txt', '安庆市'],
    ]);
  });
});
