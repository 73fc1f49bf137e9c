/**
 * The opcode rows (model/isa/*.ts `rows`, derived tables in model/isa/index.ts): the counts and numbers
 * below are read off pvm-core.md 3.2 by hand, and checkRows must refuse each kind of broken table.
 */
import { describe, expect, test } from 'vitest';
import { checkRows, endsCodeBlob, isTerminator, OPCODE_BY_NAME, OPCODES, ROWS } from '../isa/index.js';
import type { OpRow } from '../isa/row.js';

describe('the opcode rows', () => {
  test('140 opcodes: 4 + 1 + 1 + 4 + 1 + 13 + 4 + 11 + 1 + 10 + 42 + 6 + 1 + 41 by format (pvm-core.md 3.2)', () => {
    expect(ROWS).toHaveLength(140);
    const byFormat = new Map<string, number>();
    for (const r of ROWS) byFormat.set(r.format, (byFormat.get(r.format) ?? 0) + 1);
    expect(Object.fromEntries(byFormat)).toEqual({
      NoArgs: 4, OneImm: 1, OneRegExtImm: 1, TwoImm: 4, OneOffset: 1, OneRegOneImm: 13, OneRegTwoImm: 4,
      OneRegImmOffset: 11, TwoReg: 11, TwoRegOneImm: 42, TwoRegOneOffset: 6, TwoRegTwoImm: 1, ThreeReg: 41,
    });
  });

  test('mnemonics are the spec names at the spec numbers', () => {
    const sample: [string, number][] = [
      ['trap', 0], ['ecall', 3], ['ecalli', 10], ['load_imm_64', 20], ['store_imm_u64', 33], ['jump', 40], ['jump_ind', 50],
      ['store_u64', 62], ['load_imm_jump', 80], ['branch_gt_s_imm', 90], ['move_reg', 100], ['count_set_bits_64', 102],
      ['reverse_bytes', 111], ['store_ind_u8', 120], ['rot_r_32_imm_alt', 161], ['branch_ge_s', 175], ['load_imm_jump_ind', 180],
      ['add_32', 190], ['shar_r_64', 209], ['min_u', 230],
    ];
    for (const [name, number] of sample) expect([name, OPCODE_BY_NAME.get(name)]).toEqual([name, number]);
    expect(OPCODES.has(101)).toBe(false); // sbrk, spec-notes/0015
  });

  test('terminators: trap, fallthrough, unlikely, ecall, ecalli, jumps and branches (spec-notes/0014, 0028); a code blob may not end in ecall (0056)', () => {
    const want = [0, 1, 2, 3, 10, 40, 50, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 170, 171, 172, 173, 174, 175, 180];
    expect(Array.from({ length: 256 }, (_, b) => b).filter(isTerminator)).toEqual(want);
    expect(Array.from({ length: 256 }, (_, b) => b).filter(endsCodeBlob)).toEqual(want.filter((b) => b !== 3));
  });

  describe('checkRows refuses a broken table', () => {
    const row = (o: number): OpRow => ROWS.find((r) => r.opcode === o)!;
    test.each<[string, () => OpRow[], RegExp]>([
      ['a number twice', () => [...ROWS, { ...row(209), name: 'shar_r_64_again' }], /opcode 209 has more than one row/],
      ['a mnemonic twice', () => ROWS.map((r) => (r.opcode === 208 ? { ...r, name: 'shar_r_64' } : r)), /mnemonic shar_r_64 has more than one row/],
      ['a missing opcode', () => ROWS.filter((r) => r.opcode !== 230), /1 opcodes of pvm-core.md 3.2 have no row/],
      ['sbrk (101) present', () => [...ROWS, { ...row(100), opcode: 101, name: 'sbrk' }], /opcode 101 \(sbrk\): format TwoReg, pvm-core.md 3.2 says no opcode/],
      ['a wrong format', () => ROWS.map((r) => (r.opcode === 209 ? { ...r, format: 'TwoRegOneImm' as const } : r)), /opcode 209 \(shar_r_64\): format TwoRegOneImm, pvm-core.md 3.2 says ThreeReg/],
      ['a number that is no byte', () => [...ROWS, { ...row(0), opcode: 256, name: 'wide' }], /opcode 256 \(wide\) is not a byte/],
    ])('%s', (_what, table, message) => {
      expect(() => checkRows(table())).toThrow(message);
    });
    test('the real table passes', () => expect(() => checkRows(ROWS)).not.toThrow());
  });
});
