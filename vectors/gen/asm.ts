/**
 * Hand encoders for the generator's case tables: one function per operand format (GP A.5, pvm-core.md
 * 2.3), each giving the instruction as hex with 4-byte immediates, and `image` to lay instructions out
 * with their bitmask. Independent of the model's decoder on purpose.
 */
import { OPCODE_BY_NAME } from '../../model/decode/opcodes.js';
import { codeImage as image, hexBytes as bytes, leHex as le } from '../lib/code-image.js';
import type { CodeImage } from '../lib/types.js';

/** Bytes of a hex string, little-endian hex of a number, a code image from instructions one per hex string (../lib/code-image.ts). */
export { bytes, image, le };

/** Opcode number by name; throws on a typo in a case table (a generator bug). */
export function op(name: string): number {
  const o = OPCODE_BY_NAME.get(name);
  if (o === undefined) throw new Error(`case table: no opcode named ${name}`);
  return o;
}

const b = (v: number): string => le(v, 1);
const i4 = (v: bigint | number): string => le(v, 4);

export const noArgs = (o: number): string => b(o);
export const oneImm = (o: number, imm: bigint | number): string => b(o) + i4(imm);
export const regExtImm = (o: number, r: number, v: bigint): string => b(o) + b(r) + le(v, 8);
/** TwoImm: lx = 4, then x (4 bytes) and y (4 bytes). */
export const twoImm = (o: number, x: bigint | number, y: bigint | number): string => b(o) + b(4) + i4(x) + i4(y);
/** OneOffset: target = pc + off. */
export const oneOffset = (o: number, off: number): string => b(o) + i4(off);
export const regImm = (o: number, r: number, imm: bigint | number): string => b(o) + b(r) + i4(imm);
export const regTwoImm = (o: number, r: number, x: bigint | number, y: bigint | number): string => b(o) + b(r | (4 << 4)) + i4(x) + i4(y);
/** OneRegImmOffset: target = pc + off. */
export const regImmOffset = (o: number, r: number, imm: bigint | number, off: number): string => b(o) + b(r | (4 << 4)) + i4(imm) + i4(off);
export const twoReg = (o: number, a: number, bReg: number): string => b(o) + b(a | (bReg << 4));
export const twoRegImm = (o: number, a: number, bReg: number, imm: bigint | number): string => b(o) + b(a | (bReg << 4)) + i4(imm);
export const twoRegOffset = (o: number, a: number, bReg: number, off: number): string => b(o) + b(a | (bReg << 4)) + i4(off);
export const twoRegTwoImm = (o: number, a: number, bReg: number, x: bigint | number, y: bigint | number): string => b(o) + b(a | (bReg << 4)) + b(4) + i4(x) + i4(y);
export const threeReg = (o: number, a: number, bReg: number, d: number): string => b(o) + b(a | (bReg << 4)) + b(d);

export const TRAP = '00';
export const FALLTHROUGH = '01';
/** move_reg r0 <- r0: a 2-byte non-terminator used as padding inside a block. */
export const PAD = '6400';

/** Byte length of an instruction's hex. */
export const len = (...instrs: string[]): number => instrs.reduce((n, s) => n + s.length / 2, 0);

/** Compact natural (GP C.6) of n. */
function varint(n: number): number[] {
  if (n < 0x80) return [n];
  if (n < 0x4000) return [0x80 | (n >> 8), n & 0xff];
  if (n < 0x200000) return [0xc0 | (n >> 16), n & 0xff, (n >> 8) & 0xff];
  return [0xe0 | (n >>> 24), n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff];
}

/** Packed bitmask: bit k of byte k/8 is instruction start k. */
function packBits(bitmask: Uint8Array): number[] {
  const out = new Array<number>(Math.ceil(bitmask.length / 8)).fill(0);
  bitmask.forEach((bit, k) => { if (bit) out[k >> 3] = (out[k >> 3] ?? 0) | (1 << (k & 7)); });
  return out;
}

/** The GP deblob of a code image: E(|j|) ‖ z ‖ E(|c|) ‖ j ‖ c ‖ packed bitmask, with the smallest z that fits. */
export function gpBlob(c: CodeImage): Uint8Array {
  const max = Math.max(0, ...c.jumpTable);
  const z = c.jumpTable.length === 0 ? 0 : max < 0x100 ? 1 : max < 0x10000 ? 2 : max < 0x1000000 ? 3 : 4;
  const table = c.jumpTable.flatMap((t) => Array.from({ length: z }, (_, k) => (t >>> (8 * k)) & 0xff));
  return Uint8Array.from([...varint(c.jumpTable.length), z, ...varint(c.code.length), ...table, ...c.code, ...packBits(c.bitmask)]);
}

/** A JAR CODE sub-blob: u32 jump_len ‖ u8 entry_size (4) ‖ u32 code_len ‖ table ‖ code ‖ packed bitmask. */
export function codeBlob(c: CodeImage): Uint8Array {
  return Uint8Array.from([
    ...bytes(le(c.jumpTable.length, 4) + '04' + le(c.code.length, 4)),
    ...c.jumpTable.flatMap((t) => [...bytes(le(t, 4))]), ...c.code, ...packBits(c.bitmask),
  ]);
}

export interface ManifestCap {
  readonly slot: number;
  /** 0 CODE, 1 DATA (other values for rejection cases). */
  readonly type: number;
  readonly basePage?: number;
  readonly pageCount?: number;
  readonly access?: number;
  readonly data: Uint8Array;
}

/** A JAR v2 manifest: magic, memory_pages, cap count, invoke slot, 19-byte entries, data section. */
export function manifest(memoryPages: number, invoke: number, caps: readonly ManifestCap[], magic = '4a415202'): Uint8Array {
  let offset = 0;
  let head = magic + le(memoryPages, 4) + le(caps.length, 1) + le(invoke, 1);
  for (const c of caps) {
    head += le(c.slot, 1) + le(c.type, 1) + le(c.basePage ?? 0, 4) + le(c.pageCount ?? 0, 4) + le(c.access ?? 0, 1) + le(offset, 4) + le(c.data.length, 4);
    offset += c.data.length;
  }
  return Uint8Array.from([...bytes(head), ...caps.flatMap((c) => [...c.data])]);
}
