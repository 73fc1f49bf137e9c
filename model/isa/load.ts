/**
 * Loads: absolute (52-58, address x) and indirect (124-130, address φ[rB] + x), into φ[rA].
 * Spec: GP A.5.6/A.5.10, Lean `Instructions.executeStep` opcodes 52-58/124-130, `Memory.readMemBytes`;
 * spec-notes/0007, 0008, 0009, 0027.
 */
import * as G from '../gas/classes.js';
import { sext, wrap64 } from '../numeric.js';
import { reg, withReg, type CoreState } from '../state.js';
import type { CoreConfig } from '../profile.js';
import { cont, isExit, load, stop, type Instr, type Outcome } from './common.js';
import { op, type OpRow } from './row.js';

/**
 * Every load's rule after its operands (each row passes its address, width and signedness): guards:
 * the n bytes at address are readable (spec-notes/0007, 0009), else the exit of the denied read with pc
 * unchanged; effect: φ[rA] := the little-endian value, sign-extended from n bytes for the `_i` loads;
 * next pc.
 */
function loadStep(s: CoreState, cfg: CoreConfig, i: Instr, address: bigint, n: number, signed: boolean): Outcome {
  const v = load(s, cfg, address, n); // guards
  if (isExit(v)) return stop(s, v);
  const after = withReg(s, i.ops.ra, signed ? sext(n, v) : v); // effect
  return cont(after, i); // next pc
}

/** The load opcodes (operands: address, width, signed): a denied read panics in the guard zone, else faults at the page base; pc stays. */
export const rows: readonly OpRow[] = [
  op(52, 'load_u8', 'OneRegOneImm', { gas: G.LOAD, terminator: false }, (s, i, _p, cfg) =>
    loadStep(s, cfg, i, i.ops.x, 1, false)),
  op(53, 'load_i8', 'OneRegOneImm', { gas: G.LOAD, terminator: false }, (s, i, _p, cfg) =>
    loadStep(s, cfg, i, i.ops.x, 1, true)),
  op(54, 'load_u16', 'OneRegOneImm', { gas: G.LOAD, terminator: false }, (s, i, _p, cfg) =>
    loadStep(s, cfg, i, i.ops.x, 2, false)),
  op(55, 'load_i16', 'OneRegOneImm', { gas: G.LOAD, terminator: false }, (s, i, _p, cfg) =>
    loadStep(s, cfg, i, i.ops.x, 2, true)),
  op(56, 'load_u32', 'OneRegOneImm', { gas: G.LOAD, terminator: false }, (s, i, _p, cfg) =>
    loadStep(s, cfg, i, i.ops.x, 4, false)),
  op(57, 'load_i32', 'OneRegOneImm', { gas: G.LOAD, terminator: false }, (s, i, _p, cfg) =>
    loadStep(s, cfg, i, i.ops.x, 4, true)),
  op(58, 'load_u64', 'OneRegOneImm', { gas: G.LOAD, terminator: false }, (s, i, _p, cfg) =>
    loadStep(s, cfg, i, i.ops.x, 8, false)),
  op(124, 'load_ind_u8', 'TwoRegOneImm', { gas: G.LOAD, terminator: false }, (s, i, _p, cfg) =>
    loadStep(s, cfg, i, wrap64(reg(s, i.ops.rb) + i.ops.x), 1, false)),
  op(125, 'load_ind_i8', 'TwoRegOneImm', { gas: G.LOAD, terminator: false }, (s, i, _p, cfg) =>
    loadStep(s, cfg, i, wrap64(reg(s, i.ops.rb) + i.ops.x), 1, true)),
  op(126, 'load_ind_u16', 'TwoRegOneImm', { gas: G.LOAD, terminator: false }, (s, i, _p, cfg) =>
    loadStep(s, cfg, i, wrap64(reg(s, i.ops.rb) + i.ops.x), 2, false)),
  op(127, 'load_ind_i16', 'TwoRegOneImm', { gas: G.LOAD, terminator: false }, (s, i, _p, cfg) =>
    loadStep(s, cfg, i, wrap64(reg(s, i.ops.rb) + i.ops.x), 2, true)),
  op(128, 'load_ind_u32', 'TwoRegOneImm', { gas: G.LOAD, terminator: false }, (s, i, _p, cfg) =>
    loadStep(s, cfg, i, wrap64(reg(s, i.ops.rb) + i.ops.x), 4, false)),
  op(129, 'load_ind_i32', 'TwoRegOneImm', { gas: G.LOAD, terminator: false }, (s, i, _p, cfg) =>
    loadStep(s, cfg, i, wrap64(reg(s, i.ops.rb) + i.ops.x), 4, true)),
  op(130, 'load_ind_u64', 'TwoRegOneImm', { gas: G.LOAD, terminator: false }, (s, i, _p, cfg) =>
    loadStep(s, cfg, i, wrap64(reg(s, i.ops.rb) + i.ops.x), 8, false)),
];
