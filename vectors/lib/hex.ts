/**
 * The kit's one codec between numbers and text: a u64 as "0x..." (lowercase, no leading zeros) and
 * bytes as lowercase hex, two digits per byte (vectors/README.md "Format"). The vector format, the
 * schemas, the hand-written code images and the fuzzer's regression cases all go through it.
 */

/** The JSON Schema pattern of a canonical u64 ("0x0", "0x1f", never "0x01"). */
export const U64_PATTERN = '^0x(0|[1-9a-f][0-9a-f]*)$';
/** The JSON Schema pattern of canonical bytes (lowercase hex, two digits per byte). */
export const HEX_PATTERN = '^([0-9a-f]{2})*$';

const U64_MAX = (1n << 64n) - 1n;

/** "0x..." of a u64 (the canonical form; the caller keeps v in 0..2^64-1). */
export const u64 = (v: bigint): string => `0x${v.toString(16)}`;

/** The value of a "0x..." string whose form a schema has already checked. */
export const fromU64 = (s: string): bigint => BigInt(s);

/** The value of a "0x..." string from outside (hex digits in either case, leading zeros allowed), or null when it is not one or exceeds 2^64-1. */
export function parseU64(s: string): bigint | null {
  if (!/^0x[0-9a-fA-F]+$/.test(s)) return null;
  const v = BigInt(s);
  return v <= U64_MAX ? v : null;
}

/** Lowercase hex of bytes, two digits per byte. */
export function toHex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

/** Bytes of a hex string whose form a schema has already checked. */
export function fromHex(s: string): Uint8Array {
  const out = new Uint8Array(s.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Bytes of a hex string from outside (digits in either case, an optional "0x"), or null when it is not even-length hex. */
export function parseHex(s: string): Uint8Array | null {
  const t = s.startsWith('0x') ? s.slice(2) : s;
  return t.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(t) ? fromHex(t) : null;
}
