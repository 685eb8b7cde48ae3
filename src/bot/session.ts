/**
 * What the bot remembers, forgotten after the configured time, in three parts with their own keys:
 * a user's language; a member's conversation context (per person in a group, so one member's
 * 那梁平区呢？ never follows another's question); a chat's recent answers (any member may press
 * the buttons under them). Where it is kept — files of this process or Redis — is the BotState's.
 */
import { session, type Context, type MiddlewareFn } from 'grammy';
import type { Config } from '../config.js';
import type { BotState } from '../state/bot-state.js';
import { emptyStore, type AnswerStore } from './answer-store.js';
import type { Memory } from './dialog.js';
import type { Locale } from './i18n.js';

export interface UserSettings {
  /** Chosen with /language; absent: from Telegram's language_code. */
  readonly language?: Locale;
}

export interface BotSession {
  user: UserSettings;
  member: Memory;
  chat: AnswerStore;
}

export function sessionMiddleware<C extends Context & { session: BotSession }>(config: Config, state: BotState): MiddlewareFn<C> {
  const ttlMs = config.telegram.sessionTtlMs;
  return session<BotSession, C>({
    type: 'multi',
    user: { initial: () => ({}), storage: state.sessions('user', ttlMs), getSessionKey: (ctx) => ctx.from?.id.toString() },
    member: {
      initial: () => ({}),
      storage: state.sessions('member', ttlMs),
      getSessionKey: (ctx) => (ctx.chat && ctx.from ? `${ctx.chat.id}_${ctx.from.id}` : undefined),
    },
    chat: { initial: emptyStore, storage: state.sessions('chat', ttlMs), getSessionKey: (ctx) => ctx.chat?.id.toString() },
  });
}
