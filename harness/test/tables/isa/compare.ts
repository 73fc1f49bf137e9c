/**
 * Comparisons, conditional moves, min/max: set_lt/gt immediates (136, 137, 142, 143), set_lt (216,
 * 217), cmov_iz/nz_imm (147, 148), cmov_iz/nz (218, 219), max/max_u/min/min_u (227-230).
 * spec/pvm-core.md 3.2.
 *
 * Encodings:
 * - TwoRegOneImm `op B1 x...`: destination R1 = min(12, B1 & 15), v = φ[min(12, B1 >> 4)],
 *   x = X(lX, LE(pc+2, lX)) with lX = min(4, l - 1): the 64-bit sign-extended immediate is compared
 *   unsigned by `_u` forms and as i64 by `_s` forms. Here B1 = 0x89: r9 := f(v = r8, x).
 * - ThreeReg `op B1 B2`: a = φ[B1 & 15], b = φ[B1 >> 4], destination min(12, B2). Here `87 09`:
 *   a = r7, b = r8, into r9. cmov: φ[dest] := cond(b) ? a : φ[dest].
 */
import { describe, it } from 'vitest';
import { ONES, expectRegs, type RegCase } from './util.js';

/** Registers the compare tables (describe/it) for the engine describeCoreTables has set. */
export function compareTables(): void {
  const I64_MIN = 0x8000000000000000n;
  const I64_MAX = 0x7fffffffffffffffn;

  describe('set_lt / set_gt with an immediate', () => {
    const cases: RegCase[] = [
      // set_lt_u_imm = 0x88: x = X(1, 0xFF) = 2^64-1; 5 <u 2^64-1 -> 1
      { name: 'set_lt_u_imm compares with the sign-extended immediate as unsigned', code: '88 89 FF', regs: { 8: 5n, 9: 7n }, want: { 9: 1n } },
      // set_lt_s_imm = 0x89: 5 < -1 is false -> 0
      { name: 'set_lt_s_imm compares signed: 5 < -1 is false', code: '89 89 FF', regs: { 8: 5n, 9: 7n }, want: { 9: 0n } },
      // v = -2 (0xFF..FE), x = -1: -2 < -1 -> 1
      { name: 'set_lt_s_imm -2 < -1', code: '89 89 FF', regs: { 8: 0xfffffffffffffffen }, want: { 9: 1n } },
      // unsigned: 2^64-2 <u 2^64-1 -> 1
      { name: 'set_lt_u_imm 2^64-2 < 2^64-1', code: '88 89 FF', regs: { 8: 0xfffffffffffffffen }, want: { 9: 1n } },
      // v = 2^63 (i64 min), x = 0 (no bytes): signed -2^63 < 0 -> 1
      { name: 'set_lt_s_imm i64 min < 0', code: '89 89', regs: { 8: I64_MIN }, want: { 9: 1n } },
      // unsigned 2^63 < 0 -> 0
      { name: 'set_lt_u_imm 2^63 < 0 is false', code: '88 89', regs: { 8: I64_MIN, 9: 7n }, want: { 9: 0n } },
      // equal: 5 < 5 -> 0
      { name: 'set_lt_u_imm equal values give 0', code: '88 89 05', regs: { 8: 5n, 9: 7n }, want: { 9: 0n } },
      // set_gt_u_imm = 0x8E: 2^64-1 >u 0x7F -> 1
      { name: 'set_gt_u_imm all ones > 0x7F', code: '8E 89 7F', regs: { 8: ONES }, want: { 9: 1n } },
      // 5 >u 2^64-1 -> 0
      { name: 'set_gt_u_imm 5 > -1 (unsigned) is false', code: '8E 89 FF', regs: { 8: 5n, 9: 7n }, want: { 9: 0n } },
      // set_gt_s_imm = 0x8F: 5 > -1 -> 1
      { name: 'set_gt_s_imm 5 > -1', code: '8F 89 FF', regs: { 8: 5n }, want: { 9: 1n } },
      // -2^63 > 0 -> 0
      { name: 'set_gt_s_imm i64 min > 0 is false', code: '8F 89', regs: { 8: I64_MIN, 9: 7n }, want: { 9: 0n } },
      // i64 max > X(4, 0x7FFFFFFF) = 0x7FFFFFFF -> 1
      { name: 'set_gt_s_imm i64 max > i32 max', code: '8F 89 FF FF FF 7F', regs: { 8: I64_MAX }, want: { 9: 1n } },
      // 5 > 5 -> 0
      { name: 'set_gt_s_imm equal values give 0', code: '8F 89 05', regs: { 8: 5n, 9: 7n }, want: { 9: 0n } },
      // 2^63 >u 0 -> 1 (the signed form said 0)
      { name: 'set_gt_u_imm 2^63 > 0', code: '8E 89', regs: { 8: I64_MIN }, want: { 9: 1n } },
    ];
    for (const c of cases) it(c.name, () => expectRegs(c));
  });

  describe('set_lt on registers', () => {
    const cases: RegCase[] = [
      // set_lt_u = 0xD8: a = r7 = 0 <u b = r8 = 2^64-1 -> 1
      { name: 'set_lt_u 0 < all ones', code: 'D8 87 09', regs: { 7: 0n, 8: ONES }, want: { 9: 1n } },
      // 2^64-1 <u 0 -> 0
      { name: 'set_lt_u all ones < 0 is false', code: 'D8 87 09', regs: { 7: ONES, 8: 0n, 9: 7n }, want: { 9: 0n } },
      // equal -> 0
      { name: 'set_lt_u equal values give 0', code: 'D8 87 09', regs: { 7: 9n, 8: 9n, 9: 7n }, want: { 9: 0n } },
      // set_lt_s = 0xD9: -2^63 < 2^63-1 -> 1
      { name: 'set_lt_s i64 min < i64 max', code: 'D9 87 09', regs: { 7: I64_MIN, 8: I64_MAX }, want: { 9: 1n } },
      // 2^63-1 < -2^63 -> 0
      { name: 'set_lt_s i64 max < i64 min is false', code: 'D9 87 09', regs: { 7: I64_MAX, 8: I64_MIN, 9: 7n }, want: { 9: 0n } },
      // -1 < 0 -> 1 (unsigned would say 0)
      { name: 'set_lt_s -1 < 0', code: 'D9 87 09', regs: { 7: ONES, 8: 0n }, want: { 9: 1n } },
      // unsigned 2^63 < 2^63-1 -> 0
      { name: 'set_lt_u 2^63 < 2^63-1 is false', code: 'D8 87 09', regs: { 7: I64_MIN, 8: I64_MAX, 9: 7n }, want: { 9: 0n } },
    ];
    for (const c of cases) it(c.name, () => expectRegs(c));
  });

  describe('conditional moves', () => {
    const cases: RegCase[] = [
      // cmov_iz_imm = 0x93: v = r8 = 0 -> r9 := x = 0x2A
      { name: 'cmov_iz_imm moves when the register is zero', code: '93 89 2A', regs: { 8: 0n, 9: 7n }, want: { 9: 42n } },
      // r8 = 1 -> r9 unchanged = 7
      { name: 'cmov_iz_imm keeps the destination when the register is non-zero', code: '93 89 2A', regs: { 8: 1n, 9: 7n }, want: { 9: 7n } },
      // x = X(1, 0x80) = 0xFFFFFFFFFFFFFF80
      { name: 'cmov_iz_imm moves the sign-extended immediate', code: '93 89 80', regs: { 8: 0n, 9: 7n }, want: { 9: 0xffffffffffffff80n } },
      // r8 = 2^32 is non-zero (64-bit test) -> unchanged
      { name: 'cmov_iz_imm tests all 64 bits', code: '93 89 2A', regs: { 8: 0x100000000n, 9: 7n }, want: { 9: 7n } },
      // cmov_nz_imm = 0x94: r8 = 1 -> r9 := 42
      { name: 'cmov_nz_imm moves when the register is non-zero', code: '94 89 2A', regs: { 8: 1n, 9: 7n }, want: { 9: 42n } },
      // r8 = 0 -> unchanged
      { name: 'cmov_nz_imm keeps the destination when the register is zero', code: '94 89 2A', regs: { 8: 0n, 9: 7n }, want: { 9: 7n } },
      // r8 = 2^63 (low 32 bits zero) is non-zero -> moves
      { name: 'cmov_nz_imm sees bit 63', code: '94 89 2A', regs: { 8: I64_MIN, 9: 7n }, want: { 9: 42n } },
      // cmov_iz = 0xDA: b = r8 = 0 -> r9 := a = r7 = 11
      { name: 'cmov_iz moves a when b is zero', code: 'DA 87 09', regs: { 7: 11n, 8: 0n, 9: 7n }, want: { 9: 11n } },
      // b = 1 -> unchanged
      { name: 'cmov_iz keeps the destination when b is non-zero', code: 'DA 87 09', regs: { 7: 11n, 8: 1n, 9: 7n }, want: { 9: 7n } },
      // b = 2^32 non-zero -> unchanged
      { name: 'cmov_iz tests all 64 bits of b', code: 'DA 87 09', regs: { 7: 11n, 8: 0x100000000n, 9: 7n }, want: { 9: 7n } },
      // a = 0 and b = 5: the condition is on b, not a -> unchanged
      { name: 'cmov_iz condition is on the high-nibble register', code: 'DA 87 09', regs: { 7: 0n, 8: 5n, 9: 7n }, want: { 9: 7n } },
      // cmov_nz = 0xDB: b = 2^32 -> r9 := 11
      { name: 'cmov_nz moves a when b is non-zero', code: 'DB 87 09', regs: { 7: 11n, 8: 0x100000000n, 9: 7n }, want: { 9: 11n } },
      // b = 0 -> unchanged
      { name: 'cmov_nz keeps the destination when b is zero', code: 'DB 87 09', regs: { 7: 11n, 8: 0n, 9: 7n }, want: { 9: 7n } },
    ];
    for (const c of cases) it(c.name, () => expectRegs(c));
  });

  describe('min and max', () => {
    const cases: RegCase[] = [
      // max = 0xE3 (signed): max(-1, 1) = 1
      { name: 'max is signed: max(-1, 1) = 1', code: 'E3 87 09', regs: { 7: ONES, 8: 1n }, want: { 9: 1n } },
      // max_u = 0xE4: max(2^64-1, 1) = 2^64-1
      { name: 'max_u is unsigned: max(2^64-1, 1) = 2^64-1', code: 'E4 87 09', regs: { 7: ONES, 8: 1n }, want: { 9: ONES } },
      // min = 0xE5 (signed): min(-1, 1) = -1
      { name: 'min is signed: min(-1, 1) = -1', code: 'E5 87 09', regs: { 7: ONES, 8: 1n }, want: { 9: ONES } },
      // min_u = 0xE6: min(2^64-1, 1) = 1
      { name: 'min_u is unsigned: min(2^64-1, 1) = 1', code: 'E6 87 09', regs: { 7: ONES, 8: 1n }, want: { 9: 1n } },
      // boundaries: a = 2^63 (i64 min), b = 2^63-1
      { name: 'max at the signed boundary', code: 'E3 87 09', regs: { 7: I64_MIN, 8: I64_MAX }, want: { 9: I64_MAX } },
      { name: 'max_u at the signed boundary', code: 'E4 87 09', regs: { 7: I64_MIN, 8: I64_MAX }, want: { 9: I64_MIN } },
      { name: 'min at the signed boundary', code: 'E5 87 09', regs: { 7: I64_MIN, 8: I64_MAX }, want: { 9: I64_MIN } },
      { name: 'min_u at the signed boundary', code: 'E6 87 09', regs: { 7: I64_MIN, 8: I64_MAX }, want: { 9: I64_MAX } },
      // T2 case: max(r9 = 0xFFFFFFFF80000000 (negative), r8 = 1) = 1 into r2 (`89 02`: a = r9, b = r8)
      { name: 'max of a negative and 1 (T2)', code: 'E3 89 02', regs: { 8: 1n, 9: 0xffffffff80000000n }, want: { 2: 1n } },
    ];
    for (const c of cases) it(c.name, () => expectRegs(c));
  });
}
