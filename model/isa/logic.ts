/**
 * Bitwise logic: and, xor, or (register and immediate forms), and_inv, or_inv, xnor.
 * Spec: GP A.5.10/A.5.13, Lean `Instructions.executeStep` opcodes 132-134, 210-212, 224-226.
 */
import * as G from '../gas/classes.js';
import { wrap64 } from '../numeric.js';
import { reg, withReg } from '../state.js';
import { cont } from './common.js';
import { op, type OpRow } from './row.js';

/** The bitwise opcodes. */
export const rows: readonly OpRow[] = [
  op(132, 'and_imm', 'TwoRegOneImm', { gas: G.ALU_64_IMM, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, v & x); // effect
    return cont(after, i); // next pc
  }),
  op(133, 'xor_imm', 'TwoRegOneImm', { gas: G.ALU_64_IMM, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, v ^ x); // effect
    return cont(after, i); // next pc
  }),
  op(134, 'or_imm', 'TwoRegOneImm', { gas: G.ALU_64_IMM, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, v | x); // effect
    return cont(after, i); // next pc
  }),
  op(210, 'and', 'ThreeReg', { gas: G.ALU_64_3REG, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, a & b); // effect
    return cont(after, i); // next pc
  }),
  op(211, 'xor', 'ThreeReg', { gas: G.ALU_64_3REG, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, a ^ b); // effect
    return cont(after, i); // next pc
  }),
  op(212, 'or', 'ThreeReg', { gas: G.ALU_64_3REG, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, a | b); // effect
    return cont(after, i); // next pc
  }),
  /** a & ¬b. */
  op(224, 'and_inv', 'ThreeReg', { gas: G.AND_OR_INV, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, a & wrap64(~b)); // effect
    return cont(after, i); // next pc
  }),
  /** a | ¬b. */
  op(225, 'or_inv', 'ThreeReg', { gas: G.AND_OR_INV, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, wrap64(a | wrap64(~b))); // effect
    return cont(after, i); // next pc
  }),
  /** ¬(a ^ b). */
  op(226, 'xnor', 'ThreeReg', { gas: G.XNOR, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, wrap64(~(a ^ b))); // effect
    return cont(after, i); // next pc
  }),
];
