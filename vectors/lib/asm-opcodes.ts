/**
 * The assembler's own opcode table: mnemonic, opcode byte and operand format, transcribed from the
 * opcode table of spec/pvm-core.md section 3.2 (GP appendix A). Written apart from model/ on purpose:
 * the assembler's round-trip tests go through the model's decoder, so a shared table would hide a
 * mistake in either.
 */

/** Operand formats of GP appendix A.5 (pvm-core.md 2.3). */
export type AsmFormat =
  | 'NoArgs' | 'OneImm' | 'OneRegExtImm' | 'TwoImm' | 'OneOffset' | 'OneRegOneImm' | 'OneRegTwoImm'
  | 'OneRegImmOffset' | 'TwoReg' | 'TwoRegOneImm' | 'TwoRegOneOffset' | 'TwoRegTwoImm' | 'ThreeReg';

export interface AsmOpcode {
  readonly name: string;
  readonly opcode: number;
  readonly format: AsmFormat;
}

/** Runs of consecutive opcode numbers that share a format: [format, first opcode, mnemonics in order]. */
const RUNS: readonly (readonly [AsmFormat, number, readonly string[]])[] = [
  ['NoArgs', 0, ['trap', 'fallthrough', 'unlikely', 'ecall']],
  ['OneImm', 10, ['ecalli']],
  ['OneRegExtImm', 20, ['load_imm_64']],
  ['TwoImm', 30, ['store_imm_u8', 'store_imm_u16', 'store_imm_u32', 'store_imm_u64']],
  ['OneOffset', 40, ['jump']],
  ['OneRegOneImm', 50, ['jump_ind', 'load_imm', 'load_u8', 'load_i8', 'load_u16', 'load_i16', 'load_u32', 'load_i32',
    'load_u64', 'store_u8', 'store_u16', 'store_u32', 'store_u64']],
  ['OneRegTwoImm', 70, ['store_imm_ind_u8', 'store_imm_ind_u16', 'store_imm_ind_u32', 'store_imm_ind_u64']],
  ['OneRegImmOffset', 80, ['load_imm_jump', 'branch_eq_imm', 'branch_ne_imm', 'branch_lt_u_imm', 'branch_le_u_imm',
    'branch_ge_u_imm', 'branch_gt_u_imm', 'branch_lt_s_imm', 'branch_le_s_imm', 'branch_ge_s_imm', 'branch_gt_s_imm']],
  // 101 (sbrk) is not an instruction of this machine (spec-notes/0015), so the assembler has no mnemonic for it.
  ['TwoReg', 100, ['move_reg']],
  ['TwoReg', 102, ['count_set_bits_64', 'count_set_bits_32', 'leading_zero_bits_64', 'leading_zero_bits_32',
    'trailing_zero_bits_64', 'trailing_zero_bits_32', 'sign_extend_8', 'sign_extend_16', 'zero_extend_16', 'reverse_bytes']],
  ['TwoRegOneImm', 120, ['store_ind_u8', 'store_ind_u16', 'store_ind_u32', 'store_ind_u64', 'load_ind_u8', 'load_ind_i8',
    'load_ind_u16', 'load_ind_i16', 'load_ind_u32', 'load_ind_i32', 'load_ind_u64', 'add_imm_32', 'and_imm', 'xor_imm',
    'or_imm', 'mul_imm_32', 'set_lt_u_imm', 'set_lt_s_imm', 'shlo_l_imm_32', 'shlo_r_imm_32', 'shar_r_imm_32',
    'neg_add_imm_32', 'set_gt_u_imm', 'set_gt_s_imm', 'shlo_l_imm_alt_32', 'shlo_r_imm_alt_32', 'shar_r_imm_alt_32',
    'cmov_iz_imm', 'cmov_nz_imm', 'add_imm_64', 'mul_imm_64', 'shlo_l_imm_64', 'shlo_r_imm_64', 'shar_r_imm_64',
    'neg_add_imm_64', 'shlo_l_imm_alt_64', 'shlo_r_imm_alt_64', 'shar_r_imm_alt_64', 'rot_r_64_imm', 'rot_r_64_imm_alt',
    'rot_r_32_imm', 'rot_r_32_imm_alt']],
  ['TwoRegOneOffset', 170, ['branch_eq', 'branch_ne', 'branch_lt_u', 'branch_lt_s', 'branch_ge_u', 'branch_ge_s']],
  ['TwoRegTwoImm', 180, ['load_imm_jump_ind']],
  ['ThreeReg', 190, ['add_32', 'sub_32', 'mul_32', 'div_u_32', 'div_s_32', 'rem_u_32', 'rem_s_32', 'shlo_l_32',
    'shlo_r_32', 'shar_r_32', 'add_64', 'sub_64', 'mul_64', 'div_u_64', 'div_s_64', 'rem_u_64', 'rem_s_64', 'shlo_l_64',
    'shlo_r_64', 'shar_r_64', 'and', 'xor', 'or', 'mul_upper_s_s', 'mul_upper_u_u', 'mul_upper_s_u', 'set_lt_u',
    'set_lt_s', 'cmov_iz', 'cmov_nz', 'rot_l_64', 'rot_l_32', 'rot_r_64', 'rot_r_32', 'and_inv', 'or_inv', 'xnor', 'max',
    'max_u', 'min', 'min_u']],
];

/** Every mnemonic the assembler knows, by name. */
export const ASM_OPCODES: ReadonlyMap<string, AsmOpcode> = new Map(
  RUNS.flatMap(([format, first, names]) => names.map((name, k): [string, AsmOpcode] => [name, { name, opcode: first + k, format }])),
);

/** Gas-block terminators (spec-notes/0028): the instructions after which a basic block starts. */
export function endsBlock(opcode: number): boolean {
  return opcode <= 3 || opcode === 10 || opcode === 40 || opcode === 50 || opcode === 80 || opcode === 180
    || (opcode >= 81 && opcode <= 90) || (opcode >= 170 && opcode <= 175);
}
