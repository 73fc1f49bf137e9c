/**
 * Opcode facts the impl needs: the opcodes by mnemonic, operand format per opcode and the gas-block
 * terminator set. Spec: pvm-core.md 2.3 and 3.2 (format table, holes, names as in the Lean
 * `Instructions.lean` dispatch), spec-notes/0015 (101 is invalid), spec-notes/0014/0028 (terminators,
 * ecall included).
 */

/**
 * Every valid opcode by its spec mnemonic (pvm-core.md 3.2), so `grep -rn shar_r_64 impl` finds the
 * interpreter's case, the jit's emitter and this line. A const enum: tsc inlines each use as a
 * literal (`case 209` plus the name in a comment), so the interpreter's switch stays a dense jump table;
 * under vitest (esbuild, one file at a time) it is an ordinary object. Opcode 101 (sbrk) is absent:
 * spec-notes/0015. impl/test/opcodes.test.ts holds this table against the model's.
 */
export const enum Op {
  // NoArgs
  trap = 0,
  fallthrough = 1,
  unlikely = 2,
  ecall = 3,
  // OneImm
  ecalli = 10,
  // OneRegExtImm
  load_imm_64 = 20,
  // TwoImm
  store_imm_u8 = 30,
  store_imm_u16 = 31,
  store_imm_u32 = 32,
  store_imm_u64 = 33,
  // OneOffset
  jump = 40,
  // OneRegOneImm
  jump_ind = 50,
  load_imm = 51,
  load_u8 = 52,
  load_i8 = 53,
  load_u16 = 54,
  load_i16 = 55,
  load_u32 = 56,
  load_i32 = 57,
  load_u64 = 58,
  store_u8 = 59,
  store_u16 = 60,
  store_u32 = 61,
  store_u64 = 62,
  // OneRegTwoImm
  store_imm_ind_u8 = 70,
  store_imm_ind_u16 = 71,
  store_imm_ind_u32 = 72,
  store_imm_ind_u64 = 73,
  // OneRegImmOffset
  load_imm_jump = 80,
  branch_eq_imm = 81,
  branch_ne_imm = 82,
  branch_lt_u_imm = 83,
  branch_le_u_imm = 84,
  branch_ge_u_imm = 85,
  branch_gt_u_imm = 86,
  branch_lt_s_imm = 87,
  branch_le_s_imm = 88,
  branch_ge_s_imm = 89,
  branch_gt_s_imm = 90,
  // TwoReg
  move_reg = 100,
  count_set_bits_64 = 102,
  count_set_bits_32 = 103,
  leading_zero_bits_64 = 104,
  leading_zero_bits_32 = 105,
  trailing_zero_bits_64 = 106,
  trailing_zero_bits_32 = 107,
  sign_extend_8 = 108,
  sign_extend_16 = 109,
  zero_extend_16 = 110,
  reverse_bytes = 111,
  // TwoRegOneImm
  store_ind_u8 = 120,
  store_ind_u16 = 121,
  store_ind_u32 = 122,
  store_ind_u64 = 123,
  load_ind_u8 = 124,
  load_ind_i8 = 125,
  load_ind_u16 = 126,
  load_ind_i16 = 127,
  load_ind_u32 = 128,
  load_ind_i32 = 129,
  load_ind_u64 = 130,
  add_imm_32 = 131,
  and_imm = 132,
  xor_imm = 133,
  or_imm = 134,
  mul_imm_32 = 135,
  set_lt_u_imm = 136,
  set_lt_s_imm = 137,
  shlo_l_imm_32 = 138,
  shlo_r_imm_32 = 139,
  shar_r_imm_32 = 140,
  neg_add_imm_32 = 141,
  set_gt_u_imm = 142,
  set_gt_s_imm = 143,
  shlo_l_imm_alt_32 = 144,
  shlo_r_imm_alt_32 = 145,
  shar_r_imm_alt_32 = 146,
  cmov_iz_imm = 147,
  cmov_nz_imm = 148,
  add_imm_64 = 149,
  mul_imm_64 = 150,
  shlo_l_imm_64 = 151,
  shlo_r_imm_64 = 152,
  shar_r_imm_64 = 153,
  neg_add_imm_64 = 154,
  shlo_l_imm_alt_64 = 155,
  shlo_r_imm_alt_64 = 156,
  shar_r_imm_alt_64 = 157,
  rot_r_64_imm = 158,
  rot_r_64_imm_alt = 159,
  rot_r_32_imm = 160,
  rot_r_32_imm_alt = 161,
  // TwoRegOneOffset
  branch_eq = 170,
  branch_ne = 171,
  branch_lt_u = 172,
  branch_lt_s = 173,
  branch_ge_u = 174,
  branch_ge_s = 175,
  // TwoRegTwoImm
  load_imm_jump_ind = 180,
  // ThreeReg
  add_32 = 190,
  sub_32 = 191,
  mul_32 = 192,
  div_u_32 = 193,
  div_s_32 = 194,
  rem_u_32 = 195,
  rem_s_32 = 196,
  shlo_l_32 = 197,
  shlo_r_32 = 198,
  shar_r_32 = 199,
  add_64 = 200,
  sub_64 = 201,
  mul_64 = 202,
  div_u_64 = 203,
  div_s_64 = 204,
  rem_u_64 = 205,
  rem_s_64 = 206,
  shlo_l_64 = 207,
  shlo_r_64 = 208,
  shar_r_64 = 209,
  and = 210,
  xor = 211,
  or = 212,
  mul_upper_s_s = 213,
  mul_upper_u_u = 214,
  mul_upper_s_u = 215,
  set_lt_u = 216,
  set_lt_s = 217,
  cmov_iz = 218,
  cmov_nz = 219,
  rot_l_64 = 220,
  rot_l_32 = 221,
  rot_r_64 = 222,
  rot_r_32 = 223,
  and_inv = 224,
  or_inv = 225,
  xnor = 226,
  max = 227,
  max_u = 228,
  min = 229,
  min_u = 230,
}

