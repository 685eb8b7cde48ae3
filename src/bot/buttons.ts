/** Shared handling of button presses: labels for the log, the answer to stale buttons, editing in place. */
import { GrammyError } from 'grammy';
import type { BotContext } from './context.js';
import { htmlOptions, type BotMessage } from './views.js';

export function labelButtonPress(ctx: BotContext, name: string): void {
  ctx.trace.command = `button:${name}`;
}

/** Every press gets an answer, even one on a message from before a restart or long forgotten. */
export async function answerStale(ctx: BotContext): Promise<void> {
  ctx.trace.outcome = 'staleButton';
  await ctx.answerCallbackQuery({ text: ctx.t('stale-button') });
}

/** Replaces the text and buttons of the message the pressed button is on; an old message that cannot change stays. */
export async function editPressed(ctx: BotContext, message: BotMessage): Promise<void> {
  try {
    await ctx.editMessageText(message.html, htmlOptions(message));
  } catch (error) {
    // "message is not modified" (pressed twice) or too old to edit: the next step still works.
    if (!(error instanceof GrammyError && error.error_code === 400)) throw error;
  }
}
