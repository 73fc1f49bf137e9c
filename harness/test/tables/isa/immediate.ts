/**
 * load_imm (51), load_imm_64 (20) and move_reg (100): immediate decoding of every length, sign
 * extension, register clamping and ignored bytes (spec/pvm-core.md 2.3, 3.2).
 *
 * Encodings:
 * - load_imm = 0x33, OneRegOneImm: `33 B1 x...`; R1 = min(12, B1 & 15) (high nibble ignored),
 *   lX = min(4, max(0, l - 1)) where l = skip = instruction length - 1; x = X(lX, LE(pc+2, lX)).
 * - load_imm_64 = 0x14, OneRegExtImm: `14 B1 b0..b7`; R1 = min(12, B1 & 15); x = LE(pc+2, 8) always,
 *   raw (no sign extension), whatever l is (bytes past l and past the code end are read; past the end
 *   reads 0).
 * - move_reg = 0x64, TwoReg: `64 B1`; destination R1 = min(12, B1 & 15), source R2 = min(12, B1 >> 4).
 */
import { describe, expect, it } from 'vitest';
import { reg, run } from '../core.js';
import { ONES, expectExit, expectRegs, regFile, type RegCase } from './util.js';

/** Registers the immediate tables (describe/it) for the engine describeCoreTables has set. */
export function immediateTables(): void {
  describe('load_imm (51)', () => {
    const cases: RegCase[] = [
      // l = 1 -> lX = 0 -> x = X(0, .) = 0; r7 starts at 0xDEAD and is overwritten with 0
      { name: 'zero-length immediate loads 0', code: '33 07', regs: { 7: 0xdeadn }, want: { 7: 0n } },
      // lX = 1: X(1, 0x7F) = 0x7F (bit 7 clear)
      { name: '1-byte immediate 0x7F stays positive', code: '33 07 7F', want: { 7: 0x7fn } },
      // lX = 1: X(1, 0x80): bit 7 set -> 0xFFFFFFFFFFFFFF80
      { name: '1-byte immediate 0x80 sign-extends', code: '33 07 80', want: { 7: 0xffffffffffffff80n } },
      // lX = 2: LE(FF 7F) = 0x7FFF, bit 15 clear
      { name: '2-byte immediate 0x7FFF stays positive', code: '33 07 FF 7F', want: { 7: 0x7fffn } },
      // lX = 2: LE(00 80) = 0x8000, bit 15 set -> 0xFFFFFFFFFFFF8000
      { name: '2-byte immediate 0x8000 sign-extends', code: '33 07 00 80', want: { 7: 0xffffffffffff8000n } },
      // lX = 3: LE(FF FF 7F) = 0x7FFFFF, bit 23 clear
      { name: '3-byte immediate 0x7FFFFF stays positive', code: '33 07 FF FF 7F', want: { 7: 0x7fffffn } },
      // lX = 3: LE(00 00 80) = 0x800000, bit 23 set -> 0xFFFFFFFFFF800000 (sign from bit 23)
      { name: '3-byte immediate 0x800000 sign-extends from bit 23', code: '33 07 00 00 80', want: { 7: 0xffffffffff800000n } },
      // lX = 4: LE(FF FF FF 7F) = 0x7FFFFFFF, bit 31 clear
      { name: '4-byte immediate 0x7FFFFFFF stays positive', code: '33 07 FF FF FF 7F', want: { 7: 0x7fffffffn } },
      // lX = 4: 0x80000000 -> X(4, .) = 0xFFFFFFFF80000000
      { name: '4-byte immediate 0x80000000 sign-extends', code: '33 07 00 00 00 80', want: { 7: 0xffffffff80000000n } },
      // l = 5 -> lX = min(4, 4) = 4: LE(01 02 03 04) = 0x04030201; the 5th byte 05 is ignored
      { name: 'extra 5th immediate byte is ignored', code: '33 06 01 02 03 04 05', want: { 6: 0x04030201n } },
      // l = 6 -> lX = 4: LE(01 02 03 84) = 0x84030201, bit 31 set -> 0xFFFFFFFF84030201; 05 06 ignored
      { name: 'extra bytes ignored and 4th byte sign-extends', code: '33 07 01 02 03 84 05 06', want: { 7: 0xffffffff84030201n } },
      // B1 = 0x0F: R1 = min(12, 15) = 12 -> r12 = 5
      { name: 'register nibble 15 clamps to r12', code: '33 0F 05', want: { 12: 5n } },
      // B1 = 0x0D: R1 = min(12, 13) = 12
      { name: 'register nibble 13 clamps to r12', code: '33 0D 05', want: { 12: 5n } },
      // B1 = 0x0E: R1 = min(12, 14) = 12
      { name: 'register nibble 14 clamps to r12', code: '33 0E 05', want: { 12: 5n } },
      // B1 = 0x0C: R1 = 12 exactly
      { name: 'register nibble 12 is r12', code: '33 0C 05', want: { 12: 5n } },
      // B1 = 0x97: high nibble 9 is ignored by OneRegOneImm -> r7 = 5, r9 untouched
      { name: 'high nibble of B1 is ignored', code: '33 97 05', regs: { 9: 3n }, want: { 7: 5n, 9: 3n } },
      // r0 is an ordinary register (nothing hard-wired)
      { name: 'r0 is writable', code: '33 00 2A', want: { 0: 42n } },
    ];
    for (const c of cases) it(c.name, () => expectRegs(c));
  });

  describe('load_imm_64 (20)', () => {
    const cases: RegCase[] = [
      // x = LE(88 77 66 55 44 33 22 11) = 0x1122334455667788
      { name: 'loads 8 little-endian bytes', code: '14 08 88 77 66 55 44 33 22 11', want: { 8: 0x1122334455667788n } },
      // raw 8 bytes, top byte 0x80: 0x8000000000000000 (no extension applies to a full 64-bit value)
      { name: 'top bit set is taken raw', code: '14 08 00 00 00 00 00 00 00 80', want: { 8: 0x8000000000000000n } },
      // 8 bytes of FF = 2^64 - 1
      { name: 'all ones', code: '14 08 FF FF FF FF FF FF FF FF', want: { 8: ONES } },
      // a 1-byte value 0x80 in the low byte is NOT sign-extended: 0x80
      { name: 'low byte 0x80 is not sign-extended', code: '14 08 80 00 00 00 00 00 00 00', want: { 8: 0x80n } },
      // B1 = 0xFD: R1 = min(12, 13) = 12
      { name: 'register nibble 13 clamps to r12', code: '14 FD 01 00 00 00 00 00 00 00', want: { 12: 1n } },
      // l = 11: x still reads exactly 8 bytes at pc+2 (01 00 .. 00) -> 1; the trailing AA BB are ignored
      { name: 'bytes after the 8 immediate bytes are ignored', code: '14 08 01 00 00 00 00 00 00 00 AA BB', want: { 8: 1n } },
    ];
    for (const c of cases) it(c.name, () => expectRegs(c));

    it('reads 8 bytes even when the instruction is shorter (into the next instruction)', () => {
      // pc0: 14 08 01 02 (l = 3); pc4: 33 07 05 load_imm r7 = 5; pc7: 00 trap.
      // x = LE(code[2..10)) = LE(01 02 33 07 05 00 | past end 0 0) = 0x0000000507330201
      const r = run(['14 08 01 02', '33 07 05', '00']);
      expectExit(r, 'trap', 7);
      expect(reg(r, 8)).toBe(0x507330201n);
      // next = 0 + 1 + 3 = 4, so load_imm still runs: r7 = 5
      expect(reg(r, 7)).toBe(5n);
    });

    it('reads zeros past the end of the code and then falls off the end (trap at |c|)', () => {
      // code = 14 08 01 02 (|c| = 4): x = LE(01 02 0 0 0 0 0 0) = 0x0201; pc 4 >= |c| -> trap at 4
      const r = run(['14 08 01 02']);
      expectExit(r, 'trap', 4);
      expect(reg(r, 8)).toBe(0x201n);
    });
  });

  describe('move_reg (100)', () => {
    const cases: RegCase[] = [
      // B1 = 0x89: dest R1 = 9 (low), source R2 = 8 (high): r9 := r8
      { name: 'copies source (high nibble) to destination (low nibble)', code: '64 89', regs: { 8: 0x8000000000000001n, 9: 5n }, want: { 9: 0x8000000000000001n } },
      // B1 = 0x8F: dest = min(12, 15) = 12
      { name: 'destination nibble 15 clamps to r12', code: '64 8F', regs: { 8: 7n }, want: { 12: 7n } },
      // B1 = 0xF9: source = min(12, 15) = 12 -> r9 := r12
      { name: 'source nibble 15 clamps to r12', code: '64 F9', regs: { 12: 9n }, want: { 9: 9n } },
      // B1 = 0x77: r7 := r7, unchanged
      { name: 'move to itself changes nothing', code: '64 77', regs: { 7: 3n }, want: { 7: 3n } },
    ];
    for (const c of cases) it(c.name, () => expectRegs(c));
  });

  describe('state is otherwise untouched', () => {
    it('load_imm changes only its destination register and the pc', () => {
      const regs = { 0: 1n, 1: 2n, 2: 3n, 3: 4n, 4: 5n, 5: 6n, 6: 7n, 7: 8n, 8: 9n, 9: 10n, 10: 11n, 11: 12n, 12: 13n };
      // 33 03 09: r3 := 9; everything else as given
      const r = run(['33 03 09', '00'], { regs });
      expectExit(r, 'trap', 3);
      expect(r.state.regs).toEqual(regFile({ ...regs, 3: 9n }));
    });
  });
}
