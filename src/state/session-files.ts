/**
 * Sessions of a bot running as one process: the files under DATA_DIR/sessions are their copy on
 * disk, memory their working copy. A key read once is answered from memory afterwards, and a write
 * returns at once and reaches its file behind the answer, the latest value of a key only. With
 * every read and write a round of file calls, the three parts of a session cost a busy bot more of
 * its main thread than answering did, and each chat's next question waited for its files.
 * `flush()` (on shutdown) waits until every write has reached its file.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { StorageAdapter } from 'grammy';

/** Where the sessions' texts are read and written. */
export type SessionDisk = StorageAdapter<string>;

const missing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * The files of one session part, laid out as @grammyjs/storage-file lays them out (DIR/<the key's
 * last two characters>/<key>.json), so sessions an earlier version wrote are read. Its adapter
 * asked for the folder before every write; here a folder is made when a write finds it missing.
 */
export function sessionDisk(dir: string): SessionDisk {
  const fileOf = (key: string) => path.join(dir, key.slice(-2), `${key}.json`);
  return {
    read: (key) =>
      readFile(fileOf(key), 'utf8').catch((error: unknown) => {
        if (missing(error)) return undefined;
        throw error;
      }),
    async write(key, text) {
      const file = fileOf(key);
      try {
        await writeFile(file, text);
      } catch (error) {
        if (!missing(error)) throw error;
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, text);
      }
    },
    delete: (key) => rm(fileOf(key), { force: true }),
  };
}

/** Keys kept in memory beyond those waiting to be written: the chats of a busy day, not every chat ever. */
const KEPT_KEYS = 10_000;

/** A session file cut short by a crash is forgotten (the part starts afresh) instead of failing every update. */
function parseOrForget<T>(json: string | undefined): T | undefined {
  if (json === undefined) return undefined;
  try {
    return JSON.parse(json) as T;
  } catch {
    return undefined;
  }
}

export class SessionFiles<T> implements StorageAdapter<T> {
  /** Each key's text as its file holds it (or will, once written); undefined: no file. In order of use, oldest first. */
  private readonly kept = new Map<string, string | undefined>();
  /** Keys whose latest text is not in their file yet. */
  private readonly unwritten = new Set<string>();
  /** The write under way of each key. */
  private readonly writing = new Map<string, Promise<void>>();

  constructor(
    private readonly disk: SessionDisk,
    private readonly onWriteError: (key: string, error: unknown) => void,
    private readonly capacity = KEPT_KEYS,
  ) {}

  async read(key: string): Promise<T | undefined> {
    if (!this.kept.has(key)) {
      const text = await this.disk.read(key);
      // A write that came while the file was being read is newer than the file.
      if (!this.kept.has(key)) this.kept.set(key, text);
    }
    const text = this.kept.get(key);
    this.keep(key, text);
    // Parsed anew at each read: the handler may change the object it gets, and that must not change what was stored.
    return parseOrForget<T>(text);
  }

  write(key: string, value: T): void {
    this.change(key, JSON.stringify(value));
  }

  delete(key: string): void {
    this.change(key, undefined);
  }

  /** Resolves once every write so far has reached its file. */
  async flush(): Promise<void> {
    while (this.writing.size > 0) await Promise.all(this.writing.values());
  }

  private change(key: string, text: string | undefined): void {
    this.keep(key, text);
    this.unwritten.add(key);
    if (!this.writing.has(key)) this.writing.set(key, this.writeOut(key));
  }

  /** Writes the key's latest text until none is left unwritten: turns that came meanwhile are one write. */
  private async writeOut(key: string): Promise<void> {
    try {
      while (this.unwritten.delete(key)) {
        const text = this.kept.get(key);
        try {
          await (text === undefined ? this.disk.delete(key) : this.disk.write(key, text));
        } catch (error) {
          this.onWriteError(key, error);
        }
      }
    } finally {
      this.writing.delete(key);
    }
  }

  /** Marks the key the latest used, forgetting the oldest keys whose files hold their text. */
  private keep(key: string, text: string | undefined): void {
    this.kept.delete(key);
    this.kept.set(key, text);
    for (const oldest of this.kept.keys()) {
      if (this.kept.size <= this.capacity || oldest === key) break;
      // A key with text not yet in its file has its write under way (writeOut ends once none is left).
      if (!this.writing.has(oldest)) this.kept.delete(oldest);
    }
  }
}
