/**
 * `npm run bench [-- --reports N --large M --stores K]`: every benchmark in turn, each in a process of its own,
 * with the same arguments (each reads the ones it knows): scripts/bench.ts, then with Redis
 * scripts/bench-workers.ts, then with PostgreSQL scripts/bench-stores.ts. Figures only; the first failure stops it.
 */
import { spawnSync } from 'node:child_process';
import { projectRoot } from '../src/config.js';

const BENCHES = ['scripts/bench.ts', 'scripts/bench-workers.ts', 'scripts/bench-stores.ts'];

for (const script of BENCHES) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, ...process.argv.slice(2)], { cwd: projectRoot, stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
