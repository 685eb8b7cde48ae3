import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFolder } from '../../src/ingest/index.js';
import type { Chunk, Report } from '../../src/ingest/types.js';
import { REPORT_FILES, reportsDir, tempDir } from './fixtures.js';

/** The five real reports, copied without any manifest: everything here is detected from the text. */

let reports: Map<string, Report>;
const folder = tempDir();
afterAll(folder.cleanup);

beforeAll(async () => {
  for (const file of Object.values(REPORT_FILES)) copyFileSync(path.join(reportsDir, file), path.join(folder.dir, file));
  const result = await ingestFolder(folder.dir);
  expect(result.problems).toEqual([]);
  reports = new Map(result.reports.map((r) => [r.meta.file, r]));
});

const report = (file: string) => reports.get(file)!;

function chunkWith(r: Report, words: string): Chunk {
  const chunk = r.chunks.find((c) => c.text.includes(words));
  expect(chunk, words).toBeDefined();
  return chunk!;
}

function figure(r: Report, raw: string) {
  const found = r.figures.find((f) => f.raw === raw);
  expect(found, raw).toBeDefined();
  return found!;
}

describe('metadata detected from the text alone', () => {
  it.each([
    [REPORT_FILES.yangshan, { bureau: '阳山县司法局', region: '阳山县', city: '清远市', province: '广东省', year: 2024, period: '全年', kind: '法治政府建设年度报告', script: 'simplified' }],
    [REPORT_FILES.cixi, { bureau: '慈溪市司法局', region: '慈溪市', city: '宁波市', province: '浙江省', year: 2021, period: '全年', signedDate: '2022-02-28' }],
    [REPORT_FILES.jinghu, { bureau: '镜湖区司法局', region: '镜湖区', city: '芜湖市', province: '安徽省', year: 2024, period: '上半年', kind: '工作总结' }],
    [REPORT_FILES.mazhang, { bureau: '麻章区司法局', region: '麻章区', city: '湛江市', province: '广东省', year: 2020, period: '全年', signedDate: '2021-01-05' }],
    [REPORT_FILES.liangping, { bureau: '梁平区司法局', region: '梁平区', city: '重庆市', province: '重庆市', year: 2024, period: '全年', script: 'traditional' }],
  ])('%s', (file, expected) => {
    expect(report(file).meta).toMatchObject({ ...expected, file, id: file.replace('.txt', '') });
  });

  it('keeps a title the report has and makes one up when it has none', () => {
    expect(report(REPORT_FILES.jinghu).meta.title).toBe('镜湖区司法局2024年上半年工作总结');
    expect(report(REPORT_FILES.mazhang).meta.title).toBe('麻章区司法局2020年度法治政府建设工作报告');
    expect(report(REPORT_FILES.yangshan).meta.title).toBe('阳山县司法局2024年法治政府建设年度报告');
  });
});

describe('sections', () => {
  it('follow the heading ladder down to numbered items', () => {
    const c = chunkWith(report(REPORT_FILES.yangshan), '共受理法律援助案件202件');
    expect(c.sectionPath).toEqual(['一、主要措施及成效', '(五)优化司法为民', '4.提升法律援助服务能力']);
    expect(c.role).toBe('measures');
  });

  it('make each run-in item (一是, 二是 …) its own step, in Traditional script too', () => {
    const c = chunkWith(report(REPORT_FILES.liangping), '調解成功率達99.97%');
    expect(c.sectionPath).toEqual(['一、2024法治政府建設工作情況', '(四)防范化解風險', '一是']);
    expect(chunkWith(report(REPORT_FILES.jinghu), '7000余本').sectionPath).toEqual(['三、坚持强化行政权力规范运行', '三是']);
  });

  it('place an unnumbered heading line beside its numbered siblings', () => {
    const c = chunkWith(report(REPORT_FILES.mazhang), '抓好青少年普法教育');
    expect(c.sectionPath).toEqual(['一、2020年工作开展情况', '（四）以普法依法治理为核心', '持续强化重点对象法治宣传教育', '二是']);
  });

  it('label problems and plans, children inheriting from their parent', () => {
    const liangping = report(REPORT_FILES.liangping);
    expect(chunkWith(liangping, '對全區法治建設調研不足')).toMatchObject({ role: 'problems', sectionPath: ['二、存在的問題', '一是'] });
    expect(chunkWith(liangping, '強化思想引領').role).toBe('plans');
    expect(chunkWith(report(REPORT_FILES.cixi), '法治政府统筹协调机制仍需完善').role).toBe('problems');
    expect(chunkWith(report(REPORT_FILES.mazhang), '机构改革后职能增多').role).toBe('problems');
    expect(chunkWith(report(REPORT_FILES.mazhang), '谋划准备“七五”普法终期验收').role).toBe('plans');
    const problems = report(REPORT_FILES.yangshan).sections.find((s) => s.path.join() === '二、存在的问题');
    expect(problems?.role).toBe('problems');
  });

  it('span from their heading to the next heading of the same or higher level', () => {
    const r = report(REPORT_FILES.yangshan);
    const first = r.sections.find((s) => s.path.length === 1 && s.path[0] === '一、主要措施及成效')!;
    const second = r.sections.find((s) => s.path.length === 1 && s.path[0] === '二、存在的问题')!;
    expect(first.span.end).toBe(second.span.start);
    expect(r.text.slice(second.heading.start, second.heading.end)).toBe('二、存在的问题');
  });
});

