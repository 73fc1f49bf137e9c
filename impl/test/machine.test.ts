/**
 * The impl core's machine boundary as the impl kernel uses it (impl/core/api.ts): exact u64 gas far
 * beyond 2^53, register round trips, tier selection, fresh address spaces per machine, and a run
 * resumed after a step budget. Expected values are derived by hand in the comments.
 */
import { describe, expect, test } from 'vitest';
import { EXIT_BUDGET, EXIT_ECALLI, EXIT_TRAP } from '../core/api.js';
import { defaultTier, implCoreFactory } from '../core/index.js';
import type { CodeImage } from '../../vectors/lib/types.js';

/** load_imm r7, 5 (33 07 05) ; trap (00). */
const PROGRAM: CodeImage = { code: Uint8Array.of(0x33, 0x07, 0x05, 0x00), bitmask: Uint8Array.of(1, 0, 0, 1), jumpTable: [] };

describe.each(['interp', 'jit'] as const)('impl machine (%s tier)', (tier) => {
  const make = () => {
    const m = implCoreFactory.createMachine('jar1', { tier, hot: 0 });
    m.memory = implCoreFactory.createAddressSpace();
    return m;
  };

  test.each([
    // jar1 single-pass: load_imm done at cycle 1, trap (2 cycles, 1 slot) done at 2 -> max(2 - 3, 1) = 1 gas
    ['2^64 - 1', 2n ** 64n - 1n, 2n ** 64n - 2n],
    ['2^53 + 1 (not a double)', 2n ** 53n + 1n, 2n ** 53n],
    ['2^52 + 3 (just above the number budget)', 2n ** 52n + 3n, 2n ** 52n + 2n],
    ['1', 1n, 0n],
  ])('gas %s is charged exactly', (_, start, left) => {
    const m = make();
    m.gas = start;
    expect(m.run(implCoreFactory.compile('jar1', PROGRAM, 25), Infinity)).toBe(EXIT_TRAP);
    expect(m.gas).toBe(left);
    expect(m.getReg(7)).toBe(5n);
    expect(m.pc).toBe(3);
    expect(m.steps).toBe(2);
  });

  test('registers round-trip every 64-bit pattern class', () => {
    const m = make();
    const values = [0n, 1n, 0xffffffffn, 0x100000000n, 0x8000000000000000n, 2n ** 64n - 1n, 0x123456789abcdef0n];
    values.forEach((v, i) => m.setReg(i, v));
    expect(values.map((_, i) => m.getReg(i))).toEqual(values);
  });

  test('a step budget stops mid-block with the block paid; the next run goes on without paying again', () => {
    const m = make();
    m.gas = 100n;
    const code = implCoreFactory.compile('jar1', PROGRAM, 25);
    expect(m.run(code, 1)).toBe(EXIT_BUDGET); // load_imm ran, the trap did not
    expect([m.pc, m.blockPaid, m.gas, m.steps]).toEqual([3, true, 99n, 1]);
    expect(m.run(code, 10)).toBe(EXIT_TRAP);
    expect([m.pc, m.gas, m.steps]).toEqual([3, 99n, 1]); // no second charge for the same block
  });

  test('ecalli reports the immediate and the next pc; lastPc is the ecalli', () => {
    // ecalli 0x80 (0a 80): X(1, 0x80) = 2^64 - 128, low 32 bits 0xFFFFFF80; next pc 2; then trap
    const img: CodeImage = { code: Uint8Array.of(0x0a, 0x80, 0x00), bitmask: Uint8Array.of(1, 0, 1), jumpTable: [] };
    const m = make();
    m.gas = 1000n;
    expect(m.run(implCoreFactory.compile('jar1', img, 25), Infinity)).toBe(EXIT_ECALLI);
    expect([m.exitArg, m.pc, m.lastPc, m.blockPaid]).toEqual([0xffffff80, 2, 0, false]);
  });
});

test('a machine never shares its default address space with another', () => {
  const a = implCoreFactory.createMachine('jar1');
  const b = implCoreFactory.createMachine('jar1');
  a.memory.mapPage(16, new Uint8Array(4096), 'W');
  expect(a.mem.page(16)).toBeDefined();
  expect(b.mem.page(16)).toBeUndefined();
  expect(a.memory).not.toBe(b.memory);
});

test('the default tier follows JAVM_IMPL_TIER', () => {
  const saved = process.env.JAVM_IMPL_TIER;
  try {
    process.env.JAVM_IMPL_TIER = 'interp';
    expect(defaultTier()).toBe('interp');
    expect(implCoreFactory.createMachine('gp').tier).toBe('interp');
    process.env.JAVM_IMPL_TIER = 'jit';
    expect(defaultTier()).toBe('jit');
    delete process.env.JAVM_IMPL_TIER;
    expect(defaultTier()).toBe('jit');
  } finally {
    if (saved === undefined) delete process.env.JAVM_IMPL_TIER;
    else process.env.JAVM_IMPL_TIER = saved;
  }
});
