import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';
import path from 'node:path';
import { LIMITS } from '../ingest/limits.js';
import { sourceHash } from '../ingest/source-hash.js';

/** Files hashed at once: reading them one by one waits on the disk a thousand times at start-up. */
const PARALLEL_READS = 32;

/** Every file in the folder (sub-folders included, hidden files not), relative to it. */
async function listSources(reportsDir: string, dir = reportsDir): Promise<string[]> {
  // A missing or unreadable folder is reported by ingest, by name; here it has no files.
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listSources(reportsDir, full)));
    else if (entry.isFile()) files.push(path.relative(reportsDir, full));
  }
  return files;
}

/**
 * A file's identity for telling whether the index is up to date: sha256 of its bytes; for a file
 * too large to be a report (an archive, a video), which is never read, its size and time.
 * `known` gives the identities of files unchanged since they were last hashed (see `HashCache`).
 */
async function identityOf(file: string, known: HashCache): Promise<string> {
  const info = await stat(file, { bigint: true }).catch(() => undefined);
  if (!info) return 'unreadable';
  if (info.size > LIMITS.fileBytes) return `large:${info.size}:${Math.round(Number(info.mtimeMs))}`;
  const key = statKey(info);
  const cached = known.hashOf(file, key);
  if (cached) return cached;
  const hash = await readFile(file).then(sourceHash, () => undefined);
  if (!hash) return 'unreadable';
  known.record(file, key, hash, info.mtimeNs);
  return hash;
}

/** What changes whenever a file's bytes do: size, inode, and modification and change times in nanoseconds. */
function statKey(info: BigIntStats): string {
  return `${info.size}:${info.ino}:${info.mtimeNs}:${info.ctimeNs}`;
}

/**
 * The last hash of each file with its stat key, kept beside the index so that a start does not
 * read and hash every report again (10,000 reports are 180 MB: a second and a half). As git does
 * with its index, a file whose modification time is within `RACY_NS` of its hashing is hashed
 * again next time: an edit in the same clock tick could leave the stat key unchanged. Only a cache:
 * a missing or unreadable file means hashing everything.
 */
const CACHE_FILE = 'source-hashes.json';
const RACY_NS = 2_000_000_000n;

interface CachedHash {
  readonly key: string;
  readonly hash: string;
}

class HashCache {
  private readonly fresh: Record<string, CachedHash> = {};
  private changed = false;

  constructor(private readonly saved: Readonly<Record<string, CachedHash>>) {}

  static async read(dir: string | undefined): Promise<HashCache> {
    const saved = dir ? await readFile(path.join(dir, CACHE_FILE), 'utf8').then((json) => JSON.parse(json) as unknown).catch(() => undefined) : undefined;
    return new HashCache(typeof saved === 'object' && saved !== null ? (saved as Record<string, CachedHash>) : {});
  }

  hashOf(file: string, key: string): string | undefined {
    const entry = this.saved[file];
    if (entry?.key !== key || typeof entry.hash !== 'string') return undefined;
    this.fresh[file] = entry;
    return entry.hash;
  }

  record(file: string, key: string, hash: string, mtimeNs: bigint): void {
    const hashedNs = BigInt(Date.now()) * 1_000_000n;
    this.changed = true;
    if (hashedNs - mtimeNs > RACY_NS) this.fresh[file] = { key, hash };
  }

  /** Writes the entries of the files seen this time (write-and-rename: a reader never sees half a file); a failure leaves the cache as it was. */
  async write(dir: string | undefined, files: number): Promise<void> {
    if (!dir || (!this.changed && Object.keys(this.fresh).length === files)) return;
    const temp = path.join(dir, `${CACHE_FILE}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(temp, JSON.stringify(this.fresh));
      await rename(temp, path.join(dir, CACHE_FILE));
    } catch {
      await rm(temp, { force: true }).catch(() => undefined);
    }
  }
}

/**
 * The identity of every file in the reports folder (sub-folders included, hidden files not), by
 * relative path. With `cacheDir` (the index's folder), files unchanged since their last hashing are not read.
 */
export async function hashSources(reportsDir: string, cacheDir?: string): Promise<Record<string, string>> {
  const files = (await listSources(reportsDir)).sort((a, b) => a.localeCompare(b));
  const cache = await HashCache.read(cacheDir);
  const hashes: string[] = [];
  for (let i = 0; i < files.length; i += PARALLEL_READS) {
    const batch = files.slice(i, i + PARALLEL_READS);
    for (const hash of await Promise.all(batch.map((file) => identityOf(path.join(reportsDir, file), cache)))) hashes.push(hash);
  }
  await cache.write(cacheDir, files.length);
  return Object.fromEntries(files.map((file, i) => [file, hashes[i]!]));
}

export function sameSources(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
