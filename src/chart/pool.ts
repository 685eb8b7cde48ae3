import type { Answer } from '../answer/types.js';
import { siblingModule, TaskPool } from '../workers/pool.js';
import type { ChartPlan, RenderedChart } from './index.js';
import { planAnswerChart } from './plan.js';

/**
 * Charts drawn in a worker thread: rendering takes tens of milliseconds of CPU (ECharts, font
 * subsetting, resvg), which on the thread answering chats would hold every other chat up.
 * The plan (which figures, which caption) is made here; the worker draws it.
 */
export interface ChartRenderer {
  /** The chart of an answer, or undefined when it has none. */
  render(answer: Answer): Promise<RenderedChart | undefined>;
}

/** A small chart that loads the chart libraries and parses the fonts. */
const WARM_UP: ChartPlan = {
  chart: { title: '预热', series: ['甲', '乙'], panels: [{ unit: '件', rows: [{ label: '法律援助', bars: [{ raw: '1件', value: 1 }, { raw: '2件', value: 2 }] }] }], source: '' },
  caption: '',
};

export class ChartPool implements ChartRenderer {
  private readonly pool = new TaskPool<ChartPlan, RenderedChart>(siblingModule(import.meta.url, 'worker'), { threads: 1, keepAlive: true, background: true });

  async render(answer: Answer): Promise<RenderedChart | undefined> {
    const plan = planAnswerChart(answer);
    return plan && this.pool.run(plan);
  }

  /** Draws a throwaway chart, so that the first one a user asks for comes at full speed. */
  async warmUp(): Promise<void> {
    await this.pool.run(WARM_UP);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
