import type { Figure, Report, ReportMeta } from '../ingest/types.js';
import type { SearchIndex } from '../index/search-index.js';
import type { Ask } from '../question/types.js';
import { catalogOf, type Catalog } from '../search/catalog.js';
import { memoryPassages } from '../search/passage-index.js';
import { HybridRetriever, type RetrievalConfig, type Retriever } from '../search/retriever.js';

/**
 * What the answer paths read. Every report's metadata is at hand (it is small); the reports themselves
 * are loaded when a question needs them, so the corpus may live in this process or in a database.
 */
export interface Corpus {
  readonly metas: readonly ReportMeta[];
  /** The reports with these ids, in that order (unknown ids left out). */
  load(ids: readonly string[]): Promise<readonly Report[]>;
  /** Counts whatever weighing these asks will read, when the store counts asynchronously. */
  prepare(asks: readonly Ask[]): Promise<void>;
  /** Figures of any report with this value, for saying where a figure a question states comes from. */
  figuresValued(value: number): Promise<readonly { readonly report: Report; readonly figure: Figure }[]>;
  readonly catalog: Catalog;
  readonly retriever: Retriever;
}

/** Where answers get their corpus: the current one (a rebuild or an ingest swaps it). */
export interface CorpusSource {
  current(): Corpus;
}

const sameValue = (a: number, b: number) => Math.abs(a - b) <= Math.max(1e-9, Math.abs(b) * 1e-9);

/** The corpus of an index held in this process. */
export function indexCorpus(index: SearchIndex, retrieval?: RetrievalConfig): Corpus {
  const catalog = catalogOf(index);
  const byId = new Map(index.reports.map((r) => [r.meta.id, r]));
  return {
    metas: index.reports.map((r) => r.meta),
    load: async (ids) => ids.flatMap((id) => byId.get(id) ?? []),
    // the index counts every word at once
    prepare: async () => undefined,
    figuresValued: async (value) => index.reports.flatMap((report) => report.figures.filter((f) => sameValue(f.value, value)).map((figure) => ({ report, figure }))),
    catalog,
    retriever: new HybridRetriever(memoryPassages(index), catalog, retrieval),
  };
}
