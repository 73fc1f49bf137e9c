/**
 * The mutation-testing judge (harness/mutation/judge.ts): its order of rounds, that it stops at the
 * first divergence with the time and case count it took, and that an engine equal to the reference
 * passes; and the report's quantile.
 */
import { describe, expect, test } from 'vitest';
import type { CoreEngine } from '../../vectors/lib/engine.js';
import { ENGINES, type Engine } from '../engines.js';
import { roundSeed } from '../fuzz/campaign.js';
import { judge, judgeRounds } from './judge.js';
// @ts-expect-error a plain .mjs script without types
import { quantile } from './report.mjs';

const model = ENGINES.model as Engine;

/** The model with a core whose remaining gas is one more than it should be, in every run. */
function gasPlusOne(): Engine {
  const core: CoreEngine = {
    name: 'gas+1',
    parseCode: model.core.parseCode,
    runCore: (input, o) => {
      const r = model.core.runCore(input, o);
      return { ...r, state: { ...r.state, gas: r.state.gas + 1n } };
    },
  };
  return { name: 'gas+1', core, kernel: model.kernel };
}

describe('judge', () => {
  test('rounds go core, kernel, blob in turn for the case budget, then the scale rounds', () => {
    // 120 cases in rounds of 50: 50 + 50 + 20, then 2 scale rounds of 3 cases (SCALE_ROUND_RUNS)
    expect(judgeRounds({ seed: 1, runs: 120, roundRuns: 50, scaleRounds: 2, timeMs: 1000 })).toEqual([
      { focus: 'core', size: 50 }, { focus: 'kernel', size: 50 }, { focus: 'blob', size: 20 }, { focus: 'scale', size: 3 }, { focus: 'scale', size: 3 },
    ]);
  });

  test('a core whose gas is always off by one is found on the first run case of the first (core) round', () => {
    const v = judge([model, gasPlusOne()], { seed: 5, runs: 30, roundRuns: 10, scaleRounds: 0, timeMs: 60_000 });
    // case 1 of this seed is a bent gp blob (harness/fuzz/sharp-arb.ts) that neither engine loads, so no gas shows; case 2 runs
    expect(v.detection).toMatchObject({ focus: 'core', round: 0, seed: roundSeed(5, 0, 0), cases: 2 });
    expect(v.cases).toBe(2);
  });

  test('the model judged against itself passes the whole budget', () => {
    const v = judge([model, model], { seed: 5, runs: 12, roundRuns: 4, scaleRounds: 0, timeMs: 60_000 });
    expect(v).toMatchObject({ detection: null, cases: 12, timedOut: false });
  });
});

describe('report', () => {
  test('quantile is the nearest-rank quantile', () => {
    // ten values: the median is the 5th, the 90th percentile the 9th
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect([quantile(xs, 0.5), quantile(xs, 0.9), quantile(xs, 1), quantile([7], 0.9)]).toEqual([5, 9, 10, 7]);
  });
});
