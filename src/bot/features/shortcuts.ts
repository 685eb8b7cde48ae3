/** Tappable examples, suggested commands and the language choice. */
import { Composer } from 'grammy';
import { answerStale, editPressed, labelButtonPress } from '../buttons.js';
import { decodeAction } from '../callbacks.js';
import { commandRequest } from '../commands.js';
import type { BotContext, FeatureDeps } from '../context.js';
import { translator } from '../i18n.js';
import { runTurn } from '../reply.js';
import { localeOf } from '../i18n.js';
import { EXAMPLE_QUESTIONS } from '../views.js';
import { escapeHtml } from '../format.js';

export function shortcutsFeature(deps: FeatureDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.callbackQuery(/^[ekl]:/, async (ctx) => {
    const action = decodeAction(ctx.callbackQuery.data);
    if (!action || !ctx.chat) return answerStale(ctx);
    switch (action.kind) {
      case 'example': {
        const question = EXAMPLE_QUESTIONS[localeOf(ctx)][action.index];
        if (question === undefined) return answerStale(ctx);
        labelButtonPress(ctx, 'example');
        await ctx.answerCallbackQuery();
        return runTurn(ctx, { kind: 'ask', question }, deps);
      }
      case 'command':
        labelButtonPress(ctx, action.name);
        await ctx.answerCallbackQuery();
        return runTurn(ctx, commandRequest(action.name, ''), deps);
      case 'language': {
        labelButtonPress(ctx, 'language');
        ctx.session.user = { ...ctx.session.user, language: action.locale };
        const done = translator(action.locale)('language-set');
        await ctx.answerCallbackQuery({ text: done });
        ctx.trace.outcome = 'language';
        return editPressed(ctx, { html: escapeHtml(done) });
      }
      default:
        return answerStale(ctx);
    }
  });
  return feature;
}
