import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer, AnswerService, ComparedMeasure } from '../../src/answer/types.js';
import { renderComparisonChart, type RenderedChart } from '../../src/chart/index.js';
import { answerService, withMeasures } from './answers.js';
import { decodePng } from '../support/png.js';
import { svgBars, svgTexts, writtenUnit } from './inspect.js';

let service: AnswerService;
beforeAll(async () => {
  service = await answerService();
});

/** A row the chart can draw: both sides reported, both written in the row's unit. */
function comparable(measure: ComparedMeasure): boolean {
  return measure.sides.every((side) => side !== undefined && writtenUnit(side.raw) === measure.unit);
}

async function compared(regionA: string, regionB: string, topic?: string): Promise<{ answer: Answer; chart: RenderedChart }> {
  const answer = await service.compare(regionA, regionB, topic);
  const chart = await renderComparisonChart(answer);
  if (!chart) throw new Error(`no chart for ${regionA}/${regionB}/${topic ?? ''}: ${answer.text}`);
  return { answer, chart };
}

/** The source line, however many lines it wraps to. */
const sourceOf = (texts: readonly string[]) => texts.slice(texts.findIndex((text) => text.startsWith('来源'))).join('');

/**
 * In every unit's panel the largest figure spans the whole plot: each unit has its own axis. Bars
 * come two per row, rows grouped by unit in order of first appearance.
 */
function expectOwnAxisPerUnit(chart: RenderedChart, rows: readonly ComparedMeasure[]): void {
  const units = [...new Set(rows.map((row) => row.unit))];
  const ordered = units.flatMap((unit) => rows.filter((row) => row.unit === unit));
  const bars = svgBars(chart.svg);
  const full = Math.max(...bars.map((bar) => bar.length));
  const longest = units.map((unit) => Math.max(...bars.filter((bar) => ordered[Math.floor(bar.series / 2)]?.unit === unit).map((bar) => bar.length)));
  expect(longest.map((length) => Math.round(length))).toEqual(units.map(() => Math.round(full)));
}

