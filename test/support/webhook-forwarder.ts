/**
 * Telegram's side of a webhook in front of several workers, on loopback: each update is POSTed
 * (with the secret token) to the next worker in turn, as a round-robin load balancer would pass
 * it on; a delivery that fails (connection refused or cut, a status other than 2xx, no answer in
 * time) is delivered again to the next worker after a short back-off, as Telegram retries. Like
 * Telegram, it sends one update of a chat at a time, in order (a button press queues per user).
 */

type Json = Record<string, any>;

export type AttemptResult = number | 'refused' | 'cut' | 'timeout';

export interface Attempt {
  readonly updateId: number;
  readonly worker: number;
  readonly result: AttemptResult;
  readonly ms: number;
}

export interface Acknowledged {
  readonly updateId: number;
  /** The worker that acknowledged it. */
  readonly worker: number;
  readonly attempts: number;
  /** From the first POST to the acknowledgement. */
  readonly ms: number;
}

export interface ForwarderOptions {
  /** How long one delivery may take before it counts as failed (Telegram: about 60 s). */
  readonly timeoutMs?: number;
  /** Waits before the 2nd, 3rd … delivery of an update (Telegram: at once, then 1, 2, 4 … s). */
  readonly backoffMs?: readonly number[];
  readonly maxAttempts?: number;
}

/** The queue Telegram keeps the update in: the chat for messages, the user for button presses and inline queries. */
function queueOf(update: Json): string {
  const message = update.message ?? update.edited_message;
  if (message) return `chat:${message.chat.id}`;
  const from = update.callback_query?.from ?? update.inline_query?.from;
  return from ? `user:${from.id}` : `update:${update.update_id}`;
}

function classify(error: unknown): AttemptResult {
  const cause = (error as { cause?: { code?: string } }).cause;
  if ((error as Error).name === 'TimeoutError') return 'timeout';
  return cause?.code === 'ECONNREFUSED' ? 'refused' : 'cut';
}

export class WebhookForwarder {
  readonly attempts: Attempt[] = [];
  private turn = 0;
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly timeoutMs: number;
  private readonly backoffMs: readonly number[];
  private readonly maxAttempts: number;

  constructor(
    private readonly workers: readonly string[],
    private readonly secret: string,
    options: ForwarderOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.backoffMs = options.backoffMs ?? [0, 250, 500, 1_000, 2_000];
    this.maxAttempts = options.maxAttempts ?? 30;
  }

  /** Delivers after the earlier updates of its queue; `to` picks the first worker instead of the next in turn. */
  deliver(update: Json, to?: number): Promise<Acknowledged> {
    const queue = queueOf(update);
    const before = this.queues.get(queue) ?? Promise.resolve();
    const delivered = before.catch(() => undefined).then(() => this.deliverNow(update, to));
    this.queues.set(queue, delivered);
    return delivered;
  }

  private async deliverNow(update: Json, to?: number): Promise<Acknowledged> {
    const started = performance.now();
    let worker = to ?? this.turn++ % this.workers.length;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const result = await this.post(update, worker);
      if (typeof result === 'number' && result >= 200 && result < 300) {
        return { updateId: update.update_id, worker, attempts: attempt, ms: performance.now() - started };
      }
      const wait = this.backoffMs[Math.min(attempt - 1, this.backoffMs.length - 1)] ?? 0;
      await new Promise((resolve) => setTimeout(resolve, wait));
      worker = (worker + 1) % this.workers.length;
    }
    throw new Error(`update ${update.update_id} not acknowledged after ${this.maxAttempts} deliveries`);
  }

  private async post(update: Json, worker: number): Promise<AttemptResult> {
    const started = performance.now();
    let result: AttemptResult;
    try {
      const response = await fetch(this.workers[worker]!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': this.secret },
        body: JSON.stringify(update),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await response.arrayBuffer();
      result = response.status;
    } catch (error) {
      result = classify(error);
    }
    this.attempts.push({ updateId: update.update_id, worker, result, ms: performance.now() - started });
    return result;
  }
}
