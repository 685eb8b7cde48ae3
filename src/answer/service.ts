import type { Config } from '../config.js';
import type { Report } from '../ingest/types.js';
import type { Library, SearchIndex } from '../index/library.js';
import type { Logger } from '../logger.js';
import { topicWords } from '../question/follow-up.js';
import { contextOf, parseQuestion } from '../question/parse.js';
import { resolveRegion } from '../question/regions.js';
import type { Question } from '../question/types.js';
import { catalogOf } from '../search/catalog.js';
import { HybridRetriever, type RetrievalConfig } from '../search/retriever.js';
import { coverageSentence, coveredWithin } from './compose/coverage.js';
import { asNotFound, plainAnswer, type AnswerDraft } from './compose/draft.js';
import { say } from './compose/frame.js';
import { checkQuestion } from './compose/input.js';
import type { Corpus } from './corpus.js';
import { compareRegions } from './kinds/compare.js';
import { answerOneReport, answerParts } from './kinds/fact.js';
import { libraryAnswer } from './kinds/library.js';
import { answerList } from './kinds/list.js';
import { answerPassage } from './kinds/passage.js';
import { answerAcross } from './kinds/rank.js';
import { overviewAnswer, roleAnswer } from './kinds/sections.js';
import { summarize } from './kinds/summary.js';
import { answerWhen } from './kinds/when.js';
import { answerYesNo } from './kinds/yesno.js';
import type { LlmTask, LlmWriter, Passage } from './llm/index.js';
import { resolveScope } from './scope.js';
import type { Answer, AnswerService, Citation } from './types.js';

export interface AnswerServiceDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly library: Library;
  /** Retrieval stages to use (all by default); the evaluation's ablation leaves some out. */
  readonly retrieval?: RetrievalConfig;
}

/**
 * The text around a citation: its chunk, widened to take in the whole quote (a quote may run past
 * its chunk's end), so a model sentence quoting that tail checks against what it was shown.
 */
function citedText(reports: readonly Report[], citation: Citation): string | undefined {
  const report = reports.find((r) => r.meta.id === citation.reportId);
  const chunk = report?.chunks.find((c) => c.id === citation.chunkId);
  if (!report || !chunk) return undefined;
  return report.text.slice(Math.min(chunk.start, citation.start), Math.max(chunk.end, citation.end));
}

/** The passages behind an answer's citations, for the LLM to word and be checked against. */
function passagesOf(answer: Answer, reports: readonly Report[]): Passage[] {
  return answer.citations.flatMap((citation) => {
    const text = citedText(reports, citation);
    return text === undefined ? [] : [{ n: citation.n, citation, text }];
  });
}

type Drafted = { readonly draft: AnswerDraft; readonly found: boolean };

/** The answer of the kind the question asks for, over the reports in its scope. */
async function draftAnswer(question: Question, reports: readonly Report[], corpus: Corpus): Promise<Drafted> {
  const [first] = reports;
  switch (question.intent) {
    case 'rank':
      return answerAcross(question, reports, corpus);
    case 'list':
      return answerList(question, reports, corpus);
    case 'yesno':
      return answerYesNo(question, reports, corpus);
    case 'when':
      return answerWhen(question, reports, corpus);
    case 'problems':
    case 'plans':
      return roleAnswer(question, question.intent, reports, corpus);
    case 'overview': {
      // a figure the question names points at its passage; else the heading tree says what was done
      const overview = question.stated ? undefined : overviewAnswer(question, reports, corpus);
      return overview?.found ? overview : answerPassage(question, reports, corpus);
    }
    case 'passage':
      return answerPassage(question, reports, corpus);
    default:
      if (reports.length > 1 || !first) return answerAcross(question, reports, corpus);
      return question.parts.length > 1 ? answerParts(question, first, corpus) : answerOneReport(question, first, corpus);
  }
}

/** "（接上题：梁平区 · 法律援助案件）": how a follow-up was read. */
function followUpLine(question: Question): string | undefined {
  const f = question.followUp;
  if (!f) return undefined;
  const what = [f.regions.join('、'), f.topic].filter(Boolean).join(' · ');
  return say(question.language, `（接上题：${what}）`, `(Following up: ${what})`);
}

/**
 * The answer layer: offline and extractive by default; with `config.llm` the LLM words the
 * extractive answer and is checked against the same passages (it falls back by itself).
 */
