/**
 * A bot worker as its own process (`node dist/main.js`, what `npm start` runs, so a signal reaches
 * the bot itself), with its JSON log lines collected: which updates it handled, when it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

type Json = Record<string, any>;

export class WorkerProcess {
  readonly logs: Json[] = [];
  private stderr = '';

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    onLog: () => void,
  ) {
    let partial = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        try {
          this.logs.push(JSON.parse(line));
        } catch {
          continue;
        }
        onLog();
      }
    });
  }

  /** Starts the worker; resolves once it logs 'bot started' (rejects with its output if it exits first). */
  static async start(name: string, env: NodeJS.ProcessEnv, onLog: () => void = () => undefined): Promise<WorkerProcess> {
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const worker = new WorkerProcess(name, child, onLog);
    await new Promise<void>((resolve, reject) => {
      const check = setInterval(() => {
        if (!worker.logs.some((l) => l.msg === 'bot started')) return;
        clearInterval(check);
        resolve();
      }, 50);
      child.once('exit', () => {
        clearInterval(check);
        reject(new Error(`${name} exited before starting:\n${worker.stderr}`));
      });
    });
    return worker;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Update ids this worker logged as done (one 'update' line each). */
  handled(): number[] {
    return this.logs.filter((l) => l.msg === 'update').map((l) => l.update as number);
  }

  errors(): Json[] {
    return this.logs.filter((l) => l.level >= 50);
  }

  /** Resident and peak resident memory in bytes, from /proc. */
  async memory(): Promise<{ rss: number; peak: number }> {
    const status = await readFile(`/proc/${this.pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  }

  /** CPU time used so far (user + system), in seconds, from /proc (clock ticks of 1/100 s). */
  async cpuSeconds(): Promise<number> {
    const stat = await readFile(`/proc/${this.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  }

  /** Sends the signal and resolves with how the process ended. */
  async stop(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.running) return { code: this.child.exitCode, signal: this.child.signalCode };
    const exit = once(this.child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    this.child.kill(signal);
    const [code, endedBy] = await exit;
    return { code, signal: endedBy };
  }
}
