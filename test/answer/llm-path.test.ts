import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerService } from '../../src/answer/service.js';
import type { AnswerService } from '../../src/answer/types.js';
import { loadConfig, projectRoot } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { openTestLibrary } from '../support/library.js';
import { startOpenAiStandin, type OpenAiStandin } from '../support/openai-standin.js';

let standin: OpenAiStandin;
let service: AnswerService;

beforeAll(async () => {
  standin = await startOpenAiStandin();
  const config = loadConfig({
    REPORTS_DIR: path.join(projectRoot, 'reports'),
    VECTORSTORE_DIR: path.join(os.tmpdir(), 'answer-llm-test-unused'),
    LOG_LEVEL: 'silent',
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: standin.baseURL,
    LLM_MAX_RETRIES: '0',
    LLM_TIMEOUT_MS: '2000',
  });
  service = createAnswerService({ config, logger: createLogger('silent'), library: await openTestLibrary() });
});

afterAll(() => standin.close());

describe('answers with an LLM configured', () => {
  it('hands the model the cited passages, and keeps the extractive answer when the model fails', async () => {
    standin.use(() => ({ status: 500, content: 'server error' }));
    const answer = await service.ask('阳山县衔接了多少名刑满释放人员？');
    expect(standin.requests.length).toBeGreaterThan(0);
    expect(JSON.stringify(standin.requests[0]?.messages)).toContain('478');
    expect(answer.notFound).toBe(false);
    expect(answer.text).toContain('478');
    expect(answer.citations[0]?.quote).toContain('478');
  });

  it('never asks the model when nothing was found', async () => {
    standin.use(() => ({ content: '阳山县常住人口为50万人。' }));
    const answer = await service.ask('阳山县常住人口有多少？');
    expect(standin.requests).toHaveLength(0);
    expect(answer.notFound).toBe(true);
    expect(answer.text).not.toContain('50万');
  });
});
