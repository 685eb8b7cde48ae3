import type { Report, Span } from '../../ingest/types.js';
import type { Catalog } from '../../search/catalog.js';
import type { Retriever } from '../../search/retriever.js';
import type { Citation } from '../types.js';

/**
 * A numbered passage the model may cite as [n]: whole sentences of one report. `citation` quotes
 * the sentence it was chosen for (a slice of `text`); when the model draws on another sentence of
 * the passage, the answer's citation moves to that one.
 */
export interface Passage {
  readonly n: number;
  readonly report: Report;
  /** Offsets of `text` in the report. */
  readonly span: Span;
  readonly text: string;
  readonly citation: Citation;
}

export type LlmTask = 'answer' | 'summary' | 'compare' | 'understand';

/** What verification reads beside the passages: the figure table, the places, the words' weights. */
export interface Grounds {
  readonly catalog: Catalog;
  readonly retriever: Pick<Retriever, 'weigh'>;
}
