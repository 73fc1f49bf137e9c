/**
 * Bit counting and width changes: popcount, leading/trailing zeros, sign/zero extension, byte reversal.
 * Spec: GP A.5.9, Lean opcodes 102-111; spec-notes/0002 (sign extension truncates first).
 */
import { sext, wrap32 } from '../numeric.js';
import { twoReg } from './common.js';

/** Number of set bits in the low `width` bits. */
function popcount(v: bigint): bigint {
  let n = 0n;
  for (let x = v; x > 0n; x >>= 1n) n += x & 1n;
  return n;
}

/** Leading zeros of v read as a width-bit value (width if v = 0). */
function clz(v: bigint, width: bigint): bigint {
  let n = 0n;
  for (let b = width - 1n; b >= 0n && ((v >> b) & 1n) === 0n; b--) n++;
  return n;
}

/** Trailing zeros of v read as a width-bit value (width if v = 0). */
function ctz(v: bigint, width: bigint): bigint {
  let n = 0n;
  while (n < width && ((v >> n) & 1n) === 0n) n++;
  return n;
}

/** The 8 bytes of v in reverse order. */
function reverseBytes(v: bigint): bigint {
  let out = 0n;
  for (let i = 0n; i < 8n; i++) out = (out << 8n) | ((v >> (8n * i)) & 0xffn);
  return out;
}

export const countSetBits64 = twoReg(popcount);
export const countSetBits32 = twoReg((v) => popcount(wrap32(v)));
export const leadingZeroBits64 = twoReg((v) => clz(v, 64n));
export const leadingZeroBits32 = twoReg((v) => clz(wrap32(v), 32n));
export const trailingZeroBits64 = twoReg((v) => ctz(v, 64n));
export const trailingZeroBits32 = twoReg((v) => ctz(wrap32(v), 32n));
/** sign_extend_8 (108): X(1, v mod 2^8). */
export const signExtend8 = twoReg((v) => sext(1, v));
/** sign_extend_16 (109): X(2, v mod 2^16). */
export const signExtend16 = twoReg((v) => sext(2, v));
/** zero_extend_16 (110): v mod 2^16. */
export const zeroExtend16 = twoReg((v) => v & 0xffffn);
export const reverseBytesOp = twoReg(reverseBytes);
