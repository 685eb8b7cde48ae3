import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/config.js';

/**
 * The environment `npm start` gives the compiled program (package.json): glibc is asked for
 * transparent huge pages for large allocations, which halves the page faults of loading a large
 * index. Benchmarks start their child processes with it, to measure what `npm start` runs.
 */
export function programEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { scripts } = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const tunables = /GLIBC_TUNABLES=\$\{GLIBC_TUNABLES:-([^}]+)\}/.exec(scripts.start ?? '')?.[1];
  return tunables ? { ...base, GLIBC_TUNABLES: base.GLIBC_TUNABLES ?? tunables } : { ...base };
}

/** The same environment without the tunables: the figure of a process started by plain `node`. */
export function plainEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { GLIBC_TUNABLES: _, ...rest } = base;
  return rest;
}
