import type { Report, ReportMeta } from '../ingest/types.js';
import type { OutOfScope, ParsedQuery, SearchHit } from '../search/types.js';
import type { Corpus } from './corpus.js';
import { coverageSentence } from './coverage.js';
import { AnswerDraft, asNotFound, plainAnswer, text } from './draft.js';
import { answersQuestion, type FigureCandidate, namesAll, rankFigures, unitsMatch } from './figure-choice.js';
import { bestSentences, roleItems, topicFirst } from './passages.js';
import { missingContent, type QuestionShape, shapeQuestion, withoutWorkWords } from './question.js';
import { plainQuestion } from './spoken.js';
import { sourceName } from './labels.js';
import { yearPeriod } from './render-text.js';
import { sayFigure } from './figure-quote.js';
import { measuresOverview, topicSections } from './overview.js';
import { headingsOver } from './citations.js';
import { partialYear, planYears, scopeGap } from './scope.js';
import { answerAcross, reportsAcross, withoutAcrossWords } from './across.js';
import type { Answer, AnswerContext } from './types.js';

/** Passages searched per question; figures and quotes come from the first few. */
const SEARCH_LIMIT = 8;
const FIGURE_PASSAGES = 5;
const CONTENT_PASSAGES = 3;
/** Other figures as direct as the best one are mentioned when they score at least this share of it. */
const ALTERNATIVE_SHARE = 0.6;
const MAX_OTHER_REPORTS = 4;
/** An alternative must name at least this share of what the question asks for, right next to it. */
const MIN_ALTERNATIVE_DIRECTNESS = 0.5;
/** A lower-ranked figure may stand in for a top one whose sentence lacks the question's words, if it scores this share. */
const SUPPORTED_SHARE = 0.7;
const ROLE_ITEMS = 6;

const ROLE_NAMES = { problems: '存在的问题', plans: '下一步工作' } as const;

/** A question already made whole (follow-ups resolved), with the regions it inherited. */
export interface FactQuestion {
  readonly question: string;
  readonly inheritedRegions: readonly string[];
}

/** What a question asks, read once: its regions, years, shape and the words to strip from it. */
interface ReadQuestion {
  readonly q: FactQuestion;
  readonly parsed: ParsedQuery;
  readonly regions: readonly string[];
  readonly years: readonly number[];
  readonly metas: readonly ReportMeta[];
  readonly strip: readonly string[];
  readonly shape: QuestionShape;
  readonly context: AnswerContext;
}

function readQuestion(given: FactQuestion, deps: Corpus): ReadQuestion {
  const q = { ...given, question: plainQuestion(given.question) };
  const parsed = deps.searcher.parseQuery(q.question);
  const regions = unique([...parsed.regions.filter((r) => r.covered).map((r) => r.name), ...q.inheritedRegions]);
  const metas = deps.reports.map((r) => r.meta);
  const strip = [...parsed.regions.map((r) => r.text), ...regions, ...enclosingNames(regions, metas)];
  const shape = shapeQuestion(q.question, strip);
  const years = shape.role === 'plans' ? planYears(parsed.years, regions, metas) : [...parsed.years];
  return { q, parsed, regions, years, metas, strip, shape, context: { question: q.question, regions, years } };
}

/** Answers one question from the reports: a figure, quotes of a section, or not found. */
export async function answerFact(given: FactQuestion, deps: Corpus, timings: Record<string, number>): Promise<Answer> {
  const read = readQuestion(given, deps);
  const { parsed, regions, years, metas, shape, context } = read;
  const scope = scopeGap(parsed, regions, years, metas);
  if (scope) return plainAnswer('notFound', `${scope}${coverageSentence(metas)}`, { context });
  // what a named region did, its problems and plans come from its sections, no search needed
  if (shape.role && regions.length > 0) {
    const composeStart = performance.now();
    const answer = roleAnswer(shape, shape.role, reportsFor(deps.reports, regions, years), context);
    timings.compose = performance.now() - composeStart;
    if (answer) return answer;
  }
  const answer = await searchAndCompose(read, deps, timings);
  return withPartialYear(answer, partialYear(parsed, regions, years, metas));
}

