import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../config.js';
import { INDEX_FORMAT } from './index-files.js';

/**
 * The builder's version is a digest of the code and data that turn report files into an index
 * (the ingest and index stages), so any change to them rebuilds saved indexes by itself. It is
 * taken from the TypeScript sources when they are there, so the compiled program (`npm start`)
 * and the development one (`npm run dev`, the tests) share one index; from the running code when not.
 */

const ownDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = path.join(projectRoot, 'src');
const srcDir = existsSync(path.join(sourceDir, 'index', 'builder-version.ts')) ? sourceDir : ownDir;
const BUILDER_DIRS = ['ingest', 'index', 'lexicon'];

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : Promise.resolve(e.isFile() ? [path.join(dir, e.name)] : []))),
  );
  return nested.flat();
}

let cached: Promise<string> | undefined;

export function builderVersion(): Promise<string> {
  cached ??= (async () => {
    const hash = createHash('sha256').update(`format ${INDEX_FORMAT}\n`);
    const files = (await Promise.all(BUILDER_DIRS.map((d) => listFiles(path.join(srcDir, d))))).flat().sort();
    for (const file of files) hash.update(path.relative(srcDir, file)).update('\0').update(await readFile(file)).update('\0');
    return `${INDEX_FORMAT}-${hash.digest('hex').slice(0, 16)}`;
  })();
  return cached;
}
