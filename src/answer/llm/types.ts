import type { Citation } from '../types.js';

/**
 * A numbered passage the model may cite as [n]. `text` is the full chunk the citation comes
 * from (`citation.quote` is a slice of it), so the model sees the context of the quote.
 */
export interface Passage {
  readonly n: number;
  readonly citation: Citation;
  readonly text: string;
}

export type LlmTask = 'answer' | 'summary' | 'compare';
