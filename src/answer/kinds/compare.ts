import type { Figure, Report, ReportMeta } from '../../ingest/types.js';
import { parseQuestion, reportsContext } from '../../question/parse.js';
import { resolveRegion } from '../../question/regions.js';
import { coverageSentence, coveredWithin } from '../compose/coverage.js';
import { AnswerDraft, cite, plainAnswer, strong, text } from '../compose/draft.js';
import { yearPeriod } from '../compose/render-text.js';
import type { Corpus } from '../corpus.js';
import { reportsOfRegion } from '../scope.js';
import { findFigure } from '../figures/find.js';
import { pickKeyFigures } from '../figures/key-figures.js';
import { measureKey, measureName, sameMeasure, type MeasureKey } from '../figures/measure.js';
import { figureQuote } from '../figures/quote.js';
import { bestSentences } from '../report/passages.js';
import type { Answer, ComparedMeasure, Inline } from '../types.js';

/**
 * Two regions side by side: each report searched with its own budget, figures paired only when they
 * measure the same thing (same concept, unit family and qualifiers, from the figure table), each
 * quoted; a measure one side lacks is marked 报告未提及, and different periods are said plainly.
 */

const MAX_ROWS = 8;
/** A topic is a word or a phrase, not a text. */
const MAX_TOPIC = 50;
const TOPIC_FIGURES = 16;
const MIN_TOPIC_FIT = 0.5;
const MIN_PAIR = 0.5;
/** With a topic, each side's best figures no other figure pairs with are shown too, up to this many. */
const SINGLES = 2;
/** Counts and amounts compare; durations (8小时) and bare numbers do not. */
const COUNT_FAMILIES = new Set(['cases', 'people', 'personTimes', 'events', 'money', 'percent', 'institutions', 'documents', 'items']);

interface Side {
  readonly report: Report;
  readonly figure: Figure;
  readonly key: MeasureKey;
}

interface Row {
  readonly name: string;
  readonly sides: readonly [Side | undefined, Side | undefined];
}

type Resolved = { readonly ok: true; readonly report: Report; readonly others: readonly Report[] } | { readonly ok: false; readonly answer: Answer };

/** Finds a region's reports; the one of the year asked, else the newest, is compared. */
async function resolveSide(input: string, corpus: Corpus): Promise<Resolved> {
  const { metas } = corpus;
  const name = input.trim();
  if (!/[\p{L}\p{N}]/u.test(name)) return { ok: false, answer: plainAnswer('invalid', `请给出两个地区的名称，例如“阳山 镜湖”。${coverageSentence(metas)}`) };
  const mention = resolveRegion(name, corpus.catalog);
  if (!mention) return { ok: false, answer: plainAnswer('invalid', `没有找到名为“${name}”的地区。${coverageSentence(metas)}`) };
  // "固始 2023": the year asked, else the latest report
  const year = parseQuestion(name, { directory: corpus.catalog }).scope.years[0];
  const [report, ...others] = await corpus.load(reportsOfRegion(mention.name, year, metas).map((m) => m.id));
  if (!report) return { ok: false, answer: plainAnswer('notFound', `报告库里没有${mention.name}的报告，无法比较。${coveredWithin(mention.name, metas)}${coverageSentence(metas)}`) };
  return { ok: true, report, others };
}

/** The figures of a report on the topic (or its headline figures when there is none), best first. */
async function sideFigures(report: Report, topic: string | undefined, corpus: Corpus): Promise<Side[]> {
  const side = (figure: Figure): Side => ({ report, figure, key: measureKey(report, figure) });
  // the most telling first: a total before the parts that repeat its words
  if (!topic) return pickKeyFigures(report, 40).sort((a, b) => b.score - a.score).map((k) => side(k.figure));
  const question = parseQuestion(topic, { directory: corpus.catalog });
  const search = await findFigure(question.measure, [report], corpus);
  return search.candidates
    .filter((c) => c.fit >= MIN_TOPIC_FIT && c.qualifier > -0.5 && COUNT_FAMILIES.has(c.figure.family))
    .slice(0, TOPIC_FIGURES)
    .map((c) => side(c.figure));
}

