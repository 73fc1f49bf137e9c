/**
 * Hand-written code for tests, the vector generator and the fuzzer: bytes from a hex string,
 * little-endian hex of a number, and a code image laid out from a list of instructions (each one an
 * instruction start). Nothing here decodes an instruction, so neither engine's decoder is involved.
 */
import { parseHex } from './hex.js';
import type { CodeImage } from './types.js';

/** Bytes of a hex string; spaces and `|` are ignored. Throws on odd length or a non-hex digit (a bug in a hand-written table). */
export function hexBytes(s: string): Uint8Array {
  const bytes = parseHex(s.replace(/[\s|]/g, ''));
  if (bytes === null) throw new Error(`bad hex: ${s}`);
  return bytes;
}

/** Little-endian hex of the low n bytes of v (two's complement for negatives). */
export function leHex(v: bigint | number, n: number): string {
  let x = BigInt.asUintN(n * 8, BigInt(v));
  let s = '';
  for (let i = 0; i < n; i++, x >>= 8n) s += (x & 0xffn).toString(16).padStart(2, '0');
  return s;
}

/** A code image from instructions given as bytes, in order; the bitmask marks where each non-empty one starts. */
export function layOut(instrs: readonly ArrayLike<number>[], jumpTable: readonly number[] = []): CodeImage {
  const len = instrs.reduce((n, p) => n + p.length, 0);
  const code = new Uint8Array(len);
  const bitmask = new Uint8Array(len);
  let at = 0;
  for (const p of instrs) {
    code.set(p, at);
    if (p.length > 0) bitmask[at] = 1;
    at += p.length;
  }
  return { code, bitmask, jumpTable: [...jumpTable] };
}

/** A code image from instructions given one per hex string. */
export const codeImage = (instrs: readonly string[], jumpTable: readonly number[] = []): CodeImage => layOut(instrs.map(hexBytes), jumpTable);
