import path from 'node:path';
import pg from 'pg';
import type { Corpus, CorpusSource } from '../../answer/corpus.js';
import type { Config } from '../../config.js';
import type { Report, ReportMeta } from '../../ingest/types.js';
import { chooseEmbedder, restoreEmbedder, type Embedder, type EmbedderChoice, type EmbedderState } from '../../index/embeddings.js';
import type { ServedReport, ServingTarget } from '../../index/report-shelf.js';
import { registerNamesOf } from '../../index/search-index.js';
import { IngestError } from '../../ingest/errors.js';
import type { Logger } from '../../logger.js';
import type { Ask } from '../../question/types.js';
import { catalogFrom } from '../../search/catalog.js';
import { wordsToCount } from '../../search/evidence.js';
import { HybridRetriever } from '../../search/retriever.js';
import { ingestReports, removeFromCorpus, type IngestOutcome } from './ingest.js';
import { PgPassages } from './passages.js';
import { ReportCache } from './reports.js';
import { migrate } from './schema.js';
import { PgTermStats } from './term-stats.js';

/**
 * The corpus kept in PostgreSQL (`DATABASE_URL`), for many workers on many machines: each process
 * holds the reports' metadata, a vector index of the passages beside the database (pgvector is not
 * assumed), and a few decoded reports; keyword search, token counts, passages and reports are read
 * from the database when a question needs them. A process notices other processes' ingests within
 * seconds.
 */

const POOL_SIZE = 4;
/** The folder under VECTORSTORE_DIR where a process keeps the corpus's vectors between starts. */
const VECTOR_CACHE = 'pg-vectors';

interface Snapshot {
  readonly version: number;
  readonly corpus: Corpus;
  readonly served: readonly ServedReport[];
}

/** The database cannot be reached or used at start: a message for whoever runs the process. */
export class DatabaseUnavailableError extends Error {}

export class PgCorpus implements CorpusSource, ServingTarget {
  private snapshot: Snapshot;
  private checkedAt = 0;
  private refreshing: Promise<void> | undefined;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly choice: EmbedderChoice,
    private readonly passages: PgPassages,
    private readonly reports: ReportCache,
    private readonly stats: PgTermStats,
    private readonly logger: Logger,
    private readonly refreshMs: number,
  ) {
    this.snapshot = { version: -1, corpus: this.corpusOf([]), served: [] };
  }

  /** Connects, creates the tables if needed and reads what the corpus holds. */
  static async open(config: Config, logger: Logger, options: { readonly refreshMs?: number } = {}): Promise<PgCorpus> {
    if (!config.databaseUrl) throw new Error('DATABASE_URL is not set');
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: POOL_SIZE });
    pool.on('error', (err) => logger.warn({ err: err.message }, 'idle PostgreSQL connection failed'));
    await migrate(pool).catch(async (err: Error) => {
      await pool.end();
      throw new DatabaseUnavailableError(`cannot use PostgreSQL at DATABASE_URL (${err.message || (err as NodeJS.ErrnoException).code || String(err)}): check that the server runs and the URL is right`);
    });
    const stats = new PgTermStats(pool, 0);
    const reports = new ReportCache(pool);
    const corpus = new PgCorpus(pool, chooseEmbedder(config), new PgPassages(pool, stats, reports, path.join(config.vectorstoreDir, VECTOR_CACHE)), reports, stats, logger.child({ module: 'pg-corpus' }), options.refreshMs ?? config.databaseRefreshMs);
    await corpus.refresh();
    return corpus;
  }

  current(): Corpus {
    if (Date.now() - this.checkedAt > this.refreshMs && !this.refreshing) {
      this.refreshing = this.refresh()
        .catch((err: Error) => this.logger.warn({ err: err.message }, 'could not check the corpus for changes'))
        .finally(() => (this.refreshing = undefined));
    }
    return this.snapshot.corpus;
  }

  /** Ingests reports (those already there are skipped) and serves them at once. */
  async ingest(reports: readonly Report[]): Promise<IngestOutcome> {
    const outcome = await ingestReports(this.pool, reports, this.choice);
    for (const id of outcome.replaced) this.reports.forget(id);
    await this.refresh();
    return outcome;
  }

  served(): readonly ServedReport[] {
    return this.snapshot.served;
  }

  /** A report new to the corpus: ingested, then served. */
  add(report: Report): Promise<ReportMeta> {
    return this.ingested(report);
  }

  /** A report of the same id with other content: swapped in the transaction that ingests it. */
  replace(report: Report): Promise<ReportMeta> {
    return this.ingested(report);
  }

  /** Takes the report of a file out of the corpus; every worker stops serving it at its next look. */
  async remove(file: string): Promise<void> {
    for (const { meta } of this.snapshot.served.filter((r) => r.meta.file === file)) {
      await removeFromCorpus(this.pool, meta.id);
      this.reports.forget(meta.id);
    }
    await this.refresh();
  }

  private async ingested(report: Report): Promise<ReportMeta> {
    await this.ingest([report]);
    const served = this.snapshot.served.find((r) => r.meta.id === report.meta.id);
    if (!served) throw new IngestError(report.meta.file, '写入数据库后没有找到这份报告');
    return served.meta;
  }

  /** Resolves once this machine's copy of the vectors is written (they serve before that). */
  saved(): Promise<void> {
    return this.passages.saved();
  }

  async close(): Promise<void> {
    await this.passages.saved();
    await this.pool.end();
  }

  /** Reads the metadata, counts and new vectors when the corpus changed since the last look. */
  private async refresh(): Promise<void> {
    this.checkedAt = Date.now();
    const { rows } = await this.pool.query<{ version: string; passages: string; embedder: EmbedderState; corpus_id: string }>(
      'select version, passages, embedder, corpus_id from corpus_state',
    );
    const state = rows[0];
    const version = Number(state?.version ?? 0);
    if (version === this.snapshot.version) return;
    const reports = (await this.pool.query<{ meta: ReportMeta; source_hash: string }>('select meta, source_hash from corpus_reports order by id')).rows;
    const metas = reports.map((r) => r.meta);
    registerNamesOf(metas);
    const embedder: Embedder | undefined = state ? await restoreEmbedder(this.choice, state.embedder) : undefined;
    const vectors = await this.passages.sync(embedder, state?.corpus_id);
    this.stats.reset(Number(state?.passages ?? 0));
    this.snapshot = { version, corpus: this.corpusOf(metas), served: reports.map((r) => ({ meta: r.meta, sourceHash: r.source_hash })) };
    this.logger.info({ reports: metas.length, passages: this.stats.size, version, vectorsCached: vectors.cached, vectorsFetched: vectors.fetched }, 'corpus read from PostgreSQL');
  }

  private corpusOf(metas: readonly ReportMeta[]): Corpus {
    const catalog = catalogFrom(metas, this.stats);
    return {
      metas,
      load: (ids) => this.reports.load(ids),
      figuresValued: async (value) => {
        const { rows } = await this.pool.query<{ report_id: string }>('select distinct report_id from corpus_figure_values where value = $1 order by report_id', [value]);
        const reports = await this.reports.load(rows.map((r) => r.report_id));
        return reports.flatMap((report) => report.figures.filter((f) => f.value === value).map((figure) => ({ report, figure })));
      },
      prepare: (asks: readonly Ask[]) => this.stats.prepare(wordsToCount(asks).words),
      catalog,
      retriever: new HybridRetriever(this.passages, catalog),
    };
  }
}
