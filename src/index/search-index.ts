import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { foldText } from '../ingest/normalize.js';
import type { Chunk, Report, ReportMeta } from '../ingest/types.js';
import { fitEmbedder, HashedTfidfEmbeddings, type Embedder, type EmbedderChoice, type HashedFeatures } from './embeddings.js';
import { KeywordIndex, KeywordIndexBuilder } from './keyword-index.js';
import { termsHere, type TermsSource } from './terms-pool.js';
import { packTerms } from './index-terms.js';
import { addDictionaryWords } from './tokenizer.js';
import { HnswVectorStore, type ShardedGraphs, type VectorSearch } from './vector-store.js';

/** A chunk with the report it belongs to. */
export interface IndexedChunk {
  readonly chunk: Chunk;
  readonly report: Report;
}

/** Everything search needs, immutable once built: the library swaps whole indexes. */
export interface SearchIndex {
  readonly reports: readonly Report[];
  /** ISO time of the build. */
  readonly builtAt: string;
  /** Id of the embedder that built the vectors, e.g. hashed-tfidf/v1/d384. */
  readonly embedder: string;
  /** Every chunk of every report; a chunk's position is its document number in `keywords`. */
  readonly chunks: readonly IndexedChunk[];
  readonly chunkPositions: ReadonlyMap<string, number>;
  readonly keywords: KeywordIndex;
  /**
   * Any LangChain store whose filter is a predicate over `ChunkVectorMetadata` (hnswlib here; a
   * distributed store would translate the predicate's report ids into its own filter).
   */
  readonly vectors: VectorSearch;
  readonly embeddings: EmbeddingsInterface;
}

/** The region short form (阳山 for 阳山县), when it is distinctive enough to stand alone. */
export function regionShortName(region: string): string | undefined {
  const short = region.replace(/(?:自治县|自治旗|新区|林区|特区|县|市|区|旗)$/u, '');
  return short.length >= 2 && short !== region ? short : undefined;
}

/** Region and bureau names the segmenter must keep whole. */
export function registerReportNames(reports: readonly Report[]): void {
  registerNamesOf(reports.map((r) => r.meta));
}

/** The same, from the reports' metadata alone (a corpus kept in a database). */
export function registerNamesOf(metas: readonly ReportMeta[]): void {
  addDictionaryWords(namesOf(metas));
}

/** The folded text a chunk is indexed by: its heading path, then its own words. */
export function chunkIndexText(chunk: Chunk): string {
  return `${foldText(chunk.sectionPath.join(' '))}\n${chunk.folded}`;
}

export function listChunks(reports: readonly Report[]): IndexedChunk[] {
  return reports.flatMap((report) => report.chunks.map((chunk) => ({ chunk, report })));
}

export function assembleIndex(parts: {
  reports: readonly Report[];
  builtAt: string;
  embedder: Pick<Embedder, 'id' | 'embeddings'>;
  keywords: KeywordIndex;
  vectors: VectorSearch;
}): SearchIndex {
  const chunks = listChunks(parts.reports);
  const vectors = parts.vectors instanceof HnswVectorStore ? parts.vectors.size : chunks.length;
  if (chunks.length !== parts.keywords.size || chunks.length > vectors) {
    throw new Error(`index parts disagree: ${chunks.length} chunks, ${parts.keywords.size} keyword documents, ${vectors} vectors`);
  }
  registerReportNames(parts.reports);
  return {
    reports: parts.reports,
    builtAt: parts.builtAt,
    embedder: parts.embedder.id,
    chunks,
    chunkPositions: new Map(chunks.map((c, i) => [c.chunk.id, i])),
    keywords: parts.keywords,
    vectors: parts.vectors,
    embeddings: parts.embedder.embeddings,
  };
}

const EMBED_BATCH = 256;

/** The names of the reports' places and bureaus, each once (most bureaus share their city). */
function namesOf(metas: readonly ReportMeta[]): string[] {
  return [...new Set(metas.flatMap((m) => [m.region, m.bureau, regionShortName(m.region) ?? '', m.city ?? '']))];
}

