/** Who the bot answers: updates meant for it (in groups), allowed people, at the configured rate. */
import { limit } from '@grammyjs/ratelimiter';
import type { Middleware } from 'grammy';
import type { Message } from 'grammy/types';
import type { Config } from '../config.js';
import type { BotState } from '../state/bot-state.js';
import type { BotContext } from './context.js';

const MINUTE_MS = 60_000;

export function isAdmin(config: Config, userId: number | undefined): boolean {
  return userId !== undefined && config.telegram.adminUserIds.includes(userId);
}

/** `/help@other_bot`: a command for another bot in the same group. */
function commandForOtherBot(text: string, username: string): boolean {
  const target = /^\/[A-Za-z0-9_]+@([A-Za-z0-9_]+)/.exec(text)?.[1];
  return target !== undefined && target.toLowerCase() !== username.toLowerCase();
}

/** In a group, only commands, @mentions and replies to the bot are for it. */
function messageForBot(ctx: BotContext, message: Message): boolean {
  const text = message.text ?? message.caption ?? '';
  if (commandForOtherBot(text, ctx.me.username)) return false;
  if (ctx.chat?.type === 'private') return true;
  if (text.startsWith('/')) return true;
  if (message.reply_to_message?.from?.id === ctx.me.id) return true;
  return text.toLowerCase().includes(`@${ctx.me.username.toLowerCase()}`);
}

/** Drops updates that are not for the bot. Button presses and inline queries always are. */
export function addressing(): Middleware<BotContext> {
  return async (ctx, next) => {
    const message = ctx.message ?? ctx.editedMessage;
    const forBot = message ? messageForBot(ctx, message) : ctx.callbackQuery !== undefined || ctx.inlineQuery !== undefined;
    if (!forBot) {
      ctx.trace.outcome = 'ignored';
      return;
    }
    await next();
  };
}

async function refuse(ctx: BotContext, key: string): Promise<void> {
  const text = ctx.t(key);
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text });
  else if (ctx.inlineQuery) await ctx.answerInlineQuery([], { cache_time: 0, is_personal: true });
  else if (ctx.chat) await ctx.reply(text);
}

/** With an allowlist configured, only listed users or chats (and admins) are answered. */
export function allowlist(config: Config): Middleware<BotContext> {
  const { allowedUserIds, allowedChatIds } = config.telegram;
  const open = allowedUserIds.length === 0 && allowedChatIds.length === 0;
  return async (ctx, next) => {
    const userId = ctx.from?.id;
    const chatId = ctx.chat?.id;
    const allowed =
      open ||
      isAdmin(config, userId) ||
      (userId !== undefined && allowedUserIds.includes(userId)) ||
      (chatId !== undefined && allowedChatIds.includes(chatId));
    if (allowed) return next();
    ctx.trace.outcome = 'denied';
    await refuse(ctx, 'denied');
  };
}

/**
 * Per user (admins exempt), @grammyjs/ratelimiter: one friendly message when the limit is first
 * passed in a minute. The counters are the BotState's, so N workers count together.
 */
export function rateLimit(config: Config, state: BotState): Middleware<BotContext> {
  return limit({
    timeFrame: MINUTE_MS,
    limit: config.telegram.rateLimitPerMinute,
    storageClient: state.rateLimitStore(MINUTE_MS),
    keyPrefix: 'rate:',
    keyGenerator: (ctx: BotContext) => (isAdmin(config, ctx.from?.id) ? undefined : ctx.from?.id.toString()),
    onLimitExceeded: async (ctx: BotContext) => {
      ctx.trace.outcome = 'rateLimited';
      await refuse(ctx, 'rate-limited');
    },
  });
}
