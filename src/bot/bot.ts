/** createBot: the grammY bot with its middleware and features, built from injected dependencies. */
import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import { Bot, BotError, GrammyError, HttpError, type Api } from 'grammy';
import { addressing, allowlist } from './access.js';
import { COMMANDS } from './commands.js';
import type { BotContext, BotDeps } from './context.js';
import { askFeature } from './features/ask.js';
import { compareFeature } from './features/compare.js';
import { fallbackFeature } from './features/fallback.js';
import { reportsFeature } from './features/reports.js';
import { sourceFeature } from './features/source.js';
import { startFeature } from './features/start.js';
import { summaryFeature } from './features/summary.js';
import { uploadFeature } from './features/upload.js';
import { plainTextFallback } from './plain-fallback.js';
import { rateLimit } from './rate-limit.js';
import { sessionMiddleware } from './session.js';
import { traceMiddleware } from './trace.js';

const SORRY = '抱歉，处理这条消息时出错了，请稍后再试。';

export class MissingTokenError extends Error {}

/** The bot without polling or a webhook started: see run.ts. */
export function createBot(deps: BotDeps): Bot<BotContext> {
  const { config, logger } = deps;
  const token = config.telegram.token;
  if (!token) throw new MissingTokenError('TELEGRAM_BOT_TOKEN is not set');
  const bot = new Bot<BotContext>(token, {
    client: { apiRoot: config.telegram.apiRoot },
    ...(deps.botInfo ? { botInfo: deps.botInfo } : {}),
  });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 10 }));
  bot.api.config.use(plainTextFallback(logger));

  bot.use(traceMiddleware(logger));
  bot.use(sequentialize((ctx: BotContext) => ctx.chat?.id.toString()));
  bot.use(addressing());
  bot.use(allowlist(config));
  bot.use(rateLimit(config));
  bot.use(sessionMiddleware(config));
  bot.errorBoundary(
    (error) => apologise(error, deps),
    startFeature(deps),
    askFeature(deps),
    summaryFeature(deps),
    compareFeature(deps),
    reportsFeature(deps),
    sourceFeature(deps),
    uploadFeature(deps),
    fallbackFeature(deps),
  );
  bot.catch((error) => logger.error({ err: describe(error.error), update: error.ctx.update.update_id }, 'update failed'));
  return bot;
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
  try {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: SORRY }).catch(() => undefined);
    if (ctx.chat) await ctx.reply(SORRY);
  } catch (replyError) {
    logger.warn({ err: describe(replyError) }, 'could not tell the user about the error');
  }
}

/** The command menu in Chinese (default) and English. */
export async function registerCommands(api: Api): Promise<void> {
  await api.setMyCommands(COMMANDS.map((c) => ({ command: c.name, description: c.zh })));
  await api.setMyCommands(
    COMMANDS.map((c) => ({ command: c.name, description: c.en })),
    { language_code: 'en' },
  );
}
