import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLedger, type TokenLedger } from '../../src/answer/llm/budget.js';
import type { Answer, AnswerService } from '../../src/answer/types.js';
import { serviceWithModel } from '../support/library.js';
import { quotingModel, startOpenAiStandin, type ChatRequest, type OpenAiStandin } from '../support/openai-standin.js';

/**
 * Retrieve, then write: with a model configured every question goes through retrieval within its
 * scope, the model writes from the numbered passages (streamed), and only what verification keeps
 * reaches the user. Runs the real answer service over the real index against a loopback server.
 */

let standin: OpenAiStandin;

beforeAll(async () => {
  standin = await startOpenAiStandin();
});

afterAll(() => standin.close());

function serviceWith(env: Record<string, string> = {}, ledger?: TokenLedger): Promise<AnswerService> {
  return serviceWithModel(standin.baseURL, { LLM_TIMEOUT_MS: '5000', ...env }, ledger);
}

const answerRequests = () => standin.requests.filter((r) => !r.response_format);
const userMessage = (r: ChatRequest | undefined) => r?.messages.find((m) => m.role === 'user')?.content ?? '';

describe('a question the extractive engine cannot answer', () => {
  it('reaches the model with the passage that answers it, and comes back verified', async () => {
    const service = await serviceWith();
    const question = '阳山县帮老年人打官司帮了几回？';
    standin.use(quotingModel('为老年人提供法律援助'));
    const answer = await service.ask(question);
    expect(userMessage(answerRequests()[0])).toContain('为老年人提供法律援助9人次');
    expect(answer.notFound).toBe(false);
    expect(answer.text).toContain('为老年人提供法律援助9人次');
    expect(answer.citations[0]!.quote).toContain('为老年人提供法律援助9人次');
    expect(answer.citations[0]!.region).toBe('阳山县');
    expect((await service.passage(answer.citations[0]!))?.text).toContain(answer.citations[0]!.quote);
  });

  it('keeps to the question’s scope: only passages of the region and year asked', async () => {
    const service = await serviceWith();
    standin.use(quotingModel('社区矫正'));
    await service.ask('梁平区2024年前前后后一共管过多少名社区矫正对象？');
    const headers = userMessage(answerRequests()[0]).match(/^\[\d+\] [^\n]*/gm) ?? [];
    expect(headers.length).toBeGreaterThan(0);
    for (const header of headers) expect(header).toContain('梁平区司法局 · 2024 全年');
  });

  it('gives the extractive “not given” answer when the model finds nothing in the passages either', async () => {
    const service = await serviceWith();
    standin.use(() => ({ content: '报告未提及阳山县的常住人口。' }));
    const answer = await service.ask('阳山县常住人口有多少？');
    expect(answer.notFound).toBe(true);
    expect(answer.text).not.toContain('语言模型');
  });
});

describe('every kind of question', () => {
  const kinds: readonly (readonly [string, (service: AnswerService) => Promise<Answer>, string])[] = [
    ['a list', (s) => s.ask('麻章区督导执法单位落实的行政执法“三项制度”是哪三项？'), '三项制度'],
    ['a yes/no question', (s) => s.ask('麻章区司法局的领导班子配齐了没有？'), '麻章区司法局'],
    ['a question of when', (s) => s.ask('慈溪市的报告是哪天落款的？'), '慈溪市司法局'],
    ['a question in several parts', (s) => s.ask('阳山县受理了多少法律援助案件，提供了多少法律帮助？'), '提供法律帮助147件'],
    ['a question across regions', (s) => s.ask('哪个地方的人民调解案件最多？'), '梁平区司法局'],
    ['a summary', (s) => s.summary('慈溪'), '慈溪市司法局'],
    ['a comparison', (s) => s.compare('阳山', '梁平', '法律援助'), '梁平区司法局'],
  ];

  it.each(kinds)('%s reaches the model with passages of the reports asked about', async (_, ask, expected) => {
    const service = await serviceWith();
    standin.use(() => ({ content: '报告未提及。' }));
    await ask(service);
    const user = userMessage(answerRequests()[0]);
    expect(user).toMatch(/^\[1\] /m);
    expect(user).toContain(expected);
  });
});

describe('an English question', () => {
  it('reaches the model with the right Chinese passages', async () => {
    const service = await serviceWith();
    standin.use(quotingModel('共受理法律援助案件', 'The report says'));
    const answer = await service.ask('How many legal aid cases did Yangshan handle in 2024?');
    expect(userMessage(answerRequests()[0])).toContain('共受理法律援助案件202件');
    expect(answer.notFound).toBe(false);
    expect(answer.text).toContain('共受理法律援助案件202件');
  });
});

