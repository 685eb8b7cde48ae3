import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFile, ingestFolder, readManifest } from '../../src/ingest/index.js';
import type { IngestProblem } from '../../src/ingest/types.js';
import { REPORT_FILES, reportText, tempDir } from './fixtures.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const write = (name: string, content: string) => writeFileSync(path.join(dir, name), content);

describe('manifest.json', () => {
  it('overrides detected fields for a file, and recomputes what depends on them', async () => {
    write(REPORT_FILES.yangshan, reportText(REPORT_FILES.yangshan));
    write('manifest.json', JSON.stringify({ $comment: 'notes are ignored', [REPORT_FILES.yangshan]: { region: '连山壮族瑶族自治县', year: 2023, period: '上半年' } }));
    const { reports, problems } = await ingestFolder(dir);
    expect(problems).toEqual([]);
    expect(reports[0]!.meta).toMatchObject({
      region: '连山壮族瑶族自治县',
      city: '清远市',
      province: '广东省',
      bureau: '连山壮族瑶族自治县司法局',
      year: 2023,
      period: '上半年',
      title: '连山壮族瑶族自治县司法局2023年上半年法治政府建设年度报告',
    });
  });

  it('is optional, and applies when passed to ingestFile', async () => {
    write('r.txt', reportText(REPORT_FILES.liangping));
    expect(readManifest(dir)).toEqual({});
    const report = await ingestFile(path.join(dir, 'r.txt'), { manifest: { 'r.txt': { bureau: '梁平区司法局（测试）', signedDate: '2025-01-10' } } });
    expect(report.meta).toMatchObject({ bureau: '梁平区司法局（测试）', signedDate: '2025-01-10', region: '梁平区' });
  });

  it('reports bad JSON or a bad entry as a problem instead of failing', async () => {
    write('a.txt', reportText(REPORT_FILES.jinghu));
    write('manifest.json', '{ "a.txt": { "year": 2024, }');
    const result = await ingestFolder(dir);
    expect(result.reports).toHaveLength(1);
    expect(result.problems).toEqual([{ file: 'manifest.json', reason: expect.stringMatching(/不是有效的 JSON/) }]);

    write('manifest.json', JSON.stringify({ 'a.txt': { year: '二〇二四', period: '全年' }, 'gone.txt': { year: 2020 } }));
    const problems: IngestProblem[] = [];
    expect(readManifest(dir, problems)).toEqual({ 'gone.txt': { year: 2020 } });
    expect(problems[0]).toMatchObject({ file: 'manifest.json', reason: expect.stringContaining('a.txt') });
    const again = await ingestFolder(dir);
    expect(again.problems.map((p) => p.reason).join()).toMatch(/gone\.txt.*没有对应的报告文件/);
  });
});
