/**
 * The webhook server of one worker. Any number of workers may stand behind one webhook URL (a
 * load balancer in front): each update is handled once (delivery.ts), acknowledged only once it
 * is handled, and a stopping worker takes no new update but finishes those it has.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../logger.js';
import type { BotState } from '../state/bot-state.js';
import type { BotContext } from './context.js';
import { updateDelivery, type DeliveryOutcome } from './delivery.js';

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/**
 * Telegram gives up on a delivery after about 60 s and then holds back the chat's next updates.
 * An update still running by now (an answer takes at most LLM_TIMEOUT_MS and its sending) is
 * acknowledged and finishes unsupervised: something hangs, and holding the chat would be worse.
 */
const ACK_DEADLINE_MS = 50_000;

/** How long connections may take to close after the last response of a draining worker. */
const CLOSE_GRACE_MS = 2_000;

const STATUS: Readonly<Record<DeliveryOutcome, number>> = { handled: 200, answeredBefore: 200, retryLater: 503, failed: 500 };

export interface WebhookOptions {
  readonly url: string;
  readonly port: number;
  readonly allowedUpdates: readonly Exclude<keyof Update, 'update_id'>[];
}

export class WebhookPortError extends Error {}

/** Every worker derives the same secret from the token, so any of them accepts what Telegram sends. */
export function webhookSecret(token: string): string {
  return createHmac('sha256', token).update('telegram webhook secret').digest('hex');
}

function sameSecret(header: string | string[] | undefined, secret: string): boolean {
  const given = Buffer.from(typeof header === 'string' ? header : '');
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function readUpdate(req: IncomingMessage): Promise<Update | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const update = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Update;
    return Number.isInteger(update?.update_id) ? update : undefined;
  } catch {
    return undefined;
  }
}

function end(res: ServerResponse, status: number, closing: boolean): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, closing ? { connection: 'close' } : {}).end();
}

/** Registers the webhook (once for all workers), listens, and returns how to stop: drained, then closed. */
export async function startWebhook(bot: Bot<BotContext>, state: BotState, logger: Logger, options: WebhookOptions): Promise<() => Promise<void>> {
  const secret = webhookSecret(bot.token);
  const delivery = updateDelivery(bot, state.updates, logger);
  const { pathname } = new URL(options.url);
  /** Requests being answered (their response included) and updates being handled (one acknowledged late included). */
  const inFlight = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  const stopping = new AbortController();

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://localhost').pathname !== pathname) return end(res, 404, false);
    if (!sameSecret(req.headers[SECRET_HEADER], secret)) return end(res, 401, false);
    const update = await readUpdate(req);
    if (stopping.signal.aborted) return end(res, 503, true);
    if (!update) return end(res, 400, false);
    const delivered = delivery.deliver(update, stopping.signal);
    track(delivered.then(
      () => undefined,
      () => undefined,
    ));
    let deadline: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (deadline = setTimeout(() => resolve('late'), ACK_DEADLINE_MS)));
    const outcome = await Promise.race([delivered, late]).finally(() => clearTimeout(deadline));
    if (outcome === 'late') logger.warn({ update: update.update_id }, 'update still running: acknowledged so the chat is not held up');
    end(res, outcome === 'late' ? 200 : STATUS[outcome], stopping.signal.aborted);
  };

  const server = createServer((req, res) => {
    track(
      serve(req, res).catch((error: unknown) => {
        logger.error({ err: (error as Error).message }, 'webhook request failed');
        end(res, 500, false);
      }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      delivery.close();
      reject(new WebhookPortError(`cannot listen for the webhook on port ${options.port} (${error.code ?? error.message}): set WEBHOOK_PORT to a free port`));
    });
    server.listen(options.port, resolve);
  });
  const fingerprint = createHash('sha256').update(JSON.stringify([options.url, secret, options.allowedUpdates])).digest('hex');
  await state.once('webhook', fingerprint, async () => {
    await bot.api.setWebhook(options.url, { secret_token: secret, allowed_updates: options.allowedUpdates });
  });
  logger.info({ bot: bot.botInfo.username, mode: 'webhook', port: options.port, state: state.where }, 'bot started');

  return async () => {
    stopping.abort();
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeIdleConnections();
    logger.info({ inFlight: inFlight.size }, 'draining: no new updates, finishing those in hand');
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    // Responses while draining close their connections; one still open after a grace period is cut.
    const grace = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
    await closed;
    clearTimeout(grace);
    delivery.close();
  };
}