describe('a streamed answer', () => {
  it('appears as drafts of verified sentences and ends as the verified message', async () => {
    const service = await serviceWith();
    const reply = '阳山县司法局共受理法律援助案件202件[1]。为老年人提供法律援助9人次[1]。';
    standin.use(() => ({ content: reply, chunkDelayMs: 5 }));
    const drafts: string[] = [];
    const answer = await service.ask('阳山县受理了多少法律援助案件？', { onDraft: (d) => drafts.push(d) });
    expect(answerRequests()[0]!.stream).toBe(true);
    expect(drafts.length).toBeGreaterThanOrEqual(2);
    expect(drafts[0]).toContain('202件');
    expect(drafts[0]).not.toContain('9人次');
    expect(drafts.at(-1)).toContain('9人次');
    expect(answer.text).toContain('阳山县司法局共受理法律援助案件202件[1]。为老年人提供法律援助9人次[1]。');
  });

  it('never shows an invented figure, in a draft or in the final message', async () => {
    const service = await serviceWith();
    standin.use(() => ({ content: '阳山县司法局共受理法律援助案件202件[1]。其中刑事案件888件[1]。为老年人提供法律援助9人次[1]。', chunkDelayMs: 2 }));
    const drafts: string[] = [];
    const answer = await service.ask('阳山县受理了多少法律援助案件？', { onDraft: (d) => drafts.push(d) });
    expect(drafts.length).toBeGreaterThan(0);
    for (const draft of drafts) expect(draft).not.toContain('888');
    expect(answer.text).not.toContain('888');
    expect(answer.text).toContain('202件');
  });

  it('falls back to the extractive answer when the model stalls mid-stream', { timeout: 5_000 }, async () => {
    const service = await serviceWith({ LLM_STALL_MS: '300' });
    standin.use(() => ({ content: '阳山县司法局共受理法律援助案件202件[1]。为老年人提供法律援助9人次[1]。', stallAfter: 3 }));
    const started = performance.now();
    const answer = await service.ask('阳山县受理了多少法律援助案件？');
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(answer.text).toContain('语言模型中途停止响应');
    expect(answer.text).toContain('202件');
    expect(answer.notFound).toBe(false);
  });
});

describe('a runaway reply', () => {
  const huge = '阳山县司法局共受理法律援助案件202件[1]。'.repeat(400_000);

  it.each([
    ['streamed', { LLM_STREAM: 'true' }],
    ['in one body', { LLM_STREAM: 'false' }],
  ])('of 10 MB (%s) is cut before it is verified or shown', { timeout: 20_000 }, async (_, env) => {
    const service = await serviceWith(env);
    standin.use(() => ({ content: huge, chunks: huge.match(/.{1,65536}/gs) ?? [] }));
    const answer: Answer = await service.ask('阳山县受理了多少法律援助案件？');
    expect(answer.text.length).toBeLessThan(8_000);
    expect(answer.text).toContain('202件');
  });
});

describe('the model reading a question', () => {
  it('is rejected when it names a region no report covers', async () => {
    const service = await serviceWith();
    standin.use((request) =>
      request.response_format
        ? { content: JSON.stringify({ regions: ['北京市'], years: [2024], period: null, intent: 'figure', measure: ['法律援助', '案件'] }) }
        : { content: '北京市共受理法律援助案件202件[1]。' },
    );
    const answer = await service.ask('帝都那边帮人打官司的一共多少回？');
    expect(standin.requests[0]!.response_format?.type).toBe('json_object');
    expect(answer.text).not.toContain('北京');
  });

  it('is used when it checks out against the reports', async () => {
    const service = await serviceWith();
    standin.use((request) =>
      request.response_format
        ? { content: JSON.stringify({ regions: ['阳山县'], years: [2024], period: null, intent: 'figure', measure: ['老年人', '法律援助'] }) }
        : quotingModel('为老年人提供法律援助')(request, 0),
    );
    const answer = await service.ask('粤北那个山区县帮老人家打官司几回？');
    expect(standin.requests[0]!.response_format?.type).toBe('json_object');
    const headers = userMessage(answerRequests()[0]).match(/^\[\d+\] [^\n]*/gm) ?? [];
    expect(headers.length).toBeGreaterThan(0);
    for (const header of headers) expect(header).toContain('阳山县司法局 · 2024 全年');
    expect(answer.text).toContain('为老年人提供法律援助9人次');
    expect(answer.citations[0]!.region).toBe('阳山县');
  });
});

describe('the daily token budget', () => {
  it('stops model calls for a user who spent it, with a clear message, and not for others', async () => {
    const service = await serviceWith({ LLM_DAILY_TOKENS_PER_USER: '3000' });
    standin.use(() => ({ content: '阳山县司法局共受理法律援助案件202件[1]。', usage: { prompt_tokens: 2_600, completion_tokens: 50 } }));
    const first = await service.ask('阳山县受理了多少法律援助案件？', { user: 'alice' });
    expect(first.text).not.toContain('语言模型');
    const second = await service.ask('阳山县受理了多少法律援助案件？', { user: 'alice' });
    expect(second.text).toContain('今天的语言模型用量已达每人 3000 tokens 的上限');
    expect(second.text).toContain('202件');
    const other = await service.ask('阳山县受理了多少法律援助案件？', { user: 'bob' });
    expect(other.text).not.toContain('语言模型');
    expect(answerRequests()).toHaveLength(2);
  });

  it('is one budget for workers that share a ledger', async () => {
    const ledger = memoryLedger();
    const [workerA, workerB] = [await serviceWith({ LLM_DAILY_TOKENS_PER_USER: '3000' }, ledger), await serviceWith({ LLM_DAILY_TOKENS_PER_USER: '3000' }, ledger)];
    standin.use(() => ({ content: '阳山县司法局共受理法律援助案件202件[1]。', usage: { prompt_tokens: 2_600, completion_tokens: 50 } }));
    expect((await workerA.ask('阳山县受理了多少法律援助案件？', { user: 'carol' })).text).not.toContain('语言模型');
    expect((await workerB.ask('阳山县受理了多少法律援助案件？', { user: 'carol' })).text).toContain('今天的语言模型用量已达每人 3000 tokens 的上限');
  });
});
