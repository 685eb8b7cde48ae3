import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config.js';
import { sourceHash } from '../ingest/source-hash.js';
import { IngestError, ingestFolder, isReportFileName, readManifest as readReportManifest, reportKeyOf, SUPPORTED_EXTENSIONS, type FolderOptions, type ReportManifest } from '../ingest/index.js';
import { fileTooLarge } from '../ingest/limits.js';
import { IngestPool } from '../ingest/pool.js';
import type { IngestProblem, Report, ReportMeta } from '../ingest/types.js';
import type { Logger } from '../logger.js';
import { builderVersion } from './builder-version.js';
import { chooseEmbedder, HashedTfidfEmbeddings, type EmbedderChoice, type EmbedderState } from './embeddings.js';
import { commitGeneration, removeLeftovers, savedGenerations, verifyGeneration } from './generations.js';
import { INDEX_FILES, INDEX_FORMAT, readIndexFiles, readManifest, writeIndexFiles, type IndexManifest } from './index-files.js';
import { buildIndex, extendIndex, type SearchIndex } from './search-index.js';
import { safeFileName } from './file-names.js';
import { VERSION_KEY_LENGTH, VersionStore, writeAtomically, type ReportVersion } from './report-versions.js';
import { hashSources, sameSources } from './sources.js';
import { termsHere, TermsPool } from './terms-pool.js';

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
  }

  /**
   * Loads the saved index, or builds it when missing, stale or corrupt (logged, never thrown).
   * `rebuild` builds it anew without loading it first (`npm run ingest`).
   */
  static async open(config: Config, logger: Logger, options: { rebuild?: boolean } = {}): Promise<Library> {
    const choice = chooseEmbedder(config);
    const pools: Pools = { ingest: new IngestPool(), terms: new TermsPool() };
    const saved = options.rebuild ? undefined : await loadSaved(config, logger, choice);
    const loaded = saved ?? (await buildAndSave(config, logger, choice, pools));
    logIngestProblems(logger, loaded.problems);
    return new Library(config, logger, choice, pools, loaded);
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

  /** Resolves once the index of the last added report is saved (it serves before that). */
  saved(): Promise<void> {
    return this.saving;
  }

  /**
   * An uploaded report, which never destroys anything: its bytes are kept as a version first;
   * identical content is refused; a report whose file name or whose bureau, year and period an
   * existing report already has waits for an admin's `replace` (the old one stays a version);
   * anything else is added. It is parsed in a worker (heap cap, time limit) before the library
   * changes; an `IngestError` says why it was refused, and leaves everything as it was.
   */
  upload(originalName: string, bytes: Uint8Array, by?: number): Promise<UploadOutcome> {
    const file = safeFileName(originalName);
    if (!isReportFileName(file)) {
      return Promise.reject(new IngestError(file, `“${file}”不是报告文件名（只导入 ${SUPPORTED_EXTENSIONS.join(' ')}，说明文件和 manifest.json 不算报告）`));
    }
    const tooLarge = fileTooLarge(bytes.byteLength);
    if (tooLarge) return Promise.reject(new IngestError(file, tooLarge));
    return this.serialised(async () => {
      const hash = sourceHash(bytes);
      // The index knows every report's hash: no need to read the folder again.
      const same = this.current.index.reports.find((r) => r.sourceHash === hash);
      if (same) return { kind: 'duplicate', existing: same.meta.file };
      const report = await ingestAside(file, bytes, readReportManifest(this.config.reportsDir), this.pools.ingest);
      const { meta } = report;
      const version = await this.keep(() => this.versions.save(bytes, { file, originalName, ...(by !== undefined ? { by } : {}) }), file);
      const existing = this.current.index.reports.find((r) => r.meta.file === file || sameReport(r.meta, meta));
      if (existing) return { kind: 'conflict', version, meta, existing: existing.meta };
      return { kind: 'added', meta: await this.install(version, bytes, file, report) };
    });
  }

  /** Puts a kept version in place of the report it conflicted with (or that it was), keeping that one as a version. */
  replaceWith(key: string, by?: number): Promise<ReportMeta> {
    return this.serialised(async () => {
      const version = await this.versions.find(key);
      if (!version) throw new IngestError(key, '找不到这个版本（可能已处理过）');
      const bytes = await this.versions.bytes(version);
      const { meta } = await ingestAside(version.file, bytes, readReportManifest(this.config.reportsDir), this.pools.ingest);
      const replaced = this.current.index.reports.find((r) => r.meta.file === version.file || sameReport(r.meta, meta));
      const target = replaced?.meta.file ?? version.file;
      if (replaced) {
        const old = await readFile(path.join(this.config.reportsDir, target));
        await this.keep(() => this.versions.save(old, { file: target, originalName: target, ...(by !== undefined ? { by } : {}) }), target);
      }
      return this.install(version, bytes, target);
    });
  }

  /** The current index with one more report; its generation is written while questions are answered from it. */
  private async appended(report: Report): Promise<Loaded> {
    const loaded: Loaded = {
      index: await extendIndex(this.current.index, report),
      problems: [...this.current.problems.filter((p) => p.file !== report.meta.file), ...regionProblem(report)],
    };
    this.saving = hashSources(this.config.reportsDir).then((sources) => saveIndex(this.config, this.logger, loaded, sources, embedderState(loaded.index)));
    return loaded;
  }

  /** Every kept version, newest first. */
  async listVersions(): Promise<ReportVersion[]> {
    return (await this.versions.list()).reverse();
  }

  private get versions(): VersionStore {
    return new VersionStore(this.config.reportsDir);
  }

  /**
   * Writes the report file (aside, then renamed) and brings it into the index: a new report
   * (`newReport`, already ingested) is appended to the current index, which is saved in the
   * background; a replaced one rebuilds it. Returns the report as indexed.
   */
  private async install(version: ReportVersion, bytes: Uint8Array, target: string, newReport?: Report): Promise<ReportMeta> {
    await this.keep(() => writeAtomically(path.join(this.config.reportsDir, target), bytes), target);
    await this.saving;
    if (newReport) this.current = await this.appended(newReport);
    else this.current = await buildAndSave(this.config, this.logger, this.embedderChoice, this.pools);
    const indexed = this.current.index.reports.find((r) => r.meta.file === target);
    if (!indexed) {
      const problem = this.current.problems.find((p) => p.file === target);
      throw new IngestError(target, problem?.reason ?? '保存后没有被索引');
    }
    this.logger.info({ file: target, version: version.hash.slice(0, VERSION_KEY_LENGTH), report: indexed.meta.id }, 'report added');
    return indexed.meta;
  }

  /** A write that fails for lack of room or rights is a reason for the admin, the library as it was. */
  private async keep<T>(write: () => Promise<T>, file: string): Promise<T> {
    try {
      return await write();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC') throw new IngestError(file, '服务器磁盘已满，报告没有保存；原有报告和索引不受影响');
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new IngestError(file, `报告文件夹不可写（${code}），报告没有保存`);
      throw err;
    }
  }

  private serialised<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** An appended report whose region stays unknown is listed for an admin, as in a folder ingest. */
function regionProblem(report: Report): IngestProblem[] {
  return report.meta.region ? [] : [{ file: report.meta.file, reason: '没有识别出地区：已导入，但回答里不会有地区名；请在 manifest.json 中为它设置 region', indexed: true }];
}

/** Two files of one report: the same bureau, year and period (a corrected version, a copy in another format). */
function sameReport(a: ReportMeta, b: ReportMeta): boolean {
  const key = reportKeyOf({ meta: a });
  return key !== undefined && key === reportKeyOf({ meta: b });
}

/** What became of an upload. */
export type UploadOutcome =
  | { readonly kind: 'added'; readonly meta: ReportMeta }
  /** The same bytes are already a report: nothing to do. */
  | { readonly kind: 'duplicate'; readonly existing: string }
  /** Kept as a version, waiting for `replaceWith(version key)`: the existing report is untouched. */
  | { readonly kind: 'conflict'; readonly version: ReportVersion; readonly meta: ReportMeta; readonly existing: ReportMeta };

/** Parses an upload in a worker (heap cap, time limit) before anything of the library changes. */
async function ingestAside(name: string, bytes: Uint8Array, manifest: ReportManifest, pool: IngestPool): Promise<Report> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'report-upload-'));
  try {
    const file = path.join(dir, name);
    await writeFile(file, bytes);
    return await pool.ingest(file, { manifest, file: name });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function logIngestProblems(logger: Logger, problems: readonly IngestProblem[]): void {
  for (const p of problems) logger.warn({ file: p.file, reason: p.reason }, p.indexed ? 'report needs attention' : 'report not ingested');
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

/** The worker pools of a library: report files, and the tokens and features of their chunks. */
interface Pools {
  readonly ingest: IngestPool;
  readonly terms: TermsPool;
}

async function buildAndSave(config: Config, logger: Logger, choice: EmbedderChoice, pools: Pools): Promise<Loaded> {
  const started = performance.now();
  const sources = await hashSources(config.reportsDir);
  const { reports, problems } = await ingestFolder(config.reportsDir, folderIngest(Object.keys(sources).length, pools.ingest));
  const terms = reports.length < WORKERS_FROM_FILES ? termsHere : pools.terms.terms;
  const { index, embedder } = await buildIndex(reports, choice, terms).catch((err: Error) => {
    if (choice.kind !== 'openai') throw err;
    // The remote embedder is unreachable: serve with the offline one; the next start tries again.
    logger.error({ err: err.message, embedder: choice.id }, 'embeddings service failed: indexing with the offline embedder');
    return buildIndex(reports, chooseEmbedder({}), terms);
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
