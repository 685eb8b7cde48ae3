/** One log line per update: chat, command, outcome, stage timings. Never the message text. */
import type { Middleware } from 'grammy';
import type { Logger } from '../logger.js';
import type { BotContext } from './context.js';

function updateType(ctx: BotContext): string {
  return Object.keys(ctx.update).find((k) => k !== 'update_id') ?? 'unknown';
}

export function traceMiddleware(logger: Logger): Middleware<BotContext> {
  return async (ctx, next) => {
    Object.assign(ctx, { trace: {} });
    const started = performance.now();
    let failed = false;
    try {
      await next();
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      const { command, outcome, timings } = ctx.trace;
      logger.info(
        {
          update: ctx.update.update_id,
          type: updateType(ctx),
          chat: ctx.chat?.id,
          command,
          outcome: failed ? 'error' : (outcome ?? 'none'),
          ms: Math.round(performance.now() - started),
          timings,
        },
        'update',
      );
    }
  };
}
