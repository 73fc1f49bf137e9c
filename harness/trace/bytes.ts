/**
 * An ASCII writer for the fast JSON-lines path of `javm trace --out`: numbers and hex values are
 * encoded digit by digit straight into a 1 MiB buffer that is written to the file when full, so a
 * record makes no string and no garbage, and memory stays bounded however long the trace. The put*
 * functions encode at a position of a buffer and return the position after, so that a caller that
 * asked for room once (`room`) writes a whole record with no further checks.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

/** The bytes of an ASCII string (for the constant parts of a line). */
export const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0x7f);

const HEX = ascii('0123456789abcdef');
/** The two hex digits of each byte value, high one first. */
const HEX_HI = Uint8Array.from({ length: 256 }, (_, b) => HEX[b >>> 4]!);
const HEX_LO = Uint8Array.from({ length: 256 }, (_, b) => HEX[b & 15]!);

/** A constant run of ASCII bytes, also as little-endian 32-bit words (the last one padded with zeros). */
export interface Piece {
  readonly bytes: Uint8Array;
  readonly words: Int32Array;
}

/** The piece of an ASCII string. */
export function piece(s: string): Piece {
  const bytes = ascii(s);
  const padded = new Uint8Array(Math.ceil(bytes.length / 4) * 4);
  padded.set(bytes);
  const words = new Int32Array(padded.length / 4);
  for (let i = 0; i < words.length; i++) words[i] = padded[4 * i]! | (padded[4 * i + 1]! << 8) | (padded[4 * i + 2]! << 16) | (padded[4 * i + 3]! << 24);
  return { bytes, words };
}

/**
 * Writes a short piece at p, a word at a time through a DataView over the buffer (`buf.set` is
 * quicker from about 48 bytes on); returns the position after it. Up to 3 bytes after it may be
 * overwritten: the caller's room must have them.
 */
export function putPiece(dv: DataView, p: number, c: Piece): number {
  const w = c.words;
  for (let i = 0; i < w.length; i++) dv.setInt32(p + 4 * i, w[i]!, true);
  return p + c.bytes.length;
}

/*
 * The number writers take their value from a typed array and an index, never as an argument: a
 * function the JS engine does not inline gets its arguments boxed, and an int32 above 2^30 or a
 * double as an argument is then a heap allocation, one per record (garbage that a full-speed trace
 * would spend its time collecting).
 */

/** Writes the element i of a (a non-negative integer below 2^53) in decimal at p; returns the position after it. */
export function putDecAt(buf: Uint8Array, p: number, a: Float64Array, i: number): number {
  const n = a[i]!;
  if (n < 10) {
    buf[p] = 48 + n;
    return p + 1;
  }
  let end: number;
  if (n < 2147483648) { // int32 arithmetic: no floating-point division
    end = p + (n < 100 ? 2 : n < 1000 ? 3 : n < 10000 ? 4 : n < 100000 ? 5 : n < 1000000 ? 6 : n < 10000000 ? 7 : n < 100000000 ? 8 : n < 1000000000 ? 9 : 10);
    let q = end;
    for (let v = n | 0; v !== 0; v = (v / 10) | 0) buf[--q] = 48 + (v % 10);
    return end;
  }
  let digits = 0;
  for (let v = n; v >= 1; v = Math.floor(v / 10)) digits++;
  end = p + digits;
  let q = end;
  for (let v = n; v >= 1; v = Math.floor(v / 10)) buf[--q] = 48 + (v % 10);
  return end;
}

/**
 * Writes "0x" and the hex digits (no leading zeros) of the u64 whose int32 halves are lo[i], hi[i]
 * at p, two digits per table look-up; returns the position after them.
 */
export function putHex64At(buf: Uint8Array, p: number, lo: Int32Array, hi: Int32Array, i: number): number {
  let l = lo[i]!;
  let h = hi[i]!;
  buf[p] = 48;
  buf[p + 1] = 120;
  const n = h !== 0 ? 16 - (Math.clz32(h) >>> 2) : l === 0 ? 1 : 8 - (Math.clz32(l) >>> 2);
  const end = p + 2 + n;
  let q = end;
  let k = n < 8 ? n : 8; // digits of the low half
  for (; k >= 2; k -= 2) {
    const b = l & 255;
    buf[--q] = HEX_LO[b]!;
    buf[--q] = HEX_HI[b]!;
    l >>>= 8;
  }
  if (k === 1) buf[--q] = HEX[l & 15]!;
  for (k = n - 8; k >= 2; k -= 2) { // digits of the high half
    const b = h & 255;
    buf[--q] = HEX_LO[b]!;
    buf[--q] = HEX_HI[b]!;
    h >>>= 8;
  }
  if (k === 1) buf[--q] = HEX[h & 15]!;
  return end;
}

const HALF_LO = new Int32Array(1);
const HALF_HI = new Int32Array(1);

/** Writes "0x" and the hex digits of the element i of a (an integer 0..2^53-1) at p; returns the position after. */
export function putHexNumAt(buf: Uint8Array, p: number, a: Float64Array, i: number): number {
  const n = a[i]!;
  HALF_LO[0] = n >>> 0;
  HALF_HI[0] = (n / 4294967296) >>> 0;
  return putHex64At(buf, p, HALF_LO, HALF_HI, 0);
}

/** Writes two hex digits of a byte value, or "??" for 256 and above (an unreadable byte), at p; returns the position after. */
export function putHexByte(buf: Uint8Array, p: number, b: number): number {
  if (b > 255) {
    buf[p] = 63;
    buf[p + 1] = 63;
  } else {
    buf[p] = HEX_HI[b]!;
    buf[p + 1] = HEX_LO[b]!;
  }
  return p + 2;
}

/** Bytes the buffer holds; `room` asks for less. */
const SIZE = 1 << 20;

/**
 * A file written through one 1 MiB buffer: the put* functions encode into `buf` at `pos` after
 * `room`; a full buffer is written with one system call and reused, so memory stays at the buffer
 * however long the trace. (A writer thread doing the system calls while this one encodes measured
 * no faster: starting it costs about what the writes cost, which are a small part of a record.)
 */
export class ByteWriter {
  readonly buf = new Uint8Array(SIZE);
  /** The same bytes, for putPiece. */
  readonly dv = new DataView(this.buf.buffer);
  pos = 0;
  private readonly fd: number;

  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }

  /** Room for n more bytes (a flush when the buffer is short of it); n must be at most 1 MiB - 4 (putPiece may write 3 bytes past its piece). */
  room(n: number): void {
    if (this.pos + n > SIZE - 4) this.flush();
  }

  /** An ASCII string (made on a rare path: kernel events, exits, the summary). */
  text(s: string): void {
    if (this.pos + s.length > SIZE - 4) this.flush();
    if (s.length > SIZE - 4) {
      writeSync(this.fd, s, null, 'latin1');
      return;
    }
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** The buffer to the file. */
  flush(): void {
    let off = 0;
    while (off < this.pos) off += writeSync(this.fd, this.buf, off, this.pos - off);
    this.pos = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
