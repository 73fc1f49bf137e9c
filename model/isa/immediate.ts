/**
 * Register loads of immediates and register moves: load_imm_64, load_imm, move_reg.
 * Spec: GP A.5.3, A.5.4, A.5.9; Lean `Instructions.executeStep` opcodes 20, 51, 100.
 */
import * as G from '../gas/classes.js';
import { reg, withReg } from '../state.js';
import { cont } from './common.js';
import { op, type OpRow } from './row.js';

/** The immediate-load and move opcodes. */
export const rows: readonly OpRow[] = [
  /** φ[rA] := the 8 raw immediate bytes. */
  op(20, 'load_imm_64', 'OneRegExtImm', { gas: G.LOAD_IMM_64, terminator: false }, (s, i) => {
    const x = i.ops.x; // operands: the 8 raw immediate bytes
    const after = withReg(s, i.ops.ra, x); // effect
    return cont(after, i); // next pc
  }),
  /** φ[rA] := x (sign-extended). */
  op(51, 'load_imm', 'OneRegOneImm', { gas: G.LOAD_IMM, terminator: false }, (s, i) => {
    const x = i.ops.x; // operands: sign-extended
    const after = withReg(s, i.ops.ra, x); // effect
    return cont(after, i); // next pc
  }),
  /** φ[rA] := φ[rB]. */
  op(100, 'move_reg', 'TwoReg', { gas: G.MOVE_REG, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.ra, v); // effect
    return cont(after, i); // next pc
  }),
];