/**
 * Where the CPU-heavy steps of a build run: tokens (and, for the offline embedder, hashed
 * features) come from `terms`; the vector graph is built by `graphs` in shards when given, else
 * in this thread. Worker threads for a large library, this thread for a small one.
 */
export interface BuildWorkers {
  readonly terms: TermsSource;
  readonly graphs?: ShardedGraphs;
}

export const IN_THIS_THREAD: BuildWorkers = { terms: termsHere };

/** Builds the keyword and vector indexes of the reports. */
export async function buildIndex(reports: readonly Report[], choice: EmbedderChoice, workers: BuildWorkers = IN_THIS_THREAD): Promise<{ index: SearchIndex; embedder: Embedder }> {
  registerReportNames(reports);
  const chunks = listChunks(reports);
  const texts = chunks.map(({ chunk }) => chunkIndexText(chunk));
  const keywords = new KeywordIndexBuilder();
  const features: HashedFeatures[] = [];
  await workers.terms(texts, namesOf(reports.map((r) => r.meta)), choice.kind === 'hashed', (batch) => {
    keywords.addPacked(batch);
    for (const { features: f } of batch.texts) if (f) features.push(f);
  });
  const embedder = choice.kind === 'hashed' ? hashedEmbedder(choice, features) : await fitEmbedder(choice, texts);
  const documents = chunks.map(({ chunk }) => ({ pageContent: chunk.text, metadata: { chunkId: chunk.id, reportId: chunk.reportId } }));
  const vectors = new HnswVectorStore(embedder.embeddings);
  const batches = embedBatches(embedder.embeddings, texts, features);
  if (workers.graphs) {
    const { embeddings } = embedder;
    const shards =
      embeddings instanceof HashedTfidfEmbeddings && features.length === chunks.length
        ? hashedRows(embeddings, features, workers.graphs.shards)
        : await shardRows(chunks.length, workers.graphs.shards, batches);
    if (shards) await vectors.addShards(shards.rows, shards.dimensions, documents, workers.graphs);
  } else {
    let start = 0;
    for await (const batch of batches) {
      await vectors.addVectors(batch, documents.slice(start, start + batch.length));
      start += batch.length;
    }
  }
  return { index: assembleIndex({ reports, builtAt: new Date().toISOString(), embedder, keywords: keywords.finish(), vectors }), embedder };
}

/**
 * The texts' vectors, a batch at a time, in order. Hashed features are let go as they are embedded:
 * in a large build they hold as much memory as the vectors.
 */
async function* embedBatches(embeddings: EmbeddingsInterface, texts: readonly string[], features: HashedFeatures[]): AsyncGenerator<number[][]> {
  for (let start = 0; start < texts.length; start += EMBED_BATCH) {
    yield embeddings instanceof HashedTfidfEmbeddings
      ? features.splice(0, EMBED_BATCH).map((f) => embeddings.embedHashed(f))
      : await embeddings.embedDocuments(texts.slice(start, start + EMBED_BATCH));
  }
}

/** Rows of floats for `count` vectors of `dimensions`, split into `shards` consecutive parts of `per` vectors (the last may hold fewer). */
function emptyRows(count: number, shards: number, dimensions: number): { rows: Float32Array[]; per: number } {
  const per = Math.ceil(count / shards);
  return { rows: Array.from({ length: Math.ceil(count / per) }, (_, s) => new Float32Array((Math.min(count, (s + 1) * per) - s * per) * dimensions)), per };
}

/** `count` vectors from `batches`, rows of floats split into `shards` consecutive parts (none when there are no vectors). */
async function shardRows(count: number, shards: number, batches: AsyncIterable<number[][]>): Promise<{ rows: Float32Array[]; dimensions: number } | undefined> {
  let rows: Float32Array[] = [];
  let per = 1;
  let dimensions = 0;
  let row = 0;
  for await (const batch of batches) {
    if (row === 0) {
      dimensions = batch[0]!.length;
      ({ rows, per } = emptyRows(count, shards, dimensions));
    }
    for (const vector of batch) {
      rows[Math.floor(row / per)]!.set(vector, (row % per) * dimensions);
      row++;
    }
  }
  return row === 0 ? undefined : { rows, dimensions };
}

