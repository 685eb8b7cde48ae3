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
    // On a loaded machine the last task updates of a fork can take long to reach the reporter.
    teardownTimeout: 60_000,
  },
});
