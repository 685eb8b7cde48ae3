import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/ingest/index.js';
import { tempDir } from './fixtures.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

/** A report laid out with every rung of the ladder, including 十一、 and full-width （一）. */
const LADDER = [
  '某县司法局2023年工作总结',
  '2023年,我局认真履职,各项工作取得成效。现将工作情况总结如下:',
  '一、主要工作',
  '（一）强化依法行政',
  '1．审查文件。全年审查规范性文件12件。',
  '2、开展培训。一是组织集中培训3次;二是开展网上学法,参学1200人次。',
  '十一、存在的不足',
  '一是队伍力量薄弱。二是经费保障不足。',
  '三是基层基础薄弱',
  '部分司法所办公用房不足。',
  '信息化水平不高。',
  '十二、2024年工作打算',
  '加强队伍建设',
  '推进法治宣传,计划开展活动20场。',
  '十三、2024年工作',
  '深化综合执法改革。',
  '阳山县司法局',
  '2024年1月8日',
].join('\n');

describe('heading ladder on a made-up report', async () => {
  const file = path.join(dir, 'ladder.txt');
  writeFileSync(file, LADDER);
  const report = await ingestFile(file);
  const pathOf = (words: string) => report.chunks.find((c) => c.text.includes(words))?.sectionPath;

  it('reads every rung, including 十一、 and full-width numbering', () => {
    expect(pathOf('审查规范性文件12件')).toEqual(['一、主要工作', '（一）强化依法行政', '1．审查文件']);
    expect(pathOf('参学1200人次')).toEqual(['一、主要工作', '（一）强化依法行政', '2、开展培训', '二是']);
    expect(pathOf('经费保障不足')).toEqual(['十一、存在的不足', '二是']);
    expect(pathOf('部分司法所办公用房不足')).toEqual(['十一、存在的不足', '三是']);
    expect(pathOf('信息化水平不高')).toEqual(['十一、存在的不足']);
    expect(pathOf('计划开展活动20场')).toEqual(['十二、2024年工作打算', '加强队伍建设']);
  });

  it('labels roles and keeps the signature out of the body', () => {
    expect(report.chunks.find((c) => c.text.includes('队伍力量薄弱'))?.role).toBe('problems');
    expect(report.chunks.find((c) => c.text.includes('计划开展活动'))?.role).toBe('plans');
    expect(report.chunks.find((c) => c.text.includes('深化综合执法改革'))?.role).toBe('plans');
    expect(pathOf('2024年1月8日')).toEqual(['落款']);
    expect(report.meta).toMatchObject({ region: '阳山县', year: 2023, period: '全年', kind: '工作总结', signedDate: '2024-01-08' });
  });
});

describe('signature', () => {
  it('is read from one line with the office and a date in Chinese numerals', async () => {
    const file = path.join(dir, 'signed.txt');
    writeFileSync(file, '2023年,我局认真履职。\n一、主要工作\n办理案件5件。\n阳山县司法局 二〇二四年一月八日\n');
    const report = await ingestFile(file);
    expect(report.meta.signedDate).toBe('2024-01-08');
    expect(report.chunks.at(-1)?.sectionPath).toEqual(['落款']);
  });
});
