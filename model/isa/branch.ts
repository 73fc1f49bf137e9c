/**
 * Conditional branches against an immediate (81-90) and between registers (170-175).
 * Spec: GP A.5.7/A.5.11, Lean `Instructions.executeStep` opcodes 81-90/170-175; the target rule is spec-notes/0006.
 */
import * as G from '../gas/classes.js';
import { toSigned64 } from '../numeric.js';
import { reg } from '../state.js';
import { cont, staticJump } from './common.js';
import { op, type OpRow } from './row.js';

const lt = (a: bigint, b: bigint): boolean => toSigned64(a) < toSigned64(b);
const le = (a: bigint, b: bigint): boolean => toSigned64(a) <= toSigned64(b);

/** The branch opcodes: goto the static target if the condition holds, else the next pc; each ends a gas block. */
export const rows: readonly OpRow[] = [
  op(81, 'branch_eq_imm', 'OneRegImmOffset', { gas: G.BRANCH_IMM, terminator: true }, (s, i, p) => {
    const a = reg(s, i.ops.ra), x = i.ops.x; // operands
    return a === x ? staticJump(s, p, i.ops.target) : cont(s, i); // guards + next pc: taken targets must start a block
  }),
  op(82, 'branch_ne_imm', 'OneRegImmOffset', { gas: G.BRANCH_IMM, terminator: true }, (s, i, p) => {
    const a = reg(s, i.ops.ra), x = i.ops.x; // operands
    return a !== x ? staticJump(s, p, i.ops.target) : cont(s, i); // guards + next pc: taken targets must start a block
  }),
  op(83, 'branch_lt_u_imm', 'OneRegImmOffset', { gas: G.BRANCH_IMM, terminator: true }, (s, i, p) => {
    const a = reg(s, i.ops.ra), x = i.ops.x; // operands
    return a < x ? staticJump(s, p, i.ops.target) : cont(s, i); // guards + next pc: taken targets must start a block
  }),
  op(84, 'branch_le_u_imm', 'OneRegImmOffset', { gas: G.BRANCH_IMM, terminator: true }, (s, i, p) => {
    const a = reg(s, i.ops.ra), x = i.ops.x; // operands
    return a <= x ? staticJump(s, p, i.ops.target) : cont(s, i); // guards + next pc: taken targets must start a block
  }),
  op(85, 'branch_ge_u_imm', 'OneRegImmOffset', { gas: G.BRANCH_IMM, terminator: true }, (s, i, p) => {
    const a = reg(s, i.ops.ra), x = i.ops.x; // operands
    return a >= x ? staticJump(s, p, i.ops.target) : cont(s, i); // guards + next pc: taken targets must start a block
  }),
  op(86, 'branch_gt_u_imm', 'OneRegImmOffset', { gas: G.BRANCH_IMM, terminator: true }, (s, i, p) => {
    const a = reg(s, i.ops.ra), x = i.ops.x; // operands
    return a > x ? staticJump(s, p, i.ops.target) : cont(s, i); // guards + next pc: taken targets must start a block
  }),
  op(87, 'branch_lt_s_imm', 'OneRegImmOffset', { gas: G.BRANCH_IMM, terminator: true }, (s, i, p) => {
    const a = reg(s, i.ops.ra), x = i.ops.x; // operands
    return lt(a, x) ? staticJump(s, p, i.ops.target) : cont(s, i); // guards + next pc: taken targets must start a block
  }),
  op(88, 'branch_le_s_imm', 'OneRegImmOffset', { gas: G.BRANCH_IMM, terminator: true }, (s, i, p) => {
    const a = reg(s, i.ops.ra), x = i.ops.x; // operands
    return le(a, x) ? staticJump(s, p, i.ops.target) : cont(s, i); // guards + next pc: taken targets must start a block
  }),
  op(89, 'branch_ge_s_imm', 'OneRegImmOffset', { gas: G.BRANCH_IMM, terminator: true }, (s, i, p) => {
    const a = reg(s, i.ops.ra), x = i.ops.x; // operands
    return !lt(a, x) ? staticJump(s, p, i.ops.target) : cont(s, i); // guards + next pc: taken targets must start a block
  }),
  op(90, 'branch_gt_s_imm', 'OneRegImmOffset', { gas: G.BRANCH_IMM, terminator: true }, (s, i, p) => {
    const a = reg(s, i.ops.ra), x = i.ops.x; // operands
    return !le(a, x) ? staticJump(s, p, i.ops.target) : cont(s, i); // guards + next pc: taken targets must start a block
  }),
  op(170, 'branch_eq', 'TwoRegOneOffset', { gas: G.BRANCH_REG, terminator: true }, (s, i, p) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    return a === b ? staticJump(s, p, i.ops.target) : cont(s, i); // guards + next pc: taken targets must start a block
  }),
  op(171, 'branch_ne', 'TwoRegOneOffset', { gas: G.BRANCH_REG, terminator: true }, (s, i, p) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    return a !== b ? staticJump(s, p, i.ops.target) : cont(s, i); // guards + next pc: taken targets must start a block
  }),
  op(172, 'branch_lt_u', 'TwoRegOneOffset', { gas: G.BRANCH_REG, terminator: true }, (s, i, p) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    return a < b ? staticJump(s, p, i.ops.target) : cont(s, i); // guards + next pc: taken targets must start a block
  }),
  op(173, 'branch_lt_s', 'TwoRegOneOffset', { gas: G.BRANCH_REG, terminator: true }, (s, i, p) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    return lt(a, b) ? staticJump(s, p, i.ops.target) : cont(s, i); // guards + next pc: taken targets must start a block
  }),
  op(174, 'branch_ge_u', 'TwoRegOneOffset', { gas: G.BRANCH_REG, terminator: true }, (s, i, p) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    return a >= b ? staticJump(s, p, i.ops.target) : cont(s, i); // guards + next pc: taken targets must start a block
  }),
  op(175, 'branch_ge_s', 'TwoRegOneOffset', { gas: G.BRANCH_REG, terminator: true }, (s, i, p) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    return !lt(a, b) ? staticJump(s, p, i.ops.target) : cont(s, i); // guards + next pc: taken targets must start a block
  }),
];
