import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlmWriter, type Grounds, type Passage } from '../../src/answer/llm/index.js';
import type { Answer } from '../../src/answer/types.js';
import type { Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startOpenAiStandin, type OpenAiStandin } from '../support/openai-standin.js';
import { LEGAL_AID_QUESTION, legalAidFallback, llmConfig, loadGrounds, loadReport, passagesOf, writeRequest, YANGSHAN } from './fixtures.js';

/** When the model is slow, busy or broken, the user still gets the extractive answer, with a note saying why. */

const GOOD_ANSWER = '阳山县司法局2024年共受理法律援助案件202件[1]。';
/** Asks the SDK to wait only briefly before retrying, so that the tests stay fast. */
const QUICK_RETRY = { 'retry-after-ms': '20' };

let standin: OpenAiStandin;
let fallback: Answer;
let passages: Passage[];
let grounds: Grounds;

beforeAll(async () => {
  grounds = await loadGrounds();
  standin = await startOpenAiStandin();
  const report = await loadReport(YANGSHAN);
  fallback = legalAidFallback(report);
  passages = passagesOf(fallback, [report]);
});

afterAll(() => standin.close());

/** Asks with the service's deadline: the configured timeout from now. */
function ask(overrides: Partial<NonNullable<Config['llm']>> = {}): Promise<Answer> {
  const config = llmConfig(standin.baseURL, overrides);
  const writer = createLlmWriter(config, createLogger('silent'));
  return writer.write(writeRequest('answer', LEGAL_AID_QUESTION, passages, fallback, grounds, { deadlineAt: performance.now() + config.timeoutMs }));
}

function expectFallbackWithNote(answer: Answer, note: string): void {
  expect(answer.blocks[0]).toEqual({ kind: 'note', text: note });
  expect(answer.text).toContain(note);
  expect(answer.text).toContain(fallback.text);
  expect(answer.citations).toEqual(fallback.citations);
}

describe('a slow model', () => {
  // The stand-in would answer after 10 s, and five retries of 300 ms with backoff would take
  // over 15 s: the test's own 5 s limit fails it unless the timeout bounds the whole call.
  it('is given up after the configured timeout, retries included', { timeout: 5_000 }, async () => {
    standin.use(() => ({ content: GOOD_ANSWER, delayMs: 10_000 }));
    const answer = await ask({ timeoutMs: 300, maxRetries: 5 });
    expectFallbackWithNote(answer, '（语言模型超时，以下为报告原文摘录）');
  });

});

describe('a rate-limited model', () => {
  it('is retried, and its answer reaches the user once it succeeds', async () => {
    standin.use((_, attempt) =>
      attempt === 0 ? { status: 429, content: 'Rate limit reached', headers: QUICK_RETRY } : { content: GOOD_ANSWER },
    );
    const answer = await ask();
    expect(standin.requests).toHaveLength(2);
    expect(answer.text).toContain(GOOD_ANSWER);
    expect(answer.text).not.toContain('语言模型');
  });

  it('gives the extractive answer with a note when it stays busy', async () => {
    standin.use(() => ({ status: 429, content: 'Rate limit reached', headers: QUICK_RETRY }));
    const answer = await ask({ maxRetries: 2 });
    expect(standin.requests).toHaveLength(3);
    expectFallbackWithNote(answer, '（语言模型服务繁忙，以下为报告原文摘录）');
  });

  // Waiting 30 s would pass the 1 s timeout and the test's own 5 s limit: the user gets the extract at once.
  it('is not waited for when it asks to wait longer than the timeout', { timeout: 5_000 }, async () => {
    standin.use(() => ({ status: 429, content: 'Rate limit reached', headers: { 'retry-after': '30' } }));
    const answer = await ask({ timeoutMs: 1_000, maxRetries: 2 });
    expect(standin.requests).toHaveLength(1);
    expectFallbackWithNote(answer, '（语言模型服务繁忙，以下为报告原文摘录）');
  });
});

describe('a failing model', () => {
  it('is retried on 500, then the user gets the extractive answer with a note', async () => {
    standin.use(() => ({ status: 500, content: 'The server had an error', headers: QUICK_RETRY }));
    const answer = await ask({ maxRetries: 2 });
    expect(standin.requests).toHaveLength(3);
    expectFallbackWithNote(answer, '（语言模型服务暂不可用，以下为报告原文摘录）');
  });

  it('is not retried when it refuses the request (a bad key)', async () => {
    standin.use(() => ({ status: 401, content: 'Incorrect API key provided' }));
    const answer = await ask();
    expect(standin.requests).toHaveLength(1);
    expectFallbackWithNote(answer, '（语言模型拒绝了请求，以下为报告原文摘录）');
  });

  it('gives the extractive answer when no server listens at the address', async () => {
    const writer = createLlmWriter(llmConfig('http://127.0.0.1:9/v1', { maxRetries: 0 }), createLogger('silent'));
    const answer = await writer.write(writeRequest('answer', LEGAL_AID_QUESTION, passages, fallback, grounds));
    expectFallbackWithNote(answer, '（语言模型服务暂不可用，以下为报告原文摘录）');
  });
});
