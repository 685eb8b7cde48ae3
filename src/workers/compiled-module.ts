import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The compiled counterpart (dist/…js) of a TypeScript module of src/, when `npm run build` left
 * dist/ newer than every source (its `.built` stamp against the inputs scripts/build-if-stale.sh
 * compares: src/, the tsconfigs and package.json). Under tsx
 * and vitest a worker thread runs it instead of registering tsx: a worker then starts in half
 * the CPU time, with no loader thread beside it and nothing transpiled again.
 */

/** What a build is made from, beside src/ (as scripts/build-if-stale.sh lists them). */
const BUILD_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

/** The newest modification time of a file, or of a folder and anything in it. */
function newest(file: string): number {
  const info = statSync(file);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(file).reduce((latest, name) => Math.max(latest, newest(path.join(file, name))), info.mtimeMs);
}

const freshness = new Map<string, boolean>();

/** Whether the project's dist/ was built after its last change (checked once per process). */
function isBuilt(root: string): boolean {
  let fresh = freshness.get(root);
  if (fresh === undefined) {
    try {
      const built = statSync(path.join(root, 'dist', '.built')).mtimeMs;
      fresh = ['src', ...BUILD_FILES].every((input) => !existsSync(path.join(root, input)) || newest(path.join(root, input)) <= built);
    } catch {
      fresh = false;
    }
    freshness.set(root, fresh);
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
  return existsSync(compiled) && isBuilt(root) ? pathToFileURL(compiled) : undefined;
}
