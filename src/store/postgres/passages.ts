import path from 'node:path';
import type pg from 'pg';
import type { Report, SectionRole } from '../../ingest/types.js';
import type { Embedder } from '../../index/embeddings.js';
import { bm25Idf, bm25Tf, type WeightedTerm } from '../../index/keyword-index.js';
import { HnswVectorStore } from '../../index/vector-store.js';
import { vectorOf } from './vector-bytes.js';
import { VectorCache, type VectorPassage } from './vector-cache.js';
import type { IndexedPassage, PassageFilter, PassageIndex } from '../../search/passage-index.js';
import type { ReportCache } from './reports.js';
import { anyOf, type PgTermStats } from './term-stats.js';

/**
 * The retrieval stages over PostgreSQL. Keywords: the `tsvector` GIN index finds the passages that
 * hold any query token, and BM25 ranks them with the same formula and counts as the embedded index,
 * so both give the same ranking. In a very large corpus the candidates are found by the query's
 * rarer tokens only (a passage holding nothing but 的-like tokens would not rank anyway). Vectors:
 * an hnswlib index of the passages' stored vectors in this process, kept up to date with the table.
 */

/** Above this many passages, common tokens no longer find candidates on their own. */
const PRUNE_ABOVE = 50_000;
/** A token held by more than this share of passages is common. */
const COMMON_SHARE = 0.05;
/** Passages read to rank at most. */
const MAX_CANDIDATES = 20_000;
const SYNC_BATCH = 5_000;

interface CandidateRow {
  readonly doc: number;
  readonly terms: string[];
  readonly length: number;
}

/** What a sync did: vectors read from this machine's cache, and passages fetched from the table. */
export interface VectorSync {
  readonly cached: number;
  readonly fetched: number;
}

