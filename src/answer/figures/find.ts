import type { Report } from '../../ingest/types.js';
import { conceptName, homophoneConcepts } from '../../lexicon/concepts.js';
import type { Measure } from '../../question/types.js';
import type { WeightedAsk } from '../../search/evidence.js';
import type { SearchHit } from '../../search/types.js';
import type { Corpus } from '../corpus.js';
import { answers, rankFigures, type FigureCandidate } from './choose.js';
import { computeRate, type ComputedRate } from './computed.js';

/** Passages searched for a figure; its candidates come from the first FIGURE_PASSAGES. */
const SEARCH_LIMIT = 8;
const FIGURE_PASSAGES = 6;
/** Passages each retrieval stage passes on per report, when reports are searched side by side. */
const PER_REPORT_DEPTH = 12;
/** When words no report holds carry this share of what a question names, the reports do not answer it. */
const ABSENT_SHARE = 0.5;

/** What a search for one measure in some reports found. */
export interface FigureSearch {
  readonly hits: readonly SearchHit[];
  /** The question's words no report holds (折算 to what the question named: 常住人口). */
  readonly absent: readonly string[];
  /** Those words carry most of what the question names: no report can answer it. */
  readonly unanswerable: boolean;
  readonly candidates: readonly FigureCandidate[];
  /** The figure that answers the question, if one does. */
  readonly best?: FigureCandidate;
  /** A rate computed from two figures of one report, when a rate is asked and none is printed. */
  readonly computed?: ComputedRate;
  /** How a word of the question was read when taken for another of its sound ("公正" as 公证). */
  readonly reading?: string;
}

/** The question's words no report holds, those next to each other in the question joined (常住 + 人口 → 常住人口). */
function absentPhrases(asks: readonly WeightedAsk[]): string[] {
  const missing = asks.filter((a) => a.absent && a.ask.at !== undefined && a.ask.at >= 0).sort((a, b) => a.ask.at! - b.ask.at!);
  if (!missing.some((a) => a.ask.essential)) return [];
  const phrases: { text: string; end: number }[] = [];
  for (const a of missing) {
    const last = phrases.at(-1);
    if (last && last.end === a.ask.at) {
      last.text += a.ask.text;
      last.end += a.ask.text.length;
    } else phrases.push({ text: a.ask.text, end: a.ask.at! + a.ask.text.length });
  }
  return phrases.map((p) => p.text);
}

function absentShare(asks: readonly WeightedAsk[]): number {
  const essential = asks.filter((a) => a.ask.essential);
  const total = essential.reduce((s, a) => s + a.weight, 0);
  return total === 0 ? 0 : essential.filter((a) => a.absent).reduce((s, a) => s + a.weight, 0) / total;
}

/**
 * The measure with its plain words read as the concepts they sound like (公正 → 公证), when one has
 * such a reading: a typing slip the reports also contain as a word of its own is found only this way.
 */
function homophoneReading(measure: Measure): { measure: Measure; reading: string } | undefined {
  const readings: string[] = [];
  const asks = measure.asks.map((ask) => {
    if (!ask.essential || ask.concepts.length > 0) return ask;
    const concepts = homophoneConcepts(ask.text).filter((c) => conceptName(c) !== ask.text);
    if (concepts.length === 0) return ask;
    readings.push(`按“${conceptName(concepts[0]!)}”理解“${ask.text}”`);
    return { ...ask, concepts };
  });
  return readings.length > 0 ? { measure: { ...measure, asks }, reading: `（${readings.join('，')}）` } : undefined;
}

/** Searches one report for the measure and chooses the figure that answers it. */
export async function findFigure(measure: Measure, reports: readonly Report[], corpus: Corpus): Promise<FigureSearch> {
  const [only] = await findFigures(measure, reports, corpus, false);
  return only!.search;
}

/**
 * Searches the reports for the measure, each report's passages on their own (the same budget for
 * each), in one retrieval whose depth grows with the number of reports; `perReport` false treats
 * them as one. A question no figure answers is read again for typing slips.
 */
export async function findFigures(measure: Measure, reports: readonly Report[], corpus: Corpus, perReport = true): Promise<{ report: Report; search: FigureSearch }[]> {
  const found = await searchFigures(measure, reports, corpus, perReport);
  if (found.every((f) => f.search.best || f.search.computed)) return found;
  const alternative = homophoneReading(measure);
  if (!alternative) return found;
  const again = await searchFigures(alternative.measure, reports, corpus, perReport);
  return found.map((f, i) => {
    const other = again[i]!.search;
    return !(f.search.best || f.search.computed) && (other.best || other.computed) ? { report: f.report, search: { ...other, reading: alternative.reading } } : f;
  });
}

async function searchFigures(measure: Measure, reports: readonly Report[], corpus: Corpus, perReport: boolean): Promise<{ report: Report; search: FigureSearch }[]> {
  const weighed = corpus.retriever.weigh(measure.asks);
  const absent = absentPhrases(weighed);
  const unanswerable = weighed.length > 0 && absentShare(weighed) >= ABSENT_SHARE;
  const hits = await corpus.retriever.retrieve({
    asks: measure.asks,
    reportIds: reports.map((r) => r.meta.id),
    wantsFigure: true,
    wantsPlans: measure.qualifiers.includes('target'),
    limit: perReport ? SEARCH_LIMIT * reports.length : SEARCH_LIMIT,
    depth: perReport ? PER_REPORT_DEPTH * reports.length : undefined,
  });
  const present = weighed.filter((a) => !a.absent);
  const groups = perReport ? reports.map((report) => ({ report, hits: hits.filter((h) => h.report === report).slice(0, SEARCH_LIMIT) })) : [{ report: reports[0]!, hits }];
  return groups.map(({ report, hits: own }) => {
    const candidates = unanswerable ? [] : rankFigures(own.slice(0, FIGURE_PASSAGES), measure, present, corpus.catalog);
    const best = candidates.find(answers);
    const computed = !best && measure.family === 'percent' ? computeRate(candidates, measure, present) : undefined;
    const search: FigureSearch = { hits: own, absent, unanswerable, candidates, ...(best ? { best } : {}), ...(computed ? { computed } : {}) };
    return { report, search };
  });
}
