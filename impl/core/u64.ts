/**
 * 64-bit arithmetic on (lo, hi) pairs of int32 bit patterns, without bigint and without allocation:
 * results go to the shared scratch pair OUT[0] (lo), OUT[1] (hi).
 * Semantics: pvm-core.md 3.2 (mul_upper_*, div_*, rem_*).
 */

/** Result pair (lo, hi) of the functions below. */
export const OUT = new Int32Array(2);

/** High 32 bits of the unsigned 64-bit product of two u32 (given as int32 bit patterns). */
export function mulHiU32(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const m1 = a1 * b0;
  const m2 = a0 * b1;
  const t = ((a0 * b0) >>> 16) + (m1 & 0xffff) + (m2 & 0xffff);
  return (a1 * b1 + (m1 >>> 16) + (m2 >>> 16) + (t >>> 16)) | 0;
}

/** Low 64 bits of a·b. */
export function mul64(al: number, ah: number, bl: number, bh: number): void {
  OUT[0] = Math.imul(al, bl);
  OUT[1] = (Math.imul(ah, bl) + Math.imul(al, bh) + mulHiU32(al, bl)) | 0;
}

/** ⌊a·b / 2^64⌋ for unsigned a, b. */
export function mulHiUU(al: number, ah: number, bl: number, bh: number): void {
  const h00 = mulHiU32(al, bl) >>> 0;
  const l01 = Math.imul(al, bh) >>> 0;
  const h01 = mulHiU32(al, bh) >>> 0;
  const l10 = Math.imul(ah, bl) >>> 0;
  const h10 = mulHiU32(ah, bl) >>> 0;
  const l11 = Math.imul(ah, bh) >>> 0;
  const h11 = mulHiU32(ah, bh);
  const carry = Math.floor((l01 + l10 + h00) / 4294967296);
  const low = l11 + h01 + h10 + carry; // < 2^34
  OUT[0] = low | 0;
  OUT[1] = (h11 + Math.floor(low / 4294967296)) | 0;
}

/** OUT -= (x if cond), mod 2^64. */
function subIf(cond: boolean, xl: number, xh: number): void {
  if (!cond) return;
  const l = OUT[0]!;
  OUT[0] = (l - xl) | 0;
  OUT[1] = (OUT[1]! - xh - ((l >>> 0) < (xl >>> 0) ? 1 : 0)) | 0;
}

/** ⌊i64(a)·i64(b) / 2^64⌋ mod 2^64. */
export function mulHiSS(al: number, ah: number, bl: number, bh: number): void {
  mulHiUU(al, ah, bl, bh);
  subIf(ah < 0, bl, bh);
  subIf(bh < 0, al, ah);
}

/** ⌊i64(a)·b / 2^64⌋ mod 2^64 (b unsigned). */
export function mulHiSU(al: number, ah: number, bl: number, bh: number): void {
  mulHiUU(al, ah, bl, bh);
  subIf(ah < 0, bl, bh);
}

/** Remainder of the last divU64, as a pair. */
export const REM = new Int32Array(2);

/** Unsigned n / d (d ≠ 0): quotient to OUT, remainder to REM. */
export function divU64(nl: number, nh: number, dl: number, dh: number): void {
  const d0 = dl >>> 0;
  if (dh === 0 && nh === 0) {
    const n0 = nl >>> 0;
    OUT[0] = Math.floor(n0 / d0) | 0;
    OUT[1] = 0;
    REM[0] = n0 % d0 | 0;
    REM[1] = 0;
    return;
  }
  if (dh === 0) {
    // Schoolbook by 16-bit digits: every partial dividend stays below 2^48, exact in a double.
    const n1 = nh >>> 0;
    const qh = Math.floor(n1 / d0);
    let r = n1 - qh * d0;
    let t = r * 65536 + (nl >>> 16);
    let q1 = Math.floor(t / d0);
    r = t - q1 * d0;
    if (r < 0) { q1 -= 1; r += d0; }
    t = r * 65536 + (nl & 0xffff);
    let q0 = Math.floor(t / d0);
    r = t - q0 * d0;
    if (r < 0) { q0 -= 1; r += d0; }
    OUT[0] = (q1 * 65536 + q0) | 0;
    OUT[1] = qh | 0;
    REM[0] = r | 0;
    REM[1] = 0;
    return;
  }
  // d >= 2^32: restoring division bit by bit (the quotient fits 32 bits).
  let rl = 0;
  let rh = 0;
  let q = 0;
  for (let i = 63; i >= 0; i--) {
    const top = rh < 0; // r >= 2^63: r << 1 exceeds any divisor
    rh = (rh << 1) | (rl >>> 31);
    rl = (rl << 1) | ((i >= 32 ? nh >>> (i - 32) : nl >>> i) & 1);
    const ge = top || (rh >>> 0) > (dh >>> 0) || (rh === dh && (rl >>> 0) >= d0);
    if (ge) {
      const borrow = (rl >>> 0) < d0 ? 1 : 0;
      rl = (rl - dl) | 0;
      rh = (rh - dh - borrow) | 0;
      if (i < 32) q |= 1 << i;
    }
  }
  OUT[0] = q;
  OUT[1] = 0;
  REM[0] = rl;
  REM[1] = rh;
}

