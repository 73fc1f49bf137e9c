/**
 * The hand-derived ISA tables and core spec-note pins (harness/test/tables, the same ones
 * model/test/isa.test.ts runs on the model), run unchanged on the impl core, once per tier
 * (interpreter; jit with every block compiled on its first entry).
 */
import { describe, expect, test } from 'vitest';
import { describeCoreTables } from '../../harness/test/tables/index.js';
import type { CoreEngine } from '../../vectors/lib/engine.js';
import { implCoreWithTier } from '../index.js';

/** The engine, counting its runs: proves that the tables really drove it. */
function counted(engine: CoreEngine): { engine: CoreEngine; runs: () => number } {
  let n = 0;
  return {
    engine: { ...engine, runCore: (input, options) => { n++; return engine.runCore(input, options); } },
    runs: () => n,
  };
}

const TIERS = [
  { name: 'impl-interp', ...counted(implCoreWithTier('interp')) },
  { name: 'impl-jit', ...counted(implCoreWithTier('jit', 0)) },
];

for (const { name, engine, runs } of TIERS) {
  describe(name, () => {
    describeCoreTables(engine);
    // Registered last, so it runs after every table case of this tier.
    test('the table cases ran on this engine', () => expect(runs()).toBeGreaterThan(600));
  });
}
