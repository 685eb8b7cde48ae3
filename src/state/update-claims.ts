/**
 * Which worker handles an update, so that a delivery Telegram repeats (it retries whatever it
 * did not see acknowledged) is answered once: the first delivery claims the update; a repeat
 * waits while the claim is held; once the answer is on its way, a repeat is only acknowledged —
 * even if the worker that sent it dies before it is done.
 */

/** Telegram keeps an unacknowledged message update for a day: repeats can come that late. */
export const ANSWERED_KEPT_MS = 24 * 3_600_000;

/** In one process the holder cannot die alone: a repeat waits for the answer in progress. */
const IN_PROCESS_REPEAT_WAIT_MS = 20_000;

/** How often a repeat delivery looks again whether the worker holding its update is done. */
const RECHECK_MS = 100;

export type Delivery =
  /** Nobody has this update: handle it. */
  | { readonly kind: 'fresh'; readonly claim: Claim }
  /** It was answered before: acknowledge it and do nothing. */
  | { readonly kind: 'answered' }
  /** Another worker still holds it after the wait: let Telegram deliver it again later. */
  | { readonly kind: 'busy' };

export interface Claim {
  /**
   * The answer is about to be sent: from now on a repeat is only acknowledged. The record is
   * written before this returns its promise, so it is on its way before the answer is.
   */
  answering(): Promise<void>;
  /** The answer could not be sent after all: a repeat is handled again. */
  notAnswered(): Promise<void>;
  /** Handling is over: answered (repeats acknowledged for a day) or failed before any answer (the next delivery handles it). */
  finish(answered: boolean): Promise<void>;
}

/** One look at an update: claimed now, answered before, or held by someone else. */
export type ClaimAttempt = (updateId: number) => Promise<Delivery>;

export interface UpdateClaims {
  /** How long a repeat delivery waits for the holder of its update: longer than a dead holder's claim lasts, so it takes the update over in one go. */
  readonly repeatWaitMs: number;
  /** Claims the update, waiting up to `waitMs` (or until `signal` aborts) while another holds it. */
  claim(updateId: number, wait: { readonly waitMs: number; readonly signal?: AbortSignal }): Promise<Delivery>;
}

export function waitingClaims(attempt: ClaimAttempt, repeatWaitMs: number): UpdateClaims {
  return {
    repeatWaitMs,
    async claim(updateId, { waitMs, signal }) {
      const deadline = Date.now() + waitMs;
      for (;;) {
        const delivery = await attempt(updateId);
        if (delivery.kind !== 'busy' || Date.now() >= deadline || signal?.aborted) return delivery;
        await new Promise((resolve) => setTimeout(resolve, RECHECK_MS));
      }
    },
  };
}

/**
 * Claims of one process (no REDIS_URL): a webhook update Telegram repeats while this process
 * still handles it, or after it answered, is not answered again. Forgotten on restart.
 */
export function memoryClaims(): UpdateClaims {
  const running = new Set<number>();
  /** Answered updates by when they may be forgotten, oldest first. */
  const answered = new Map<number, number>();
  const forgetOld = (now: number) => {
    for (const [id, until] of answered) {
      if (until > now) break;
      answered.delete(id);
    }
  };
  const remember = (updateId: number) => {
    answered.delete(updateId);
    answered.set(updateId, Date.now() + ANSWERED_KEPT_MS);
  };
  return waitingClaims(async (updateId) => {
    forgetOld(Date.now());
    if (answered.has(updateId)) return { kind: 'answered' };
    if (running.has(updateId)) return { kind: 'busy' };
    running.add(updateId);
    const claim: Claim = {
      answering: async () => remember(updateId),
      notAnswered: async () => void answered.delete(updateId),
      async finish(done) {
        running.delete(updateId);
        if (done) remember(updateId);
        else answered.delete(updateId);
      },
    };
    return { kind: 'fresh', claim };
  }, IN_PROCESS_REPEAT_WAIT_MS);
}
