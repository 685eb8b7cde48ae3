import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { compiledCounterpart } from './compiled-module.js';

/**
 * Worker threads for the CPU-heavy steps (chart rendering, parsing and ingesting report files),
 * so that the thread answering chats never waits behind them. A task module's default export
 * handles one request. A pool may cap each worker's heap and each task's time: a task that
 * passes either fails alone with a `WorkerTaskError` and its worker is replaced, while the
 * process and the other tasks go on.
 */

export interface PoolOptions {
  /** Workers at most (default: one per core). */
  readonly threads?: number;
  /** Heap of each worker, MB: a task needing more fails with kind 'memory'. */
  readonly heapMb?: number;
  /** Time of each task from when it is queued (a worker's start-up included), ms: a task taking longer fails with kind 'timeout'. */
  readonly timeoutMs?: number;
  /** Idle workers end after this long, ms (they start again on demand). */
  readonly idleMs?: number;
  /** Keep the workers running while idle (no start-up cost on the next task). */
  readonly keepAlive?: boolean;
  /** Run the workers at a lower scheduling priority, so the thread answering chats comes first. */
  readonly background?: boolean;
}

export type TaskFailure = 'timeout' | 'memory' | 'crashed';

export class WorkerTaskError extends Error {
  constructor(
    readonly kind: TaskFailure,
    message: string,
  ) {
    super(message);
  }
}

const DEFAULT_IDLE_MS = 60_000;
/** How much lower (nice) a background worker thread runs: the answering thread takes the CPU when it needs it. */
const BACKGROUND_NICE = 10;

/** How many workers a pool may use by default: the cores the process may run on. */
export function defaultThreads(): number {
  return Math.max(1, os.availableParallelism());
}

/**
 * The task module `name` beside the calling module, with the caller's extension: `.js` in the
 * compiled program, `.ts` under tsx and vitest.
 */
export function siblingModule(callerUrl: string, name: string): URL {
  return new URL(`./${name}${path.extname(new URL(callerUrl).pathname)}`, callerUrl);
}

/**
 * Under tsx or vitest the task module is TypeScript, which a bare worker cannot load: its compiled
 * counterpart runs when up to date, else the worker registers tsx first.
 */
function entryOf(tasksModule: URL): { filename: string; workerData?: { tasksModule: string } } {
  const runnable = tasksModule.pathname.endsWith('.ts') ? compiledCounterpart(tasksModule) : tasksModule;
  if (runnable) return { filename: fileURLToPath(runnable) };
  return { filename: fileURLToPath(new URL('./tsx-entry.mjs', import.meta.url)), workerData: { tasksModule: tasksModule.href } };
}

function failure(error: unknown, timeoutMs: number | undefined, heapMb: number | undefined): Error {
  const e = error as NodeJS.ErrnoException;
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError') return new WorkerTaskError('timeout', `took longer than ${timeoutMs} ms`);
  if (e?.code === 'ERR_WORKER_OUT_OF_MEMORY') return new WorkerTaskError('memory', `needed more than ${heapMb} MB of memory`);
  if (e?.code?.startsWith('ERR_WORKER')) return new WorkerTaskError('crashed', e.message);
  return error instanceof Error ? error : new Error(String(error));
}

export class TaskPool<Request, Response> {
  private readonly piscina: Piscina;

  constructor(
    tasksModule: URL,
    private readonly options: PoolOptions = {},
  ) {
    const threads = options.threads ?? defaultThreads();
    this.piscina = new Piscina({
      ...entryOf(tasksModule),
      minThreads: options.keepAlive ? threads : 0,
      maxThreads: threads,
      idleTimeout: options.idleMs ?? DEFAULT_IDLE_MS,
      ...(options.heapMb ? { resourceLimits: { maxOldGenerationSizeMb: options.heapMb } } : {}),
      ...(options.background ? { niceIncrement: BACKGROUND_NICE } : {}),
    });
  }

  get threads(): number {
    return this.piscina.maxThreads;
  }

  /** Runs one request on a worker; `transfer` lists buffers moved rather than copied. */
  async run(request: Request, transfer?: readonly ArrayBuffer[]): Promise<Response> {
    const { timeoutMs, heapMb } = this.options;
    try {
      return (await this.piscina.run(request, {
        ...(timeoutMs ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
        ...(transfer ? { transferList: [...transfer] } : {}),
      })) as Response;
    } catch (error) {
      throw failure(error, timeoutMs, heapMb);
    }
  }

  /** Ends the workers (a running task fails). */
  close(): Promise<void> {
    return this.piscina.destroy();
  }
}
