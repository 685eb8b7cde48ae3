/**
 * A per-user daily allowance of model tokens, so one chat cannot spend a deployment's budget. The
 * ledger is an interface: one process keeps it in memory; several share one (e.g. in Redis).
 */

export interface TokenLedger {
  /** Tokens `user` has spent on `day` (YYYY-MM-DD, UTC). */
  spent(user: string, day: string): Promise<number>;
  add(user: string, day: string, tokens: number): Promise<void>;
}

export function memoryLedger(): TokenLedger {
  const spent = new Map<string, number>();
  return {
    async spent(user, day) {
      return spent.get(`${day}:${user}`) ?? 0;
    },
    async add(user, day, tokens) {
      // yesterday's entries are never read again
      for (const key of spent.keys()) if (!key.startsWith(`${day}:`)) spent.delete(key);
      spent.set(`${day}:${user}`, (spent.get(`${day}:${user}`) ?? 0) + tokens);
    },
  };
}

export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Tokens of a text when the server does not report them: about one a Chinese character and one
 * per four other characters, erring high as budgets should.
 */
export function estimateTokens(text: string): number {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  return Math.ceil(han + (text.length - han) / 4);
}
