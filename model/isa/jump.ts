/**
 * Unconditional jumps: jump (40), jump_ind (50), load_imm_jump (80), load_imm_jump_ind (180).
 * Spec: GP A.5.4-A.5.12, Lean `Instructions.executeStep` opcodes 40/50/80/180, `Instructions.djump`;
 * spec-notes/0004, 0005, 0006.
 */
import * as G from '../gas/classes.js';
import { wrap64 } from '../numeric.js';
import { reg, withReg } from '../state.js';
import { djump, staticJump } from './common.js';
import { op, type OpRow } from './row.js';

/** The jump opcodes; each ends a gas block. Their guards and next pc are the jump's (staticJump, djump). */
export const rows: readonly OpRow[] = [
  /** goto the static target. */
  op(40, 'jump', 'OneOffset', { gas: G.JUMP, terminator: true }, (s, i, p) => {
    const target = i.ops.target; // operands
    return staticJump(s, p, target); // guards + next pc: the target must start a block (spec-notes/0006)
  }),
  /** djump(φ[rA] + x). */
  op(50, 'jump_ind', 'OneRegOneImm', { gas: G.JUMP_IND, terminator: true }, (s, i, p) => {
    const address = wrap64(reg(s, i.ops.ra) + i.ops.x); // operands
    return djump(s, p, address); // guards + next pc: halt, panic or a jump-table entry (spec-notes/0005)
  }),
  /** φ[rA] := x, then goto the static target. */
  op(80, 'load_imm_jump', 'OneRegImmOffset', { gas: G.LOAD_IMM_JUMP, terminator: true }, (s, i, p) => {
    const x = i.ops.x, target = i.ops.target; // operands
    const after = withReg(s, i.ops.ra, x); // effect: stays if the goto panics (GP)
    return staticJump(after, p, target); // guards + next pc (spec-notes/0006)
  }),
  /** φ[rA] := x, then djump(φ[rB] + y) with the old φ[rB]. */
  op(180, 'load_imm_jump_ind', 'TwoRegTwoImm', { gas: G.LOAD_IMM_JUMP_IND, terminator: true }, (s, i, p) => {
    const address = wrap64(reg(s, i.ops.rb) + i.ops.y), x = i.ops.x; // operands: φ[rB] before the write (rA may be rB)
    const after = withReg(s, i.ops.ra, x); // effect: stays whatever djump does (spec-notes/0004)
    return djump(after, p, address); // guards + next pc (spec-notes/0005)
  }),
];
