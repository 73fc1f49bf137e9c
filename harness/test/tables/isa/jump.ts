/**
 * Jumps: jump (40), jump_ind (50), load_imm_jump (80), load_imm_jump_ind (180).
 * spec/pvm-core.md 3.1, 3.2; spec-notes 0004 (180: old φ[R2], write kept on panic), 0005 (djump rules),
 * 0006 (static targets must be basic-block starts, else panic with pc unchanged), 0028 (terminators).
 *
 * ϖ (basic-block starts) = {0} ∪ {instruction starts right after a terminator}.
 *
 * Encodings:
 * - jump = 0x28, OneOffset: lX = min(4, l); T = pc + X(lX, LE(pc+1, lX)).
 * - jump_ind = 0x32, OneRegOneImm: R1 = B1 & 15; lX = min(4, l - 1); djump(φ[R1] + x).
 * - load_imm_jump = 0x50, OneRegImmOffset: R1 = B1 & 15, lX = min(4, (B1 >> 4) & 7),
 *   lY = min(4, l - lX - 1); x at pc+2, y at pc+2+lX; φ[R1] := x; goto pc + y.
 * - load_imm_jump_ind = 0xB4, TwoRegTwoImm: R1 = B1 & 15, R2 = B1 >> 4, lX = min(4, B2 & 7),
 *   lY = min(4, l - lX - 2); x at pc+3, y at pc+3+lX; φ[R1] := x; djump(old φ[R2] + y).
 * djump(v): a = v mod 2^32; a = 0 -> panic; a = 0xFFFF0000 -> halt; a odd -> panic;
 *   a/2 > |j| -> panic; t = j[a/2 - 1]; t must be in ϖ (0 is) -> goto t, else panic.
 */
import { describe, expect, it } from 'vitest';
import { reg, run } from '../core.js';
import { expectExit, regFile } from './util.js';

