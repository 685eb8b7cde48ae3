import path from 'node:path';
import { cite, strong, text, AnswerDraft } from '../../src/answer/compose/draft.js';
import type { Passage } from '../../src/answer/llm/index.js';
import { sentenceAt } from '../../src/answer/report/spans.js';
import type { Answer } from '../../src/answer/types.js';
import { projectRoot, type Config } from '../../src/config.js';
import { ingestFile } from '../../src/ingest/index.js';
import type { Report, Span } from '../../src/ingest/types.js';

/** What the LLM tests run on: real reports, real citations, extractive answers made by the answer layer's own draft. */

export const YANGSHAN = '000_9a9217be6eb9afde.txt';
/** 梁平区, written in Traditional characters. */
export const LIANGPING = '004_467031b72275275f.txt';

export async function loadReport(file: string): Promise<Report> {
  return ingestFile(path.join(projectRoot, 'reports', file));
}

export function llmConfig(baseURL: string, overrides: Partial<NonNullable<Config['llm']>> = {}): NonNullable<Config['llm']> {
  return { apiKey: 'test-key', baseURL, model: 'standin-model', timeoutMs: 5_000, maxRetries: 2, ...overrides };
}

/** The sentence of `report` that holds `phrase`. */
export function sentenceWith(report: Report, phrase: string): Span {
  const at = report.text.indexOf(phrase);
  if (at < 0) throw new Error(`${report.meta.id} does not contain ${phrase}`);
  return sentenceAt(report.text, at);
}

/** Each citation of `answer` as a numbered passage: the chunk it stands in, widened to hold the whole quote. */
export function passagesOf(answer: Answer, reports: readonly Report[]): Passage[] {
  return answer.citations.map((citation) => {
    const report = reports.find((r) => r.meta.id === citation.reportId);
    const chunk = report?.chunks.find((c) => c.start <= citation.start && citation.start < c.end);
    if (!report || !chunk) throw new Error(`no chunk for citation ${citation.n}`);
    const start = Math.min(chunk.start, citation.start);
    const end = Math.max(chunk.end, citation.end);
    return { n: citation.n, citation, text: report.text.slice(start, end) };
  });
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
