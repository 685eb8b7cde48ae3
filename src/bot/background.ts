/**
 * Work a handler starts but does not wait for (a chart sent after its answer). Stopping waits for it,
 * so a draining worker never exits with a reply half sent.
 */
export interface BackgroundTasks {
  track(task: Promise<unknown>): void;
  /** Resolves once every task tracked so far (and any they start meanwhile) has settled. */
  settled(): Promise<void>;
}

export function backgroundTasks(): BackgroundTasks {
  const pending = new Set<Promise<unknown>>();
  return {
    track(task) {
      const settled = task.then(
        () => undefined,
        () => undefined,
      );
      pending.add(settled);
      void settled.then(() => pending.delete(settled));
    },
    async settled() {
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}
