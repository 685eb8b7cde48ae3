import type { Report } from '../../ingest/types.js';
import type { UnitFamily } from '../../lexicon/lexicon.js';
import { topicWords } from '../../question/follow-up.js';
import type { Question } from '../../question/types.js';
import { AnswerDraft, text } from '../compose/draft.js';
import { regionLabel, say } from '../compose/frame.js';
import { yearPeriod } from '../compose/render-text.js';
import type { Corpus } from '../corpus.js';
import { findFigures, type FigureSearch } from '../figures/find.js';
import { closestPassages } from './ladder.js';
import { writeFigure } from './fact.js';

/**
 * A figure asked of several reports: "哪个地区…最多", "各地…分别是多少", or a question naming no region.
 * Each report is searched on its own with the same budget; every region that gives the figure is
 * listed with its figure, period and citation, each under its own label; those that do not are
 * named. Which is largest is said over figures of one kind only, and reports of another period or
 * year are included but flagged, never dropped.
 */

interface Given {
  readonly report: Report;
  readonly search: FigureSearch;
  /** The value ranked: the figure's, or a computed rate's. */
  readonly value: number;
  readonly family: UnitFamily;
}

function given(report: Report, search: FigureSearch): Given | undefined {
  if (search.best) return { report, search, value: search.best.figure.value, family: search.best.figure.family };
  if (search.computed) return { report, search, value: search.computed.percent, family: 'percent' };
  return undefined;
}

/** The family most regions report the measure in: only those figures are ranked against each other. */
function mainFamily(items: readonly Given[]): UnitFamily | undefined {
  const counts = new Map<UnitFamily, number>();
  for (const g of items) counts.set(normalFamily(g.family), (counts.get(normalFamily(g.family)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** Cases written 件, 宗 or 起 are one kind; so are people written 人 or 名. */
function normalFamily(family: UnitFamily): UnitFamily {
  return family === 'documents' ? 'cases' : family;
}

function periodNote(items: readonly Given[], question: Question): string | undefined {
  const labels = [...new Set(items.map((g) => yearPeriod(g.report.meta)))];
  if (labels.length <= 1) return undefined;
  const partial = items.filter((g) => g.report.meta.period !== '全年').map((g) => `${g.report.meta.region}只覆盖${yearPeriod(g.report.meta)}`);
  return say(
    question.language,
    `注意：这些报告的时间范围不同（${labels.join('、')}）${partial.length ? `，其中${partial.join('、')}` : ''}，数字不能直接相比。`,
    `Note: the reports cover different periods (${labels.join(', ')}); the figures are not directly comparable.`,
  );
}

function headline(question: Question, ranked: readonly Given[], topic: string): string {
  const [top] = ranked;
  if (!top || !question.direction) return say(question.language, `各地区报告中的${topic || '相关数字'}：`, `Each region's figure for ${topic || 'this'}:`);
  const word = question.direction === 'least' ? say(question.language, '最少', 'lowest') : say(question.language, '最多', 'highest');
  const figure = top.search.best?.figure.raw ?? (top.search.computed ? `${top.search.computed.percent.toFixed(1)}%` : '');
  const partial = top.report.meta.period !== '全年' ? say(question.language, `（注意：只是${yearPeriod(top.report.meta)}的数字）`, ` (only ${yearPeriod(top.report.meta)})`) : '';
  if (ranked.length === 1) return say(question.language, `只有${top.report.meta.region}的报告给出了这个数字：${figure}（${yearPeriod(top.report.meta)}）。`, `Only ${top.report.meta.region} reports it: ${figure}.`);
  return say(
    question.language,
    `${word}的是${top.report.meta.region}：${figure}（${yearPeriod(top.report.meta)}）${partial}。`,
    `${top.report.meta.region} is ${word}: ${figure} (${yearPeriod(top.report.meta)})${partial}.`,
  );
}

/** "同为2024年全年的报告中，最多的是梁平区（627件）": the leader among reports of the latest year and period, when they are not all of it. */
function leaderOfLatestPeriod(ranked: readonly Given[], question: Question): string | undefined {
  const latest = [...ranked].sort((a, b) => b.report.meta.year - a.report.meta.year || (a.report.meta.period === '全年' ? -1 : 1))[0];
  if (!latest) return undefined;
  const label = yearPeriod(latest.report.meta);
  const same = ranked.filter((g) => yearPeriod(g.report.meta) === label);
  if (same.length < 2 || same.length === ranked.length) return undefined;
  const top = same[0]!;
  const word = question.direction === 'least' ? '最少' : '最多';
  const figure = top.search.best?.figure.raw ?? (top.search.computed ? `${top.search.computed.percent.toFixed(1)}%` : '');
  return say(question.language, `同为${label}的报告中，${word}的是${top.report.meta.region}（${figure}）。`, `Among reports of ${label}: ${top.report.meta.region} (${figure}).`);
}

export async function answerAcross(question: Question, reports: readonly Report[], corpus: Corpus): Promise<{ draft: AnswerDraft; found: boolean }> {
  const searches = await findFigures(question.measure, reports, corpus);
  const found = searches.flatMap(({ report, search }) => {
    const g = given(report, search);
    return g ? [g] : [];
  });
  const draft = new AnswerDraft();
  const topic = topicWords(question.measure.asks);
  if (found.length === 0) {
    const merged: FigureSearch = {
      hits: searches.flatMap((s) => s.search.hits).sort((a, b) => b.score - a.score),
      absent: searches[0]?.search.absent ?? [],
      unanswerable: searches.every((s) => s.search.unanswerable),
      candidates: searches.flatMap((s) => s.search.candidates).sort((a, b) => b.score - a.score),
    };
    closestPassages(draft, question, merged, topic, reports);
    return { draft, found: false };
  }
  const family = mainFamily(found);
  const comparable = found.filter((g) => normalFamily(g.family) === family);
  const sign = question.direction === 'least' ? 1 : -1;
  const ranked = question.direction ? [...comparable].sort((a, b) => sign * (a.value - b.value)) : comparable;
  draft.paragraph(text(headline(question, ranked, topic)));
  const note = periodNote(found, question);
  if (note) draft.note(note);
  const samePeriod = question.direction ? leaderOfLatestPeriod(ranked, question) : undefined;
  if (samePeriod) draft.note(samePeriod);
  const order = [...ranked, ...found.filter((g) => !ranked.includes(g))];
  for (const g of order) {
    draft.heading(regionLabel(g.report.meta, question.language));
    if (!ranked.includes(g)) draft.note(say(question.language, '计数单位与其他地区不同，未参与排名。', 'Counted in another unit: not ranked.'));
    writeFigure(draft, question, g.report, g.search, { lead: '', alternatives: false });
  }
  const silent = searches.filter((s) => !found.some((g) => g.report === s.report)).map((s) => s.report.meta.region);
  if (silent.length > 0) draft.note(say(question.language, `${silent.join('、')}：报告未提及这个数字。`, `${silent.join(', ')}: not given in the report.`));
  return { draft, found: true };
}
