import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { foldText } from '../ingest/normalize.js';
import type { Chunk, Report, ReportMeta } from '../ingest/types.js';
import { fitEmbedder, HashedTfidfEmbeddings, type Embedder, type EmbedderChoice, type HashedFeatures } from './embeddings.js';
import { KeywordIndex, KeywordIndexBuilder } from './keyword-index.js';
import { termsHere, type TermsSource } from './terms-pool.js';
import { termsOf } from './index-terms.js';
import { addDictionaryWords } from './tokenizer.js';
import { HnswVectorStore, type VectorSearch } from './vector-store.js';

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

/** The regions' full and short names, bureaus and cities of these reports. */
function namesOf(metas: readonly ReportMeta[]): string[] {
  return metas.flatMap((m) => [m.region, m.bureau, regionShortName(m.region) ?? '', m.city ?? '']);
}

/**
 * Builds the keyword and vector indexes of the reports. Tokens (and, for the offline embedder,
 * hashed features) come from `terms`: worker threads for a large library, this thread for a small one.
 */
export async function buildIndex(reports: readonly Report[], choice: EmbedderChoice, terms: TermsSource = termsHere): Promise<{ index: SearchIndex; embedder: Embedder }> {
  registerReportNames(reports);
  const chunks = listChunks(reports);
  const texts = chunks.map(({ chunk }) => chunkIndexText(chunk));
  const keywords = new KeywordIndexBuilder();
  const features: HashedFeatures[] = [];
  await terms(texts, namesOf(reports.map((r) => r.meta)), choice.kind === 'hashed', (t) => {
    keywords.add(t.tokens);
    if (t.features) features.push(t.features);
  });
  const embedder = choice.kind === 'hashed' ? hashedEmbedder(choice, features) : await fitEmbedder(choice, texts);
  const vectors = new HnswVectorStore(embedder.embeddings);
  const metadata = (i: number) => ({ pageContent: chunks[i]!.chunk.text, metadata: { chunkId: chunks[i]!.chunk.id, reportId: chunks[i]!.chunk.reportId } });
  for (let i = 0; i < chunks.length; i += EMBED_BATCH) {
    const end = Math.min(i + EMBED_BATCH, chunks.length);
    const embedded =
      embedder.embeddings instanceof HashedTfidfEmbeddings
        ? features.slice(i, end).map((f) => (embedder.embeddings as HashedTfidfEmbeddings).embedHashed(f))
        : await embedder.embeddings.embedDocuments(texts.slice(i, end));
    await vectors.addVectors(embedded, Array.from({ length: end - i }, (_, k) => metadata(i + k)));
  }
  return { index: assembleIndex({ reports, builtAt: new Date().toISOString(), embedder, keywords: keywords.finish(), vectors }), embedder };
}

/**
 * The index with one more report, the others untouched: its chunks are segmented, embedded with
 * the index's embedder (its IDF as fitted at the last full build) and appended. The vector store
 * is shared with the index it extends, which ignores vectors of chunks it does not know. Names
 * the report brings into the dictionary apply to its own chunks and, for the other reports, from
 * the next full build (`npm run ingest`).
 */
export async function extendIndex(index: SearchIndex, report: Report): Promise<SearchIndex> {
  registerReportNames([report]);
  const texts = report.chunks.map(chunkIndexText);
  const keywords = index.keywords.withDocuments(termsOf(texts, false).map((t) => t.tokens));
  const vectors = await index.embeddings.embedDocuments(texts);
  await index.vectors.addVectors(
    vectors,
    report.chunks.map((chunk) => ({ pageContent: chunk.text, metadata: { chunkId: chunk.id, reportId: chunk.reportId } })),
  );
  return assembleIndex({
    reports: [...index.reports, report],
    builtAt: new Date().toISOString(),
    embedder: { id: index.embedder, embeddings: index.embeddings },
    keywords,
    vectors: index.vectors,
  });
}

function hashedEmbedder(choice: EmbedderChoice, features: readonly HashedFeatures[]): Embedder {
  const embeddings = HashedTfidfEmbeddings.fitHashed(features);
  return { id: choice.id, embeddings, state: embeddings.toJSON() };
}
