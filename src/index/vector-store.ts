import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DocumentInterface } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import hnswlib from 'hnswlib-node';

/**
 * A vector store backed by hnswlib-node (cosine space) with the search methods of LangChain's
 * `VectorStore`. Search code calls `similaritySearchVectorWithScore` only (`VectorSearch`), so any
 * LangChain store (Qdrant, pgvector, Milvus) can replace it. It does not extend LangChain's class:
 * loading @langchain/core/vectorstores took half a second of every start.
 * Each vector's label is its position in the store; a document's metadata holds the chunk id.
 */

export interface ChunkVectorMetadata {
  readonly chunkId: string;
  readonly reportId: string;
}

/** Admits a document by its metadata. */
export type ChunkFilter = (metadata: ChunkVectorMetadata) => boolean;

const VECTORS_FILE = 'vectors.hnsw';
const DOCUMENTS_FILE = 'vectors.json';
const M = 16;
const EF_CONSTRUCTION = 100;
const MIN_EF = 64;
/** Up to this many admitted documents, a filtered search compares them all. */
const EXACT_SEARCH_LIMIT = 2000;

/** What the index needs of a vector store: LangChain's `similaritySearchVectorWithScore` and `save`. */
export interface VectorSearch {
  similaritySearchVectorWithScore(query: number[], k: number, filter?: ChunkFilter): Promise<[DocumentInterface, number][]>;
  addVectors(vectors: number[][], documents: DocumentInterface[]): Promise<string[]>;
  save(directory: string): Promise<void>;
}

export class HnswVectorStore implements VectorSearch {
  private index: hnswlib.HierarchicalNSW | undefined;
  private readonly metadata: ChunkVectorMetadata[] = [];
  private readonly contents: string[] = [];

  constructor(readonly embeddings: EmbeddingsInterface) {}

  get size(): number {
    return this.metadata.length;
  }

  async addDocuments(documents: DocumentInterface[]): Promise<string[]> {
    const vectors = await this.embeddings.embedDocuments(documents.map((d) => d.pageContent));
    return this.addVectors(vectors, documents);
  }

  async addVectors(vectors: number[][], documents: DocumentInterface[]): Promise<string[]> {
    if (vectors.length !== documents.length) throw new Error('vector store: one vector per document');
    if (vectors.length === 0) return [];
    const index = this.ensureCapacity(vectors[0]!.length, this.size + vectors.length);
    return vectors.map((vector, i) => {
      const doc = documents[i]!;
      const label = this.metadata.length;
      index.addPoint(vector, label);
      this.metadata.push(toMetadata(doc.metadata));
      this.contents.push(doc.pageContent);
      return String(label);
    });
  }

  async similaritySearch(query: string, k = 4, filter?: ChunkFilter): Promise<DocumentInterface[]> {
    return (await this.similaritySearchWithScore(query, k, filter)).map(([doc]) => doc);
  }

  async similaritySearchWithScore(query: string, k = 4, filter?: ChunkFilter): Promise<[DocumentInterface, number][]> {
    return this.similaritySearchVectorWithScore(await this.embeddings.embedQuery(query), k, filter);
  }

  async similaritySearchVectorWithScore(query: number[], k: number, filter?: ChunkFilter): Promise<[DocumentInterface, number][]> {
    if (!this.index || this.size === 0 || k <= 0) return [];
    const admitted = filter ? this.labelsAdmitted(filter) : undefined;
    if (admitted && admitted.length <= EXACT_SEARCH_LIMIT) return this.exactSearch(query, k, admitted);
    const n = Math.min(k, this.size);
    this.index.setEf(Math.max(MIN_EF, n));
    const admit = filter ? (label: number) => filter(this.metadata[label]!) : undefined;
    const { neighbors, distances } = this.index.searchKnn(query, n, admit);
    return neighbors.map((label, i) => [this.document(label), 1 - distances[i]!]);
  }

  private labelsAdmitted(filter: ChunkFilter): number[] {
    const labels: number[] = [];
    this.metadata.forEach((m, label) => filter(m) && labels.push(label));
    return labels;
  }

  /**
   * Cosine similarity against each admitted vector: a filter that admits few documents (one
   * report) makes the graph search wander far to find them; comparing them all is faster.
   */
  private exactSearch(query: number[], k: number, labels: readonly number[]): [DocumentInterface, number][] {
    const queryNorm = Math.hypot(...query) || 1;
    const scored = labels.map((label) => {
      const point = this.index!.getPoint(label);
      let dot = 0;
      let norm = 0;
      for (let i = 0; i < point.length; i++) {
        dot += point[i]! * query[i]!;
        norm += point[i]! * point[i]!;
      }
      return [label, dot / (queryNorm * (Math.sqrt(norm) || 1))] as const;
    });
    return scored
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([label, similarity]) => [this.document(label), similarity]);
  }

  async save(directory: string): Promise<void> {
    if (this.index) await this.index.writeIndex(path.join(directory, VECTORS_FILE));
    const dimensions = this.index?.getNumDimensions() ?? 0;
    await writeFile(path.join(directory, DOCUMENTS_FILE), JSON.stringify({ count: this.size, dimensions, metadata: this.metadata }));
  }

  /**
   * Restores a saved store. Page contents are not saved (the chunks already are); `contentOf`
   * gives them back. Throws on a missing, truncated or mismatched file.
   */
  static async load(
    directory: string,
    embeddings: EmbeddingsInterface,
    contentOf: (m: ChunkVectorMetadata) => string = () => '',
  ): Promise<HnswVectorStore> {
    const store = new HnswVectorStore(embeddings);
    const saved = JSON.parse(await readFile(path.join(directory, DOCUMENTS_FILE), 'utf8')) as { count: number; dimensions: number; metadata: unknown[] };
    const valid = Array.isArray(saved.metadata) && saved.metadata.length === saved.count && Number.isInteger(saved.dimensions);
    if (!valid) throw new Error('vector store: malformed documents file');
    for (const m of saved.metadata) {
      const metadata = toMetadata(m);
      store.metadata.push(metadata);
      store.contents.push(contentOf(metadata));
    }
    if (saved.count === 0) return store;
    const file = path.join(directory, VECTORS_FILE);
    // hnswlib takes the dimension from the constructor, not from the file.
    const index = new hnswlib.HierarchicalNSW('cosine', saved.dimensions);
    await index.readIndex(file);
    if (index.getCurrentCount() !== saved.count) throw new Error('vector store: vector count does not match documents');
    store.index = index;
    return store;
  }

  private document(label: number): DocumentInterface {
    return { pageContent: this.contents[label] ?? '', metadata: { ...this.metadata[label]! } };
  }

  private ensureCapacity(dimensions: number, needed: number): hnswlib.HierarchicalNSW {
    if (!this.index) {
      this.index = new hnswlib.HierarchicalNSW('cosine', dimensions);
      this.index.initIndex({ maxElements: needed, m: M, efConstruction: EF_CONSTRUCTION, randomSeed: 42 });
    } else if (this.index.getMaxElements() < needed) {
      this.index.resizeIndex(needed);
    }
    if (this.index.getNumDimensions() !== dimensions) throw new Error('vector store: vectors of another dimension');
    return this.index;
  }
}

function toMetadata(value: unknown): ChunkVectorMetadata {
  const m = value as Partial<ChunkVectorMetadata> | undefined;
  if (typeof m?.chunkId !== 'string' || typeof m.reportId !== 'string') throw new Error('vector store: document without chunk id');
  return { chunkId: m.chunkId, reportId: m.reportId };
}
