/**
 * Differential property: the impl core (both tiers) against the model on random small programs in
 * both profiles. Programs are built from valid opcodes with random operand bytes (and a few raw bytes),
 * with registers aimed at the mapped pages and the halt address, branch offsets that often land on
 * instruction starts, and gas that sometimes runs out. The whole result must be equal: exit, pc, gas,
 * registers, page map, memory and the instruction count. Seed: JAVM_SEED (printed).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { imageOf } from './support/image.js';
import { modelCore } from '../../model/index.js';
import {
  EXIT_BUDGET, EXIT_ECALL, EXIT_ECALLI, EXIT_FAULT, EXIT_HALT, EXIT_OOG, EXIT_PANIC, EXIT_TRAP,
} from '../../impl/core/api.js';
import type { ImplMachine } from '../../impl/core/index.js';
import { implCore, implCoreFactory, implCoreWithTier, memCyclesFor } from '../../impl/index.js';
import { PAGE_SIZE, type CodeImage, type CoreRunInput, type PageRange } from '../../vectors/lib/types.js';

const seed = process.env.JAVM_SEED === undefined ? Date.now() % 2 ** 31 : Number(process.env.JAVM_SEED);
console.log(`core-diff: seed ${seed}; replay: JAVM_SEED=${seed} npx vitest run harness/test/core-diff.test.ts`);

const VALID: number[] = [
  0, 1, 2, 3, 10, 20, 30, 31, 32, 33, 40, ...range(50, 62), ...range(70, 73), ...range(80, 90), 100, ...range(102, 111),
  ...range(120, 161), ...range(170, 175), 180, ...range(190, 230),
];
function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, k) => a + k);
}

const PAGES: PageRange[] = [
  { address: 0x10000, length: 2 * PAGE_SIZE, access: 'W' },
  { address: 0x12000, length: PAGE_SIZE, access: 'R' },
  { address: 0, length: PAGE_SIZE, access: 'W' },
  { address: 0xfffff000, length: PAGE_SIZE, access: 'W' },
];

/** One instruction: an opcode (valid mostly) and 0..9 operand bytes drawn towards small registers and offsets. */
const instr = fc.tuple(
  fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...VALID) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) }),
  fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x00, 0x01, 0x10, 0x11, 0x78, 0x87, 0x9a, 0xfe, 0xff, 0x02, 0x04)), { maxLength: 9 }),
).map(([op, rest]) => [op, ...rest]);

const reg = fc.oneof(
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  fc.constantFrom(0n, 1n, 2n, 4n, 63n, 64n, 2n ** 63n, 2n ** 64n - 1n, 0xffffffffn, 0x80000000n, 0xffff0000n),
  fc.integer({ min: 0, max: 0x3000 }).map((o) => BigInt(0x10000 + o - 8)),
  fc.integer({ min: 0, max: 64 }).map((o) => BigInt(o)),
);


const input: fc.Arbitrary<CoreRunInput> = fc
  .record({
    profile: fc.constantFrom('jar1' as const, 'gp' as const),
    instrs: fc.array(instr, { minLength: 1, maxLength: 24 }),
    table: fc.array(fc.integer({ min: 0, max: 80 }), { maxLength: 4 }),
    regs: fc.array(reg, { minLength: 13, maxLength: 13 }),
    pc: fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 90 }) }),
    gas: fc.oneof(fc.bigInt({ min: 0n, max: 3000n }), fc.constantFrom(10n ** 6n, 2n ** 64n - 1n, 2n ** 53n + 7n)),
    pageMask: fc.integer({ min: 0, max: 15 }),
    bytes: fc.array(fc.tuple(fc.integer({ min: 0, max: 0x2fff }), fc.uint8Array({ minLength: 1, maxLength: 16 })), { maxLength: 3 }),
    memoryPages: fc.constantFrom(0, 3000, 9000, 70000),
  })
  .map((r) => ({
    profile: r.profile,
    image: imageOf(r.instrs, r.table),
    pc: r.pc,
    gas: r.gas,
    regs: r.regs,
    pages: PAGES.filter((_, k) => (r.pageMask & (1 << k)) !== 0 || k === 0).sort((a, b) => a.address - b.address),
    memory: r.bytes.map(([off, bytes]) => ({ address: 0x10000 + Math.min(off, 0x2000 - bytes.length), bytes })),
    memoryPages: r.memoryPages,
  }));

