import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSyntheticCorpus } from '../../scripts/synthetic-corpus.js';
import { createAnswerService } from '../../src/answer/service.js';
import type { Answer } from '../../src/answer/types.js';
import { foldText } from '../../src/ingest/normalize.js';
import { Library } from '../../src/index/library.js';
import { createLogger } from '../../src/logger.js';
import { tempLibraryDirs } from '../ingest/fixtures.js';
import { testConfig } from '../support/library.js';

/**
 * A ranking over many reports of other regions (the synthetic corpus: the five reports renamed to real
 * counties, their figures changed): every region that reports the measure is listed with its figure,
 * the right one is named first, and half-year reports are flagged, never dropped.
 */

/** 40 in the suite; `RANKING_REPORTS=1000 npx vitest run test/answer/ranking.test.ts` runs it over 1,000 (a few minutes). */
const REPORTS = Number(process.env.RANKING_REPORTS ?? 40);
/** How each of the five base reports writes its legal aid total (the oracle reads the text, not our figure table). */
const LEGAL_AID = /(?:受理|办理)(?:法律援助|法援)案件(\d+)[件宗]/;

let answer: Answer;
let expected: { region: string; value: number; half: boolean }[];
let cleanup: () => void;

beforeAll(async () => {
  const dirs = tempLibraryDirs();
  cleanup = dirs.cleanup;
  await makeSyntheticCorpus(dirs.reportsDir, REPORTS, 7);
  const config = testConfig(dirs);
  const library = await Library.open(config, createLogger('silent'));
  const byFile = new Map(library.index.reports.map((r) => [r.meta.file, r.meta]));
  expected = readdirSync(dirs.reportsDir).flatMap((file) => {
    const meta = byFile.get(file);
    const match = LEGAL_AID.exec(foldText(readFileSync(path.join(dirs.reportsDir, file), 'utf8')));
    return meta && match ? [{ region: meta.region, value: Number(match[1]), half: meta.period !== '全年' }] : [];
  });
  answer = await createAnswerService({ config, logger: createLogger('silent'), library }).ask('哪个地方受理的法律援助案件最多？');
}, Math.max(120_000, REPORTS * 600));

afterAll(() => cleanup());

describe(`a ranking over ${REPORTS} reports`, () => {
  it('names the region with the largest figure first, with its figure', () => {
    const top = [...expected].sort((a, b) => b.value - a.value)[0]!;
    expect(answer.notFound).toBe(false);
    expect(answer.text.split('\n')[0]).toContain(top.region);
    expect(answer.text.split('\n')[0]).toContain(String(top.value));
  });

  it('lists every region that gives the figure, each quoted from its own report', () => {
    expect(expected.length).toBe(REPORTS);
    for (const { region, value } of expected) {
      expect(answer.citations.some((c) => c.region === region && foldText(c.quote).includes(String(value))), `${region} ${value}`).toBe(true);
    }
  });

  it('flags the half-year reports instead of dropping them', () => {
    expect(expected.some((e) => e.half)).toBe(true);
    expect(answer.text).toContain('上半年');
    expect(answer.text).toContain('不能直接相比');
  });
});
