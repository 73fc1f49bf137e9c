/**
 * Loads: absolute (52-58, address x) and indirect (124-130, address φ[rB] + x), into φ[rA].
 * Spec: GP A.5.6/A.5.10, Lean `Instructions.executeStep` opcodes 52-58/124-130, `Memory.readMemBytes`;
 * spec-notes/0007, 0008, 0009, 0027.
 */
import * as G from '../gas/classes.js';
import { sext, wrap64 } from '../numeric.js';
import { reg, withReg } from '../state.js';
import { cont, isExit, load, stop } from './common.js';
import { op, type OpRow } from './row.js';

/** The load opcodes: a denied read panics in the guard zone, else faults at the page base; pc stays. */
export const rows: readonly OpRow[] = [
  op(52, 'load_u8', 'OneRegOneImm', { gas: G.LOAD, terminator: false }, (s, i, _p, cfg) => {
    const address = i.ops.x; // operands
    const v = load(s, cfg, address, 1); // guards: readable (spec-notes/0007, 0009)
    if (isExit(v)) return stop(s, v);
    const after = withReg(s, i.ops.ra, v); // effect
    return cont(after, i); // next pc
  }),
  op(53, 'load_i8', 'OneRegOneImm', { gas: G.LOAD, terminator: false }, (s, i, _p, cfg) => {
    const address = i.ops.x; // operands
    const v = load(s, cfg, address, 1); // guards: readable (spec-notes/0007, 0009)
    if (isExit(v)) return stop(s, v);
    const after = withReg(s, i.ops.ra, sext(1, v)); // effect
    return cont(after, i); // next pc
  }),
  op(54, 'load_u16', 'OneRegOneImm', { gas: G.LOAD, terminator: false }, (s, i, _p, cfg) => {
    const address = i.ops.x; // operands
    const v = load(s, cfg, address, 2); // guards: readable (spec-notes/0007, 0009)
    if (isExit(v)) return stop(s, v);
    const after = withReg(s, i.ops.ra, v); // effect
    return cont(after, i); // next pc
  }),
  op(55, 'load_i16', 'OneRegOneImm', { gas: G.LOAD, terminator: false }, (s, i, _p, cfg) => {
    const address = i.ops.x; // operands
    const v = load(s, cfg, address, 2); // guards: readable (spec-notes/0007, 0009)
    if (isExit(v)) return stop(s, v);
    const after = withReg(s, i.ops.ra, sext(2, v)); // effect
    return cont(after, i); // next pc
  }),
  op(56, 'load_u32', 'OneRegOneImm', { gas: G.LOAD, terminator: false }, (s, i, _p, cfg) => {
    const address = i.ops.x; // operands
    const v = load(s, cfg, address, 4); // guards: readable (spec-notes/0007, 0009)
    if (isExit(v)) return stop(s, v);
    const after = withReg(s, i.ops.ra, v); // effect
    return cont(after, i); // next pc
  }),
  op(57, 'load_i32', 'OneRegOneImm', { gas: G.LOAD, terminator: false }, (s, i, _p, cfg) => {
    const address = i.ops.x; // operands
    const v = load(s, cfg, address, 4); // guards: readable (spec-notes/0007, 0009)
    if (isExit(v)) return stop(s, v);
    const after = withReg(s, i.ops.ra, sext(4, v)); // effect
    return cont(after, i); // next pc
  }),
  op(58, 'load_u64', 'OneRegOneImm', { gas: G.LOAD, terminator: false }, (s, i, _p, cfg) => {
    const address = i.ops.x; // operands
    const v = load(s, cfg, address, 8); // guards: readable (spec-notes/0007, 0009)
    if (isExit(v)) return stop(s, v);
    const after = withReg(s, i.ops.ra, v); // effect
    return cont(after, i); // next pc
  }),
  op(124, 'load_ind_u8', 'TwoRegOneImm', { gas: G.LOAD, terminator: false }, (s, i, _p, cfg) => {
    const address = wrap64(reg(s, i.ops.rb) + i.ops.x); // operands
    const v = load(s, cfg, address, 1); // guards: readable (spec-notes/0007, 0009)
    if (isExit(v)) return stop(s, v);
    const after = withReg(s, i.ops.ra, v); // effect
    return cont(after, i); // next pc
  }),
  op(125, 'load_ind_i8', 'TwoRegOneImm', { gas: G.LOAD, terminator: false }, (s, i, _p, cfg) => {
    const address = wrap64(reg(s, i.ops.rb) + i.ops.x); // operands
    const v = load(s, cfg, address, 1); // guards: readable (spec-notes/0007, 0009)
    if (isExit(v)) return stop(s, v);
    const after = withReg(s, i.ops.ra, sext(1, v)); // effect
    return cont(after, i); // next pc
  }),
  op(126, 'load_ind_u16', 'TwoRegOneImm', { gas: G.LOAD, terminator: false }, (s, i, _p, cfg) => {
    const address = wrap64(reg(s, i.ops.rb) + i.ops.x); // operands
    const v = load(s, cfg, address, 2); // guards: readable (spec-notes/0007, 0009)
    if (isExit(v)) return stop(s, v);
    const after = withReg(s, i.ops.ra, v); // effect
    return cont(after, i); // next pc
  }),
  op(127, 'load_ind_i16', 'TwoRegOneImm', { gas: G.LOAD, terminator: false }, (s, i, _p, cfg) => {
    const address = wrap64(reg(s, i.ops.rb) + i.ops.x); // operands
    const v = load(s, cfg, address, 2); // guards: readable (spec-notes/0007, 0009)
    if (isExit(v)) return stop(s, v);
    const after = withReg(s, i.ops.ra, sext(2, v)); // effect
    return cont(after, i); // next pc
  }),
  op(128, 'load_ind_u32', 'TwoRegOneImm', { gas: G.LOAD, terminator: false }, (s, i, _p, cfg) => {
    const address = wrap64(reg(s, i.ops.rb) + i.ops.x); // operands
    const v = load(s, cfg, address, 4); // guards: readable (spec-notes/0007, 0009)
    if (isExit(v)) return stop(s, v);
    const after = withReg(s, i.ops.ra, v); // effect
    return cont(after, i); // next pc
  }),
  op(129, 'load_ind_i32', 'TwoRegOneImm', { gas: G.LOAD, terminator: false }, (s, i, _p, cfg) => {
    const address = wrap64(reg(s, i.ops.rb) + i.ops.x); // operands
    const v = load(s, cfg, address, 4); // guards: readable (spec-notes/0007, 0009)
    if (isExit(v)) return stop(s, v);
    const after = withReg(s, i.ops.ra, sext(4, v)); // effect
    return cont(after, i); // next pc
  }),
  op(130, 'load_ind_u64', 'TwoRegOneImm', { gas: G.LOAD, terminator: false }, (s, i, _p, cfg) => {
    const address = wrap64(reg(s, i.ops.rb) + i.ops.x); // operands
    const v = load(s, cfg, address, 8); // guards: readable (spec-notes/0007, 0009)
    if (isExit(v)) return stop(s, v);
    const after = withReg(s, i.ops.ra, v); // effect
    return cont(after, i); // next pc
  }),
];
