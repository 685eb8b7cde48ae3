import { readdir, readFile, stat } from 'node:fs/promises';
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
 */
async function identityOf(file: string): Promise<string> {
  const info = await stat(file).catch(() => undefined);
  if (!info) return 'unreadable';
  if (info.size > LIMITS.fileBytes) return `large:${info.size}:${Math.round(info.mtimeMs)}`;
  return readFile(file).then(sourceHash, () => 'unreadable');
}

/** The identity of every file in the reports folder (sub-folders included, hidden files not), by relative path. */
export async function hashSources(reportsDir: string): Promise<Record<string, string>> {
  const files = (await listSources(reportsDir)).sort((a, b) => a.localeCompare(b));
  const hashes: string[] = [];
  for (let i = 0; i < files.length; i += PARALLEL_READS) {
    const batch = files.slice(i, i + PARALLEL_READS);
    for (const hash of await Promise.all(batch.map((file) => identityOf(path.join(reportsDir, file))))) hashes.push(hash);
  }
  return Object.fromEntries(files.map((file, i) => [file, hashes[i]!]));
}

export function sameSources(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
