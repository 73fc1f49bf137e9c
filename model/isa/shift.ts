/**
 * Shifts and rotates, 32 and 64 bits, with the amount masked to the width; arithmetic shifts round
 * toward −∞ (spec-notes/0001). "alt" forms swap the roles: the immediate is shifted by the register.
 * Spec: GP A.5.10/A.5.13, Lean `Instructions.executeStep` opcodes 138-140, 144-146, 151-153, 155-161,
 * 197-199, 207-209, 220-223 (`ashr64`, `ashr32`, `rotLeft64`, `rotRight64`, `rotLeft32`, `rotRight32`).
 */
import * as G from '../gas/classes.js';
import { s32, sext, toSigned32, toSigned64, wrap32, wrap64 } from '../numeric.js';
import { reg, withReg } from '../state.js';
import { cont } from './common.js';
import { op, type OpRow } from './row.js';

const amount32 = (b: bigint): bigint => b % 32n;
const amount64 = (b: bigint): bigint => b % 64n;

/** s32(a << (b mod 32)). */
export const shl32 = (a: bigint, b: bigint): bigint => s32(a << amount32(b));
/** s32(u32(a) >> (b mod 32)). */
export const shr32 = (a: bigint, b: bigint): bigint => s32(wrap32(a) >> amount32(b));
/** X(4, i32(a) >>ₐ (b mod 32)), floor (Lean `ashr32`, spec-notes/0001). */
export const sar32 = (a: bigint, b: bigint): bigint => sext(4, wrap64(toSigned32(a) >> amount32(b)));
/** a << (b mod 64) mod 2^64. */
export const shl64 = (a: bigint, b: bigint): bigint => wrap64(a << amount64(b));
/** a >> (b mod 64). */
export const shr64 = (a: bigint, b: bigint): bigint => a >> amount64(b);
/** i64(a) >>ₐ (b mod 64), floor (Lean `ashr64`, spec-notes/0001). */
export const sar64 = (a: bigint, b: bigint): bigint => wrap64(toSigned64(a) >> amount64(b));
/** rotl64(a, b mod 64) (Lean `rotLeft64`). */
export const rotl64 = (a: bigint, b: bigint): bigint => {
  const n = amount64(b);
  return wrap64((a << n) | (a >> ((64n - n) % 64n)));
};
/** rotr64(a, b mod 64) (Lean `rotRight64`). */
export const rotr64 = (a: bigint, b: bigint): bigint => rotl64(a, (64n - amount64(b)) % 64n);
/** s32(rotl32(u32(a), b mod 32)) (Lean `rotLeft32`). */
export const rotl32 = (a: bigint, b: bigint): bigint => {
  const v = wrap32(a);
  const n = amount32(b);
  return s32((v << n) | (v >> ((32n - n) % 32n)));
};
/** s32(rotr32(u32(a), b mod 32)) (Lean `rotRight32`). */
export const rotr32 = (a: bigint, b: bigint): bigint => rotl32(a, (32n - amount32(b)) % 32n);

