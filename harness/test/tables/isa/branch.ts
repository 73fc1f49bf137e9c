/**
 * Conditional branches: branch_*_imm (81-90) and branch_* on two registers (170-175).
 * spec/pvm-core.md 3.1, 3.2; spec-note 0006 (a taken branch to a target outside ϖ panics with pc
 * unchanged). ϖ = {0} ∪ {instruction starts right after a terminator}; every branch is a terminator.
 *
 * Encodings:
 * - OneRegImmOffset `op B1 x... y...`: R1 = min(12, B1 & 15), lX = min(4, (B1 >> 4) & 7),
 *   lY = min(4, l - lX - 1); x = X(lX, ...) at pc+2 is compared as a 64-bit value (unsigned for _u,
 *   i64 for _s); T = pc + X(lY, ...) at pc+2+lX.
 *   Layout used: [`op 17 xx 05`, '00', '00']: R1 = r7, lX = 1, lY = 1, T = 5. Not taken -> trap at 4
 *   (the fall-through, in ϖ after the branch); taken -> trap at 5 (in ϖ after the first trap).
 * - TwoRegOneOffset `op B1 y...`: a = φ[B1 & 15], b = φ[B1 >> 4], lX = min(4, l - 1),
 *   T = pc + X(lX, LE(pc+2, lX)). Layout used: [`op 87 04`, '00', '00']: a = r7, b = r8, T = 4.
 *   Not taken -> trap at 3; taken -> trap at 4.
 */
import { describe, expect, it } from 'vitest';
import { reg, run } from '../core.js';
import { ONES, expectExit, regFile } from './util.js';

