import type { Chunk, Figure, Report, SectionRole } from '../ingest/types.js';
import type { WeightedTerm } from '../index/keyword-index.js';
import type { SearchIndex } from '../index/search-index.js';
import { chunkFigures } from './catalog.js';

/**
 * Where the retrieval stages search: the passages (chunks) of a corpus, numbered, with a keyword
 * and a vector search over them. The index of this process is one; a database is another. The
 * retriever reads passages (a chunk and its figures) to rerank them and loads whole reports only for
 * the hits it returns, so a corpus never has to be in memory.
 */

export interface PassageFilter {
  /** Only passages of these reports (all when absent). */
  readonly reportIds?: ReadonlySet<string>;
  readonly roles?: ReadonlySet<SectionRole>;
}

/** A passage as the rerank reads it. */
export interface IndexedPassage {
  readonly chunk: Chunk;
  readonly figures: readonly Figure[];
}

export interface PassageIndex {
  /** BM25 scores of the passages within the filter that hold any of the terms, by passage number. */
  keywordScores(query: readonly WeightedTerm[], filter: PassageFilter, depth: number): Promise<ReadonlyMap<number, number>>;
  /** Cosine similarity of the passages within the filter nearest to the text's embedding. */
  vectorScores(text: string, filter: PassageFilter, depth: number): Promise<ReadonlyMap<number, number>>;
  passages(docs: readonly number[]): Promise<ReadonlyMap<number, IndexedPassage>>;
  reports(ids: readonly string[]): Promise<ReadonlyMap<string, Report>>;
}

/** Positions the filter admits, one flag per chunk (none when it admits all). */
type Admitted = Uint8Array | undefined;

/**
 * The filter as flags over the index's positions, made once per search: a search tests a position
 * for every posting and vector it meets, hundreds of thousands in a large index. A report's
 * chunks hold consecutive positions.
 */
function admittedPositions(index: SearchIndex, spans: ReadonlyMap<string, { start: number; end: number }>, filter: PassageFilter): Admitted {
  if (!filter.reportIds && !filter.roles) return undefined;
  const admitted = new Uint8Array(index.chunks.length);
  const { reportIds, roles } = filter;
  const ranges = reportIds ? [...reportIds].flatMap((id) => spans.get(id) ?? []) : [{ start: 0, end: index.chunks.length }];
  for (const { start, end } of ranges) {
    for (let p = start; p < end; p++) admitted[p] = !roles || roles.has(index.chunks[p]!.chunk.role) ? 1 : 0;
  }
  return admitted;
}

/** Where each report's chunks lie among the index's positions. */
function reportSpans(index: SearchIndex): Map<string, { start: number; end: number }> {
  const spans = new Map<string, { start: number; end: number }>();
  index.chunks.forEach(({ chunk }, p) => {
    const span = spans.get(chunk.reportId);
    spans.set(chunk.reportId, { start: span?.start ?? p, end: p + 1 });
  });
  return spans;
}

/** The passages of an index held in this process: a passage's number is its position in the index. */
export function memoryPassages(index: SearchIndex): PassageIndex {
  const reports = new Map(index.reports.map((r) => [r.meta.id, r]));
  const spans = reportSpans(index);
  return {
    async keywordScores(query, filter, depth) {
      const admitted = admittedPositions(index, spans, filter);
      return index.keywords.score(query, admitted && ((position) => admitted[position] === 1), depth);
    },
    async vectorScores(text, filter, depth) {
      // a remote embedder that fails leaves the keyword stage to answer alone
      const vector = await index.embeddings.embedQuery(text).catch(() => undefined);
      if (!vector) return new Map();
      const positionOf = (chunkId: string) => index.chunkPositions.get(chunkId);
      const admitted = admittedPositions(index, spans, filter);
      // The report test first: it turns most vectors away without looking up their position.
      const admit = (m: { chunkId: string; reportId: string }) => {
        if (filter.reportIds && !filter.reportIds.has(m.reportId)) return false;
        const position = positionOf(m.chunkId);
        return position !== undefined && (!admitted || admitted[position] === 1);
      };
      const scores = new Map<number, number>();
      for (const [doc, similarity] of await index.vectors.similaritySearchVectorWithScore(vector, depth, admit)) {
        const position = positionOf((doc.metadata as { chunkId: string }).chunkId);
        if (position !== undefined && similarity > 0) scores.set(position, similarity);
      }
      return scores;
    },
    async passages(docs) {
      return new Map(docs.flatMap((doc) => {
        const held = index.chunks[doc];
        return held ? [[doc, { chunk: held.chunk, figures: chunkFigures(held.report, held.chunk.id) }] as const] : [];
      }));
    },
    async reports(ids) {
      return new Map(ids.flatMap((id) => {
        const report = reports.get(id);
        return report ? [[id, report] as const] : [];
      }));
    },
  };
}
