/** Per-chat memory (the last answer), persisted on disk and forgotten after the configured time. */
import path from 'node:path';
import { FileAdapter } from '@grammyjs/storage-file';
import { enhanceStorage, session, type MiddlewareFn } from 'grammy';
import type { Config } from '../config.js';
import type { BotContext } from './context.js';
import type { Memory } from './dialog.js';

/** A session file cut short by a crash is forgotten (the chat starts afresh) instead of failing every update. */
function parseOrForget(json: string) {
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

export function sessionMiddleware(config: Config): MiddlewareFn<BotContext> {
  const storage = enhanceStorage<Memory>({
    storage: new FileAdapter({ dirName: path.join(config.dataDir, 'sessions'), deserializer: parseOrForget }),
    millisecondsToLive: config.telegram.sessionTtlMs,
  });
  return session<Memory, BotContext>({ initial: () => ({}), storage });
}
