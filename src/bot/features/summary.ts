/** /summary [地区]; without a region, buttons of the reports (also sent by /start). */
import { decodeAction, findReport } from '../callbacks.js';
import type { BotDeps } from '../context.js';
import { answerStale, labelButtonPress } from '../buttons.js';
import { runTurn } from '../reply.js';
import { turnFeature } from './turn.js';

export function summaryFeature(deps: BotDeps) {
  const feature = turnFeature(deps, 'summary');
  feature.callbackQuery(/^s:/, async (ctx) => {
    labelButtonPress(ctx, 'summary');
    const action = decodeAction(ctx.callbackQuery.data);
    const report = action?.kind === 'summary' ? findReport(deps.answers.reports(), action.report) : undefined;
    if (!report || !ctx.chat) return answerStale(ctx);
    await ctx.answerCallbackQuery({ text: `${report.region}：正在整理摘要…` });
    await runTurn(ctx, { kind: 'summary', region: report.region }, deps);
  });
  return feature;
}