async function searchAndCompose(read: ReadQuestion, deps: Corpus, timings: Record<string, number>): Promise<Answer> {
  const { q, regions, years, metas, shape, context } = read;
  const started = performance.now();
  const asked = withoutAcrossWords(withoutWorkWords(q.question));
  const filters = q.inheritedRegions.length ? { filters: { regions: q.inheritedRegions } } : {};
  const result = await deps.searcher.search({ question: asked, limit: SEARCH_LIMIT, ...filters });
  timings.search = performance.now() - started;
  if (result.outOfScope) return plainAnswer('notFound', `${outOfScopeSentence(result.outOfScope)}${coverageSentence(metas)}`, { context });

  const composeStart = performance.now();
  const across = shape.wantsFigure && regions.length !== 1 ? await answerAcross(q.question, shapeQuestion(asked, read.strip), reportsAcross(deps.reports, regions, years), deps, context) : undefined;
  const hits = result.hits.filter((h) => (regions.length === 0 || regions.includes(h.report.meta.region)) && (years.length === 0 || years.includes(h.report.meta.year)));
  const answered = { ...context, regions: regions.length ? regions : unique(hits.slice(0, 1).map((h) => h.report.meta.region)) };
  const answer = across ?? compose(shape, hits, regions, deps.reports, answered) ?? notFoundAnswer(shape, hits, regions, metas, context);
  timings.compose = performance.now() - composeStart;
  return answer;
}

function withPartialYear(answer: Answer, partial: string | undefined): Answer {
  return partial && !answer.notFound ? asNotFound(answer, partial) : answer;
}

function compose(shape: QuestionShape, hits: readonly SearchHit[], regions: readonly string[], reports: readonly Report[], context: AnswerContext): Answer | undefined {
  if (shape.role && shape.role !== 'measures') {
    const targets = reportsFor(reports, regions.length ? regions : context.regions, context.years);
    const answer = roleAnswer(shape, shape.role, targets, context);
    if (answer) return answer;
  }
  if (hits.length === 0) return undefined;
  const top = hits.slice(0, CONTENT_PASSAGES);
  if (missingContent(shape, hitsText(top))) return undefined;
  // one region: its best figure and near alternatives; none or several: the best figure of each report
  if (shape.wantsFigure) return regions.length === 1 ? figureAnswer(shape, hits.slice(0, FIGURE_PASSAGES), context, false) : figureAnswer(shape, hits, context, true);
  // "在普法方面做了哪些工作": the sections whose headings name the topic, when there are any
  const onTopic = shape.asksWork ? measuresOverview(reportsFor(reports, context.regions, context.years), context, (r) => topicSections(r, shape.segments)) : undefined;
  return onTopic ?? passageAnswer(shape, top, context);
}

function figureAnswer(shape: QuestionShape, hits: readonly SearchHit[], context: AnswerContext, acrossRegions: boolean): Answer | undefined {
  const ranked = rankFigures(hits, shape);
  const topScore = ranked[0]?.score ?? 0;
  const supported = (c: FigureCandidate) => answersQuestion(c, shape);
  const best = ranked.find((c) => c.score >= SUPPORTED_SHARE * topScore && supported(c));
  if (!best) return undefined;
  const draft = new AnswerDraft();
  sayFigure(draft, best.report, best.figure, `${sourceName(best.report.meta)}：`);

  const others = acrossRegions ? otherReports(best, ranked, supported) : alternatives(best, ranked, shape);
  if (others.length > 0) {
    draft.paragraph(text(acrossRegions ? '其他报告中的数字：' : '报告中还有相近的数字：'));
    for (const other of others) sayFigure(draft, other.report, other.figure, acrossRegions ? `${sourceName(other.report.meta)}：` : '');
    const periods = new Set([best, ...others].map((c) => yearPeriod(c.report.meta)));
    if (acrossRegions && periods.size > 1) draft.note(`这些报告的时间范围不同（${[...periods].join('、')}），数字不能直接相比。`);
  }
  return draft.finish('fact', { context });
}

/** Figures that answer the question as directly as the best one but say something else. */
function alternatives(best: FigureCandidate, ranked: readonly FigureCandidate[], shape: QuestionShape): FigureCandidate[] {
  const out: FigureCandidate[] = [];
  for (const c of ranked.slice(1)) {
    if (out.length >= 2) break;
    const sameSpot = c.report === best.report && c.figure.start === best.figure.start;
    const duplicate = [best, ...out].some((o) => o.figure.value === c.figure.value && o.figure.unit === c.figure.unit);
    if (sameSpot || duplicate || c.score < ALTERNATIVE_SHARE * best.score || !unitsMatch(best.figure.unit, c.figure.unit)) continue;
    const direct = c.directness >= Math.max(best.directness, MIN_ALTERNATIVE_DIRECTNESS) && answersQuestion(c, shape);
    // a part the question names word for word (区级部门54件 of 现行有效规范性文件80件), its whole named the clause before
    const namedPart = c.precision === 1 && best.precision < 1 && namesAll(c, shape);
    if (direct || namedPart) out.push(c);
  }
  return out;
}

