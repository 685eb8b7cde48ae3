import type { Report } from '../ingest/types.js';
import type { Catalog } from '../search/catalog.js';
import type { Retriever } from '../search/retriever.js';

/** What the answer paths read: the current index's reports, its catalogue and a retriever over it (swapped together on rebuild). */
export interface Corpus {
  readonly reports: readonly Report[];
  readonly catalog: Catalog;
  readonly retriever: Retriever;
}
