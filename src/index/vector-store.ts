import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DocumentInterface } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import hnswlib from 'hnswlib-node';
import { UNGATED, type ReadGate } from './generations.js';
import { placeOf } from './places.js';

/**
 * A vector store backed by hnswlib-node (cosine space) with the search methods of LangChain's
 * `VectorStore`. Search code calls `similaritySearchVectorWithScore` only (`VectorSearch`), so any
 * LangChain store (Qdrant, pgvector, Milvus) can replace it. It does not extend LangChain's class:
 * loading @langchain/core/vectorstores took half a second of every start.
 * Each vector's label is its position in the store; a document's metadata holds the chunk id.
 * The vectors may lie in several graphs (shards) of consecutive labels: a large store's graphs are
 * built at once on worker threads, and a search asks each and keeps the nearest.
 */

export interface ChunkVectorMetadata {
  readonly chunkId: string;
  readonly reportId: string;
}

/** Admits a document by its metadata. */
export type ChunkFilter = (metadata: ChunkVectorMetadata) => boolean;

const DOCUMENTS_FILE = 'vectors.json';
const graphFile = (shard: number) => `vectors-${shard}.hnsw`;

/** Whether a file of a saved index is one of the store's (a loader verifies these first: see `load`). */
export const isVectorFile = (file: string) => file === DOCUMENTS_FILE || /^vectors-\d+\.hnsw$/.test(file);
const M = 16;
const EF_CONSTRUCTION = 100;
const MIN_EF = 64;
/** Up to this many admitted documents, a filtered search compares them all. */
const EXACT_SEARCH_LIMIT = 2000;

/** What the index needs of a vector store: LangChain's `similaritySearchVectorWithScore` and `save`. */
export interface VectorSearch {
  similaritySearchVectorWithScore(query: number[], k: number, filter?: ChunkFilter): Promise<[DocumentInterface, number][]>;
  addVectors(vectors: number[][], documents: DocumentInterface[]): Promise<string[]>;
  /** Removes the documents the filter admits from every later search. */
  delete(filter: ChunkFilter): Promise<void>;
  save(directory: string): Promise<void>;
}

/** One graph's vectors: rows of `dimensions` floats, labelled from `first` on, the graph written to `file`. */
export interface GraphJob {
  readonly vectors: Float32Array;
  readonly dimensions: number;
  readonly first: number;
  readonly file: string;
}

/** Graphs built at once (on worker threads: see ./graph-pool.ts): `shards` of them at most. */
export interface ShardedGraphs {
  readonly shards: number;
  build(jobs: readonly GraphJob[]): Promise<void>;
}

function newGraph(dimensions: number, maxElements: number): hnswlib.HierarchicalNSW {
  const graph = new hnswlib.HierarchicalNSW('cosine', dimensions);
  graph.initIndex({ maxElements, m: M, efConstruction: EF_CONSTRUCTION, randomSeed: 42 });
  return graph;
}

/** The graph of a job's vectors, written to its file: the same graph `addVectors` builds from them. */
export async function writeGraph({ vectors, dimensions, first, file }: GraphJob): Promise<void> {
  const count = vectors.length / dimensions;
  const graph = newGraph(dimensions, count);
  for (let i = 0; i < count; i++) graph.addPoint(Array.from(vectors.subarray(i * dimensions, (i + 1) * dimensions)), first + i);
  await graph.writeIndex(file);
}

/** Vectors kept for exact searches: 20,000 of 512 floats are 40 MB. */
const POINT_CACHE = 20_000;

interface CachedPoint {
  readonly vector: Float32Array;
  readonly norm: number;
}

/** A graph and the first of its consecutive labels. */
interface Shard {
  readonly graph: hnswlib.HierarchicalNSW;
  readonly first: number;
}

export class HnswVectorStore implements VectorSearch {
  private readonly shards: Shard[] = [];
  private readonly metadata: ChunkVectorMetadata[] = [];
  private readonly points = new Map<number, CachedPoint>();
  /** Labels of deleted documents: hnswlib's graph skips them, the exact search must too. */
  private readonly deleted = new Set<number>();
  /** Page contents of the documents added in this process; a loaded store asks `contentOf` when a search returns one. */
  private readonly contents: string[] = [];

