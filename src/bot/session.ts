/**
 * What the bot remembers, persisted on disk and forgotten after the configured time, in three
 * parts with their own keys: a user's language; a member's conversation context (per person in a
 * group, so one member's 那梁平区呢？ never follows another's question); a chat's recent answers
 * (any member may press the buttons under them).
 */
import path from 'node:path';
import { FileAdapter } from '@grammyjs/storage-file';
import { enhanceStorage, session, type Context, type MiddlewareFn, type StorageAdapter } from 'grammy';
import type { Config } from '../config.js';
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

/** A session file cut short by a crash is forgotten (the part starts afresh) instead of failing every update. */
function parseOrForget(json: string) {
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

function storage<T>(config: Config, part: string): StorageAdapter<T> {
  return enhanceStorage<T>({
    storage: new FileAdapter({ dirName: path.join(config.dataDir, 'sessions', part), deserializer: parseOrForget }),
    millisecondsToLive: config.telegram.sessionTtlMs,
  });
}

export function sessionMiddleware<C extends Context & { session: BotSession }>(config: Config): MiddlewareFn<C> {
  return session<BotSession, C>({
    type: 'multi',
    user: { initial: () => ({}), storage: storage(config, 'user'), getSessionKey: (ctx) => ctx.from?.id.toString() },
    member: {
      initial: () => ({}),
      storage: storage(config, 'member'),
      getSessionKey: (ctx) => (ctx.chat && ctx.from ? `${ctx.chat.id}_${ctx.from.id}` : undefined),
    },
    chat: { initial: emptyStore, storage: storage(config, 'chat'), getSessionKey: (ctx) => ctx.chat?.id.toString() },
  });
}
