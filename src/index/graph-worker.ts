/** The graph worker's task: one shard's vectors in, its hnswlib graph written to a file (see ./graph-pool.ts). */
export { writeGraph as default } from './vector-store.js';