  constructor(
    readonly embeddings: EmbeddingsInterface,
    private readonly contentOf: (m: ChunkVectorMetadata) => string = () => '',
  ) {}

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
    const graph = this.lastGraphFor(vectors[0]!.length, vectors.length);
    return vectors.map((vector, i) => {
      const label = this.metadata.length;
      graph.addPoint(vector, label);
      this.pushDocument(documents[i]!);
      return String(label);
    });
  }

  /**
   * Adds `documents` with their vectors, given as shards of consecutive rows (`dimensions` floats
   * each): `graphs` builds a graph of each at once, then each is read from its file.
   */
  async addShards(shards: readonly Float32Array[], dimensions: number, documents: readonly DocumentInterface[], graphs: ShardedGraphs): Promise<void> {
    const rows = shards.reduce((n, s) => n + s.length / dimensions, 0);
    if (rows !== documents.length) throw new Error('vector store: one vector per document');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'graphs-'));
    try {
      let first = this.size;
      const jobs = shards.map((vectors, i) => {
        const job = { vectors, dimensions, first, file: path.join(dir, graphFile(i)) };
        first += vectors.length / dimensions;
        return job;
      });
      await graphs.build(jobs);
      for (const job of jobs) this.shards.push({ graph: await readGraph(job.file, dimensions), first: job.first });
      for (const doc of documents) this.pushDocument(doc);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private pushDocument(doc: DocumentInterface): void {
    this.contents[this.metadata.length] = doc.pageContent;
    this.metadata.push(toMetadata(doc.metadata));
  }

  async similaritySearch(query: string, k = 4, filter?: ChunkFilter): Promise<DocumentInterface[]> {
    return (await this.similaritySearchWithScore(query, k, filter)).map(([doc]) => doc);
  }

  async similaritySearchWithScore(query: string, k = 4, filter?: ChunkFilter): Promise<[DocumentInterface, number][]> {
    return this.similaritySearchVectorWithScore(await this.embeddings.embedQuery(query), k, filter);
  }

  async similaritySearchVectorWithScore(query: number[], k: number, filter?: ChunkFilter): Promise<[DocumentInterface, number][]> {
    if (this.size === 0 || k <= 0) return [];
    const admitted = filter ? this.labelsAdmitted(filter) : undefined;
    if (admitted && admitted.length <= EXACT_SEARCH_LIMIT) return this.exactSearch(query, k, admitted);
    const admit = filter ? (label: number) => filter(this.metadata[label]!) : undefined;
    const found = this.shards.flatMap(({ graph }) => {
      const n = Math.min(k, graph.getCurrentCount());
      graph.setEf(Math.max(MIN_EF, n));
      const { neighbors, distances } = graph.searchKnn(query, n, admit);
      return neighbors.map((label, i) => [label, 1 - distances[i]!] as const);
    });
    return found
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([label, similarity]) => [this.document(label), similarity]);
  }

  private labelsAdmitted(filter: ChunkFilter): number[] {
    const labels: number[] = [];
    this.metadata.forEach((m, label) => !this.deleted.has(label) && filter(m) && labels.push(label));
    return labels;
  }

  async delete(filter: ChunkFilter): Promise<void> {
    for (const label of this.labelsAdmitted(filter)) {
      this.shardOf(label).markDelete(label);
      this.deleted.add(label);
      this.points.delete(label);
    }
  }

  /**
   * Cosine similarity against each admitted vector: a filter that admits few documents (one
   * report) makes the graph search wander far to find them; comparing them all is faster.
   */
  private exactSearch(query: number[], k: number, labels: readonly number[]): [DocumentInterface, number][] {
    const queryNorm = Math.hypot(...query) || 1;
    const scored = labels.map((label) => {
      const { vector, norm } = this.point(label);
      let dot = 0;
      for (let i = 0; i < vector.length; i++) dot += vector[i]! * query[i]!;
      return [label, dot / (queryNorm * norm)] as const;
    });
    return scored
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([label, similarity]) => [this.document(label), similarity]);
  }

  /**
   * A stored vector with its norm, kept for the next exact search (up to POINT_CACHE of them, the
   * first read going first): reading one from hnswlib copies it into a new array of numbers,
   * which cost most of a scoped search.
   */
  private point(label: number): CachedPoint {
    let point = this.points.get(label);
    if (!point) {
      const vector = Float32Array.from(this.shardOf(label).getPoint(label));
      let squares = 0;
      for (const x of vector) squares += x * x;
      point = { vector, norm: Math.sqrt(squares) || 1 };
      if (this.points.size >= POINT_CACHE) this.points.delete(this.points.keys().next().value!);
      this.points.set(label, point);
    }
    return point;
  }

  private shardOf(label: number): hnswlib.HierarchicalNSW {
    return this.shards.findLast((s) => s.first <= label)!.graph;
  }

  async save(directory: string): Promise<void> {
    await Promise.all(this.shards.map(({ graph }, i) => graph.writeIndex(path.join(directory, graphFile(i)))));
    const dimensions = this.shards[0]?.graph.getNumDimensions() ?? 0;
    const shards = this.shards.map(({ first }) => first);
    const saved: SavedDocuments = { count: this.size, dimensions, shards, deleted: [...this.deleted], ...metadataColumns(this.metadata) };
    await writeFile(path.join(directory, DOCUMENTS_FILE), JSON.stringify(saved));
  }

  /**
   * Restores a saved store. Page contents are not saved (the chunks already are); `contentOf`
   * gives them back when a search returns them (looking up every one at load took a second at
   * 300,000 chunks). Each file is read once `ready` admits it. Throws on a missing, truncated or
   * mismatched file.
   */
  static async load(
    directory: string,
    embeddings: EmbeddingsInterface,
    contentOf: (m: ChunkVectorMetadata) => string = () => '',
    ready: ReadGate = UNGATED,
  ): Promise<HnswVectorStore> {
    const store = new HnswVectorStore(embeddings, contentOf);
    await ready(DOCUMENTS_FILE);
    const saved = JSON.parse(await readFile(path.join(directory, DOCUMENTS_FILE), 'utf8')) as SavedDocuments;
    const valid = Number.isInteger(saved?.dimensions) && Array.isArray(saved.shards) && Array.isArray(saved.deleted);
    if (!valid) throw new Error('vector store: malformed documents file');
    // hnswlib reads the graphs on the libuv pool while this thread makes the metadata.
    const loading = Promise.all(saved.shards.map(async (_, i) => (await ready(graphFile(i)), readGraph(path.join(directory, graphFile(i)), saved.dimensions))));
    loading.catch(() => undefined);
    for (const m of metadataRows(saved)) store.metadata.push(m);
    for (const label of saved.deleted) store.deleted.add(label);
    const graphs = await loading;
    const counts = graphs.map((g) => g.getCurrentCount());
    const consecutive = saved.shards.every((first, i) => first === (i === 0 ? 0 : saved.shards[i - 1]! + counts[i - 1]!));
    if (!consecutive || counts.reduce((a, b) => a + b, 0) !== saved.count) throw new Error('vector store: vector count does not match documents');
    graphs.forEach((graph, i) => store.shards.push({ graph, first: saved.shards[i]! }));
    return store;
  }

  private document(label: number): DocumentInterface {
    const metadata = this.metadata[label]!;
    return { pageContent: this.contents[label] ?? this.contentOf(metadata), metadata: { ...metadata } };
  }

  /** The graph new vectors join (the last), with room for `more` of them. */
  private lastGraphFor(dimensions: number, more: number): hnswlib.HierarchicalNSW {
    const last = this.shards.at(-1);
    if (!last) {
      const graph = newGraph(dimensions, more);
      this.shards.push({ graph, first: 0 });
      return graph;
    }
    const needed = this.size - last.first + more;
    if (last.graph.getMaxElements() < needed) last.graph.resizeIndex(needed);
    if (last.graph.getNumDimensions() !== dimensions) throw new Error('vector store: vectors of another dimension');
    return last.graph;
  }
}

