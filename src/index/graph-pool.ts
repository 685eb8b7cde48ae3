import { defaultThreads, siblingModule, TaskPool } from '../workers/pool.js';
import type { GraphJob, ShardedGraphs } from './vector-store.js';

/**
 * The vector graphs of a large build, one shard per worker thread: inserting into an hnswlib
 * graph is a third of a build, and one graph grows on one core only. Searches ask every shard,
 * so their number stays small however many cores there are.
 */

const MAX_SHARDS = 4;
const graphWorker = siblingModule(import.meta.url, 'graph-worker');

export const graphsOnWorkers: ShardedGraphs = {
  shards: Math.min(MAX_SHARDS, defaultThreads()),
  /** The workers end with the build: each holds the graph it wrote until then, memory the build needs for reading them back. */
  async build(jobs) {
    const pool = new TaskPool<GraphJob, void>(graphWorker, { threads: jobs.length });
    try {
      // Each job's vectors move to its worker, not copied.
      await Promise.all(jobs.map((job) => pool.run(job, [job.vectors.buffer as ArrayBuffer])));
    } finally {
      await pool.close();
    }
  },
};
