import { cite, strong, text, AnswerDraft } from '../../src/answer/compose/draft.js';
import type { Grounds, Passage, WriteRequest } from '../../src/answer/llm/index.js';
import { passagesFor, REPORT_BUDGET } from '../../src/answer/llm/passages.js';
import { sentenceAt } from '../../src/answer/report/spans.js';
import type { Answer } from '../../src/answer/types.js';
import type { Config } from '../../src/config.js';
import type { Report, Span } from '../../src/ingest/types.js';
import { catalogOf } from '../../src/search/catalog.js';
import { memoryPassages } from '../../src/search/passage-index.js';
import { HybridRetriever } from '../../src/search/retriever.js';
import { openTestLibrary } from '../support/library.js';

/** What the LLM tests run on: the real index of the reports, real citations, extractive answers made by the answer layer's own draft. */

export const YANGSHAN = '000_9a9217be6eb9afde';
/** 梁平区, written in Traditional characters. */
export const LIANGPING = '004_467031b72275275f';
/** 镜湖区, a report of the first half of 2024. */
export const JINGHU = '002_95a2dc9e828f2e8f';

export async function loadReport(id: string): Promise<Report> {
  const report = (await openTestLibrary()).index.reports.find((r) => r.meta.id === id);
  if (!report) throw new Error(`no report ${id} in the test index`);
  return report;
}

/** The figure table, places and word weights of the real index, as verification reads them. */
export async function loadGrounds(): Promise<Grounds> {
  const { index } = await openTestLibrary();
  const catalog = catalogOf(index);
  return { catalog, retriever: new HybridRetriever(memoryPassages(index), catalog) };
}

export function llmConfig(baseURL: string, overrides: Partial<NonNullable<Config['llm']>> = {}): NonNullable<Config['llm']> {
  return {
    apiKey: 'test-key',
    baseURL,
    model: 'standin-model',
    timeoutMs: 5_000,
    maxRetries: 2,
    stream: false,
    stallMs: 2_000,
    maxTokens: 1_500,
    maxOutputChars: 4_000,
    dailyTokensPerUser: 0,
    understand: true,
    ...overrides,
  };
}

/** A request to write `fallback` in the model's words from `passages`, due in five seconds. */
export function writeRequest(task: WriteRequest['task'], question: string, passages: readonly Passage[], fallback: Answer, grounds: Grounds, extra: Partial<WriteRequest> = {}): WriteRequest {
  return { task, question, language: 'zh', passages, fallback, framing: [], grounds, user: 'tester', deadlineAt: performance.now() + 5_000, ...extra };
}

/** The sentence of `report` that holds `phrase`. */
export function sentenceWith(report: Report, phrase: string): Span {
  const at = report.text.indexOf(phrase);
  if (at < 0) throw new Error(`${report.meta.id} does not contain ${phrase}`);
  return sentenceAt(report.text, at);
}

/** Each citation of `answer` as a numbered passage: whole sentences around its quote, as the answer layer builds them. */
export function passagesOf(answer: Answer, reports: readonly Report[]): Passage[] {
  const foci = answer.citations.map((citation) => {
    const report = reports.find((r) => r.meta.id === citation.reportId);
    if (!report) throw new Error(`no report for citation ${citation.n}`);
    return { report, span: { start: citation.start, end: citation.end } };
  });
  return passagesFor(foci, REPORT_BUDGET);
}

/** The question the fact tests ask. */
export const LEGAL_AID_QUESTION = '阳山县2024年受理了多少法律援助案件？';

/**
 * The extractive answer to LEGAL_AID_QUESTION: [1] 202 cases, [2] the 28 cases of village
 * legal advisers, [3] legal help and consultations.
 */
export function legalAidFallback(report: Report): Answer {
  const draft = new AnswerDraft();
  const cases = sentenceWith(report, '共受理法律援助案件202件');
  const village = sentenceWith(report, '法律援助案件28件');
  const help = sentenceWith(report, '提供法律帮助147件');
  const n1 = draft.cite(report, cases);
  const n2 = draft.cite(report, village);
  draft.paragraph(
    text('阳山县司法局2024年共受理法律援助案件'),
    strong('202件'),
    cite(n1),
    text('；另有村（居）法律顾问办理法律援助案件'),
    strong('28件'),
    cite(n2),
    text('。'),
  );
  draft.quote(report, cases);
  draft.quote(report, village);
  draft.quote(report, help);
  return draft.finish('fact', { timings: { search: 1 } });
}
