/**
 * The hand-derived ISA tables of model/test/isa/*.test.ts and the core spec-note pins of
 * model/test/spec-notes.test.ts, run unchanged on the impl core, once per tier (interpreter; jit with
 * every block compiled on its first entry). Each file is imported again under a query string, so its
 * describe/it calls register here; `run` (model/test/helpers.ts) drives the engine set in beforeAll.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { useCoreEngine } from '../../model/test/helpers.js';
import type { CoreEngine } from '../../vectors/lib/engine.js';
import { implCoreWithTier } from '../index.js';

const FILES = [
  'isa/arith', 'isa/bits', 'isa/branch', 'isa/compare', 'isa/control', 'isa/divide', 'isa/immediate', 'isa/jump', 'isa/load',
  'isa/logic', 'isa/shift', 'isa/store', 'spec-notes',
];

/** The engine, counting its runs: proves that the imported cases really drove it. */
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
  describe(name, async () => {
    beforeAll(() => useCoreEngine(engine));
    afterAll(() => useCoreEngine(null));
    for (const f of FILES) {
      const url = new URL(`../../model/test/${f}.test.ts?engine=${name}`, import.meta.url).href;
      await import(/* @vite-ignore */ url);
    }
    // Registered last, so it runs after every imported case of this tier.
    test('the imported cases ran on this engine', () => expect(runs()).toBeGreaterThan(600));
  });
}
