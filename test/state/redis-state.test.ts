/**
 * State shared by workers through the real Redis: what one worker writes another reads, under the
 * configured key prefix, expiring as the process state would (sessions after SESSION_TTL_HOURS,
 * rate-limit counters after their minute, inline answers after a minute, answered updates after a
 * day). Skipped, with the reason printed, when Redis cannot be reached.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { processState, type BotState } from '../../src/state/bot-state.js';
import { RedisUnavailableError, redisState } from '../../src/state/redis-state.js';
import { dropKeys, inspector, redisSkipReason, testKeyPrefix, TEST_REDIS_URL } from '../support/redis.js';

const SUITE = 'test/state/redis-state.test.ts (state shared in Redis)';
const skipReason = await redisSkipReason(SUITE);
const HOUR_MS = 3_600_000;
const logger = createLogger('silent');

describe.skipIf(skipReason !== undefined)('state shared by workers in Redis', () => {
  const keyPrefix = testKeyPrefix();
  let workerA: BotState;
  let workerB: BotState;
  let redis: Redis;

  beforeAll(async () => {
    workerA = await redisState({ url: TEST_REDIS_URL, keyPrefix, leaseMs: 10_000 }, logger);
    workerB = await redisState({ url: TEST_REDIS_URL, keyPrefix, leaseMs: 10_000 }, logger);
    redis = inspector();
  });

  afterAll(async () => {
    await dropKeys(redis, keyPrefix);
    await Promise.all([workerA.close(), workerB.close()]);
    redis.disconnect();
  });

  it('keeps each session part under its own prefixed key, read by any worker, forgotten after the session TTL', async () => {
    const member = { last: { citations: [], context: { regions: ['梁平区'] } } };
    await workerA.sessions('member', 24 * HOUR_MS).write('-100_7', member);
    expect(await workerB.sessions('member', 24 * HOUR_MS).read('-100_7')).toEqual(member);
    expect(await workerB.sessions('chat', 24 * HOUR_MS).read('-100_7')).toBeUndefined();
    const ttl = await redis.pttl(`${keyPrefix}session:member:-100_7`);
    expect(ttl).toBeGreaterThan(23 * HOUR_MS);
    expect(ttl).toBeLessThanOrEqual(24 * HOUR_MS);
    await workerB.sessions('member', 24 * HOUR_MS).delete('-100_7');
    expect(await workerA.sessions('member', 24 * HOUR_MS).read('-100_7')).toBeUndefined();
  });

  it('counts one user’s requests across workers in a window that expires', async () => {
    const [a, b] = [workerA.rateLimitStore(60_000), workerB.rateLimitStore(60_000)];
    if (a === 'MEMORY_STORE' || b === 'MEMORY_STORE') throw new Error('expected Redis counters');
    expect([await a.incr('rate:42'), await b.incr('rate:42'), await a.incr('rate:42')]).toEqual([1, 2, 3]);
    const ttl = await redis.pttl(`${keyPrefix}rate:42`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('counts one user’s model tokens of a day across workers, so N workers allow one daily budget', async () => {
    await workerA.tokens.add('42', '2026-12-01', 700);
    await workerB.tokens.add('42', '2026-12-01', 500);
    expect(await workerA.tokens.spent('42', '2026-12-01')).toBe(1200);
    expect(await workerB.tokens.spent('42', '2026-12-02')).toBe(0);
    expect(await workerB.tokens.spent('43', '2026-12-01')).toBe(0);
    expect(await redis.ttl(`${keyPrefix}tokens:2026-12-01:42`)).toBeGreaterThan(24 * 3600);
  });

  it('caches inline answers for every worker for a minute; one process caches nothing', async () => {
    const answer = { result: { type: 'article', id: 'afact', title: '阳山县' }, outcome: 'inline:fact' };
    await workerA.cache('inline', 60_000).write('q1', answer);
    expect(await workerB.cache('inline', 60_000).read('q1')).toEqual(answer);
    expect(await redis.pttl(`${keyPrefix}cache:inline:q1`)).toBeLessThanOrEqual(60_000);
    const alone = processState(loadConfig({ DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent' }), logger);
    await alone.cache('inline', 60_000).write('q1', answer);
    expect(await alone.cache('inline', 60_000).read('q1')).toBeUndefined();
  });

  it('lets one worker claim an update; another sees it busy, then answered for a day', async () => {
    const claimed = await workerA.updates.claim(1001, { waitMs: 0 });
    if (claimed.kind !== 'fresh') throw new Error(`expected a fresh claim, got ${claimed.kind}`);
    expect((await workerB.updates.claim(1001, { waitMs: 0 })).kind).toBe('busy');
    const lease = await redis.pttl(`${keyPrefix}update:1001`);
    expect(lease).toBeGreaterThan(0);
    expect(lease).toBeLessThanOrEqual(10_000);
    await claimed.claim.answering();
    expect((await workerB.updates.claim(1001, { waitMs: 0 })).kind).toBe('answered');
    expect(await redis.pttl(`${keyPrefix}answered:1001`)).toBeGreaterThan(23 * HOUR_MS);
    await claimed.claim.finish(true);
    expect(await redis.exists(`${keyPrefix}update:1001`)).toBe(0);
    expect((await workerB.updates.claim(1001, { waitMs: 0 })).kind).toBe('answered');
  });

  it('hands a waiting repeat the update when the first worker fails before answering', async () => {
    const first = await workerA.updates.claim(1002, { waitMs: 0 });
    if (first.kind !== 'fresh') throw new Error('expected a fresh claim');
    await first.claim.answering();
    await first.claim.notAnswered(); // the answer could not be sent
    const repeat = workerB.updates.claim(1002, { waitMs: 10_000 });
    await first.claim.finish(false);
    expect((await repeat).kind).toBe('fresh');
  });

  it('runs one chat’s updates one at a time across workers, other chats alongside', async () => {
    const events: string[] = [];
    let openFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (openFirst = resolve));
    const first = workerA.lanes.run('-77', 10_000, async () => {
      events.push('A starts');
      await firstHeld;
      events.push('A ends');
    });
    while (events.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const second = workerB.lanes.run('-77', 10_000, async () => void events.push('B runs'));
    await workerB.lanes.run('-78', 10_000, async () => void events.push('other chat'));
    openFirst();
    await Promise.all([first, second]);
    expect(events).toEqual(['A starts', 'other chat', 'A ends', 'B runs']);
  });

  it('registers the webhook once for all workers, again when its settings change', async () => {
    const runs: string[] = [];
    await workerA.once('webhook', 'v1', async () => void runs.push('A v1'));
    await workerB.once('webhook', 'v1', async () => void runs.push('B v1'));
    await workerB.once('webhook', 'v2', async () => void runs.push('B v2'));
    expect(runs).toEqual(['A v1', 'B v2']);
  });

  it('registers it once when workers start at the same moment, and again after a failed try', async () => {
    const runs: string[] = [];
    const slow = (who: string) => async () => {
      runs.push(who);
      await new Promise((resolve) => setTimeout(resolve, 200));
    };
    await Promise.all([workerA.once('hook-race', 'v1', slow('A')), workerB.once('hook-race', 'v1', slow('B'))]);
    expect(runs).toHaveLength(1);
    await expect(workerA.once('hook-race', 'v2', async () => Promise.reject(new Error('Telegram said no')))).rejects.toThrow('Telegram said no');
    await workerB.once('hook-race', 'v2', slow('B v2'));
    expect(runs.at(-1)).toBe('B v2');
  });
});

describe('a Redis that cannot be reached', () => {
  it('stops the start with a message naming REDIS_URL, not a stack trace', async () => {
    const error = await redisState({ url: 'redis://127.0.0.1:1', keyPrefix: 'x:', leaseMs: 10_000 }, logger).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisUnavailableError);
    expect((error as Error).message).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1.*REDIS_URL/);
  });
});
