/**
 * Lazy decoding of large code (impl/core/decode.ts, issue 14 item 4): code longer than the eager
 * limit is decoded region by region on first entry, with pcs local to the region. Here the limit is
 * 0 and regions are 16 pcs (at most 2 or 3 kept), so that small programs cross region edges all the
 * time: the hand-derived ISA tables and random programs against the model, on both tiers, whole and
 * cut into step slices. Then the memory bound on a real 16 MB code cap, with the default sizes: the
 * decoded program's arrays (byteLength sums, decodedBytes) stay at most 8 bytes per code byte.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { imageOf } from './support/image.js';
import { modelCore } from '../../model/index.js';
import { useCoreEngine } from './tables/core.js';
import { CORE_TABLES } from './tables/index.js';
import { PAGE_SIZE, type CodeImage, type CoreRunInput } from '../../vectors/lib/types.js';
import { EXIT_BUDGET, EXIT_ECALLI, EXIT_OOG, EXIT_TRAP } from '../../impl/core/api.js';
import { configureLazyDecode, decode, decodedBytes, EAGER_MAX, REGION, type LazySizes } from '../../impl/core/decode.js';
import { implCoreFactory, ImplMachine } from '../../impl/core/index.js';
import { implCoreWithTier, memCyclesFor } from '../../impl/index.js';

const seed = process.env.JAVM_SEED === undefined ? Date.now() % 2 ** 31 : Number(process.env.JAVM_SEED);
console.log(`lazy-decode: seed ${seed}; replay: JAVM_SEED=${seed} npx vitest run harness/test/lazy-decode.test.ts`);

const TINY: LazySizes = { eagerMax: 0, region: 16, capacity: 2 };
const DEFAULT: LazySizes = { eagerMax: EAGER_MAX, region: REGION, capacity: 0 };

/** Runs `body`'s tests with tiny regions (and restores the defaults after them). */
function withTinyRegions(body: () => void | Promise<void>): void {
  beforeAll(() => {
    configureLazyDecode(TINY);
  });
  afterAll(() => {
    configureLazyDecode(DEFAULT);
  });
  return void body();
}

const TIERS = [
  ['impl-interp', implCoreWithTier('interp')],
  ['impl-jit', implCoreWithTier('jit', 0)],
] as const;

/** add_imm_64 r7, r7, 1: opcode 149, registers byte 0x77, one immediate byte. */
const ADD = [149, 0x77, 1];


const run = (image: CodeImage, gas: bigint, pc = 0): CoreRunInput => ({ profile: 'gp', image, pc, gas, regs: new Array<bigint>(13).fill(0n), pages: [], memory: [] });

