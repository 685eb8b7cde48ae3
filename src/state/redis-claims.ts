/**
 * Update claims shared by every worker: `update:<id>` is a lease while a worker handles the update
 * (gone soon after that worker dies, so a repeat delivery is handled by another), `answered:<id>`
 * says for a day that its answer was sent — written just before the answer goes out.
 */
import type { Redis } from 'ioredis';
import { Lease } from './lease.js';
import { ANSWERED_KEPT_MS, waitingClaims, type Claim, type UpdateClaims } from './update-claims.js';

/**
 * `leaseMs`: how long a dead worker's update stays claimed before another worker may take it over.
 * A repeat delivery waits twice that, so it takes a dead worker's update over in one go.
 */
export function redisClaims(redis: Redis, leaseMs: number): UpdateClaims {
  return waitingClaims(async (updateId) => {
    const answeredKey = `answered:${updateId}`;
    const lease = await Lease.acquire(redis, `update:${updateId}`, leaseMs, answeredKey);
    if (lease === 'done') return { kind: 'answered' };
    if (lease === 'held') return { kind: 'busy' };
    const markAnswered = () => redis.set(answeredKey, '1', 'PX', ANSWERED_KEPT_MS).then(() => undefined);
    const claim: Claim = {
      answering: markAnswered,
      notAnswered: () => redis.del(answeredKey).then(() => undefined),
      async finish(answered) {
        try {
          await (answered ? markAnswered() : redis.del(answeredKey));
        } finally {
          await lease.release();
        }
      },
    };
    return { kind: 'fresh', claim };
  }, 2 * leaseMs);
}
