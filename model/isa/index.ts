/**
 * The dispatch table: opcode name → handler, checked against the opcode table at load.
 * Spec: Lean `Instructions.executeStep`.
 */
import { OPCODES } from '../decode/opcodes.js';
import { invariant } from '../numeric.js';
import * as A from './arith.js';
import * as Bt from './bits.js';
import * as Br from './branch.js';
import type { Handler } from './common.js';
import * as C from './compare.js';
import * as Ct from './control.js';
import * as D from './divide.js';
import * as Im from './immediate.js';
import * as J from './jump.js';
import * as L from './load.js';
import * as Lg from './logic.js';
import * as Sh from './shift.js';
import * as St from './store.js';

const byName: Readonly<Record<string, Handler>> = {
  trap: Ct.trap, fallthrough: Ct.fallthrough, unlikely: Ct.unlikely, ecall: Ct.ecall, ecalli: Ct.ecalli,
  load_imm_64: Im.loadImm64, load_imm: Im.loadImm, move_reg: Im.moveReg,
  store_imm_u8: St.storeImmU8, store_imm_u16: St.storeImmU16, store_imm_u32: St.storeImmU32, store_imm_u64: St.storeImmU64,
  jump: J.jump, jump_ind: J.jumpInd, load_imm_jump: J.loadImmJump, load_imm_jump_ind: J.loadImmJumpInd,
  load_u8: L.loadU8, load_i8: L.loadI8, load_u16: L.loadU16, load_i16: L.loadI16, load_u32: L.loadU32,
  load_i32: L.loadI32, load_u64: L.loadU64,
  store_u8: St.storeU8, store_u16: St.storeU16, store_u32: St.storeU32, store_u64: St.storeU64,
  store_imm_ind_u8: St.storeImmIndU8, store_imm_ind_u16: St.storeImmIndU16, store_imm_ind_u32: St.storeImmIndU32,
  store_imm_ind_u64: St.storeImmIndU64,
  branch_eq_imm: Br.branchEqImm, branch_ne_imm: Br.branchNeImm, branch_lt_u_imm: Br.branchLtUImm,
  branch_le_u_imm: Br.branchLeUImm, branch_ge_u_imm: Br.branchGeUImm, branch_gt_u_imm: Br.branchGtUImm,
  branch_lt_s_imm: Br.branchLtSImm, branch_le_s_imm: Br.branchLeSImm, branch_ge_s_imm: Br.branchGeSImm,
  branch_gt_s_imm: Br.branchGtSImm,
  count_set_bits_64: Bt.countSetBits64, count_set_bits_32: Bt.countSetBits32,
  leading_zero_bits_64: Bt.leadingZeroBits64, leading_zero_bits_32: Bt.leadingZeroBits32,
  trailing_zero_bits_64: Bt.trailingZeroBits64, trailing_zero_bits_32: Bt.trailingZeroBits32,
  sign_extend_8: Bt.signExtend8, sign_extend_16: Bt.signExtend16, zero_extend_16: Bt.zeroExtend16,
  reverse_bytes: Bt.reverseBytesOp,
  store_ind_u8: St.storeIndU8, store_ind_u16: St.storeIndU16, store_ind_u32: St.storeIndU32, store_ind_u64: St.storeIndU64,
  load_ind_u8: L.loadIndU8, load_ind_i8: L.loadIndI8, load_ind_u16: L.loadIndU16, load_ind_i16: L.loadIndI16,
  load_ind_u32: L.loadIndU32, load_ind_i32: L.loadIndI32, load_ind_u64: L.loadIndU64,
  add_imm_32: A.addImm32, and_imm: Lg.andImm, xor_imm: Lg.xorImm, or_imm: Lg.orImm, mul_imm_32: A.mulImm32,
  set_lt_u_imm: C.setLtUImm, set_lt_s_imm: C.setLtSImm, shlo_l_imm_32: Sh.shloLImm32, shlo_r_imm_32: Sh.shloRImm32,
  shar_r_imm_32: Sh.sharRImm32, neg_add_imm_32: A.negAddImm32, set_gt_u_imm: C.setGtUImm, set_gt_s_imm: C.setGtSImm,
  shlo_l_imm_alt_32: Sh.shloLImmAlt32, shlo_r_imm_alt_32: Sh.shloRImmAlt32, shar_r_imm_alt_32: Sh.sharRImmAlt32,
  cmov_iz_imm: C.cmovIzImm, cmov_nz_imm: C.cmovNzImm, add_imm_64: A.addImm64, mul_imm_64: A.mulImm64,
  shlo_l_imm_64: Sh.shloLImm64, shlo_r_imm_64: Sh.shloRImm64, shar_r_imm_64: Sh.sharRImm64, neg_add_imm_64: A.negAddImm64,
  shlo_l_imm_alt_64: Sh.shloLImmAlt64, shlo_r_imm_alt_64: Sh.shloRImmAlt64, shar_r_imm_alt_64: Sh.sharRImmAlt64,
  rot_r_64_imm: Sh.rotR64Imm, rot_r_64_imm_alt: Sh.rotR64ImmAlt, rot_r_32_imm: Sh.rotR32Imm, rot_r_32_imm_alt: Sh.rotR32ImmAlt,
  branch_eq: Br.branchEq, branch_ne: Br.branchNe, branch_lt_u: Br.branchLtU, branch_lt_s: Br.branchLtS,
  branch_ge_u: Br.branchGeU, branch_ge_s: Br.branchGeS,
  add_32: A.add32Op, sub_32: A.sub32Op, mul_32: A.mul32Op, div_u_32: D.divU32Op, div_s_32: D.divS32Op,
  rem_u_32: D.remU32Op, rem_s_32: D.remS32Op, shlo_l_32: Sh.shlo32, shlo_r_32: Sh.shloR32, shar_r_32: Sh.shar32,
  add_64: A.add64Op, sub_64: A.sub64Op, mul_64: A.mul64Op, div_u_64: D.divU64Op, div_s_64: D.divS64Op,
  rem_u_64: D.remU64Op, rem_s_64: D.remS64Op, shlo_l_64: Sh.shlo64, shlo_r_64: Sh.shloR64, shar_r_64: Sh.shar64,
  and: Lg.andOp, xor: Lg.xorOp, or: Lg.orOp, mul_upper_s_s: A.mulUpperSSOp, mul_upper_u_u: A.mulUpperUUOp,
  mul_upper_s_u: A.mulUpperSUOp, set_lt_u: C.setLtU, set_lt_s: C.setLtS, cmov_iz: C.cmovIz, cmov_nz: C.cmovNz,
  rot_l_64: Sh.rotL64, rot_l_32: Sh.rotL32, rot_r_64: Sh.rotR64, rot_r_32: Sh.rotR32, and_inv: Lg.andInv,
  or_inv: Lg.orInv, xnor: Lg.xnor, max: C.max, max_u: C.maxU, min: C.min, min_u: C.minU,
};

/** Handler of every valid opcode. */
export const HANDLERS: ReadonlyMap<number, Handler> = new Map(
  [...OPCODES.values()].map((o) => {
    const h = byName[o.name];
    invariant(h !== undefined, `no handler for opcode ${o.opcode} (${o.name})`);
    return [o.opcode, h];
  }),
);
invariant(Object.keys(byName).length === OPCODES.size, 'handler table and opcode table differ');
