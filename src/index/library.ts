import type { Config } from '../config.js';
import { IngestError, ingestFile, ingestFolder, ReportRegister, unknownRegionProblems, type FolderOptions, type IngestOne } from '../ingest/index.js';
import { IngestPool } from '../ingest/pool.js';
import type { IngestProblem, IngestResult, Report, ReportMeta } from '../ingest/types.js';
import type { Logger } from '../logger.js';
import { builderVersion } from './builder-version.js';
import { chooseEmbedder, HashedTfidfEmbeddings, type EmbedderChoice, type EmbedderState } from './embeddings.js';
import { applyFolderChanges, folderChanges, fullBuildReason, readIncoming, type FolderChanges } from './folder-changes.js';
import { checkGeneration, commitGeneration, removeLeftovers, savedGenerations } from './generations.js';
import { INDEX_FILES, INDEX_FORMAT, READ_FIRST, readIndexFiles, readManifest, writeIndexFiles, type IndexManifest } from './index-files.js';
import { buildIndex, extendIndex, IN_THIS_THREAD, removeFromIndex, replaceInIndex, type BuildWorkers, type SearchIndex } from './search-index.js';
import { ReportShelf, type ServedReport, type ServingTarget } from './report-shelf.js';
import { serialQueue, type SerialQueue } from './serial-queue.js';
import { hashSources, sameSources } from './sources.js';
import { graphsOnWorkers } from './graph-pool.js';
import { TermsPool } from './terms-pool.js';

export type { SearchIndex } from './search-index.js';

/** Why a saved index cannot be used as it is. */
type Staleness = 'builder changed' | 'embedder changed';

interface Loaded {
  readonly index: SearchIndex;
  readonly problems: readonly IngestProblem[];
  /** The folder's files when the loaded index was brought up to date with them: it is still to be saved. */
  readonly unsaved?: Readonly<Record<string, string>>;
}

/**
 * Holds the current search index and swaps it atomically: a search keeps the index it started
 * with while a rebuild makes the next one. Builds are serialised.
 */
export class Library implements ServingTarget {
  /** Uploads and versions of the reports folder, served from this index. */
  readonly shelf: ReportShelf;
  private current: Loaded;
  private readonly serialised: SerialQueue = serialQueue();
  /** The background write of the last appended report's generation. */
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    private readonly config: Config,
    private readonly logger: Logger,
    private readonly embedderChoice: EmbedderChoice,
    private readonly pools: Pools,
    loaded: Loaded,
  ) {
    this.current = loaded;
    this.shelf = new ReportShelf(config, this, pools.ingest, logger);
  }

  /**
   * Loads the saved index, or builds it when missing, stale or corrupt (logged, never thrown).
   * `rebuild` builds it anew without loading it first (`npm run ingest`).
   */
  static async open(config: Config, logger: Logger, options: { rebuild?: boolean } = {}): Promise<Library> {
    const choice = chooseEmbedder(config);
    const pools: Pools = { ingest: new IngestPool(), terms: new TermsPool() };
    const saved = options.rebuild ? undefined : await loadSaved(config, logger, choice, pools);
    const loaded = saved ?? (await buildAndSave(config, logger, choice, pools));
    logIngestProblems(logger, loaded.problems);
    const library = new Library(config, logger, choice, pools, loaded);
    if (loaded.unsaved) library.saving = saveIndex(config, logger, loaded, loaded.unsaved, embedderState(loaded.index));
    return library;
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
      await this.saving;
      this.current = await buildAndSave(this.config, this.logger, this.embedderChoice, this.pools);
      logIngestProblems(this.logger, this.current.problems);
      return this.current.index;
    });
  }

  /** Resolves once the index of the last added report (or of the folder's changes found at start) is saved; it serves before that. */
  saved(): Promise<void> {
    return this.saving;
  }

  /**
   * The current index changed by `change` for one file of the folder, whose problems become
   * `problems`; its generation is written while questions are answered from it.
   */
  private async changed(file: string, change: (index: SearchIndex) => Promise<SearchIndex>, problems: readonly IngestProblem[]): Promise<Loaded> {
    const loaded: Loaded = {
      index: await change(this.current.index),
      problems: [...this.current.problems.filter((p) => p.file !== file), ...problems],
    };
    this.saving = hashSources(this.config.reportsDir, this.config.vectorstoreDir).then((sources) => saveIndex(this.config, this.logger, loaded, sources, embedderState(loaded.index)));
    return loaded;
  }

  served(): readonly ServedReport[] {
    return this.current.index.reports;
  }

  /** Appends a report new to the folder (already written there) to the current index. */
  add(report: Report): Promise<ReportMeta> {
    return this.serialised(async () => {
      await this.saving;
      this.current = await this.changed(report.meta.file, (index) => extendIndex(index, [report]), unknownRegionProblems(report));
      return this.indexed(report.meta.file);
    });
  }

  /**
   * Puts a report in place of the one it replaces, the others untouched; the weights stay those of
   * the last full build until the next (`npm run ingest`), as for an added report.
   */
  replace(report: Report): Promise<ReportMeta> {
    return this.serialised(async () => {
      await this.saving;
      this.current = await this.changed(report.meta.file, (index) => replaceInIndex(index, report), unknownRegionProblems(report));
      return this.indexed(report.meta.file);
    });
  }

  /** Takes the report of a file (already gone from the folder) out of the index, the others untouched. */
  remove(file: string): Promise<void> {
    return this.serialised(async () => {
      await this.saving;
      const ids = new Set(this.current.index.reports.filter((r) => r.meta.file === file).map((r) => r.meta.id));
      this.current = await this.changed(file, (index) => removeFromIndex(index, ids), []);
    });
  }

  private indexed(file: string): ReportMeta {
    const indexed = this.current.index.reports.find((r) => r.meta.file === file);
    if (indexed) return indexed.meta;
    const problem = this.current.problems.find((p) => p.file === file);
    throw new IngestError(file, problem?.reason ?? '保存后没有被索引');
  }
}

