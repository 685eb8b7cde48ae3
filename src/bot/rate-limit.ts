/** A per-user rate limit with a friendly message (it limits users, not our calls to Telegram). */
import type { Middleware } from 'grammy';
import type { Config } from '../config.js';
import { isAdmin } from './access.js';
import type { BotContext } from './context.js';

const RATE_LIMITED = '你发得太快了，请稍等一分钟再问。';
const MINUTE_MS = 60_000;

/** Past this many users, those quiet for a minute are dropped from the rate table. */
const FORGET_AFTER_USERS = 10_000;

function forgetQuiet(recent: Map<number, { times: number[] }>, now: number): void {
  for (const [user, { times }] of recent) if (times.every((t) => now - t >= MINUTE_MS)) recent.delete(user);
}

/** A sliding one-minute window per user; the friendly refusal is sent once per window. */
export function rateLimit(config: Config): Middleware<BotContext> {
  const limit = config.telegram.rateLimitPerMinute;
  const recent = new Map<number, { times: number[]; warned: boolean }>();
  return async (ctx, next) => {
    const userId = ctx.from?.id;
    if (userId === undefined || isAdmin(config, userId)) return next();
    const now = Date.now();
    if (recent.size > FORGET_AFTER_USERS) forgetQuiet(recent, now);
    const entry = recent.get(userId) ?? { times: [], warned: false };
    entry.times = entry.times.filter((t) => now - t < MINUTE_MS);
    if (entry.times.length === 0) entry.warned = false;
    recent.set(userId, entry);
    if (entry.times.length < limit) {
      entry.times.push(now);
      return next();
    }
    ctx.trace.outcome = 'rateLimited';
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: RATE_LIMITED });
    else if (!entry.warned) await ctx.reply(RATE_LIMITED);
    entry.warned = true;
  };
}
