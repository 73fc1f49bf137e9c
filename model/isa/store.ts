/**
 * Stores: immediate to absolute (30-33), register to absolute (59-62), immediate to indirect (70-73),
 * register to indirect (120-123).
 * Spec: GP A.5.5-A.5.10, Lean `Instructions.executeStep`, `Memory.writeMemBytes`; spec-notes/0007-0009, 0027.
 */
import * as G from '../gas/classes.js';
import { wrap64 } from '../numeric.js';
import { reg, withMemory, type CoreState } from '../state.js';
import type { CoreConfig } from '../profile.js';
import { cont, isExit, stop, store, type Instr, type Outcome } from './common.js';
import { op, type OpRow } from './row.js';

/**
 * Every store's rule after its operands (each row passes its address, width and value): guards: the n
 * bytes at address are writable (spec-notes/0007, 0009), else the exit of the denied write with pc
 * unchanged; effect: they take the low n bytes of v; next pc.
 */
function storeStep(s: CoreState, cfg: CoreConfig, i: Instr, address: bigint, n: number, v: bigint): Outcome {
  const memory = store(s, cfg, address, n, v); // guards
  if (isExit(memory)) return stop(s, memory);
  const after = withMemory(s, memory); // effect
  return cont(after, i); // next pc
}

/** The store opcodes (operands: address, width, value): a denied write panics in the guard zone, else faults at the page base; pc stays. */
export const rows: readonly OpRow[] = [
  op(30, 'store_imm_u8', 'TwoImm', { gas: G.STORE_IMM, terminator: false }, (s, i, _p, cfg) =>
    storeStep(s, cfg, i, i.ops.x, 1, i.ops.y)),
  op(31, 'store_imm_u16', 'TwoImm', { gas: G.STORE_IMM, terminator: false }, (s, i, _p, cfg) =>
    storeStep(s, cfg, i, i.ops.x, 2, i.ops.y)),
  op(32, 'store_imm_u32', 'TwoImm', { gas: G.STORE_IMM, terminator: false }, (s, i, _p, cfg) =>
    storeStep(s, cfg, i, i.ops.x, 4, i.ops.y)),
  op(33, 'store_imm_u64', 'TwoImm', { gas: G.STORE_IMM, terminator: false }, (s, i, _p, cfg) =>
    storeStep(s, cfg, i, i.ops.x, 8, i.ops.y)),
  op(59, 'store_u8', 'OneRegOneImm', { gas: G.STORE, terminator: false }, (s, i, _p, cfg) =>
    storeStep(s, cfg, i, i.ops.x, 1, reg(s, i.ops.ra))),
  op(60, 'store_u16', 'OneRegOneImm', { gas: G.STORE, terminator: false }, (s, i, _p, cfg) =>
    storeStep(s, cfg, i, i.ops.x, 2, reg(s, i.ops.ra))),
  op(61, 'store_u32', 'OneRegOneImm', { gas: G.STORE, terminator: false }, (s, i, _p, cfg) =>
    storeStep(s, cfg, i, i.ops.x, 4, reg(s, i.ops.ra))),
  op(62, 'store_u64', 'OneRegOneImm', { gas: G.STORE, terminator: false }, (s, i, _p, cfg) =>
    storeStep(s, cfg, i, i.ops.x, 8, reg(s, i.ops.ra))),
  op(70, 'store_imm_ind_u8', 'OneRegTwoImm', { gas: G.STORE_IMM_IND, terminator: false }, (s, i, _p, cfg) =>
    storeStep(s, cfg, i, wrap64(reg(s, i.ops.ra) + i.ops.x), 1, i.ops.y)),
  op(71, 'store_imm_ind_u16', 'OneRegTwoImm', { gas: G.STORE_IMM_IND, terminator: false }, (s, i, _p, cfg) =>
    storeStep(s, cfg, i, wrap64(reg(s, i.ops.ra) + i.ops.x), 2, i.ops.y)),
  op(72, 'store_imm_ind_u32', 'OneRegTwoImm', { gas: G.STORE_IMM_IND, terminator: false }, (s, i, _p, cfg) =>
    storeStep(s, cfg, i, wrap64(reg(s, i.ops.ra) + i.ops.x), 4, i.ops.y)),
  op(73, 'store_imm_ind_u64', 'OneRegTwoImm', { gas: G.STORE_IMM_IND, terminator: false }, (s, i, _p, cfg) =>
    storeStep(s, cfg, i, wrap64(reg(s, i.ops.ra) + i.ops.x), 8, i.ops.y)),
  op(120, 'store_ind_u8', 'TwoRegOneImm', { gas: G.STORE, terminator: false }, (s, i, _p, cfg) =>
    storeStep(s, cfg, i, wrap64(reg(s, i.ops.rb) + i.ops.x), 1, reg(s, i.ops.ra))),
  op(121, 'store_ind_u16', 'TwoRegOneImm', { gas: G.STORE, terminator: false }, (s, i, _p, cfg) =>
    storeStep(s, cfg, i, wrap64(reg(s, i.ops.rb) + i.ops.x), 2, reg(s, i.ops.ra))),
  op(122, 'store_ind_u32', 'TwoRegOneImm', { gas: G.STORE, terminator: false }, (s, i, _p, cfg) =>
    storeStep(s, cfg, i, wrap64(reg(s, i.ops.rb) + i.ops.x), 4, reg(s, i.ops.ra))),
  op(123, 'store_ind_u64', 'TwoRegOneImm', { gas: G.STORE, terminator: false }, (s, i, _p, cfg) =>
    storeStep(s, cfg, i, wrap64(reg(s, i.ops.rb) + i.ops.x), 8, reg(s, i.ops.ra))),
];
