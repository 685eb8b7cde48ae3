/**
 * How many requests the bot is answering at once. A chat action ("typing…") is only a status, and
 * Telegram lets a bot send about 30 messages a second: with more answers than that in hand, each
 * action would spend the rate the answers need (under a burst they were half the bot's calls).
 */
const BUSY_TURNS = 30;

export interface TurnLoad {
  /** More answers in hand than Telegram takes messages in a second: leave statuses out. */
  readonly busy: boolean;
  /** Counts `turn` as in hand until it settles. */
  during<T>(turn: () => Promise<T>): Promise<T>;
}

export function turnLoad(): TurnLoad {
  let inHand = 0;
  return {
    get busy() {
      return inHand > BUSY_TURNS;
    },
    async during(turn) {
      inHand++;
      try {
        return await turn();
      } finally {
        inHand--;
      }
    },
  };
}
