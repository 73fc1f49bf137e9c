/**
 * Mutation score of the differential tester: each deliberate single-point bug in the impl
 * (harness/fuzz/mutants.ts) must be found by a short campaign of its focus, model against the
 * mutated impl. CI budget: a few seconds per mutant (most fall in under one); the full 60 s
 * campaign per mutant is `javm fuzz --mutant <name> --focus <focus> --time 60s`.
 * Seed: JAVM_SEED when set, else 1 (printed with the result).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ENGINES, type Engine } from '../engines.js';
import { runLoop } from '../fuzz/campaign.js';
import { MUTANTS, mutantEngine, patched } from '../fuzz/mutants.js';
import { packageRoot } from '../fuzz/regressions.js';

const model = ENGINES.model as Engine;
const seed = Number(process.env.JAVM_SEED ?? 1);
const BUDGET_MS = 6000;

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

  test(`short campaigns (≤ ${BUDGET_MS / 1000} s each, seed ${seed}) find at least 95% of them`, () => {
    const missed: string[] = [];
    const found: string[] = [];
    for (const m of MUTANTS) {
      let engine: Engine;
      try {
        engine = mutantEngine(m.name);
      } catch (e) {
        missed.push(`${m.name} (does not build: ${String(e).slice(0, 120)})`);
        continue;
      }
      const t = performance.now();
      const failures = runLoop({ engines: [model, engine], foci: [m.focus], seed, stream: 0, timeMs: BUDGET_MS, runs: Infinity });
      const f = failures[0];
      if (f === undefined) missed.push(m.name);
      else found.push(`${m.name}: ${((performance.now() - t) / 1000).toFixed(1)} s, ${f.divergence.summary}`);
    }
    console.log(`mutants found ${found.length}/${MUTANTS.length} (seed ${seed})\n  ${found.join('\n  ')}\nmissed: ${missed.join(', ') || 'none'}`);
    expect(found.length / MUTANTS.length, `missed: ${missed.join(', ')}`).toBeGreaterThanOrEqual(0.95);
  });
});