describe('tiny regions (16 pcs, 2 or 3 decoded at a time)', () => {
  withTinyRegions(() => {
    test('programs here are decoded lazily (a view per 16-pc region, at most 2 kept)', () => {
      const d = implCoreFactory.compile('gp', imageOf([...Array.from({ length: 20 }, () => ADD), [10, 0]]), 0);
      expect(d.lazy?.region).toBe(16);
      expect(d.lazy?.capacity).toBe(2);
    });
    describe.each(TIERS)('%s', (_, impl) => {
      test('a block of 20 adds falls through 4 region edges: r7 = 20, one block of 21 instructions (gp gas 21)', () => {
        // pcs 0, 3, ..., 57: adds; pc 60: ecalli 0. Edges at 16, 32, 48 cut instructions (15, 30, 45 overhang).
        const r = impl.runCore(run(imageOf([...Array.from({ length: 20 }, () => ADD), [10, 0]]), 100n));
        expect(r.exit).toEqual({ kind: 'ecalli', id: 0 });
        expect(r.state.regs[7]).toBe(20n);
        expect(r.state.pc).toBe(62);
        expect(r.state.gas).toBe(100n - 21n);
        expect(r.steps).toBe(21);
      });
      test('a loop whose body spans 3 regions runs 5 times (the backward branch crosses two edges, regions evicted and decoded again)', () => {
        // pc 0: load_imm r8, 5 (51, 0x08, 5); pc 3: fallthrough (so that 4 is in ϖ); pcs 4..37: 12 adds;
        // pc 40: add_imm_64 r8, r8, -1 (149, 0x88, 0xff); pc 43: branch_ne_imm r8, 0, 4 (82, ra 8 | lx 1 << 4, imm 0, offset -39); pc 47: trap.
        const image = imageOf([[51, 0x08, 5], [1], ...Array.from({ length: 12 }, () => ADD), [149, 0x88, 0xff], [82, 0x18, 0, 0xd9], [0]]);
        const r = impl.runCore(run(image, 1000n));
        expect(r.exit).toEqual({ kind: 'trap' });
        expect(r.state.regs[7]).toBe(60n);
        expect(r.state.pc).toBe(47);
        // gp: block 0 (2 instructions), 5 × the loop block 4..43 (14), the trap's block (1)
        expect(r.state.gas).toBe(1000n - (2n + 5n * 14n + 1n));
        expect(r.steps).toBe(2 + 5 * 14 + 1);
      });
      test('two static targets in other regions from one region (two stubs): a branch forward, a jump back', () => {
        // pc 0: jump 20; pcs 2..19: traps; pc 20: branch_eq_imm r7, 0, 50 (81, ra 7 | lx 1 << 4, imm 0, offset 30);
        // pc 24: jump 5 (offset -19); pcs 26..49: traps; pc 50: add r7; pc 53: jump 20 (offset -33).
        // 0 → 20 (r7 = 0: taken) → 50 (r7 = 1) → 20 (not taken) → 24 → 5: trap.
        const traps = (n: number): number[][] => Array.from({ length: n }, () => [0]);
        const image = imageOf([[40, 20], ...traps(18), [81, 0x17, 0, 30], [40, 0xed], ...traps(24), ADD, [40, 0xdf]]);
        const r = impl.runCore(run(image, 100n));
        expect(r.exit).toEqual({ kind: 'trap' });
        expect(r.state.pc).toBe(5);
        expect(r.state.regs[7]).toBe(1n);
        expect(r.steps).toBe(7);
        expect(r.state.gas).toBe(100n - 7n);
      });
      test('a dynamic jump into a later region, and a jump back to an earlier one', () => {
        // pc 0: jump_ind r0, 2 (50, 0x00, 2) → table entry 1 = 40; pcs 3..38: 12 adds (not run);
        // pc 39: trap (ends the block, so 40 is in ϖ); pc 40: add r7 (r7 = 1); pc 43: jump 3 (40, -40 as 1 byte);
        // then adds from 3 (12 → r7 = 13) and the trap at 39.
        const image = imageOf([[50, 0x00, 2], ...Array.from({ length: 12 }, () => ADD), [0], ADD, [40, 0xd8]], [40]);
        const r = impl.runCore(run(image, 1000n));
        expect(r.exit).toEqual({ kind: 'trap' });
        expect(r.state.regs[7]).toBe(13n);
        expect(r.state.pc).toBe(39);
        expect(r.steps).toBe(1 + 2 + 13);
      });
    });

    // The hand-derived ISA tables (harness/test/tables, as in impl/test/isa.test.ts), every program decoded lazily in 16-pc regions.
    for (const [name, engine] of TIERS) {
      describe(`${name}, hand-derived ISA tables`, () => {
        beforeAll(() => useCoreEngine(engine));
        afterAll(() => useCoreEngine(null));
        for (const [f, tables] of CORE_TABLES) if (['isa/branch', 'isa/control', 'isa/jump', 'isa/immediate', 'spec-notes'].includes(f)) describe(f, tables);
      });
    }

    const VALID = [0, 1, 2, 3, 10, 20, 30, 40, 50, 51, 52, 59, 70, 80, 81, 82, 85, 90, 100, 120, 124, 131, 149, 158, 170, 173, 180, 190, 200, 202];
    const instr = fc.tuple(
      fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...VALID) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) }),
      fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x00, 0x01, 0x10, 0x11, 0x78, 0xf0, 0xe8, 0xfe, 0xff, 0x04, 0x10, 0x20)), { maxLength: 9 }),
    ).map(([op, rest]) => [op, ...rest]);
    const input: fc.Arbitrary<CoreRunInput> = fc
      .record({
        profile: fc.constantFrom('jar1' as const, 'gp' as const),
        instrs: fc.array(instr, { minLength: 1, maxLength: 40 }),
        table: fc.array(fc.integer({ min: 0, max: 120 }), { maxLength: 4 }),
        regs: fc.array(fc.oneof(fc.integer({ min: 0, max: 130 }).map(BigInt), fc.constantFrom(0x10000n, 0xffff0000n, 2n ** 64n - 1n)), { minLength: 13, maxLength: 13 }),
        pc: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 130 }) }),
        gas: fc.oneof(fc.bigInt({ min: 0n, max: 400n }), fc.constant(10n ** 6n)),
      })
      .map((r) => ({
        profile: r.profile, image: imageOf(r.instrs, r.table), pc: r.pc, gas: r.gas, regs: r.regs,
        pages: [{ address: 0x10000, length: PAGE_SIZE, access: 'W' as const }], memory: [],
      }));

    describe.each(TIERS)('%s equals the model on random programs', (_, impl) => {
      test('3,000 random programs over 16-pc regions, some cut short by a step budget', () => {
        fc.assert(
          fc.property(input, fc.oneof(fc.constant(400), fc.integer({ min: 0, max: 30 })), (i, maxSteps) => {
            expect(impl.runCore(i, { maxSteps })).toEqual(modelCore.runCore(i, { maxSteps }));
          }),
          { numRuns: 3_000, seed },
        );
      });
    });

    describe.each(['interp', 'jit'] as const)('impl %s machine over 16-pc regions', (tier) => {
      test('1,000 random programs run as k-step slices end like the model run in one go', () => {
        fc.assert(
          fc.property(input, fc.integer({ min: 1, max: 5 }), (i, slice) => {
            const want = modelCore.runCore(i, { maxSteps: 200 });
            const m = implCoreFactory.createMachine(i.profile, { tier, hot: 0 });
            const space = implCoreFactory.createAddressSpace();
            space.mapPage(0x10, new Uint8Array(PAGE_SIZE), 'W');
            m.memory = space;
            i.regs.forEach((v, r) => m.setReg(r, v));
            m.pc = i.pc;
            m.gas = i.gas;
            const code = implCoreFactory.compile(i.profile, i.image, memCyclesFor(0));
            let steps = 0;
            let e: number = EXIT_BUDGET;
            while (e === EXIT_BUDGET && steps < 200) {
              e = m.run(code, Math.min(slice, 200 - steps));
              steps += m.steps;
            }
            expect(steps).toBe(want.steps);
            expect({ pc: m.pc, gas: m.gas, regs: Array.from({ length: 13 }, (_, r) => m.getReg(r)), memory: space.nonZero() }).toEqual({
              pc: want.state.pc, gas: want.state.gas, regs: want.state.regs, memory: want.state.memory,
            });
          }),
          { numRuns: 1_000, seed },
        );
      });
    });
  });
});

