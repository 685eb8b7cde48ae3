import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sourceHash } from '../ingest/source-hash.js';

/**
 * Every version of every report file that came through an upload, kept by content hash in the
 * hidden folder `reports/.versions/` (ingest and the index skip hidden files): a replaced report
 * can always be restored. `versions.json` lists them with their stored and original names.
 */

export interface ReportVersion {
  /** sha256 of the bytes; the first 12 hex digits name it in buttons. */
  readonly hash: string;
  /** The file name in the reports folder this version was (or would be) stored under. */
  readonly file: string;
  /** The name it was uploaded with, as sent (may hold anything). */
  readonly originalName: string;
  readonly savedAt: string;
  /** Telegram user who uploaded it. */
  readonly by?: number;
}

const FOLDER = '.versions';
const LIST = 'versions.json';
export const VERSION_KEY_LENGTH = 12;

export class VersionStore {
  private readonly dir: string;

  constructor(reportsDir: string) {
    this.dir = path.join(reportsDir, FOLDER);
  }

  async list(): Promise<ReportVersion[]> {
    try {
      const parsed = JSON.parse(await readFile(path.join(this.dir, LIST), 'utf8')) as unknown;
      return Array.isArray(parsed) ? (parsed as ReportVersion[]) : [];
    } catch {
      return [];
    }
  }

  /** The version whose hash starts with `key`. */
  async find(key: string): Promise<ReportVersion | undefined> {
    return key.length >= VERSION_KEY_LENGTH ? (await this.list()).find((v) => v.hash.startsWith(key)) : undefined;
  }

  /** Keeps these bytes (once per content) and records the version; returns it. */
  async save(bytes: Uint8Array, info: Omit<ReportVersion, 'hash' | 'savedAt'>): Promise<ReportVersion> {
    await mkdir(this.dir, { recursive: true });
    const hash = sourceHash(bytes);
    await writeAtomically(this.contentFile(hash, info.file), bytes);
    const versions = await this.list();
    const existing = versions.find((v) => v.hash === hash && v.file === info.file);
    if (existing) return existing;
    const version: ReportVersion = { hash, savedAt: new Date().toISOString(), ...info };
    await writeAtomically(path.join(this.dir, LIST), JSON.stringify([...versions, version], null, 1));
    return version;
  }

  bytes(version: ReportVersion): Promise<Buffer> {
    return readFile(this.contentFile(version.hash, version.file));
  }

  private contentFile(hash: string, file: string): string {
    return path.join(this.dir, `${hash}${path.extname(file).toLowerCase()}`);
  }
}

/** Written aside, then renamed: a crash or a full disk leaves the old file or none, never half of one. */
export async function writeAtomically(file: string, bytes: Uint8Array | string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await writeFile(temp, bytes);
  await rename(temp, file);
}
