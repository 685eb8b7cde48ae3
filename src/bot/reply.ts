/** Sending: HTML messages with their buttons, typing while working, charts after the text. */
import { InputFile } from 'grammy';
import type { Answer } from '../answer/types.js';
import type { Request } from './commands.js';
import type { BotContext, BotDeps } from './context.js';
import { respond, type Outcome } from './dialog.js';
import { CAPTION_LIMIT, truncate } from './format.js';
import { outcomeMessages, type BotMessage } from './views.js';

/** Telegram shows "typing…" for about 5 s; renew it until the work is done. */
const TYPING_RENEW_MS = 4_500;

export async function withTyping<T>(ctx: BotContext, work: () => Promise<T>): Promise<T> {
  const signal = () => void ctx.replyWithChatAction('typing').catch(() => undefined);
  signal();
  const timer = setInterval(signal, TYPING_RENEW_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/** In groups the reply quotes the user's message, so it is clear whom it answers. */
function replyTo(ctx: BotContext) {
  const messageId = ctx.message?.message_id;
  if (ctx.chat?.type === 'private' || messageId === undefined) return {};
  return { reply_parameters: { message_id: messageId, allow_sending_without_reply: true } };
}

export async function sendMessages(ctx: BotContext, messages: readonly BotMessage[]): Promise<void> {
  for (const m of messages) {
    await ctx.reply(m.html, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(m.keyboard ? { reply_markup: m.keyboard } : {}),
      ...replyTo(ctx),
    });
  }
}

function outcomeLabel(outcome: Outcome): string {
  if (outcome.kind === 'answer') return outcome.answer.notFound ? 'notFound' : outcome.answer.kind;
  if (outcome.kind === 'notice') return outcome.notice;
  return outcome.kind;
}

type TurnDeps = Pick<BotDeps, 'answers' | 'charts' | 'logger'>;

async function sendChart(ctx: BotContext, answer: Answer, { charts, logger }: TurnDeps): Promise<void> {
  try {
    const rendered = await charts.render(answer);
    if (!rendered) return;
    await ctx.replyWithPhoto(new InputFile(rendered.png, `${answer.kind}.png`), {
      caption: truncate(rendered.caption, CAPTION_LIMIT),
      ...replyTo(ctx),
    });
  } catch (error) {
    // The text answer is already sent; a missing chart is not worth failing the update.
    logger.warn({ err: error, chat: ctx.chat?.id, kind: answer.kind }, 'chart not sent');
  }
}

/** Handles one request for this chat: answer it, remember it, send it. */
export async function runTurn(ctx: BotContext, request: Request, deps: TurnDeps): Promise<void> {
  const turn = await withTyping(ctx, () => respond(request, ctx.session, deps.answers));
  const { outcome } = turn;
  ctx.session = turn.memory;
  ctx.trace.outcome = outcomeLabel(outcome);
  if (outcome.kind === 'answer') ctx.trace.timings = outcome.answer.timings;
  await sendMessages(ctx, outcomeMessages(outcome));
  // The chart follows the text and is not waited for: drawing it (in the chart worker, behind
  // other chats' charts) must not hold up this chat's next question.
  if (outcome.kind === 'answer') void sendChart(ctx, outcome.answer, deps);
}
