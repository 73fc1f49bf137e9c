/**
 * Division and remainder, unsigned and signed, 32 and 64 bits, with the GP's rules for a zero divisor
 * and signed overflow. Division truncates toward zero; the remainder takes the dividend's sign.
 * Spec: GP A.5.13, Lean `Instructions.executeStep` opcodes 193-196, 203-206 (`signedDiv32`, `signedRem32`,
 * `signedDiv64`, `signedRem64`).
 */
import * as G from '../gas/classes.js';
import { U64_MAX, s32, sext, toSigned32, toSigned64, wrap32, wrap64 } from '../numeric.js';
import { reg, withReg } from '../state.js';
import { cont } from './common.js';
import { op, type OpRow } from './row.js';

const I32_MIN = -(2n ** 31n);
const I64_MIN = -(2n ** 63n);

/** div_u_32: u32(b) = 0 → 2^64−1, else s32(u32(a) / u32(b)). */
export const divU32 = (a: bigint, b: bigint): bigint => (wrap32(b) === 0n ? U64_MAX : s32(wrap32(a) / wrap32(b)));

/** div_s_32: zero → 2^64−1; MIN / −1 → MIN (sign-extended); else truncated quotient. */
export function divS32(a: bigint, b: bigint): bigint {
  const x = toSigned32(a);
  const y = toSigned32(b);
  if (y === 0n) return U64_MAX;
  if (x === I32_MIN && y === -1n) return wrap64(x);
  return wrap64(x / y); // BigInt division truncates toward zero
}

/** rem_u_32: u32(b) = 0 → s32(a), else s32(u32(a) mod u32(b)). */
export const remU32 = (a: bigint, b: bigint): bigint => (wrap32(b) === 0n ? s32(a) : s32(wrap32(a) % wrap32(b)));

/** rem_s_32: zero → X(4, a); MIN % −1 → 0; else the remainder with the dividend's sign. */
export function remS32(a: bigint, b: bigint): bigint {
  const x = toSigned32(a);
  const y = toSigned32(b);
  if (y === 0n) return sext(4, a);
  if (x === I32_MIN && y === -1n) return 0n;
  return wrap64(x % y); // BigInt % takes the dividend's sign
}

/** div_u_64: b = 0 → 2^64−1, else a / b. */
export const divU64 = (a: bigint, b: bigint): bigint => (b === 0n ? U64_MAX : a / b);

/** div_s_64: zero → 2^64−1; MIN / −1 → MIN; else truncated quotient. */
export function divS64(a: bigint, b: bigint): bigint {
  const x = toSigned64(a);
  const y = toSigned64(b);
  if (y === 0n) return U64_MAX;
  if (x === I64_MIN && y === -1n) return a;
  return wrap64(x / y);
}

/** rem_u_64: b = 0 → a, else a mod b. */
export const remU64 = (a: bigint, b: bigint): bigint => (b === 0n ? a : a % b);

/** rem_s_64: zero → a; MIN % −1 → 0; else the remainder with the dividend's sign. */
export function remS64(a: bigint, b: bigint): bigint {
  const x = toSigned64(a);
  const y = toSigned64(b);
  if (y === 0n) return a;
  if (x === I64_MIN && y === -1n) return 0n;
  return wrap64(x % y);
}

/** The division opcodes: φ[rD] := f(φ[rA], φ[rB]); the divisor's zero and overflow cases live in f. */
export const rows: readonly OpRow[] = [
  op(193, 'div_u_32', 'ThreeReg', { gas: G.DIVIDE, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, divU32(a, b)); // effect
    return cont(after, i); // next pc
  }),
  op(194, 'div_s_32', 'ThreeReg', { gas: G.DIVIDE, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, divS32(a, b)); // effect
    return cont(after, i); // next pc
  }),
  op(195, 'rem_u_32', 'ThreeReg', { gas: G.DIVIDE, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, remU32(a, b)); // effect
    return cont(after, i); // next pc
  }),
  op(196, 'rem_s_32', 'ThreeReg', { gas: G.DIVIDE, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, remS32(a, b)); // effect
    return cont(after, i); // next pc
  }),
  op(203, 'div_u_64', 'ThreeReg', { gas: G.DIVIDE, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, divU64(a, b)); // effect
    return cont(after, i); // next pc
  }),
  op(204, 'div_s_64', 'ThreeReg', { gas: G.DIVIDE, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, divS64(a, b)); // effect
    return cont(after, i); // next pc
  }),
  op(205, 'rem_u_64', 'ThreeReg', { gas: G.DIVIDE, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, remU64(a, b)); // effect
    return cont(after, i); // next pc
  }),
  op(206, 'rem_s_64', 'ThreeReg', { gas: G.DIVIDE, terminator: false }, (s, i) => {
    const a = reg(s, i.ops.ra), b = reg(s, i.ops.rb); // operands
    const after = withReg(s, i.ops.rd, remS64(a, b)); // effect
    return cont(after, i); // next pc
  }),
];
