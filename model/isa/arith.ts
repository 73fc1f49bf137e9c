/**
 * Addition, subtraction, multiplication (32-bit results sign-extended), negated add and mul_upper.
 * Spec: GP A.5.10/A.5.13, Lean opcodes 131, 135, 141, 149, 150, 154, 190-192, 200-202, 213-215.
 */
import { s32, toSigned64, wrap64 } from '../numeric.js';
import { regImm, threeReg } from './common.js';

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
/** ⌊i64(a) · i64(b) / 2^64⌋ mod 2^64 (floor, as an arithmetic shift of the 128-bit product). */
export const mulUpperSS = (a: bigint, b: bigint): bigint => wrap64((toSigned64(a) * toSigned64(b)) >> 64n);
/** ⌊a · b / 2^64⌋. */
export const mulUpperUU = (a: bigint, b: bigint): bigint => wrap64((a * b) >> 64n);
/** ⌊i64(a) · b / 2^64⌋ mod 2^64. */
export const mulUpperSU = (a: bigint, b: bigint): bigint => wrap64((toSigned64(a) * b) >> 64n);

export const add32Op = threeReg(add32);
export const sub32Op = threeReg(sub32);
export const mul32Op = threeReg(mul32);
export const add64Op = threeReg(add64);
export const sub64Op = threeReg(sub64);
export const mul64Op = threeReg(mul64);
export const mulUpperSSOp = threeReg(mulUpperSS);
export const mulUpperUUOp = threeReg(mulUpperUU);
export const mulUpperSUOp = threeReg(mulUpperSU);

/** add_imm_32 (131): s32(v + x). */
export const addImm32 = regImm(add32);
/** mul_imm_32 (135): s32(v · x). */
export const mulImm32 = regImm(mul32);
/** neg_add_imm_32 (141): s32(x − v). */
export const negAddImm32 = regImm((v, x) => s32(x - v));
/** add_imm_64 (149): v + x. */
export const addImm64 = regImm(add64);
/** mul_imm_64 (150): v · x. */
export const mulImm64 = regImm(mul64);
/** neg_add_imm_64 (154): x − v. */
export const negAddImm64 = regImm((v, x) => wrap64(x - v));