describe.each([
  ['impl-interp', implCoreWithTier('interp')],
  ['impl-jit', implCoreWithTier('jit', 0)],
] as const)('%s equals the model on random programs', (_, impl) => {
  test('10,000 random programs in both profiles, some cut short by a small step budget', () => {
    const budget = fc.oneof({ weight: 3, arbitrary: fc.constant(500) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 30 }) });
    fc.assert(
      fc.property(input, budget, (i, maxSteps) => {
        const want = modelCore.runCore(i, { maxSteps });
        const got = impl.runCore(i, { maxSteps });
        expect(got).toEqual(want);
      }),
      { numRuns: 10_000, seed },
    );
  });
});

/** The 64-bit value of a machine's registers. */
const regsOf = (m: ImplMachine): bigint[] => Array.from({ length: 13 }, (_, r) => m.getReg(r));

describe.each(['interp', 'jit'] as const)('impl %s machine: a run split by step budgets ends like the model run in one go', (tier) => {
  test('2,000 random programs, each run as k-step slices (blockPaid carries the paid block across slices)', () => {
    fc.assert(
      fc.property(input, fc.integer({ min: 1, max: 7 }), (i, slice) => {
        const want = modelCore.runCore(i, { maxSteps: 300 });
        const m = implCoreFactory.createMachine(i.profile, { tier, hot: 0 });
        const space = implCoreFactory.createAddressSpace();
        for (const r of i.pages) for (let a = r.address; a < r.address + r.length; a += PAGE_SIZE) space.mapPage(a / PAGE_SIZE, new Uint8Array(PAGE_SIZE), r.access);
        for (const c of i.memory) c.bytes.forEach((b, k) => { space.page((c.address + k) >>> 12)![(c.address + k) & 4095] = b; });
        m.memory = space;
        i.regs.forEach((v, r) => m.setReg(r, v));
        m.pc = i.pc;
        m.gas = i.gas;
        const code = implCoreFactory.compile(i.profile, i.image, memCyclesFor(i.memoryPages ?? 0));
        let steps = 0;
        let e: number = EXIT_BUDGET;
        while (e === EXIT_BUDGET && steps < 300) {
          e = m.run(code, Math.min(slice, 300 - steps));
          steps += m.steps;
        }
        expect(steps).toBe(want.steps);
        expect(e === EXIT_BUDGET ? null : e).toBe(want.exit === null ? null : EXIT_OF[want.exit.kind]);
        expect({ pc: m.pc, gas: m.gas, regs: regsOf(m), memory: space.nonZero() }).toEqual({
          pc: want.state.pc, gas: want.state.gas, regs: want.state.regs, memory: want.state.memory,
        });
      }),
      { numRuns: 2_000, seed },
    );
  });
});

const EXIT_OF: Record<string, number> = { halt: EXIT_HALT, trap: EXIT_TRAP, panic: EXIT_PANIC, oog: EXIT_OOG, fault: EXIT_FAULT, ecalli: EXIT_ECALLI, ecall: EXIT_ECALL };

describe('impl blob parsing equals the model', () => {
  /** A header that parses (jar1: u32 jump_len, u8 entry_size, u32 code_len; gp: compact naturals) over a random body. */
  const blob = fc.oneof(
    fc.uint8Array({ maxLength: 60 }),
    fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 30 }), fc.uint8Array({ maxLength: 60 }))
      .map(([j, z, c, rest]) => Uint8Array.from([j, 0, 0, 0, z, c, 0, 0, 0, ...rest])),
    fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 30 }), fc.uint8Array({ maxLength: 60 }))
      .map(([j, z, c, rest]) => Uint8Array.from([j, z, c, ...rest])),
    fc.tuple(fc.array(instr, { minLength: 1, maxLength: 8 }), fc.boolean()).map(([is, gp]) => {
      // a well-formed jar1 CODE sub-blob or gp deblob of random instructions, jump table [0]
      const img = imageOf(is, [0]);
      const mask = new Uint8Array(Math.ceil(img.code.length / 8));
      img.bitmask.forEach((b, i) => { mask[i >> 3]! |= b << (i & 7); });
      const header = gp ? [1, 1, img.code.length, 0] : [1, 0, 0, 0, 1, img.code.length, 0, 0, 0, 0];
      return Uint8Array.from([...header, ...img.code, ...mask]);
    }),
  );

  test.each(['jar1', 'gp'] as const)('%s: accept/reject, error class and image agree (10,000 runs)', (profile) => {
    fc.assert(
      fc.property(blob, (bytes) => {
        const want = modelCore.parseCode(profile, bytes);
        const got = implCore.parseCode(profile, bytes);
        expect(got.ok).toBe(want.ok);
        if (want.ok && got.ok) expect(got.value).toEqual(want.value);
        if (!want.ok && !got.ok) expect(got.error.class).toBe(want.error.class);
      }),
      { numRuns: 10_000, seed },
    );
  });
});