describe('comparison chart of 阳山 and 梁平 (法律援助 / 人民调解 / 行政复议 …)', () => {
  let answer: Answer;
  let chart: RenderedChart;
  let texts: string[];
  beforeAll(async () => {
    ({ answer, chart } = await compared('阳山', '梁平'));
    texts = svgTexts(chart.svg);
  });

  it('is a whole PNG of the size it reports', () => {
    expect(decodePng(chart.png)).toMatchObject({ width: chart.width, height: chart.height });
    expect(chart.width).toBeGreaterThanOrEqual(800);
  });

  it('draws every row both regions report in one unit, with the figures as written', () => {
    for (const raw of ['202件', '627件', '1161件', '11228件']) expect(texts).toContain(raw);
    const rows = answer.comparison?.measures.filter(comparable) ?? [];
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) {
      expect(texts.join('')).toContain(row.measure);
      for (const side of row.sides) expect(texts).toContain(side?.raw);
    }
  });

  it('leaves out rows whose two figures are in different units (87宗 against 98件)', () => {
    const mixed = answer.comparison?.measures.filter((row) => row.sides.every(Boolean) && !comparable(row)) ?? [];
    expect(mixed.length).toBeGreaterThan(0);
    for (const row of mixed) {
      expect(texts.join('')).not.toContain(row.measure);
      for (const side of row.sides) expect(texts).not.toContain(side?.raw);
    }
  });

  it('names each region with its period in the legend and both reports in the source line', () => {
    expect(texts).toEqual(expect.arrayContaining(['阳山县 2024全年', '梁平区 2024全年']));
    const source = sourceOf(texts);
    expect(source).toContain('阳山县司法局 2024年');
    expect(source).toContain('梁平区司法局 2024年');
    expect(texts.join('')).not.toContain('时间范围不同');
  });

  it('never puts two units on one axis: one panel per unit, each on its own scale', () => {
    const units = [...new Set(answer.comparison?.measures.filter(comparable).map((row) => row.unit))];
    expect(units.length).toBeGreaterThanOrEqual(2);
    expect(texts.filter((text) => text.startsWith('单位：'))).toEqual(units.map((unit) => `单位：${unit}`));
    expectOwnAxisPerUnit(chart, answer.comparison?.measures.filter(comparable) ?? []);
  });

  it('has a short caption naming what is compared and exactly the citations drawn, not the labels again', () => {
    const rows = answer.comparison?.measures.filter(comparable) ?? [];
    const drawn = rows.flatMap((row) => row.sides.map((side) => side?.n ?? 0));
    const marks = [...new Set(drawn)].sort((a, b) => a - b).map((n) => `[${n}]`);
    expect(chart.caption.length).toBeLessThanOrEqual(1024);
    expect(chart.caption).toMatch(/^阳山县 2024全年 与 梁平区 2024全年：/);
    expect(chart.caption.endsWith(`数据引自 ${marks.join('')}`)).toBe(true);
    for (const row of rows) expect(chart.caption).not.toContain(row.measure);
  });

  it('is laid out for a phone: about 960 px wide, labels at least 32 px tall in the image', () => {
    expect(chart.width).toBeGreaterThanOrEqual(800);
    expect(chart.width).toBeLessThanOrEqual(1000);
    const sizes = [...chart.svg.matchAll(/font-size:\s*(\d+)px/g)].map((m) => Number(m[1]));
    const scale = chart.width / Number(/<svg[^>]*width="(\d+)"/.exec(chart.svg)?.[1]);
    expect(Math.min(...sizes) * scale).toBeGreaterThanOrEqual(24);
    const labels = answer.comparison?.measures.filter(comparable).map((row) => row.measure) ?? [];
    for (const label of labels) {
      const size = new RegExp(`font-size:\\s*(\\d+)px[^>]*>${label}<`).exec(chart.svg)?.[1];
      expect(Number(size) * scale).toBeGreaterThanOrEqual(32);
    }
  });
});

describe('comparison charts on one topic', () => {
  it('人民调解: cases, success rate and amounts each get their own axis', async () => {
    const { answer, chart } = await compared('慈溪', '梁平', '人民调解');
    const rows = answer.comparison?.measures.filter(comparable) ?? [];
    expect(rows.map((row) => row.unit)).toEqual(expect.arrayContaining(['件', '%', '元']));
    expect(svgTexts(chart.svg)).toEqual(expect.arrayContaining(['99.9%', '99.97%', '1.78亿元', '8380.54余萬元']));
    expectOwnAxisPerUnit(chart, rows);
  });

  it('法律援助: cases and consultations, each on its own axis', async () => {
    const { answer, chart } = await compared('阳山', '镜湖', '法律援助');
    const rows = answer.comparison?.measures.filter(comparable) ?? [];
    const texts = svgTexts(chart.svg);
    for (const row of rows) expect(texts.join('')).toContain(row.measure);
    expect(texts).toEqual(expect.arrayContaining(['202件', '236件']));
    expectOwnAxisPerUnit(chart, rows);
  });

  it('行政复议: no chart when no row is reported by both in one unit', async () => {
    const answer = await service.compare('阳山', '梁平', '行政复议');
    expect(answer.comparison?.measures.filter(comparable).length ?? 0).toBe(0);
    expect(await renderComparisonChart(answer)).toBeUndefined();
  });
});

describe('comparison chart of 镜湖 (first half of 2024) and 阳山 (whole year)', () => {
  let texts: string[];
  beforeAll(async () => {
    texts = svgTexts((await compared('镜湖', '阳山')).chart.svg);
  });

  it('tells the periods apart in the legend and the source line', () => {
    expect(texts).toEqual(expect.arrayContaining(['镜湖区 2024上半年', '阳山县 2024全年']));
    expect(sourceOf(texts)).toMatch(/^来源：镜湖区司法局 2024年上半年.*；阳山县司法局 2024年/);
  });

  it('warns under the title that half a year is not comparable with a whole one', () => {
    expect(texts).toContain('注意：时间范围不同（2024上半年、2024全年），数字不能直接相比');
  });
});

