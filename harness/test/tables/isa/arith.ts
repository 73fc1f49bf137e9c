/**
 * Additive and multiplicative arithmetic: 131, 135, 141, 149, 150, 154 (two registers + immediate),
 * 190-192, 200-202, 213-215 (three registers). spec/pvm-core.md 3.2.
 *
 * Encodings:
 * - TwoRegOneImm `op B1 x...`: R1 = min(12, B1 & 15) is the destination, R2 = min(12, B1 >> 4) the
 *   source v; lX = min(4, l - 1), x = X(lX, LE(pc+2, lX)). Here B1 = 0x89: destination r9, source r8.
 * - ThreeReg `op B1 B2`: a = φ[min(12, B1 & 15)], b = φ[min(12, B1 >> 4)], destination
 *   min(12, B2) (whole byte, spec-note 0003). Here B1 = 0x87 (a = r7, b = r8), B2 = 0x09 (r9).
 * Notation: X(n, v) sign-extends n bytes; s32(v) = X(4, v mod 2^32); i64 reads two's complement.
 */
import { describe, it } from 'vitest';
import { ONES, expectRegs, type RegCase } from './util.js';

/** Registers the arith tables (describe/it) for the engine describeCoreTables has set. */
export function arithTables(): void {
  const I64_MIN = 0x8000000000000000n;

  describe('32-bit immediate arithmetic', () => {
    const cases: RegCase[] = [
      // add_imm_32 = 0x83: s32(0x7FFFFFFF + 1) = s32(0x80000000) = 0xFFFFFFFF80000000
      { name: 'add_imm_32 overflow into bit 31 sign-extends', code: '83 89 01', regs: { 8: 0x7fffffffn }, want: { 9: 0xffffffff80000000n } },
      // s32(0xFFFFFFFF00000005 + 1): u32 = 6 -> 6 (high 32 bits of v are dropped)
      { name: 'add_imm_32 ignores the upper half of the source', code: '83 89 01', regs: { 8: 0xffffffff00000005n }, want: { 9: 6n } },
      // x = X(1, 0xFF) = 2^64-1; s32(0 + 2^64 - 1) = s32(0xFFFFFFFF) = 2^64-1
      { name: 'add_imm_32 with a negative immediate', code: '83 89 FF', regs: { 8: 0n }, want: { 9: ONES } },
      // s32(0xFFFFFFFF + 1) = s32(0x100000000) = 0
      { name: 'add_imm_32 wraps at 2^32 to 0', code: '83 89 01', regs: { 8: 0xffffffffn }, want: { 9: 0n } },
      // T1 case: add_imm_32 r11 = s32(r7 + X(3, 0x800000)); r7 = 0xFFFFFFFFFFFFFF80
      // 0xFFFFFF80 + 0xFF800000 = 0x1FF7FFF80 -> u32 0xFF7FFF80 -> 0xFFFFFFFFFF7FFF80
      { name: 'add_imm_32 with a 3-byte negative immediate', code: '83 7B 00 00 80', regs: { 7: 0xffffffffffffff80n }, want: { 11: 0xffffffffff7fff80n } },
      // mul_imm_32 = 0x87: x = X(3, 0x010000) = 0x10000; 0x10000 * 0x10000 = 2^32 -> u32 0 -> 0
      { name: 'mul_imm_32 keeps only the low 32 bits', code: '87 89 00 00 01', regs: { 8: 0x10000n }, want: { 9: 0n } },
      // 3 * X(1, 0xFF) = 3 * (2^64-1) = -3 mod 2^64 -> u32 0xFFFFFFFD -> 0xFFFFFFFFFFFFFFFD
      { name: 'mul_imm_32 by -1 gives a sign-extended negative', code: '87 89 FF', regs: { 8: 3n }, want: { 9: 0xfffffffffffffffdn } },
      // 0x40000000 * 2 = 0x80000000 -> s32 -> 0xFFFFFFFF80000000
      { name: 'mul_imm_32 result with bit 31 set sign-extends', code: '87 89 02', regs: { 8: 0x40000000n }, want: { 9: 0xffffffff80000000n } },
      // 0x100000003 * 5 = 0x50000000F -> u32 0xF
      { name: 'mul_imm_32 ignores the upper half of the source', code: '87 89 05', regs: { 8: 0x100000003n }, want: { 9: 0xfn } },
      // neg_add_imm_32 = 0x8D: x - v; lX = 0 -> x = 0; 0 - 1 = -1 -> s32 -> 2^64-1
      { name: 'neg_add_imm_32 0 - 1 is -1', code: '8D 89', regs: { 8: 1n }, want: { 9: ONES } },
      // 0x10 - 5 = 0xB
      { name: 'neg_add_imm_32 subtracts the register from the immediate', code: '8D 89 10', regs: { 8: 5n }, want: { 9: 0xbn } },
      // 0 - 0xFFFFFFFF80000000 = 0x80000000 (mod 2^64) -> s32 -> 0xFFFFFFFF80000000
      { name: 'neg_add_imm_32 negating i32 min stays i32 min', code: '8D 89', regs: { 8: 0xffffffff80000000n }, want: { 9: 0xffffffff80000000n } },
      // x = X(4, 0x80000000) = 0xFFFFFFFF80000000; x - 1 -> u32 0x7FFFFFFF -> positive 0x7FFFFFFF
      { name: 'neg_add_imm_32 i32 min - 1 wraps to i32 max', code: '8D 89 00 00 00 80', regs: { 8: 1n }, want: { 9: 0x7fffffffn } },
    ];
    for (const c of cases) it(c.name, () => expectRegs(c));
  });

  describe('64-bit immediate arithmetic', () => {
    const cases: RegCase[] = [
      // add_imm_64 = 0x95: (2^64-1) + 1 = 0 mod 2^64
      { name: 'add_imm_64 wraps mod 2^64', code: '95 89 01', regs: { 8: ONES }, want: { 9: 0n } },
      // x = X(4, 0x80000000) = 0xFFFFFFFF80000000; 0 + x
      { name: 'add_imm_64 with a sign-extended 4-byte immediate', code: '95 89 00 00 00 80', regs: { 8: 0n }, want: { 9: 0xffffffff80000000n } },
      // T1 case: x = X(2, 0xFFFF) = -1: 0x1122334455667788 - 1
      { name: 'add_imm_64 with a 2-byte -1', code: '95 89 FF FF', regs: { 8: 0x1122334455667788n }, want: { 9: 0x1122334455667787n } },
      // B1 = 0x77: destination and source are both r7: 5 + 1 = 6
      { name: 'add_imm_64 in place', code: '95 77 01', regs: { 7: 5n }, want: { 7: 6n } },
      // mul_imm_64 = 0x96: 2^63 * 2 = 2^64 = 0 mod 2^64
      { name: 'mul_imm_64 overflow wraps to 0', code: '96 89 02', regs: { 8: I64_MIN }, want: { 9: 0n } },
      // 7 * X(1, 0xFF) = 7 * (2^64-1) = -7 mod 2^64 = 0xFFFFFFFFFFFFFFF9
      { name: 'mul_imm_64 by -1', code: '96 89 FF', regs: { 8: 7n }, want: { 9: 0xfffffffffffffff9n } },
      // x = X(2, 0x1000) = 0x1000; 0x123456789 * 0x1000 = 0x123456789000 (no truncation to 32 bits)
      { name: 'mul_imm_64 keeps 64 bits', code: '96 89 00 10', regs: { 8: 0x123456789n }, want: { 9: 0x123456789000n } },
      // neg_add_imm_64 = 0x9A: 0 - 1 = 2^64-1
      { name: 'neg_add_imm_64 0 - 1 wraps', code: '9A 89', regs: { 8: 1n }, want: { 9: ONES } },
      // 10 - 2 = 8
      { name: 'neg_add_imm_64 subtracts the register from the immediate', code: '9A 89 0A', regs: { 8: 2n }, want: { 9: 8n } },
      // X(1, 0x80) - 1 = 0xFFFFFFFFFFFFFF80 - 1 = 0xFFFFFFFFFFFFFF7F (no 32-bit truncation)
      { name: 'neg_add_imm_64 with a negative immediate', code: '9A 89 80', regs: { 8: 1n }, want: { 9: 0xffffffffffffff7fn } },
    ];
    for (const c of cases) it(c.name, () => expectRegs(c));
  });

  describe('32-bit three-register arithmetic', () => {
    const cases: RegCase[] = [
      // add_32 = 0xBE: s32(0x7FFFFFFF + 1) = 0xFFFFFFFF80000000
      { name: 'add_32 overflow sign-extends', code: 'BE 87 09', regs: { 7: 0x7fffffffn, 8: 1n }, want: { 9: 0xffffffff80000000n } },
      // s32(0xFFFFFFFF + 1) = s32(2^32) = 0
      { name: 'add_32 wraps at 2^32', code: 'BE 87 09', regs: { 7: 0xffffffffn, 8: 1n }, want: { 9: 0n } },
      // s32(0x100000005 + 0x200000003) = s32(0x300000008) = 8
      { name: 'add_32 ignores the upper halves', code: 'BE 87 09', regs: { 7: 0x100000005n, 8: 0x200000003n }, want: { 9: 8n } },
      // sub_32 = 0xBF: a - b = r7 - r8 = 0 - 1 -> s32 -> 2^64-1
      { name: 'sub_32 0 - 1 is -1', code: 'BF 87 09', regs: { 7: 0n, 8: 1n }, want: { 9: ONES } },
      // 0x80000000 - 1 = 0x7FFFFFFF (positive)
      { name: 'sub_32 i32 min - 1 wraps to i32 max', code: 'BF 87 09', regs: { 7: 0x80000000n, 8: 1n }, want: { 9: 0x7fffffffn } },
      // operand order: r7 - r8 = 5 - 3 = 2 (not 3 - 5)
      { name: 'sub_32 subtracts the high-nibble register from the low-nibble one', code: 'BF 87 09', regs: { 7: 5n, 8: 3n }, want: { 9: 2n } },
      // s32(0x100000000 - 0) = 0
      { name: 'sub_32 result truncated to 32 bits', code: 'BF 87 09', regs: { 7: 0x100000000n, 8: 0n }, want: { 9: 0n } },
      // mul_32 = 0xC0: 0x10000 * 0x10000 = 2^32 -> 0
      { name: 'mul_32 keeps the low 32 bits', code: 'C0 87 09', regs: { 7: 0x10000n, 8: 0x10000n }, want: { 9: 0n } },
      // 0xFFFF * 0xFFFF = 0xFFFE0001 -> s32 -> 0xFFFFFFFFFFFE0001
      { name: 'mul_32 product with bit 31 set sign-extends', code: 'C0 87 09', regs: { 7: 0xffffn, 8: 0xffffn }, want: { 9: 0xfffffffffffe0001n } },
      // 0xFFFFFFFF * 3 = 0x2FFFFFFFD -> u32 0xFFFFFFFD -> 0xFFFFFFFFFFFFFFFD
      { name: 'mul_32 of -1 (as u32) by 3', code: 'C0 87 09', regs: { 7: 0xffffffffn, 8: 3n }, want: { 9: 0xfffffffffffffffdn } },
    ];
    for (const c of cases) it(c.name, () => expectRegs(c));
  });

  describe('64-bit three-register arithmetic', () => {
    const cases: RegCase[] = [
      // add_64 = 0xC8: (2^64-1) + 2 = 1 mod 2^64
      { name: 'add_64 wraps mod 2^64', code: 'C8 87 09', regs: { 7: ONES, 8: 2n }, want: { 9: 1n } },
      // sub_64 = 0xC9: 0 - 1 = 2^64-1
      { name: 'sub_64 0 - 1 wraps', code: 'C9 87 09', regs: { 7: 0n, 8: 1n }, want: { 9: ONES } },
      // 5 - 3 = 2
      { name: 'sub_64 operand order', code: 'C9 87 09', regs: { 7: 5n, 8: 3n }, want: { 9: 2n } },
      // mul_64 = 0xCA: 2^32 * (2^32 + 1) = 2^64 + 2^32 -> 2^32
      { name: 'mul_64 keeps the low 64 bits', code: 'CA 87 09', regs: { 7: 0x100000000n, 8: 0x100000001n }, want: { 9: 0x100000000n } },
      // (2^64-1)^2 = 2^128 - 2^65 + 1 -> 1 mod 2^64
      { name: 'mul_64 of -1 by -1 is 1', code: 'CA 87 09', regs: { 7: ONES, 8: ONES }, want: { 9: 1n } },
      // destination byte B2 = 0x10 = 16 -> min(12, 16) = 12 (spec-note 0003, not 16 & 15 = 0); 5 + 6 = 11
      { name: 'ThreeReg destination byte 0x10 clamps to r12 (whole byte)', code: 'C8 87 10', regs: { 7: 5n, 8: 6n }, want: { 12: 11n } },
      // B2 = 0xFF -> min(12, 255) = 12
      { name: 'ThreeReg destination byte 0xFF clamps to r12', code: 'C8 87 FF', regs: { 7: 5n, 8: 6n }, want: { 12: 11n } },
      // B2 = 0x0D -> 12
      { name: 'ThreeReg destination byte 13 clamps to r12', code: 'C8 87 0D', regs: { 7: 5n, 8: 6n }, want: { 12: 11n } },
      // B1 = 0xF7: b = φ[min(12, 15)] = r12 = 6; 5 + 6 = 11 into r9
      { name: 'ThreeReg source nibble 15 clamps to r12', code: 'C8 F7 09', regs: { 7: 5n, 12: 6n }, want: { 9: 11n } },
      // B1 = 0x8E: a = φ[min(12, 14)] = r12 = 5; 5 - 6 via sub_64 = 2^64-1 into r9
      { name: 'ThreeReg low source nibble 14 clamps to r12', code: 'C9 8E 09', regs: { 12: 5n, 8: 6n }, want: { 9: ONES } },
      // B2 = 0x07: r7 := r7 + r8 = 5 + 6
      { name: 'destination may be a source', code: 'C8 87 07', regs: { 7: 5n, 8: 6n }, want: { 7: 11n } },
      // ThreeReg with bytes beyond B2: l = 3, the 4th byte is ignored: r9 = 5 + 6
      { name: 'ThreeReg ignores extra bytes', code: 'C8 87 09 AA', regs: { 7: 5n, 8: 6n }, want: { 9: 11n } },
    ];
    for (const c of cases) it(c.name, () => expectRegs(c));
  });

  describe('upper half of the 128-bit product', () => {
    const cases: RegCase[] = [
      // mul_upper_s_s = 0xD5: floor((-1)(-1) / 2^64) = floor(1/2^64) = 0
      { name: 'mul_upper_s_s (-1)(-1) is 0', code: 'D5 87 09', regs: { 7: ONES, 8: ONES }, want: { 9: 0n } },
      // floor((-1)(1) / 2^64) = floor(-2^-64) = -1 -> 2^64-1 (a floor, not a truncation toward 0)
      { name: 'mul_upper_s_s (-1)(1) is -1 (floor)', code: 'D5 87 09', regs: { 7: ONES, 8: 1n }, want: { 9: ONES } },
      // (-2^63)(-2^63) = 2^126; / 2^64 = 2^62
      { name: 'mul_upper_s_s i64 min squared', code: 'D5 87 09', regs: { 7: I64_MIN, 8: I64_MIN }, want: { 9: 0x4000000000000000n } },
      // (-2^63)(2) = -2^64; / 2^64 = -1 exactly -> 2^64-1
      { name: 'mul_upper_s_s i64 min times 2', code: 'D5 87 09', regs: { 7: I64_MIN, 8: 2n }, want: { 9: ONES } },
      // (2^62)(4) = 2^64 -> 1
      { name: 'mul_upper_s_s positive overflow', code: 'D5 87 09', regs: { 7: 0x4000000000000000n, 8: 4n }, want: { 9: 1n } },
      // (2^63-1)^2 = 2^126 - 2^64 + 1 -> floor / 2^64 = 2^62 - 1
      { name: 'mul_upper_s_s i64 max squared', code: 'D5 87 09', regs: { 7: 0x7fffffffffffffffn, 8: 0x7fffffffffffffffn }, want: { 9: 0x3fffffffffffffffn } },
      // (-2)(3) = -6 -> floor(-6 / 2^64) = -1
      { name: 'mul_upper_s_s small negative product is -1', code: 'D5 87 09', regs: { 7: 0xfffffffffffffffen, 8: 3n }, want: { 9: ONES } },
      // mul_upper_u_u = 0xD6: (2^64-1)^2 = 2^128 - 2^65 + 1 -> floor / 2^64 = 2^64 - 2
      { name: 'mul_upper_u_u all ones squared', code: 'D6 87 09', regs: { 7: ONES, 8: ONES }, want: { 9: 0xfffffffffffffffen } },
      // 2^63 * 2 = 2^64 -> 1
      { name: 'mul_upper_u_u 2^63 * 2', code: 'D6 87 09', regs: { 7: I64_MIN, 8: 2n }, want: { 9: 1n } },
      // 3 * 5 = 15 < 2^64 -> 0
      { name: 'mul_upper_u_u small product is 0', code: 'D6 87 09', regs: { 7: 3n, 8: 5n }, want: { 9: 0n } },
      // mul_upper_s_u = 0xD7: a = r7 signed, b = r8 unsigned. (-1)(2^64-1) = -(2^64-1) -> floor = -1
      { name: 'mul_upper_s_u (-1) * (2^64-1) is -1', code: 'D7 87 09', regs: { 7: ONES, 8: ONES }, want: { 9: ONES } },
      // (-1) * 1 = -1 -> floor(-1 / 2^64) = -1
      { name: 'mul_upper_s_u (-1) * 1 is -1 (floor)', code: 'D7 87 09', regs: { 7: ONES, 8: 1n }, want: { 9: ONES } },
      // a = 2 (signed +2), b = 2^64-1 (unsigned): 2^65 - 2 -> floor / 2^64 = 1
      { name: 'mul_upper_s_u positive signed by large unsigned', code: 'D7 87 09', regs: { 7: 2n, 8: ONES }, want: { 9: 1n } },
      // the same bits swapped: a = 2^64-1 is -1 signed, b = 2: -2 -> floor = -1 (order matters)
      { name: 'mul_upper_s_u signed operand is the low-nibble register', code: 'D7 87 09', regs: { 7: ONES, 8: 2n }, want: { 9: ONES } },
      // (-2)(2^63) = -2^64 -> exactly -1
      { name: 'mul_upper_s_u (-2) * 2^63', code: 'D7 87 09', regs: { 7: 0xfffffffffffffffen, 8: I64_MIN }, want: { 9: ONES } },
      // 1 * (2^64-1) < 2^64 -> 0
      { name: 'mul_upper_s_u 1 * (2^64-1) is 0', code: 'D7 87 09', regs: { 7: 1n, 8: ONES }, want: { 9: 0n } },
    ];
    for (const c of cases) it(c.name, () => expectRegs(c));
  });
}