/** hnswlib takes the dimension from the constructor, not from the file. */
async function readGraph(file: string, dimensions: number): Promise<hnswlib.HierarchicalNSW> {
  const graph = new hnswlib.HierarchicalNSW('cosine', dimensions);
  await graph.readIndex(file);
  return graph;
}

/**
 * The documents file: the graphs' layout, then the metadata by column, each report id written
 * once (a JSON object per document took a third of a second to parse at 300,000 of them).
 */
interface SavedDocuments {
  readonly count: number;
  readonly dimensions: number;
  /** The first label of each graph. */
  readonly shards: readonly number[];
  readonly deleted: readonly number[];
  readonly chunkIds: readonly string[];
  readonly reportIds: readonly string[];
  /** For each document, its report's place in `reportIds`. */
  readonly reportOf: readonly number[];
}

function metadataColumns(metadata: readonly ChunkVectorMetadata[]): Pick<SavedDocuments, 'chunkIds' | 'reportIds' | 'reportOf'> {
  const places = new Map<string, number>();
  const reportOf = metadata.map(({ reportId }) => placeOf(places, reportId));
  return { chunkIds: metadata.map((m) => m.chunkId), reportIds: [...places.keys()], reportOf };
}

/** The saved columns as one metadata object per document; throws when they do not match. */
function metadataRows({ count, chunkIds, reportIds, reportOf }: SavedDocuments): ChunkVectorMetadata[] {
  const columns = Array.isArray(chunkIds) && Array.isArray(reportIds) && Array.isArray(reportOf) && chunkIds.length === count && reportOf.length === count;
  if (!columns) throw new Error('vector store: malformed documents file');
  return chunkIds.map((chunkId, label) => {
    const reportId = reportIds[reportOf[label]!];
    if (typeof chunkId !== 'string' || typeof reportId !== 'string') throw new Error('vector store: document without chunk id');
    return { chunkId, reportId };
  });
}

/** A document's metadata, once it is known to hold the ids. */
function toMetadata(value: unknown): ChunkVectorMetadata {
  const m = value as Partial<ChunkVectorMetadata> | undefined;
  if (typeof m?.chunkId !== 'string' || typeof m.reportId !== 'string') throw new Error('vector store: document without chunk id');
  return m as ChunkVectorMetadata;
}