/** Registers the branch tables (describe/it) for the engine describeCoreTables has set. */
export function branchTables(): void {
  const I64_MIN = 0x8000000000000000n;
  const I64_MAX = 0x7fffffffffffffffn;

  interface BranchCase {
    readonly name: string;
    readonly code: string;
    readonly regs: Readonly<Record<number, bigint>>;
    readonly taken: boolean;
  }

  function check(c: BranchCase, notTakenPc: number, takenPc: number): void {
    const r = run([c.code, '00', '00'], { regs: c.regs });
    expectExit(r, 'trap', c.taken ? takenPc : notTakenPc);
    expect(r.state.regs).toEqual(regFile(c.regs));
  }

  describe('branch with an immediate (81-90)', () => {
    const cases: BranchCase[] = [
      // branch_eq_imm = 0x51: 5 == 5
      { name: 'branch_eq_imm taken when equal', code: '51 17 05 05', regs: { 7: 5n }, taken: true },
      // 6 != 5
      { name: 'branch_eq_imm not taken when different', code: '51 17 05 05', regs: { 7: 6n }, taken: false },
      // x = X(1, 0xFF) = 2^64-1 == r7 = 2^64-1
      { name: 'branch_eq_imm compares with the sign-extended immediate', code: '51 17 FF 05', regs: { 7: ONES }, taken: true },
      // r7 = 0xFF != 2^64-1
      { name: 'branch_eq_imm 0xFF is not X(1, 0xFF)', code: '51 17 FF 05', regs: { 7: 0xffn }, taken: false },
      // branch_ne_imm = 0x52
      { name: 'branch_ne_imm not taken when equal', code: '52 17 05 05', regs: { 7: 5n }, taken: false },
      { name: 'branch_ne_imm taken when different', code: '52 17 05 05', regs: { 7: 6n }, taken: true },
      // branch_lt_u_imm = 0x53: 5 <u 2^64-1
      { name: 'branch_lt_u_imm 5 < (unsigned) -1 is taken', code: '53 17 FF 05', regs: { 7: 5n }, taken: true },
      // 2^64-1 <u 2^64-1 false
      { name: 'branch_lt_u_imm equal is not taken', code: '53 17 FF 05', regs: { 7: ONES }, taken: false },
      // branch_le_u_imm = 0x54: 2^64-1 <=u 2^64-1
      { name: 'branch_le_u_imm equal is taken', code: '54 17 FF 05', regs: { 7: ONES }, taken: true },
      // 2^63 <=u 5 false
      { name: 'branch_le_u_imm 2^63 <= 5 is not taken', code: '54 17 05 05', regs: { 7: I64_MIN }, taken: false },
      // branch_ge_u_imm = 0x55: 2^63 >=u 5
      { name: 'branch_ge_u_imm 2^63 >= 5 is taken', code: '55 17 05 05', regs: { 7: I64_MIN }, taken: true },
      // 5 >=u 2^64-1 false
      { name: 'branch_ge_u_imm 5 >= (unsigned) -1 is not taken', code: '55 17 FF 05', regs: { 7: 5n }, taken: false },
      // 5 >=u 5 true
      { name: 'branch_ge_u_imm equal is taken', code: '55 17 05 05', regs: { 7: 5n }, taken: true },
      // branch_gt_u_imm = 0x56: 2^64-1 >u 0x7F
      { name: 'branch_gt_u_imm all ones > 0x7F is taken', code: '56 17 7F 05', regs: { 7: ONES }, taken: true },
      // 5 >u 5 false
      { name: 'branch_gt_u_imm equal is not taken', code: '56 17 05 05', regs: { 7: 5n }, taken: false },
      // branch_lt_s_imm = 0x57: -2 < -1
      { name: 'branch_lt_s_imm -2 < -1 is taken', code: '57 17 FF 05', regs: { 7: 0xfffffffffffffffen }, taken: true },
      // 5 < -1 false
      { name: 'branch_lt_s_imm 5 < -1 is not taken', code: '57 17 FF 05', regs: { 7: 5n }, taken: false },
      // -2^63 < X(1, 0x00) = 0
      { name: 'branch_lt_s_imm i64 min < 0 is taken', code: '57 17 00 05', regs: { 7: I64_MIN }, taken: true },
      // branch_le_s_imm = 0x58: -1 <= -1
      { name: 'branch_le_s_imm equal is taken', code: '58 17 FF 05', regs: { 7: ONES }, taken: true },
      // 0 <= -1 false
      { name: 'branch_le_s_imm 0 <= -1 is not taken', code: '58 17 FF 05', regs: { 7: 0n }, taken: false },
      // branch_ge_s_imm = 0x59: 0 >= -1
      { name: 'branch_ge_s_imm 0 >= -1 is taken', code: '59 17 FF 05', regs: { 7: 0n }, taken: true },
      // -2^63 >= 0 false
      { name: 'branch_ge_s_imm i64 min >= 0 is not taken', code: '59 17 00 05', regs: { 7: I64_MIN }, taken: false },
      // branch_gt_s_imm = 0x5A: 5 > -1
      { name: 'branch_gt_s_imm 5 > -1 is taken', code: '5A 17 FF 05', regs: { 7: 5n }, taken: true },
      // -1 > 0 false
      { name: 'branch_gt_s_imm -1 > 0 is not taken', code: '5A 17 00 05', regs: { 7: ONES }, taken: false },
      // 5 > 5 false
      { name: 'branch_gt_s_imm equal is not taken', code: '5A 17 05 05', regs: { 7: 5n }, taken: false },
    ];
    for (const c of cases) it(c.name, () => check(c, 4, 5));

    it('branch_gt_s_imm i64 max > a 4-byte immediate', () => {
      // 5A 47 FF FF FF 7F 08: R1 = 7, lX = 4, x = 0x7FFFFFFF; l = 6 -> lY = 1, y = 8 -> T = 8
      // pc7: 00 (not taken); pc8: 00 (taken)
      const r = run(['5A 47 FF FF FF 7F 08', '00', '00'], { regs: { 7: I64_MAX } });
      expectExit(r, 'trap', 8);
    });

    it('an immediate of length 0 compares with 0', () => {
      // 51 07 04: lX = 0 -> x = 0; l = 2 -> lY = 1, y = 4 -> T = 4; r7 = 0 == 0 -> taken
      const r = run(['51 07 04', '00', '00']);
      expectExit(r, 'trap', 4);
    });

    it('register nibble 15 clamps to r12', () => {
      // 51 1F 05 05: R1 = min(12, 15) = 12; r12 = 5 == 5 -> taken
      const r = run(['51 1F 05 05', '00', '00'], { regs: { 12: 5n } });
      expectExit(r, 'trap', 5);
    });
  });

  describe('branch on two registers (170-175)', () => {
    const cases: BranchCase[] = [
      // branch_eq = 0xAA
      { name: 'branch_eq taken when equal', code: 'AA 87 04', regs: { 7: ONES, 8: ONES }, taken: true },
      { name: 'branch_eq not taken when different in the upper half', code: 'AA 87 04', regs: { 7: 1n, 8: 0x100000001n }, taken: false },
      // branch_ne = 0xAB
      { name: 'branch_ne taken when different', code: 'AB 87 04', regs: { 7: 1n, 8: 0x100000001n }, taken: true },
      { name: 'branch_ne not taken when equal', code: 'AB 87 04', regs: { 7: 3n, 8: 3n }, taken: false },
      // branch_lt_u = 0xAC: a = r7 <u b = r8
      { name: 'branch_lt_u 0 < all ones is taken', code: 'AC 87 04', regs: { 7: 0n, 8: ONES }, taken: true },
      { name: 'branch_lt_u all ones < 0 is not taken', code: 'AC 87 04', regs: { 7: ONES, 8: 0n }, taken: false },
      { name: 'branch_lt_u equal is not taken', code: 'AC 87 04', regs: { 7: 4n, 8: 4n }, taken: false },
      // branch_lt_s = 0xAD (the 4th: lt_s before ge_u)
      { name: 'branch_lt_s -1 < 0 is taken', code: 'AD 87 04', regs: { 7: ONES, 8: 0n }, taken: true },
      { name: 'branch_lt_s 0 < -1 is not taken', code: 'AD 87 04', regs: { 7: 0n, 8: ONES }, taken: false },
      { name: 'branch_lt_s i64 min < i64 max is taken', code: 'AD 87 04', regs: { 7: I64_MIN, 8: I64_MAX }, taken: true },
      // branch_ge_u = 0xAE
      { name: 'branch_ge_u all ones >= 0 is taken', code: 'AE 87 04', regs: { 7: ONES, 8: 0n }, taken: true },
      { name: 'branch_ge_u 0 >= 1 is not taken', code: 'AE 87 04', regs: { 7: 0n, 8: 1n }, taken: false },
      { name: 'branch_ge_u equal is taken', code: 'AE 87 04', regs: { 7: 4n, 8: 4n }, taken: true },
      { name: 'branch_ge_u i64 max >= 2^63 is not taken', code: 'AE 87 04', regs: { 7: I64_MAX, 8: I64_MIN }, taken: false },
      // branch_ge_s = 0xAF
      { name: 'branch_ge_s 0 >= -1 is taken', code: 'AF 87 04', regs: { 7: 0n, 8: ONES }, taken: true },
      { name: 'branch_ge_s -1 >= 0 is not taken', code: 'AF 87 04', regs: { 7: ONES, 8: 0n }, taken: false },
      { name: 'branch_ge_s equal is taken', code: 'AF 87 04', regs: { 7: ONES, 8: ONES }, taken: true },
      { name: 'branch_ge_s i64 max >= i64 min is taken', code: 'AF 87 04', regs: { 7: I64_MAX, 8: I64_MIN }, taken: true },
      // B1 = 0xF7: b = min(12, 15) = r12
      { name: 'register nibble 15 clamps to r12', code: 'AA F7 04', regs: { 7: 9n, 12: 9n }, taken: true },
    ];
    for (const c of cases) it(c.name, () => check(c, 3, 4));
  });

  describe('branch targets', () => {
    it('the target is relative to the branch pc', () => {
      // pc0: 01; pc1: 51 07 04 -> T = 1 + 4 = 5; pc4: 00; pc5: 00 -> taken (r7 = 0 == 0): trap at 5
      const r = run(['01', '51 07 04', '00', '00']);
      expectExit(r, 'trap', 5);
    });

    it('a backward branch to pc 0 loops', () => {
      // pc0: 95 77 01 (r7 += 1); pc3: 52 17 03 FD branch_ne_imm r7 != 3 -> T = 3 + X(1,0xFD) = 3 - 3 = 0
      // pc7: 00. r7 goes 1, 2, 3; at 3 not taken -> trap at 7
      const r = run(['95 77 01', '52 17 03 FD', '00']);
      expectExit(r, 'trap', 7);
      expect(reg(r, 7)).toBe(3n);
    });

    it('a 4-byte negative offset', () => {
      // pc0: 28 07 jump -> 7; pc2: 33 08 07 (in ϖ: after jump); pc5: 00; pc6: 00;
      // pc7: AA 77 FB FF FF FF: branch_eq r7 == r7 (always), lX = 4, y = X(4, 0xFFFFFFFB) = -5 -> T = 2
      // pc13: 00. Result: r8 = 7, trap at 5
      const r = run(['28 07', '33 08 07', '00', '00', 'AA 77 FB FF FF FF', '00']);
      expectExit(r, 'trap', 5);
      expect(reg(r, 8)).toBe(7n);
    });

    it('a taken branch to a target that follows a non-terminator panics with pc unchanged', () => {
      // pc0: 51 07 06 (r7 == 0 -> T = 6); pc3: 33 08 01; pc6: 00 -- 6 follows load_imm: not in ϖ
      const r = run(['51 07 06', '33 08 01', '00']);
      expectExit(r, 'panic', 0);
      expect(reg(r, 8)).toBe(0n);
    });

    it('a not-taken branch with an invalid target continues', () => {
      // same program, r7 = 1: not taken -> pc 3: r8 = 1 -> trap at 6
      const r = run(['51 07 06', '33 08 01', '00'], { regs: { 7: 1n } });
      expectExit(r, 'trap', 6);
      expect(reg(r, 8)).toBe(1n);
    });

    it('a taken branch into the middle of an instruction panics', () => {
      // pc0: AA 87 04 (eq, 0 == 0 -> T = 4); pc3: 33 08 01; 4 has K = 0 -> panic at 0
      const r = run(['AA 87 04', '33 08 01', '00']);
      expectExit(r, 'panic', 0);
      expect(reg(r, 8)).toBe(0n);
    });

    it('a branch to pc 0 is always a valid target', () => {
      // 0 is in ϖ by definition.
      // pc0: 95 88 01 (r8 += 1); pc3: AB 87 FD: branch_ne r7 != r8 -> T = 3 - 3 = 0; pc6: 00
      // r7 = 2: r8 = 1 (ne: back to 0), r8 = 2 (eq: fall through) -> trap at 6
      const r = run(['95 88 01', 'AB 87 FD', '00'], { regs: { 7: 2n } });
      expectExit(r, 'trap', 6);
      expect(reg(r, 8)).toBe(2n);
    });
  });
}
