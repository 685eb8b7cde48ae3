/** Who the bot answers: messages meant for it (in groups), and allowed people. */
import type { Middleware } from 'grammy';
import type { Message } from 'grammy/types';
import type { Config } from '../config.js';
import { parseRequest } from './commands.js';
import type { BotContext } from './context.js';

const DENIED = '抱歉，这个机器人只对授权用户开放。';

export function isAdmin(config: Config, userId: number | undefined): boolean {
  return userId !== undefined && config.telegram.adminUserIds.includes(userId);
}

function mentionsBot(message: Message, username: string): boolean {
  const text = message.text ?? message.caption ?? '';
  return text.toLowerCase().includes(`@${username.toLowerCase()}`);
}

/** In a group, only commands, @mentions and replies to the bot are for it. */
function isForBot(ctx: BotContext): boolean {
  const message = ctx.message;
  if (!message) return ctx.callbackQuery !== undefined;
  if (ctx.chat?.type === 'private') return true;
  if (message.text?.startsWith('/')) return true;
  if (message.reply_to_message?.from?.id === ctx.me.id) return true;
  return mentionsBot(message, ctx.me.username);
}

/** The text of a message with the bot's @mention removed. */
function textForBot(text: string, username: string): string {
  const mention = new RegExp(`@${username}\\b`, 'gi');
  return text.startsWith('/') ? text : text.replace(mention, ' ').trim();
}

/** Drops updates that are not for the bot and parses the text of those that are. */
export function addressing(): Middleware<BotContext> {
  return async (ctx, next) => {
    if (!isForBot(ctx)) {
      ctx.trace.outcome = 'ignored';
      return;
    }
    const text = ctx.message?.text;
    if (text !== undefined) {
      const request = parseRequest(textForBot(text, ctx.me.username), ctx.me.username);
      if (!request) {
        ctx.trace.outcome = 'ignored';
        return;
      }
      ctx.request = request;
      ctx.trace.command = request.kind;
    }
    await next();
  };
}

async function refuse(ctx: BotContext, text: string): Promise<void> {
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text });
  else if (ctx.chat?.type === 'private' || ctx.request) await ctx.reply(text);
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
    await refuse(ctx, DENIED);
  };
}
