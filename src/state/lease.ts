/**
 * A key in Redis held by one worker while it works: written only if absent, kept alive while the
 * worker lives, gone within `ttlMs` when it dies, so another worker can take over.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Takes KEYS[1] unless someone holds it, or unless KEYS[2] (when given) says the work is already done. */
const ACQUIRE = `if #KEYS > 1 and redis.call('exists', KEYS[2]) == 1 then return 'done' end
if redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 'ours' end
return 'held'`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** Renewals a lease gets within its time to live: one lost renewal does not lose it. */
const RENEWALS_PER_TTL = 3;

export class Lease {
  private readonly renewal: NodeJS.Timeout;

  private constructor(
    private readonly redis: Redis,
    readonly key: string,
    private readonly token: string,
    ttlMs: number,
  ) {
    this.renewal = setInterval(() => {
      // A failed renewal is retried by the next one; a lease that lapses is what a dead worker leaves.
      redis.eval(RENEW, 1, key, token, ttlMs).catch(() => undefined);
    }, Math.floor(ttlMs / RENEWALS_PER_TTL));
    this.renewal.unref();
  }

  /**
   * The lease; 'held' while another worker holds the key; 'done' when `doneKey` exists (checked
   * in the same step, so work finished a moment ago is never taken up again).
   */
  static async acquire(redis: Redis, key: string, ttlMs: number, doneKey?: string): Promise<Lease | 'held' | 'done'> {
    const token = randomBytes(12).toString('base64url');
    const keys = doneKey === undefined ? [key] : [key, doneKey];
    const outcome = await redis.eval(ACQUIRE, keys.length, ...keys, token, ttlMs);
    if (outcome === 'ours') return new Lease(redis, key, token, ttlMs);
    return outcome === 'done' ? 'done' : 'held';
  }

  /** Gives the key up (only if still ours). */
  async release(): Promise<void> {
    clearInterval(this.renewal);
    await this.redis.eval(RELEASE, 1, this.key, this.token);
  }
}
