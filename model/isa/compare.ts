/**
 * Comparisons that set 0/1, conditional moves, and min/max.
 * Spec: GP A.5.10/A.5.13, Lean `Instructions.executeStep` opcodes 136, 137, 142, 143, 147, 148, 216-219, 227-230.
 */
import * as G from '../gas/classes.js';
import { toSigned64 } from '../numeric.js';
import { reg, withReg } from '../state.js';
import { cont } from './common.js';
import { op, type OpRow } from './row.js';

const bit = (c: boolean): bigint => (c ? 1n : 0n);

/** The comparison, conditional-move and min/max opcodes. */
export const rows: readonly OpRow[] = [
  op(136, 'set_lt_u_imm', 'TwoRegOneImm', { gas: G.SET_IMM, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, bit(v < x)); // effect
    return cont(after, i); // next pc
  }),
  op(137, 'set_lt_s_imm', 'TwoRegOneImm', { gas: G.SET_IMM, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, bit(toSigned64(v) < toSigned64(x))); // effect
    return cont(after, i); // next pc
  }),
  op(142, 'set_gt_u_imm', 'TwoRegOneImm', { gas: G.SET_IMM, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, bit(v > x)); // effect
    return cont(after, i); // next pc
  }),
  op(143, 'set_gt_s_imm', 'TwoRegOneImm', { gas: G.SET_IMM, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, bit(toSigned64(v) > toSigned64(x))); // effect
    return cont(after, i); // next pc
  }),
  /** φ[rA] := x if φ[rB] = 0. */
  op(147, 'cmov_iz_imm', 'TwoRegOneImm', { gas: G.CMOV_IMM, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = v === 0n ? withReg(s, i.ops.ra, x) : s; // effect
    return cont(after, i); // next pc
  }),
  /** φ[rA] := x if φ[rB] ≠ 0. */
  op(148, 'cmov_nz_imm', 'TwoRegOneImm', { gas: G.CMOV_IMM, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = v !== 0n ? withReg(s, i.ops.ra, x) : s; // effect
    return cont(after, i); // next pc
  }),
  op(216, 'set_lt_u', 'ThreeReg', { gas: G.SET_3REG, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, bit(a < b)); // effect
    return cont(after, i); // next pc
  }),
  op(217, 'set_lt_s', 'ThreeReg', { gas: G.SET_3REG, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, bit(toSigned64(a) < toSigned64(b))); // effect
    return cont(after, i); // next pc
  }),
  /** φ[rD] := φ[rA] if φ[rB] = 0. */
  op(218, 'cmov_iz', 'ThreeReg', { gas: G.CMOV_3REG, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = b === 0n ? withReg(s, i.ops.rd, a) : s; // effect
    return cont(after, i); // next pc
  }),
  /** φ[rD] := φ[rA] if φ[rB] ≠ 0. */
  op(219, 'cmov_nz', 'ThreeReg', { gas: G.CMOV_3REG, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = b !== 0n ? withReg(s, i.ops.rd, a) : s; // effect
    return cont(after, i); // next pc
  }),
  op(227, 'max', 'ThreeReg', { gas: G.MIN_MAX, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, toSigned64(a) >= toSigned64(b) ? a : b); // effect
    return cont(after, i); // next pc
  }),
  op(228, 'max_u', 'ThreeReg', { gas: G.MIN_MAX, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, a >= b ? a : b); // effect
    return cont(after, i); // next pc
  }),
  op(229, 'min', 'ThreeReg', { gas: G.MIN_MAX, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, toSigned64(a) <= toSigned64(b) ? a : b); // effect
    return cont(after, i); // next pc
  }),
  op(230, 'min_u', 'ThreeReg', { gas: G.MIN_MAX, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, a <= b ? a : b); // effect
    return cont(after, i); // next pc
  }),
];