/** For a question naming no region: the best figure of each other report that answers it too. */
function otherReports(best: FigureCandidate, ranked: readonly FigureCandidate[], supported: (c: FigureCandidate) => boolean): FigureCandidate[] {
  const out: FigureCandidate[] = [];
  for (const c of ranked) {
    if (out.length >= MAX_OTHER_REPORTS) break;
    if (c.report === best.report || out.some((o) => o.report === c.report)) continue;
    if (c.score >= ALTERNATIVE_SHARE * best.score && unitsMatch(best.figure.unit, c.figure.unit) && supported(c)) out.push(c);
  }
  return out;
}

function passageAnswer(shape: QuestionShape, hits: readonly SearchHit[], context: AnswerContext): Answer | undefined {
  const excerpts = bestSentences(hits, shape);
  const first = excerpts[0];
  if (!first) return undefined;
  const draft = new AnswerDraft().paragraph(text(`${sourceName(first.report.meta)}中的相关内容：`));
  for (const e of excerpts) draft.quote(e.report, e.span);
  return draft.finish('fact', { context });
}

/** Quotes what the reports asked about say they did, or of their problems or plans; says so when they say nothing. */
function roleAnswer(shape: QuestionShape, role: NonNullable<QuestionShape['role']>, reports: readonly Report[], context: AnswerContext): Answer | undefined {
  if (reports.length === 0) return undefined;
  if (role === 'measures') return measuresOverview(reports, context);
  const draft = new AnswerDraft();
  const silent: string[] = [];
  for (const report of reports) {
    // all items are read, so one that matches the question's topic is shown however far down it stands
    const items = topicFirst(report, roleItems(report, role, Infinity), shape).slice(0, ROLE_ITEMS);
    if (items.length === 0) {
      silent.push(sourceName(report.meta));
      continue;
    }
    draft.paragraph(text(`${sourceName(report.meta)}中${ROLE_NAMES[role]}：`));
    for (const span of items) draft.quote(report, span);
  }
  if (draft.isEmpty) {
    return plainAnswer('notFound', `${silent.join('、')}没有专门写${ROLE_NAMES[role]}。`, { context });
  }
  if (silent.length > 0) draft.note(`${silent.join('、')}没有专门写${ROLE_NAMES[role]}。`);
  return draft.finish('fact', { context });
}

function notFoundAnswer(shape: QuestionShape, hits: readonly SearchHit[], regions: readonly string[], metas: readonly ReportMeta[], context: AnswerContext): Answer {
  const where = regions.length ? `${regions.join('、')}的报告` : '现有报告';
  const missing = hits.length ? missingContent(shape, hitsText(hits.slice(0, CONTENT_PASSAGES))) : undefined;
  // the whole asked phrase the missing words stand in (法律援助案件满意度, not just 法律援助)
  const phrase = missing && (shape.segments.find((s) => s.includes(missing)) ?? missing).replace(/^的/, '');
  const what = phrase && phrase.length <= 20 ? `“${phrase}”` : '这个问题';
  const detail = shape.wantsFigure ? `没有给出${what}的数字` : `没有回答${what}的内容`;
  return plainAnswer('notFound', `${where}中${detail}。${coverageSentence(metas)}`, { context });
}

/** 浙江省, 浙江, 宁波市, 宁波 … for 慈溪市: where a region lies, which a question may name along with it. */
function enclosingNames(regions: readonly string[], metas: readonly ReportMeta[]): string[] {
  const names = metas.filter((m) => regions.includes(m.region)).flatMap((m) => [m.city, m.province]);
  return unique(names.flatMap((n) => (n ? [n, n.replace(/(?:省|市|自治区|特别行政区)$/, '')] : [])).filter((n) => n.length >= 2));
}

function reportsFor(reports: readonly Report[], regions: readonly string[], years: readonly number[]): Report[] {
  return reports.filter((r) => regions.includes(r.meta.region) && (years.length === 0 || years.includes(r.meta.year)));
}

function outOfScopeSentence(scope: OutOfScope): string {
  switch (scope.reason) {
    case 'uncovered-region':
      return `报告库里没有${scope.regions.join('、')}的报告，无法回答。`;
    case 'unknown-region':
      return `没有找到名为“${scope.text}”的地区。`;
    case 'uncovered-year':
      return `报告库里没有${scope.years.join('、')}年的报告。`;
  }
}

/** What passages say, folded: their text and the whole headings they stand under (…切实做好驻村帮扶 heads 拆除危房13间). */
function hitsText(hits: readonly SearchHit[]): string {
  return hits.map((h) => [h.chunk.folded, ...headingsOver(h.report, h.chunk.start)].join('|')).join('|');
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
