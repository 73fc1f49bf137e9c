/**
 * An ASCII writer for the fast JSON-lines path of `javm trace --out`: numbers and hex values are
 * encoded digit by digit straight into a 1 MiB buffer that is written to the file when full, so a
 * record makes no string and no garbage, and memory stays bounded however long the trace.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

/** The bytes of an ASCII string (for the constant parts of a line). */
export const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0x7f);

const HEX = ascii('0123456789abcdef');

/** Writes the low n (1..8) hex digits of the 32-bit value v at p; returns the position after them. */
function hexDigits(buf: Uint8Array, p: number, v: number, n: number): number {
  for (let k = n - 1; k >= 0; k--) buf[p + k] = HEX[(v >>> (4 * (n - 1 - k))) & 15]!;
  return p + n;
}
const SIZE = 1 << 20;

export class ByteWriter {
  private readonly buf = new Uint8Array(SIZE);
  private pos = 0;
  private readonly fd: number;

  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }

  /** Room for n more bytes (a flush when the buffer is short of it); n must be below 1 MiB. */
  room(n: number): void {
    if (this.pos + n > SIZE) this.flush();
  }

  bytes(b: Uint8Array): void {
    if (this.pos + b.length > SIZE) this.flush();
    if (b.length > 24) {
      this.buf.set(b, this.pos);
      this.pos += b.length;
      return;
    }
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < b.length; i++) buf[p++] = b[i]!;
    this.pos = p;
  }

  /** An ASCII string (made on a rare path: kernel events, exits, memory bytes). */
  text(s: string): void {
    if (this.pos + s.length > SIZE) this.flush();
    if (s.length > SIZE) {
      this.flush();
      writeSync(this.fd, s, null, 'latin1');
      return;
    }
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** A non-negative integer below 2^53 in decimal. */
  dec(n: number): void {
    if (this.pos + 16 > SIZE) this.flush();
    const buf = this.buf;
    if (n < 10) {
      buf[this.pos++] = 48 + n;
      return;
    }
    if (n < 2147483648) { // int32 arithmetic: no floating-point division
      let digits = 1;
      for (let v = n; v >= 10; v = (v / 10) | 0) digits++;
      let p = this.pos + digits;
      this.pos = p;
      for (let v = n; v !== 0; v = (v / 10) | 0) buf[--p] = 48 + (v % 10);
      return;
    }
    let digits = 0;
    for (let v = n; v >= 1; v = Math.floor(v / 10)) digits++;
    let p = this.pos + digits;
    this.pos = p;
    for (let v = n; v >= 1; v = Math.floor(v / 10)) buf[--p] = 48 + (v % 10);
  }

  /** "0x" and the hex digits (no leading zeros) of the u64 whose int32 halves are lo, hi. */
  hex64(lo: number, hi: number): void {
    if (this.pos + 18 > SIZE) this.flush();
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = 48;
    buf[p++] = 120;
    if (hi !== 0) {
      p = hexDigits(buf, p, hi, 8 - (Math.clz32(hi) >>> 2));
      p = hexDigits(buf, p, lo, 8);
    } else p = hexDigits(buf, p, lo, lo === 0 ? 1 : 8 - (Math.clz32(lo) >>> 2));
    this.pos = p;
  }

  /** Two hex digits of a byte value, or "??" for 256 and above (an unreadable byte). */
  hexByte(b: number): void {
    if (this.pos + 2 > SIZE) this.flush();
    if (b > 255) {
      this.buf[this.pos++] = 63;
      this.buf[this.pos++] = 63;
      return;
    }
    this.buf[this.pos++] = HEX[b >>> 4]!;
    this.buf[this.pos++] = HEX[b & 15]!;
  }

  /** "0x" and the hex digits of an integer 0..2^53-1. */
  hexNum(n: number): void {
    this.hex64(n >>> 0, Math.floor(n / 4294967296) >>> 0);
  }

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
