/**
 * Loads: absolute load_u8 .. load_u64 (52-58) and indirect load_ind_* (124-130).
 * spec/pvm-core.md 1.2, 3.2; spec-notes 0007 (fault address = base of the lowest failing page),
 * 0009 (reads need R or W).
 *
 * Encodings:
 * - Absolute, OneRegOneImm `op B1 x...`: R1 = min(12, B1 & 15) (destination), lX = min(4, l - 1),
 *   address = X(lX, LE(pc+2, lX)). `op 07 00 00 01`: r7, lX = 3, X(3, 0x010000) = 0x10000.
 * - Indirect, TwoRegOneImm `op B1 x...`: R1 = B1 & 15 (destination), R2 = B1 >> 4 (base);
 *   address = φ[R2] + x. `op 87 ...`: r7 := mem[r8 + x].
 * u forms zero-extend n bytes (little-endian); i forms give X(n, .).
 *
 * Memory: page 0x10000 readable. Bytes at 0x10000: F0 DE BC 9A 78 56 34 92 (the top bit of every
 * width is set); at 0x10010: 12 34 56 78 9A BC DE 70 (no width has its top bit set).
 */
import { describe, expect, it } from 'vitest';
import { hex, reg, run } from '../core.js';
import { expectExit, expectFault, len, regFile } from './util.js';

