/**
 * The model never throws on any input: arbitrary bytes as blobs of either profile, and arbitrary code,
 * bitmask, jump table, registers, pc, page map and gas. Every bad input is a load error or a VM exit.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { PAGE_SIZE, type PageRange } from '../../vectors/lib/types.js';
import { parseCode, parseJarBlob, runCore, runJar1 } from '../index.js';

const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const edgyU64 = fc.oneof(u64, fc.constantFrom(0n, 1n, 2n ** 63n, 2n ** 64n - 1n, 2n ** 32n - 1n, 0xffff0000n, 0x10000n));
const pageRange: fc.Arbitrary<PageRange> = fc.record({
  address: fc.integer({ min: 0, max: (1 << 20) - 4 }).map((p) => p * PAGE_SIZE),
  length: fc.integer({ min: 1, max: 3 }).map((n) => n * PAGE_SIZE),
  access: fc.constantFrom('R' as const, 'W' as const),
});

describe('the model never throws', () => {
  test('on arbitrary bytes as a jar1 blob, a gp blob or a CODE sub-blob (10,000 runs)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
        for (const r of [parseJarBlob(bytes), parseCode('gp', bytes), parseCode('jar1', bytes)]) {
          expect(typeof r.ok).toBe('boolean');
          if (!r.ok) expect(r.error.message.length).toBeGreaterThan(0);
        }
        const run = runJar1(bytes, { gas: 10_000n }, { maxSteps: 100 });
        if (run.ok) expect(run.value.state.regs).toHaveLength(13);
      }),
      { numRuns: 10_000 },
    );
  });

  test('on a JAR header followed by arbitrary entries (so that parsing gets past the magic)', () => {
    const header = fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 100 }));
    fc.assert(
      fc.property(header, fc.bigInt({ min: 0n, max: 10n ** 6n }), ([count, invoke, rest], gas) => {
        const bytes = Uint8Array.from([0x4a, 0x41, 0x52, 0x02, 1, 0, 0, 0, count, invoke, ...rest]);
        const r = runJar1(bytes, { gas }, { maxSteps: 100 });
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 2_000 },
    );
  });

  test('on arbitrary code, bitmask, jump table, registers, pc, pages and gas in both profiles (10,000 runs)', () => {
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
    });
    fc.assert(
      fc.property(input, (i) => {
        const bitmask = Uint8Array.from(i.code, (_, k) => (i.bits[k] ?? 1) & 1);
        const r = runCore(
          { profile: i.profile, image: { code: i.code, bitmask, jumpTable: i.jumpTable }, pc: i.pc, gas: i.gas, regs: i.regs, pages: i.pages, memory: [], memoryPages: i.memoryPages },
          { maxSteps: 200 },
        );
        expect(r.state.gas <= i.gas).toBe(true);
        expect(r.state.regs).toHaveLength(13);
      }),
      { numRuns: 10_000 },
    );
  });
});
