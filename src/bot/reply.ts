/** Sending: one request answered in the user's language, kept for its buttons, the chart after the text. */
import { InputFile } from 'grammy';
import type { Answer } from '../answer/types.js';
import { errorText } from '../logger.js';
import { storeAnswer } from './answer-store.js';
import type { Request } from './commands.js';
import type { BotContext, FeatureDeps } from './context.js';
import type { TurnLoad } from './turn-load.js';
import { respond, type Asker, type Memory, type Outcome } from './dialog.js';
import { followUps } from './follow-ups.js';
import { CAPTION_LIMIT, truncate } from './format.js';
import { localeOf, questionLocale, translator, type Locale } from './i18n.js';
import { liveDraft, type LiveDraft } from './live-draft.js';
import { answerMessages, compareFirstHtml, htmlOptions, outcomeMessages, type BotMessage } from './views.js';

/** The message being answered (sent or edited), for replies in groups and after button presses. */
function answeredMessageId(ctx: BotContext): number | undefined {
  return (ctx.message ?? ctx.editedMessage ?? ctx.callbackQuery?.message)?.message_id;
}

/** In groups (and for an edited question) the reply quotes the message it answers, so it is clear what it answers. */
function replyTo(ctx: BotContext) {
  const messageId = answeredMessageId(ctx);
  const quote = ctx.chat?.type !== 'private' || ctx.editedMessage !== undefined;
  if (!quote || messageId === undefined) return {};
  return { reply_parameters: { message_id: messageId, allow_sending_without_reply: true } };
}

export async function sendMessages(ctx: BotContext, messages: readonly BotMessage[]): Promise<void> {
  for (const m of messages) await ctx.reply(m.html, { ...htmlOptions(m), ...replyTo(ctx) });
}

/** Edits the draft message into `message`; false when Telegram refuses (the draft deleted meanwhile, …). */
async function editedInto(ctx: BotContext, chatId: number, draftId: number, message: BotMessage, { logger }: FeatureDeps): Promise<boolean> {
  try {
    await ctx.api.editMessageText(chatId, draftId, message.html, htmlOptions(message));
    return true;
  } catch (error) {
    logger.warn({ err: errorText(error), chat: chatId }, 'draft not replaced: sending the answer anew');
    return false;
  }
}

/**
 * Sends the messages, the first taking the place of the message that showed the drafts (`draftId`)
 * when there is one: edited into it or, failing that, sent anew once the draft is deleted. Without
 * messages the draft is deleted.
 */
async function replaceDraft(ctx: BotContext, draftId: number | undefined, messages: readonly BotMessage[], deps: FeatureDeps): Promise<void> {
  const chatId = ctx.chat?.id;
  if (draftId === undefined || chatId === undefined) return sendMessages(ctx, messages);
  const [first, ...rest] = messages;
  if (first && (await editedInto(ctx, chatId, draftId, first, deps))) return sendMessages(ctx, rest);
  await ctx.api.deleteMessage(chatId, draftId).catch(() => undefined);
  await sendMessages(ctx, messages);
}

/**
 * Telegram recommends a chat action ("typing…") only where the reply takes a noticeable time: most
 * answers come in well under this, and one action per answer was half a busy bot's API calls.
 */
const NOTICEABLE_WAIT_MS = 1_000;

/** Shows `action` once the reply has taken a noticeable time, unless answers are waiting for Telegram's rate; the returned function stops it. */
function actionIfSlow(ctx: BotContext, action: NonNullable<BotContext['chatAction']>, turns: TurnLoad): () => void {
  const timer = setTimeout(() => {
    if (!turns.busy) ctx.chatAction = action;
  }, NOTICEABLE_WAIT_MS);
  return () => {
    clearTimeout(timer);
    ctx.chatAction = null;
  };
}

function outcomeLabel(outcome: Outcome): string {
  if (outcome.kind === 'answer') return outcome.answer.notFound ? 'notFound' : outcome.answer.kind;
  if (outcome.kind === 'notice') return outcome.notice;
  return outcome.kind;
}

