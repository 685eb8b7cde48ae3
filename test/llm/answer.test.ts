import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlmWriter, type LlmWriter, type Passage } from '../../src/answer/llm/index.js';
import type { Answer } from '../../src/answer/types.js';
import type { Report } from '../../src/ingest/types.js';
import { createLogger } from '../../src/logger.js';
import { startOpenAiStandin, type OpenAiStandin } from '../support/openai-standin.js';
import { LEGAL_AID_QUESTION, legalAidFallback, llmConfig, loadReport, passagesOf, YANGSHAN } from './fixtures.js';

/** What a user gets when the model words the answer: its sentences only when the reports bear them out. */

let standin: OpenAiStandin;
let report: Report;
let fallback: Answer;
let passages: Passage[];
let writer: LlmWriter;

beforeAll(async () => {
  standin = await startOpenAiStandin();
  report = await loadReport(YANGSHAN);
  fallback = legalAidFallback(report);
  passages = passagesOf(fallback, [report]);
  writer = createLlmWriter(llmConfig(standin.baseURL), createLogger('silent'));
});

afterAll(() => standin.close());

function modelSays(content: string): Promise<Answer> {
  standin.use(() => ({ content }));
  return writer.write('answer', LEGAL_AID_QUESTION, passages, fallback);
}

function expectVerbatimCitations(answer: Answer): void {
  answer.citations.forEach((c, i) => {
    expect(c.n).toBe(i + 1);
    expect(c.quote).toBe(report.text.slice(c.start, c.end));
  });
}

describe('a model that answers well', () => {
  it('gives the user its wording with the citations it used, renumbered in order of use', async () => {
    const answer = await modelSays(
      '2024年，阳山县司法局共受理法律援助案件202件，为受援人挽回经济损失23万余元[1]。' +
        '此外还「提供法律帮助147件」、法律咨询168人次[3]。',
    );
    expect(answer.notFound).toBe(false);
    expect(answer.kind).toBe('fact');
    expect(answer.text).toContain('2024年，阳山县司法局共受理法律援助案件202件，为受援人挽回经济损失23万余元[1]。');
    expect(answer.text).toContain('此外还「提供法律帮助147件」、法律咨询168人次[2]。');
    expect(answer.text).not.toContain('语言模型');
    expect(answer.citations.map((c) => c.quote)).toEqual([passages[0]!.citation.quote, passages[2]!.citation.quote]);
    expectVerbatimCitations(answer);
    expect(answer.blocks).toContainEqual({ kind: 'quote', n: 2 });
    expect(answer.blocks.flatMap((b) => (b.kind === 'paragraph' ? b.content : []))).toContainEqual({ kind: 'strong', text: '202件' });
    expect(Object.keys(answer.timings)).toEqual(expect.arrayContaining(['search', 'generate', 'verify']));
  });

  it('sends the model the question and the numbered passages with bureau, year, period and section', async () => {
    await modelSays('阳山县司法局共受理法律援助案件202件[1]。');
    const [request] = standin.requests;
    const system = request!.messages[0]!.content;
    const user = request!.messages[1]!.content;
    expect(system).toContain('报告未提及');
    expect(user).toContain(LEGAL_AID_QUESTION);
    for (const p of passages) {
      const c = p.citation;
      expect(user).toContain(`[${p.n}] ${c.bureau} · ${c.year} ${c.period} · ${c.section}\n`);
      expect(user).toContain(c.quote);
    }
  });

  it('accepts a figure written in Chinese numerals or full width when it is the same number', async () => {
    const answer = await modelSays('阳山县司法局共受理法律援助案件二百零二件[1]，即「共受理法律援助案件２０２件」[1]。');
    expect(answer.text).toContain('阳山县司法局共受理法律援助案件二百零二件[1]');
    expect(answer.citations).toHaveLength(1);
  });
});

describe('a model that gets a figure wrong', () => {
  it('never shows the wrong figure: the sentence is dropped and the rest stands', async () => {
    const answer = await modelSays('阳山县司法局2024年共受理法律援助案件212件[1]。村（居）法律顾问办理法律援助案件28件[2]。');
    expect(answer.text).not.toContain('212件');
    expect(answer.text).toContain('村（居）法律顾问办理法律援助案件28件[1]。');
    expect(answer.citations.map((c) => c.quote)).toEqual([passages[1]!.citation.quote]);
    expectVerbatimCitations(answer);
  });

  it('gives the extractive answer with a note when no figure survives', async () => {
    const answer = await modelSays('阳山县司法局2024年共受理法律援助案件2020件[1]。');
    expect(answer.text).not.toContain('2020件');
    expect(answer.text).toContain('语言模型的回答未能与报告原文核对');
    expect(answer.text).toContain(fallback.text);
    expect(answer.citations).toEqual(fallback.citations);
  });
});

describe('a model that invents a quote', () => {
  it('drops the sentence with the invented quote', async () => {
    const answer = await modelSays('报告称「全县法律援助案件办结率达到100%」[1]。阳山县司法局共受理法律援助案件202件[1]。');
    expect(answer.text).not.toContain('办结率');
    expect(answer.text).toContain('阳山县司法局共受理法律援助案件202件[1]。');
    expectVerbatimCitations(answer);
  });
});

describe('sentences without a source', () => {
  it('drops a sentence that cites nothing or a passage that does not exist', async () => {
    const answer = await modelSays('阳山县司法局共受理法律援助案件202件[1]。全县法律援助工作成效显著。另有法律援助案件28件[7]。');
    expect(answer.text).not.toContain('成效显著');
    expect(answer.text).not.toContain('[7]');
    expect(answer.citations).toHaveLength(1);
  });

  it('gives the extractive answer when nothing is left', async () => {
    const answer = await modelSays('根据我的了解，阳山县法律援助工作做得很好。');
    expect(answer.text).toContain('语言模型的回答未能与报告原文核对');
    expect(answer.citations).toEqual(fallback.citations);
  });
});
