import { describe, expect, it } from 'vitest';
import { turnLoad } from '../../src/bot/turn-load.js';

describe('the answers in hand', () => {
  it('make the bot busy beyond what Telegram takes in a second, and no longer once answered', async () => {
    const load = turnLoad();
    const release: (() => void)[] = [];
    const turns = Array.from({ length: 31 }, () => load.during(() => new Promise<void>((resolve) => release.push(resolve))));
    expect(load.busy).toBe(true);
    release.pop()!();
    await turns.at(-1);
    expect(load.busy).toBe(false);
    release.forEach((go) => go());
    await Promise.all(turns);
    expect(load.busy).toBe(false);
  });

  it('count a turn that failed as answered', async () => {
    const load = turnLoad();
    const failing = Array.from({ length: 31 }, () => load.during(() => Promise.reject(new Error('Telegram refused'))));
    expect(load.busy).toBe(true);
    await Promise.allSettled(failing);
    expect(load.busy).toBe(false);
  });
});
