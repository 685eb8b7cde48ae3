import { Resvg } from '@resvg/resvg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerService } from '../../src/answer/types.js';
import { renderAnswerChart } from '../../src/chart/index.js';
import { ChartPool } from '../../src/chart/pool.js';
import { chartFontFamily, chartFontFiles } from '../../src/chart/fonts.js';
import { pngScale } from '../../src/chart/render.js';
import { decodePng } from '../support/png.js';
import { answerService } from './answers.js';

/**
 * Charts are drawn with the fonts cut down to the characters they show, in a worker thread: the
 * pictures must be the ones the whole fonts give, pixel for pixel.
 */

/** The SVG drawn by resvg with the whole font files, as before subsetting: its PNG, by resvg's encoder. */
function withWholeFonts(svg: string): Buffer {
  const image = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: pngScale },
    font: { loadSystemFonts: false, fontFiles: [...chartFontFiles()], defaultFontFamily: chartFontFamily, sansSerifFamily: chartFontFamily },
    background: '#ffffff',
  }).render();
  return image.asPng();
}

let service: AnswerService;
let pool: ChartPool;
beforeAll(async () => {
  service = await answerService();
  pool = new ChartPool();
});
afterAll(() => pool.close());

describe('chart pictures', () => {
  it.each([
    ['a comparison', () => service.compare('阳山', '梁平')],
    ['a comparison on one topic', () => service.compare('阳山', '梁平', '人民调解')],
    ['a summary', () => service.summary('梁平')],
  ])('%s looks the same with subset fonts as with the whole fonts, drawn again, and from the worker', async (_what, ask) => {
    const answer = await ask();
    const chart = await renderAnswerChart(answer);
    if (!chart) throw new Error(`no chart: ${answer.text}`);
    const drawn = decodePng(chart.png);
    const expected = decodePng(withWholeFonts(chart.svg));
    expect([drawn.width, drawn.height]).toEqual([expected.width, expected.height]);
    expect(Buffer.from(drawn.rgba).equals(expected.rgba)).toBe(true);
    expect((await renderAnswerChart(answer))?.svg).toBe(chart.svg);
    const fromWorker = await pool.render(answer);
    expect(fromWorker?.svg).toBe(chart.svg);
    expect(Buffer.from(fromWorker!.png).equals(Buffer.from(chart.png))).toBe(true);
  });
});
