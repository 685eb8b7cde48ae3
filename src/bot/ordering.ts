/**
 * One chat's updates one at a time, so that two never read and write its session at once: within
 * this process by the runner's `sequentialize`, across workers by the state's chat lanes.
 */
import { sequentialize } from '@grammyjs/runner';
import type { Middleware } from 'grammy';
import type { ChatLanes } from '../state/chat-lanes.js';
import type { BotContext } from './context.js';

/** Longest wait for another worker's update of the same chat (an answer takes at most LLM_TIMEOUT_MS); then Telegram retries. */
const LANE_WAIT_MS = 45_000;

const chatOf = (ctx: BotContext) => ctx.chat?.id.toString();

export function oneAtATimePerChat(lanes: ChatLanes): Middleware<BotContext>[] {
  return [
    sequentialize(chatOf),
    (ctx, next) => {
      const chat = chatOf(ctx);
      return chat === undefined ? next() : lanes.run(chat, LANE_WAIT_MS, next);
    },
  ];
}
