/** Report buttons (from /start, /summary and dead ends): that bureau's summary. */
import { Composer } from 'grammy';
import { answerStale, labelButtonPress } from '../buttons.js';
import { decodeAction, findReport } from '../callbacks.js';
import type { BotContext, FeatureDeps } from '../context.js';
import { runTurn } from '../reply.js';

export function summaryFeature(deps: FeatureDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.callbackQuery(/^s:/, async (ctx) => {
    labelButtonPress(ctx, 'summary');
    const action = decodeAction(ctx.callbackQuery.data);
    const report = action?.kind === 'summary' ? findReport(deps.answers.reports(), action.report) : undefined;
    if (!report || !ctx.chat) return answerStale(ctx);
    await ctx.answerCallbackQuery({ text: ctx.t('summary-running', { region: report.region }) });
    await runTurn(ctx, { kind: 'summary', region: report.region }, deps);
  });
  return feature;
}
