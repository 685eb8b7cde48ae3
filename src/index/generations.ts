import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Atomic, crash-safe directories of files. Each save writes a fresh generation directory aside,
 * fsyncs it, then switches the `CURRENT` pointer file by rename; a crash at any point leaves the
 * previous generation current. Every file's sha256 is recorded in the generation's `checksums.json`
 * (written last), so a truncated or altered file is detected on load.
 */

const POINTER = 'CURRENT';
const CHECKSUMS = 'checksums.json';
const GENERATION = /^gen-[0-9a-z-]+$/;
/** Another process may still be writing a younger generation that is not current yet. */
const STALE_AFTER_MS = 10 * 60_000;

export class CorruptGenerationError extends Error {}

export type GenerationWriter = (dir: string) => Promise<void>;

async function fsyncPath(p: string): Promise<void> {
  const handle = await open(p, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function sha256File(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

async function writeFileDurably(file: string, content: string): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes a new generation with `write`, then makes it current. Returns its directory. */
export async function commitGeneration(root: string, write: GenerationWriter): Promise<string> {
  await mkdir(root, { recursive: true });
  const name = `gen-${Date.now().toString(36)}-${process.pid.toString(36)}-${randomBytes(4).toString('hex')}`;
  const dir = path.join(root, name);
  await mkdir(dir);
  await write(dir);
  const files = (await readdir(dir)).sort();
  const checksums: Record<string, string> = {};
  for (const file of files) {
    checksums[file] = await sha256File(path.join(dir, file));
    await fsyncPath(path.join(dir, file));
  }
  await writeFileDurably(path.join(dir, CHECKSUMS), JSON.stringify(checksums));
  await fsyncPath(dir);
  await switchPointer(root, name);
  await removeStaleGenerations(root, name);
  return dir;
}

async function switchPointer(root: string, name: string): Promise<void> {
  const temp = path.join(root, `${POINTER}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  await writeFileDurably(temp, name);
  await rename(temp, path.join(root, POINTER));
  await fsyncPath(root);
}

/** The current generation's directory, its files checked; undefined when there is none yet. */
export async function currentGeneration(root: string): Promise<string | undefined> {
  let name: string;
  try {
    name = (await readFile(path.join(root, POINTER), 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  if (!GENERATION.test(name)) throw new CorruptGenerationError(`pointer file names no generation: ${JSON.stringify(name.slice(0, 60))}`);
  const dir = path.join(root, name);
  await verifyChecksums(dir);
  return dir;
}

async function verifyChecksums(dir: string): Promise<void> {
  let checksums: Record<string, string>;
  try {
    checksums = JSON.parse(await readFile(path.join(dir, CHECKSUMS), 'utf8')) as Record<string, string>;
  } catch (err) {
    throw new CorruptGenerationError(`${path.basename(dir)}: no readable checksums (${(err as Error).message})`);
  }
  for (const [file, expected] of Object.entries(checksums)) {
    let actual: string;
    try {
      actual = await sha256File(path.join(dir, file));
    } catch (err) {
      throw new CorruptGenerationError(`${path.basename(dir)}/${file}: ${(err as Error).message}`);
    }
    if (actual !== expected) throw new CorruptGenerationError(`${path.basename(dir)}/${file}: checksum mismatch`);
  }
}

/** Removes old generations and leftovers of interrupted writes, never the current one. */
async function removeStaleGenerations(root: string, current: string): Promise<void> {
  const now = Date.now();
  for (const entry of await readdir(root)) {
    const isLeftover = GENERATION.test(entry) || entry.startsWith(`${POINTER}.`);
    if (!isLeftover || entry === current) continue;
    const full = path.join(root, entry);
    const info = await stat(full).catch(() => undefined);
    if (info && now - info.mtimeMs > STALE_AFTER_MS) await rm(full, { recursive: true, force: true });
  }
}
