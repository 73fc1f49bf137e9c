/**
 * Addition, subtraction, multiplication (32-bit results sign-extended), negated add and mul_upper.
 * Spec: GP A.5.10/A.5.13, Lean `Instructions.executeStep` opcodes 131, 135, 141, 149, 150, 154, 190-192,
 * 200-202, 213-215 (`mulUpperSS`, `mulUpperUU`, `mulUpperSU`).
 */
import * as G from '../gas/classes.js';
import { s32, toSigned64, wrap64 } from '../numeric.js';
import { reg, withReg } from '../state.js';
import { cont } from './common.js';
import { op, type OpRow } from './row.js';

/** a + b mod 2^32, sign-extended. */
export const add32 = (a: bigint, b: bigint): bigint => s32(a + b);
/** a − b mod 2^32, sign-extended. */
export const sub32 = (a: bigint, b: bigint): bigint => s32(a - b);
/** a · b mod 2^32, sign-extended. */
export const mul32 = (a: bigint, b: bigint): bigint => s32(a * b);
/** a + b mod 2^64. */
export const add64 = (a: bigint, b: bigint): bigint => wrap64(a + b);
/** a − b mod 2^64. */
export const sub64 = (a: bigint, b: bigint): bigint => wrap64(a - b);
/** a · b mod 2^64. */
export const mul64 = (a: bigint, b: bigint): bigint => wrap64(a * b);
/** ⌊i64(a) · i64(b) / 2^64⌋ mod 2^64 (floor, as an arithmetic shift of the 128-bit product; Lean `mulUpperSS`). */
export const mulUpperSS = (a: bigint, b: bigint): bigint => wrap64((toSigned64(a) * toSigned64(b)) >> 64n);
/** ⌊a · b / 2^64⌋ (Lean `mulUpperUU`). */
export const mulUpperUU = (a: bigint, b: bigint): bigint => wrap64((a * b) >> 64n);
/** ⌊i64(a) · b / 2^64⌋ mod 2^64 (Lean `mulUpperSU`). */
export const mulUpperSU = (a: bigint, b: bigint): bigint => wrap64((toSigned64(a) * b) >> 64n);

/** The arithmetic opcodes. */
export const rows: readonly OpRow[] = [
  /** φ[rA] := s32(φ[rB] + x). */
  op(131, 'add_imm_32', 'TwoRegOneImm', { gas: G.ALU_32_IMM, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, add32(v, x)); // effect
    return cont(after, i); // next pc
  }),
  /** φ[rA] := s32(φ[rB] · x). */
  op(135, 'mul_imm_32', 'TwoRegOneImm', { gas: G.MUL_IMM_32, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, mul32(v, x)); // effect
    return cont(after, i); // next pc
  }),
  /** φ[rA] := s32(x − φ[rB]). */
  op(141, 'neg_add_imm_32', 'TwoRegOneImm', { gas: G.NEG_ADD_IMM_32, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, s32(x - v)); // effect
    return cont(after, i); // next pc
  }),
  /** φ[rA] := φ[rB] + x. */
  op(149, 'add_imm_64', 'TwoRegOneImm', { gas: G.ALU_64_IMM, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, add64(v, x)); // effect
    return cont(after, i); // next pc
  }),
  /** φ[rA] := φ[rB] · x. */
  op(150, 'mul_imm_64', 'TwoRegOneImm', { gas: G.MUL_IMM_64, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, mul64(v, x)); // effect
    return cont(after, i); // next pc
  }),
  /** φ[rA] := x − φ[rB]. */
  op(154, 'neg_add_imm_64', 'TwoRegOneImm', { gas: G.NEG_ADD_IMM_64, terminator: false }, (s, i) => {
    const v = reg(s, i.ops.rb), x = i.ops.x; // operands
    const after = withReg(s, i.ops.ra, wrap64(x - v)); // effect
    return cont(after, i); // next pc
  }),
  op(190, 'add_32', 'ThreeReg', { gas: G.ALU_32_3REG, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, add32(a, b)); // effect
    return cont(after, i); // next pc
  }),
  op(191, 'sub_32', 'ThreeReg', { gas: G.ALU_32_3REG, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, sub32(a, b)); // effect
    return cont(after, i); // next pc
  }),
  op(192, 'mul_32', 'ThreeReg', { gas: G.MUL_32, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, mul32(a, b)); // effect
    return cont(after, i); // next pc
  }),
  op(200, 'add_64', 'ThreeReg', { gas: G.ALU_64_3REG, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, add64(a, b)); // effect
    return cont(after, i); // next pc
  }),
  op(201, 'sub_64', 'ThreeReg', { gas: G.ALU_64_3REG, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, sub64(a, b)); // effect
    return cont(after, i); // next pc
  }),
  op(202, 'mul_64', 'ThreeReg', { gas: G.MUL_64, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, mul64(a, b)); // effect
    return cont(after, i); // next pc
  }),
  op(213, 'mul_upper_s_s', 'ThreeReg', { gas: G.MUL_UPPER, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, mulUpperSS(a, b)); // effect
    return cont(after, i); // next pc
  }),
  op(214, 'mul_upper_u_u', 'ThreeReg', { gas: G.MUL_UPPER, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, mulUpperUU(a, b)); // effect
    return cont(after, i); // next pc
  }),
  op(215, 'mul_upper_s_u', 'ThreeReg', { gas: G.MUL_UPPER_S_U, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, mulUpperSU(a, b)); // effect
    return cont(after, i); // next pc
  }),
];
