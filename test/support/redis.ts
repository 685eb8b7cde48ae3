/**
 * The Redis that state tests run against: REDIS_URL, else the project's 127.0.0.1:6379. A suite
 * that needs it asks `redisSkipReason` first and, when Redis cannot be reached, is skipped and
 * says so in the test output. Each suite writes under its own key prefix and deletes it after.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Why the suite cannot run (printed), or undefined when Redis answers. */
export async function redisSkipReason(suite: string): Promise<string | undefined> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, connectTimeout: 1_000, enableOfflineQueue: false, retryStrategy: () => null });
  let refused: Error | undefined;
  redis.on('error', (error: Error) => (refused = error));
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (error) {
    const reason = `Redis is not reachable at ${TEST_REDIS_URL} (${(refused ?? (error as Error)).message}); start it, or set REDIS_URL`;
    console.warn(`SKIPPED ${suite}: ${reason}`);
    return reason;
  } finally {
    redis.disconnect();
  }
}

export function testKeyPrefix(): string {
  return `test-${randomBytes(5).toString('hex')}:`;
}

/** A plain client (no prefix) for looking at keys the way an operator would. */
export function inspector(): Redis {
  return new Redis(TEST_REDIS_URL);
}

export async function dropKeys(redis: Redis, prefix: string): Promise<void> {
  const keys: string[] = [];
  for await (const batch of redis.scanStream({ match: `${prefix}*`, count: 500 })) keys.push(...(batch as string[]));
  if (keys.length > 0) await redis.del(...keys);
}