export function logIngestProblems(logger: Logger, problems: readonly IngestProblem[]): void {
  for (const p of problems) logger.warn({ file: p.file, reason: p.reason }, p.indexed ? 'report needs attention' : 'report not ingested');
}

/** Whether the index was built by other code or with another embedder, whatever the reports. */
function builtOtherwise(manifest: IndexManifest, version: string, choice: EmbedderChoice): Staleness | undefined {
  if (manifest.embedder !== choice.id) return 'embedder changed';
  if (manifest.builderVersion !== version) return 'builder changed';
  return undefined;
}

/**
 * The saved index when it is up to date and sound; undefined (with the reason logged) otherwise.
 * An unreadable current generation falls back to the one it replaced, which serves when it is
 * still up to date (the current one was a rebuild of the same reports).
 */
async function loadSaved(config: Config, logger: Logger, choice: EmbedderChoice, pools: Pools): Promise<Loaded | undefined> {
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
      return await loadGeneration(dir, config, logger, choice, pools);
    } catch (err) {
      const next = i + 1 < generations.length ? 'trying the previous one' : 'rebuilding it';
      logger.warn({ err: (err as Error).message, dir }, `saved index is unreadable: ${next}`);
    }
  }
  return undefined;
}

/**
 * Throws when the generation is unreadable; undefined when it is out of date and must be built
 * anew. When only a few reports changed in the folder, it is loaded and brought up to date with them.
 */
async function loadGeneration(dir: string, config: Config, logger: Logger, choice: EmbedderChoice, pools: Pools): Promise<Loaded | undefined> {
  const started = performance.now();
  const manifest = await readManifest(dir);
  const otherwise = builtOtherwise(manifest, await builderVersion(), choice);
  if (otherwise) {
    logger.info({ reason: otherwise, dir }, 'saved index is out of date: rebuilding it');
    return undefined;
  }
  // Read while the reports folder is hashed, each file once verified: the folder rarely changes
  // so much that the index is built anew, and then this read is only dropped.
  const reading = readIndexFiles(dir, manifest, choice, checkGeneration(dir, INDEX_FILES, READ_FIRST).file);
  reading.catch(() => undefined);
  const sources = await hashSources(config.reportsDir, config.vectorstoreDir);
  const changes = sameSources(manifest.sources, sources) ? undefined : folderChanges(manifest.sources, sources);
  const rebuildReason = changes && fullBuildReason(changes, manifest, config.reportsDir);
  if (rebuildReason) {
    logger.info({ reason: rebuildReason, dir }, 'saved index is out of date: rebuilding it');
    return undefined;
  }
  const index = await reading;
  logger.info({ reports: index.reports.length, chunks: index.chunks.length, dir, ms: Math.round(performance.now() - started) }, 'index loaded');
  return changes ? bringUpToDate({ index, problems: manifest.problems }, changes, sources, config, logger, pools) : { index, problems: manifest.problems };
}

