/**
 * Shifts and rotates, 32 and 64 bits, with the amount masked to the width; arithmetic shifts round
 * toward −∞ (spec-notes/0001). "alt" forms swap the roles: the immediate is shifted by the register.
 * Spec: GP A.5.10/A.5.13, Lean opcodes 138-140, 144-146, 151-153, 155-161, 197-199, 207-209, 220-223.
 */
import { s32, sext, toSigned32, toSigned64, wrap32, wrap64 } from '../numeric.js';
import { regImm, threeReg } from './common.js';

const amount32 = (b: bigint): bigint => b % 32n;
const amount64 = (b: bigint): bigint => b % 64n;

/** s32(a << (b mod 32)). */
export const shl32 = (a: bigint, b: bigint): bigint => s32(a << amount32(b));
/** s32(u32(a) >> (b mod 32)). */
export const shr32 = (a: bigint, b: bigint): bigint => s32(wrap32(a) >> amount32(b));
/** X(4, i32(a) >>ₐ (b mod 32)), floor. */
export const sar32 = (a: bigint, b: bigint): bigint => sext(4, wrap64(toSigned32(a) >> amount32(b)));
/** a << (b mod 64) mod 2^64. */
export const shl64 = (a: bigint, b: bigint): bigint => wrap64(a << amount64(b));
/** a >> (b mod 64). */
export const shr64 = (a: bigint, b: bigint): bigint => a >> amount64(b);
/** i64(a) >>ₐ (b mod 64), floor. */
export const sar64 = (a: bigint, b: bigint): bigint => wrap64(toSigned64(a) >> amount64(b));
/** rotl64(a, b mod 64). */
export const rotl64 = (a: bigint, b: bigint): bigint => {
  const n = amount64(b);
  return wrap64((a << n) | (a >> ((64n - n) % 64n)));
};
/** rotr64(a, b mod 64). */
export const rotr64 = (a: bigint, b: bigint): bigint => rotl64(a, (64n - amount64(b)) % 64n);
/** s32(rotl32(u32(a), b mod 32)). */
export const rotl32 = (a: bigint, b: bigint): bigint => {
  const v = wrap32(a);
  const n = amount32(b);
  return s32((v << n) | (v >> ((32n - n) % 32n)));
};
/** s32(rotr32(u32(a), b mod 32)). */
export const rotr32 = (a: bigint, b: bigint): bigint => rotl32(a, (32n - amount32(b)) % 32n);

/** Swaps the operands: the immediate is shifted by the register (the "alt" forms). */
const alt = (f: (a: bigint, b: bigint) => bigint) => (v: bigint, x: bigint): bigint => f(x, v);

export const shlo32 = threeReg(shl32);
export const shloR32 = threeReg(shr32);
export const shar32 = threeReg(sar32);
export const shlo64 = threeReg(shl64);
export const shloR64 = threeReg(shr64);
export const shar64 = threeReg(sar64);
export const rotL64 = threeReg(rotl64);
export const rotL32 = threeReg(rotl32);
export const rotR64 = threeReg(rotr64);
export const rotR32 = threeReg(rotr32);

export const shloLImm32 = regImm(shl32);
export const shloRImm32 = regImm(shr32);
export const sharRImm32 = regImm(sar32);
export const shloLImmAlt32 = regImm(alt(shl32));
export const shloRImmAlt32 = regImm(alt(shr32));
export const sharRImmAlt32 = regImm(alt(sar32));
export const shloLImm64 = regImm(shl64);
export const shloRImm64 = regImm(shr64);
export const sharRImm64 = regImm(sar64);
export const shloLImmAlt64 = regImm(alt(shl64));
export const shloRImmAlt64 = regImm(alt(shr64));
export const sharRImmAlt64 = regImm(alt(sar64));
export const rotR64Imm = regImm(rotr64);
export const rotR64ImmAlt = regImm(alt(rotr64));
export const rotR32Imm = regImm(rotr32);
export const rotR32ImmAlt = regImm(alt(rotr32));
