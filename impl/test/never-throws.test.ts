/**
 * The impl never throws on any input: arbitrary bytes as blobs of either profile, and arbitrary code,
 * bitmask, jump table, registers, pc, page map and gas in both profiles and both tiers. Every bad
 * input is a load error or a VM exit (the model's own property is model/test/never-throws.test.ts).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { PAGE_SIZE, type PageRange } from '../../vectors/lib/types.js';
import { implCoreWithTier, parseCode } from '../index.js';

const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const edgyU64 = fc.oneof(u64, fc.constantFrom(0n, 1n, 2n ** 63n, 2n ** 64n - 1n, 2n ** 32n - 1n, 0xffff0000n, 0x10000n, 2n ** 53n + 1n));
const pageRange: fc.Arbitrary<PageRange> = fc.record({
  address: fc.oneof(fc.integer({ min: 0, max: (1 << 20) - 4 }), fc.integer({ min: 0, max: 20 }), fc.constant((1 << 20) - 3)).map((p) => p * PAGE_SIZE),
  length: fc.integer({ min: 1, max: 3 }).map((n) => n * PAGE_SIZE),
  access: fc.constantFrom('R' as const, 'W' as const),
});

describe('the impl never throws', () => {
  test('on arbitrary bytes as a gp blob or a jar1 CODE sub-blob (10,000 runs)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
        for (const r of [parseCode('gp', bytes), parseCode('jar1', bytes)]) {
          if (r.ok) expect(r.value.code.length).toBe(r.value.bitmask.length);
          else expect(r.error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 10_000 },
    );
  });

  test.each(['interp', 'jit'] as const)('on arbitrary code, bitmask, table, registers, pc, pages and gas (%s tier, 10,000 runs)', (tier) => {
    const engine = implCoreWithTier(tier, 0);
    const input = fc.record({
      profile: fc.constantFrom('jar1' as const, 'gp' as const),
      code: fc.uint8Array({ maxLength: 64 }),
      bits: fc.uint8Array({ maxLength: 64 }),
      jumpTable: fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { maxLength: 4 }),
      regs: fc.array(edgyU64, { minLength: 13, maxLength: 13 }),
      pc: fc.oneof(fc.integer({ min: 0, max: 70 }), fc.integer({ min: 0, max: 2 ** 32 - 1 })),
      pages: fc.array(pageRange, { maxLength: 3 }),
      gas: edgyU64,
      memoryPages: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      maxSteps: fc.oneof(fc.constant(200), fc.integer({ min: 0, max: 5 })),
    });
    fc.assert(
      fc.property(input, (i) => {
        const bitmask = Uint8Array.from(i.code, (_, k) => (i.bits[k] ?? 1) & 1);
        const r = engine.runCore(
          { profile: i.profile, image: { code: i.code, bitmask, jumpTable: i.jumpTable }, pc: i.pc, gas: i.gas, regs: i.regs, pages: i.pages, memory: [], memoryPages: i.memoryPages },
          { maxSteps: i.maxSteps },
        );
        expect(r.state.gas <= i.gas).toBe(true);
        expect(r.state.regs).toHaveLength(13);
        expect(r.steps).toBeLessThanOrEqual(i.maxSteps);
      }),
      { numRuns: 10_000 },
    );
  });
});
