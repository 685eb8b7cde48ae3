import type { Figure, Report } from '../ingest/types.js';
import type { Corpus } from './corpus.js';
import { AnswerDraft, text } from './draft.js';
import { answersQuestion, rankFigures } from './figure-choice.js';
import { sayFigure } from './figure-quote.js';
import { type Measure, measureFigure, questionMeasure } from './measures.js';
import type { QuestionShape } from './question.js';
import { yearPeriod } from './render-text.js';
import { reportHits } from './report-search.js';
import type { Answer, AnswerContext } from './types.js';

/** Words asking across regions (哪个区县…最多, 各地, 五个地区): they name no passage's content, so search goes without them. */
const ACROSS_WORDS =
  /(?:哪些|哪个|哪几个|各个?|所有|这些|这几个|[几两三四五六七八九十\d]个)(?:地区|地方|区县|县区|县|区|市|报告)|各地|分别|最多|最少|最高|最低|最大|最小/g;
/** Asks which region has the most or the least: said only when the periods allow it. */
const MOST = /最多|最高|最大|最好|第一|排名|哪个.{0,8}(?:多|高)/;
const LEAST = /最少|最低|最小|哪个.{0,8}(?:少|低)/;

export function withoutAcrossWords(question: string): string {
  return question.replace(ACROSS_WORDS, '');
}

interface RegionFigure {
  readonly report: Report;
  readonly figure: Figure;
}

/** The reports a question across regions draws on: each region's report of the years asked, else its latest. */
export function reportsAcross(reports: readonly Report[], regions: readonly string[], years: readonly number[]): Report[] {
  const named = reports.filter((r) => (regions.length === 0 || regions.includes(r.meta.region)) && (years.length === 0 || years.includes(r.meta.year)));
  if (years.length > 0) return named;
  return named.filter((r) => !named.some((o) => o.meta.region === r.meta.region && o.meta.year > r.meta.year));
}

/** One report's figure for the question: the catalogue measure's, else the best figure its own passages give. */
async function figureOf(report: Report, question: string, shape: QuestionShape, measure: Measure | undefined, deps: Corpus): Promise<Figure | undefined> {
  const hits = await reportHits(deps.searcher, question, report);
  if (measure) return measureFigure(report, measure, new Set(hits.map((h) => h.chunk.id)));
  return rankFigures(hits, shape).find((c) => answersQuestion(c, shape))?.figure;
}

/**
 * A figure asked of several regions (`question` as asked) ("各地受理了多少法律援助案件", "哪个地区…最多"): each report
 * searched alone with the same budget, its figure quoted and cited, the periods stated; which is
 * largest is said only among reports of the same period. Undefined when no report gives it, or
 * when only one does and the question did not ask across regions.
 */
export async function answerAcross(question: string, shape: QuestionShape, reports: readonly Report[], deps: Corpus, context: AnswerContext): Promise<Answer | undefined> {
  const asked = withoutAcrossWords(question);
  const measure = questionMeasure(shape);
  const found = await Promise.all(reports.map(async (report) => ({ report, figure: await figureOf(report, asked, shape, measure, deps) })));
  const given = found.filter((f): f is RegionFigure => f.figure !== undefined);
  // a figure only one report gives, asked without naming regions, is an ordinary fact
  if (given.length === 0 || (given.length === 1 && asked === question)) return undefined;

  const draft = new AnswerDraft();
  draft.paragraph(text(rankingSentence(question, given)));
  draft.paragraph(text(`各地区报告中的${measure?.name ?? '相关数字'}：`));
  for (const { report, figure } of given) sayFigure(draft, report, figure, `${report.meta.region}（${yearPeriod(report.meta)}）：`);
  const silent = found.filter((f) => f.figure === undefined).map((f) => `${f.report.meta.region}（${yearPeriod(f.report.meta)}）`);
  if (silent.length > 0) draft.paragraph(text(`${silent.join('、')}的报告未提及。`));
  return draft.finish('fact', { context });
}

/** Which is largest (or smallest), among figures of the same period only; the period differences said plainly. */
function rankingSentence(question: string, given: readonly RegionFigure[]): string {
  const direction = LEAST.test(question) ? -1 : MOST.test(question) ? 1 : 0;
  const word = /最[多高大少低小]/.exec(question)?.[0] ?? (direction > 0 ? '最多' : '最少');
  const periods = [...new Set(given.map((g) => yearPeriod(g.report.meta)))];
  const [only] = given;
  if (given.length === 1 && only) return `只有${only.report.meta.region}的报告（${periods[0]}）给出了这个数字。`;
  const leaders = direction === 0 ? [] : periodLeaders(given, direction, word);
  if (periods.length === 1) return `这些报告都覆盖${periods[0]}${leaders.length ? `，${leaders[0]?.text}` : ''}。`;
  const differ = `注意：这些报告的时间范围不同（${periods.join('、')}），数字不能直接相比。`;
  if (direction === 0) return differ;
  return leaders.length ? `${differ}${leaders.map((l) => `同为${l.period}的报告中，${l.text}`).join('；')}。` : `${differ}不能直接说哪个地区${word}。`;
}

/** For each period two or more reports share: "最多的是梁平区（627件）". */
function periodLeaders(given: readonly RegionFigure[], direction: number, word: string): { period: string; text: string }[] {
  const periods = [...new Set(given.map((g) => yearPeriod(g.report.meta)))];
  return periods.flatMap((period) => {
    const group = given.filter((g) => yearPeriod(g.report.meta) === period);
    const [best] = [...group].sort((a, b) => direction * (b.figure.value - a.figure.value));
    return group.length > 1 && best ? [{ period, text: `${word}的是${best.report.meta.region}（${best.figure.raw}）` }] : [];
  });
}
