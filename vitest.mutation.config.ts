import { defineConfig } from 'vitest/config';

// The mutation-testing judge only (npm run mutation; stryker.config.mjs). isolate: true (vitest's
// default, unlike vitest.config.ts) runs every test-file run in a fresh worker, so each Stryker mutant
// starts with fresh impl modules: no code-cache.ts image or jit.ts compiled block of one mutant is
// reused by the next (harness/mutation/judge.mutation.ts logs and the report checks this).
export default defineConfig({
  test: {
    include: ['harness/mutation/judge.mutation.ts'],
    pool: 'threads',
    poolOptions: { threads: { isolate: true } },
    testTimeout: 600_000,
  },
});
