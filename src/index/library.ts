import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config.js';
import { sourceHash } from '../ingest/source-hash.js';
import { IngestError, ingestFolder, readManifest as readReportManifest, type FolderOptions, type ReportManifest } from '../ingest/index.js';
import { IngestPool } from '../ingest/pool.js';
import type { IngestProblem, ReportMeta } from '../ingest/types.js';
import type { Logger } from '../logger.js';
import { builderVersion } from './builder-version.js';
import { chooseEmbedder, fitEmbedder, type EmbedderChoice } from './embeddings.js';
import { commitGeneration, removeLeftovers, savedGenerations, verifyGeneration } from './generations.js';
import { INDEX_FILES, INDEX_FORMAT, readIndexFiles, readManifest, writeIndexFiles, type IndexManifest } from './index-files.js';
import { buildIndex, type SearchIndex } from './search-index.js';
import { hashSources, sameSources } from './sources.js';

export type { SearchIndex } from './search-index.js';

/** Why a saved index cannot be used as it is. */
type Staleness = 'missing' | 'reports changed' | 'builder changed' | 'embedder changed';

interface Loaded {
  readonly index: SearchIndex;
  readonly problems: readonly IngestProblem[];
}

/**
 * Holds the current search index and swaps it atomically: a search keeps the index it started
 * with while a rebuild makes the next one. Builds are serialised.
 */
export class Library {
  private current: Loaded;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly config: Config,
    private readonly logger: Logger,
    private readonly embedderChoice: EmbedderChoice,
    private readonly ingestPool: IngestPool,
    loaded: Loaded,
  ) {
    this.current = loaded;
  }

  /**
   * Loads the saved index, or builds it when missing, stale or corrupt (logged, never thrown).
   * `rebuild` builds it anew without loading it first (`npm run ingest`).
   */
  static async open(config: Config, logger: Logger, options: { rebuild?: boolean } = {}): Promise<Library> {
    const choice = chooseEmbedder(config);
    const pool = new IngestPool();
    const saved = options.rebuild ? undefined : await loadSaved(config, logger, choice);
    const loaded = saved ?? (await buildAndSave(config, logger, choice, pool));
    logIngestProblems(logger, loaded.problems);
    return new Library(config, logger, choice, pool, loaded);
  }

  get index(): SearchIndex {
    return this.current.index;
  }

  problems(): readonly IngestProblem[] {
    return this.current.problems;
  }

  /** Re-ingests every report, saves the index atomically and swaps it in. */
  rebuild(): Promise<SearchIndex> {
    return this.serialised(async () => {
      this.current = await buildAndSave(this.config, this.logger, this.embedderChoice, this.ingestPool);
      logIngestProblems(this.logger, this.current.problems);
      return this.current.index;
    });
  }

  /**
   * Adds an uploaded report: ingests it in a temporary folder first (an `IngestError` leaves the
   * library untouched), then copies it into the reports folder and rebuilds.
   */
  addFile(fileName: string, bytes: Uint8Array): Promise<ReportMeta> {
    const name = path.basename(fileName);
    if (name !== fileName || name.startsWith('.') || name.length === 0) {
      return Promise.reject(new IngestError(fileName, '文件名不能包含文件夹，也不能以“.”开头'));
    }
    return this.serialised(async () => {
      await refuseDuplicate(this.config.reportsDir, name, bytes);
      const checked = await ingestAside(name, bytes, readReportManifest(this.config.reportsDir), this.ingestPool);
      await mkdir(this.config.reportsDir, { recursive: true });
      const target = path.join(this.config.reportsDir, name);
      const temp = path.join(this.config.reportsDir, `.${name}.${process.pid}.upload`);
      await writeFile(temp, bytes);
      await rename(temp, target);
      this.current = await buildAndSave(this.config, this.logger, this.embedderChoice, this.ingestPool);
      const added = this.current.index.reports.find((r) => r.meta.file === name || r.meta.id === checked.id);
      this.logger.info({ file: name, report: added?.meta.id ?? checked.id }, 'report added');
      return added?.meta ?? checked;
    });
  }

  private serialised<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** The same bytes, or the same report id (a.txt beside a.pdf), would be one report twice. */
async function refuseDuplicate(reportsDir: string, name: string, bytes: Uint8Array): Promise<void> {
  const hash = sourceHash(bytes);
  const id = path.parse(name).name;
  for (const [file, existing] of Object.entries(await hashSources(reportsDir))) {
    if (file === name) continue;
    if (existing === hash) throw new IngestError(name, `与已有报告 ${file} 内容相同`);
    if (path.parse(file).name === id) throw new IngestError(name, `与已有报告 ${file} 的文件名（报告编号）相同，请改名后再上传`);
  }
}

