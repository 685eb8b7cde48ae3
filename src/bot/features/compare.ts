/**
 * The /compare wizard when regions are missing: first region, second (reports of another period
 * marked before they are chosen), then a topic; back and cancel at every step. The message is
 * edited in place; the comparison then comes as a new message with its chart, as a typed one does.
 */
import { Composer } from 'grammy';
import { answerStale, editPressed, labelButtonPress } from '../buttons.js';
import { decodeAction, findReport, topicOf, type Action } from '../callbacks.js';
import type { BotContext, BotDeps } from '../context.js';
import { escapeHtml } from '../format.js';
import { translator } from '../i18n.js';
import { runTurn } from '../reply.js';
import { localeOf } from '../i18n.js';
import { compareChosenHtml, compareFirstStep, compareSecondStep, compareTopicStep } from '../views.js';

async function step(ctx: BotContext, action: Action, deps: BotDeps): Promise<void> {
  const t = translator(localeOf(ctx));
  const reports = deps.answers.reports();
  if (action.kind === 'compareStart') {
    await ctx.answerCallbackQuery();
    return editPressed(ctx, compareFirstStep(reports, t));
  }
  if (action.kind === 'compareCancel') {
    ctx.trace.outcome = 'compareCancelled';
    await ctx.answerCallbackQuery();
    return editPressed(ctx, { html: escapeHtml(t('compare-cancelled')) });
  }
  if (action.kind !== 'compareFirst' && action.kind !== 'compareSecond' && action.kind !== 'compareTopic') return answerStale(ctx);
  const a = findReport(reports, action.a);
  if (!a) return answerStale(ctx);
  if (action.kind === 'compareFirst') {
    await ctx.answerCallbackQuery();
    return editPressed(ctx, compareSecondStep(reports, a, t));
  }
  const b = findReport(reports, action.b);
  if (!b) return answerStale(ctx);
  if (action.kind === 'compareSecond') {
    await ctx.answerCallbackQuery();
    return editPressed(ctx, compareTopicStep(a, b, t));
  }
  const chosen = topicOf(action.topic);
  if (!chosen) return answerStale(ctx);
  await ctx.answerCallbackQuery({ text: t('compare-running') });
  await editPressed(ctx, { html: compareChosenHtml(a, b, action.topic, t) });
  await runTurn(ctx, { kind: 'compare', regions: [a.region, b.region], ...chosen }, deps);
}

export function compareFeature(deps: BotDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.callbackQuery(/^[cabtx]:/, async (ctx) => {
    labelButtonPress(ctx, 'compare');
    const action = decodeAction(ctx.callbackQuery.data);
    if (!action || !ctx.chat) return answerStale(ctx);
    await step(ctx, action, deps);
  });
  return feature;
}
