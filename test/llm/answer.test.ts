import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlmWriter, type Grounds, type LlmWriter, type Passage } from '../../src/answer/llm/index.js';
import type { Answer } from '../../src/answer/types.js';
import type { Report } from '../../src/ingest/types.js';
import { createLogger } from '../../src/logger.js';
import { startOpenAiStandin, type OpenAiStandin } from '../support/openai-standin.js';
import { LEGAL_AID_QUESTION, legalAidFallback, llmConfig, loadGrounds, loadReport, passagesOf, writeRequest, YANGSHAN } from './fixtures.js';

/**
 * What a user gets when the model words the answer: its sentences only when the reports bear them
 * out. The passages are those of 阳山县's legal aid: [1] 共受理法律援助案件202件 … 提供法律帮助147件,
 * 法律咨询168人次 …; [2] the village legal advisers' 法律咨询2328人次 … 法律援助案件28件 ….
 */

let standin: OpenAiStandin;
let report: Report;
let fallback: Answer;
let passages: Passage[];
let grounds: Grounds;
let writer: LlmWriter;

beforeAll(async () => {
  standin = await startOpenAiStandin();
  report = await loadReport(YANGSHAN);
  fallback = legalAidFallback(report);
  passages = passagesOf(fallback, [report]);
  grounds = await loadGrounds();
  writer = createLlmWriter(llmConfig(standin.baseURL), createLogger('silent'));
});

afterAll(() => standin.close());

function modelSays(content: string, question = LEGAL_AID_QUESTION): Promise<Answer> {
  standin.use(() => ({ content }));
  return writer.write(writeRequest('answer', question, passages, fallback, grounds));
}

function expectVerbatimCitations(answer: Answer): void {
  answer.citations.forEach((c, i) => {
    expect(c.n).toBe(i + 1);
    expect(c.quote).toBe(report.text.slice(c.start, c.end));
  });
}

describe('a model that answers well', () => {
  it('gives the user its wording with the citations it used, renumbered in order of use', async () => {
    const answer = await modelSays('村（居）法律顾问办理法律援助案件28件[2]。阳山县司法局共受理法律援助案件202件，为受援人挽回经济损失23万余元[1]。');
    expect(answer.notFound).toBe(false);
    expect(answer.kind).toBe('fact');
    expect(answer.text).toContain('村（居）法律顾问办理法律援助案件28件[1]。阳山县司法局共受理法律援助案件202件，为受援人挽回经济损失23万余元[2]。');
    expect(answer.text).not.toContain('语言模型');
    expect(answer.citations.map((c) => c.reportId)).toEqual([report.meta.id, report.meta.id]);
    expect(answer.citations[0]!.quote).toContain('法律援助案件28件');
    expect(answer.citations[1]!.quote).toContain('共受理法律援助案件202件');
    expectVerbatimCitations(answer);
    expect(answer.blocks).toContainEqual({ kind: 'quote', n: 2 });
    expect(answer.blocks.flatMap((b) => (b.kind === 'paragraph' ? b.content : []))).toContainEqual({ kind: 'strong', text: '202件' });
    expect(Object.keys(answer.timings)).toEqual(expect.arrayContaining(['search', 'generate', 'verify']));
  });

  it('sends the model the question and numbered passages of whole sentences with bureau, year, period and section', async () => {
    await modelSays('阳山县司法局共受理法律援助案件202件[1]。');
    const [request] = standin.requests;
    const system = request!.messages[0]!.content;
    const user = request!.messages[1]!.content;
    expect(system).toContain('报告未提及');
    expect(user).toContain(LEGAL_AID_QUESTION);
    for (const p of passages) {
      const c = p.citation;
      expect(user).toMatch(new RegExp(`^\\[${p.n}\\] ${c.bureau} · ${c.year} ${c.period} · `, 'm'));
      expect(user).toContain(p.text);
      expect(p.text).toMatch(/[。；;！？]$/);
    }
  });

  it('cites the sentence of a passage the model drew on, not the one the passage was chosen for', async () => {
    const answer = await modelSays('阳山县还提供法律帮助147件[1]。');
    expect(answer.citations[0]!.quote).toContain('提供法律帮助147件');
    expect(answer.citations[0]!.quote).not.toContain('202件');
    expectVerbatimCitations(answer);
  });

  it('accepts a figure written in Chinese numerals or full width when it is the same number', async () => {
    const answer = await modelSays('阳山县司法局共受理法律援助案件二百零二件[1]，即「共受理法律援助案件２０２件」[1]。');
    expect(answer.text).toContain('阳山县司法局共受理法律援助案件二百零二件[1]');
    expect(answer.citations).toHaveLength(1);
  });

  it('keeps arithmetic on cited figures that the sentence states, and corrects a premise of the question', async () => {
    const sum = await modelSays('受理法律援助案件202件、提供法律帮助147件，合计349件[1]。');
    expect(sum.text).toContain('合计349件[1]');
    const premise = await modelSays('不是300件，报告写的是共受理法律援助案件202件[1]。', '阳山县受理了300件法律援助案件吗？');
    expect(premise.text).toContain('不是300件，报告写的是共受理法律援助案件202件[1]。');
  });

  it('keeps a refusal beside what the passages do say', async () => {
    const answer = await modelSays('报告未提及法律援助经费。阳山县司法局共受理法律援助案件202件[1]。');
    expect(answer.text).toContain('报告未提及法律援助经费。');
    expect(answer.text).toContain('202件[1]');
  });
});

