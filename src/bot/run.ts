/** Connects the bot to Telegram: long polling through the runner, or a webhook when configured. */
import { run } from '@grammyjs/runner';
import type { Bot, Transformer } from 'grammy';
import type { Config } from '../config.js';
import { errorText, type Logger } from '../logger.js';
import type { BotState } from '../state/bot-state.js';
import type { ReportBot } from './bot.js';
import type { BotContext } from './context.js';
import { startWebhook } from './webhook.js';

/** Stops taking updates and waits for those being handled. */
export type StopBot = () => Promise<void>;

const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'inline_query'] as const;

/** How long getMe may take before the log says the Bot API cannot be reached (calls keep retrying). */
const UNREACHABLE_WARNING_MS = 10_000;

export async function startBot({ bot, commands, background }: ReportBot, config: Config, state: BotState, logger: Logger): Promise<StopBot> {
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
  const url = config.telegram.webhookUrl;
  const stopUpdates = url
    ? await startWebhook(bot, state, logger, { url, port: config.telegram.webhookPort, allowedUpdates: ALLOWED_UPDATES })
    : await startPolling(bot, logger);
  return async () => {
    await stopUpdates();
    await background.settled();
  };
}

async function startPolling(bot: Bot<BotContext>, logger: Logger): Promise<StopBot> {
  await bot.api.deleteWebhook();
  bot.api.config.use(pollFailuresLogged(logger));
  // The runner retries a failed poll itself; it would print the error to the console, outside the log.
  const handle = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES }, silent: true } });
  logger.info({ bot: bot.botInfo.username, mode: 'polling' }, 'bot started');
  return async () => {
    if (handle.isRunning()) await handle.stop();
  };
}

/** A long poll that failed is logged (the runner tries again). */
function pollFailuresLogged(logger: Logger): Transformer {
  return async (prev, method, payload, signal) => {
    try {
      return await prev(method, payload, signal);
    } catch (error) {
      if (method === 'getUpdates' && !signal?.aborted) logger.warn({ err: errorText(error) }, 'long poll failed: trying again');
      throw error;
    }
  };
}
