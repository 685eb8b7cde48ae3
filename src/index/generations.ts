import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';

/**
 * Atomic, crash-safe directories of files. Each save writes a fresh generation directory aside,
 * fsyncs it, then switches the `CURRENT` pointer file by rename; a crash at any point leaves the
 * previous generation current. The generation it replaced stays, named by `PREVIOUS`, as a fallback
 * should the current one be found corrupt; older ones are removed. Every file's size and CRC-32 are
 * recorded in the generation's `checksums.json` (written last), so a truncated or altered file is
 * detected on load: CRC-32 runs at some 2 GB/s, sha256 at a third of that, and integrity against
 * accidents, not attackers, is what is asked here.
 */

const POINTER = 'CURRENT';
const PREVIOUS = 'PREVIOUS';
const CHECKSUMS = 'checksums.json';
const GENERATION = /^gen-[0-9a-z-]+$/;
const POINTER_TEMP = /^(?:CURRENT|PREVIOUS)\..*\.tmp$/;
/** Another process may still be writing a younger generation that is not current yet. */
const STALE_AFTER_MS = 10 * 60_000;
const READ_BLOCK = 4 << 20;

export class CorruptGenerationError extends Error {}

export type GenerationWriter = (dir: string) => Promise<void>;

interface FileCheck {
  readonly size: number;
  readonly crc32: number;
}

