import OpenAI from 'openai';

/** Exponential backoff when the server does not say how long to wait: 0.5 s, 1 s, 2 s … up to 8 s. */
const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;

/**
 * How long to wait before retry number `retry` (0-based) after `error`, or undefined when a retry
 * cannot help. Connection errors, 408, 409, 429 and 5xx are retried; the server's retry-after-ms or
 * retry-after header wins over the backoff. A timed-out or aborted call is not retried: the
 * caller's time is spent.
 */
export function retryDelayMs(error: unknown, retry: number): number | undefined {
  if (error instanceof OpenAI.APIUserAbortError || error instanceof OpenAI.APIConnectionTimeoutError) return undefined;
  if (!(error instanceof OpenAI.APIError)) return undefined;
  const { status } = error;
  const retryable = status === undefined || status === 408 || status === 409 || status === 429 || status >= 500;
  if (!retryable) return undefined;
  return delayAskedFor(error.headers) ?? backoff(retry);
}

function delayAskedFor(headers: Headers | undefined): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms)) return Math.max(0, ms);
  const after = headers?.get('retry-after');
  if (!after) return undefined;
  const seconds = Number.parseFloat(after);
  const delay = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(after) - Date.now();
  return Number.isFinite(delay) ? Math.max(0, delay) : undefined;
}

function backoff(retry: number): number {
  const jitter = 1 - Math.random() * 0.25;
  return Math.min(INITIAL_DELAY_MS * 2 ** retry, MAX_DELAY_MS) * jitter;
}
