import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnswerService } from '../../src/answer/service.js';
import type { Answer, AnswerService } from '../../src/answer/types.js';
import type { Report } from '../../src/ingest/types.js';
import { createLogger } from '../../src/logger.js';
import { openTestLibrary, testConfig } from '../support/library.js';

/** How answers are cut and framed: shortest quotes, period caveats, heading-tree overviews, answers across regions, key figures. */

let service: AnswerService;
let reports: readonly Report[];

beforeAll(async () => {
  const library = await openTestLibrary();
  reports = library.index.reports;
  service = createAnswerService({ config: testConfig({ vectorstoreDir: path.join(os.tmpdir(), 'answer-test-unused') }), logger: createLogger('silent'), library });
});

function expectVerbatim(answer: Answer): void {
  for (const c of answer.citations) expect(reports.find((r) => r.meta.id === c.reportId)?.text.slice(c.start, c.end)).toBe(c.quote);
}

/** The sentence (split at 。！？；) a citation's quote stands in. */
function sentenceOf(answer: Answer, n: number): string {
  const c = answer.citations.find((x) => x.n === n);
  const report = reports.find((r) => r.meta.id === c?.reportId);
  const sentence = report?.chunks.flatMap((k) => k.sentences).find((s) => c && s.start <= c.start && c.start < s.end);
  return sentence && report ? report.text.slice(sentence.start, sentence.end) : '';
}

describe('a figure is quoted in the shortest clause that says what it measures', () => {
  it('quotes 累計受理法律援助案件627件, not the whole sentence about hotlines around it', async () => {
    const answer = await service.ask('梁平區累計受理法律援助案件多少件');
    const quote = answer.citations[0]?.quote ?? '';
    expect(quote.replace(/。$/, '')).toBe('累計受理法律援助案件627件');
    expect(sentenceOf(answer, 1)).toContain('12348');
    expectVerbatim(answer);
  });

  it.each([
    ['慈溪市外聘了多少名法律顾问？', '87名', '法律顾问'],
    ['阳山县人民调解协议金额是多少？', '2353.77万元', '协议金额'],
    ['麻章区调解成功率是多少', '97.6%', '调解成功率'],
  ])('%s: one clause with the figure and its phrase, shorter than the sentence', async (question, figure, phrase) => {
    const answer = await service.ask(question);
    const quote = answer.citations[0]?.quote ?? '';
    expect(quote).toContain(figure);
    expect(quote).toContain(phrase);
    expect(quote.length).toBeLessThan(sentenceOf(answer, 1).length);
    expect(quote).not.toMatch(/[，,；;]/);
  });

  it('takes in the clause before when the figure’s own clause does not name what it counts (累计730余人参与)', async () => {
    const answer = await service.ask('镜湖区累计多少人参与依法行政能力提升测试');
    expect(answer.text).toContain('730');
    const quote = answer.citations[0]?.quote ?? '';
    expect(quote).toContain('依法行政能力提升测试');
    expect(quote).toContain('730余人');
  });

  it('never leaves a bracket open where a clause break fell inside it', async () => {
    const answer = await service.ask('麻章区办理了多少宗法律援助案件？');
    const quote = answer.citations[0]?.quote ?? '';
    expect(quote).toContain('680宗');
    expect((quote.match(/[（(]/g) ?? []).length).toBe((quote.match(/[）)]/g) ?? []).length);
  });
});

describe('a whole year asked of a report that covers half of it', () => {
  it.each(['镜湖区全年受理法律援助案件多少件', '镜湖区一年受理了多少法律援助案件', '鏡湖區2024年全年化解了多少矛盾糾紛'])(
    '%s: says plainly the report covers only 2024年上半年, and gives the half-year figure as such',
    async (question) => {
      const answer = await service.ask(question);
      expect(answer.text).toContain('镜湖区的报告只覆盖2024年上半年');
      expect(answer.text).toContain('不是全年的');
      expect(answer.citations.length).toBeGreaterThan(0);
      expect(answer.citations.every((c) => c.region === '镜湖区' && c.period === '上半年')).toBe(true);
      expect(answer.notFound).toBe(true);
    },
  );

  it('a full-year report asked about 全年 gets no such caveat', async () => {
    const answer = await service.ask('梁平区全年办理公证多少件？');
    expect(answer.notFound).toBe(false);
    expect(answer.text).not.toContain('只覆盖');
  });
});

describe('"做了哪些工作" for a region is answered from its heading tree', () => {
  it.each([
    ['阳山县做了哪些工作？', '阳山县', '优化司法为民,提升公共法律服务水平'],
    ['慈溪市采取了哪些措施', '慈溪市', '聚焦矛盾纠纷调处化解'],
    ['梁平區主要成效有哪些？', '梁平区', '防范化解風險,夯實平安梁平法治根基'],
    ['镜湖区上半年取得了哪些成绩', '镜湖区', '人民调解工作提质增效'],
  ])('%s', async (question, region, heading) => {
    const answer = await service.ask(question);
    expect(answer.notFound).toBe(false);
    expect(answer.text).toContain(heading);
    expect(answer.citations.length).toBeGreaterThanOrEqual(4);
    for (const c of answer.citations) {
      expect(c.region).toBe(region);
      // each item quotes a heading of the measures sections, never the preamble, problems or plans
      expect(c.section).not.toBe('正文');
      expect(c.section).not.toMatch(/问题|問題|下一步|下步|计划/);
    }
    expectVerbatim(answer);
  });
});

