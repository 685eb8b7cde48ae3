import type { Answer } from '../answer/types.js';
import { planComparison } from './comparison.js';
import { layoutPanelChart, type ChartPlan } from './panels.js';

export type { ChartPlan } from './panels.js';
import { renderImage } from './render.js';
import { planSummary } from './summary.js';
import { planAnswerChart } from './plan.js';

/**
 * A chart ready to send: PNG for Telegram, SVG for files and tests, plain-text caption ≤ 1024 UTF-16
 * units (escape it before sending it as HTML). `width` × `height` is the PNG's size in pixels.
 */
export interface RenderedChart {
  readonly png: Uint8Array;
  readonly svg: string;
  readonly width: number;
  readonly height: number;
  readonly caption: string;
}

/**
 * Grouped bars of the measures both regions report, one panel per unit, legend with each region's period.
 * Undefined when no measure has a cited value on both sides in one unit.
 */
export async function renderComparisonChart(answer: Answer): Promise<RenderedChart | undefined> {
  const plan = planComparison(answer);
  return plan && render(plan);
}

/** The bureau's key figures by unit; undefined when a chart would not help (fewer than 3 figures sharing a unit). */
export async function renderSummaryChart(answer: Answer): Promise<RenderedChart | undefined> {
  const plan = planSummary(answer);
  return plan && render(plan);
}

/** Draws a planned chart (what a chart worker does). */
export async function render({ chart, caption }: ChartPlan): Promise<RenderedChart> {
  const { option, width, height } = layoutPanelChart(chart);
  return { ...(await renderImage(option, width, height)), caption };
}

/** The chart that goes with an answer, drawn in this thread. */
export async function renderAnswerChart(answer: Answer): Promise<RenderedChart | undefined> {
  const plan = planAnswerChart(answer);
  return plan && render(plan);
}
