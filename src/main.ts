/**
 * `npm start`: the Telegram bot when TELEGRAM_BOT_TOKEN is set, otherwise the same conversation
 * in the terminal. Either way the index is loaded (or built) first, or, with DATABASE_URL, the
 * reports folder is brought into PostgreSQL and served from there. The bot keeps its state in
 * this process, or in Redis with REDIS_URL (then any number of webhook workers may run).
 */
import path from 'node:path';
import { GrammyError, HttpError } from 'grammy';
import { createBot, type ReportBot } from './bot/bot.js';
import { startBot } from './bot/run.js';
import { WebhookPortError } from './bot/webhook.js';
import { ChartPool } from './chart/pool.js';
import { ConfigError, loadConfig, secretValues, type Config } from './config.js';
import { IngestError } from './ingest/errors.js';
import { createLogger, redactSecrets, type Logger } from './logger.js';
import { openServing } from './serving.js';
import { DatabaseUnavailableError } from './store/postgres/pg-corpus.js';
import { processState, type BotState } from './state/bot-state.js';
import { RedisUnavailableError, redisState } from './state/redis-state.js';

const CONNECT_HINT = '终端对话模式：设置 TELEGRAM_BOT_TOKEN 环境变量即可连接 Telegram（set TELEGRAM_BOT_TOKEN to run the Telegram bot）。';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, secretValues(config));
  if (!config.telegram.token) {
    const { answers, close } = await openServing(config, logger);
    process.stderr.write(`${CONNECT_HINT}\n`);
    // Loaded here only: the terminal chat draws its charts in this thread, the bot never does.
    const { runChat } = await import('./chat/chat.js');
    await runChat({
      answers,
      logger,
      input: process.stdin,
      output: process.stdout,
      prompt: process.stdin.isTTY === true,
      chartsDir: path.join(config.dataDir, 'charts'),
    });
    await close();
    return;
  }
  const state = config.redis ? await redisState(config.redis, logger) : processState(config, logger);
  const { answers, shelf, close } = await openServing(config, logger, { ledger: state.tokens });
  const charts = new ChartPool();
  // In the background: the first chart a user asks for should not wait for the fonts.
  charts.warmUp().catch((err: Error) => logger.warn({ err: err.message }, 'chart worker could not warm up'));
  await serveTelegram(config, logger, state, createBot({ config, logger, answers, shelf, charts, state }), close);
}

/** Serves until SIGINT or SIGTERM, then drains: no new updates, those in hand finished, state closed, exit 0. */
async function serveTelegram(config: Config, logger: Logger, state: BotState, bot: ReportBot, closeCorpus: () => Promise<void>): Promise<void> {
  const stop = await startBot(bot, config, state, logger);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping the bot');
    await stop();
    await state.close();
    await closeCorpus();
    logger.info('bot stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  stopWithLauncher(() => void shutdown('launcher gone'));
}

/** How often a bot started by npm checks that npm is still there. */
const LAUNCHER_CHECK_MS = 1_000;

/**
 * Started by `npm start`, the bot stops when npm is killed (SIGKILL cannot be passed on): an
 * orphan would go on polling beside the next start, and Telegram answers two pollers with 409.
 * Run directly (`node dist/main.js`), it leaves its lifetime to whoever started it.
 */
function stopWithLauncher(stop: () => void): void {
  if (!process.env.npm_lifecycle_event) return;
  const launcher = process.ppid;
  setInterval(() => {
    if (process.ppid !== launcher) stop();
  }, LAUNCHER_CHECK_MS).unref();
}

/** Start-up failures a user can fix, in one line instead of a stack trace. */
function startupProblem(error: unknown): string | undefined {
  if (error instanceof ConfigError || error instanceof RedisUnavailableError || error instanceof DatabaseUnavailableError || error instanceof WebhookPortError) return error.message;
  if (error instanceof IngestError) return `${error.file}：${error.reason}`;
  if (error instanceof GrammyError && error.error_code === 401) return 'Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized): check the token.';
  if (error instanceof GrammyError) return `Telegram refused to start the bot: ${error.description}`;
  if (error instanceof HttpError) return `cannot reach the Telegram Bot API (${error.message}): check TELEGRAM_API_ROOT and the network.`;
  return undefined;
}

main().catch((error: unknown) => {
  const problem = startupProblem(error);
  process.stderr.write(redactSecrets(`${problem ?? (error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`));
  process.exit(1);
});