/** Registers the jump tables (describe/it) for the engine describeCoreTables has set. */
export function jumpTables(): void {
  describe('jump (40)', () => {
    it('jumps forward to a block start', () => {
      // pc0: 28 03 -> T = 0 + 3; pc2: 00 (skipped); pc3: 00 (after a terminator, in ϖ) -> trap at 3
      const r = run(['28 03', '00', '00']);
      expectExit(r, 'trap', 3);
    });

    it('jumps backward with a negative offset', () => {
      // pc0: 28 06 -> 6; pc2: 33 08 07 (r8 = 7; in ϖ after jump); pc5: 00; pc6: 28 FC -> 6 + X(1,0xFC) = 6 - 4 = 2
      const r = run(['28 06', '33 08 07', '00', '28 FC']);
      expectExit(r, 'trap', 5);
      expect(reg(r, 8)).toBe(7n);
    });

    it('reads a 4-byte offset', () => {
      // pc0: 28 06 00 00 00 (l = 4, lX = 4, T = 6); pc5: 00; pc6: 00 -> trap at 6
      const r = run(['28 06 00 00 00', '00', '00']);
      expectExit(r, 'trap', 6);
    });

    it('panics with pc unchanged when the target follows a non-terminator', () => {
      // pc0: 28 05; pc2: 33 08 07; pc5: 00 -- 5 follows load_imm, so 5 is not in ϖ -> panic at 0
      const r = run(['28 05', '33 08 07', '00']);
      expectExit(r, 'panic', 0);
      expect(reg(r, 8)).toBe(0n);
    });

    it('panics when the target is inside an instruction', () => {
      // T = 3 is the middle of load_imm at 2 (K(3) = 0) -> panic at 0
      const r = run(['28 03', '33 08 07', '00']);
      expectExit(r, 'panic', 0);
    });

    it('panics on a huge negative target', () => {
      // 28 00 00 80: lX = 3, X(3, 0x800000) = -2^23 -> T = 2^64 - 2^23 (not in ϖ) -> panic at 0
      const r = run(['28 00 00 80', '00']);
      expectExit(r, 'panic', 0);
    });

    it('a jump to itself loops until out of gas', () => {
      // code = 28 (lX = 0, T = 0 + 0 = 0, in ϖ). Block at 0 = one jump: 15 cycles -> cost 15 - 3 = 12.
      // gas 100: 8 blocks cost 96, leaving 4 < 12 -> OOG at pc 0 with gas 0 (spec-note 0010)
      const r = run(['28'], { gas: 100n });
      expectExit(r, 'oog', 0);
      expect(r.state.gas).toBe(0n);
    });
  });

  describe('jump_ind (50)', () => {
    // pc0: 32 07 (djump(r7 + 0)); pc2: 33 08 01 (in ϖ: after jump_ind); pc5: 00 (not in ϖ)
    const P = ['32 07', '33 08 01', '00'];

    it('jumps through the table', () => {
      // a = 2 -> idx 1 -> j[0] = 2 -> r8 = 1, trap at 5
      const r = run(P, { jumpTable: [2], regs: { 7: 2n } });
      expectExit(r, 'trap', 5);
      expect(reg(r, 8)).toBe(1n);
    });

    it('adds the sign-extended immediate to the register', () => {
      // 32 07 FE: x = X(1, 0xFE) = -2; a = 4 - 2 = 2 -> j[0] = 3 -> next program: pc3 is load_imm
      const r = run(['32 07 FE', '33 08 01', '00'], { jumpTable: [3], regs: { 7: 4n } });
      expectExit(r, 'trap', 6);
      expect(reg(r, 8)).toBe(1n);
    });

    it('reduces the address mod 2^32', () => {
      // a = (2^32 + 2) mod 2^32 = 2 -> j[0] = 2
      const r = run(P, { jumpTable: [2], regs: { 7: 0x100000002n } });
      expectExit(r, 'trap', 5);
      expect(reg(r, 8)).toBe(1n);
    });

    it('a = 0 panics', () => {
      const r = run(P, { jumpTable: [2], regs: { 7: 0n } });
      expectExit(r, 'panic', 0);
      expect(reg(r, 8)).toBe(0n);
    });

    it('a = 2^32 (wraps to 0) panics', () => {
      const r = run(P, { jumpTable: [2], regs: { 7: 0x100000000n } });
      expectExit(r, 'panic', 0);
    });

    it('an odd address panics (a = 1)', () => {
      const r = run(P, { jumpTable: [2], regs: { 7: 1n } });
      expectExit(r, 'panic', 0);
    });

    it('an odd address panics (a = 3, floor(3/2) would be a valid index)', () => {
      const r = run(P, { jumpTable: [2], regs: { 7: 3n } });
      expectExit(r, 'panic', 0);
      expect(reg(r, 8)).toBe(0n);
    });

    it('an index beyond the table panics', () => {
      // a = 4 -> idx 2 > |j| = 1
      const r = run(P, { jumpTable: [2], regs: { 7: 4n } });
      expectExit(r, 'panic', 0);
    });

    it('any djump with an empty table panics', () => {
      // a = 2 -> idx 1 > |j| = 0
      const r = run(P, { regs: { 7: 2n } });
      expectExit(r, 'panic', 0);
    });

    it('the second table entry is used for a = 4', () => {
      // a = 4 -> idx 2 -> j[1] = 2
      const r = run(P, { jumpTable: [5, 2], regs: { 7: 4n } });
      expectExit(r, 'trap', 5);
      expect(reg(r, 8)).toBe(1n);
    });

    it('a table entry that is not a block start panics', () => {
      // j[0] = 5: pc 5 follows load_imm (not a terminator) -> not in ϖ -> panic at 0
      const r = run(P, { jumpTable: [5], regs: { 7: 2n } });
      expectExit(r, 'panic', 0);
      expect(reg(r, 8)).toBe(0n);
    });

    it('a table entry inside an instruction panics', () => {
      // j[0] = 3: K(3) = 0 -> panic at 0
      const r = run(P, { jumpTable: [3], regs: { 7: 2n } });
      expectExit(r, 'panic', 0);
    });

    it('a = 0xFFFF0000 halts', () => {
      // the GP halt address 2^32 - 2^16 (spec-note 0005); pc stays at the jump (spec 6: lastPC)
      const r = run(P, { jumpTable: [2], regs: { 7: 0xffff0000n } });
      expectExit(r, 'halt', 0);
      expect(reg(r, 8)).toBe(0n);
    });

    it('the halt address is reached mod 2^32', () => {
      // 0xFFFFFFFFFFFF0000 mod 2^32 = 0xFFFF0000 -> halt
      const r = run(P, { regs: { 7: 0xffffffffffff0000n } });
      expectExit(r, 'halt', 0);
    });

    it('the halt address through a sign-extended immediate', () => {
      // 32 07 00 00 FF FF: x = X(4, 0xFFFF0000) = 0xFFFFFFFFFFFF0000; r7 = 0 -> a = 0xFFFF0000 -> halt
      const r = run(['32 07 00 00 FF FF', '00']);
      expectExit(r, 'halt', 0);
    });

    it('a table entry of 0 jumps to pc 0', () => {
      // pc0: 51 18 01 09  branch_eq_imm r8 == 1 -> T = 0 + 9 (R1 = 8, lX = 1, x = 1, lY = 1, y = 9)
      // pc4: 33 08 01    r8 = 1   (in ϖ: after the branch)
      // pc7: 32 07       djump(r7 = 2) -> j[0] = 0 -> goto 0 (spec-note 0005: entry 0 is pc 0)
      // pc9: 00          trap (in ϖ: after jump_ind)
      // first pass r8 = 0: not taken; second pass r8 = 1: taken -> trap at 9
      const r = run(['51 18 01 09', '33 08 01', '32 07', '00'], { jumpTable: [0], regs: { 7: 2n } });
      expectExit(r, 'trap', 9);
      expect(reg(r, 8)).toBe(1n);
    });
  });

  describe('load_imm_jump (80)', () => {
    it('loads the immediate and jumps', () => {
      // 50 17 2A 05: R1 = 7, lX = 1, x = 42; l = 3 -> lY = 1, y = 5 -> T = 5
      // pc4: 00 (skipped); pc5: 00 -> trap at 5
      const r = run(['50 17 2A 05', '00', '00'], { regs: { 7: 9n } });
      expectExit(r, 'trap', 5);
      expect(reg(r, 7)).toBe(42n);
    });

    it('sign-extends the loaded immediate', () => {
      // x = X(1, 0x80) = 0xFFFFFFFFFFFFFF80
      const r = run(['50 17 80 05', '00', '00']);
      expectExit(r, 'trap', 5);
      expect(reg(r, 7)).toBe(0xffffffffffffff80n);
    });

    it('loads 0 when lX = 0', () => {
      // 50 07 04: lX = 0 -> x = 0; l = 2 -> lY = 1, y = 4 -> T = 4
      const r = run(['50 07 04', '00', '00'], { regs: { 7: 9n } });
      expectExit(r, 'trap', 4);
      expect(reg(r, 7)).toBe(0n);
    });

    it('caps the lX field at 4', () => {
      // 50 77 01 00 00 00 08: lX = min(4, 7) = 4, x = 1; l = 6 -> lY = min(4, 6 - 4 - 1) = 1, y = 8
      const r = run(['50 77 01 00 00 00 08', '00', '00']);
      expectExit(r, 'trap', 8);
      expect(reg(r, 7)).toBe(1n);
    });

    it('panics at an invalid target and keeps the register write (GP)', () => {
      // T = 7 follows load_imm at 4 -> not in ϖ -> panic at 0; φ[R1] := x persists (spec 3.2, 6)
      const r = run(['50 17 2A 07', '33 08 01', '00']);
      expectExit(r, 'panic', 0);
      expect(r.state.regs).toEqual(regFile({ 7: 42n }));
    });
  });

  describe('load_imm_jump_ind (180)', () => {
    it('loads the immediate and jumps through the table', () => {
      // B4 87 01 2A: R1 = 7, R2 = 8, lX = 1, x = 42; l = 3 -> lY = 0, y = 0; djump(r8 = 2) -> j[0] = 5
      // pc4: 00; pc5: 33 09 01 (in ϖ); pc8: 00
      const r = run(['B4 87 01 2A', '00', '33 09 01', '00'], { jumpTable: [5], regs: { 8: 2n } });
      expectExit(r, 'trap', 8);
      expect(r.state.regs).toEqual(regFile({ 7: 42n, 8: 2n, 9: 1n }));
    });

    it('adds the second immediate to the register', () => {
      // B4 87 01 2A 02: lX = 1, x = 42; l = 4 -> lY = 1, y = 2; djump(0 + 2) -> j[0] = 6
      // pc5: 00; pc6: 33 09 01; pc9: 00
      const r = run(['B4 87 01 2A 02', '00', '33 09 01', '00'], { jumpTable: [6] });
      expectExit(r, 'trap', 9);
      expect(reg(r, 7)).toBe(42n);
      expect(reg(r, 9)).toBe(1n);
    });

    it('with R1 = R2 the target uses the old register value (spec-note 0004)', () => {
      // pc0: 33 07 02 (r7 = 2); pc3: B4 77 02 D2 04: R1 = R2 = 7, lX = 2, x = 1234, lY = 0
      // target from the old r7 = 2 -> j[0] = 9; pc8: 00; pc9: 14 09 EF BE AD DE 00 00 00 00; pc19: 00
      const r = run(['33 07 02', 'B4 77 02 D2 04', '00', '14 09 EF BE AD DE 00 00 00 00', '00'], { jumpTable: [9] });
      expectExit(r, 'trap', 19);
      expect(reg(r, 7)).toBe(1234n);
      expect(reg(r, 9)).toBe(0xdeadbeefn);
    });

    it('a failed djump panics and keeps the register write (spec-note 0004)', () => {
      // r8 = 0 -> a = 0 -> panic at 0; r7 := 42 persists
      const r = run(['B4 87 01 2A', '00'], { jumpTable: [4] });
      expectExit(r, 'panic', 0);
      expect(r.state.regs).toEqual(regFile({ 7: 42n }));
    });

    it('a misaligned djump panics and keeps the register write', () => {
      // r8 = 3 -> odd -> panic at 0; r7 := 42
      const r = run(['B4 87 01 2A', '00'], { jumpTable: [4], regs: { 8: 3n } });
      expectExit(r, 'panic', 0);
      expect(r.state.regs).toEqual(regFile({ 7: 42n, 8: 3n }));
    });

    it('halts at 0xFFFF0000', () => {
      const r = run(['B4 87 01 2A', '00'], { regs: { 8: 0xffff0000n } });
      expectExit(r, 'halt', 0);
    });
  });
}