/** The shift and rotate opcodes: φ[rA] := f(φ[rB], x) for the immediate forms (f(x, φ[rB]) for "alt"), φ[rD] := f(φ[rA], φ[rB]). */
export const rows: readonly OpRow[] = [
  op(138, 'shlo_l_imm_32', 'TwoRegOneImm', { gas: G.ALU_32_IMM, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, shl32(v, x)); // effect
    return cont(after, i); // next pc
  }),
  op(139, 'shlo_r_imm_32', 'TwoRegOneImm', { gas: G.ALU_32_IMM, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, shr32(v, x)); // effect
    return cont(after, i); // next pc
  }),
  op(140, 'shar_r_imm_32', 'TwoRegOneImm', { gas: G.ALU_32_IMM, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, sar32(v, x)); // effect
    return cont(after, i); // next pc
  }),
  op(144, 'shlo_l_imm_alt_32', 'TwoRegOneImm', { gas: G.SHIFT_ALT_32, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, shl32(x, v)); // effect
    return cont(after, i); // next pc
  }),
  op(145, 'shlo_r_imm_alt_32', 'TwoRegOneImm', { gas: G.SHIFT_ALT_32, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, shr32(x, v)); // effect
    return cont(after, i); // next pc
  }),
  op(146, 'shar_r_imm_alt_32', 'TwoRegOneImm', { gas: G.SHIFT_ALT_32, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, sar32(x, v)); // effect
    return cont(after, i); // next pc
  }),
  op(151, 'shlo_l_imm_64', 'TwoRegOneImm', { gas: G.ALU_64_IMM, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, shl64(v, x)); // effect
    return cont(after, i); // next pc
  }),
  op(152, 'shlo_r_imm_64', 'TwoRegOneImm', { gas: G.ALU_64_IMM, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, shr64(v, x)); // effect
    return cont(after, i); // next pc
  }),
  op(153, 'shar_r_imm_64', 'TwoRegOneImm', { gas: G.ALU_64_IMM, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, sar64(v, x)); // effect
    return cont(after, i); // next pc
  }),
  op(155, 'shlo_l_imm_alt_64', 'TwoRegOneImm', { gas: G.SHIFT_ALT_64, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, shl64(x, v)); // effect
    return cont(after, i); // next pc
  }),
  op(156, 'shlo_r_imm_alt_64', 'TwoRegOneImm', { gas: G.SHIFT_ALT_64, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, shr64(x, v)); // effect
    return cont(after, i); // next pc
  }),
  op(157, 'shar_r_imm_alt_64', 'TwoRegOneImm', { gas: G.SHIFT_ALT_64, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, sar64(x, v)); // effect
    return cont(after, i); // next pc
  }),
  op(158, 'rot_r_64_imm', 'TwoRegOneImm', { gas: G.ALU_64_IMM, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, rotr64(v, x)); // effect
    return cont(after, i); // next pc
  }),
  op(159, 'rot_r_64_imm_alt', 'TwoRegOneImm', { gas: G.SHIFT_ALT_64, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, rotr64(x, v)); // effect
    return cont(after, i); // next pc
  }),
  op(160, 'rot_r_32_imm', 'TwoRegOneImm', { gas: G.ALU_32_IMM, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, rotr32(v, x)); // effect
    return cont(after, i); // next pc
  }),
  op(161, 'rot_r_32_imm_alt', 'TwoRegOneImm', { gas: G.SHIFT_ALT_32, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, rotr32(x, v)); // effect
    return cont(after, i); // next pc
  }),
  op(197, 'shlo_l_32', 'ThreeReg', { gas: G.SHIFT_32_3REG, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, shl32(a, b)); // effect
    return cont(after, i); // next pc
  }),
  op(198, 'shlo_r_32', 'ThreeReg', { gas: G.SHIFT_32_3REG, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, shr32(a, b)); // effect
    return cont(after, i); // next pc
  }),
  op(199, 'shar_r_32', 'ThreeReg', { gas: G.SHIFT_32_3REG, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, sar32(a, b)); // effect
    return cont(after, i); // next pc
  }),
  op(207, 'shlo_l_64', 'ThreeReg', { gas: G.SHIFT_64_3REG, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, shl64(a, b)); // effect
    return cont(after, i); // next pc
  }),
  op(208, 'shlo_r_64', 'ThreeReg', { gas: G.SHIFT_64_3REG, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, shr64(a, b)); // effect
    return cont(after, i); // next pc
  }),
  op(209, 'shar_r_64', 'ThreeReg', { gas: G.SHIFT_64_3REG, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, sar64(a, b)); // effect
    return cont(after, i); // next pc
  }),
  op(220, 'rot_l_64', 'ThreeReg', { gas: G.SHIFT_64_3REG, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, rotl64(a, b)); // effect
    return cont(after, i); // next pc
  }),
  op(221, 'rot_l_32', 'ThreeReg', { gas: G.SHIFT_32_3REG, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, rotl32(a, b)); // effect
    return cont(after, i); // next pc
  }),
  op(222, 'rot_r_64', 'ThreeReg', { gas: G.SHIFT_64_3REG, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, rotr64(a, b)); // effect
    return cont(after, i); // next pc
  }),
  op(223, 'rot_r_32', 'ThreeReg', { gas: G.SHIFT_32_3REG, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, rotr32(a, b)); // effect
    return cont(after, i); // next pc
  }),
];
