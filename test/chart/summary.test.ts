import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { renderSummaryChart, type RenderedChart } from '../../src/chart/index.js';
import { answerService } from './answers.js';
import { decodePng } from '../support/png.js';
import { svgBars, svgTexts } from './inspect.js';

type KeyFigure = NonNullable<Answer['keyFigures']>[number];

/** Figures whose unit at least three figures share: the ones a summary chart draws. */
function sharingUnits(figures: readonly KeyFigure[]): KeyFigure[] {
  return figures.filter((figure) => figures.filter((other) => other.unit === figure.unit).length >= 3);
}

let answer: Answer;
beforeAll(async () => {
  answer = await (await answerService()).summary('梁平');
});

describe('summary chart of 梁平区司法局 2024', () => {
  let chart: RenderedChart;
  let texts: string[];
  let drawn: KeyFigure[];
  beforeAll(async () => {
    const rendered = await renderSummaryChart(answer);
    if (!rendered) throw new Error(`no summary chart: ${answer.text}`);
    chart = rendered;
    texts = svgTexts(chart.svg);
    drawn = sharingUnits(answer.keyFigures ?? []);
  });

  it('is a whole PNG of the size it reports', () => {
    expect(decodePng(chart.png)).toMatchObject({ width: chart.width, height: chart.height });
  });

  it('titles the bureau and period and ends with the source', () => {
    expect(texts).toContain('梁平区司法局 2024全年 主要数据');
    expect(texts.slice(texts.findIndex((text) => text.startsWith('来源'))).join('')).toContain('梁平区司法局 2024年');
  });

  it('draws up to eight figures of units three or more figures share, label and value as written', () => {
    const shown = drawn.filter((figure) => texts.includes(figure.raw));
    expect(shown.length).toBeGreaterThanOrEqual(3);
    expect(shown.length).toBeLessThanOrEqual(8);
    for (const figure of shown) expect(texts.join('')).toContain(figure.label);
    expect(svgBars(chart.svg)).toHaveLength(shown.length);
  });

  it('gives each unit its own panel and leaves out figures with too few of their unit', () => {
    const units = texts.filter((text) => text.startsWith('单位：')).map((text) => text.slice('单位：'.length));
    expect(units.length).toBeGreaterThan(0);
    for (const unit of units) expect(drawn.some((figure) => figure.unit === unit)).toBe(true);
    const left = (answer.keyFigures ?? []).filter((figure) => !drawn.includes(figure));
    expect(left.length).toBeGreaterThan(0);
    for (const figure of left) expect(texts).not.toContain(figure.raw);
  });

  it('has a caption within Telegram limits naming exactly the citations drawn', () => {
    const shown = drawn.filter((figure) => texts.includes(figure.raw));
    const marks = [...new Set(shown.map((figure) => figure.n))].sort((a, b) => a - b).map((n) => `[${n}]`);
    expect(chart.caption.length).toBeLessThanOrEqual(1024);
    expect(chart.caption.endsWith(`数据引自 ${marks.join('')}`)).toBe(true);
  });
});

describe('when a summary chart would not help', () => {
  it('draws nothing when no unit has three figures', async () => {
    const figures = answer.keyFigures ?? [];
    const twoPerUnit = figures.filter((figure) => figures.filter((other) => other.unit === figure.unit).indexOf(figure) < 2);
    expect(sharingUnits(twoPerUnit)).toHaveLength(0);
    expect(await renderSummaryChart({ ...answer, keyFigures: twoPerUnit })).toBeUndefined();
  });

  it('draws nothing without key figures', async () => {
    expect(await renderSummaryChart({ ...answer, keyFigures: undefined })).toBeUndefined();
  });
});