describe('default sizes: a 16 MB code cap', () => {
  /** 5,592,405 adds (3 bytes each) then ecalli 0: 16,777,216 bytes. */
  const adds = Math.floor((16 * 2 ** 20) / 3);
  const code = new Uint8Array(3 * adds + 1);
  const bitmask = new Uint8Array(code.length);
  for (let k = 0; k < adds; k++) {
    code.set(ADD, 3 * k);
    bitmask[3 * k] = 1;
  }
  code[3 * adds] = 10;
  bitmask[3 * adds] = 1;
  const image: CodeImage = { code, bitmask, jumpTable: [] };

  test.each(['interp', 'jit'] as const)('%s: runs to r7 = 5,592,405 holding at most 8 bytes of decoded arrays per code byte', (tier) => {
    const d = decode('gp', image, 0);
    expect(d.lazy).not.toBeNull();
    // Before the run: code 1 + bitmask 1 + skip 1 + the ϖ bitmap 1/8 bytes per code byte, nothing decoded yet.
    expect(decodedBytes(d)).toBeLessThanOrEqual(3.2 * code.length);
    const m = new ImplMachine('gp', { tier, hot: 0 });
    m.gas = 10n ** 9n;
    const e = m.run(d, Infinity);
    expect(e).toBe(EXIT_ECALLI);
    expect(m.getReg(7)).toBe(BigInt(adds));
    expect(m.pc).toBe(code.length); // ecalli's next: K = 1 from |c| on
    expect(m.gas).toBe(10n ** 9n - BigInt(adds + 1)); // one gp block of adds + 1 instructions
    const bytes = decodedBytes(d);
    expect(d.lazy!.views.size).toBe(64); // the region cache is full
    expect(bytes / code.length).toBeLessThanOrEqual(8);
  });

  test('small code stays eager (whole-length arrays, far more than 8 bytes per code byte)', () => {
    const small = imageOf([...Array.from({ length: 100 }, () => ADD), [0]]);
    const d = decode('gp', small, 0);
    expect(d.lazy).toBeNull();
    expect(decodedBytes(d) / small.code.length).toBeGreaterThan(40);
  });

  test('a run out of gas inside a lazily decoded block, and an entry past the end', () => {
    const d = decode('gp', image, 0);
    const m = new ImplMachine('gp', { tier: 'interp' });
    m.gas = 10n;
    expect(m.run(d, Infinity)).toBe(EXIT_OOG); // the one block costs adds + 1 > 10
    expect(m.gas).toBe(0n);
    m.pc = code.length + 5;
    m.gas = 10n;
    expect(m.run(d, Infinity)).toBe(EXIT_TRAP); // spec-notes/0016, 0018: a one-instruction block of cost 1
    expect(m.gas).toBe(9n);
  });
});
