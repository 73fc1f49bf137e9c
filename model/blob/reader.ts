/**
 * A bounds-checked little-endian reader over blob bytes: every read past the end is a typed load
 * error naming the field, never an exception or a silent zero.
 */
import type { LoadError, LoadErrorClass } from '../../vectors/lib/types.js';

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: LoadError };

/** A failed parse of the given class. */
export const fail = <T>(cls: LoadErrorClass, message: string): Parsed<T> => ({ ok: false, error: { kind: 'load_error', class: cls, message } });

/** A successful parse. */
export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });

export class Reader {
  constructor(readonly bytes: Uint8Array, public offset = 0) {}

  /** Bytes left. */
  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  /** n bytes, or null if fewer remain. */
  take(n: number): Uint8Array | null {
    if (n < 0 || this.offset + n > this.bytes.length) return null;
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  /** An unsigned little-endian integer of n ≤ 4 bytes, or null. */
  uint(n: number): number | null {
    const b = this.take(n);
    if (b === null) return null;
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = v * 256 + (b[i] ?? 0);
    return v;
  }

  /** A JAM compact natural (GP C.1 general natural encoding), or null if truncated. */
  varint(): bigint | null {
    const first = this.uint(1);
    if (first === null) return null;
    let len = 0;
    while (len < 8 && (first & (0x80 >> len)) !== 0) len++;
    const rest = this.take(len);
    if (rest === null) return null;
    let v = 0n;
    for (let i = len - 1; i >= 0; i--) v = (v << 8n) | BigInt(rest[i] ?? 0);
    if (len === 8) return v;
    const high = BigInt(first & ((1 << (7 - len)) - 1));
    return (high << BigInt(8 * len)) | v;
  }
}

/** Unpacks a packed bitmask (LSB first) into one 0/1 byte per code byte; padding bits are ignored. */
export function unpackBitmask(packed: Uint8Array, codeLength: number): Uint8Array {
  const out = new Uint8Array(codeLength);
  for (let i = 0; i < codeLength; i++) out[i] = ((packed[i >> 3] ?? 0) >> (i & 7)) & 1;
  return out;
}
