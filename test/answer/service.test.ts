import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnswerService } from '../../src/answer/service.js';
import type { Answer, AnswerService } from '../../src/answer/types.js';
import { projectRoot } from '../../src/config.js';
import { parseCases } from '../../src/evaluation/cases.js';
import { answerCase } from '../../src/evaluation/run.js';
import { scoreCase } from '../../src/evaluation/score.js';
import type { Report } from '../../src/ingest/types.js';
import { createLogger } from '../../src/logger.js';
import { openTestLibrary, testConfig } from '../support/library.js';

let service: AnswerService;
let reports: ReadonlyMap<string, Report>;

beforeAll(async () => {
  const library = await openTestLibrary();
  const config = testConfig({ vectorstoreDir: path.join(os.tmpdir(), 'answer-test-unused') });
  service = createAnswerService({ config, logger: createLogger('silent'), library });
  reports = new Map(library.index.reports.map((r) => [r.meta.id, r]));
});

/** Every citation quotes its report exactly, at its offsets, in at most 300 characters. */
function expectVerbatim(answer: Answer): void {
  for (const c of answer.citations) {
    const report = reports.get(c.reportId);
    expect(report, `report ${c.reportId}`).toBeDefined();
    expect(report?.text.slice(c.start, c.end)).toBe(c.quote);
    expect(c.quote.length).toBeLessThanOrEqual(300);
    expect(c.quote.trim().length).toBeGreaterThan(0);
  }
}

function casesFrom(file: string) {
  return existsSync(file) ? parseCases(readFileSync(file, 'utf8')).cases : [];
}

const caseFiles = ['../shared/eval/dev.jsonl', 'test/eval/holdout.jsonl', 'test/answer/extra-cases.jsonl', 'test/answer/probe-cases.jsonl'].map((f) => path.join(projectRoot, f));

describe('evaluation cases (dev set and our own phrasings, Traditional, not-found, summaries, comparisons)', () => {
  const cases = caseFiles.flatMap(casesFrom);
  it.each(cases.map((c) => [`${c.id} ${c.kind}`, c] as const))('%s', async (_name, c) => {
    const answer = await answerCase(service, c);
    expect(scoreCase(c, answer, reports).reasons).toEqual([]);
    expectVerbatim(answer);
  });
});

