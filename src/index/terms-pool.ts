import { siblingModule, TaskPool } from '../workers/pool.js';
import { LIST_SEPARATOR, packTerms, type PackedTerms } from './index-terms.js';
import type { TermsRequest } from './terms-worker.js';

/**
 * Keyword tokens and hashed features of many chunk texts, in batches on worker threads (one per
 * core): segmenting is most of an index build. Results come back in the texts' order.
 */

const BATCH = 1_000;
const IDLE_MS = 2_000;
/** Batches queued per worker: one running, one ready for when it ends. */
const BATCHES_PER_WORKER = 2;

/** Calls `use` with the terms of the texts, a batch at a time, in the texts' order. */
export type TermsSource = (texts: readonly string[], names: readonly string[], withFeatures: boolean, use: (batch: PackedTerms) => void) => Promise<void>;

/** In this thread: for few texts, where starting workers costs more than it saves. */
export const termsHere: TermsSource = async (texts, _names, withFeatures, use) => {
  use(packTerms(texts, withFeatures));
};

export class TermsPool {
  /** Workers end soon after a build: each holds a dictionary and the lexicon, memory the server needs for serving. */
  private readonly pool = new TaskPool<TermsRequest, PackedTerms>(siblingModule(import.meta.url, 'terms-worker'), { idleMs: IDLE_MS });

  /** Calls `use` for each batch in order, as batches finish (a batch waits for those before it). */
  readonly terms: TermsSource = async (texts, names, withFeatures, use) => {
    const pending = new Map<number, PackedTerms>();
    let next = 0;
    const flush = () => {
      for (let done = pending.get(next); done; done = pending.get(next)) {
        pending.delete(next);
        use(done);
        next++;
      }
    };
    const joinedNames = names.join(LIST_SEPARATOR);
    const batches = Math.ceil(texts.length / BATCH);
    let sent = 0;
    // A few batches per worker at a time, the next sent as one comes back: given all at once, the
    // pool ran some of the first ones last, and every result after them waited (and was held) for them.
    const lane = async () => {
      for (let b = sent++; b < batches; b = sent++) {
        pending.set(b, await this.pool.run({ names: joinedNames, texts: texts.slice(b * BATCH, (b + 1) * BATCH), withFeatures }));
        flush();
      }
    };
    await Promise.all(Array.from({ length: this.pool.threads * BATCHES_PER_WORKER }, lane));
  };

  close(): Promise<void> {
    return this.pool.close();
  }
}
