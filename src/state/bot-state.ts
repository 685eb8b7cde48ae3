/**
 * What the bot keeps beyond one update — sessions, rate-limit counters, inline answers, which
 * updates were answered, model tokens spent — either in this process (files and memory: the default, no server) or
 * in Redis, shared by every worker behind one webhook (redis-state.ts).
 */
import path from 'node:path';
import { enhanceStorage, type Enhance, type StorageAdapter } from 'grammy';
import { memoryLedger, type TokenLedger } from '../answer/llm/budget.js';
import type { Config } from '../config.js';
import { errorText, type Logger } from '../logger.js';
import { SessionFiles, sessionDisk } from './session-files.js';
import { directLanes, type ChatLanes } from './chat-lanes.js';
import { memoryClaims, type UpdateClaims } from './update-claims.js';

/** A session's parts, each under its own key (see src/bot/session.ts). */
export type SessionPart = 'user' | 'member' | 'chat';

/** What @grammyjs/ratelimiter counts in: its own memory, or Redis commands. */
export type RateLimitStore =
  | 'MEMORY_STORE'
  | { incr(key: string): Promise<number>; pexpire(key: string, milliseconds: number): Promise<number> };

export interface BotState {
  readonly where: 'process' | 'redis';
  /** A session part, forgotten `ttlMs` after its last write. */
  sessions<T>(part: SessionPart, ttlMs: number): StorageAdapter<T>;
  /** Values kept `ttlMs` for every worker; in one process nothing is kept. */
  cache<T>(namespace: string, ttlMs: number): StorageAdapter<T>;
  /** Counters of @grammyjs/ratelimiter, over windows of `windowMs`. */
  rateLimitStore(windowMs: number): RateLimitStore;
  readonly updates: UpdateClaims;
  readonly lanes: ChatLanes;
  /** Model tokens each user spent today: one daily allowance across all workers. */
  readonly tokens: TokenLedger;
  /** Runs `action` unless it already ran with this fingerprint (the webhook is registered once, not by every worker). */
  once(name: string, fingerprint: string, action: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

function nothingKept<T>(): StorageAdapter<T> {
  return { read: () => undefined, write: () => undefined, delete: () => undefined };
}

/** Sessions in files under DATA_DIR/sessions, everything else in memory. */
export function processState(config: Config, logger: Logger): BotState {
  const flushes: (() => Promise<void>)[] = [];
  const onWriteError = (key: string, error: unknown) => logger.warn({ err: errorText(error), key }, 'session not saved');
  return {
    where: 'process',
    sessions: <T>(part: SessionPart, ttlMs: number) => {
      const files = new SessionFiles<Enhance<T>>(sessionDisk(path.join(config.dataDir, 'sessions', part)), onWriteError);
      flushes.push(() => files.flush());
      return enhanceStorage<T>({ storage: files, millisecondsToLive: ttlMs });
    },
    cache: nothingKept,
    rateLimitStore: () => 'MEMORY_STORE',
    updates: memoryClaims(),
    lanes: directLanes,
    tokens: memoryLedger(),
    once: (_name, _fingerprint, action) => action(),
    close: async () => {
      await Promise.all(flushes.map((flush) => flush()));
    },
  };
}
