import type { Figure, Report, ReportMeta } from '../ingest/types.js';
import type { SearchHit } from '../search/types.js';
import type { Corpus } from './corpus.js';
import { coverageSentence, coveredWithin } from './coverage.js';
import { AnswerDraft, cite, plainAnswer, strong, text } from './draft.js';
import { adHocMeasure, MEASURES, type Measure, measureFigure, measuresForTopic } from './measures.js';
import { bestSentences } from './passages.js';
import { shapeQuestion } from './question.js';
import { reportHits, topicWords } from './report-search.js';
import { yearPeriod } from './render-text.js';
import { figureQuote } from './figure-quote.js';
import type { Answer, ComparedMeasure, Inline } from './types.js';

const MAX_ROWS = 8;
/** A topic is a word or a phrase, not a text. */
const MAX_TOPIC = 50;

interface SideValue {
  readonly report: Report;
  readonly figure: Figure;
}

interface Row {
  readonly measure: Measure;
  readonly sides: readonly [SideValue | undefined, SideValue | undefined];
}

type Resolved = { readonly ok: true; readonly report: Report; readonly others: readonly Report[] } | { readonly ok: false; readonly answer: Answer };

/** Finds a region's reports; the newest is compared. */
function resolveSide(input: string, deps: Corpus): Resolved {
  const metas = deps.reports.map((r) => r.meta);
  const name = input.trim();
  if (!/[\p{L}\p{N}]/u.test(name)) return { ok: false, answer: plainAnswer('invalid', `请给出两个地区的名称，例如“阳山 镜湖”。${coverageSentence(metas)}`) };
  const mention = deps.searcher.resolveRegion(name);
  if (!mention) return { ok: false, answer: plainAnswer('invalid', `没有找到名为“${name}”的地区。${coverageSentence(metas)}`) };
  const reports = deps.reports.filter((r) => r.meta.region === mention.name).sort((a, b) => b.meta.year - a.meta.year);
  const [report, ...others] = reports;
  if (!report) return { ok: false, answer: plainAnswer('notFound', `报告库里没有${mention.name}的报告，无法比较。${coveredWithin(mention.name, metas)}${coverageSentence(metas)}`) };
  return { ok: true, report, others };
}

/** Compares two regions' reports measure by measure, each side retrieved and quoted on its own. */
export async function compareRegions(regionA: string, regionB: string, topic: string | undefined, deps: Corpus, timings: Record<string, number>): Promise<Answer> {
  const a = resolveSide(regionA, deps);
  if (!a.ok) return a.answer;
  const b = resolveSide(regionB, deps);
  if (!b.ok) return b.answer;
  if (a.report.meta.region === b.report.meta.region) {
    return plainAnswer('invalid', `两个地区是同一个（${a.report.meta.region}），请给出两个不同的地区。`);
  }
  const cleanTopic = topic?.trim() && /[\p{L}\p{N}]/u.test(topic) ? topic.trim() : undefined;
  if (cleanTopic && cleanTopic.length > MAX_TOPIC) return plainAnswer('invalid', `比较的主题太长（${cleanTopic.length}字），请用一个词或短语，例如“法律援助”。`);

  const started = performance.now();
  const hits = cleanTopic
    ? await Promise.all([a.report, b.report].map((r) => reportHits(deps.searcher, cleanTopic, r)))
    : [[], []];
  timings.search = performance.now() - started;

  const composeStart = performance.now();
  const words = cleanTopic ? topicWords(deps.searcher, cleanTopic) : [];
  const known = measuresForTopic(words);
  const measures = cleanTopic ? (known.length ? known : [adHocMeasure(cleanTopic, words)]) : MEASURES;
  const rows = chooseRows(measures, [a.report, b.report], [hits[0] ?? [], hits[1] ?? []], !cleanTopic);
  const older = [a, b].filter((side) => side.others.length > 0).map((side) => `${side.report.meta.region}还有${side.others.map((o) => yearPeriod(o.meta)).join('、')}的报告，这里比较最新的一份。`);
  const answer = rows.length || hits.some((h) => h.length)
    ? writeComparison([a.report, b.report], rows, hits, cleanTopic, older)
    : plainAnswer('notFound', `${a.report.meta.region}和${b.report.meta.region}的报告都没有提到“${cleanTopic ?? '可比较的数字'}”。`);
  timings.compose = performance.now() - composeStart;
  return answer;
}

