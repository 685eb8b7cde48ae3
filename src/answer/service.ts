import type { Config } from '../config.js';
import type { Report } from '../ingest/types.js';
import type { Library, SearchIndex } from '../index/library.js';
import type { Logger } from '../logger.js';
import { Searcher } from '../search/searcher.js';
import { compareRegions } from './compare.js';
import { coverageSentence, coveredWithin } from './coverage.js';
import { plainAnswer } from './draft.js';
import { answerFact } from './fact.js';
import { resolveFollowUp } from './follow-up.js';
import { routeQuestion } from './routing.js';
import { checkQuestion } from './input.js';
import { isLibraryQuestion, libraryAnswer } from './library-answer.js';
import type { LlmTask, LlmWriter, Passage } from './llm/index.js';
import { summarize } from './summary.js';
import type { Answer, AnswerService, Citation } from './types.js';

export interface AnswerServiceDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly library: Library;
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

/**
 * The answer layer: offline and extractive by default; with `config.llm` the LLM words the
 * extractive answer and is checked against the same passages (it falls back by itself).
 */
export function createAnswerService(deps: AnswerServiceDeps): AnswerService {
  const log = deps.logger.child({ module: 'answer' });
  let searcherOf: { index: SearchIndex; searcher: Searcher } | undefined;
  let writer: Promise<LlmWriter> | undefined;

  /** The searcher over the library's current index (a rebuild swaps the index). */
  const current = () => {
    const index = deps.library.index;
    if (searcherOf?.index !== index) searcherOf = { index, searcher: new Searcher(index) };
    return { searcher: searcherOf.searcher, reports: index.reports };
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

  return {
    async ask(question, options) {
      const started = performance.now();
      const timings: Record<string, number> = {};
      const checked = checkQuestion(question);
      if (!checked.ok) return finish('answer', question, plainAnswer('invalid', checked.message, options?.previous ? { context: options.previous } : {}), timings, started);
      const deps = current();
      if (isLibraryQuestion(checked.question)) return finish('answer', checked.question, libraryAnswer(deps.reports.map((r) => r.meta)), timings, started);
      const resolved = resolveFollowUp(checked.question, options?.previous, (q) => deps.searcher.parseQuery(q));
      const route = routeQuestion(resolved.question, deps.searcher.parseQuery(resolved.question));
      if (route.kind === 'summary') return this.summary(route.region);
      if (route.kind === 'compare') return this.compare(route.regions[0], route.regions[1], route.topic);
      const answer = await answerFact(resolved, deps, timings);
      return finish('answer', resolved.question, answer, timings, started);
    },

    async summary(region) {
      const started = performance.now();
      const { searcher, reports } = current();
      const metas = reports.map((r) => r.meta);
      const name = region.trim();
      const mention = name ? searcher.resolveRegion(name) : undefined;
      if (!mention) return finish('summary', region, plainAnswer('invalid', `没有找到名为“${name}”的地区。${coverageSentence(metas)}`), {}, started);
      const own = reports.filter((r) => r.meta.region === mention.name).sort((a, b) => b.meta.year - a.meta.year);
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
