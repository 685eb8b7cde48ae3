import type { Chunk, Report, Span } from '../ingest/types.js';

/** A passage found for a question. */
export interface SearchHit {
  readonly chunk: Chunk;
  readonly report: Report;
  /** Fused, reranked score; higher is better. */
  readonly score: number;
  /** Weighted share of the question the passage (with its headings) holds, 0…1. */
  readonly coverage: number;
  /** 1-based rank in each retrieval stage that found it (absent: that stage did not). */
  readonly stages: Readonly<Record<string, number>>;
  /** The sentence of the chunk that best matches the question. */
  readonly bestSentence: Span;
}
