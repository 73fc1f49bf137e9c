/**
 * Division and remainder: 193-196 (32-bit), 203-206 (64-bit). spec/pvm-core.md 3.2.
 *
 * Encoding: ThreeReg `op B1 B2`; a = φ[B1 & 15], b = φ[B1 >> 4], destination min(12, B2). Here
 * B1 = 0x87 (a = r7 the dividend, b = r8 the divisor) and B2 = 0x09 (r9).
 * 32-bit forms read u32(a), u32(b) (or i32 of them) and sign-extend the 32-bit result: s32.
 * Signed quotients truncate toward 0; remainders take the dividend's sign.
 */
import { describe, it } from 'vitest';
import { ONES, expectRegs, type RegCase } from './util.js';

/** Registers the divide tables (describe/it) for the engine describeCoreTables has set. */
export function divideTables(): void {
  const I64_MIN = 0x8000000000000000n;

  describe('32-bit division and remainder', () => {
    const cases: RegCase[] = [
      // div_u_32 = 0xC1: u32(b) = 0 -> 2^64-1
      { name: 'div_u_32 by zero gives 2^64-1', code: 'C1 87 09', regs: { 7: 5n, 8: 0n }, want: { 9: ONES } },
      // b = 0x100000000: u32(b) = 0 -> by zero -> 2^64-1
      { name: 'div_u_32 by a divisor whose low half is zero is by zero', code: 'C1 87 09', regs: { 7: 5n, 8: 0x100000000n }, want: { 9: ONES } },
      // 0xFFFFFFFF / 1 = 0xFFFFFFFF -> s32 -> 2^64-1 (the unsigned quotient is still sign-extended)
      { name: 'div_u_32 quotient with bit 31 set sign-extends', code: 'C1 87 09', regs: { 7: 0xffffffffn, 8: 1n }, want: { 9: ONES } },
      // u32(0x100000007) / 2 = 7 / 2 = 3
      { name: 'div_u_32 ignores the upper half of the dividend', code: 'C1 87 09', regs: { 7: 0x100000007n, 8: 2n }, want: { 9: 3n } },
      // 0x80000000 / u32(0x100000002) = 0x80000000 / 2 = 0x40000000 (unsigned)
      { name: 'div_u_32 treats 0x80000000 as unsigned', code: 'C1 87 09', regs: { 7: 0x80000000n, 8: 0x100000002n }, want: { 9: 0x40000000n } },
      // div_s_32 = 0xC2: B = 0 -> 2^64-1
      { name: 'div_s_32 by zero gives 2^64-1', code: 'C2 87 09', regs: { 7: 5n, 8: 0n }, want: { 9: ONES } },
      // A = i32(0x80000000) = -2^31, B = i32(0xFFFFFFFF) = -1: overflow -> 0xFFFFFFFF80000000
      { name: 'div_s_32 overflow i32 min / -1 gives i32 min sign-extended', code: 'C2 87 09', regs: { 7: 0x80000000n, 8: 0xffffffffn }, want: { 9: 0xffffffff80000000n } },
      // same with 64-bit sign-extended operands: u32 of each gives the same A = -2^31, B = -1
      { name: 'div_s_32 overflow with sign-extended operands', code: 'C2 87 09', regs: { 7: 0xffffffff80000000n, 8: ONES }, want: { 9: 0xffffffff80000000n } },
      // -7 / 2 = -3.5 -> truncate toward 0 = -3 -> 0xFFFFFFFFFFFFFFFD
      { name: 'div_s_32 negative dividend truncates toward zero', code: 'C2 87 09', regs: { 7: 0xfffffff9n, 8: 2n }, want: { 9: 0xfffffffffffffffdn } },
      // 7 / -2 = -3
      { name: 'div_s_32 negative divisor truncates toward zero', code: 'C2 87 09', regs: { 7: 7n, 8: 0xfffffffen }, want: { 9: 0xfffffffffffffffdn } },
      // -7 / -2 = 3
      { name: 'div_s_32 both negative', code: 'C2 87 09', regs: { 7: 0xfffffff9n, 8: 0xfffffffen }, want: { 9: 3n } },
      // rem_u_32 = 0xC3: u32(b) = 0 -> s32(a) = s32(0x180000001) = X(4, 0x80000001) = 0xFFFFFFFF80000001
      { name: 'rem_u_32 by zero gives the dividend truncated and sign-extended', code: 'C3 87 09', regs: { 7: 0x180000001n, 8: 0n }, want: { 9: 0xffffffff80000001n } },
      // u32(b) = 0 -> s32(5) = 5
      { name: 'rem_u_32 by a divisor whose low half is zero', code: 'C3 87 09', regs: { 7: 5n, 8: 0x100000000n }, want: { 9: 5n } },
      // 0xFFFFFFFF mod 0x10 = 0xF
      { name: 'rem_u_32 ordinary remainder', code: 'C3 87 09', regs: { 7: 0xffffffffn, 8: 0x10n }, want: { 9: 0xfn } },
      // 0x80000001 mod 0x80000002 = 0x80000001 -> s32 -> 0xFFFFFFFF80000001
      { name: 'rem_u_32 remainder with bit 31 set sign-extends', code: 'C3 87 09', regs: { 7: 0x80000001n, 8: 0x80000002n }, want: { 9: 0xffffffff80000001n } },
      // rem_s_32 = 0xC4: B = 0 -> X(4, A) = X(4, 0x80000000) = 0xFFFFFFFF80000000
      { name: 'rem_s_32 by zero gives the dividend sign-extended', code: 'C4 87 09', regs: { 7: 0x80000000n, 8: 0n }, want: { 9: 0xffffffff80000000n } },
      // B = 0 -> X(4, u32(0x100000005)) = 5
      { name: 'rem_s_32 by zero drops the upper half of the dividend', code: 'C4 87 09', regs: { 7: 0x100000005n, 8: 0n }, want: { 9: 5n } },
      // overflow: -2^31 rem -1 -> 0
      { name: 'rem_s_32 overflow i32 min rem -1 gives 0', code: 'C4 87 09', regs: { 7: 0x80000000n, 8: 0xffffffffn }, want: { 9: 0n } },
      // -7 rem 2 = -1 (sign of the dividend) -> 2^64-1
      { name: 'rem_s_32 negative dividend gives a negative remainder', code: 'C4 87 09', regs: { 7: 0xfffffff9n, 8: 2n }, want: { 9: ONES } },
      // 7 rem -2 = 1 (sign of the dividend)
      { name: 'rem_s_32 negative divisor gives a positive remainder', code: 'C4 87 09', regs: { 7: 7n, 8: 0xfffffffen }, want: { 9: 1n } },
      // -7 rem -2 = -1
      { name: 'rem_s_32 both negative', code: 'C4 87 09', regs: { 7: 0xfffffff9n, 8: 0xfffffffen }, want: { 9: ONES } },
    ];
    for (const c of cases) it(c.name, () => expectRegs(c));
  });

  describe('64-bit division and remainder', () => {
    const cases: RegCase[] = [
      // div_u_64 = 0xCB: b = 0 -> 2^64-1
      { name: 'div_u_64 by zero gives 2^64-1', code: 'CB 87 09', regs: { 7: 7n, 8: 0n }, want: { 9: ONES } },
      // (2^64-1) / 2 = 2^63 - 1
      { name: 'div_u_64 of all ones by 2', code: 'CB 87 09', regs: { 7: ONES, 8: 2n }, want: { 9: 0x7fffffffffffffffn } },
      // 2^63 / 3 = 3074457345618258602 = 0x2AAAAAAAAAAAAAAA (unsigned, not negative)
      { name: 'div_u_64 treats bit 63 as magnitude', code: 'CB 87 09', regs: { 7: I64_MIN, 8: 3n }, want: { 9: 0x2aaaaaaaaaaaaaaan } },
      // T2 case: B1 = 0x07: a = r7, b = r0 = 0 -> 2^64-1 into r10
      { name: 'div_u_64 by r0 = 0', code: 'CB 07 0A', regs: { 7: 0x7fffffffn }, want: { 10: ONES } },
      // div_s_64 = 0xCC: b = 0 -> 2^64-1
      { name: 'div_s_64 by zero gives 2^64-1', code: 'CC 87 09', regs: { 7: 7n, 8: 0n }, want: { 9: ONES } },
      // a = -2^63, b = -1 -> a
      { name: 'div_s_64 overflow i64 min / -1 gives i64 min', code: 'CC 87 09', regs: { 7: I64_MIN, 8: ONES }, want: { 9: I64_MIN } },
      // -7 / 2 = -3 (toward zero) -> 0xFFFFFFFFFFFFFFFD
      { name: 'div_s_64 negative dividend truncates toward zero', code: 'CC 87 09', regs: { 7: 0xfffffffffffffff9n, 8: 2n }, want: { 9: 0xfffffffffffffffdn } },
      // 7 / -2 = -3
      { name: 'div_s_64 negative divisor truncates toward zero', code: 'CC 87 09', regs: { 7: 7n, 8: 0xfffffffffffffffen }, want: { 9: 0xfffffffffffffffdn } },
      // -7 / -2 = 3
      { name: 'div_s_64 both negative', code: 'CC 87 09', regs: { 7: 0xfffffffffffffff9n, 8: 0xfffffffffffffffen }, want: { 9: 3n } },
      // rem_u_64 = 0xCD: b = 0 -> a
      { name: 'rem_u_64 by zero gives the dividend', code: 'CD 87 09', regs: { 7: 0x8000000000000005n, 8: 0n }, want: { 9: 0x8000000000000005n } },
      // 18446744073709551615 mod 10 = 5
      { name: 'rem_u_64 of all ones by 10', code: 'CD 87 09', regs: { 7: ONES, 8: 10n }, want: { 9: 5n } },
      // rem_s_64 = 0xCE: b = 0 -> a
      { name: 'rem_s_64 by zero gives the dividend', code: 'CE 87 09', regs: { 7: 0x8000000000000005n, 8: 0n }, want: { 9: 0x8000000000000005n } },
      // -2^63 rem -1 -> 0
      { name: 'rem_s_64 overflow i64 min rem -1 gives 0', code: 'CE 87 09', regs: { 7: I64_MIN, 8: ONES }, want: { 9: 0n } },
      // -7 rem 2 = -1
      { name: 'rem_s_64 negative dividend gives a negative remainder', code: 'CE 87 09', regs: { 7: 0xfffffffffffffff9n, 8: 2n }, want: { 9: ONES } },
      // 7 rem -2 = 1
      { name: 'rem_s_64 negative divisor gives a positive remainder', code: 'CE 87 09', regs: { 7: 7n, 8: 0xfffffffffffffffen }, want: { 9: 1n } },
      // -7 rem -2 = -1
      { name: 'rem_s_64 both negative', code: 'CE 87 09', regs: { 7: 0xfffffffffffffff9n, 8: 0xfffffffffffffffen }, want: { 9: ONES } },
    ];
    for (const c of cases) it(c.name, () => expectRegs(c));
  });
}
