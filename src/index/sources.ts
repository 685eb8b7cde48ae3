import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sourceHash } from '../ingest/source-hash.js';

/** Files hashed at once: reading them one by one waits on the disk a thousand times at start-up. */
const PARALLEL_READS = 32;

/** Every file in the folder (sub-folders included, hidden files not), relative to it. */
async function listSources(reportsDir: string, dir = reportsDir): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listSources(reportsDir, full)));
    else if (entry.isFile()) files.push(path.relative(reportsDir, full));
  }
  return files;
}

/** sha256 of every file in the reports folder (sub-folders included, hidden files not), by relative path. */
export async function hashSources(reportsDir: string): Promise<Record<string, string>> {
  const files = (await listSources(reportsDir)).sort((a, b) => a.localeCompare(b));
  const hashes: string[] = [];
  for (let i = 0; i < files.length; i += PARALLEL_READS) {
    const batch = files.slice(i, i + PARALLEL_READS);
    hashes.push(...(await Promise.all(batch.map(async (file) => sourceHash(await readFile(path.join(reportsDir, file)))))));
  }
  return Object.fromEntries(files.map((file, i) => [file, hashes[i]!]));
}

export function sameSources(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
