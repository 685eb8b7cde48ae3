import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledCounterpart } from '../../src/workers/compiled-module.js';

/** A project folder with src/a.ts and dist/a.js, built at `builtAt` (s) and the source changed at `changedAt`. */
function project(changedAt: number, builtAt: number): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'compiled-module-'));
  made.push(root);
  mkdirSync(path.join(root, 'src/tasks'), { recursive: true });
  mkdirSync(path.join(root, 'dist/tasks'), { recursive: true });
  writeFileSync(path.join(root, 'src/tasks/a.ts'), 'export default () => 1;');
  writeFileSync(path.join(root, 'dist/tasks/a.js'), 'export default () => 1;');
  writeFileSync(path.join(root, 'dist/.built'), '');
  for (const folder of ['src', 'src/tasks']) utimesSync(path.join(root, folder), changedAt - 1, changedAt - 1);
  utimesSync(path.join(root, 'src/tasks/a.ts'), changedAt, changedAt);
  utimesSync(path.join(root, 'dist/.built'), builtAt, builtAt);
  return root;
}

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const source = (root: string) => pathToFileURL(path.join(root, 'src/tasks/a.ts'));

describe('a worker task module written in TypeScript', () => {
  it('runs compiled when dist/ was built after the last change of src/', () => {
    const root = project(1_000_000, 1_000_010);
    expect(compiledCounterpart(source(root))?.href).toBe(pathToFileURL(path.join(root, 'dist/tasks/a.js')).href);
  });

  it('is loaded through tsx when a source or the build settings changed after the build, or nothing was built', () => {
    expect(compiledCounterpart(source(project(1_000_010, 1_000_000)))).toBeUndefined();
    const reconfigured = project(1_000_000, 1_000_010);
    writeFileSync(path.join(reconfigured, 'tsconfig.json'), '{}');
    utimesSync(path.join(reconfigured, 'tsconfig.json'), 1_000_020, 1_000_020);
    expect(compiledCounterpart(source(reconfigured))).toBeUndefined();
    const unbuilt = project(1_000_000, 1_000_010);
    rmSync(path.join(unbuilt, 'dist'), { recursive: true });
    expect(compiledCounterpart(source(unbuilt))).toBeUndefined();
  });

  it('outside src/ (a test helper) has no compiled counterpart', () => {
    expect(compiledCounterpart(new URL('../support/library.ts', import.meta.url))).toBeUndefined();
  });
});
