/** createBot: the grammY bot with its plugins, middleware and features, built from injected dependencies. */
import { type BackgroundTasks, backgroundTasks } from './background.js';
import { turnLoad } from './turn-load.js';
import { autoChatAction } from '@grammyjs/auto-chat-action';
import { autoRetry } from '@grammyjs/auto-retry';
import { commands, type CommandGroup } from '@grammyjs/commands';
import { hydrateFiles } from '@grammyjs/files';
import { Bot, BotError, GrammyError, HttpError, type Transformer } from 'grammy';
import { addressing, allowlist, rateLimit } from './access.js';
import type { BotContext, BotDeps, FeatureDeps } from './context.js';
import { answerButtonsFeature } from './features/answer-buttons.js';
import { askFeature } from './features/ask.js';
import { commandGroup, unknownCommandFeature } from './features/commands.js';
import { compareMenu } from './features/compare.js';
import { fallbackFeature } from './features/fallback.js';
import { inlineFeature } from './features/inline.js';
import { shortcutsFeature } from './features/shortcuts.js';
import { summaryFeature } from './features/summary.js';
import { uploadFeature } from './features/upload.js';
import { i18n, localeOfLanguageCode } from './i18n.js';
import { oneAtATimePerChat } from './ordering.js';
import { plainTextFallback } from './plain-fallback.js';
import { sessionMiddleware } from './session.js';
import { traceMiddleware } from './trace.js';

export class MissingTokenError extends Error {}

export interface ReportBot {
  readonly bot: Bot<BotContext>;
  /** The command menu, registered (in Chinese and English) when the bot starts. */
  readonly commands: CommandGroup<BotContext>;
  /** Replies still being sent after their update was handled (charts). */
  readonly background: BackgroundTasks;
}

/**
 * Failed Bot API calls are retried (a rate limit, a server error, a dropped connection), all but
 * the long poll: the runner retries that itself after 100 ms, doubling, where auto-retry's first
 * wait after a dropped connection (3 s) held every chat's next message that long.
 */
function retries(): Transformer {
  const retrying = autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 10 });
  return (prev, method, payload, signal) => (method === 'getUpdates' ? prev(method, payload, signal) : retrying(prev, method, payload, signal));
}

/** The bot without polling or a webhook started: see run.ts. */
export function createBot(deps: BotDeps): ReportBot {
  const { config, logger } = deps;
  const token = config.telegram.token;
  if (!token) throw new MissingTokenError('TELEGRAM_BOT_TOKEN is not set');
  const bot = new Bot<BotContext>(token, {
    client: { apiRoot: config.telegram.apiRoot },
    ...(deps.botInfo ? { botInfo: deps.botInfo } : {}),
  });
  bot.api.config.use(retries());
  bot.api.config.use(plainTextFallback(logger));
  bot.api.config.use(hydrateFiles(token, { apiRoot: config.telegram.apiRoot }));

  const background = backgroundTasks();
  const turns = turnLoad();
  const features: FeatureDeps = { ...deps, compareMenu: compareMenu({ ...deps, background, turns }), background, turns };
  const group = commandGroup(features);
  bot.use(traceMiddleware(logger));
  bot.use(...oneAtATimePerChat(deps.state.lanes));
  bot.use(addressing());
  bot.use(sessionMiddleware<BotContext>(config, deps.state));
  bot.use(i18n);
  bot.use(allowlist(config));
  bot.use(rateLimit(config, deps.state));
  bot.use(autoChatAction());
  bot.use(commands());
  bot.errorBoundary(
    (error) => apologise(error, deps),
    features.compareMenu,
    group,
    // Before the unknown-command answer: /versions is an admin's command, kept out of everyone's menu.
    uploadFeature(features),
    unknownCommandFeature(group),
    askFeature(features),
    answerButtonsFeature(features),
    summaryFeature(features),
    shortcutsFeature(features),
    inlineFeature(features),
    fallbackFeature(),
  );
  bot.catch((error) => logger.error({ err: describe(error.error), update: error.ctx.update.update_id }, 'update failed'));
  return { bot, commands: group, background };
}

function describe(error: unknown): string {
  if (error instanceof GrammyError) return `${error.method}: ${error.error_code} ${error.description}`;
  if (error instanceof HttpError) return `network: ${error.message}`;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** The error boundary: log, then tell the user (and release a pressed button) if Telegram still listens. */
async function apologise(error: BotError<BotContext>, { logger }: BotDeps): Promise<void> {
  const ctx = error.ctx;
  ctx.trace.outcome = 'error';
  logger.error({ err: describe(error.error), update: ctx.update.update_id, chat: ctx.chat?.id }, 'handler failed');
  // The session may be what failed: the language comes from Telegram alone here.
  const sorry = i18n.t(localeOfLanguageCode(ctx.from?.language_code), 'sorry');
  try {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: sorry }).catch(() => undefined);
    if (ctx.chat) await ctx.reply(sorry);
  } catch (replyError) {
    logger.warn({ err: describe(replyError) }, 'could not tell the user about the error');
  }
}