describe('fact answers', () => {
  it('gives the most direct figure in bold with its citation, and the other candidate with its own', async () => {
    const answer = await service.ask('阳山县办理了多少件法律援助案件？');
    expect(answer.kind).toBe('fact');
    const lead = answer.blocks[0];
    expect(lead?.kind === 'paragraph' && lead.content.some((i) => i.kind === 'strong' && i.text === '202件')).toBe(true);
    const first = answer.citations[0];
    expect(first).toMatchObject({ n: 1, bureau: '阳山县司法局', region: '阳山县', year: 2024, period: '全年' });
    expect(first?.quote).toContain('202件');
    expect(first?.section).toContain('一、主要措施及成效');
    expect(answer.citations.some((c) => c.n > 1 && c.quote.includes('法律援助案件28件'))).toBe(true);
    expect(answer.text).toContain('28件');
    expectVerbatim(answer);
  });

  it('answers a Traditional question from a Traditional report, quoting it in its own script', async () => {
    const answer = await service.ask('梁平區復議首選率提升到多少？');
    expect(answer.notFound).toBe(false);
    expect(answer.text).toContain('64.9%');
    expect(answer.citations[0]?.quote).toContain('復議首選率');
    expectVerbatim(answer);
  });

  it('prefers what was achieved over a plan’s target', async () => {
    const answer = await service.ask('梁平区人民调解协议履行率是多少');
    expect(answer.text).toContain('99.85%');
    expect(answer.citations[0]?.section).not.toContain('下一步');
  });

  it('answers "how" questions with quotes of the passages that match', async () => {
    const answer = await service.ask('镜湖区是怎么打造法治文化公园的？');
    expect(answer.notFound).toBe(false);
    expect(answer.citations.every((c) => c.region === '镜湖区')).toBe(true);
    expect(answer.citations.some((c) => c.quote.includes('滨江法治文化公园'))).toBe(true);
    expectVerbatim(answer);
  });

  it('answers a part asked by "X中Y" with the part, quoted with its whole up to the closing bracket', async () => {
    const answer = await service.ask('麻章区法律援助案件中刑事案件有多少宗？');
    const lead = answer.blocks[0];
    expect(lead?.kind === 'paragraph' && lead.content.some((i) => i.kind === 'strong' && i.text === '558宗')).toBe(true);
    expect(answer.citations[0]?.quote).toContain('法律援助案件680宗（其中刑事案件558宗');
    expect(answer.citations[0]?.quote).toContain('）');
    expectVerbatim(answer);
  });

  it('tells sibling rates apart by the words of their own group in a sentence', async () => {
    const answer = await service.ask('阳山县行政检查的公示及时率是多少？');
    expect(answer.text.split('\n')[0]).toContain('99.37%');
    expectVerbatim(answer);
  });

  it.each([
    ['梁平区在册社区矫正对象有多少人？', '272人'],
    ['阳山县民间纠纷调处成功多少件？', '1152件'],
    ['慈溪市行政诉讼发案量多少件？', '94件'],
  ])('in a list sharing one subject, the figure named by the distinguishing word answers first: %s', async (question, figure) => {
    const answer = await service.ask(question);
    expect(answer.text.split('\n')[0]).toContain(figure);
    expectVerbatim(answer);
  });

  it('puts the plans that match a topic first', async () => {
    const answer = await service.ask('阳山县下一步怎么提升公共法律服务？');
    expect(answer.citations[0]?.quote).toContain('持续提升公共法律服务水平');
    expect(answer.citations[0]?.section).toContain('下一步');
    // a plan given only as a heading is judged by its section's words (普法 is in its text, not its heading)
    const headings = await service.ask('麻章区下一步普法工作怎么安排？');
    expect(headings.citations[0]?.quote).toContain('扎实抓好法治宣传教育');
  });

  it('records stage timings and the context for a follow-up', async () => {
    const answer = await service.ask('慈溪市2021年行政复议发案量是多少？');
    expect(answer.timings).toHaveProperty('parse');
    expect(answer.timings).toHaveProperty('answer');
    expect(answer.context).toMatchObject({ regions: ['慈溪市'], years: [2021] });
  });
});

describe('questions across regions and about the library', () => {
  it('a question naming no region gets each report’s figure, with the periods said to differ', async () => {
    const answer = await service.ask('哪个区县的人民调解成功率最高？');
    expect(answer.notFound).toBe(false);
    expect(new Set(answer.citations.map((c) => c.region)).size).toBeGreaterThanOrEqual(2);
    expect(answer.text).toContain('99.97%');
    expect(answer.text).toContain('不能直接相比');
    expectVerbatim(answer);
  });

  it('"有哪些报告？" lists the reports', async () => {
    const answer = await service.ask('你们收录了哪些报告？');
    expect(answer.kind).toBe('reports');
    expect(answer.text).toContain('镜湖区司法局2024年上半年工作总结');
  });

  it('a whole year asked of a half-year report shows the half-year figure but is not an answer', async () => {
    const answer = await service.ask('镜湖区2024年全年受理法援案件多少件？');
    expect(answer.notFound).toBe(true);
    expect(answer.text).toContain('上半年');
    expect(answer.text).toContain('236');
    expectVerbatim(answer);
  });

  it('a measure with 问题 in its name is not a question about problems', async () => {
    const answer = await service.ask('阳山是如何抓好职权下放重放轻管问题专项整治工作的？');
    expect(answer.citations.some((c) => c.section.includes('加强统筹协调'))).toBe(true);
  });
});

describe('not found', () => {
  it.each([
    ['a figure no report gives', '慈溪市2021年常住人口有多少？', '常住人口'],
    ['a budget', '梁平区2024年财政预算是多少？', '财政'],
  ])('%s: says what the report does not mention, cites nothing, and says what the report covers', async (_name, question, missing) => {
    const answer = await service.ask(question);
    expect(answer.notFound).toBe(true);
    expect(answer.citations).toEqual([]);
    expect(answer.text).toContain(missing);
    expect(answer.text).toContain('这份报告写的是');
  });

  it.each([
    ['a region no report covers', '上海市浦东新区司法局2022年人民调解了多少件纠纷？'],
    ['a year the region has no report for', '阳山县2020年受理了多少件法律援助案件？'],
    ['a part of the year no report covers', '镜湖区下半年受理了多少件法律援助案件？'],
  ])('%s: says so, cites nothing, and says what the reports cover', async (_name, question) => {
    const answer = await service.ask(question);
    expect(answer.notFound).toBe(true);
    expect(answer.kind).toBe('notFound');
    expect(answer.citations).toEqual([]);
    expect(answer.text).toContain('阳山县（2024年全年）');
    expect(answer.text).toContain('镜湖区（2024年上半年）');
  });
});

