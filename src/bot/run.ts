/** Connects the bot to Telegram: long polling through the runner, or a webhook when configured. */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { run } from '@grammyjs/runner';
import { webhookCallback, type Bot } from 'grammy';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { ReportBot } from './bot.js';
import type { BotContext } from './context.js';

/** Stops taking updates and waits for those being handled. */
export type StopBot = () => Promise<void>;

const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'inline_query'] as const;
const DEFAULT_WEBHOOK_PORT = 8443;

/** How long getMe may take before the log says the Bot API cannot be reached (calls keep retrying). */
const UNREACHABLE_WARNING_MS = 10_000;

export async function startBot({ bot, commands }: ReportBot, config: Config, logger: Logger): Promise<StopBot> {
  const warning = setTimeout(
    () => logger.warn({ apiRoot: config.telegram.apiRoot }, 'cannot reach the Telegram Bot API yet: still trying (check TELEGRAM_API_ROOT and the network)'),
    UNREACHABLE_WARNING_MS,
  );
  try {
    await bot.init();
  } finally {
    clearTimeout(warning);
  }
  await commands.setCommands(bot);
  const webhookUrl = config.telegram.webhookUrl;
  return webhookUrl ? startWebhook(bot, webhookUrl, logger) : startPolling(bot, logger);
}

async function startPolling(bot: Bot<BotContext>, logger: Logger): Promise<StopBot> {
  await bot.api.deleteWebhook();
  const handle = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES } } });
  logger.info({ bot: bot.botInfo.username, mode: 'polling' }, 'bot started');
  return async () => {
    if (handle.isRunning()) await handle.stop();
  };
}

/**
 * Listens on the webhook URL's port (8443 when it has none) and path. Slow answers are
 * acknowledged after the timeout and finished in the background.
 */
async function startWebhook(bot: Bot<BotContext>, url: string, logger: Logger): Promise<StopBot> {
  const secretToken = randomBytes(24).toString('hex');
  const { pathname, port } = new URL(url);
  const handle = webhookCallback(bot, 'http', { secretToken, onTimeout: 'return', timeoutMilliseconds: 9_000 });
  const server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== pathname) {
      res.writeHead(404).end();
      return;
    }
    handle(req, res).catch((err: unknown) => {
      logger.error({ err: (err as Error).message }, 'webhook request failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const listenPort = port ? Number(port) : DEFAULT_WEBHOOK_PORT;
  await new Promise<void>((resolve) => server.listen(listenPort, resolve));
  await bot.api.setWebhook(url, { secret_token: secretToken, allowed_updates: ALLOWED_UPDATES });
  logger.info({ bot: bot.botInfo.username, mode: 'webhook', port: listenPort }, 'bot started');
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