/** Signed 64-bit division truncating toward zero (d ≠ 0, not MIN / −1): quotient to OUT, remainder to REM. */
export function divS64(nl: number, nh: number, dl: number, dh: number): void {
  const nNeg = nh < 0;
  const dNeg = dh < 0;
  let al = nl, ah = nh, bl = dl, bh = dh;
  if (nNeg) { al = -nl | 0; ah = (~nh + (nl === 0 ? 1 : 0)) | 0; }
  if (dNeg) { bl = -dl | 0; bh = (~dh + (dl === 0 ? 1 : 0)) | 0; }
  divU64(al, ah, bl, bh);
  if (nNeg !== dNeg) { const l = OUT[0]!; OUT[0] = -l | 0; OUT[1] = (~OUT[1]! + (l === 0 ? 1 : 0)) | 0; }
  if (nNeg) { const l = REM[0]!; REM[0] = -l | 0; REM[1] = (~REM[1]! + (l === 0 ? 1 : 0)) | 0; }
}

/** Population count of an int32 bit pattern. */
export function popcnt32(v: number): number {
  let x = v - ((v >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Trailing zeros of an int32 bit pattern (32 for 0). */
export function ctz32(v: number): number {
  return v === 0 ? 32 : 31 - Math.clz32(v & -v);
}

/** Byte swap of an int32 bit pattern. */
export function bswap32(v: number): number {
  return ((v << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) | 0;
}

/** a << s for 0 ≤ s < 64. */
export function shl64(l: number, h: number, s: number): void {
  if (s === 0) { OUT[0] = l; OUT[1] = h; }
  else if (s < 32) { OUT[0] = l << s; OUT[1] = (h << s) | (l >>> (32 - s)); }
  else { OUT[0] = 0; OUT[1] = l << (s - 32); }
}

/** a >> s (logical) for 0 ≤ s < 64. */
export function shr64(l: number, h: number, s: number): void {
  if (s === 0) { OUT[0] = l; OUT[1] = h; }
  else if (s < 32) { OUT[0] = (l >>> s) | (h << (32 - s)); OUT[1] = (h >>> s) | 0; }
  else { OUT[0] = (h >>> (s - 32)) | 0; OUT[1] = 0; }
}

/** a >> s (arithmetic, floor) for 0 ≤ s < 64. */
export function sar64(l: number, h: number, s: number): void {
  if (s === 0) { OUT[0] = l; OUT[1] = h; }
  else if (s < 32) { OUT[0] = (l >>> s) | (h << (32 - s)); OUT[1] = h >> s; }
  else { OUT[0] = h >> (s - 32); OUT[1] = h >> 31; }
}

/** Rotate right by s (0 ≤ s < 64). */
export function rotr64(l: number, h: number, s: number): void {
  if (s === 0) { OUT[0] = l; OUT[1] = h; return; }
  let lo = l;
  let hi = h;
  if (s >= 32) { lo = h; hi = l; }
  const r = s & 31;
  if (r === 0) { OUT[0] = lo; OUT[1] = hi; return; }
  OUT[0] = (lo >>> r) | (hi << (32 - r));
  OUT[1] = (hi >>> r) | (lo << (32 - r));
}

/** Rotate a u32 right by s (0 ≤ s < 32), as int32. */
export function rotr32(v: number, s: number): number {
  return s === 0 ? v | 0 : ((v >>> s) | (v << (32 - s))) | 0;
}