export function createAnswerService(deps: AnswerServiceDeps): AnswerService {
  const log = deps.logger.child({ module: 'answer' });
  let corpusOf: { index: SearchIndex; corpus: Corpus } | undefined;
  let writer: Promise<LlmWriter> | undefined;

  /** The corpus over the library's current index (a rebuild swaps the index). */
  const current = (): Corpus => {
    const index = deps.library.index;
    if (corpusOf?.index !== index) {
      const catalog = catalogOf(index);
      corpusOf = { index, corpus: { reports: index.reports, catalog, retriever: new HybridRetriever(index, catalog, deps.retrieval) } };
    }
    return corpusOf.corpus;
  };

  const llmWriter = (): Promise<LlmWriter> | undefined => {
    const llm = deps.config.llm;
    if (!llm) return undefined;
    writer ??= import('./llm/index.js').then((m) => m.createLlmWriter(llm, deps.logger));
    return writer;
  };

  /** Lets the LLM word an answer that has citations; timings of every stage end up on the answer. */
  const finish = async (task: LlmTask, question: string, answer: Answer, timings: Record<string, number>, started: number): Promise<Answer> => {
    const pending = answer.notFound || answer.kind === 'invalid' ? undefined : llmWriter();
    const worded = pending ? await (await pending).write(task, question, passagesOf(answer, current().reports), answer) : answer;
    const all = { ...timings, ...worded.timings, total: performance.now() - started };
    const rounded = Object.fromEntries(Object.entries(all).map(([k, v]) => [k, Math.round(v)]));
    log.info({ kind: worded.kind, notFound: worded.notFound, citations: worded.citations.length, timings: rounded }, 'answered');
    return { ...worded, timings: rounded };
  };

  const answerQuestion = async (question: Question, timings: Record<string, number>): Promise<Answer> => {
    const corpus = current();
    const context = contextOf(question);
    const scope = resolveScope(question, corpus.reports);
    if (!scope.ok) return plainAnswer('notFound', scope.message, { context });
    const started = performance.now();
    const { draft, found } = await draftAnswer(question, scope.reports, corpus);
    timings.answer = performance.now() - started;
    const line = followUpLine(question);
    if (line) draft.prepend(line);
    for (const note of scope.notes) draft.note(note);
    const answered = { ...context, regions: [...new Set(scope.reports.map((r) => r.meta.region))], years: [...new Set(scope.reports.map((r) => r.meta.year))] };
    const answer = draft.finish(found ? 'fact' : 'notFound', { context: scope.named ? answered : { ...context, regions: found && scope.reports.length === 1 ? answered.regions : context.regions } });
    return scope.partialYear && found ? asNotFound(answer, scope.partialYear) : answer;
  };

  return {
    async ask(raw, options) {
      const started = performance.now();
      const timings: Record<string, number> = {};
      const checked = checkQuestion(raw);
      if (!checked.ok) return finish('answer', raw, plainAnswer('invalid', checked.message, options?.previous ? { context: options.previous } : {}), timings, started);
      const corpus = current();
      const parseStart = performance.now();
      const question = parseQuestion(checked.question, { directory: corpus.catalog, ...(options?.previous ? { previous: options.previous } : {}) });
      timings.parse = performance.now() - parseStart;
      if (question.intent === 'library') return finish('answer', checked.question, libraryAnswer(corpus.reports.map((r) => r.meta)), timings, started);
      const places = [...question.scope.regions.map((r) => r.text || r.name), ...(question.scope.unknownPlace ? [question.scope.unknownPlace] : [])];
      if (question.intent === 'summary' && places[0]) return this.summary(places[0]);
      if (question.intent === 'compare' && places.length >= 2) {
        const topic = topicWords(question.measure.asks);
        return this.compare(places[0]!, places[1]!, topic || undefined);
      }
      return finish('answer', checked.question, await answerQuestion(question, timings), timings, started);
    },

    async summary(region) {
      const started = performance.now();
      const { catalog, reports } = current();
      const metas = reports.map((r) => r.meta);
      const name = region.trim();
      const mention = name ? resolveRegion(name, catalog) : undefined;
      if (!mention) return finish('summary', region, plainAnswer('invalid', `没有找到名为“${name}”的地区。${coverageSentence(metas)}`), {}, started);
      // "固始 2023": the year asked, else the latest report
      const year = parseQuestion(name, { directory: catalog }).scope.years[0];
      const own = reports.filter((r) => r.meta.region === mention.name).sort((a, b) => (a.meta.year === year ? -1 : b.meta.year === year ? 1 : b.meta.year - a.meta.year));
      const [latest, ...older] = own;
      if (!latest) return finish('summary', region, plainAnswer('notFound', `报告库里没有${mention.name}的报告。${coveredWithin(mention.name, metas)}${coverageSentence(metas)}`), {}, started);
      const composeStart = performance.now();
      const answer = summarize(latest, older);
      return finish('summary', `${mention.name}报告摘要`, answer, { compose: performance.now() - composeStart }, started);
    },

    async compare(regionA, regionB, topic) {
      const started = performance.now();
      const timings: Record<string, number> = {};
      const answer = await compareRegions(regionA, regionB, topic, current(), timings);
      return finish('compare', `比较${regionA}和${regionB}${topic ? `的${topic}` : ''}`, answer, timings, started);
    },

    reports() {
      return current().reports.map((r) => r.meta);
    },

    passage(citation: Citation) {
      const text = citedText(current().reports, citation);
      return text === undefined ? undefined : { section: citation.section, text };
    },
  };
}
