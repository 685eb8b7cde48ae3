import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The compiled counterpart (dist/…js) of a TypeScript module of src/, when `npm run build` left
 * dist/ newer than every source (its `.built` stamp, as scripts/build.mjs writes it). Under tsx
 * and vitest a worker thread runs it instead of registering tsx: a worker then starts in half
 * the CPU time, with no loader thread beside it and nothing transpiled again.
 */

/** The newest modification time of anything in a folder. */
function newestIn(folder: string): number {
  return readdirSync(folder, { withFileTypes: true }).reduce((latest, entry) => {
    const file = path.join(folder, entry.name);
    return Math.max(latest, entry.isDirectory() ? newestIn(file) : statSync(file).mtimeMs);
  }, statSync(folder).mtimeMs);
}

const freshness = new Map<string, boolean>();

/** Whether dist/ beside `src` was built after its last change (checked once per process). */
function isBuiltFrom(src: string, dist: string): boolean {
  let fresh = freshness.get(src);
  if (fresh === undefined) {
    try {
      fresh = statSync(path.join(dist, '.built')).mtimeMs >= newestIn(src);
    } catch {
      fresh = false;
    }
    freshness.set(src, fresh);
  }
  return fresh;
}

export function compiledCounterpart(module: URL): URL | undefined {
  const file = fileURLToPath(module);
  const parts = file.split(path.sep);
  const at = parts.lastIndexOf('src');
  if (at < 0 || !file.endsWith('.ts')) return undefined;
  const root = parts.slice(0, at).join(path.sep);
  const src = path.join(root, 'src');
  const dist = path.join(root, 'dist');
  const compiled = path.join(dist, path.relative(src, file)).replace(/\.ts$/, '.js');
  try {
    statSync(compiled);
  } catch {
    return undefined;
  }
  return isBuiltFrom(src, dist) ? pathToFileURL(compiled) : undefined;
}
