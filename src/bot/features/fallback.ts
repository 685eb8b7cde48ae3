/** Whatever no feature took: stickers and other non-text, old buttons. */
import { Composer } from 'grammy';
import { answerStale } from '../buttons.js';
import type { BotContext } from '../context.js';

export function fallbackFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.on('callback_query', (ctx) => answerStale(ctx));
  feature.on('message', async (ctx) => {
    ctx.trace.outcome = 'notText';
    await ctx.reply(ctx.t('not-text'));
  });
  return feature;
}