describe('follow-ups', () => {
  it('"那镜湖区呢？" asks the previous question of another region', async () => {
    const first = await service.ask('阳山县受理了多少件法律援助案件？');
    const next = await service.ask('那镜湖区呢？', { previous: first.context });
    expect(next.text).toContain('236');
    expect(next.citations.every((c) => c.region === '镜湖区')).toBe(true);
    expect(next.context?.regions).toEqual(['镜湖区']);
  });

  it('"它存在什么问题？" and "问题呢" stay with the previous region', async () => {
    const first = await service.ask('梁平区新接收了多少名社区矫正对象？');
    for (const q of ['它存在什么问题？', '问题呢']) {
      const next = await service.ask(q, { previous: first.context });
      expect(next.notFound).toBe(false);
      expect(next.citations.length).toBeGreaterThan(0);
      expect(next.citations.every((c) => c.region === '梁平区')).toBe(true);
      expect(next.citations.some((c) => c.section.startsWith('二、存在的問題'))).toBe(true);
    }
  });

  it('says plainly when the region has no problems section', async () => {
    const first = await service.ask('镜湖区上半年受理法援案件多少件？');
    const next = await service.ask('存在哪些问题？', { previous: first.context });
    expect(next.notFound).toBe(true);
    expect(next.text).toContain('没有专门写存在的问题');
  });
});

describe('bad input', () => {
  it.each([
    ['empty', ''],
    ['white space', '   \n\t '],
    ['punctuation only', '？？！。……'],
    ['emoji only', '😀😀🎉'],
    ['6,000 characters', '法律援助'.repeat(1500)],
  ])('%s gets a clear message and no citations', async (_name, question) => {
    const answer = await service.ask(question);
    expect(answer.kind).toBe('invalid');
    expect(answer.notFound).toBe(true);
    expect(answer.citations).toEqual([]);
    expect(answer.text.length).toBeGreaterThan(5);
  });

  it('a question pasted with HTML is read without its markup', async () => {
    const answer = await service.ask('<b>阳山县</b><script>alert(1)</script>受理了多少件法律援助案件？');
    expect(answer.text).toContain('202件');
    expect(answer.text).not.toContain('script');
    expect((await service.ask('<p>&nbsp;</p>')).kind).toBe('invalid');
  });

  it('a city with only a county under it covered is not answered, and the county is named', async () => {
    const asked = await service.ask('清远市司法局2024年办理了多少件法律援助案件？');
    expect(asked.notFound).toBe(true);
    expect(asked.citations).toEqual([]);
    expect(asked.text).toContain('阳山县');
    const summary = await service.summary('清远');
    expect(summary.notFound).toBe(true);
    expect(summary.text).toContain('清远市下辖的阳山县有报告');
  });

  it('an unknown place is not answered from another region', async () => {
    const answer = await service.ask('火星县司法局办理了多少件行政复议案件？');
    expect(answer.notFound).toBe(true);
    expect(answer.citations).toEqual([]);
  });
});

describe('summary', () => {
  it('follows the heading tree and cites 10+ key figures with units', async () => {
    const answer = await service.summary('阳山');
    expect(answer.kind).toBe('summary');
    expect(answer.text).toContain('阳山县司法局2024年法治政府建设年度报告');
    for (const h of ['主要措施', '关键数字', '存在的问题', '下一步工作']) expect(answer.blocks.some((b) => b.kind === 'heading' && b.text === h)).toBe(true);
    expect(answer.text).toContain('优化司法为民,提升公共法律服务水平');
    const figures = answer.keyFigures ?? [];
    expect(figures.length).toBeGreaterThanOrEqual(10);
    for (const f of figures) {
      expect(f.unit).not.toBe('');
      expect(answer.citations.find((c) => c.n === f.n)?.quote).toContain(f.raw);
    }
    expect(new Set(figures.map((f) => answer.citations.find((c) => c.n === f.n)?.section.split(' > ')[1])).size).toBeGreaterThan(3);
    expectVerbatim(answer);
  });

  it('accepts Traditional region names and refuses unknown ones', async () => {
    expect((await service.summary('梁平區')).citations.every((c) => c.region === '梁平区')).toBe(true);
    const unknown = await service.summary('火星');
    expect(unknown.kind).toBe('invalid');
    expect(unknown.text).toContain('火星');
  });
});