/** Registers the load tables (describe/it) for the engine describeCoreTables has set. */
export function loadTables(): void {
  const PAGE = { address: 0x10000, length: 0x1000, access: 'R' as const };
  const MEM = [
    { address: 0x10000, bytes: hex('F0 DE BC 9A 78 56 34 92') },
    { address: 0x10010, bytes: hex('12 34 56 78 9A BC DE 70') },
  ];

  interface LoadCase {
    readonly name: string;
    readonly code: string;
    readonly regs?: Readonly<Record<number, bigint>>;
    readonly want: bigint;
  }

  function check(c: LoadCase): void {
    const r = run([c.code, '00'], { pages: [PAGE], memory: MEM, regs: c.regs ?? {} });
    expectExit(r, 'trap', len(c.code));
    expect(r.state.regs).toEqual(regFile({ ...(c.regs ?? {}), 7: c.want }));
  }

  describe('absolute loads (52-58)', () => {
    const cases: LoadCase[] = [
      // load_u8 = 0x34: mem[0x10000] = 0xF0, zero-extended
      { name: 'load_u8 with the sign bit set zero-extends', code: '34 07 00 00 01', want: 0xf0n },
      // load_i8 = 0x35: X(1, 0xF0) = 0xFFFFFFFFFFFFFFF0
      { name: 'load_i8 with the sign bit set sign-extends', code: '35 07 00 00 01', want: 0xfffffffffffffff0n },
      // load_i8 of 0x12 = 0x12
      { name: 'load_i8 of a positive byte', code: '35 07 10 00 01', want: 0x12n },
      // load_u16 = 0x36: LE(F0 DE) = 0xDEF0
      { name: 'load_u16 with the sign bit set zero-extends', code: '36 07 00 00 01', want: 0xdef0n },
      // load_i16 = 0x37: X(2, 0xDEF0) = 0xFFFFFFFFFFFFDEF0
      { name: 'load_i16 with the sign bit set sign-extends', code: '37 07 00 00 01', want: 0xffffffffffffdef0n },
      // load_i16 at 0x10010: LE(12 34) = 0x3412
      { name: 'load_i16 of a positive value', code: '37 07 10 00 01', want: 0x3412n },
      // load_u32 = 0x38: LE(F0 DE BC 9A) = 0x9ABCDEF0
      { name: 'load_u32 with the sign bit set zero-extends', code: '38 07 00 00 01', want: 0x9abcdef0n },
      // load_i32 = 0x39: X(4, 0x9ABCDEF0) = 0xFFFFFFFF9ABCDEF0
      { name: 'load_i32 with the sign bit set sign-extends', code: '39 07 00 00 01', want: 0xffffffff9abcdef0n },
      // load_i32 at 0x10010: 0x78563412
      { name: 'load_i32 of a positive value', code: '39 07 10 00 01', want: 0x78563412n },
      // load_u64 = 0x3A: LE(F0 DE BC 9A 78 56 34 92) = 0x923456789ABCDEF0
      { name: 'load_u64 reads 8 little-endian bytes', code: '3A 07 00 00 01', want: 0x923456789abcdef0n },
      // load_u64 at 0x10010: 0x70DEBC9A78563412
      { name: 'load_u64 at another address', code: '3A 07 10 00 01', want: 0x70debc9a78563412n },
      // load_u32 at 0x10001 (unaligned is fine): LE(DE BC 9A 78) = 0x789ABCDE
      { name: 'load_u32 unaligned', code: '38 07 01 00 01', want: 0x789abcden },
      // load_u8 at 0x10008: accessible, never written -> 0
      { name: 'load_u8 of an unwritten byte of a readable page is 0', code: '34 07 08 00 01', regs: { 7: 5n }, want: 0n },
      // B1 = 0xF7: the high nibble is ignored by OneRegOneImm, still r7
      { name: 'absolute load ignores the high nibble of B1', code: '34 F7 00 00 01', want: 0xf0n },
    ];
    for (const c of cases) it(c.name, () => check(c));
  });

  describe('indirect loads (124-130)', () => {
    const base = { 8: 0x10000n };
    const cases: LoadCase[] = [
      // load_ind_u8 = 0x7C: r7 := mem[r8 + 0] = 0xF0
      { name: 'load_ind_u8 zero-extends', code: '7C 87', regs: base, want: 0xf0n },
      // load_ind_i8 = 0x7D: X(1, 0xF0)
      { name: 'load_ind_i8 sign-extends', code: '7D 87', regs: base, want: 0xfffffffffffffff0n },
      // load_ind_u16 = 0x7E: 0xDEF0
      { name: 'load_ind_u16 zero-extends', code: '7E 87', regs: base, want: 0xdef0n },
      // load_ind_i16 = 0x7F: X(2, 0xDEF0)
      { name: 'load_ind_i16 sign-extends', code: '7F 87', regs: base, want: 0xffffffffffffdef0n },
      // load_ind_u32 = 0x80: 0x9ABCDEF0
      { name: 'load_ind_u32 zero-extends', code: '80 87', regs: base, want: 0x9abcdef0n },
      // load_ind_i32 = 0x81: X(4, 0x9ABCDEF0)
      { name: 'load_ind_i32 sign-extends', code: '81 87', regs: base, want: 0xffffffff9abcdef0n },
      // load_ind_u64 = 0x82: 0x923456789ABCDEF0
      { name: 'load_ind_u64', code: '82 87', regs: base, want: 0x923456789abcdef0n },
      // x = 0x10: mem[0x10010] = 0x12 (positive i8)
      { name: 'load_ind_i8 of a positive byte with an offset', code: '7D 87 10', regs: base, want: 0x12n },
      // mem[0x10010..12) = 0x3412
      { name: 'load_ind_i16 of a positive value', code: '7F 87 10', regs: base, want: 0x3412n },
      // mem[0x10010..14) = 0x78563412
      { name: 'load_ind_i32 of a positive value', code: '81 87 10', regs: base, want: 0x78563412n },
      // r8 = 0x10010, x = X(1, 0xF0) = -16 -> 0x10000: 0xF0
      { name: 'load_ind with a negative offset', code: '7C 87 F0', regs: { 8: 0x10010n }, want: 0xf0n },
      // r8 = 0, x = X(3, 0x010003) = 0x10003: mem = 9A
      { name: 'load_ind with a 3-byte offset from r8 = 0', code: '7C 87 03 00 01', regs: { 8: 0n }, want: 0x9an },
      // B1 = 0x77: destination = base = r7: r7 := u16 mem[r7 = 0x10000] = 0xDEF0
      { name: 'load_ind into its own base register', code: '7E 77', regs: { 7: 0x10000n }, want: 0xdef0n },
    ];
    for (const c of cases) it(c.name, () => check(c));
  });

  describe('load faults', () => {
    it('a load from an unmapped page faults at the page base, destination unchanged', () => {
      // load_u8 = 34 07 05 00 02: X(3, 0x020005) = 0x20005; page 0x20000 unmapped
      const r = run(['34 07 05 00 02', '00'], { pages: [PAGE], memory: MEM, regs: { 7: 0x77n } });
      expectFault(r, 0x20000n, 0);
      expect(reg(r, 7)).toBe(0x77n);
    });

    it('an indirect load from an unmapped page faults at the page base', () => {
      // pc0: 33 09 01 (r9 = 1); pc3: 82 87 08: r7 := u64 mem[r8 + 8], r8 = 0x30000 -> fault 0x30000 at pc 3
      const r = run(['33 09 01', '82 87 08', '00'], { pages: [PAGE], memory: MEM, regs: { 8: 0x30000n } });
      expectFault(r, 0x30000n, 3);
      expect(r.state.regs).toEqual(regFile({ 8: 0x30000n, 9: 1n }));
    });

    it('a load with no pages mapped at all faults', () => {
      // load_u32 [0x10000] with an empty page map -> fault 0x10000
      const r = run(['38 07 00 00 01', '00']);
      expectFault(r, 0x10000n, 0);
    });

    it('loads from a writable page work', () => {
      const r = run(['35 07 00 00 01', '00'], { pages: [{ ...PAGE, access: 'W' }], memory: MEM });
      expectExit(r, 'trap', 5);
      expect(reg(r, 7)).toBe(0xfffffffffffffff0n);
    });
  });
}