/** Operand formats (pvm-core.md 2.3); F_INVALID marks the opcode holes. */
export const F_INVALID = 0;
export const F_NONE = 1;
export const F_ONE_IMM = 2;
export const F_EXT_IMM = 3;
export const F_TWO_IMM = 4;
export const F_ONE_OFFSET = 5;
export const F_REG_IMM = 6;
export const F_REG_TWO_IMM = 7;
export const F_REG_IMM_OFFSET = 8;
export const F_TWO_REG = 9;
export const F_TWO_REG_IMM = 10;
export const F_TWO_REG_OFFSET = 11;
export const F_TWO_REG_TWO_IMM = 12;
export const F_THREE_REG = 13;

/** Operand format of each opcode byte; F_INVALID for the holes (they panic). */
export const FORMAT: Uint8Array = (() => {
  const f = new Uint8Array(256);
  const set = (from: number, to: number, v: number): void => {
    for (let o = from; o <= to; o++) f[o] = v;
  };
  set(Op.trap, Op.ecall, F_NONE);
  set(Op.ecalli, Op.ecalli, F_ONE_IMM);
  set(Op.load_imm_64, Op.load_imm_64, F_EXT_IMM);
  set(Op.store_imm_u8, Op.store_imm_u64, F_TWO_IMM);
  set(Op.jump, Op.jump, F_ONE_OFFSET);
  set(Op.jump_ind, Op.store_u64, F_REG_IMM);
  set(Op.store_imm_ind_u8, Op.store_imm_ind_u64, F_REG_TWO_IMM);
  set(Op.load_imm_jump, Op.branch_gt_s_imm, F_REG_IMM_OFFSET);
  set(Op.move_reg, Op.move_reg, F_TWO_REG);
  set(Op.count_set_bits_64, Op.reverse_bytes, F_TWO_REG); // 101 (sbrk) stays invalid: spec-notes/0015
  set(Op.store_ind_u8, Op.rot_r_32_imm_alt, F_TWO_REG_IMM);
  set(Op.branch_eq, Op.branch_ge_s, F_TWO_REG_OFFSET);
  set(Op.load_imm_jump_ind, Op.load_imm_jump_ind, F_TWO_REG_TWO_IMM);
  set(Op.add_32, Op.min_u, F_THREE_REG);
  return f;
})();

/** Opcode byte the decoder stores for any position that panics when executed (K = 0 or an invalid opcode). */
export const OP_PANIC = 255;

/** Gas-block terminators (spec-notes/0028): trap, fallthrough, unlikely, ecall, ecalli, jumps and branches. */
export function endsBlock(op: number): boolean {
  return op <= Op.ecall || op === Op.ecalli || op === Op.jump || op === Op.jump_ind || op === Op.load_imm_jump
    || op === Op.load_imm_jump_ind || (op >= Op.branch_eq_imm && op <= Op.branch_gt_s_imm)
    || (op >= Op.branch_eq && op <= Op.branch_ge_s);
}
