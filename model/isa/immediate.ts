/**
 * Register loads of immediates and register moves: load_imm_64, load_imm, move_reg.
 * Spec: GP A.5.3, A.5.4, A.5.9; Lean opcodes 20, 51, 100.
 */
import { reg, withReg } from '../state.js';
import { cont, type Handler } from './common.js';

/** load_imm_64 (20): φ[rA] := the 8 raw immediate bytes. */
export const loadImm64: Handler = (s, i) => cont(withReg(s, i.ops.ra, i.ops.x), i);

/** load_imm (51): φ[rA] := x (sign-extended). */
export const loadImm: Handler = (s, i) => cont(withReg(s, i.ops.ra, i.ops.x), i);

/** move_reg (100): φ[rA] := φ[rB]. */
export const moveReg: Handler = (s, i) => cont(withReg(s, i.ops.ra, reg(s, i.ops.rb)), i);
