/**
 * Unconditional jumps: jump (40), jump_ind (50), load_imm_jump (80), load_imm_jump_ind (180).
 * Spec: GP A.5.4-A.5.12, Lean opcodes 40/50/80/180; spec-notes/0004, 0005, 0006.
 */
import { wrap64 } from '../numeric.js';
import { reg, withReg } from '../state.js';
import { djump, staticJump, type Handler } from './common.js';

/** jump (40): goto the static target. */
export const jump: Handler = (s, i, p) => staticJump(s, p, i.ops.target);

/** jump_ind (50): djump(φ[rA] + x). */
export const jumpInd: Handler = (s, i, p) => djump(s, p, wrap64(reg(s, i.ops.ra) + i.ops.x));

/** load_imm_jump (80): φ[rA] := x, then goto the target; the write stays if the goto panics (GP). */
export const loadImmJump: Handler = (s, i, p) => staticJump(withReg(s, i.ops.ra, i.ops.x), p, i.ops.target);

/** load_imm_jump_ind (180): the target uses the old φ[rB]; φ[rA] := x stays whatever djump does (spec-notes/0004). */
export const loadImmJumpInd: Handler = (s, i, p) => {
  const address = wrap64(reg(s, i.ops.rb) + i.ops.y); // read before the write: rA may equal rB
  return djump(withReg(s, i.ops.ra, i.ops.x), p, address);
};
