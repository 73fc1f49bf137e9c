import { defineConfig } from 'vitest/config';

// Threads without isolation: c8 collects V8 coverage from the worker threads only in this mode
// (forks and isolated threads report 0%). The code under test is pure, so sharing modules is safe.
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', '.stryker-tmp/**'],
    pool: 'threads',
    poolOptions: { threads: { isolate: false } },
    // the kit compiled once per run, for tests that start `javm` commands as processes (target protocol)
    globalSetup: ['harness/test/support/build-cli.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
