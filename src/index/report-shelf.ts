import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config.js';
import { IngestError, isReportFileName, readManifest, reportKeyOf, SUPPORTED_EXTENSIONS, type ReportManifest } from '../ingest/index.js';
import { fileTooLarge } from '../ingest/limits.js';
import type { IngestPool } from '../ingest/pool.js';
import { sourceHash } from '../ingest/source-hash.js';
import type { Report, ReportMeta } from '../ingest/types.js';
import type { Logger } from '../logger.js';
import { safeFileName } from './file-names.js';
import { serialQueue, type SerialQueue } from './serial-queue.js';
import { VERSION_KEY_LENGTH, VersionStore, writeAtomically, type ReportVersion } from './report-versions.js';

/** A report being served, with the identity of its source bytes. */
export interface ServedReport {
  readonly meta: ReportMeta;
  readonly sourceHash: string;
}

/** What serves the shelf's reports: this process's index, or the corpus in PostgreSQL. */
export interface ServingTarget {
  served(): readonly ServedReport[];
  /** Serves a report new to the folder; returns it as served, or throws an `IngestError` saying why not. */
  add(report: Report): Promise<ReportMeta>;
  /** Serves a report whose file (already written) replaced the one of the same name. */
  replace(report: Report): Promise<ReportMeta>;
  /** Stops serving the report of a file already taken out of the folder. */
  remove(file: string): Promise<void>;
}

/** What became of an upload. */
export type UploadOutcome =
  | { readonly kind: 'added'; readonly meta: ReportMeta }
  /** The same bytes are already a report: nothing to do. */
  | { readonly kind: 'duplicate'; readonly existing: string }
  /** Kept as a version, waiting for `replaceWith(version key)`: the existing report is untouched. */
  | { readonly kind: 'conflict'; readonly version: ReportVersion; readonly meta: ReportMeta; readonly existing: ReportMeta };

/**
 * The reports folder as users change it: uploads and the versions they leave. An upload never
 * destroys anything: its bytes are kept as a version first; identical content is refused; a report
 * whose file name or whose bureau, year and period an existing report already has waits for an
 * admin's `replace` (the old one stays a version); anything else is added. It is parsed in a worker
 * (heap cap, time limit) before anything changes; an `IngestError` says why it was refused.
 */
export class ReportShelf {
  private readonly serialised: SerialQueue = serialQueue();
  private readonly versions: VersionStore;

  constructor(
    private readonly config: Config,
    private readonly target: ServingTarget,
    private readonly pool: IngestPool,
    private readonly logger: Logger,
  ) {
    this.versions = new VersionStore(config.reportsDir);
  }

  upload(originalName: string, bytes: Uint8Array, by?: number): Promise<UploadOutcome> {
    const file = safeFileName(originalName);
    if (!isReportFileName(file)) {
      return Promise.reject(new IngestError(file, `“${file}”不是报告文件名（只导入 ${SUPPORTED_EXTENSIONS.join(' ')}，说明文件和 manifest.json 不算报告）`));
    }
    const tooLarge = fileTooLarge(bytes.byteLength);
    if (tooLarge) return Promise.reject(new IngestError(file, tooLarge));
    return this.serialised(async () => {
      const hash = sourceHash(bytes);
      const same = this.target.served().find((r) => r.sourceHash === hash);
      if (same) return { kind: 'duplicate', existing: same.meta.file };
      const report = await this.parse(file, bytes);
      const { meta } = report;
      const version = await this.keep(() => this.versions.save(bytes, { file, originalName, ...(by !== undefined ? { by } : {}) }), file);
      const existing = this.target.served().find((r) => r.meta.file === file || sameReport(r.meta, meta));
      if (existing) return { kind: 'conflict', version, meta, existing: existing.meta };
      await this.keep(() => writeAtomically(path.join(this.config.reportsDir, file), bytes), file);
      return { kind: 'added', meta: await this.served(version, this.target.add(report)) };
    });
  }

  /** Puts a kept version in place of the report it conflicted with (or that it was), keeping that one as a version. */
  replaceWith(key: string, by?: number): Promise<ReportMeta> {
    return this.serialised(async () => {
      const version = await this.versions.find(key);
      if (!version) throw new IngestError(key, '找不到这个版本（可能已处理过）');
      const bytes = await this.versions.bytes(version);
      const parsed = await this.parse(version.file, bytes);
      const replaced = this.target.served().find((r) => r.meta.file === version.file || sameReport(r.meta, parsed.meta));
      const target = replaced?.meta.file ?? version.file;
      if (replaced) {
        const old = await readFile(path.join(this.config.reportsDir, target));
        await this.keep(() => this.versions.save(old, { file: target, originalName: target, ...(by !== undefined ? { by } : {}) }), target);
      }
      // Under the name it replaces, so that it takes that report's id.
      const report = target === version.file ? parsed : await this.parse(target, bytes);
      await this.keep(() => writeAtomically(path.join(this.config.reportsDir, target), bytes), target);
      return this.served(version, this.target.replace(report));
    });
  }

  /** Served reports an admin's words name: the one of that file name or id, else those whose file, region, bureau or title hold them. */
  matching(query: string): ReportMeta[] {
    const words = query.trim().toLowerCase();
    if (!words) return [];
    const metas = this.target.served().map((r) => r.meta);
    const exact = metas.filter((m) => m.file.toLowerCase() === words || m.id.toLowerCase() === words);
    if (exact.length > 0) return exact;
    return metas.filter((m) => [m.file, m.region, m.bureau, m.title].some((field) => field.toLowerCase().includes(words)));
  }

  /**
   * Takes a served report out: its bytes are kept as a version first (restorable like any other),
   * then its file leaves the folder and the report the index. Returns what was served.
   */
  remove(file: string, by?: number): Promise<ReportMeta> {
    return this.serialised(async () => {
      const served = this.target.served().find((r) => r.meta.file === file);
      if (!served) throw new IngestError(file, '没有这份报告（可能已删除）');
      const source = path.join(this.config.reportsDir, file);
      const bytes = await this.keep(() => readFile(source), file);
      const version = await this.keep(() => this.versions.save(bytes, { file, originalName: file, ...(by !== undefined ? { by } : {}) }), file);
      await this.keep(() => rm(source), file);
      await this.target.remove(file);
      this.logger.info({ file, version: version.hash.slice(0, VERSION_KEY_LENGTH), report: served.meta.id }, 'report removed');
      return served.meta;
    });
  }

  /** Every kept version, newest first. */
  async listVersions(): Promise<ReportVersion[]> {
    return (await this.versions.list()).reverse();
  }

  private async served(version: ReportVersion, serving: Promise<ReportMeta>): Promise<ReportMeta> {
    const meta = await serving;
    this.logger.info({ file: meta.file, version: version.hash.slice(0, VERSION_KEY_LENGTH), report: meta.id }, 'report added');
    return meta;
  }

  /** Parses report bytes in a worker (heap cap, time limit) before anything of the shelf changes. */
  private async parse(name: string, bytes: Uint8Array): Promise<Report> {
    const manifest: ReportManifest = readManifest(this.config.reportsDir);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'report-upload-'));
    try {
      const file = path.join(dir, name);
      await writeFile(file, bytes);
      return await this.pool.ingest(file, { manifest, file: name });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** A write that fails for lack of room or rights is a reason for the admin, the shelf as it was. */
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
}

/** Two files of one report: the same bureau, year and period (a corrected version, a copy in another format). */
function sameReport(a: ReportMeta, b: ReportMeta): boolean {
  const key = reportKeyOf({ meta: a });
  return key !== undefined && key === reportKeyOf({ meta: b });
}
