import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Vitest global setup: the compiled program (dist/) is what `npm start` and the CLI run, and what
 * the whole-process tests spawn, so it is rebuilt first when a source is newer.
 */
export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '../..');
  execFileSync('sh', [path.join(root, 'scripts/build-if-stale.sh')], { cwd: root, stdio: 'inherit' });
}
