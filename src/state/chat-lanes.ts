/**
 * One chat's updates one at a time across workers, as the runner's `sequentialize` does within
 * one process: a worker holds `lane:<chat>` while it handles an update of that chat, so two
 * workers never read and write the same session at once.
 */
import type { Redis } from 'ioredis';
import { Lease } from './lease.js';

const RETRY_MS = 25;

export class LaneBusyError extends Error {}

export interface ChatLanes {
  /** Runs `task` once no other worker handles an update of the same chat; gives up after `waitMs`. */
  run<T>(chat: string, waitMs: number, task: () => Promise<T>): Promise<T>;
}

/** In one process the runner's `sequentialize` already orders a chat's updates. */
export const directLanes: ChatLanes = { run: (_chat, _waitMs, task) => task() };

/** `leaseMs`: how long a lane outlives a worker that dies holding it. */
export function redisLanes(redis: Redis, leaseMs: number): ChatLanes {
  return {
    async run(chat, waitMs, task) {
      const key = `lane:${chat}`;
      const deadline = Date.now() + waitMs;
      let lease = await Lease.acquire(redis, key, leaseMs);
      while (!(lease instanceof Lease)) {
        if (Date.now() >= deadline) throw new LaneBusyError(`chat ${chat} stayed busy on another worker for ${waitMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
        lease = await Lease.acquire(redis, key, leaseMs);
      }
      try {
        return await task();
      } finally {
        // A lane that cannot be released lapses on its own.
        await lease.release().catch(() => undefined);
      }
    },
  };
}
