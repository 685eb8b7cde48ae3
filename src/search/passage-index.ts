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

function admits(filter: PassageFilter, chunk: Chunk): boolean {
  return (!filter.reportIds || filter.reportIds.has(chunk.reportId)) && (!filter.roles || filter.roles.has(chunk.role));
}

/** The passages of an index held in this process: a passage's number is its position in the index. */
export function memoryPassages(index: SearchIndex): PassageIndex {
  const reports = new Map(index.reports.map((r) => [r.meta.id, r]));
  return {
    async keywordScores(query, filter) {
      return index.keywords.score(query, (position) => admits(filter, index.chunks[position]!.chunk));
    },
    async vectorScores(text, filter, depth) {
      // a remote embedder that fails leaves the keyword stage to answer alone
      const vector = await index.embeddings.embedQuery(text).catch(() => undefined);
      if (!vector) return new Map();
      const positionOf = (chunkId: string) => index.chunkPositions.get(chunkId);
      const admit = (m: { chunkId: string }) => {
        const position = positionOf(m.chunkId);
        return position !== undefined && admits(filter, index.chunks[position]!.chunk);
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
