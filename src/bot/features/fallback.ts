/** Whatever no feature took: unknown commands, stickers and other non-text, old buttons. */
import { Composer } from 'grammy';
import { answerStale } from '../buttons.js';
import type { BotContext, BotDeps } from '../context.js';
import { turnFeature } from './turn.js';

const NOT_TEXT = '我只能读文字消息：请用文字提问，或发送 /help 查看用法。';

export function fallbackFeature(deps: BotDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.use(turnFeature(deps, 'unknown'));
  feature.on('callback_query', (ctx) => answerStale(ctx));
  feature.on('message', async (ctx) => {
    ctx.trace.outcome = 'notText';
    await ctx.reply(NOT_TEXT);
  });
  return feature;
}
