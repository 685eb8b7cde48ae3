/**
 * Chart render time (ECharts SVG + resvg PNG) on real answers of the corpus: the first render of
 * the process, then p50/p95 per chart. `npx tsx scripts/bench-chart.ts` prints the figures;
 * `npm run bench` calls `benchCharts()`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAnswerService } from '../src/answer/service.js';
import type { Answer } from '../src/answer/types.js';
import { renderComparisonChart, renderSummaryChart, type RenderedChart } from '../src/chart/index.js';
import { ChartPool } from '../src/chart/pool.js';
import { loadConfig, projectRoot } from '../src/config.js';
import { Library } from '../src/index/library.js';
import { createLogger } from '../src/logger.js';
import { percentile } from './stats.js';

const RUNS = 20;

interface ChartCase {
  readonly name: string;
  readonly answer: Answer;
  readonly render: (answer: Answer) => Promise<RenderedChart | undefined>;
}

/** Milliseconds, keyed `chart.<case>.<p50|p95|cpu>.ms`, plus `chart.first.ms`. */
export async function benchCharts(): Promise<Record<string, number>> {
  const store = await mkdtemp(path.join(os.tmpdir(), 'bench-chart-index-'));
  try {
    const config = loadConfig({ REPORTS_DIR: path.join(projectRoot, 'reports'), VECTORSTORE_DIR: store, LOG_LEVEL: 'silent' });
    const logger = createLogger('silent');
    const service = createAnswerService({ config, logger, library: await Library.open(config, logger) });
    const cases: ChartCase[] = [
      { name: 'compare', answer: await service.compare('阳山', '梁平'), render: renderComparisonChart },
      { name: 'compareTopic', answer: await service.compare('阳山', '梁平', '人民调解'), render: renderComparisonChart },
      { name: 'summary', answer: await service.summary('梁平'), render: renderSummaryChart },
    ];
    const results: Record<string, number> = {};
    for (const [index, chartCase] of cases.entries()) {
      const times = await timeRuns(chartCase);
      if (index === 0) results['chart.first.ms'] = times.first;
      results[`chart.${chartCase.name}.p50.ms`] = percentile(times.rest, 0.5);
      results[`chart.${chartCase.name}.p95.ms`] = percentile(times.rest, 0.95);
      results[`chart.${chartCase.name}.cpu.ms`] = times.cpu;
    }
    Object.assign(results, await poolTimes(cases.map((c) => c.answer)));
    return Object.fromEntries(Object.entries(results).map(([key, ms]) => [key, Math.round(ms * 10) / 10]));
  } finally {
    await rm(store, { recursive: true, force: true });
  }
}

/**
 * Charts as the bot draws them: in the chart worker, warmed up when the bot starts (`pool.warmUp`
 * runs while the bot connects). The first chart a user gets, then p50/p95 over all cases.
 */
async function poolTimes(answers: readonly Answer[]): Promise<Record<string, number>> {
  const pool = new ChartPool();
  try {
    const [, warmUp] = await timedMs(() => pool.warmUp());
    const [, first] = await timedMs(() => pool.render(answers[0]!));
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) for (const answer of answers) times.push((await timedMs(() => pool.render(answer)))[1]);
    return { 'pool.warmUp.ms': warmUp, 'pool.first.ms': first, 'pool.p50.ms': percentile(times, 0.5), 'pool.p95.ms': percentile(times, 0.95) };
  } finally {
    await pool.close();
  }
}

async function timedMs<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
}

/**
 * Wall time of each render (the first one apart), and CPU time per render of all threads: resvg
 * renders on the libuv pool, and CPU time stays comparable when other work shares the machine.
 */
async function timeRuns({ name, answer, render }: ChartCase): Promise<{ first: number; rest: number[]; cpu: number }> {
  const times: number[] = [];
  let cpu = 0;
  for (let run = 0; run <= RUNS; run++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    if (!(await render(answer))) throw new Error(`bench case ${name} drew no chart: ${answer.text}`);
    const used = process.cpuUsage(cpuStarted);
    times.push(performance.now() - started);
    if (run > 0) cpu += (used.user + used.system) / 1000;
  }
  const [first = Number.NaN, ...rest] = times;
  return { first, rest, cpu: cpu / RUNS };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [name, ms] of Object.entries(await benchCharts())) console.log(`${name.padEnd(26)} ${ms.toFixed(1)} ms`);
}
