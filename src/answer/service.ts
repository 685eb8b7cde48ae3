import type { Config } from '../config.js';
import type { Report } from '../ingest/types.js';
import type { Library, SearchIndex } from '../index/library.js';
import type { Logger } from '../logger.js';
import { topicWords } from '../question/follow-up.js';
import { contextOf, parseQuestion } from '../question/parse.js';
import { resolveRegion } from '../question/regions.js';
import type { Ask, Question } from '../question/types.js';
import { keepRecent } from '../recently-used.js';
import type { RetrievalConfig } from '../search/retriever.js';
import { coverageSentence, coveredWithin } from './compose/coverage.js';
import { asNotFound, plainAnswer, text, type AnswerDraft } from './compose/draft.js';
import { say } from './compose/frame.js';
import { checkQuestion } from './compose/input.js';
import { indexCorpus, type Corpus, type CorpusSource } from './corpus.js';
import { compareRegions } from './kinds/compare.js';
import { answerOneReport, answerParts } from './kinds/fact.js';
import { libraryAnswer } from './kinds/library.js';
import { answerList } from './kinds/list.js';
import { answerPassage } from './kinds/passage.js';
import { answerAcross } from './kinds/rank.js';
import { overviewAnswer, roleAnswer } from './kinds/sections.js';
import { summarize } from './kinds/summary.js';
import { answerWhen } from './kinds/when.js';
import { answerYesNo, correctPremise } from './kinds/yesno.js';
import type { LlmWriter, Passage, TokenLedger } from './llm/index.js';
import { framingOf } from './llm/compose.js';
import { passagesFor, QUESTION_BUDGET, REPORT_BUDGET, type Focus } from './llm/passages.js';
import { reportsOfRegion, resolveScope } from './scope.js';
import type { Answer, AnswerService, AskOptions, Block, Citation } from './types.js';

export type AnswerServiceDeps = {
  readonly config: Config;
  readonly logger: Logger;
  /** Leaves a rule family out of the question model (the evaluation's ablation only). */
  readonly ablate?: (question: Question) => Question;
  /** Where each user's daily model tokens are counted (this process's memory by default; Redis for N workers). */
  readonly ledger?: TokenLedger;
} & (
  | {
      /** The index this process holds. */
      readonly library: Library;
      /** Retrieval stages to use (all by default); the evaluation's ablation leaves some out. */
      readonly retrieval?: RetrievalConfig;
    }
  /** A corpus kept elsewhere (PostgreSQL). */
  | { readonly corpus: CorpusSource }
);

/** The corpus of a library's current index (a rebuild swaps the index, and with it the corpus). */
function libraryCorpus(library: Library, retrieval?: RetrievalConfig): CorpusSource {
  let held: { index: SearchIndex; corpus: Corpus } | undefined;
  return {
    current() {
      const { index } = library;
      if (held?.index !== index) held = { index, corpus: indexCorpus(index, retrieval) };
      return held.corpus;
    },
  };
}

/**
 * The text around a citation: its chunk, widened to take in the whole quote (a quote may run past
 * its chunk's end), for /source.
 */
function citedText(report: Report | undefined, citation: Citation): string | undefined {
  const chunk = report?.chunks.find((c) => c.id === citation.chunkId);
  if (!report || !chunk) return undefined;
  return report.text.slice(Math.min(chunk.start, citation.start), Math.max(chunk.end, citation.end));
}

/** The sentences an answer cites, as foci of the model's passages. */
function citedFoci(answer: Answer, reports: readonly Report[]): Focus[] {
  return answer.citations.flatMap((c) => {
    const report = reports.find((r) => r.meta.id === c.reportId);
    return report ? [{ report, span: { start: c.start, end: c.end } }] : [];
  });
}

/** Passages retrieval finds for each report of the question's scope; more of one report's when it is alone. */
const PASSAGES_PER_REPORT = 2;
const PASSAGES_OF_ONE_REPORT = 6;

/**
 * What the model reads for a question: the passages the extractive answer cites, then the best
 * passages of each report in the question's hard scope, for what its words (and its parts') ask.
 */
