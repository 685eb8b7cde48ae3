/**
 * `npm run build`: compiles src/ to dist/ (tsc with tsconfig.build.json) and copies the data files
 * beside the code that reads them. `--if-stale` (run before `npm start`, the CLI and the tests)
 * does nothing when dist/ is newer than every source, so a start costs a few milliseconds of checking.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.built');
const inputs = [src, path.join(root, 'tsconfig.json'), path.join(root, 'tsconfig.build.json'), path.join(root, 'package.json')];

/** The newest modification time of a file or of anything in a folder. */
function newest(file) {
  const info = statSync(file);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(file).reduce((latest, name) => Math.max(latest, newest(path.join(file, name))), info.mtimeMs);
}

function isStale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return inputs.some((input) => newest(input) > built);
}

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

if (!process.argv.includes('--if-stale') || isStale()) compile();
