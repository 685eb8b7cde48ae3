/**
 * Where answers come from, chosen once for every front end: the index this process holds (the
 * default), or the corpus in PostgreSQL when DATABASE_URL is set, so that any number of processes
 * on any number of machines serve one corpus without each holding all of it.
 */
import { createAnswerService } from './answer/service.js';
import type { TokenLedger } from './answer/llm/budget.js';
import type { AnswerService } from './answer/types.js';
import type { Config } from './config.js';
import { readByIngest } from './index/folder-changes.js';
import { Library, logIngestProblems, readNewReportFiles } from './index/library.js';
import { ReportShelf } from './index/report-shelf.js';
import { hashSources } from './index/sources.js';
import { isReportFileName } from './ingest/index.js';
import { IngestPool } from './ingest/pool.js';
import type { IngestProblem } from './ingest/types.js';
import type { Logger } from './logger.js';
import { PgCorpus } from './store/postgres/pg-corpus.js';

export interface Serving {
  readonly answers: AnswerService;
  /** Uploads and versions of the reports folder, served by the same store. */
  readonly shelf: ReportShelf;
  /** What the reports folder holds that was not ingested, or needs an admin's attention. */
  problems(): readonly IngestProblem[];
  /** What was ingested at start: reports served and reports new since the last start. */
  readonly ingested: { readonly reports: number; readonly fresh: number };
  close(): Promise<void>;
}

export interface ServingOptions {
  /** The embedded index is built anew (a database re-reads only the files it lacks). */
  readonly rebuild?: boolean;
  /** Where users' daily model tokens are counted (shared by workers in Redis). */
  readonly ledger?: TokenLedger;
}

export async function openServing(config: Config, logger: Logger, options: ServingOptions = {}): Promise<Serving> {
  return config.databaseUrl ? openDatabase(config, logger, options) : openLibrary(config, logger, options);
}

async function openLibrary(config: Config, logger: Logger, { rebuild = false, ledger }: ServingOptions): Promise<Serving> {
  const library = await Library.open(config, logger, { rebuild });
  return {
    answers: createAnswerService({ config, logger, library, ...(ledger ? { ledger } : {}) }),
    shelf: library.shelf,
    problems: () => library.problems(),
    ingested: { reports: library.index.reports.length, fresh: rebuild ? library.index.reports.length : 0 },
    close: async () => undefined,
  };
}

/**
 * The reports folder is brought into the database first: only its files whose bytes the database
 * lacks are parsed (an ingest is idempotent, so processes starting together are safe).
 * A file removed from the folder stays in the database: there the database is the corpus.
 */
async function openDatabase(config: Config, logger: Logger, { ledger }: ServingOptions): Promise<Serving> {
  const corpus = await PgCorpus.open(config, logger);
  const pool = new IngestPool();
  let problems: readonly IngestProblem[] = [];
  let fresh = 0;
  const known = new Set(corpus.served().map((r) => r.sourceHash));
  const sources = Object.entries(await hashSources(config.reportsDir, config.vectorstoreDir));
  const incoming = sources.filter(([file, hash]) => readByIngest(file) && isReportFileName(file) && !known.has(hash)).map(([file]) => file);
  if (incoming.length > 0) {
    const folder = await readNewReportFiles(config.reportsDir, incoming, corpus.served(), pool);
    problems = folder.problems;
    const outcome = await corpus.ingest(folder.reports);
    fresh = outcome.added.length + outcome.replaced.length;
    logger.info({ parsed: incoming.length, added: outcome.added.length, replaced: outcome.replaced.length, unchanged: outcome.unchanged.length }, 'reports folder brought into PostgreSQL');
  }
  logIngestProblems(logger, problems);
  return {
    answers: createAnswerService({ config, logger, corpus, ...(ledger ? { ledger } : {}) }),
    shelf: new ReportShelf(config, corpus, pool, logger),
    problems: () => problems,
    ingested: { reports: corpus.served().length, fresh },
    close: async () => {
      await pool.close();
      await corpus.close();
    },
  };
}
