import { spawnSync } from 'node:child_process';
import { projectRoot } from '../../src/config.js';

/** Runs the compiled CLI in a process of its own, as `npm run cli` does. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv, input = ''): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['dist/cli.js', ...args], { cwd: projectRoot, env, input, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}