/**
 * Rows of figures that measure the same thing, the best-matched pairs first (each figure in one row
 * only); with a topic, each side's best unpaired figure too.
 */
function alignRows(a: readonly Side[], b: readonly Side[], withSingles: boolean): Row[] {
  const pairs: { x: Side; y: Side; score: number }[] = [];
  a.forEach((x, i) => {
    b.forEach((y, j) => {
      const score = sameMeasure(x.key, y.key);
      // earlier figures of each side (more on the topic, or more telling) win ties
      if (score >= MIN_PAIR) pairs.push({ x, y, score: score - (i + j) * 0.001 });
    });
  });
  const used = new Set<Side>();
  const rows: Row[] = [];
  for (const { x, y } of pairs.sort((p, q) => q.score - p.score)) {
    if (used.has(x) || used.has(y)) continue;
    used.add(x);
    used.add(y);
    rows.push({ name: measureName(x.key) || x.figure.phrase, sides: [x, y] });
  }
  if (withSingles) {
    const single = (s: readonly Side[], at: 0 | 1) =>
      s.filter((x) => !used.has(x)).slice(0, SINGLES).map((x): Row => ({ name: measureName(x.key) || x.figure.phrase, sides: at === 0 ? [x, undefined] : [undefined, x] }));
    rows.push(...single(a, 0), ...single(b, 1));
  }
  return rows.slice(0, MAX_ROWS);
}

/** States the two reports' periods; different periods are said plainly, never silently compared. */
function periodSentence(a: ReportMeta, b: ReportMeta): string {
  if (a.year === b.year && a.period === b.period) return `两份报告都覆盖${yearPeriod(a)}。`;
  const half = [a, b].find((m) => m.period !== '全年');
  const halfNote = half ? `${half.region}只有${half.period}的数据，` : '';
  return `注意时间范围不同：${a.region}的报告覆盖${yearPeriod(a)}，${b.region}的报告覆盖${yearPeriod(b)}；${halfNote}下面的数字不能直接相比。`;
}

function toCompared(side: Side | undefined, n: number | undefined) {
  return side && n !== undefined ? { raw: side.figure.raw, value: side.figure.value, n } : undefined;
}

/** Whether either report says anything about the topic. */
async function mentionsTopic(reports: readonly Report[], topic: string, corpus: Corpus): Promise<boolean> {
  const question = parseQuestion(topic, { directory: corpus.catalog });
  const hits = await corpus.retriever.retrieve({ asks: question.measure.asks, reportIds: reports.map((r) => r.meta.id), limit: 4 });
  return bestSentences(hits, corpus.retriever.weigh(question.measure.asks)).length > 0;
}

/** A side without any figure on the topic still shows what its report says about it. */
async function topicPassage(draft: AnswerDraft, report: Report, topic: string, corpus: Corpus): Promise<void> {
  const question = parseQuestion(topic, { directory: corpus.catalog });
  const hits = await corpus.retriever.retrieve({ asks: question.measure.asks, reportIds: [report.meta.id], limit: 4 });
  const excerpt = bestSentences(hits, corpus.retriever.weigh(question.measure.asks))[0];
  if (!excerpt) {
    draft.note(`${report.meta.region}的报告没有提到“${topic}”。`);
    return;
  }
  draft.paragraph(text(`${report.meta.region}的报告中关于“${topic}”的内容：`));
  draft.quote(excerpt.report, excerpt.span);
}

