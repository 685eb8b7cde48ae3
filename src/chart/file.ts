import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Answer } from '../answer/types.js';
import { renderAnswerChart } from './index.js';

/** Writes the answer's chart as PNG to `file`; returns the path, or undefined when the answer has no chart. */
export async function writeAnswerChart(answer: Answer, file: string): Promise<string | undefined> {
  const chart = await renderAnswerChart(answer);
  if (!chart) return undefined;
  const target = path.resolve(file);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, chart.png);
  return target;
}