function bestFigure(report: Report, measure: Measure, hits: readonly SearchHit[]): SideValue | undefined {
  const figure = measureFigure(report, measure, new Set(hits.map((h) => h.chunk.id)));
  return figure ? { report, figure } : undefined;
}

/** Measures found in either report; without a topic, those both report come first. */
function chooseRows(measures: readonly Measure[], reports: readonly [Report, Report], hits: readonly [readonly SearchHit[], readonly SearchHit[]], sharedFirst: boolean): Row[] {
  const rows: Row[] = [];
  for (const measure of measures) {
    const sides = [bestFigure(reports[0], measure, hits[0]), bestFigure(reports[1], measure, hits[1])] as const;
    if (sides[0] || sides[1]) rows.push({ measure, sides });
  }
  const both = (r: Row) => (r.sides[0] && r.sides[1] ? 1 : 0);
  const ordered = sharedFirst ? [...rows].sort((x, y) => both(y) - both(x)) : rows;
  return ordered.slice(0, MAX_ROWS);
}

/** States the two reports' periods; different periods are said plainly, never silently compared. */
function periodSentence(a: ReportMeta, b: ReportMeta): string {
  if (a.year === b.year && a.period === b.period) return `两份报告都覆盖${yearPeriod(a)}。`;
  const half = [a, b].find((m) => m.period !== '全年');
  const halfNote = half ? `${half.region}只有${half.period}的数据，` : '';
  return `注意时间范围不同：${a.region}的报告覆盖${yearPeriod(a)}，${b.region}的报告覆盖${yearPeriod(b)}；${halfNote}下面的数字不能直接相比。`;
}

function writeComparison(reports: readonly [Report, Report], rows: readonly Row[], hits: readonly (readonly SearchHit[])[], topic: string | undefined, notes: readonly string[]): Answer {
  const [ra, rb] = reports;
  const draft = new AnswerDraft().heading(`${ra.meta.region}与${rb.meta.region}${topic ? `：${topic}` : ''}`);
  draft.paragraph(text(periodSentence(ra.meta, rb.meta)));
  for (const note of notes) draft.note(note);

  const measures: ComparedMeasure[] = [];
  for (const row of rows) {
    const numbers = row.sides.map((side) => (side ? draft.cite(side.report, figureQuote(side.report, side.figure)) : undefined));
    const cells = row.sides.map((side, i): Inline[] => {
      const region = reports[i]?.meta.region ?? '';
      const n = numbers[i];
      return side && n !== undefined ? [text(`${region}：`), strong(side.figure.raw), cite(n)] : [text(`${region}：报告未提及`)];
    });
    draft.paragraph(strong(row.measure.name));
    draft.list(cells);
    for (const side of row.sides) {
      if (side) draft.quote(side.report, figureQuote(side.report, side.figure));
    }
    measures.push({
      measure: row.measure.name,
      unit: row.sides[0]?.figure.unit ?? row.sides[1]?.figure.unit ?? '',
      sides: [toCompared(row.sides[0], numbers[0]), toCompared(row.sides[1], numbers[1])],
    });
  }

  if (topic) addTopicPassages(draft, reports, rows, hits, topic);
  return draft.finish('compare', {
    context: { question: `${ra.meta.region}和${rb.meta.region}的${topic ?? '主要工作'}`, regions: [ra.meta.region, rb.meta.region], years: [ra.meta.year, rb.meta.year] },
    comparison: { regions: [ra.meta, rb.meta], measures },
  });
}

/** A side without any figure on the topic still shows what its report says about it. */
function addTopicPassages(draft: AnswerDraft, reports: readonly [Report, Report], rows: readonly Row[], hits: readonly (readonly SearchHit[])[], topic: string): void {
  reports.forEach((report, i) => {
    if (rows.some((r) => r.sides[i])) return;
    const excerpt = bestSentences(hits[i] ?? [], shapeQuestion(topic))[0];
    if (!excerpt) {
      draft.note(`${report.meta.region}的报告没有提到“${topic}”。`);
      return;
    }
    draft.paragraph(text(`${report.meta.region}的报告中关于“${topic}”的内容：`));
    draft.quote(excerpt.report, excerpt.span);
  });
}

function toCompared(side: SideValue | undefined, n: number | undefined) {
  return side && n !== undefined ? { raw: side.figure.raw, value: side.figure.value, n } : undefined;
}