/**
 * Runs after the update is handled, not awaited: drawing (in the chart worker, behind other chats'
 * charts) must not hold up this chat's next question. So the status it shows is stopped here.
 */
async function sendChart(ctx: BotContext, answer: Answer, { charts, logger, turns }: FeatureDeps): Promise<void> {
  const stopAction = actionIfSlow(ctx, 'upload_photo', turns);
  try {
    const rendered = await charts.render(answer);
    stopAction();
    if (!rendered) return;
    await ctx.replyWithPhoto(new InputFile(rendered.png, `${answer.kind}.png`), {
      caption: truncate(rendered.caption, CAPTION_LIMIT),
      ...replyTo(ctx),
    });
  } catch (error) {
    // The text answer is already sent; a missing chart is not worth failing the update.
    logger.warn({ err: error, chat: ctx.chat?.id, kind: answer.kind }, 'chart not sent');
  } finally {
    stopAction();
  }
}

export interface TurnOptions {
  /** The context to follow up on instead of this member's latest (a button under an older answer). */
  readonly memory?: Memory;
  /** The language of the frame, instead of the user's. */
  readonly locale?: Locale;
}

/** The Telegram user pays the model's daily budget; drafts of a written answer go to the live draft. */
function askerOf(ctx: BotContext, drafts: LiveDraft): Asker {
  return { ...(ctx.from ? { user: String(ctx.from.id) } : {}), onDraft: drafts.show };
}

/** The messages of an outcome; an answer is first kept in the chat's session, for its buttons. */
function turnMessages(ctx: BotContext, outcome: Outcome, locale: Locale, deps: FeatureDeps): readonly BotMessage[] {
  const t = translator(locale);
  if (outcome.kind === 'pickCompare' && outcome.reports.length >= 2) return [{ html: compareFirstHtml(outcome.reports, t), keyboard: deps.compareMenu }];
  if (outcome.kind !== 'answer') return outcomeMessages(outcome, locale, t, ctx.me.username);
  const answer = outcome.answer;
  ctx.trace.timings = answer.timings;
  const reports = deps.answers.reports();
  const { store, stored } = storeAnswer(ctx.session.chat, answer, locale, followUps(answer, reports));
  ctx.session.chat = store;
  return answerMessages(answer, stored, reports, t);
}

/** Handles one request: answer it (showing drafts while a model writes), remember it, send it (and its chart). */
export function runTurn(ctx: BotContext, request: Request, deps: FeatureDeps, options: TurnOptions = {}): Promise<void> {
  return deps.turns.during(() => answerTurn(ctx, request, deps, options));
}

async function answerTurn(ctx: BotContext, request: Request, deps: FeatureDeps, options: TurnOptions): Promise<void> {
  const asked = request.kind === 'ask' ? questionLocale(request.question) : undefined;
  let locale = options.locale ?? asked ?? localeOf(ctx);
  const stopTyping = actionIfSlow(ctx, 'typing', deps.turns);
  const drafts = liveDraft(ctx, deps.logger, replyTo(ctx));
  const turn = await respond(request, options.memory ?? ctx.session.member, deps.answers, askerOf(ctx, drafts))
    .catch(async (error: unknown) => {
      await replaceDraft(ctx, await drafts.settle(), [], deps);
      throw error;
    })
    .finally(stopTyping);
  const { outcome } = turn;
  ctx.session.member = turn.memory;
  ctx.trace.outcome = outcomeLabel(outcome);
  if (outcome.kind === 'language' && outcome.locale) {
    ctx.session.user = { ...ctx.session.user, language: outcome.locale };
    locale = outcome.locale;
  }
  await replaceDraft(ctx, await drafts.settle(), turnMessages(ctx, outcome, locale, deps), deps);
  // The photo follows the text without this chat's next question waiting for it.
  if (outcome.kind === 'answer' && (outcome.answer.kind === 'compare' || outcome.answer.kind === 'summary')) deps.background.track(sendChart(ctx, outcome.answer, deps));
}