describe('when a comparison chart would mislead or not fit', () => {
  let answer: Answer;
  let rows: readonly ComparedMeasure[];
  beforeAll(async () => {
    answer = await service.compare('阳山', '梁平');
    rows = answer.comparison?.measures ?? [];
  });

  it('still draws a comparison with only one row reported on both sides, and nothing with none', async () => {
    const [only] = rows.filter(comparable);
    const oneSided = rows.filter((row) => !comparable(row));
    const chart = await renderComparisonChart(withMeasures(answer, [only!, ...oneSided]));
    expect(svgBars(chart?.svg ?? '')).toHaveLength(2);
    expect(await renderComparisonChart(withMeasures(answer, oneSided))).toBeUndefined();
  });

  it('leaves out a row only one region reports', async () => {
    const [first, ...others] = rows.filter(comparable);
    if (!first) throw new Error('expected a comparable row');
    const oneSided = { ...first, sides: [first.sides[0], undefined] as const };
    const chart = await renderComparisonChart(withMeasures(answer, [oneSided, ...others]));
    const texts = svgTexts(chart?.svg ?? '');
    expect(texts.join('')).not.toContain(first.measure);
    expect(texts).not.toContain(first.sides[0]?.raw);
  });

  it('draws nothing for an answer without a comparison', async () => {
    expect(await renderComparisonChart({ ...answer, comparison: undefined })).toBeUndefined();
  });

  it('never draws a value no citation of the answer quotes', async () => {
    const [first, second, third] = rows.filter(comparable);
    if (!first || !second || !third) throw new Error('expected three comparable rows');
    const uncited = first.sides[1]?.n;
    const chart = await renderComparisonChart({ ...answer, citations: answer.citations.filter((c) => c.n !== uncited) });
    const texts = svgTexts(chart?.svg ?? '');
    expect(texts).not.toContain(first.sides[1]?.raw);
    expect(texts.join('')).not.toContain(first.measure);
    expect(texts.join('')).toContain(second.measure);
  });

  it('escapes markup in measure names and cuts long ones to two lines ending in …', async () => {
    const odd = `<b>法律援助 & "案件"</b> 以及一个${'非常'.repeat(20)}长的指标名称`;
    const renamed = rows.map((row, index) => (index === 0 ? { ...row, measure: odd } : row));
    const chart = await renderComparisonChart(withMeasures(answer, renamed));
    expect(chart?.svg).not.toContain('<b>');
    const texts = svgTexts(chart?.svg ?? '');
    const start = texts.findIndex((text) => text.startsWith('<b>法律援助'));
    expect(start).toBeGreaterThanOrEqual(0);
    expect(texts[start + 1]).toMatch(/…$/);
    expect(odd.startsWith(texts[start] + (texts[start + 1] ?? '').slice(0, -1))).toBe(true);
  });

  it('draws at most eight rows, so the picture keeps a phone\'s proportions', async () => {
    const [row] = rows.filter(comparable);
    if (!row) throw new Error('expected a comparable row');
    const long = '以习近平法治思想为指导全面推进法治政府建设各项指标完成情况之'.repeat(4);
    const many = Array.from({ length: 20 }, (_, index) => ({ ...row, measure: `${long}${index}` }));
    const chart = await renderComparisonChart(withMeasures(answer, many));
    expect(svgBars(chart?.svg ?? '')).toHaveLength(16);
    expect(chart!.height).toBeLessThanOrEqual(2.5 * chart!.width);
    expect(chart?.caption).toMatch(new RegExp(`：8 项数字，数据引自 \\[${row.sides[0]?.n}\\]\\[${row.sides[1]?.n}\\]$`));
  });
});