/**
 * The same from hashed features, each vector written in place: an array of numbers per vector
 * (300,000 of them at 10,000 reports) kept the collector busy for longer than the embedding took.
 * The features are let go.
 */
function hashedRows(embeddings: HashedTfidfEmbeddings, features: HashedFeatures[], shards: number): { rows: Float32Array[]; dimensions: number } | undefined {
  if (features.length === 0) return undefined;
  const { dimensions } = embeddings.toJSON();
  const { rows, per } = emptyRows(features.length, shards, dimensions);
  features.forEach((f, i) => embeddings.embedHashedInto(f, rows[Math.floor(i / per)]!, (i % per) * dimensions));
  features.length = 0;
  return { rows, dimensions };
}

/**
 * The index with more reports, the others untouched: their chunks are segmented, embedded with
 * the index's embedder (its IDF as fitted at the last full build) and appended. The vector store
 * is shared with the index it extends, which ignores vectors of chunks it does not know. Names
 * the reports bring into the dictionary apply to their own chunks and, for the other reports,
 * from the next full build (`npm run ingest`).
 */
export async function extendIndex(index: SearchIndex, reports: readonly Report[]): Promise<SearchIndex> {
  if (reports.length === 0) return index;
  registerReportNames(reports);
  const chunks = reports.flatMap((r) => r.chunks);
  const texts = chunks.map(chunkIndexText);
  const keywords = index.keywords.withDocuments(packTerms(texts, false));
  for (let start = 0; start < chunks.length; start += EMBED_BATCH) {
    const batch = chunks.slice(start, start + EMBED_BATCH);
    await index.vectors.addVectors(
      await index.embeddings.embedDocuments(texts.slice(start, start + EMBED_BATCH)),
      batch.map((chunk) => ({ pageContent: chunk.text, metadata: { chunkId: chunk.id, reportId: chunk.reportId } })),
    );
  }
  return assembleIndex({
    reports: [...index.reports, ...reports],
    builtAt: new Date().toISOString(),
    embedder: { id: index.embedder, embeddings: index.embeddings },
    keywords,
    vectors: index.vectors,
  });
}

/**
 * The index without the reports of these ids, the others untouched: their chunks leave the keyword
 * index (those after them move up) and the vector store (marked deleted in the shared store, so a
 * report of the same id can come back with new chunks).
 */
export async function removeFromIndex(index: SearchIndex, reportIds: ReadonlySet<string>): Promise<SearchIndex> {
  if (!index.reports.some((r) => reportIds.has(r.meta.id))) return index;
  const removed = new Uint8Array(index.chunks.length);
  index.chunks.forEach(({ chunk }, p) => (removed[p] = reportIds.has(chunk.reportId) ? 1 : 0));
  await index.vectors.delete((m) => reportIds.has(m.reportId));
  return assembleIndex({
    reports: index.reports.filter((r) => !reportIds.has(r.meta.id)),
    builtAt: index.builtAt,
    embedder: { id: index.embedder, embeddings: index.embeddings },
    keywords: index.keywords.withoutDocuments(removed),
    vectors: index.vectors,
  });
}

/**
 * The index with `report` in place of the report of the same id (or added, without one), with
 * the weights of the last full build, as `extendIndex` does.
 */
export async function replaceInIndex(index: SearchIndex, report: Report): Promise<SearchIndex> {
  return extendIndex(await removeFromIndex(index, new Set([report.meta.id])), [report]);
}

function hashedEmbedder(choice: EmbedderChoice, features: readonly HashedFeatures[]): Embedder {
  const embeddings = HashedTfidfEmbeddings.fitHashed(features);
  return { id: choice.id, embeddings, state: embeddings.toJSON() };
}
