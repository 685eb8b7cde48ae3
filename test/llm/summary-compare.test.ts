import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerDraft, cite, strong, text } from '../../src/answer/compose/draft.js';
import { framingOf } from '../../src/answer/llm/compose.js';
import { createLlmWriter, type Grounds, type LlmWriter } from '../../src/answer/llm/index.js';
import type { Answer } from '../../src/answer/types.js';
import type { Report } from '../../src/ingest/types.js';
import { createLogger } from '../../src/logger.js';
import { startOpenAiStandin, type OpenAiStandin } from '../support/openai-standin.js';
import { JINGHU, LIANGPING, llmConfig, loadGrounds, loadReport, passagesOf, sentenceWith, writeRequest, YANGSHAN } from './fixtures.js';

/** Summaries and comparisons in the model's words keep their framing, and their charts point at real citations. */

let standin: OpenAiStandin;
let writer: LlmWriter;
let yangshan: Report;
let jinghu: Report;
let liangping: Report;
let grounds: Grounds;

beforeAll(async () => {
  grounds = await loadGrounds();
  standin = await startOpenAiStandin();
  writer = createLlmWriter(llmConfig(standin.baseURL), createLogger('silent'));
  [yangshan, jinghu, liangping] = await Promise.all([loadReport(YANGSHAN), loadReport(JINGHU), loadReport(LIANGPING)]);
});

afterAll(() => standin.close());

/** An extractive summary of 阳山: [1] legal aid, [2] village advisers, [3] legal help. */
function yangshanSummary(): Answer {
  const draft = new AnswerDraft().heading('阳山县司法局 2024年全年 法治政府建设年度报告');
  const cases = draft.cite(yangshan, sentenceWith(yangshan, '共受理法律援助案件202件'));
  const village = draft.cite(yangshan, sentenceWith(yangshan, '法律援助案件28件'));
  const help = draft.cite(yangshan, sentenceWith(yangshan, '提供法律帮助147件'));
  draft.list([
    [text('受理法律援助案件 '), strong('202件'), cite(cases)],
    [text('村（居）法律顾问办理法律援助案件 '), strong('28件'), cite(village)],
    [text('提供法律帮助 '), strong('147件'), cite(help)],
  ]);
  return draft.finish('summary', {
    keyFigures: [
      { label: '受理法律援助案件', raw: '202件', value: 202, unit: '件', n: cases },
      { label: '村法律顾问办理法律援助案件', raw: '28件', value: 28, unit: '件', n: village },
      { label: '提供法律帮助', raw: '147件', value: 147, unit: '件', n: help },
    ],
  });
}

/** An extractive comparison of 镜湖区 (first half of 2024) and 梁平区 (all of 2024, Traditional script). */
function jinghuLiangpingComparison(): Answer {
  const draft = new AnswerDraft().note('镜湖区报告只涵盖2024年上半年，梁平区为2024年全年，总数不宜直接比较。');
  const publicity = draft.cite(jinghu, sentenceWith(jinghu, '法律援助宣传活动30余场次'));
  const cases = draft.cite(liangping, sentenceWith(liangping, '累計受理法律援助案件627件'));
  const review = draft.cite(jinghu, sentenceWith(jinghu, '行政复议申请34起'));
  draft.paragraph(text('梁平区累计受理法律援助案件'), strong('627件'), cite(cases), text('。'));
  return draft.finish('compare', {
    comparison: {
      regions: [jinghu.meta, liangping.meta],
      measures: [
        { measure: '法律援助案件', unit: '件', sides: [undefined, { raw: '627件', value: 627, n: cases }] },
        { measure: '法律援助宣传', unit: '场次', sides: [{ raw: '30余场次', value: 30, n: publicity }, undefined] },
        { measure: '行政复议申请', unit: '起', sides: [{ raw: '34起', value: 34, n: review }, undefined] },
      ],
    },
  });
}

describe('a summary in the model’s words', () => {
  it('keeps the heading, lists verified points, and charts only figures it cites', async () => {
    const fallback = yangshanSummary();
    const passages = passagesOf(fallback, [yangshan]);
    // passage [1] holds the 202 and the 147 of legal aid, [2] the village advisers' 28
    standin.use(() => ({
      content: '- 村（居）法律顾问办理法律援助案件28件[2]。\n- 全年共受理法律援助案件202件[1]。\n- 法律援助案件结案率100%[2]。',
    }));
    const answer = await writer.write(writeRequest('summary', '阳山县', passages, fallback, grounds, { framing: framingOf(fallback) }));
    expect(standin.requests[0]!.messages[0]!.content).toContain('摘要');
    expect(answer.kind).toBe('summary');
    expect(answer.blocks[0]).toEqual({ kind: 'heading', text: '阳山县司法局 2024年全年 法治政府建设年度报告' });
    expect(answer.text).toContain('• 村（居）法律顾问办理法律援助案件28件[1]。');
    expect(answer.text).toContain('• 全年共受理法律援助案件202件[2]。');
    expect(answer.text).not.toContain('结案率');
    expect(answer.keyFigures?.map((f) => [f.raw, f.n])).toEqual([
      ['202件', 2],
      ['28件', 1],
    ]);
    expect(answer.citations.map((c) => c.quote)).toEqual([passages[1]!.citation.quote, passages[0]!.citation.quote]);
  });
});

describe('a comparison in the model’s words', () => {
  it('keeps the period note, matches a Simplified quote of a Traditional report, and remaps the table', async () => {
    const fallback = jinghuLiangpingComparison();
    const passages = passagesOf(fallback, [jinghu, liangping]);
    const numberOf = (phrase: string) => passages.find((p) => p.text.includes(phrase))!.n;
    standin.use(() => ({
      content: `梁平区「累计受理法律援助案件627件」[${numberOf('627件')}]；镜湖区报告未提及法律援助案件数，上半年开展法律援助宣传活动30余场次[${numberOf('30余场次')}]。`,
    }));
    const answer = await writer.write(writeRequest('compare', '镜湖区 梁平区 法律援助', passages, fallback, grounds, { framing: framingOf(fallback) }));
    expect(standin.requests[0]!.messages[0]!.content).toContain('比较');
    expect(answer.text).toContain('注：镜湖区报告只涵盖2024年上半年');
    expect(answer.text).toContain('梁平区「累计受理法律援助案件627件」[1]；镜湖区报告未提及法律援助案件数，上半年开展法律援助宣传活动30余场次[2]。');
    const [liangpingCitation, jinghuCitation] = answer.citations;
    expect(liangpingCitation!.quote).toContain('累計受理法律援助案件627件');
    expect(liangpingCitation!.quote).toBe(liangping.text.slice(liangpingCitation!.start, liangpingCitation!.end));
    expect(jinghuCitation!.reportId).toBe(jinghu.meta.id);
    expect(answer.comparison?.measures.map((m) => [m.measure, m.sides.map((s) => s?.n)])).toEqual([
      ['法律援助案件', [undefined, 1]],
      ['法律援助宣传', [2, undefined]],
    ]);
  });
});
