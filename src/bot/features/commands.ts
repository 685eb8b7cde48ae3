/**
 * The commands, matched by @grammyjs/commands (also `/x@this_bot`, never `/x@other_bot`), with
 * their menu in Chinese and English; a mistyped command gets the nearest one as a button.
 */
import { CommandGroup, commandNotFound } from '@grammyjs/commands';
import { Composer } from 'grammy';
import { COMMAND_NAMES, commandRequest } from '../commands.js';
import type { BotContext, FeatureDeps } from '../context.js';
import { translator } from '../i18n.js';
import { runTurn, sendMessages } from '../reply.js';
import { localeOf } from '../i18n.js';
import { unknownCommandMessage } from '../views.js';

export function commandGroup(deps: FeatureDeps): CommandGroup<BotContext> {
  const zh = translator('zh');
  const en = translator('en');
  const group = new CommandGroup<BotContext>({ ignoreCase: true });
  for (const name of COMMAND_NAMES) {
    group
      .command(name, zh(`cmd-${name}`), async (ctx) => {
        ctx.trace.command = name;
        await runTurn(ctx, commandRequest(name, typeof ctx.match === 'string' ? ctx.match : ''), deps);
      })
      .localize('en', name, en(`cmd-${name}`));
  }
  return group;
}

/** Commands this bot does not have (other bots' commands never reach here: see access.ts). */
export function unknownCommandFeature(group: CommandGroup<BotContext>): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.filter(commandNotFound(group, { ignoreLocalization: true }), async (ctx) => {
    if (!ctx.msg?.text?.startsWith('/')) return;
    ctx.trace.command = 'unknown';
    ctx.trace.outcome = 'unknownCommand';
    const typed = /^\/([^\s@]+)/.exec(ctx.msg.text)?.[1] ?? '';
    const near = ctx.commandSuggestion?.replace(/^\//, '');
    await sendMessages(ctx, [unknownCommandMessage(typed, near, translator(localeOf(ctx)))]);
  });
  return feature;
}
