/**
 * Fixed-width arithmetic on bigint, made explicit (STYLE.md: wrapping is never implicit).
 * Registers hold unsigned 64-bit values; signed readings are two's complement.
 */

export const U64_MOD = 1n << 64n;
export const U32_MOD = 1n << 32n;
export const U64_MAX = U64_MOD - 1n;

/** A model bug, not a VM outcome: the harness reports a thrown invariant as a defect. */
export class InvariantError extends Error {
  constructor(message: string) {
    super(`model invariant violated: ${message}`);
    this.name = 'InvariantError';
  }
}

/** Throws when a condition the model believes impossible holds. */
export function invariant(cond: boolean, message: string): asserts cond {
  if (!cond) throw new InvariantError(message);
}

/** v mod 2^64. */
export const wrap64 = (v: bigint): bigint => BigInt.asUintN(64, v);

/** v mod 2^32. */
export const wrap32 = (v: bigint): bigint => BigInt.asUintN(32, v);

/** Two's-complement reading of the low 64 bits (i64 in the digest). */
export const toSigned64 = (v: bigint): bigint => BigInt.asIntN(64, v);

/** Two's-complement reading of the low 32 bits (i32 in the digest). */
export const toSigned32 = (v: bigint): bigint => BigInt.asIntN(32, v);

/** X(n, v): sign-extend the low n bytes of v to 64 bits (X(0, v) = 0). GP A.1 / Lean `sext` with truncation (spec-notes/0002). */
export function sext(n: number, v: bigint): bigint {
  if (n === 0) return 0n;
  return wrap64(BigInt.asIntN(8 * n, v));
}

/** s32(v): the low 32 bits of v, sign-extended to 64 (the result rule of every 32-bit operation). */
export const s32 = (v: bigint): bigint => sext(4, v);

/** Little-endian unsigned value of bytes. */
export function leBytesToBigint(bytes: Uint8Array): bigint {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i] ?? 0);
  return v;
}

/** The low n bytes of v, little-endian. */
export function bigintToLeBytes(v: bigint, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = v;
  for (let i = 0; i < n; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

/** Checks that v is a register value (0..2^64-1); anything else is a model bug. */
export function checkU64(v: bigint, what: string): bigint {
  invariant(v >= 0n && v <= U64_MAX, `${what} = ${v} is outside 0..2^64-1`);
  return v;
}