async function fsyncPath(p: string): Promise<void> {
  const handle = await open(p, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Size and CRC-32 of a file, read in blocks so that a large file needs no buffer of its size. */
async function checkFile(file: string): Promise<FileCheck> {
  const handle = await open(file, 'r');
  try {
    const block = Buffer.allocUnsafe(READ_BLOCK);
    let size = 0;
    let crc = 0;
    for (;;) {
      const { bytesRead } = await handle.read(block, 0, READ_BLOCK, size);
      if (bytesRead === 0) return { size, crc32: crc };
      crc = crc32(block.subarray(0, bytesRead), crc);
      size += bytesRead;
    }
  } finally {
    await handle.close();
  }
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
  const checks: Record<string, FileCheck> = {};
  for (const file of (await readdir(dir)).sort()) {
    checks[file] = await checkFile(path.join(dir, file));
    await fsyncPath(path.join(dir, file));
  }
  await writeFileDurably(path.join(dir, CHECKSUMS), JSON.stringify(checks));
  await fsyncPath(dir);
  const replaced = await readPointer(root, POINTER).catch(() => undefined);
  if (replaced && replaced !== name) await writePointer(root, PREVIOUS, replaced);
  await writePointer(root, POINTER, name);
  await removeOldGenerations(root, new Set([name, replaced]));
  return dir;
}

async function writePointer(root: string, pointer: string, name: string): Promise<void> {
  const temp = path.join(root, `${pointer}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  await writeFileDurably(temp, name);
  await rename(temp, path.join(root, pointer));
  await fsyncPath(root);
}

/** The generation a pointer file names; undefined when there is no such file. */
async function readPointer(root: string, pointer: string): Promise<string | undefined> {
  let name: string;
  try {
    name = (await readFile(path.join(root, pointer), 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  if (!GENERATION.test(name)) throw new CorruptGenerationError(`${pointer} names no generation: ${JSON.stringify(name.slice(0, 60))}`);
  return name;
}

/**
 * The directories of the current generation and of the one it replaced, in that order, unchecked
 * (see `verifyGeneration`); empty when nothing was saved yet. A bad `PREVIOUS` is no fallback.
 */
export async function savedGenerations(root: string): Promise<string[]> {
  const current = await readPointer(root, POINTER);
  if (!current) return [];
  const previous = await readPointer(root, PREVIOUS).catch(() => undefined);
  const names = previous && previous !== current ? [current, previous] : [current];
  return names.map((name) => path.join(root, name));
}

function isFileCheck(value: unknown): value is FileCheck {
  const check = value as Partial<FileCheck> | undefined;
  return Number.isInteger(check?.size) && Number.isInteger(check?.crc32);
}

/**
 * Throws `CorruptGenerationError` when a file of the generation is missing, truncated or altered,
 * or has no checksum: a checksum that is not there counts as a mismatch, never as a pass. Every
 * file of the folder must be listed, and so must each of `required` (the index's own files).
 */
export async function verifyGeneration(dir: string, required: readonly string[] = []): Promise<void> {
  await checkGeneration(dir, required).all;
}

/** Resolves when a file of a generation (by its name there) may be parsed; rejects when it must not. */
export type ReadGate = (file: string) => Promise<void>;

/** For files verified already, or not part of a generation. */
export const UNGATED: ReadGate = () => Promise.resolve();

/** A generation's verification as it goes (see `checkGeneration`). */
export interface GenerationCheck {
  /** Resolves once this file is found sound (its checksum read), rejects when it or the generation is not. */
  readonly file: ReadGate;
  /** Resolves once every file is. */
  readonly all: Promise<void>;
}

/**
 * `verifyGeneration`, file by file: a reader can parse each file as soon as it is checked, while
 * the others are, instead of waiting for all of them. The files `first` admits are checked first
 * (those whose reading takes longest), then the others; the smaller first within each group.
 */
export function checkGeneration(dir: string, required: readonly string[] = [], first: (file: string) => boolean = () => false): GenerationCheck {
  const waiting = new Map<string, Deferred>();
  /** Set once every file is checked (to the error of a file not checked) or one failed. */
  let outcome: Error | undefined;
  const entry = (name: string) => {
    let found = waiting.get(name);
    if (!found) waiting.set(name, (found = deferred()));
    if (outcome) found.reject(outcome);
    return found;
  };
  const all = (async () => {
    for (const [file, expected] of await checkList(dir, required, first)) {
      const actual = await checkFile(path.join(dir, file));
      if (actual.crc32 !== expected.crc32) throw new CorruptGenerationError(`${path.basename(dir)}/${file}: checksum mismatch`);
      entry(file).resolve();
    }
  })();
  // A file asked for after the end is sound only if it was checked (resolving first, a later rejection does nothing).
  const settle = (err: Error) => {
    outcome = err;
    for (const { reject } of waiting.values()) reject(err);
  };
  all.then(() => settle(new CorruptGenerationError(`${path.basename(dir)}: a file has no checksum`)), settle);
  return { file: (name) => entry(name).promise, all };
}

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(err: Error): void;
}

/** A promise settled from outside; a rejection nobody awaits is not an unhandled one. */
function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** The generation's files with their sizes and checksums, in checking order; throws when one is missing or of another size. */
async function checkList(dir: string, required: readonly string[], first: (file: string) => boolean): Promise<[string, FileCheck][]> {
  const name = path.basename(dir);
  let checks: Record<string, FileCheck>;
  try {
    checks = JSON.parse(await readFile(path.join(dir, CHECKSUMS), 'utf8')) as Record<string, FileCheck>;
  } catch (err) {
    throw new CorruptGenerationError(`${name}: no readable checksums (${(err as Error).message})`);
  }
  if (typeof checks !== 'object' || checks === null) throw new CorruptGenerationError(`${name}: checksums malformed`);
  const present = (await readdir(dir)).filter((f) => f !== CHECKSUMS);
  const unchecked = [...new Set([...present, ...required])].filter((file) => !isFileCheck(checks[file]));
  if (unchecked.length > 0) throw new CorruptGenerationError(`${name}: no checksum for ${unchecked.join(', ')}`);
  // Sizes first: a truncated file is found without reading the large ones.
  for (const [file, expected] of Object.entries(checks)) {
    const size = await stat(path.join(dir, file)).then((s) => s.size, () => undefined);
    if (size !== expected?.size) throw new CorruptGenerationError(`${name}/${file}: missing or of another size`);
  }
  const group = (file: string) => (first(file) ? 0 : 1);
  return Object.entries(checks).sort((a, b) => group(a[0]) - group(b[0]) || a[1].size - b[1].size);
}

/** The pid in the name of a generation (base 36) or pointer temp file this module wrote. */
function writerPid(entry: string): number | undefined {
  const generation = /^gen-[0-9a-z]+-([0-9a-z]+)-[0-9a-f]{8}$/.exec(entry);
  if (generation) return Number.parseInt(generation[1]!, 36);
  const pointer = /^(?:CURRENT|PREVIOUS)\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(entry);
  return pointer ? Number(pointer[1]) : undefined;
}

/** Whether the process that wrote a generation or temp file is gone (a killed build). */
function writerGone(entry: string): boolean {
  const pid = writerPid(entry);
  if (pid === undefined || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * At start: removes what killed builds left, unfinished generations and pointer temp files whose
 * writer is gone (or that are stale), and superseded generations; keeps the current and previous.
 */
export async function removeLeftovers(root: string): Promise<void> {
  const keep = new Set<string | undefined>([await readPointer(root, POINTER).catch(() => undefined), await readPointer(root, PREVIOUS).catch(() => undefined)]);
  await removeOldGenerations(root, keep).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
}

/**
 * Removes every generation but the kept ones that is finished (has its checksums: superseded) or
 * stale (an interrupted write), and stale pointer temp files. A young unfinished generation may be
 * another process's write in progress, so it stays until it is stale.
 */
async function removeOldGenerations(root: string, keep: ReadonlySet<string | undefined>): Promise<void> {
  const now = Date.now();
  for (const entry of await readdir(root)) {
    const isGeneration = GENERATION.test(entry);
    if (keep.has(entry) || !(isGeneration || POINTER_TEMP.test(entry))) continue;
    const full = path.join(root, entry);
    const info = await stat(full).catch(() => undefined);
    const finished = isGeneration && (await stat(path.join(full, CHECKSUMS)).then(() => true, () => false));
    if (info && (finished || now - info.mtimeMs > STALE_AFTER_MS || writerGone(entry))) await rm(full, { recursive: true, force: true });
  }
}
