/**
 * Bit counting, extension and byte reversal: 102-111 (TwoReg). 101 (sbrk) is removed and panics
 * (spec-note 0015). spec/pvm-core.md 3.2.
 *
 * Encoding: TwoReg `op B1`; destination R1 = min(12, B1 & 15), source v = φ[min(12, B1 >> 4)].
 * Here B1 = 0x89: r9 := f(r8).
 */
import { describe, expect, it } from 'vitest';
import { reg, run } from '../core.js';
import { ONES, expectExit, expectRegs, type RegCase } from './util.js';

/** Registers the bits tables (describe/it) for the engine describeCoreTables has set. */
export function bitsTables(): void {
  const I64_MIN = 0x8000000000000000n;

  describe('count_set_bits', () => {
    const cases: RegCase[] = [
      // count_set_bits_64 = 0x66: popcount(0) = 0
      { name: 'count_set_bits_64 of 0 is 0', code: '66 89', regs: { 8: 0n, 9: 7n }, want: { 9: 0n } },
      // popcount(2^64-1) = 64
      { name: 'count_set_bits_64 of all ones is 64', code: '66 89', regs: { 8: ONES }, want: { 9: 64n } },
      // popcount(0xFFFFFFFF80000000) = 32 + 1 = 33 (T2)
      { name: 'count_set_bits_64 counts the upper half', code: '66 89', regs: { 8: 0xffffffff80000000n }, want: { 9: 33n } },
      // count_set_bits_32 = 0x67: popcount(u32(2^64-1)) = 32
      { name: 'count_set_bits_32 of all ones is 32', code: '67 89', regs: { 8: ONES }, want: { 9: 32n } },
      // u32(0xFFFFFFFF00000000) = 0 -> 0
      { name: 'count_set_bits_32 ignores the upper half', code: '67 89', regs: { 8: 0xffffffff00000000n, 9: 7n }, want: { 9: 0n } },
      // popcount(0x80000001) = 2
      { name: 'count_set_bits_32 of 0x80000001 is 2', code: '67 89', regs: { 8: 0x80000001n }, want: { 9: 2n } },
    ];
    for (const c of cases) it(c.name, () => expectRegs(c));
  });

  describe('leading and trailing zeros', () => {
    const cases: RegCase[] = [
      // leading_zero_bits_64 = 0x68: clz64(0) = 64
      { name: 'leading_zero_bits_64 of 0 is 64', code: '68 89', regs: { 8: 0n }, want: { 9: 64n } },
      // clz64(1) = 63
      { name: 'leading_zero_bits_64 of 1 is 63', code: '68 89', regs: { 8: 1n }, want: { 9: 63n } },
      // clz64(2^63) = 0
      { name: 'leading_zero_bits_64 of 2^63 is 0', code: '68 89', regs: { 8: I64_MIN, 9: 7n }, want: { 9: 0n } },
      // clz64(0x00FF000000000000) = 8
      { name: 'leading_zero_bits_64 of 0x00FF... is 8', code: '68 89', regs: { 8: 0x00ff000000000000n }, want: { 9: 8n } },
      // leading_zero_bits_32 = 0x69: clz32(0) = 32
      { name: 'leading_zero_bits_32 of 0 is 32', code: '69 89', regs: { 8: 0n }, want: { 9: 32n } },
      // u32(0xFFFFFFFF00000000) = 0 -> 32
      { name: 'leading_zero_bits_32 ignores the upper half', code: '69 89', regs: { 8: 0xffffffff00000000n }, want: { 9: 32n } },
      // clz32(u32(0x10000FFFF)) = clz32(0x0000FFFF) = 16
      { name: 'leading_zero_bits_32 of 0xFFFF is 16', code: '69 89', regs: { 8: 0x10000ffffn }, want: { 9: 16n } },
      // clz32(0x80000000) = 0
      { name: 'leading_zero_bits_32 of 0x80000000 is 0', code: '69 89', regs: { 8: 0x80000000n, 9: 7n }, want: { 9: 0n } },
      // trailing_zero_bits_64 = 0x6A: ctz64(0) = 64
      { name: 'trailing_zero_bits_64 of 0 is 64', code: '6A 89', regs: { 8: 0n }, want: { 9: 64n } },
      // ctz64(2^63) = 63
      { name: 'trailing_zero_bits_64 of 2^63 is 63', code: '6A 89', regs: { 8: I64_MIN }, want: { 9: 63n } },
      // ctz64(2^32) = 32
      { name: 'trailing_zero_bits_64 of 2^32 is 32', code: '6A 89', regs: { 8: 0x100000000n }, want: { 9: 32n } },
      // ctz64(1) = 0
      { name: 'trailing_zero_bits_64 of 1 is 0', code: '6A 89', regs: { 8: 1n, 9: 7n }, want: { 9: 0n } },
      // trailing_zero_bits_32 = 0x6B: ctz32(0) = 32
      { name: 'trailing_zero_bits_32 of 0 is 32', code: '6B 89', regs: { 8: 0n }, want: { 9: 32n } },
      // u32(2^32) = 0 -> 32 (not 32 from the 64-bit view by accident: see the next case)
      { name: 'trailing_zero_bits_32 of 2^32 is 32 (low half is 0)', code: '6B 89', regs: { 8: 0x100000000n }, want: { 9: 32n } },
      // u32(0xFFFFFFFF00000010) = 0x10 -> 4
      { name: 'trailing_zero_bits_32 ignores the upper half', code: '6B 89', regs: { 8: 0xffffffff00000010n }, want: { 9: 4n } },
      // ctz32(0x80000000) = 31
      { name: 'trailing_zero_bits_32 of 0x80000000 is 31', code: '6B 89', regs: { 8: 0x80000000n }, want: { 9: 31n } },
    ];
    for (const c of cases) it(c.name, () => expectRegs(c));
  });

  describe('sign and zero extension, byte reversal', () => {
    const cases: RegCase[] = [
      // sign_extend_8 = 0x6C: X(1, 0x80) = 0xFFFFFFFFFFFFFF80
      { name: 'sign_extend_8 of 0x80', code: '6C 89', regs: { 8: 0x80n }, want: { 9: 0xffffffffffffff80n } },
      // X(1, 0x7F) = 0x7F
      { name: 'sign_extend_8 of 0x7F', code: '6C 89', regs: { 8: 0x7fn }, want: { 9: 0x7fn } },
      // spec-note 0002: truncate first: 0x1234 mod 2^8 = 0x34 -> X(1, 0x34) = 0x34
      { name: 'sign_extend_8 truncates bits above 8 (0x1234 -> 0x34)', code: '6C 89', regs: { 8: 0x1234n }, want: { 9: 0x34n } },
      // 0x12F4 mod 2^8 = 0xF4 -> 0xFFFFFFFFFFFFFFF4
      { name: 'sign_extend_8 truncates then extends a set sign bit', code: '6C 89', regs: { 8: 0x12f4n }, want: { 9: 0xfffffffffffffff4n } },
      // sign_extend_16 = 0x6D: X(2, 0x8000) = 0xFFFFFFFFFFFF8000
      { name: 'sign_extend_16 of 0x8000', code: '6D 89', regs: { 8: 0x8000n }, want: { 9: 0xffffffffffff8000n } },
      // 0x12345678 mod 2^16 = 0x5678 -> 0x5678
      { name: 'sign_extend_16 truncates bits above 16', code: '6D 89', regs: { 8: 0x12345678n }, want: { 9: 0x5678n } },
      // 0xABCD8001 mod 2^16 = 0x8001 -> 0xFFFFFFFFFFFF8001
      { name: 'sign_extend_16 truncates then extends a set sign bit', code: '6D 89', regs: { 8: 0xabcd8001n }, want: { 9: 0xffffffffffff8001n } },
      // zero_extend_16 = 0x6E: 0xFFFFFFFFFFFF8001 mod 2^16 = 0x8001
      { name: 'zero_extend_16 keeps the low 16 bits only', code: '6E 89', regs: { 8: 0xffffffffffff8001n }, want: { 9: 0x8001n } },
      // reverse_bytes = 0x6F: bytes 01 23 45 67 89 AB CD EF reversed -> 0xEFCDAB8967452301
      { name: 'reverse_bytes swaps all 8 bytes', code: '6F 89', regs: { 8: 0x0123456789abcdefn }, want: { 9: 0xefcdab8967452301n } },
      // 0x80 -> 0x8000000000000000
      { name: 'reverse_bytes moves the low byte to the top', code: '6F 89', regs: { 8: 0x80n }, want: { 9: I64_MIN } },
      // B1 = 0x8F: destination min(12, 15) = 12; popcount(3) = 2
      { name: 'TwoReg destination nibble 15 clamps to r12', code: '66 8F', regs: { 8: 3n }, want: { 12: 2n } },
      // B1 = 0xD9: source min(12, 13) = 12
      { name: 'TwoReg source nibble 13 clamps to r12', code: '66 D9', regs: { 12: 7n }, want: { 9: 3n } },
      // l = 3: the bytes after B1 are ignored
      { name: 'TwoReg ignores extra bytes', code: '66 89 FF FF', regs: { 8: 1n }, want: { 9: 1n } },
    ];
    for (const c of cases) it(c.name, () => expectRegs(c));
  });

  describe('sbrk (101) is removed', () => {
    it('sbrk panics at its pc and changes no register', () => {
      // pc0: 33 07 01 load_imm r7 = 1; pc3: 65 79 sbrk -> invalid (spec-note 0015): panic at 3
      const r = run(['33 07 01', '65 79', '00'], { regs: { 9: 0x1000n } });
      expectExit(r, 'panic', 3);
      expect(reg(r, 7)).toBe(1n);
      expect(reg(r, 9)).toBe(0x1000n);
    });
  });
}
