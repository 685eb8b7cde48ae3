/**
 * Buttons under kept answers: 原文 N (the full passage), follow-ups, and the parts of a summary
 * (edited in place). They work on any answer the chat still keeps, not only the latest.
 */
import { Composer } from 'grammy';
import { findAnswer, type StoredAnswer } from '../answer-store.js';
import { answerStale, editPressed, labelButtonPress } from '../buttons.js';
import { decodeAction } from '../callbacks.js';
import type { BotContext, FeatureDeps } from '../context.js';
import { passageTurn } from '../dialog.js';
import { PROBLEMS_QUESTION, type FollowUp } from '../follow-ups.js';
import { translator } from '../i18n.js';
import { runTurn, sendMessages } from '../reply.js';
import { outcomeMessages, summaryMessage } from '../views.js';

function followUpTurn(ctx: BotContext, stored: StoredAnswer, followUp: FollowUp, deps: FeatureDeps): Promise<void> {
  const options = { locale: stored.locale };
  switch (followUp.kind) {
    case 'problems':
      return runTurn(ctx, { kind: 'ask', question: PROBLEMS_QUESTION }, deps, {
        ...options,
        memory: { last: { citations: stored.citations, ...(stored.context ? { context: stored.context } : {}) } },
      });
    case 'compare':
      return runTurn(ctx, { kind: 'compare', regions: followUp.regions, ...(followUp.topic ? { topic: followUp.topic } : {}) }, deps, options);
    case 'summary':
      return runTurn(ctx, { kind: 'summary', region: followUp.region }, deps, options);
  }
}

export function answerButtonsFeature(deps: FeatureDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.callbackQuery(/^[pfv]:/, async (ctx) => {
    const action = decodeAction(ctx.callbackQuery.data);
    if (!action || (action.kind !== 'passage' && action.kind !== 'followUp' && action.kind !== 'section')) return answerStale(ctx);
    labelButtonPress(ctx, action.kind);
    const stored = findAnswer(ctx.session.chat, action.answer);
    if (!stored) return answerStale(ctx);
    const t = translator(stored.locale);

    if (action.kind === 'section') {
      const view = summaryMessage(stored, action.index, t);
      if (!view) return answerStale(ctx);
      await ctx.answerCallbackQuery();
      ctx.trace.outcome = 'section';
      return editPressed(ctx, view);
    }
    if (action.kind === 'passage') {
      const citation = stored.citations.find((c) => c.n === action.n);
      if (!citation) return answerStale(ctx);
      await ctx.answerCallbackQuery();
      const { outcome } = await passageTurn(citation, ctx.session.member, deps.answers);
      ctx.trace.outcome = outcome.kind === 'notice' ? outcome.notice : 'passage';
      if (outcome.kind === 'answer') return;
      return sendMessages(ctx, outcomeMessages(outcome, stored.locale, t));
    }
    const followUp = stored.followUps[action.index];
    if (!followUp) return answerStale(ctx);
    await ctx.answerCallbackQuery();
    await followUpTurn(ctx, stored, followUp, deps);
  });
  return feature;
}
