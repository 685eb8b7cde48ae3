import type { Answer } from '../answer/types.js';
import { planComparison } from './comparison.js';
import type { ChartPlan } from './panels.js';
import { planSummary } from './summary.js';

/**
 * What the chart of an answer shows: comparisons and summaries have one, other answers none.
 * Planning needs no chart library, so the thread answering chats can plan and leave the drawing
 * to a worker.
 */
export function planAnswerChart(answer: Answer): ChartPlan | undefined {
  if (answer.kind === 'compare') return planComparison(answer);
  if (answer.kind === 'summary') return planSummary(answer);
  return undefined;
}