describe('chunks, sentences and figures', () => {
  it('quote the report exactly: every span is a slice of the original text', () => {
    for (const r of reports.values()) {
      expect(r.folded).toHaveLength(r.text.length);
      r.chunks.forEach((c, n) => {
        expect(c.id).toBe(`${r.meta.id}#${n}`);
        expect(c.text).toBe(r.text.slice(c.start, c.end));
        expect(c.folded).toHaveLength(c.text.length);
        for (const s of c.sentences) {
          expect(s.start >= c.start && s.end <= c.end).toBe(true);
          for (const clause of s.clauses) expect(clause.start >= s.start && clause.end <= s.end).toBe(true);
        }
      });
      for (const f of r.figures) expect(r.text.slice(f.start, f.end)).toBe(f.raw);
    }
  });

  it('lose no content: every line of text is inside some chunk', () => {
    for (const r of reports.values()) {
      const covered = new Uint8Array(r.text.length);
      for (const c of r.chunks) covered.fill(1, c.start, c.end);
      const lost = [...r.text].filter((ch, i) => covered[i] === 0 && /[\p{L}\p{N}]/u.test(ch));
      expect(lost.join(''), r.meta.file).toBe('');
    }
  });

  it('keep chunks short, cut between sentences', () => {
    for (const r of reports.values()) {
      for (const c of r.chunks) {
        expect(c.text.length, c.id).toBeLessThanOrEqual(800);
        expect(c.sentences.length).toBeGreaterThan(0);
      }
    }
  });

  it('extract figures with value, unit, qualifier and the phrase they measure', () => {
    const liangping = report(REPORT_FILES.liangping);
    expect(figure(liangping, '11228件')).toMatchObject({ value: 11228, unit: '件', phrase: '各人民調解組織累計調解矛盾糾紛' });
    expect(figure(liangping, '99.97%')).toMatchObject({ value: 99.97, unit: '%', phrase: '調解成功率' });
    const yangshan = report(REPORT_FILES.yangshan);
    expect(figure(yangshan, '2067.31万元')).toMatchObject({ value: 20673100, number: 2067.31, scale: 1e4, unit: '元', phrase: '涉及标的额' });
    expect(figure(yangshan, '202件')).toMatchObject({ phrase: '共受理法律援助案件' });
    expect(figure(report(REPORT_FILES.cixi), '1.78亿元')).toMatchObject({ value: 178000000, unit: '元' });
    expect(figure(report(REPORT_FILES.jinghu), '130余场次')).toMatchObject({ value: 130, unit: '场次', approx: '余' });
    const f = figure(yangshan, '约4000份');
    expect(yangshan.text.slice(f.sentence.start, f.sentence.end)).toBe('提供法律帮助147件,法律咨询168人次,开展法律援助法治宣传21场次,发放宣传资料约4000份。');
  });

  it('do not count years, dates, ordinals or list numbers as figures', () => {
    for (const r of reports.values()) {
      const raws = r.figures.map((f) => f.raw);
      expect(raws).not.toContain('2024');
      expect(raws.filter((raw) => /^\d+$/.test(raw))).toEqual([]);
    }
  });
});
