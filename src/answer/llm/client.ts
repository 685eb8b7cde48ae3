import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI from 'openai';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import { retryDelayMs } from './retry.js';

/** Why the model gave no usable text; each maps to a one-line note for the user. */
export type ModelFailure = 'timeout' | 'rateLimited' | 'unavailable' | 'refused' | 'empty';

export type Completion =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly failure: ModelFailure; readonly detail: string };

export interface ChatModel {
  /** Never rejects: network and model problems come back as a failure. */
  complete(system: string, user: string): Promise<Completion>;
}

/**
 * A chat model behind any OpenAI-compatible server. `timeoutMs` bounds the whole call, retries
 * and waits included, so a user never waits longer than that. Retries (429, 5xx, connection
 * errors, up to `maxRetries`) are ours rather than the SDK's: the SDK (v6) sleeps through any
 * retry-after the server sends and cannot be cut short.
 */
export function createChatModel(llm: NonNullable<Config['llm']>, logger: Logger): ChatModel {
  const client = new OpenAI({
    apiKey: llm.apiKey,
    baseURL: llm.baseURL,
    timeout: llm.timeoutMs,
    maxRetries: 0,
    logger: logger.child({ module: 'openai' }),
    logLevel: 'warn',
  });
  const request = (system: string, user: string, signal: AbortSignal) =>
    client.chat.completions.create(
      {
        model: llm.model,
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: user },
        ],
      },
      { signal },
    );

  return {
    async complete(system, user) {
      const giveUpAt = performance.now() + llm.timeoutMs;
      const deadline = AbortSignal.timeout(llm.timeoutMs);
      for (let retry = 0; ; retry++) {
        try {
          const response = await request(system, user, deadline);
          const text = response.choices[0]?.message.content?.trim() ?? '';
          return text ? { ok: true, text } : { ok: false, failure: 'empty', detail: 'the model returned no text' };
        } catch (error) {
          const failed: Completion = { ok: false, failure: failureOf(error, deadline), detail: (error as Error).message };
          const delay = retry < llm.maxRetries ? retryDelayMs(error, retry) : undefined;
          // Waiting past the deadline would only end in a timeout: give up now, saying why.
          if (delay === undefined || performance.now() + delay >= giveUpAt) return failed;
          logger.info({ failure: failed.failure, retry: retry + 1, delay: Math.round(delay) }, 'llm retry');
          try {
            await sleep(delay, undefined, { signal: deadline });
          } catch {
            return { ...failed, failure: 'timeout' };
          }
        }
      }
    },
  };
}

function failureOf(error: unknown, deadline: AbortSignal): ModelFailure {
  if (deadline.aborted || error instanceof OpenAI.APIConnectionTimeoutError) return 'timeout';
  if (error instanceof OpenAI.RateLimitError) return 'rateLimited';
  if (error instanceof OpenAI.APIError && error.status !== undefined && error.status < 500) return 'refused';
  return 'unavailable';
}
