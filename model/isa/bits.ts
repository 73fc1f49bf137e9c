/**
 * Bit counting and width changes: popcount, leading/trailing zeros, sign/zero extension, byte reversal.
 * Spec: GP A.5.9, Lean `Instructions.executeStep` opcodes 102-111; spec-notes/0002 (sign extension truncates first).
 */
import * as G from '../gas/classes.js';
import { sext, wrap32 } from '../numeric.js';
import { reg, withReg } from '../state.js';
import { cont } from './common.js';
import { op, type OpRow } from './row.js';

/** Number of set bits of v (Lean `popcount64`, `popcount32` on the low 32 bits). */
export function popcount(v: bigint): bigint {
  let n = 0n;
  for (let x = v; x > 0n; x >>= 1n) n += x & 1n;
  return n;
}

/** Leading zeros of v read as a width-bit value, width if v = 0 (Lean `clz64`, `clz32`). */
export function clz(v: bigint, width: bigint): bigint {
  let n = 0n;
  for (let b = width - 1n; b >= 0n && ((v >> b) & 1n) === 0n; b--) n++;
  return n;
}

/** Trailing zeros of v read as a width-bit value, width if v = 0 (Lean `ctz64`, `ctz32`). */
export function ctz(v: bigint, width: bigint): bigint {
  let n = 0n;
  while (n < width && ((v >> n) & 1n) === 0n) n++;
  return n;
}

/** The 8 bytes of v in reverse order (Lean `reverseBytes64`). */
export function reverseBytes(v: bigint): bigint {
  let out = 0n;
  for (let i = 0n; i < 8n; i++) out = (out << 8n) | ((v >> (8n * i)) & 0xffn);
  return out;
}

/** The bit-counting and width opcodes: φ[rA] := f(φ[rB]). */
export const rows: readonly OpRow[] = [
  op(102, 'count_set_bits_64', 'TwoReg', { gas: G.BITS_1_CYCLE, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.ra, popcount(v)); // effect
    return cont(after, i); // next pc
  }),
  op(103, 'count_set_bits_32', 'TwoReg', { gas: G.BITS_1_CYCLE, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.ra, popcount(wrap32(v))); // effect
    return cont(after, i); // next pc
  }),
  op(104, 'leading_zero_bits_64', 'TwoReg', { gas: G.BITS_1_CYCLE, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.ra, clz(v, 64n)); // effect
    return cont(after, i); // next pc
  }),
  op(105, 'leading_zero_bits_32', 'TwoReg', { gas: G.BITS_1_CYCLE, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.ra, clz(wrap32(v), 32n)); // effect
    return cont(after, i); // next pc
  }),
  op(106, 'trailing_zero_bits_64', 'TwoReg', { gas: G.BITS_2_CYCLE, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.ra, ctz(v, 64n)); // effect
    return cont(after, i); // next pc
  }),
  op(107, 'trailing_zero_bits_32', 'TwoReg', { gas: G.BITS_2_CYCLE, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.ra, ctz(wrap32(v), 32n)); // effect
    return cont(after, i); // next pc
  }),
  /** X(1, φ[rB] mod 2^8). */
  op(108, 'sign_extend_8', 'TwoReg', { gas: G.BITS_1_CYCLE, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.ra, sext(1, v)); // effect
    return cont(after, i); // next pc
  }),
  /** X(2, φ[rB] mod 2^16). */
  op(109, 'sign_extend_16', 'TwoReg', { gas: G.BITS_1_CYCLE, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.ra, sext(2, v)); // effect
    return cont(after, i); // next pc
  }),
  /** φ[rB] mod 2^16 (Lean costs it with the 64-bit immediate ALU group). */
  op(110, 'zero_extend_16', 'TwoReg', { gas: G.ALU_64_IMM, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.ra, v & 0xffffn); // effect
    return cont(after, i); // next pc
  }),
  /** Lean costs it with the default arm (spec-notes/0013). */
  op(111, 'reverse_bytes', 'TwoReg', { gas: G.DEFAULT, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.ra, reverseBytes(v)); // effect
    return cont(after, i); // next pc
  }),
];
