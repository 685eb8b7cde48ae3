import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnswerService } from '../../src/answer/service.js';
import type { AnswerService } from '../../src/answer/types.js';
import type { Figure, Report } from '../../src/ingest/types.js';
import { foldText } from '../../src/ingest/normalize.js';
import type { Library } from '../../src/index/library.js';
import { createLogger } from '../../src/logger.js';
import { openTestLibrary, testConfig } from '../support/library.js';

let library: Library;
let service: AnswerService;

beforeAll(async () => {
  library = await openTestLibrary();
  service = createAnswerService({ config: testConfig({ vectorstoreDir: path.join(os.tmpdir(), 'answer-test-unused') }), logger: createLogger('silent'), library });
});

/**
 * Figures a user could ask for by the report's own phrase: a unit, and a phrase no other figure of the
 * report shares; not targets (a question in their words asks what was achieved, and is answered so).
 */
function askable(report: Report): Figure[] {
  const count = new Map<string, number>();
  for (const f of report.figures) count.set(foldText(f.phrase), (count.get(foldText(f.phrase)) ?? 0) + 1);
  return report.figures.filter(
    (f) => f.unit !== '' && f.unit !== '年' && !f.qualifiers.includes('target') && f.phrase.length >= 4 && f.phrase.length <= 14 && count.get(foldText(f.phrase)) === 1,
  );
}

describe('every distinctive figure of every report can be asked for', () => {
  it('"<region><phrase>多少<unit>？" finds at least 95% of them, each quoted verbatim from that region', async () => {
    const misses: string[] = [];
    let asked = 0;
    for (const report of library.index.reports) {
      const short = report.meta.region.replace(/[县市区]$/, '');
      for (const f of askable(report)) {
        const question = f.unit === '%' ? `${short}${f.phrase}是多少？` : `${short}${f.phrase}多少${f.unit.length <= 2 ? f.unit : ''}？`;
        asked++;
        const answer = await service.ask(question);
        const quoted = answer.citations.some((c) => c.region === report.meta.region && c.quote.includes(f.raw) && report.text.slice(c.start, c.end) === c.quote);
        if (!answer.text.includes(f.raw) || !quoted) misses.push(`${question} → ${answer.text.split('\n')[0]}`);
      }
    }
    expect(asked).toBeGreaterThan(100);
    expect(misses.length / asked, misses.join('\n')).toBeLessThanOrEqual(0.05);
  });
});
