/**
 * Mutation score of the differential tester: each deliberate single-point bug in the impl
 * (harness/fuzz/mutants.ts) must be found by a short campaign of its focus, model against the
 * mutated impl. CI budget: at most 4,000 cases per mutant (most are found within 250); the full 60 s
 * campaign per mutant is `javm fuzz --mutant <name> --focus <focus> --time 60s`.
 * Seed: JAVM_SEED when set, else 1 (printed with the result).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ENGINES, type Engine } from '../engines.js';
import { checkCase, runLoop } from '../fuzz/campaign.js';
import { caseFromJson } from '../fuzz/cases.js';
import { MUTANTS, mutantEngine, patched } from '../fuzz/mutants.js';
import { packageRoot } from '../fuzz/regressions.js';

const model = ENGINES.model as Engine;
const seed = Number(process.env.JAVM_SEED ?? 1);
/** Cases per mutant: a case count, not a time, so that the verdict does not depend on the machine's load. */
const RUNS = 4000;

describe('mutants', () => {
  test('there are at least 20, with distinct names, each patch matching its impl file exactly once', () => {
    expect(MUTANTS.length).toBeGreaterThanOrEqual(20);
    expect(new Set(MUTANTS.map((m) => m.name)).size).toBe(MUTANTS.length);
    const stale = MUTANTS.flatMap((m) => {
      try {
        const src = readFileSync(join(packageRoot(), m.file), 'utf8');
        return patched(m, src) === src ? [`${m.name}: patch changes nothing`] : [];
      } catch (e) {
        return [String(e)];
      }
    });
    expect(stale).toEqual([]);
  });

  test("a mutant engine's result for a case does not depend on the cases run before it (its bug stays in effect once the code is hot)", () => {
    // branch_lt_s r0, r9, @0 with r9 = -1: the model falls through (0 < -1 is false), the mutant (unsigned) loops back.
    // The impl's second tier, compiled after 8 entries of a block and shared by code content, lacks the patch: with it
    // the mutant agreed with the model from the 9th run of the same code on (a shrunk case then "did not reproduce").
    const c = caseFromJson({
      focus: 'core', profile: 'gp', code: 'ad9000000000', bitmask: '01', jumpTable: [], pc: 0, gas: '0x1',
      regs: [...Array.from({ length: 9 }, () => '0x0'), '0xffffffffffffffff', '0x0', '0x0', '0x0'], pages: [], memory: [], memoryPages: 0, maxSteps: 400,
    }, 'branch case');
    const engines: [Engine, Engine] = [model, mutantEngine('branch-lt-s-unsigned')];
    const diverged = Array.from({ length: 30 }, () => checkCase(c, engines).divergence !== null);
    expect(diverged).toEqual(Array.from({ length: 30 }, () => true));
  });

  test(`short campaigns (≤ ${RUNS} cases each, seed ${seed}) find at least 95% of them`, () => {
    const missed: string[] = [];
    const found: string[] = [];
    const unreproduced: string[] = [];
    for (const m of MUTANTS) {
      let engine: Engine;
      try {
        engine = mutantEngine(m.name);
      } catch (e) {
        missed.push(`${m.name} (does not build: ${String(e).slice(0, 120)})`);
        continue;
      }
      const t = performance.now();
      const failures = runLoop({ engines: [model, engine], foci: [m.focus], seed, stream: 0, timeMs: Infinity, runs: RUNS });
      const f = failures[0];
      if (f === undefined) missed.push(m.name);
      else found.push(`${m.name}: ${((performance.now() - t) / 1000).toFixed(1)} s, ${f.divergence.summary}`);
      if (f?.reproduced === false) unreproduced.push(m.name);
    }
    console.log(`mutants found ${found.length}/${MUTANTS.length} (seed ${seed})\n  ${found.join('\n  ')}\nmissed: ${missed.join(', ') || 'none'}`);
    expect(found.length / MUTANTS.length, `missed: ${missed.join(', ')}`).toBeGreaterThanOrEqual(0.95);
    // every finding is a case that fails on its own (a mutant's bug does not come and go with the cases run before)
    expect(unreproduced).toEqual([]);
  });
});
