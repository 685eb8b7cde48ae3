/**
 * State in Redis, shared by every worker: sessions (grammY's Redis storage adapter), the
 * ratelimiter's counters, cached inline answers, update claims and chat lanes. Every key starts
 * with REDIS_KEY_PREFIX and expires as its process counterpart would.
 */
import { RedisAdapter } from '@grammyjs/storage-redis';
import type { StorageAdapter } from 'grammy';
import { Redis } from 'ioredis';
import type { TokenLedger } from '../answer/llm/budget.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { BotState, RateLimitStore } from './bot-state.js';
import { redisLanes } from './chat-lanes.js';
import { redisClaims } from './redis-claims.js';

/** A command Redis has not answered by then fails (the update is then retried), rather than hang. */
const COMMAND_TIMEOUT_MS = 2_000;
const CONNECT_TIMEOUT_MS = 5_000;

/** INCR and its expiry in one step: a worker dying between the two would leave a counter that never resets. */
const COUNT_IN_WINDOW = `local n = redis.call('incr', KEYS[1]) if n == 1 then redis.call('pexpire', KEYS[1], ARGV[1]) end return n`;

export class RedisUnavailableError extends Error {}

/** The URL without its password, for messages. */
function shown(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

function namespaced<T>(storage: StorageAdapter<T>, namespace: string): StorageAdapter<T> {
  return {
    read: (key) => storage.read(namespace + key),
    write: (key, value) => storage.write(namespace + key, value),
    delete: (key) => storage.delete(namespace + key),
  };
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** How long a worker waits for another that runs a `once` action (registering the webhook takes a request). */
const ONCE_WAIT_MS = 30_000;

/** A day's counts outlive the day a little, so a worker whose clock is behind still reads them. */
const TOKEN_DAY_SECONDS = 2 * 24 * 3600;

function redisLedger(redis: Redis): TokenLedger {
  const key = (user: string, day: string) => `tokens:${day}:${user}`;
  return {
    spent: async (user, day) => Number((await redis.get(key(user, day))) ?? 0),
    async add(user, day, tokens) {
      await redis.multi().incrby(key(user, day), tokens).expire(key(user, day), TOKEN_DAY_SECONDS).exec();
    },
  };
}

/** Connects (throws RedisUnavailableError when it cannot) and serves state from Redis. */
export async function redisState({ url, keyPrefix, leaseMs }: NonNullable<Config['redis']>, logger: Logger): Promise<BotState> {
  const redis = new Redis(url, {
    keyPrefix,
    lazyConnect: true,
    // While Redis is away, commands fail at once: the update fails and Telegram delivers it again.
    enableOfflineQueue: false,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
  });
  let refused: Error | undefined;
  const noteRefusal = (error: Error) => (refused = error);
  redis.on('error', noteRefusal);
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    const reason = (refused ?? (error as Error)).message;
    throw new RedisUnavailableError(`cannot reach Redis at ${shown(url)} (${reason}): check REDIS_URL, or unset it to keep state in this process.`);
  }
  redis.off('error', noteRefusal);
  watchConnection(redis, shown(url), logger);
  const lanes = redisLanes(redis, leaseMs);
  const expiring = <T>(namespace: string, ttlMs: number) => namespaced(new RedisAdapter<T>({ instance: redis, ttl: seconds(ttlMs) }), namespace);
  return {
    where: 'redis',
    sessions: (part, ttlMs) => expiring(`session:${part}:`, ttlMs),
    cache: (namespace, ttlMs) => expiring(`cache:${namespace}:`, ttlMs),
    rateLimitStore: (windowMs): RateLimitStore => ({
      incr: async (key) => Number(await redis.eval(COUNT_IN_WINDOW, 1, key, windowMs)),
      pexpire: async () => 1,
    }),
    updates: redisClaims(redis, leaseMs),
    lanes,
    tokens: redisLedger(redis),
    // Workers starting together take turns: the first runs the action, the others then find it done.
    once: (name, fingerprint, action) =>
      lanes.run(`once:${name}`, ONCE_WAIT_MS, async () => {
        if ((await redis.get(`once:${name}`)) === fingerprint) return;
        await action();
        await redis.set(`once:${name}`, fingerprint);
      }),
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** Logs losing Redis once (not every reconnection attempt) and getting it back. */
function watchConnection(redis: Redis, where: string, logger: Logger): void {
  let healthy = true;
  redis.on('error', (error: Error) => {
    if (healthy) logger.error({ redis: where, err: error.message }, 'Redis unreachable: updates fail and are retried until it is back');
    healthy = false;
  });
  redis.on('ready', () => {
    if (!healthy) logger.info({ redis: where }, 'Redis reachable again');
    healthy = true;
  });
}
