import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerService } from '../../src/answer/types.js';
import { serviceWithModel } from '../support/library.js';
import { startOpenAiStandin, type OpenAiStandin } from '../support/openai-standin.js';

let standin: OpenAiStandin;
let service: AnswerService;

beforeAll(async () => {
  standin = await startOpenAiStandin();
  service = await serviceWithModel(standin.baseURL, { LLM_TIMEOUT_MS: '2000' });
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

  it('asks the model even when the rules find nothing, and never shows what it makes up', async () => {
    standin.use(() => ({ content: '阳山县常住人口为50万人。' }));
    const answer = await service.ask('阳山县常住人口有多少？');
    expect(standin.requests.length).toBeGreaterThan(0);
    expect(answer.notFound).toBe(true);
    expect(answer.text).not.toContain('50万');
  });

  it('shows the model the whole of a quote that runs past its chunk, so a sentence quoting its tail is kept', async () => {
    const question = '阳山县下一步怎么加强普法与依法治理工作？';
    const tail = '全面深入开展“以案普法”活动';
    standin.use((request) => {
      const passages = request.messages.map((m) => m.content).join('\n');
      const n = /\[(\d+)\][^\n]*加强普法与依法治理工作/.exec(passages)?.[1] ?? '0';
      return { content: `阳山县下一步将「${tail}」[${n}]。` };
    });
    const answer = await service.ask(question);
    expect(JSON.stringify(standin.requests[0]?.messages)).toContain(tail);
    expect(answer.text).toContain(`阳山县下一步将「${tail}」[1]。`);
    const cited = answer.citations.find((c) => c.quote.includes(tail));
    expect(cited).toBeDefined();
    expect(cited ? (await service.passage(cited))?.text : '').toContain(cited?.quote);
  });
});