/** The loaded index with the folder's changes made report by report; undefined when they need a full build after all. */
async function bringUpToDate(loaded: Loaded, changes: FolderChanges, sources: Record<string, string>, config: Config, logger: Logger, pools: Pools): Promise<Loaded | undefined> {
  const started = performance.now();
  const ingest = fileIngest(changes.added.length + changes.changed.length, pools.ingest);
  const changed = await applyFolderChanges(loaded.index, loaded.problems, changes, config.reportsDir, ingest);
  if (!changed) {
    logger.info({ dir: config.reportsDir }, 'a new report repeats one already indexed: rebuilding the index');
    return undefined;
  }
  const counts = { added: changes.added.length, changed: changes.changed.length, removed: changes.removed.length };
  logger.info({ ...counts, ms: Math.round(performance.now() - started) }, 'index brought up to date with the reports folder');
  return { ...changed, unsaved: sources };
}

/**
 * Few reports are ingested in this thread (starting workers would take longer than they save);
 * many, in the worker pool, one per core. Uploads always go to a worker (see `ingestAside`).
 */
const WORKERS_FROM_FILES = 16;

function folderIngest(files: number, pool: IngestPool): FolderOptions {
  return files < WORKERS_FROM_FILES ? {} : { ingest: (file, options) => pool.ingest(file, options), concurrency: pool.threads * 2 };
}

/** How each of `files` report files is ingested: here, or in the pool when they are many. */
function fileIngest(files: number, pool: IngestPool): IngestOne {
  return folderIngest(files, pool).ingest ?? ingestFile;
}

/** Every report of the folder (which holds `files` files), parsed here or in the pool depending on how many. */
function readReportsFolder(reportsDir: string, files: number, pool: IngestPool): Promise<IngestResult> {
  return ingestFolder(reportsDir, folderIngest(files, pool));
}

/**
 * These report files of the folder, parsed here or in the pool depending on how many, each
 * admitted against the reports already served (`served`, those of these files aside): a report
 * one of them repeats is a problem of its file, not a report.
 */
export async function readNewReportFiles(reportsDir: string, files: readonly string[], served: readonly ServedReport[], pool: IngestPool): Promise<IngestResult> {
  const register = new ReportRegister(served.filter((r) => !files.includes(r.meta.file)));
  const read = await readIncoming(reportsDir, files, register, fileIngest(files.length, pool));
  return { reports: read.reports, problems: [...read.problems, ...read.repeats] };
}

/** The worker pools of a library: report files, and the tokens and features of their chunks. */
interface Pools {
  readonly ingest: IngestPool;
  readonly terms: TermsPool;
}

function buildWorkers(reports: number, pools: Pools): BuildWorkers {
  return reports < WORKERS_FROM_FILES ? IN_THIS_THREAD : { terms: pools.terms.terms, graphs: graphsOnWorkers };
}

async function buildAndSave(config: Config, logger: Logger, choice: EmbedderChoice, pools: Pools): Promise<Loaded> {
  const started = performance.now();
  const sources = await hashSources(config.reportsDir, config.vectorstoreDir);
  const { reports, problems } = await readReportsFolder(config.reportsDir, Object.keys(sources).length, pools.ingest);
  const workers = buildWorkers(reports.length, pools);
  const { index, embedder } = await buildIndex(reports, choice, workers).catch((err: Error) => {
    if (choice.kind !== 'openai') throw err;
    // The remote embedder is unreachable: serve with the offline one; the next start tries again.
    logger.error({ err: err.message, embedder: choice.id }, 'embeddings service failed: indexing with the offline embedder');
    return buildIndex(reports, chooseEmbedder({}), workers);
  });
  await saveIndex(config, logger, { index, problems }, sources, embedder.state);
  logger.info({ reports: reports.length, chunks: index.chunks.length, ms: Math.round(performance.now() - started) }, 'index built');
  return { index, problems };
}

/** Writes a new generation; a failure (a full disk) is logged: the index still serves, the next start builds it again. */
async function saveIndex(config: Config, logger: Logger, { index, problems }: Loaded, sources: Record<string, string>, state: EmbedderState): Promise<void> {
  const manifest: IndexManifest = { format: INDEX_FORMAT, builderVersion: await builderVersion(), embedder: index.embedder, builtAt: index.builtAt, sources, problems };
  try {
    await commitGeneration(config.vectorstoreDir, (dir) => writeIndexFiles(dir, index, manifest, state));
  } catch (err) {
    logger.error({ err: (err as Error).message, dir: config.vectorstoreDir }, 'could not save the index');
  }
}

/** What the embedder of a built or loaded index must save to be restored. */
function embedderState(index: SearchIndex): EmbedderState {
  return index.embeddings instanceof HashedTfidfEmbeddings ? index.embeddings.toJSON() : { kind: 'remote' };
}
