/**
 * Shifts and rotates: immediate forms 138-140, 144-146, 151-153, 155-161 and register forms 197-199,
 * 207-209, 220-223. spec/pvm-core.md 3.2; arithmetic shifts are floor (sign-filling) shifts,
 * spec-note 0001.
 *
 * Encodings:
 * - TwoRegOneImm `op B1 x...`: destination min(12, B1 & 15), v = φ[min(12, B1 >> 4)],
 *   x = X(lX, LE(pc+2, lX)) with lX = min(4, l - 1). Here B1 = 0x89 (r9 := f(v = r8, x)).
 *   The plain forms shift v by x; the `_alt` forms shift the immediate x by v.
 * - ThreeReg `op B1 B2`: a = φ[B1 & 15] (the value), b = φ[B1 >> 4] (the amount), destination
 *   min(12, B2). Here `87 09`: r9 := f(r7, r8).
 * Amounts are masked: mod 32 for 32-bit forms, mod 64 for 64-bit forms. 32-bit results are s32.
 */
import { describe, it } from 'vitest';
import { ONES, expectRegs, type RegCase } from './util.js';

/** Registers the shift tables (describe/it) for the engine describeCoreTables has set. */
export function shiftTables(): void {
  const I64_MIN = 0x8000000000000000n;
  const P = 0x0123456789abcdefn;

  describe('32-bit shifts by an immediate', () => {
    const cases: RegCase[] = [
      // shlo_l_imm_32 = 0x8A: s32(1 << 31) = s32(0x80000000) = 0xFFFFFFFF80000000
      { name: 'shlo_l_imm_32 into bit 31 sign-extends', code: '8A 89 1F', regs: { 8: 1n }, want: { 9: 0xffffffff80000000n } },
      // x = 33 -> 33 mod 32 = 1: 3 << 1 = 6
      { name: 'shlo_l_imm_32 amount 33 is masked to 1', code: '8A 89 21', regs: { 8: 3n }, want: { 9: 6n } },
      // x = 0 (no bytes): s32(0x100000001) = 1
      { name: 'shlo_l_imm_32 by 0 truncates to 32 bits', code: '8A 89', regs: { 8: 0x100000001n }, want: { 9: 1n } },
      // x = X(1, 0xFF) = 2^64-1 -> mod 32 = 31: 1 << 31 -> 0xFFFFFFFF80000000
      { name: 'shlo_l_imm_32 amount -1 is masked to 31', code: '8A 89 FF', regs: { 8: 1n }, want: { 9: 0xffffffff80000000n } },
      // shlo_r_imm_32 = 0x8B: u32(0xFFFFFFFF80000000) = 0x80000000; >> 0 = 0x80000000 -> s32 sign-extends
      { name: 'shlo_r_imm_32 by 0 sign-extends bit 31', code: '8B 89', regs: { 8: 0xffffffff80000000n }, want: { 9: 0xffffffff80000000n } },
      // 0x80000000 >> 1 = 0x40000000 (logical: zero fill)
      { name: 'shlo_r_imm_32 is a logical shift', code: '8B 89 01', regs: { 8: 0xffffffff80000000n }, want: { 9: 0x40000000n } },
      // x = 33 -> 1: 0x80000000 >> 1 = 0x40000000
      { name: 'shlo_r_imm_32 amount 33 is masked to 1', code: '8B 89 21', regs: { 8: 0x80000000n }, want: { 9: 0x40000000n } },
      // u32(0x100000000) = 0 -> 0
      { name: 'shlo_r_imm_32 ignores the upper half', code: '8B 89', regs: { 8: 0x100000000n }, want: { 9: 0n } },
      // shar_r_imm_32 = 0x8C: i32(0x80000000) = -2^31; >> 4 = -2^27 = 0xF8000000 -> 0xFFFFFFFFF8000000
      { name: 'shar_r_imm_32 fills with the sign bit', code: '8C 89 04', regs: { 8: 0x80000000n }, want: { 9: 0xfffffffff8000000n } },
      // -1 >> 31 = -1
      { name: 'shar_r_imm_32 of -1 by 31 stays -1', code: '8C 89 1F', regs: { 8: 0xffffffffn }, want: { 9: ONES } },
      // x = 36 -> 4: 0x7FFFFFFF >> 4 = 0x07FFFFFF
      { name: 'shar_r_imm_32 amount 36 is masked to 4', code: '8C 89 24', regs: { 8: 0x7fffffffn }, want: { 9: 0x07ffffffn } },
      // i32(0xFFFFFFF5) = -11; floor(-11 / 2) = -6 -> 0xFFFFFFFFFFFFFFFA (truncation would give -5)
      { name: 'shar_r_imm_32 rounds toward minus infinity', code: '8C 89 01', regs: { 8: 0xfffffff5n }, want: { 9: 0xfffffffffffffffan } },
      // i32(u32(0x180000000)) = i32(0x80000000) = -2^31, >> 0 -> 0xFFFFFFFF80000000
      { name: 'shar_r_imm_32 reads only the low 32 bits', code: '8C 89', regs: { 8: 0x180000000n }, want: { 9: 0xffffffff80000000n } },
      // shlo_l_imm_alt_32 = 0x90: s32(x << (v mod 32)) = s32(1 << 31) = 0xFFFFFFFF80000000
      { name: 'shlo_l_imm_alt_32 shifts the immediate by the register', code: '90 89 01', regs: { 8: 31n }, want: { 9: 0xffffffff80000000n } },
      // v = 32 -> 0: s32(1) = 1
      { name: 'shlo_l_imm_alt_32 register amount 32 is masked to 0', code: '90 89 01', regs: { 8: 32n }, want: { 9: 1n } },
      // x = X(1, 0x80) = -128; -128 << 1 = -256 -> u32 0xFFFFFF00 -> 0xFFFFFFFFFFFFFF00
      { name: 'shlo_l_imm_alt_32 of a negative immediate', code: '90 89 80', regs: { 8: 1n }, want: { 9: 0xffffffffffffff00n } },
      // shlo_r_imm_alt_32 = 0x91: u32(X(1, 0x80)) = 0xFFFFFF80; >> 4 = 0x0FFFFFF8 (positive)
      { name: 'shlo_r_imm_alt_32 shifts the truncated immediate logically', code: '91 89 80', regs: { 8: 4n }, want: { 9: 0x0ffffff8n } },
      // >> 0: 0xFFFFFF80 -> s32 -> 0xFFFFFFFFFFFFFF80
      { name: 'shlo_r_imm_alt_32 by 0 sign-extends', code: '91 89 80', regs: { 8: 0n }, want: { 9: 0xffffffffffffff80n } },
      // v = 36 -> 4: 0x0FFFFFF8
      { name: 'shlo_r_imm_alt_32 register amount 36 is masked to 4', code: '91 89 80', regs: { 8: 36n }, want: { 9: 0x0ffffff8n } },
      // shar_r_imm_alt_32 = 0x92: -128 >> 4 = -8 -> 0xFFFFFFFFFFFFFFF8
      { name: 'shar_r_imm_alt_32 keeps the sign of the immediate', code: '92 89 80', regs: { 8: 4n }, want: { 9: 0xfffffffffffffff8n } },
      // x = X(1, 0xF5) = -11; floor(-11/2) = -6
      { name: 'shar_r_imm_alt_32 rounds toward minus infinity', code: '92 89 F5', regs: { 8: 1n }, want: { 9: 0xfffffffffffffffan } },
      // v = 33 -> 1: 0x7F >> 1 = 0x3F
      { name: 'shar_r_imm_alt_32 register amount 33 is masked to 1', code: '92 89 7F', regs: { 8: 33n }, want: { 9: 0x3fn } },
    ];
    for (const c of cases) it(c.name, () => expectRegs(c));
  });

  describe('64-bit shifts by an immediate', () => {
    const cases: RegCase[] = [
      // shlo_l_imm_64 = 0x97: 1 << 63 = 0x8000000000000000
      { name: 'shlo_l_imm_64 by 63', code: '97 89 3F', regs: { 8: 1n }, want: { 9: I64_MIN } },
      // x = 64 -> 0: v unchanged
      { name: 'shlo_l_imm_64 amount 64 is masked to 0', code: '97 89 40', regs: { 8: 5n }, want: { 9: 5n } },
      // x = 65 -> 1: 1 << 1 = 2
      { name: 'shlo_l_imm_64 amount 65 is masked to 1', code: '97 89 41', regs: { 8: 1n }, want: { 9: 2n } },
      // x = X(1, 0xFF) = 2^64-1 -> mod 64 = 63
      { name: 'shlo_l_imm_64 amount -1 is masked to 63', code: '97 89 FF', regs: { 8: 1n }, want: { 9: I64_MIN } },
      // shlo_r_imm_64 = 0x98: 2^63 >> 63 = 1
      { name: 'shlo_r_imm_64 by 63 is logical', code: '98 89 3F', regs: { 8: I64_MIN }, want: { 9: 1n } },
      // x = 64 -> 0
      { name: 'shlo_r_imm_64 amount 64 is masked to 0', code: '98 89 40', regs: { 8: I64_MIN }, want: { 9: I64_MIN } },
      // (2^64-1) >> 4 = 0x0FFFFFFFFFFFFFFF
      { name: 'shlo_r_imm_64 fills with zeros', code: '98 89 04', regs: { 8: ONES }, want: { 9: 0x0fffffffffffffffn } },
      // shar_r_imm_64 = 0x99: -2^63 >> 63 = -1
      { name: 'shar_r_imm_64 of i64 min by 63 is -1', code: '99 89 3F', regs: { 8: I64_MIN }, want: { 9: ONES } },
      // 0x8000000000000075 >> 3 (floor) = 0xF00000000000000E (the w3f value; truncation gives ...0F)
      { name: 'shar_r_imm_64 rounds toward minus infinity', code: '99 89 03', regs: { 8: 0x8000000000000075n }, want: { 9: 0xf00000000000000en } },
      // floor(-1 / 2) = -1 (truncation would give 0)
      { name: 'shar_r_imm_64 of -1 by 1 stays -1', code: '99 89 01', regs: { 8: ONES }, want: { 9: ONES } },
      // x = 64 -> 0: unchanged
      { name: 'shar_r_imm_64 amount 64 is masked to 0', code: '99 89 40', regs: { 8: 0x8000000000000075n }, want: { 9: 0x8000000000000075n } },
      // 0x7FFFFFFFFFFFFFFF >> 62 = 1
      { name: 'shar_r_imm_64 of a positive value', code: '99 89 3E', regs: { 8: 0x7fffffffffffffffn }, want: { 9: 1n } },
      // shlo_l_imm_alt_64 = 0x9B: x << (v mod 64) = 1 << 63
      { name: 'shlo_l_imm_alt_64 shifts the immediate by the register', code: '9B 89 01', regs: { 8: 63n }, want: { 9: I64_MIN } },
      // v = 64 -> 0: 1
      { name: 'shlo_l_imm_alt_64 register amount 64 is masked to 0', code: '9B 89 01', regs: { 8: 64n }, want: { 9: 1n } },
      // X(1, 0x80) << 4 = 0xFFFFFFFFFFFFF800
      { name: 'shlo_l_imm_alt_64 of a negative immediate', code: '9B 89 80', regs: { 8: 4n }, want: { 9: 0xfffffffffffff800n } },
      // shlo_r_imm_alt_64 = 0x9C: 0xFFFFFFFFFFFFFF80 >> 4 = 0x0FFFFFFFFFFFFFF8
      { name: 'shlo_r_imm_alt_64 is logical on the 64-bit immediate', code: '9C 89 80', regs: { 8: 4n }, want: { 9: 0x0ffffffffffffff8n } },
      // v = 68 -> 4
      { name: 'shlo_r_imm_alt_64 register amount 68 is masked to 4', code: '9C 89 80', regs: { 8: 68n }, want: { 9: 0x0ffffffffffffff8n } },
      // shar_r_imm_alt_64 = 0x9D: -128 >> 4 = -8
      { name: 'shar_r_imm_alt_64 keeps the sign', code: '9D 89 80', regs: { 8: 4n }, want: { 9: 0xfffffffffffffff8n } },
      // -128 >> 63 = -1
      { name: 'shar_r_imm_alt_64 by 63 is -1 for a negative immediate', code: '9D 89 80', regs: { 8: 63n }, want: { 9: ONES } },
      // v = 65 -> 1: 0x7F >> 1 = 0x3F
      { name: 'shar_r_imm_alt_64 register amount 65 is masked to 1', code: '9D 89 7F', regs: { 8: 65n }, want: { 9: 0x3fn } },
      // -11 >> 1 = floor(-5.5) = -6
      { name: 'shar_r_imm_alt_64 rounds toward minus infinity', code: '9D 89 F5', regs: { 8: 1n }, want: { 9: 0xfffffffffffffffan } },
    ];
    for (const c of cases) it(c.name, () => expectRegs(c));
  });

  describe('rotates by an immediate', () => {
    const cases: RegCase[] = [
      // rot_r_64_imm = 0x9E: rotr64(1, 1) = 2^63
      { name: 'rot_r_64_imm moves bit 0 to bit 63', code: '9E 89 01', regs: { 8: 1n }, want: { 9: I64_MIN } },
      // rotr64(0x0123456789ABCDEF, 4) = 0xF0123456789ABCDE
      { name: 'rot_r_64_imm by a nibble', code: '9E 89 04', regs: { 8: P }, want: { 9: 0xf0123456789abcden } },
      // x = 68 -> 4
      { name: 'rot_r_64_imm amount 68 is masked to 4', code: '9E 89 44', regs: { 8: P }, want: { 9: 0xf0123456789abcden } },
      // x = 0 -> unchanged
      { name: 'rot_r_64_imm by 0 is the identity', code: '9E 89', regs: { 8: P }, want: { 9: P } },
      // rot_r_64_imm_alt = 0x9F: rotr64(x = 1, v = 1) = 2^63
      { name: 'rot_r_64_imm_alt rotates the immediate by the register', code: '9F 89 01', regs: { 8: 1n }, want: { 9: I64_MIN } },
      // rotr64(0xFFFFFFFFFFFFFF80, 4) = 0x0FFFFFFFFFFFFFF8 (low nibble 0 moves to the top)
      { name: 'rot_r_64_imm_alt of a sign-extended immediate', code: '9F 89 80', regs: { 8: 4n }, want: { 9: 0x0ffffffffffffff8n } },
      // v = 68 -> 4
      { name: 'rot_r_64_imm_alt register amount 68 is masked to 4', code: '9F 89 80', regs: { 8: 68n }, want: { 9: 0x0ffffffffffffff8n } },
      // rot_r_32_imm = 0xA0: rotr32(1, 1) = 0x80000000 -> s32 -> 0xFFFFFFFF80000000
      { name: 'rot_r_32_imm result with bit 31 set sign-extends', code: 'A0 89 01', regs: { 8: 1n }, want: { 9: 0xffffffff80000000n } },
      // u32(0xFFFFFFFF00000001) = 1, x = 33 -> 1: same result
      { name: 'rot_r_32_imm ignores the upper half and masks 33 to 1', code: 'A0 89 21', regs: { 8: 0xffffffff00000001n }, want: { 9: 0xffffffff80000000n } },
      // rotr32(0x12345678, 8) = 0x78123456 (bit 31 clear)
      { name: 'rot_r_32_imm by a byte', code: 'A0 89 08', regs: { 8: 0x12345678n }, want: { 9: 0x78123456n } },
      // rot_r_32_imm_alt = 0xA1: rotr32(1, 1) = 0x80000000 -> 0xFFFFFFFF80000000
      { name: 'rot_r_32_imm_alt rotates the immediate by the register', code: 'A1 89 01', regs: { 8: 1n }, want: { 9: 0xffffffff80000000n } },
      // x = X(2, 0x5678) = 0x5678; v = 36 -> 4: rotr32(0x00005678, 4) = 0x80000567 -> 0xFFFFFFFF80000567
      { name: 'rot_r_32_imm_alt register amount 36 is masked to 4', code: 'A1 89 78 56', regs: { 8: 36n }, want: { 9: 0xffffffff80000567n } },
      // x = X(1, 0x80): u32 = 0xFFFFFF80; rotr 4 = 0x0FFFFFF8 (positive)
      { name: 'rot_r_32_imm_alt truncates the immediate to 32 bits first', code: 'A1 89 80', regs: { 8: 4n }, want: { 9: 0x0ffffff8n } },
    ];
    for (const c of cases) it(c.name, () => expectRegs(c));
  });

  describe('32-bit shifts and rotates by a register', () => {
    const cases: RegCase[] = [
      // shlo_l_32 = 0xC5: s32(1 << 31) = 0xFFFFFFFF80000000
      { name: 'shlo_l_32 into bit 31 sign-extends', code: 'C5 87 09', regs: { 7: 1n, 8: 31n }, want: { 9: 0xffffffff80000000n } },
      // b = 32 -> 0: s32(1) = 1
      { name: 'shlo_l_32 amount 32 is masked to 0', code: 'C5 87 09', regs: { 7: 1n, 8: 32n }, want: { 9: 1n } },
      // b = 2^64-1 -> mod 32 = 31
      { name: 'shlo_l_32 amount 2^64-1 is masked to 31', code: 'C5 87 09', regs: { 7: 1n, 8: ONES }, want: { 9: 0xffffffff80000000n } },
      // s32(0x12345678 << 4) = s32(0x123456780) = 0x23456780
      { name: 'shlo_l_32 drops bits shifted past bit 31', code: 'C5 87 09', regs: { 7: 0x12345678n, 8: 4n }, want: { 9: 0x23456780n } },
      // shlo_r_32 = 0xC6: u32(0xFFFFFFFF80000000) >> 31 = 1
      { name: 'shlo_r_32 by 31 is logical', code: 'C6 87 09', regs: { 7: 0xffffffff80000000n, 8: 31n }, want: { 9: 1n } },
      // b = 32 -> 0: s32(0x80000000) = 0xFFFFFFFF80000000
      { name: 'shlo_r_32 amount 32 is masked to 0', code: 'C6 87 09', regs: { 7: 0xffffffff80000000n, 8: 32n }, want: { 9: 0xffffffff80000000n } },
      // b = 33 -> 1: 0x80000000 >> 1 = 0x40000000
      { name: 'shlo_r_32 amount 33 is masked to 1', code: 'C6 87 09', regs: { 7: 0x80000000n, 8: 33n }, want: { 9: 0x40000000n } },
      // shar_r_32 = 0xC7: i32(0x80000000) >> 31 = -1
      { name: 'shar_r_32 of i32 min by 31 is -1', code: 'C7 87 09', regs: { 7: 0x80000000n, 8: 31n }, want: { 9: ONES } },
      // b = 32 -> 0: X(4, 0x80000000) = 0xFFFFFFFF80000000
      { name: 'shar_r_32 amount 32 is masked to 0', code: 'C7 87 09', regs: { 7: 0x80000000n, 8: 32n }, want: { 9: 0xffffffff80000000n } },
      // -11 >> 1 = -6 (floor)
      { name: 'shar_r_32 rounds toward minus infinity', code: 'C7 87 09', regs: { 7: 0xfffffff5n, 8: 1n }, want: { 9: 0xfffffffffffffffan } },
      // u32(0x17FFFFFFF) = 0x7FFFFFFF; >> 4 = 0x07FFFFFF
      { name: 'shar_r_32 reads only the low 32 bits of the value', code: 'C7 87 09', regs: { 7: 0x17fffffffn, 8: 4n }, want: { 9: 0x07ffffffn } },
      // rot_l_32 = 0xDD (T2): b = 65 -> 1: rotl32(0x7FFFFFFF, 1) = 0xFFFFFFFE -> 0xFFFFFFFFFFFFFFFE
      { name: 'rot_l_32 amount 65 is masked to 1 and sign-extends', code: 'DD 87 09', regs: { 7: 0x7fffffffn, 8: 65n }, want: { 9: 0xfffffffffffffffen } },
      // rotl32(0x80000000, 1) = 1
      { name: 'rot_l_32 moves bit 31 to bit 0', code: 'DD 87 09', regs: { 7: 0x80000000n, 8: 1n }, want: { 9: 1n } },
      // rotl32(0x40000000, 1) = 0x80000000 -> 0xFFFFFFFF80000000
      { name: 'rot_l_32 into bit 31 sign-extends', code: 'DD 87 09', regs: { 7: 0x40000000n, 8: 1n }, want: { 9: 0xffffffff80000000n } },
      // rot_r_32 = 0xDF: rotr32(1, 1) = 0x80000000 -> 0xFFFFFFFF80000000
      { name: 'rot_r_32 moves bit 0 to bit 31 and sign-extends', code: 'DF 87 09', regs: { 7: 1n, 8: 1n }, want: { 9: 0xffffffff80000000n } },
      // u32(0xFFFFFFFF00000002) = 2; b = 33 -> 1: rotr32(2, 1) = 1
      { name: 'rot_r_32 ignores the upper half and masks 33 to 1', code: 'DF 87 09', regs: { 7: 0xffffffff00000002n, 8: 33n }, want: { 9: 1n } },
    ];
    for (const c of cases) it(c.name, () => expectRegs(c));
  });

  describe('64-bit shifts and rotates by a register', () => {
    const cases: RegCase[] = [
      // shlo_l_64 = 0xCF: 1 << 63
      { name: 'shlo_l_64 by 63', code: 'CF 87 09', regs: { 7: 1n, 8: 63n }, want: { 9: I64_MIN } },
      // b = 64 -> 0
      { name: 'shlo_l_64 amount 64 is masked to 0', code: 'CF 87 09', regs: { 7: 1n, 8: 64n }, want: { 9: 1n } },
      // T2 case: b = 65 -> 1: 1 << 1 = 2
      { name: 'shlo_l_64 amount 65 is masked to 1', code: 'CF 87 09', regs: { 7: 1n, 8: 65n }, want: { 9: 2n } },
      // shlo_r_64 = 0xD0: 2^63 >> 63 = 1
      { name: 'shlo_r_64 by 63 is logical', code: 'D0 87 09', regs: { 7: I64_MIN, 8: 63n }, want: { 9: 1n } },
      // b = 64 -> 0
      { name: 'shlo_r_64 amount 64 is masked to 0', code: 'D0 87 09', regs: { 7: I64_MIN, 8: 64n }, want: { 9: I64_MIN } },
      // b = 127 -> 63
      { name: 'shlo_r_64 amount 127 is masked to 63', code: 'D0 87 09', regs: { 7: I64_MIN, 8: 127n }, want: { 9: 1n } },
      // shar_r_64 = 0xD1: 0x8000000000000075 >> 3 (floor) = 0xF00000000000000E (w3f; spec-note 0001)
      { name: 'shar_r_64 rounds toward minus infinity', code: 'D1 87 09', regs: { 7: 0x8000000000000075n, 8: 3n }, want: { 9: 0xf00000000000000en } },
      // b = 67 -> 3
      { name: 'shar_r_64 amount 67 is masked to 3', code: 'D1 87 09', regs: { 7: 0x8000000000000075n, 8: 67n }, want: { 9: 0xf00000000000000en } },
      // -1 >> 63 = -1
      { name: 'shar_r_64 of -1 by 63 is -1', code: 'D1 87 09', regs: { 7: ONES, 8: 63n }, want: { 9: ONES } },
      // i64 max >> 63 = 0
      { name: 'shar_r_64 of i64 max by 63 is 0', code: 'D1 87 09', regs: { 7: 0x7fffffffffffffffn, 8: 63n }, want: { 9: 0n } },
      // rot_l_64 = 0xDC: rotl64(2^63, 1) = 1
      { name: 'rot_l_64 moves bit 63 to bit 0', code: 'DC 87 09', regs: { 7: I64_MIN, 8: 1n }, want: { 9: 1n } },
      // b = 68 -> 4: rotl64(0x0123456789ABCDEF, 4) = 0x123456789ABCDEF0
      { name: 'rot_l_64 amount 68 is masked to 4', code: 'DC 87 09', regs: { 7: P, 8: 68n }, want: { 9: 0x123456789abcdef0n } },
      // b = 64 -> 0: identity
      { name: 'rot_l_64 amount 64 is the identity', code: 'DC 87 09', regs: { 7: P, 8: 64n }, want: { 9: P } },
      // rot_r_64 = 0xDE: rotr64(1, 1) = 2^63
      { name: 'rot_r_64 moves bit 0 to bit 63', code: 'DE 87 09', regs: { 7: 1n, 8: 1n }, want: { 9: I64_MIN } },
      // b = 64 -> 0
      { name: 'rot_r_64 amount 64 is the identity', code: 'DE 87 09', regs: { 7: P, 8: 64n }, want: { 9: P } },
      // b = 2^64-1 -> 63: rotr 63 = rotl 1: 0x0123456789ABCDEF << 1 = 0x02468ACF13579BDE
      { name: 'rot_r_64 amount 2^64-1 is masked to 63', code: 'DE 87 09', regs: { 7: P, 8: ONES }, want: { 9: 0x02468acf13579bden } },
    ];
    for (const c of cases) it(c.name, () => expectRegs(c));
  });
}