/** Parses an upload in a worker (heap cap, time limit) before anything of the library changes. */
async function ingestAside(name: string, bytes: Uint8Array, manifest: ReportManifest, pool: IngestPool): Promise<ReportMeta> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'report-upload-'));
  try {
    const file = path.join(dir, name);
    await writeFile(file, bytes);
    return (await pool.ingest(file, { manifest, file: name })).meta;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function logIngestProblems(logger: Logger, problems: readonly IngestProblem[]): void {
  for (const p of problems) logger.warn({ file: p.file, reason: p.reason }, 'report not ingested');
}

function staleness(manifest: IndexManifest, sources: Record<string, string>, version: string, choice: EmbedderChoice): Staleness | undefined {
  if (manifest.embedder !== choice.id) return 'embedder changed';
  if (manifest.builderVersion !== version) return 'builder changed';
  if (!sameSources(manifest.sources, sources)) return 'reports changed';
  return undefined;
}

/**
 * The saved index when it is up to date and sound; undefined (with the reason logged) otherwise.
 * An unreadable current generation falls back to the one it replaced, which serves when it is
 * still up to date (the current one was a rebuild of the same reports).
 */
async function loadSaved(config: Config, logger: Logger, choice: EmbedderChoice): Promise<Loaded | undefined> {
  let generations: string[];
  try {
    await removeLeftovers(config.vectorstoreDir);
    generations = await savedGenerations(config.vectorstoreDir);
  } catch (err) {
    logger.warn({ err: (err as Error).message, dir: config.vectorstoreDir }, 'saved index is unreadable: rebuilding it');
    return undefined;
  }
  if (generations.length === 0) logger.info({ dir: config.vectorstoreDir }, 'no saved index: building it');
  for (const [i, dir] of generations.entries()) {
    try {
      return await loadGeneration(dir, config, logger, choice);
    } catch (err) {
      const next = i + 1 < generations.length ? 'trying the previous one' : 'rebuilding it';
      logger.warn({ err: (err as Error).message, dir }, `saved index is unreadable: ${next}`);
    }
  }
  return undefined;
}

/** Throws when the generation is unreadable; undefined when it is out of date. */
async function loadGeneration(dir: string, config: Config, logger: Logger, choice: EmbedderChoice): Promise<Loaded | undefined> {
  const started = performance.now();
  const manifest = await readManifest(dir);
  const stale = staleness(manifest, await hashSources(config.reportsDir), await builderVersion(), choice);
  if (stale) {
    logger.info({ reason: stale, dir }, 'saved index is out of date: rebuilding it');
    return undefined;
  }
  await verifyGeneration(dir, INDEX_FILES);
  const index = await readIndexFiles(dir, manifest, choice);
  logger.info({ reports: index.reports.length, chunks: index.chunks.length, dir, ms: Math.round(performance.now() - started) }, 'index loaded');
  return { index, problems: manifest.problems };
}

/**
 * Few reports are ingested in this thread (starting workers would take longer than they save);
 * many, in the worker pool, one per core. Uploads always go to a worker (see `ingestAside`).
 */
const WORKERS_FROM_FILES = 16;

function folderIngest(files: number, pool: IngestPool): FolderOptions {
  return files < WORKERS_FROM_FILES ? {} : { ingest: (file, options) => pool.ingest(file, options), concurrency: pool.threads * 2 };
}

async function buildAndSave(config: Config, logger: Logger, choice: EmbedderChoice, pool: IngestPool): Promise<Loaded> {
  const started = performance.now();
  const sources = await hashSources(config.reportsDir);
  const { reports, problems } = await ingestFolder(config.reportsDir, folderIngest(Object.keys(sources).length, pool));
  const { index, embedder } = await buildIndex(reports, (texts) => fitEmbedder(choice, texts)).catch((err: Error) => {
    if (choice.kind !== 'openai') throw err;
    // The remote embedder is unreachable: serve with the offline one; the next start tries again.
    logger.error({ err: err.message, embedder: choice.id }, 'embeddings service failed: indexing with the offline embedder');
    return buildIndex(reports, (texts) => fitEmbedder(chooseEmbedder({}), texts));
  });
  const manifest: IndexManifest = {
    format: INDEX_FORMAT,
    builderVersion: await builderVersion(),
    embedder: index.embedder,
    builtAt: index.builtAt,
    sources,
    problems,
  };
  try {
    await commitGeneration(config.vectorstoreDir, (dir) => writeIndexFiles(dir, index, manifest, embedder.state));
  } catch (err) {
    // The index still serves this process; the next start builds it again.
    logger.error({ err: (err as Error).message, dir: config.vectorstoreDir }, 'could not save the index');
  }
  logger.info({ reports: reports.length, chunks: index.chunks.length, ms: Math.round(performance.now() - started) }, 'index built');
  return { index, problems };
}
