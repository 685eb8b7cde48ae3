import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI from 'openai';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import { retryDelayMs } from './retry.js';

/** Why the model gave no usable text; each maps to a one-line note for the user. */
export type ModelFailure = 'timeout' | 'stalled' | 'rateLimited' | 'unavailable' | 'refused' | 'empty';

export interface Usage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

export type Completion =
  | {
      readonly ok: true;
      readonly text: string;
      /** The reply ran past the output cap and was cut there. */
      readonly truncated: boolean;
      /** As the server reports it; absent when it does not. */
      readonly usage?: Usage;
    }
  | { readonly ok: false; readonly failure: ModelFailure; readonly detail: string };

export interface CompletionRequest {
  readonly system: string;
  readonly user: string;
  /** Ask for a JSON object (JSON mode). */
  readonly json?: boolean;
  /** The text so far, each time the stream adds to it. */
  readonly onText?: (text: string) => void;
  /** When the caller's time is up (performance.now() of the whole answer's deadline). */
  readonly deadlineAt: number;
}

interface Call {
  readonly request: CompletionRequest;
  readonly signal: AbortSignal;
  /** Text has arrived: the call can no longer be retried. */
  started: boolean;
}

export interface ChatModel {
  /** Never rejects: network and model problems come back as a failure. */
  complete(request: CompletionRequest): Promise<Completion>;
}

type LlmConfig = NonNullable<Config['llm']>;
type Attempt = { readonly text: string; readonly truncated: boolean; readonly usage?: Usage };

class Stalled extends Error {}
class Empty extends Error {}

/**
 * A chat model behind any OpenAI-compatible server. The caller's signal bounds the whole call,
 * retries and waits included. Replies stream by default (a stream silent for `stallMs` has stalled)
 * and are cut at `maxOutputChars`, so a runaway reply costs neither time nor memory. Retries (429,
 * 5xx, connection errors, up to `maxRetries`, and only before any text arrived) are ours rather
 * than the SDK's: the SDK (v6) sleeps through any retry-after the server sends and cannot be cut short.
 */
export function createChatModel(llm: LlmConfig, logger: Logger): ChatModel {
  const client = new OpenAI({
    apiKey: llm.apiKey,
    baseURL: llm.baseURL,
    timeout: llm.timeoutMs,
    maxRetries: 0,
    logger: logger.child({ module: 'openai' }),
    logLevel: 'warn',
  });
  const body = (request: CompletionRequest) => ({
    model: llm.model,
    max_tokens: llm.maxTokens,
    messages: [
      { role: 'system' as const, content: request.system },
      { role: 'user' as const, content: request.user },
    ],
    ...(request.json ? { response_format: { type: 'json_object' as const } } : {}),
  });

  const whole = async ({ request, signal }: Call): Promise<Attempt> => {
    const response = await client.chat.completions.create(body(request), { signal });
    const text = response.choices[0]?.message.content ?? '';
    const usage = response.usage && { promptTokens: response.usage.prompt_tokens, completionTokens: response.usage.completion_tokens };
    return { ...capped(text, llm.maxOutputChars), ...(usage ? { usage } : {}) };
  };

  const streamed = async (call: Call): Promise<Attempt> => {
    const { request } = call;
    const stall = new AbortController();
    let timer = setTimeout(() => stall.abort(new Stalled()), llm.stallMs);
    const rearm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => stall.abort(new Stalled()), llm.stallMs);
    };
    const signal = AbortSignal.any([call.signal, stall.signal]);
    try {
      const stream = await client.chat.completions.create({ ...body(request), stream: true, stream_options: { include_usage: true } }, { signal });
      let text = '';
      let usage: Usage | undefined;
      for await (const chunk of stream) {
        rearm();
        if (chunk.usage) usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
        const delta = chunk.choices[0]?.delta?.content;
        if (!delta) continue;
        call.started = true;
        text += delta;
        if (text.length > llm.maxOutputChars) {
          stream.controller.abort();
          return { ...capped(text, llm.maxOutputChars), ...(usage ? { usage } : {}) };
        }
        request.onText?.(text);
      }
      // an aborted stream may end without an error: a stream cut short is no answer
      if (stall.signal.aborted && !call.signal.aborted) throw new Stalled('the stream stalled');
      if (call.signal.aborted) throw new OpenAI.APIConnectionTimeoutError();
      return { text, truncated: false, ...(usage ? { usage } : {}) };
    } catch (error) {
      throw stall.signal.aborted && !call.signal.aborted ? new Stalled((error as Error).message) : error;
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    async complete(request) {
      const call: Call = { request, signal: AbortSignal.timeout(Math.max(1, Math.round(request.deadlineAt - performance.now()))), started: false };
      for (let retry = 0; ; retry++) {
        try {
          const attempt = await (llm.stream ? streamed(call) : whole(call));
          if (!attempt.text.trim()) throw new Empty('the model returned no text');
          return { ok: true, ...attempt, text: attempt.text.trim() };
        } catch (error) {
          const failed: Completion = { ok: false, failure: failureOf(error, call.signal), detail: (error as Error).message };
          // a retry after text arrived would show the user a second, different draft
          const delay = retry < llm.maxRetries && !call.started ? retryDelayMs(error, retry) : undefined;
          // waiting past the deadline would only end in a timeout: give up now, saying why
          if (delay === undefined || performance.now() + delay >= request.deadlineAt) return failed;
          logger.info({ failure: failed.failure, retry: retry + 1, delay: Math.round(delay) }, 'llm retry');
          try {
            await sleep(delay, undefined, { signal: call.signal });
          } catch {
            return { ...failed, failure: 'timeout' };
          }
        }
      }
    },
  };
}

/** The reply cut to `max` characters at its last line or sentence end, so no half sentence is verified. */
function capped(text: string, max: number): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false };
  const head = text.slice(0, max);
  const end = Math.max(head.lastIndexOf('\n'), ...['。', '！', '？', '. '].map((m) => head.lastIndexOf(m) + 1));
  return { text: end > 0 ? head.slice(0, end) : head, truncated: true };
}

function failureOf(error: unknown, deadline: AbortSignal): ModelFailure {
  if (error instanceof Stalled) return 'stalled';
  if (error instanceof Empty) return 'empty';
  if (deadline.aborted || error instanceof OpenAI.APIConnectionTimeoutError) return 'timeout';
  if (error instanceof OpenAI.RateLimitError) return 'rateLimited';
  if (error instanceof OpenAI.APIError && error.status !== undefined && error.status < 500) return 'refused';
  return 'unavailable';
}