describe('"在某方面做了哪些工作" quotes the sections whose headings name the topic', () => {
  it.each([
    ['阳山县在法律援助方面做了哪些工作', '阳山县', '提升法律援助服务能力', '202件'],
    ['梁平区在行政执法方面采取了哪些措施', '梁平区', '行政執法改革', '7+1'],
  ])('%s', async (question, region, heading, detail) => {
    const answer = await service.ask(question);
    expect(answer.notFound).toBe(false);
    expect(answer.citations.every((c) => c.region === region)).toBe(true);
    expect(answer.citations.some((c) => c.quote.includes(heading))).toBe(true);
    expect(answer.citations.some((c) => c.quote.includes(detail))).toBe(true);
    expectVerbatim(answer);
  });
});

describe('everyday wording', () => {
  it.each([
    ['麻章那边驻村帮扶拆了几间危房', '13间'],
    ['阳山县里村居法律顾问出具了多少件法律意见', '85件'],
    ['阳山那边一共调解了多少纠纷', '1161件'],
    ['镜湖区上半年接了多少个法援案子', '236件'],
    ['慈溪去年法援办了多少件啊', '1131件'],
  ])('%s → %s', async (question, figure) => {
    const answer = await service.ask(question);
    expect(answer.notFound).toBe(false);
    expect(answer.blocks[0]?.kind === 'paragraph' && answer.blocks[0].content.some((i) => i.kind === 'strong' && i.text === figure)).toBe(true);
    expect(answer.citations[0]?.quote).toContain(figure);
  });
});

describe('a figure asked across regions', () => {
  it('"哪个地区法律援助案件最多？" gives every region’s figure, quoted, names the largest with its period and the largest among reports of the same period', async () => {
    const answer = await service.ask('哪个地区法律援助案件最多？');
    expect(answer.notFound).toBe(false);
    for (const figure of ['202', '1131', '236', '680', '627']) {
      expect(answer.text).toContain(figure);
      expect(answer.citations.some((c) => c.quote.includes(figure))).toBe(true);
    }
    expect(new Set(answer.citations.map((c) => c.region)).size).toBe(5);
    expect(answer.text).toContain('不能直接相比');
    expect(answer.text.split('\n')[0]).toContain('最多的是慈溪市：1131件（2021年全年）');
    expect(answer.text).toContain('同为2024年全年的报告中，最多的是梁平区（627件）');
    expectVerbatim(answer);
  });

  it('"五个地区的人民调解成功率分别是多少" gives each rate it finds and says which reports do not give one', async () => {
    const answer = await service.ask('五个地区的人民调解成功率分别是多少');
    expect(answer.notFound).toBe(false);
    for (const rate of ['99.9%', '97.6%', '99.97%']) expect(answer.text).toContain(rate);
    expect(answer.text).toContain('报告未提及');
    expect(answer.text).not.toContain('调处率');
    expect(answer.text).toContain('不能直接相比');
  });

  it('"2024年各地受理了多少法律援助案件？" keeps to 2024 and says the half year differs', async () => {
    const answer = await service.ask('2024年各地受理了多少法律援助案件？');
    expect(new Set(answer.citations.map((c) => c.region))).toEqual(new Set(['阳山县', '镜湖区', '梁平区']));
    expect(answer.text).toContain('2024年上半年');
    expect(answer.text).toContain('不能直接相比');
  });

  it('a figure no region gives is not found', async () => {
    const answer = await service.ask('各地的常住人口分别是多少？');
    expect(answer.notFound).toBe(true);
    expect(answer.citations).toEqual([]);
  });
});

describe('summary key figures', () => {
  it.each(['阳山', '慈溪', '镜湖', '麻章', '梁平'])('%s: 10+ figures with a clear phrase and unit, no counts in words, spread over sections', async (region) => {
    const answer = await service.summary(region);
    const figures = answer.keyFigures ?? [];
    expect(figures.length).toBeGreaterThanOrEqual(10);
    for (const f of figures) {
      expect(f.raw).not.toMatch(/^[一二两三四五六七八九十]/);
      expect(f.unit).not.toMatch(/^(?:年|周年|小时|学时)?$/);
      expect(f.raw).not.toBe('3個');
      expect(answer.citations.find((c) => c.n === f.n)?.quote).toContain(f.raw);
    }
    const sections = new Set(figures.map((f) => answer.citations.find((c) => c.n === f.n)?.section.split(' > ').slice(0, 3).join('>')));
    expect(sections.size).toBeGreaterThanOrEqual(5);
  });
});
