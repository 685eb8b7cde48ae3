/** /compare 甲 乙 [主题]; missing regions are picked with buttons: first, second, then a topic or 全部. */
import { decodeAction, findReport, topicOf, type Action } from '../callbacks.js';
import type { BotContext, BotDeps } from '../context.js';
import { answerStale, editPressed, labelButtonPress } from '../buttons.js';
import { runTurn } from '../reply.js';
import { compareChosenHtml, compareSecondStep, compareTopicStep } from '../views.js';
import { turnFeature } from './turn.js';

type CompareAction = Extract<Action, { kind: 'compareFirst' | 'compareSecond' | 'compareTopic' }>;

function compareAction(data: string): CompareAction | undefined {
  const action = decodeAction(data);
  return action?.kind === 'compareFirst' || action?.kind === 'compareSecond' || action?.kind === 'compareTopic' ? action : undefined;
}

export function compareFeature(deps: BotDeps) {
  const { answers, logger } = deps;
  const feature = turnFeature(deps, 'compare');

  const step = async (ctx: BotContext, action: CompareAction) => {
    const reports = answers.reports();
    const a = findReport(reports, action.a);
    const b = action.kind === 'compareFirst' ? undefined : findReport(reports, action.b);
    if (!a || !ctx.chat) return answerStale(ctx);
    if (action.kind === 'compareFirst') {
      await ctx.answerCallbackQuery();
      return editPressed(ctx, compareSecondStep(reports, a));
    }
    if (!b) return answerStale(ctx);
    if (action.kind === 'compareSecond') {
      await ctx.answerCallbackQuery();
      return editPressed(ctx, compareTopicStep(a, b));
    }
    const chosen = topicOf(action.topic);
    if (!chosen) return answerStale(ctx);
    await ctx.answerCallbackQuery({ text: '正在比较…' });
    await editPressed(ctx, { html: compareChosenHtml(a, b, chosen.topic) });
    const request = { kind: 'compare', regions: [a.region, b.region], ...chosen } as const;
    await runTurn(ctx, request, deps);
  };

  feature.callbackQuery(/^[abt]:/, async (ctx) => {
    labelButtonPress(ctx, 'compare');
    const action = compareAction(ctx.callbackQuery.data);
    if (!action) return answerStale(ctx);
    await step(ctx, action);
  });
  return feature;
}