async function writeComparison(reports: readonly [Report, Report], rows: readonly Row[], topic: string | undefined, notes: readonly string[], corpus: Corpus): Promise<Answer> {
  const [ra, rb] = reports;
  const draft = new AnswerDraft().heading(`${ra.meta.region}与${rb.meta.region}${topic ? `：${topic}` : ''}`);
  draft.paragraph(text(periodSentence(ra.meta, rb.meta)));
  for (const note of notes) draft.note(note);
  if (!topic) draft.note('没有指定主题：只列出两份报告都给出、且计数口径相同的数字。');
  const measures: ComparedMeasure[] = [];
  for (const row of rows) {
    const numbers = row.sides.map((side) => (side ? draft.cite(side.report, figureQuote(side.report, side.figure)) : undefined));
    const cells = row.sides.map((side, i): Inline[] => {
      const region = reports[i]?.meta.region ?? '';
      const n = numbers[i];
      return side && n !== undefined ? [text(`${region}：`), strong(side.figure.raw), cite(n)] : [text(`${region}：报告未提及`)];
    });
    draft.paragraph(strong(row.name));
    draft.list(cells);
    for (const side of row.sides) if (side) draft.quote(side.report, figureQuote(side.report, side.figure));
    measures.push({ measure: row.name, unit: row.sides[0]?.figure.unit ?? row.sides[1]?.figure.unit ?? '', sides: [toCompared(row.sides[0], numbers[0]), toCompared(row.sides[1], numbers[1])] });
  }
  if (topic) {
    for (const [i, report] of reports.entries()) if (!rows.some((r) => r.sides[i])) await topicPassage(draft, report, topic, corpus);
  }
  return draft.finish('compare', {
    context: reportsContext(`${ra.meta.region}和${rb.meta.region}的${topic ?? '主要工作'}`, [ra.meta.region, rb.meta.region], [ra.meta.year, rb.meta.year], 'compare'),
    comparison: { regions: [ra.meta, rb.meta], measures },
  });
}

/** Compares two regions' reports measure by measure, each side retrieved and quoted on its own. */
export async function compareRegions(regionA: string, regionB: string, topic: string | undefined, corpus: Corpus, timings: Record<string, number>): Promise<Answer> {
  const a = await resolveSide(regionA, corpus);
  if (!a.ok) return a.answer;
  const b = await resolveSide(regionB, corpus);
  if (!b.ok) return b.answer;
  if (a.report.meta.region === b.report.meta.region) return plainAnswer('invalid', `两个地区是同一个（${a.report.meta.region}），请给出两个不同的地区。`);
  const cleanTopic = topic?.trim() && /[\p{L}\p{N}]/u.test(topic) ? topic.trim() : undefined;
  if (cleanTopic && cleanTopic.length > MAX_TOPIC) return plainAnswer('invalid', `比较的主题太长（${cleanTopic.length}字），请用一个词或短语，例如“法律援助”。`);
  const started = performance.now();
  if (cleanTopic) await corpus.prepare(parseQuestion(cleanTopic, { directory: corpus.catalog }).measure.asks);
  const [sidesA, sidesB] = await Promise.all([sideFigures(a.report, cleanTopic, corpus), sideFigures(b.report, cleanTopic, corpus)]);
  timings.search = performance.now() - started;
  const rows = alignRows(sidesA, sidesB, cleanTopic !== undefined);
  const older = [a, b]
    .filter((side) => side.others.length > 0)
    .map((side) => `${side.report.meta.region}还有${side.others.map((o) => yearPeriod(o.meta)).join('、')}的报告，这里比较${side.others.every((o) => o.meta.year < side.report.meta.year) ? '最新的一份' : `${yearPeriod(side.report.meta)}的一份`}。`);
  if (rows.length === 0 && !cleanTopic) return plainAnswer('notFound', `${a.report.meta.region}和${b.report.meta.region}的报告没有计数口径相同、可以直接相比的数字；可以指定一个主题，例如“法律援助”。`);
  if (rows.length === 0 && cleanTopic && !(await mentionsTopic([a.report, b.report], cleanTopic, corpus))) {
    return plainAnswer('notFound', `${a.report.meta.region}和${b.report.meta.region}的报告都没有提到“${cleanTopic}”。`);
  }
  const composeStart = performance.now();
  const answer = await writeComparison([a.report, b.report], rows, cleanTopic, older, corpus);
  timings.compose = performance.now() - composeStart;
  return answer;
}
