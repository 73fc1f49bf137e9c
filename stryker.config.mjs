// Mutation testing of impl/ judged by the differential tester (npm run mutation; scripts/mutation.mjs).
// Each mutant runs harness/mutation/judge.mutation.ts (vitest.mutation.config.ts): a seeded campaign
// of model against the mutated impl. Not part of npm test.
import { fileURLToPath } from 'node:url';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner', fileURLToPath(new URL('./harness/mutation/sample-checker.mjs', import.meta.url))],
  checkers: ['javm-sample'],
  // scripts/mutation.mjs --sample N narrows this to the sample's locations (Stryker's file:line:col-line:col ranges)
  mutate: ['impl/core/**/*.ts', 'impl/kernel/**/*.ts', '!impl/**/*.test.ts', '!impl/**/*.d.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 1,
  // Stryker's timeout (a mutant that hangs in jit-compiled code, which its hit limit cannot see) is
  // timeoutFactor × the dry run + timeoutMS: keep it above the judge's own limit (scripts/mutation.mjs
  // --time-ms, 75 s), so that a slow surviving campaign ends as Survived (timedOut in the judge log), never
  // as a Stryker Timeout (which counts as detected)
  timeoutMS: 90_000,
  timeoutFactor: 2,
  disableTypeChecks: 'impl/**/*.ts',
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['dist', 'coverage', 'reports', '.fuzz', 'javm-findings'],
  reporters: ['json', 'html', 'progress'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
};
