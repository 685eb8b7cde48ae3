import { siblingModule, TaskPool, WorkerTaskError, type PoolOptions } from '../workers/pool.js';
import { IngestError } from './errors.js';
import { LIMITS } from './limits.js';
import type { ReportManifest } from './manifest.js';
import type { Report } from './types.js';
import type { IngestOutcome, IngestRequest } from './worker.js';

/**
 * Report files parsed and ingested in worker threads: many at once for a folder (one per core),
 * and each under a heap cap and a time limit, so that a hostile file (a zip bomb, a PDF of
 * thousands of pages, text built to be slow) fails alone with a reason while the bot answers on.
 */

const IDLE_MS = 2_000;

function reasonOf(error: WorkerTaskError): string {
  if (error.kind === 'memory') return `解析这个文件所需内存超过 ${LIMITS.parseHeapMb} MB 上限，已停止，未导入（文件可能有问题）`;
  if (error.kind === 'timeout') return `解析这个文件超过 ${Math.round(LIMITS.parseTimeoutMs / 1000)} 秒，已停止，未导入（文件可能有问题）`;
  return `解析这个文件时工作线程意外退出（${error.message}），未导入`;
}

export class IngestPool {
  private readonly pool: TaskPool<IngestRequest, IngestOutcome>;

  constructor(options: PoolOptions = {}) {
    // Idle workers end soon: a folder's ingest is over in one go, and each worker holds its own copy of the lexicon.
    this.pool = new TaskPool(siblingModule(import.meta.url, 'worker'), { heapMb: LIMITS.parseHeapMb, timeoutMs: LIMITS.parseTimeoutMs, idleMs: IDLE_MS, ...options });
  }

  /** Workers that ingest at once. */
  get threads(): number {
    return this.pool.threads;
  }

  /** Ingests one file in a worker; throws IngestError naming the file with the reason. */
  async ingest(path: string, options: { file: string; manifest: ReportManifest }): Promise<Report> {
    let outcome: IngestOutcome;
    try {
      outcome = await this.pool.run({ path, ...options });
    } catch (err) {
      if (err instanceof WorkerTaskError) throw new IngestError(options.file, reasonOf(err));
      throw err;
    }
    if (!outcome.ok) throw new IngestError(outcome.problem.file, outcome.problem.reason);
    return outcome.report;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