export class PgPassages implements PassageIndex {
  private vectors: HnswVectorStore | undefined;
  private embedder: Embedder | undefined;
  /** Passage numbers and roles of the vectors' chunks. */
  private docs = new Map<string, VectorPassage>();
  private lastDoc = 0;
  private totalLength = 0;
  /** The last write of the local vector cache: the graph is not changed while it is written. */
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly pool: pg.Pool,
    private readonly stats: PgTermStats,
    private readonly reportCache: ReportCache,
    /** Where this machine keeps the vectors between starts (a folder per corpus), if anywhere. */
    private readonly cacheDir?: string,
  ) {}

  /** Reads the vectors of passages added since the last call (the first time: the cached ones, then the rest). */
  async sync(embedder: Embedder | undefined, corpusId: string | undefined): Promise<VectorSync> {
    const total = await this.pool.query<{ total: string }>('select total_length as total from corpus_state');
    this.totalLength = Number(total.rows[0]?.total ?? 0);
    if (!embedder) return { cached: 0, fetched: 0 };
    await this.saving;
    const cache = this.cacheDir && corpusId ? new VectorCache(path.join(this.cacheDir, corpusId)) : undefined;
    let cached = 0;
    if (!this.vectors || this.embedder?.id !== embedder.id) {
      const saved = await cache?.load(embedder);
      this.vectors = saved?.vectors ?? new HnswVectorStore(embedder.embeddings);
      this.docs = new Map(saved?.passages);
      this.lastDoc = saved?.lastDoc ?? 0;
      cached = this.vectors.size;
    }
    this.embedder = embedder;
    const fetched = await this.fetchNewVectors(this.vectors);
    if (cache && fetched > 0) {
      const state = { vectors: this.vectors, passages: this.docs, lastDoc: this.lastDoc };
      this.saving = cache.save(embedder, state).catch(() => undefined);
    }
    return { cached, fetched };
  }

  private async fetchNewVectors(vectors: HnswVectorStore): Promise<number> {
    let fetched = 0;
    for (;;) {
      const { rows } = await this.pool.query<{ doc: number; id: string; report_id: string; role: SectionRole; vector: Buffer }>(
        'select doc, id, report_id, role, vector from corpus_passages where doc > $1 order by doc limit $2',
        [this.lastDoc, SYNC_BATCH],
      );
      if (rows.length === 0) return fetched;
      await vectors.addVectors(
        rows.map((r) => vectorOf(r.vector)),
        rows.map((r) => ({ pageContent: '', metadata: { chunkId: r.id, reportId: r.report_id } })),
      );
      for (const r of rows) this.docs.set(r.id, { doc: r.doc, role: r.role });
      this.lastDoc = rows.at(-1)!.doc;
      fetched += rows.length;
    }
  }

  /** Resolves once the vectors last fetched are saved on this machine (they serve before that). */
  saved(): Promise<void> {
    return this.saving;
  }

  async keywordScores(query: readonly WeightedTerm[], filter: PassageFilter): Promise<ReadonlyMap<number, number>> {
    const passages = this.stats.size;
    if (passages === 0 || query.length === 0) return new Map();
    const counts = await this.stats.tokenCounts(query.map((q) => q.term));
    const held = query.filter((q) => (counts.get(q.term) ?? 0) > 0);
    const finding = passages > PRUNE_ABOVE ? rarer(held, counts, passages) : held;
    if (finding.length === 0) return new Map();
    const { rows } = await this.pool.query<CandidateRow>(
      `select doc, terms, length from corpus_passages
       where tsv @@ $1::tsquery and ($2::text[] is null or report_id = any($2)) and ($3::text[] is null or role = any($3))
       order by doc limit $4`,
      [anyOf(finding.map((q) => q.term)), filter.reportIds ? [...filter.reportIds] : null, filter.roles ? [...filter.roles] : null, MAX_CANDIDATES],
    );
    const average = this.totalLength / passages || 1;
    const scores = new Map<number, number>();
    for (const row of rows) {
      const tf = new Map<string, number>();
      for (const term of row.terms) tf.set(term, (tf.get(term) ?? 0) + 1);
      let score = 0;
      for (const { term, weight } of held) {
        const n = tf.get(term);
        if (n) score += weight * bm25Idf(counts.get(term)!, passages) * bm25Tf(n, row.length, average);
      }
      scores.set(row.doc, score);
    }
    return scores;
  }

  async vectorScores(text: string, filter: PassageFilter, depth: number): Promise<ReadonlyMap<number, number>> {
    if (!this.vectors || !this.embedder) return new Map();
    const vector = await this.embedder.embeddings.embedQuery(text).catch(() => undefined);
    if (!vector) return new Map();
    const admit = (m: { chunkId: string; reportId: string }) => {
      const known = this.docs.get(m.chunkId);
      return known !== undefined && (!filter.reportIds || filter.reportIds.has(m.reportId)) && (!filter.roles || filter.roles.has(known.role));
    };
    const scores = new Map<number, number>();
    for (const [doc, similarity] of await this.vectors.similaritySearchVectorWithScore(vector, depth, admit)) {
      const known = this.docs.get((doc.metadata as { chunkId: string }).chunkId);
      if (known && similarity > 0) scores.set(known.doc, similarity);
    }
    return scores;
  }

  async passages(docs: readonly number[]): Promise<ReadonlyMap<number, IndexedPassage>> {
    if (docs.length === 0) return new Map();
    const { rows } = await this.pool.query<{ doc: number; passage: IndexedPassage }>('select doc, passage from corpus_passages where doc = any($1)', [docs]);
    return new Map(rows.map((r) => [r.doc, r.passage]));
  }

  async reports(ids: readonly string[]): Promise<ReadonlyMap<string, Report>> {
    return new Map((await this.reportCache.load(ids)).map((r) => [r.meta.id, r]));
  }
}

/** The query's tokens that are not common, or its three rarest when all are. */
function rarer(query: readonly WeightedTerm[], counts: ReadonlyMap<string, number>, passages: number): WeightedTerm[] {
  const rare = query.filter((q) => counts.get(q.term)! <= passages * COMMON_SHARE);
  return rare.length > 0 ? rare : [...query].sort((a, b) => counts.get(a.term)! - counts.get(b.term)!).slice(0, 3);
}
