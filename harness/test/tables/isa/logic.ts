/**
 * Bitwise logic: and_imm/xor_imm/or_imm (132-134), and/xor/or (210-212), and_inv/or_inv/xnor
 * (224-226). spec/pvm-core.md 3.2.
 *
 * Encodings:
 * - TwoRegOneImm `op B1 x...`: destination min(12, B1 & 15), source v = φ[min(12, B1 >> 4)];
 *   x = X(lX, LE(pc+2, lX)), lX = min(4, l - 1) -> the immediate is sign-extended to 64 bits before
 *   the operation. Here B1 = 0x89 (r9 := f(r8, x)).
 * - ThreeReg `op B1 B2`: a = φ[B1 & 15], b = φ[B1 >> 4], destination min(12, B2). Here `87 09`:
 *   r9 := f(r7, r8).
 */
import { describe, it } from 'vitest';
import { ONES, expectRegs, type RegCase } from './util.js';

/** Registers the logic tables (describe/it) for the engine describeCoreTables has set. */
export function logicTables(): void {
  const V = 0x123456789abcdeffn;
  const A = 0xff00ff00ff00ff00n;
  const B = 0x0ff00ff00ff00ff0n;

  describe('logic with an immediate', () => {
    const cases: RegCase[] = [
      // and_imm = 0x84: x = X(1, 0xF0) = 0xFFFFFFFFFFFFFFF0, so the upper 56 bits of v survive
      { name: 'and_imm with a negative immediate keeps the upper bits', code: '84 89 F0', regs: { 8: V }, want: { 9: 0x123456789abcdef0n } },
      // x = X(1, 0x7F) = 0x7F: v & 0x7F = 0xFF & 0x7F = 0x7F
      { name: 'and_imm with a positive immediate clears the upper bits', code: '84 89 7F', regs: { 8: V }, want: { 9: 0x7fn } },
      // x = X(4, 0x80000000) = 0xFFFFFFFF80000000: v & x = 0x1234567880000000
      { name: 'and_imm with a 4-byte sign-extended immediate', code: '84 89 00 00 00 80', regs: { 8: V }, want: { 9: 0x1234567880000000n } },
      // lX = 0 -> x = 0 -> v & 0 = 0
      { name: 'and_imm with no immediate bytes gives 0', code: '84 89', regs: { 8: V }, want: { 9: 0n } },
      // xor_imm = 0x85: x = X(1, 0xFF) = 2^64-1: v ^ x = ~v = 0xEDCBA98765432100
      { name: 'xor_imm with -1 is bitwise not', code: '85 89 FF', regs: { 8: V }, want: { 9: 0xedcba98765432100n } },
      // x = 0x0F: 0x...FF ^ 0x0F = 0x...F0
      { name: 'xor_imm with a positive immediate', code: '85 89 0F', regs: { 8: V }, want: { 9: 0x123456789abcdef0n } },
      // or_imm = 0x86: x = X(2, 0x8000) = 0xFFFFFFFFFFFF8000; 0x12 | x = 0xFFFFFFFFFFFF8012
      { name: 'or_imm with a negative immediate sets the upper bits', code: '86 89 00 80', regs: { 8: 0x12n }, want: { 9: 0xffffffffffff8012n } },
      // 0x1200000000 | 0x34 = 0x1200000034 (64-bit, no truncation)
      { name: 'or_imm keeps the upper half of the source', code: '86 89 34', regs: { 8: 0x1200000000n }, want: { 9: 0x1200000034n } },
    ];
    for (const c of cases) it(c.name, () => expectRegs(c));
  });

  describe('logic on three registers', () => {
    const cases: RegCase[] = [
      // and = 0xD2: 0xFF00FF00FF00FF00 & 0x0FF00FF00FF00FF0 = 0x0F000F000F000F00
      { name: 'and', code: 'D2 87 09', regs: { 7: A, 8: B }, want: { 9: 0x0f000f000f000f00n } },
      // xor = 0xD3: A ^ B = 0xF0F0F0F0F0F0F0F0
      { name: 'xor', code: 'D3 87 09', regs: { 7: A, 8: B }, want: { 9: 0xf0f0f0f0f0f0f0f0n } },
      // x ^ x = 0
      { name: 'xor of a register with itself is 0', code: 'D3 77 09', regs: { 7: A }, want: { 9: 0n } },
      // or = 0xD4: A | B = 0xFFF0FFF0FFF0FFF0
      { name: 'or', code: 'D4 87 09', regs: { 7: A, 8: B }, want: { 9: 0xfff0fff0fff0fff0n } },
      // and_inv = 0xE0: a & ~b = 0xFF00FF00FF00FF00 & 0xF00FF00FF00FF00F = 0xF000F000F000F000
      { name: 'and_inv is a & ~b', code: 'E0 87 09', regs: { 7: A, 8: B }, want: { 9: 0xf000f000f000f000n } },
      // operand order: a = 0xF0, b = 0x3C: 0xF0 & ~0x3C = 0xC0 (not 0x3C & ~0xF0 = 0x0C)
      { name: 'and_inv inverts the high-nibble register', code: 'E0 87 09', regs: { 7: 0xf0n, 8: 0x3cn }, want: { 9: 0xc0n } },
      // or_inv = 0xE1: a | ~b = 0xFF00FF00FF00FF00 | 0xF00FF00FF00FF00F = 0xFF0FFF0FFF0FFF0F
      { name: 'or_inv is a | ~b', code: 'E1 87 09', regs: { 7: A, 8: B }, want: { 9: 0xff0fff0fff0fff0fn } },
      // a = 0xF0, b = 0xFF: 0xF0 | 0xFFFFFFFFFFFFFF00 = 0xFFFFFFFFFFFFFFF0
      { name: 'or_inv inverts all 64 bits of b', code: 'E1 87 09', regs: { 7: 0xf0n, 8: 0xffn }, want: { 9: 0xfffffffffffffff0n } },
      // 0 | ~0 = 2^64-1
      { name: 'or_inv of zeros is all ones', code: 'E1 87 09', regs: { 7: 0n, 8: 0n }, want: { 9: ONES } },
      // xnor = 0xE2: ~(A ^ B) = ~0xF0F0F0F0F0F0F0F0 = 0x0F0F0F0F0F0F0F0F
      { name: 'xnor is ~(a ^ b)', code: 'E2 87 09', regs: { 7: A, 8: B }, want: { 9: 0x0f0f0f0f0f0f0f0fn } },
      // ~(x ^ x) = 2^64-1
      { name: 'xnor of equal values is all ones', code: 'E2 87 09', regs: { 7: V, 8: V }, want: { 9: ONES } },
    ];
    for (const c of cases) it(c.name, () => expectRegs(c));
  });
}
