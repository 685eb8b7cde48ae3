/**
 * `npm run build`: compiles src/ to dist/ (tsc with tsconfig.build.json) and copies the data files
 * beside the code that reads them, then stamps dist/.built (scripts/build-if-stale.sh, run before
 * `npm start`, the CLI and the tests, compares the sources with it).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.built');

function compile() {
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    process.stderr.write('build: TypeScript is not installed (run `npm install` with dev dependencies, then `npm run build`).\n');
    process.exit(1);
  }
  rmSync(dist, { recursive: true, force: true });
  const run = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (run.status !== 0) {
    process.stderr.write('build: tsc failed; dist/ was not updated.\n');
    process.exit(run.status ?? 1);
  }
  cpSync(src, dist, { recursive: true, filter: (from) => statSync(from).isDirectory() || !from.endsWith('.ts') });
  writeFileSync(stamp, new Date().toISOString());
}

compile();
