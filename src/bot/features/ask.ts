/** Questions: any other text, sent or edited (an edited question is answered again). */
import { Composer } from 'grammy';
import type { BotContext, FeatureDeps } from '../context.js';
import { runTurn } from '../reply.js';

/** The text with the bot's @mention removed (`@report_bot 阳山 法律援助` in a group). */
function questionText(text: string, username: string): string {
  return text.replace(new RegExp(`@${username}\\b`, 'gi'), ' ').trim();
}

export function askFeature(deps: FeatureDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.on(['message:text', 'edited_message:text'], async (ctx, next) => {
    if (ctx.msg.text.startsWith('/')) return next();
    ctx.trace.command = ctx.editedMessage ? 'edited' : 'ask';
    await runTurn(ctx, { kind: 'ask', question: questionText(ctx.msg.text, ctx.me.username) }, deps);
  });
  return feature;
}