/** Replies a hostile or careless model sends, each with what it must not get past verification. */
const HOSTILE: readonly { readonly what: string; readonly reply: string; readonly never: string }[] = [
  { what: 'a wrong figure in 大写 numerals', reply: '阳山县共受理法律援助案件玖佰玖拾玖件[1]。', never: '玖佰玖拾玖' },
  { what: 'a wrong figure in Arabic-Indic digits', reply: '阳山县共受理法律援助案件٩٩٩件[1]。', never: '٩٩٩' },
  { what: 'a wrong figure in circled digits', reply: '阳山县共受理法律援助案件⑨⑨⑨件[1]。', never: '⑨⑨⑨' },
  { what: 'a wrong figure in mathematical digits', reply: '阳山县共受理法律援助案件𝟗𝟗𝟗件[1]。', never: '𝟗𝟗𝟗' },
  { what: 'a wrong figure in superscript digits', reply: '阳山县共受理法律援助案件⁹⁹⁹件[1]。', never: '⁹⁹⁹' },
  { what: 'a wrong figure in English words', reply: 'Yangshan handled nine hundred legal aid cases [1].', never: 'nine hundred' },
  { what: 'a fraction no cited figures give', reply: '其中约三分之二的受援人是未成年人[1]。', never: '三分之二' },
  { what: 'a wrong figure in full width', reply: '阳山县共受理法律援助案件９９９件[1]。', never: '９９９' },
  { what: 'a sibling figure passed off as the one asked', reply: '阳山县共受理法律援助案件147件[1]。', never: '共受理法律援助案件147件' },
  { what: 'a figure of one group given to another', reply: '阳山县为农民工提供法律援助61人次[1]。', never: '农民工提供法律援助61人次' },
  { what: 'a negation of what the passage states', reply: '阳山县没有受理法律援助案件202件，实际为零[1]。', never: '实际为零' },
  { what: 'another region named before a cited figure', reply: '梁平区共受理法律援助案件202件[1]。', never: '梁平区共受理' },
  { what: 'a part of the year the report does not cover', reply: '阳山县上半年共受理法律援助案件202件[1]。', never: '上半年' },
  { what: 'wrong arithmetic on cited figures', reply: '受理法律援助案件202件、提供法律帮助147件，合计350件[1]。', never: '350' },
  { what: 'an invented quote', reply: '报告称「全县法律援助案件办结率达到100%」[1]。', never: '办结率' },
  { what: 'a figure of another passage than the one cited', reply: '阳山县提供法律咨询2328人次[1]。', never: '阳山县提供法律咨询2328人次' },
];

describe('a model that gets something wrong', () => {
  it.each(HOSTILE)('never shows $what: the sentence is dropped and the rest stands', async ({ reply, never }) => {
    const answer = await modelSays(`${reply}村（居）法律顾问办理法律援助案件28件[2]。`);
    expect(answer.text).not.toContain(never);
    expect(answer.text).toContain('村（居）法律顾问办理法律援助案件28件[1]。');
    expect(answer.citations).toHaveLength(1);
    expect(answer.citations[0]!.quote).toContain('28件');
    expectVerbatimCitations(answer);
  });

  it('gives the extractive answer with a note when no figure survives', async () => {
    const answer = await modelSays('阳山县司法局2024年共受理法律援助案件2020件[1]。');
    expect(answer.text).not.toContain('2020件');
    expect(answer.text).toContain('语言模型的回答未能与报告原文核对');
    expect(answer.text).toContain(fallback.text);
    expect(answer.citations).toEqual(fallback.citations);
  });

  it('gives the extractive answer when most of what it claims is false', async () => {
    const answer = await modelSays('阳山县共受理法律援助案件147件[1]。为农民工提供法律援助61人次[1]。阳山县司法局共受理法律援助案件202件[1]。');
    expect(answer.text).toContain('语言模型的回答未能与报告原文核对');
    expect(answer.citations).toEqual(fallback.citations);
  });
});

describe('sentences without a source', () => {
  it('drops a sentence that cites nothing or a passage that does not exist', async () => {
    const answer = await modelSays('阳山县司法局共受理法律援助案件202件[1]。全县法律援助工作成效显著。另有法律援助案件28件[7]。村（居）法律顾问办理法律援助案件28件[2]。');
    expect(answer.text).not.toContain('成效显著');
    expect(answer.text).not.toContain('[7]');
    expect(answer.text).not.toContain('语言模型');
    expect(answer.citations).toHaveLength(2);
  });

  it('gives the extractive answer when nothing is left', async () => {
    const answer = await modelSays('根据我的了解，阳山县法律援助工作做得很好。');
    expect(answer.text).toContain('语言模型的回答未能与报告原文核对');
    expect(answer.citations).toEqual(fallback.citations);
  });
});
