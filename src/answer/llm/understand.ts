import { z } from 'zod';
import { parseQuestion } from '../../question/parse.js';
import { resolveRegion } from '../../question/regions.js';
import type { Intent, Question, RegionRef } from '../../question/types.js';
import type { Corpus } from '../corpus.js';
import { yearPeriod } from '../compose/render-text.js';

/**
 * Question understanding by the model, for the questions the rules read as naming nothing the
 * reports hold (slang, a paraphrase, an unusual English wording). The model's reading is used only
 * when every part of it checks out: the regions resolve in the gazetteer and have reports, the years
 * are years those reports cover, the measure words are words the reports hold. Otherwise the rule
 * reading stands: a model cannot talk the bot into a region or a year it has no report of.
 */

const PERIODS = ['全年', '上半年', '下半年', '第一季度', '第二季度', '第三季度', '第四季度', '前三季度'] as const;
const INTENTS = ['figure', 'list', 'yesno', 'when', 'rank', 'problems', 'plans', 'overview', 'passage'] as const satisfies readonly Intent[];
/** Intents answered by what a question names: a reading without any word the reports hold answers nothing. */
const NEEDS_MEASURE: ReadonlySet<Intent> = new Set(['figure', 'list', 'yesno', 'when', 'rank', 'passage']);

const readingSchema = z.object({
  regions: z.array(z.string().max(40)).max(5).default([]),
  years: z.array(z.coerce.number().int().min(1900).max(2100)).max(5).default([]),
  period: z.enum(PERIODS).nullish(),
  intent: z.enum(INTENTS),
  measure: z.array(z.string().max(40)).max(12).default([]),
});

export type Understanding = { readonly ok: true; readonly question: Question } | { readonly ok: false; readonly reason: string };

/** Rule readings worth asking the model about: a question naming something no report holds (a nickname, slang, a typo) or nothing at all. */
export function needsModelReading(question: Question, corpus: Corpus): boolean {
  if (!(NEEDS_MEASURE.has(question.intent) || question.intent === 'overview')) return false;
  const essential = corpus.retriever.weigh(question.measure.asks).filter((a) => a.ask.essential);
  return essential.length === 0 || essential.some((a) => a.absent);
}

/** The reports the model may map a question onto, one a line: 梁平区 2024年全年 (梁平区司法局). */
export function coverageLines(corpus: Corpus): string {
  return corpus.metas.map((m) => `- ${m.region} ${yearPeriod(m)}（${m.bureau}）`).join('\n');
}

function parseJson(text: string): unknown {
  const body = /\{[\s\S]*\}/.exec(text)?.[0];
  if (!body) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** The model's reply checked against the reports; the question it reads as, or why it was rejected. */
export async function checkReading(reply: string, rule: Question, corpus: Corpus): Promise<Understanding> {
  const parsed = readingSchema.safeParse(parseJson(reply));
  if (!parsed.success) return { ok: false, reason: 'not a reading in the expected JSON form' };
  const reading = parsed.data;
  const regions: RegionRef[] = [];
  for (const name of reading.regions) {
    const ref = resolveRegion(name, corpus.catalog);
    if (!ref || ref.regions.length === 0) return { ok: false, reason: `names ${name}, which no report covers` };
    regions.push(ref);
  }
  const covered = regions.length > 0 ? corpus.metas.filter((m) => regions.some((g) => g.regions.includes(m.region))) : corpus.metas;
  const missingYear = reading.years.find((y) => !covered.some((m) => m.year === y));
  if (missingYear !== undefined) return { ok: false, reason: `names ${missingYear}, which no report of those regions covers` };
  const words = parseQuestion(reading.measure.join(' '), { directory: corpus.catalog }).measure;
  await corpus.prepare(words.asks);
  // the model's words for the measure and the question's own that the reports hold; words no report holds read as nothing
  const held = corpus.retriever
    .weigh([...words.asks, ...rule.measure.asks.filter((a) => !words.asks.some((w) => w.text === a.text))])
    .filter((a) => !a.absent)
    .map((a) => a.ask);
  if (NEEDS_MEASURE.has(reading.intent) && !held.some((a) => a.essential)) return { ok: false, reason: 'names nothing the reports hold' };
  const question: Question = {
    ...rule,
    scope: { regions, years: reading.years, ...(reading.period ? { period: reading.period } : {}) },
    intent: reading.intent,
    measure: {
      asks: held,
      qualifiers: [...new Set([...rule.measure.qualifiers, ...words.qualifiers])],
      ...((rule.measure.family ?? words.family) ? { family: rule.measure.family ?? words.family } : {}),
    },
    parts: [],
  };
  return { ok: true, question };
}