async function questionPassages(question: Question, reports: readonly Report[], answer: Answer, corpus: Corpus): Promise<Passage[]> {
  const asks = [...question.measure.asks, ...question.parts.flatMap((p) => p.measure.asks)];
  const limit = reports.length === 1 ? PASSAGES_OF_ONE_REPORT : PASSAGES_PER_REPORT;
  const found = asks.length === 0 ? [] : await Promise.all(
    reports.map((r) =>
      corpus.retriever.retrieve({
        asks,
        reportIds: [r.meta.id],
        wantsFigure: question.intent === 'figure' || question.intent === 'rank',
        wantsPlans: question.intent === 'plans' || question.measure.qualifiers.includes('target'),
        limit,
      }),
    ),
  );
  // each report's best passage before any report's second, so every region asked is in the prompt
  const byRank = found.flatMap((hits) => hits.map((hit, rank) => ({ hit, rank }))).sort((a, b) => a.rank - b.rank);
  const retrieved = byRank.map(({ hit }) => ({ report: hit.report, span: hit.bestSentence }));
  return passagesFor([...citedFoci(answer, reports), ...retrieved], QUESTION_BUDGET);
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

/** Every ask of a question, its parts' and its premise's. */
function asksOf(question: Question): Ask[] {
  return [...question.measure.asks, ...question.parts.flatMap(asksOf), ...(question.premise ? asksOf(question.premise) : [])];
}

/** "（接上题：梁平区 · 法律援助案件）": how a follow-up was read. */
function followUpLine(question: Question): string | undefined {
  const f = question.followUp;
  if (!f) return undefined;
  const what = [f.regions.join('、'), f.topic].filter(Boolean).join(' · ');
  return say(question.language, `（接上题：${what}）`, `(Following up: ${what})`);
}

/** A user's answer before the model (if any) words it. */
interface Extractive {
  readonly answer: Answer;
  /** What a model should read and is checked against (none: the extractive answer stands as it is). */
  readonly passages: readonly Passage[];
  /** Kept above the model's words: a follow-up's reading, the scope's notes, period differences. */
  readonly framing: readonly Block[];
}

const standing = (answer: Answer): Extractive => ({ answer, passages: [], framing: [] });

/** Summaries and comparisons kept per corpus: many chats ask for the same bureau's summary at once, each 3–4 ms of the answering thread. */
const REPEATS_KEPT = 256;

/**
 * Answers that depend on the corpus and the request only, made once per corpus (a new index is a
 * new corpus, so nothing outlives the reports it was made of) and kept for the latest requests.
 */
function repeatable(): (corpus: Corpus, key: string, make: () => Promise<Answer>) => Promise<Answer> {
  const byCorpus = new WeakMap<Corpus, Map<string, Promise<Answer>>>();
  return (corpus, key, make) => {
    let kept = byCorpus.get(corpus);
    if (!kept) byCorpus.set(corpus, (kept = new Map()));
    const made = kept.get(key) ?? make();
    keepRecent(kept, key, made, REPEATS_KEPT);
    made.catch(() => kept.delete(key));
    return made;
  };
}

/** Who pays for model calls when a front end does not say (the terminal chat, the CLI). */
const LOCAL_USER = 'local';

/**
 * The answer layer: offline and extractive by default. With `config.llm` the model writes every
 * answer from passages retrieved within the question's scope, each sentence checked against them,
 * and the extractive answer is what the user gets when the model fails.
 */
export function createAnswerService(deps: AnswerServiceDeps): AnswerService {
  const log = deps.logger.child({ module: 'answer' });
  let writer: Promise<LlmWriter> | undefined;
  const source = 'corpus' in deps ? deps.corpus : libraryCorpus(deps.library, deps.retrieval);
  const current = (): Corpus => source.current();
  const once = repeatable();

  const llmWriter = (): Promise<LlmWriter> | undefined => {
    const llm = deps.config.llm;
    if (!llm) return undefined;
    writer ??= import('./llm/index.js').then((m) => m.createLlmWriter(llm, deps.logger, deps.ledger));
    return writer;
  };

  const deadline = (started: number) => started + (deps.config.llm?.timeoutMs ?? 0);

  /** Lets the model write the answer when there are passages for it; timings of every stage end up on the answer. */
  const finish = async (
    task: 'answer' | 'summary' | 'compare',
    question: string,
    language: 'zh' | 'en',
    extractive: Extractive,
    timings: Record<string, number>,
    started: number,
    options: AskOptions = {},
  ): Promise<Answer> => {
    const pending = extractive.passages.length > 0 ? llmWriter() : undefined;
    const worded = pending
      ? await (await pending).write({
          task,
          question,
          language,
          passages: extractive.passages,
          fallback: extractive.answer,
          framing: extractive.framing,
          grounds: current(),
          user: options.user ?? LOCAL_USER,
          deadlineAt: deadline(started),
          ...(options.onDraft ? { onDraft: options.onDraft } : {}),
        })
      : extractive.answer;
    const all = { ...timings, ...worded.timings, total: performance.now() - started };
    const rounded = Object.fromEntries(Object.entries(all).map(([k, v]) => [k, Math.round(v)]));
    log.info({ kind: worded.kind, notFound: worded.notFound, citations: worded.citations.length, timings: rounded }, 'answered');
    return { ...worded, timings: rounded };
  };

  const answerQuestion = async (question: Question, timings: Record<string, number>): Promise<Extractive> => {
    const corpus = current();
    const context = contextOf(question);
    const scope = resolveScope(question, corpus.metas);
    if (!scope.ok) return standing(plainAnswer('notFound', scope.message, { context }));
    const started = performance.now();
    const reports = await corpus.load(scope.metas.map((m) => m.id));
    const { draft, found } = await draftAnswer(question, reports, corpus);
    if (question.premise && reports.length === 1) await correctPremise(question.premise, reports[0]!, corpus, draft);
    timings.answer = performance.now() - started;
    const line = followUpLine(question);
    if (line) draft.prepend(text(line));
    for (const note of scope.notes) draft.note(note);
    const answered = { ...context, regions: [...new Set(scope.metas.map((m) => m.region))], years: [...new Set(scope.metas.map((m) => m.year))] };
    const finished = draft.finish(found ? 'fact' : 'notFound', { context: scope.named ? answered : { ...context, regions: found && reports.length === 1 ? answered.regions : context.regions } });
    const answer = scope.partialYear && found ? asNotFound(finished, scope.partialYear) : finished;
    if (!llmWriter()) return standing(answer);
    const retrieveStart = performance.now();
    const passages = await questionPassages(question, reports, answer, corpus);
    timings.retrieve = performance.now() - retrieveStart;
    const framing: Block[] = [
      ...(line ? [{ kind: 'paragraph' as const, content: [{ kind: 'text' as const, text: line }] }] : []),
      ...[...(scope.partialYear ? [scope.partialYear] : []), ...scope.notes].map((note): Block => ({ kind: 'note', text: note })),
    ];
    return { answer, passages, framing };
  };

  /** The passages a summary or a comparison cites, for the model to write from. */
  const reportPassages = async (answer: Answer): Promise<Extractive> => {
    if (answer.notFound || answer.kind === 'invalid' || !llmWriter()) return standing(answer);
    const cited = await current().load([...new Set(answer.citations.map((c) => c.reportId))]);
    return { answer, passages: passagesFor(citedFoci(answer, cited), REPORT_BUDGET), framing: framingOf(answer) };
  };

  return {
    async ask(raw, options = {}) {
      const started = performance.now();
      const timings: Record<string, number> = {};
      const checked = checkQuestion(raw);
      if (!checked.ok) return finish('answer', raw, 'zh', standing(plainAnswer('invalid', checked.message, options.previous ? { context: options.previous } : {})), timings, started);
      const corpus = current();
      const parseStart = performance.now();
      const ruled = parseQuestion(checked.question, { directory: corpus.catalog, ...(options.previous ? { previous: options.previous } : {}) });
      timings.parse = performance.now() - parseStart;
      await corpus.prepare(asksOf(ruled));
      const pending = llmWriter();
      const understood = pending ? await (await pending).understand(ruled, corpus, options.user ?? LOCAL_USER, deadline(started)) : ruled;
      const question = deps.ablate ? deps.ablate(understood) : understood;
      if (question !== ruled) await corpus.prepare(asksOf(question));
      if (question.intent === 'library') return finish('answer', checked.question, question.language, standing(libraryAnswer(corpus.metas)), timings, started);
      const places = [...question.scope.regions.map((r) => r.text || r.name), ...(question.scope.unknownPlace ? [question.scope.unknownPlace] : [])];
      if (question.intent === 'summary' && places[0]) return this.summary(places[0], options);
      if (question.intent === 'compare' && places.length >= 2) {
        const topic = topicWords(question.measure.asks);
        return this.compare(places[0]!, places[1]!, topic || undefined, options);
      }
      return finish('answer', checked.question, question.language, await answerQuestion(question, timings), timings, started, options);
    },

    async summary(region, options = {}) {
      const started = performance.now();
      const corpus = current();
      const { catalog, metas } = corpus;
      const name = region.trim();
      const mention = name ? resolveRegion(name, catalog) : undefined;
      if (!mention) return finish('summary', region, 'zh', standing(plainAnswer('invalid', `没有找到名为“${name}”的地区。${coverageSentence(metas)}`)), {}, started);
      // "固始 2023": the year asked, else the latest report
      const year = parseQuestion(name, { directory: catalog }).scope.years[0];
      const [latest, ...older] = await corpus.load(reportsOfRegion(mention.name, year, metas).map((m) => m.id));
      if (!latest) return finish('summary', region, 'zh', standing(plainAnswer('notFound', `报告库里没有${mention.name}的报告。${coveredWithin(mention.name, metas)}${coverageSentence(metas)}`)), {}, started);
      const composeStart = performance.now();
      const answer = await once(corpus, `summary\n${[latest, ...older].map((r) => r.meta.id).join('\n')}`, async () => summarize(latest, older));
      return finish('summary', `${mention.name}报告摘要`, 'zh', await reportPassages(answer), { compose: performance.now() - composeStart }, started, options);
    },

    async compare(regionA, regionB, topic, options = {}) {
      const started = performance.now();
      const timings: Record<string, number> = {};
      const corpus = current();
      const answer = await once(corpus, `compare\n${regionA.trim()}\n${regionB.trim()}\n${topic?.trim() ?? ''}`, () => compareRegions(regionA, regionB, topic, corpus, timings));
      return finish('compare', `比较${regionA}和${regionB}${topic ? `的${topic}` : ''}`, 'zh', await reportPassages(answer), timings, started, options);
    },

    reports() {
      return current().metas;
    },

    async passage(citation: Citation) {
      const [report] = await current().load([citation.reportId]);
      const text = citedText(report, citation);
      return text === undefined ? undefined : { section: citation.section, text };
    },
  };
}
