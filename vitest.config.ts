import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/build.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // vitest leaves one core free by default, which on 2 cores runs the files one after another.
    maxWorkers: 2,
    // Tinypool replaces recycled forks up to minWorkers and then kills a replacement still starting
    // at close ("Terminating worker thread", unhandled): with as many forks kept as run, none is started late.
    minWorkers: 2,
    // One module registry per fork, not per file: importing the program again for each file cost
    // a third of the suite. Tests therefore keep no state in modules between files.
    isolate: false,
    // On a loaded machine the last task updates of a fork can take long to reach the reporter.
    teardownTimeout: 60_000,
  },
});
