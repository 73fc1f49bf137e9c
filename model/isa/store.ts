/**
 * Stores: immediate to absolute (30-33), register to absolute (59-62), immediate to indirect (70-73),
 * register to indirect (120-123).
 * Spec: GP A.5.5-A.5.10, Lean `Instructions.executeStep`, `Memory.writeMemBytes`; spec-notes/0007-0009, 0027.
 */
import * as G from '../gas/classes.js';
import { wrap64 } from '../numeric.js';
import { reg, withMemory } from '../state.js';
import { cont, isExit, stop, store } from './common.js';
import { op, type OpRow } from './row.js';

/** The store opcodes: a denied write panics in the guard zone, else faults at the page base; pc stays. */
export const rows: readonly OpRow[] = [
  op(30, 'store_imm_u8', 'TwoImm', { gas: G.STORE_IMM, terminator: false }, (s, i, _p, cfg) => {
    const address = i.ops.x, v = i.ops.y; // operands
    const memory = store(s, cfg, address, 1, v); // guards: writable (spec-notes/0007, 0009)
    if (isExit(memory)) return stop(s, memory);
    const after = withMemory(s, memory); // effect
    return cont(after, i); // next pc
  }),
  op(31, 'store_imm_u16', 'TwoImm', { gas: G.STORE_IMM, terminator: false }, (s, i, _p, cfg) => {
    const address = i.ops.x, v = i.ops.y; // operands
    const memory = store(s, cfg, address, 2, v); // guards: writable (spec-notes/0007, 0009)
    if (isExit(memory)) return stop(s, memory);
    const after = withMemory(s, memory); // effect
    return cont(after, i); // next pc
  }),
  op(32, 'store_imm_u32', 'TwoImm', { gas: G.STORE_IMM, terminator: false }, (s, i, _p, cfg) => {
    const address = i.ops.x, v = i.ops.y; // operands
    const memory = store(s, cfg, address, 4, v); // guards: writable (spec-notes/0007, 0009)
    if (isExit(memory)) return stop(s, memory);
    const after = withMemory(s, memory); // effect
    return cont(after, i); // next pc
  }),
  op(33, 'store_imm_u64', 'TwoImm', { gas: G.STORE_IMM, terminator: false }, (s, i, _p, cfg) => {
    const address = i.ops.x, v = i.ops.y; // operands
    const memory = store(s, cfg, address, 8, v); // guards: writable (spec-notes/0007, 0009)
    if (isExit(memory)) return stop(s, memory);
    const after = withMemory(s, memory); // effect
    return cont(after, i); // next pc
  }),
  op(59, 'store_u8', 'OneRegOneImm', { gas: G.STORE, terminator: false }, (s, i, _p, cfg) => {
    const address = i.ops.x, v = reg(s, i.ops.ra); // operands
    const memory = store(s, cfg, address, 1, v); // guards: writable (spec-notes/0007, 0009)
    if (isExit(memory)) return stop(s, memory);
    const after = withMemory(s, memory); // effect
    return cont(after, i); // next pc
  }),
  op(60, 'store_u16', 'OneRegOneImm', { gas: G.STORE, terminator: false }, (s, i, _p, cfg) => {
    const address = i.ops.x, v = reg(s, i.ops.ra); // operands
    const memory = store(s, cfg, address, 2, v); // guards: writable (spec-notes/0007, 0009)
    if (isExit(memory)) return stop(s, memory);
    const after = withMemory(s, memory); // effect
    return cont(after, i); // next pc
  }),
  op(61, 'store_u32', 'OneRegOneImm', { gas: G.STORE, terminator: false }, (s, i, _p, cfg) => {
    const address = i.ops.x, v = reg(s, i.ops.ra); // operands
    const memory = store(s, cfg, address, 4, v); // guards: writable (spec-notes/0007, 0009)
    if (isExit(memory)) return stop(s, memory);
    const after = withMemory(s, memory); // effect
    return cont(after, i); // next pc
  }),
  op(62, 'store_u64', 'OneRegOneImm', { gas: G.STORE, terminator: false }, (s, i, _p, cfg) => {
    const address = i.ops.x, v = reg(s, i.ops.ra); // operands
    const memory = store(s, cfg, address, 8, v); // guards: writable (spec-notes/0007, 0009)
    if (isExit(memory)) return stop(s, memory);
    const after = withMemory(s, memory); // effect
    return cont(after, i); // next pc
  }),
  op(70, 'store_imm_ind_u8', 'OneRegTwoImm', { gas: G.STORE_IMM_IND, terminator: false }, (s, i, _p, cfg) => {
    const address = wrap64(reg(s, i.ops.ra) + i.ops.x), v = i.ops.y; // operands
    const memory = store(s, cfg, address, 1, v); // guards: writable (spec-notes/0007, 0009)
    if (isExit(memory)) return stop(s, memory);
    const after = withMemory(s, memory); // effect
    return cont(after, i); // next pc
  }),
  op(71, 'store_imm_ind_u16', 'OneRegTwoImm', { gas: G.STORE_IMM_IND, terminator: false }, (s, i, _p, cfg) => {
    const address = wrap64(reg(s, i.ops.ra) + i.ops.x), v = i.ops.y; // operands
    const memory = store(s, cfg, address, 2, v); // guards: writable (spec-notes/0007, 0009)
    if (isExit(memory)) return stop(s, memory);
    const after = withMemory(s, memory); // effect
    return cont(after, i); // next pc
  }),
  op(72, 'store_imm_ind_u32', 'OneRegTwoImm', { gas: G.STORE_IMM_IND, terminator: false }, (s, i, _p, cfg) => {
    const address = wrap64(reg(s, i.ops.ra) + i.ops.x), v = i.ops.y; // operands
    const memory = store(s, cfg, address, 4, v); // guards: writable (spec-notes/0007, 0009)
    if (isExit(memory)) return stop(s, memory);
    const after = withMemory(s, memory); // effect
    return cont(after, i); // next pc
  }),
  op(73, 'store_imm_ind_u64', 'OneRegTwoImm', { gas: G.STORE_IMM_IND, terminator: false }, (s, i, _p, cfg) => {
    const address = wrap64(reg(s, i.ops.ra) + i.ops.x), v = i.ops.y; // operands
    const memory = store(s, cfg, address, 8, v); // guards: writable (spec-notes/0007, 0009)
    if (isExit(memory)) return stop(s, memory);
    const after = withMemory(s, memory); // effect
    return cont(after, i); // next pc
  }),
  op(120, 'store_ind_u8', 'TwoRegOneImm', { gas: G.STORE, terminator: false }, (s, i, _p, cfg) => {
    const address = wrap64(reg(s, i.ops.rb) + i.ops.x), v = reg(s, i.ops.ra); // operands
    const memory = store(s, cfg, address, 1, v); // guards: writable (spec-notes/0007, 0009)
    if (isExit(memory)) return stop(s, memory);
    const after = withMemory(s, memory); // effect
    return cont(after, i); // next pc
  }),
  op(121, 'store_ind_u16', 'TwoRegOneImm', { gas: G.STORE, terminator: false }, (s, i, _p, cfg) => {
    const address = wrap64(reg(s, i.ops.rb) + i.ops.x), v = reg(s, i.ops.ra); // operands
    const memory = store(s, cfg, address, 2, v); // guards: writable (spec-notes/0007, 0009)
    if (isExit(memory)) return stop(s, memory);
    const after = withMemory(s, memory); // effect
    return cont(after, i); // next pc
  }),
  op(122, 'store_ind_u32', 'TwoRegOneImm', { gas: G.STORE, terminator: false }, (s, i, _p, cfg) => {
    const address = wrap64(reg(s, i.ops.rb) + i.ops.x), v = reg(s, i.ops.ra); // operands
    const memory = store(s, cfg, address, 4, v); // guards: writable (spec-notes/0007, 0009)
    if (isExit(memory)) return stop(s, memory);
    const after = withMemory(s, memory); // effect
    return cont(after, i); // next pc
  }),
  op(123, 'store_ind_u64', 'TwoRegOneImm', { gas: G.STORE, terminator: false }, (s, i, _p, cfg) => {
    const address = wrap64(reg(s, i.ops.rb) + i.ops.x), v = reg(s, i.ops.ra); // operands
    const memory = store(s, cfg, address, 8, v); // guards: writable (spec-notes/0007, 0009)
    if (isExit(memory)) return stop(s, memory);
    const after = withMemory(s, memory); // effect
    return cont(after, i); // next pc
  }),
];
