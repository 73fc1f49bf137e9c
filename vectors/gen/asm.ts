/**
 * Hand encoders for the generator's case tables: one function per operand format (GP A.5, pvm-core.md
 * 2.3), each giving the instruction as hex with 4-byte immediates, and `image` to lay instructions out
 * with their bitmask. Independent of the model's decoder on purpose.
 */
import { OPCODE_BY_NAME } from '../../model/decode/opcodes.js';
import { codeImage as image, hexBytes as bytes, leHex as le } from '../lib/code-image.js';
import { codeBlob as containerCodeBlob, gpBlob as containerGpBlob, manifestBlob, type ManifestEntry } from '../lib/containers.js';
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

/** The GP deblob of a code image, with the smallest jump-table entry size that fits. */
export const gpBlob = (c: CodeImage): Uint8Array => containerGpBlob(c);

/** A JAR CODE sub-blob with jump-table entry size 4. */
export const codeBlob = (c: CodeImage): Uint8Array => containerCodeBlob(c, { entrySize: 4 });

/** One raw manifest entry (type 0 CODE, 1 DATA, other values for rejection cases). */
export type ManifestCap = ManifestEntry;

/** A JAR v2 manifest of raw entries (vectors/lib/containers.ts `manifestBlob`); `magic` as hex, for rejection cases. */
export const manifest = (memoryPages: number, invoke: number, caps: readonly ManifestCap[], magic = '4a415202'): Uint8Array =>
  manifestBlob(memoryPages, invoke, caps, [...bytes(magic)]);
