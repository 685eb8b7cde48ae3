import type { Report } from '../ingest/types.js';
import type { Searcher } from '../search/searcher.js';

/** What the answer paths read: the current index's searcher and its reports (swapped together on rebuild). */
export interface Corpus {
  readonly searcher: Searcher;
  readonly reports: readonly Report[];
}