describe('compare', () => {
  it('aligns measures side by side, states the period difference, and fills the comparison', async () => {
    const answer = await service.compare('阳山', '镜湖', '法律援助');
    expect(answer.kind).toBe('compare');
    expect(answer.text).toContain('上半年');
    const cases = answer.comparison?.measures.find((m) => m.measure === '法律援助案件');
    expect(cases?.sides.map((s) => s?.value)).toEqual([202, 236]);
    for (const side of cases?.sides ?? []) expect(answer.citations.find((c) => c.n === side?.n)?.quote).toContain(String(side?.value));
    expect(answer.comparison?.regions.map((r) => r.region)).toEqual(['阳山县', '镜湖区']);
    expectVerbatim(answer);
  });

  it('reads "A比B多吗" as a comparison and says what is wrong with a pair it cannot compare', async () => {
    const more = await service.ask('阳山县的法律援助案件比镜湖区多还是少？');
    expect(more.kind).toBe('compare');
    expect(more.text).toContain('202件');
    expect(more.text).toContain('236件');
    expect(more.text.split('\n')[0]).not.toContain('还是');
    const self = await service.ask('阳山和阳山比较一下');
    expect(self.text).toContain('同一个');
    const unknown = await service.ask('比较梁平和火星县的法律援助');
    expect(unknown.notFound).toBe(true);
    expect(unknown.text).toContain('“火星县”');
  });

  it('marks a measure one report lacks as 报告未提及', async () => {
    const answer = await service.compare('镜湖', '梁平', '法律援助');
    const missing = answer.comparison?.measures.filter((m) => m.sides.some((s) => s === undefined)) ?? [];
    if (missing.length > 0) expect(answer.text).toContain('报告未提及');
    expect(answer.citations.some((c) => c.region === '镜湖区')).toBe(true);
    expect(answer.citations.some((c) => c.region === '梁平区')).toBe(true);
  });

  it('does not pass a handling rate (调处率) off as a success rate', async () => {
    const answer = await service.compare('阳山', '梁平', '人民调解');
    const rate = answer.comparison?.measures.find((m) => m.measure.includes('成功率'));
    expect(rate?.sides[0]).toBeUndefined();
    expect(rate?.sides[1]?.raw).toBe('99.97%');
  });

  it('without a topic compares measures both reports give', async () => {
    const answer = await service.compare('慈溪', '梁平');
    const shared = answer.comparison?.measures.filter((m) => m.sides.every(Boolean)) ?? [];
    expect(shared.length).toBeGreaterThanOrEqual(3);
    expect(answer.text).toContain('不能直接相比');
  });

  it.each([
    ['the same region twice', '阳山', '阳山县', undefined, 'invalid'],
    ['an unknown region', '阳山', '火星', undefined, 'invalid'],
    ['a region without a report', '阳山', '北京市朝阳区', undefined, 'notFound'],
    ['a topic no report has', '阳山', '慈溪', '航天发射', 'notFound'],
  ] as const)('%s gets a clear answer', async (_name, a, b, topic, kind) => {
    const answer = await service.compare(a, b, topic);
    expect(answer.kind).toBe(kind);
    expect(answer.citations).toEqual([]);
    expect(answer.text.length).toBeGreaterThan(5);
  });
});

describe('reports and passages', () => {
  it('lists every report and opens the passage around a citation', async () => {
    expect(service.reports().map((m) => m.region).sort()).toEqual(['慈溪市', '梁平区', '镜湖区', '阳山县', '麻章区'].sort());
    const answer = await service.ask('麻章区摸排了多少名安置帮教对象？');
    const citation = answer.citations[0];
    expect(citation).toBeDefined();
    const passage = citation ? await service.passage(citation) : undefined;
    expect(passage?.text).toContain(citation?.quote);
    expect(passage?.section).toBe(citation?.section);
  });
});
