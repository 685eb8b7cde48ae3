import os from 'node:os';
import path from 'node:path';
import { createAnswerService } from '../../src/answer/service.js';
import type { Answer, AnswerService, ComparedMeasure } from '../../src/answer/types.js';
import { createLogger } from '../../src/logger.js';
import { openTestLibrary, testConfig } from '../support/library.js';

/** The real, offline answer service over `reports/` (shared test index; no LLM configured). */
export async function answerService(): Promise<AnswerService> {
  const library = await openTestLibrary();
  const config = testConfig({ vectorstoreDir: path.join(os.tmpdir(), 'chart-test-unused') });
  return createAnswerService({ config, logger: createLogger('silent'), library });
}

/** The same compare answer with other rows, for the cases the corpus does not hold. */
export function withMeasures(answer: Answer, measures: readonly ComparedMeasure[]): Answer {
  const comparison = answer.comparison;
  if (!comparison) throw new Error(`not a comparison: ${answer.text}`);
  return { ...answer, comparison: { ...comparison, measures } };
}
