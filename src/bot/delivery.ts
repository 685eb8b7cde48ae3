/**
 * One webhook delivery of an update, handled once across every worker: the update is claimed
 * first (a repeat of an update another worker handles waits for it; one answered before is only
 * acknowledged), and the claim records the answer the instant its request has been written to
 * the socket (Node's `http.client.request.start` diagnostics channel, called synchronously right
 * after the write). Recorded before the call, a worker dying in between would lose the answer;
 * recorded after Telegram's reply, it would answer twice. This way a crash has microseconds to
 * fall between the two (on a new connection, the time to connect) — plus what Redis had not read
 * yet when the dead worker's connection was reset: then the update is answered twice, never lost.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { TLSSocket } from 'node:tls';
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { errorText, type Logger } from '../logger.js';
import type { Claim, UpdateClaims } from '../state/update-claims.js';
import type { BotContext } from './context.js';

/** What the webhook tells Telegram: 'handled' and 'answeredBefore' are acknowledged, the others delivered again. */
export type DeliveryOutcome = 'handled' | 'answeredBefore' | 'retryLater' | 'failed';

/** Calls that give the user the answer (not chat actions, drafts or callback answers, which may repeat harmlessly). */
const ANSWER_METHODS: ReadonlySet<string> = new Set(['sendMessage', 'sendPhoto', 'sendDocument', 'editMessageText', 'answerInlineQuery']);
const REQUEST_WRITTEN = 'http.client.request.start';

/** The Bot API method of a request path (`/bot<token>/sendMessage`). */
const methodOf = (request: ClientRequest) => request.path.split('?')[0]!.split('/').pop() ?? '';

/**
 * Calls `then` as the request's bytes go out: at once on an open connection (they have just been
 * written); on a new one when it connects (right after Node writes what waited for it), for TLS
 * once it is secured.
 */
function whenOnTheWire(request: ClientRequest, then: () => void): void {
  const socket = request.socket;
  if (socket instanceof TLSSocket && !socket.authorized) socket.once('secureConnect', then);
  else if (socket?.connecting) socket.once('connect', then);
  else then();
}

/** One update being handled: whether its answer went out, and the claim's record of it. */
class Handling {
  sent = false;
  private recording: Promise<void> | undefined;

  constructor(
    private readonly claim: Claim,
    private readonly logger: Logger,
  ) {}

  /** An answer's request has just been written: record it now (once), before anything else runs. */
  answerWritten(): void {
    // Unrecorded, a repeat delivery after this worker died could answer twice: the lesser harm than failing now.
    this.recording ??= this.claim.answering().catch((error: unknown) => this.logger.warn({ err: errorText(error) }, 'could not record an answer on its way'));
  }

  /** Telegram's reply to an answer: when it refused and nothing else went out, a repeat is handled again. */
  async answerReturned(ok: boolean): Promise<void> {
    await this.recording;
    if (ok) this.sent = true;
    if (this.sent || this.recording === undefined) return;
    this.recording = undefined;
    await this.claim.notAnswered().catch(() => undefined);
  }
}

export interface UpdateDelivery {
  deliver(update: Update, stopping: AbortSignal): Promise<DeliveryOutcome>;
  /** Stops watching this process's requests. */
  close(): void;
}

export function updateDelivery(bot: Bot<BotContext>, claims: UpdateClaims, logger: Logger): UpdateDelivery {
  const current = new AsyncLocalStorage<Handling>();
  const onRequestWritten = (written: unknown) => {
    const handling = current.getStore();
    const { request } = written as { request: ClientRequest };
    if (handling && ANSWER_METHODS.has(methodOf(request))) whenOnTheWire(request, () => handling.answerWritten());
  };
  subscribe(REQUEST_WRITTEN, onRequestWritten);
  bot.api.config.use(async (prev, method, payload, signal) => {
    const handling = current.getStore();
    if (!handling || !ANSWER_METHODS.has(method)) return prev(method, payload, signal);
    let ok = false;
    try {
      const result = await prev(method, payload, signal);
      ok = result.ok;
      return result;
    } finally {
      await handling.answerReturned(ok);
    }
  });

  const finish = (claim: Claim, answered: boolean, update: Update) =>
    claim.finish(answered).catch((error: unknown) => logger.warn({ err: errorText(error), update: update.update_id }, 'could not record the end of an update'));

  const handle = async (update: Update, claim: Claim): Promise<DeliveryOutcome> => {
    const handling = new Handling(claim, logger);
    try {
      await current.run(handling, () => bot.handleUpdate(update));
      await finish(claim, true, update);
      return 'handled';
    } catch (error) {
      if (handling.sent) {
        logger.error({ err: errorText(error), update: update.update_id }, 'update failed after it was answered');
        await finish(claim, true, update);
        return 'handled';
      }
      logger.error({ err: errorText(error), update: update.update_id }, 'update failed: Telegram will deliver it again');
      await finish(claim, false, update);
      return 'failed';
    }
  };

  return {
    async deliver(update, stopping) {
      let claimed;
      try {
        claimed = await claims.claim(update.update_id, { waitMs: claims.repeatWaitMs, signal: stopping });
      } catch (error) {
        logger.error({ err: errorText(error), update: update.update_id }, 'cannot claim the update: Telegram will deliver it again');
        return 'retryLater';
      }
      if (claimed.kind === 'answered') return 'answeredBefore';
      if (claimed.kind === 'busy') return 'retryLater';
      return handle(update, claimed.claim);
    },
    close: () => void unsubscribe(REQUEST_WRITTEN, onRequestWritten),
  };
}
