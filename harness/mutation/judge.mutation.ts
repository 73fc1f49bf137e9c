/**
 * The one test StrykerJS runs for every mutant of impl/ (vitest.mutation.config.ts; `npm run mutation`):
 * a short seeded differential campaign, model against the (mutated) impl. The test fails, and the
 * mutant is killed, when the campaign finds a divergence. Named *.mutation.ts so that `npm test`
 * (vitest.config.ts: '**\/*.test.ts') never runs it.
 * Each run appends one JSON line to $JAVM_MUTATION_LOG (when set): the active mutant's id, the verdict
 * with the time to first detection, and how many judge runs this worker has seen (1 proves that the
 * mutant ran in a fresh worker, so no module-level cache — code-cache.ts images, jit.ts compiled
 * blocks — carried over from another mutant).
 */
import { appendFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { ENGINES, type Engine } from '../engines.js';
import { judge, JUDGE_DEFAULTS, type JudgeOptions } from './judge.js';

/** A non-negative integer from the environment, or the default. */
function envInt(name: string, fallback: number): number {
  const v = process.env[name];
  return v === undefined || v === '' ? fallback : Math.max(0, Math.trunc(Number(v)));
}

const options: JudgeOptions = {
  seed: envInt('JAVM_MUTATION_SEED', JUDGE_DEFAULTS.seed),
  runs: envInt('JAVM_MUTATION_RUNS', JUDGE_DEFAULTS.runs),
  roundRuns: JUDGE_DEFAULTS.roundRuns,
  scaleRounds: envInt('JAVM_MUTATION_SCALE_ROUNDS', JUDGE_DEFAULTS.scaleRounds),
  timeMs: envInt('JAVM_MUTATION_TIME_MS', JUDGE_DEFAULTS.timeMs),
};

test('the differential campaign finds no divergence between model and impl', () => {
  const g = globalThis as { __javmJudgeRuns?: number; __stryker__?: { activeMutant?: string } };
  g.__javmJudgeRuns = (g.__javmJudgeRuns ?? 0) + 1;
  const verdict = judge([ENGINES.model as Engine, ENGINES.impl as Engine], options);
  const log = process.env.JAVM_MUTATION_LOG;
  if (log) appendFileSync(log, `${JSON.stringify({ mutant: g.__stryker__?.activeMutant ?? null, workerRuns: g.__javmJudgeRuns, options, ...verdict })}\n`);
  expect(verdict.detection?.summary ?? null).toBeNull();
});
