/**
 * Byte-level encoders for generated cases: instructions by operand format (GP A.5, pvm-core.md 2.3),
 * code images with their bitmask, CODE sub-blobs (u32 header) and JAR v2 manifests (pvm-core.md 4.1).
 * Written for the fuzzer on its own (it does not call either engine's decoder), so a decoder bug
 * shows up as a divergence instead of being shared by both sides.
 */
import { layOut } from '../../vectors/lib/code-image.js';
import { codeBlob as containerCodeBlob, manifestBlob } from '../../vectors/lib/containers.js';
import type { CodeImage } from '../../vectors/lib/types.js';

/** n little-endian bytes of v (two's complement for negative values). */
export function le(v: bigint | number, n: number): number[] {
  let x = BigInt.asUintN(64, BigInt(v));
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    out.push(Number(x & 0xffn));
    x >>= 8n;
  }
  return out;
}

/** The shortest length 0..4 whose sign-extension gives back the low 32 bits' signed value of v. */
export function immLength(v: bigint): number {
  const s = BigInt.asIntN(32, v);
  if (s === 0n) return 0;
  for (let n = 1; n < 4; n++) {
    const half = 1n << BigInt(8 * n - 1);
    if (s >= -half && s < half) return n;
  }
  return 4;
}

const rr = (a: number, b: number): number => (a & 15) | ((b & 15) << 4);

/** Instruction bytes for the formats the fuzzer emits (opcode first). */
export const I = {
  trap: (): number[] => [0],
  fallthrough: (): number[] => [1],
  ecall: (): number[] => [3],
  /** ecalli with the immediate in as few bytes as sign extension allows. */
  ecalli: (imm: number): number[] => [10, ...le(imm, immLength(BigInt(imm)))],
  loadImm64: (r: number, v: bigint): number[] => [20, r & 15, ...le(v, 8)],
  /** jump by a 4-byte offset relative to this instruction. */
  jump: (offset: number): number[] => [40, ...le(offset, 4)],
  jumpInd: (r: number, imm: number): number[] => [50, r & 15, ...le(imm, 4)],
  loadImm: (r: number, v: number): number[] => [51, r & 15, ...le(v, 4)],
  /** add_imm_64 rA = rB + imm. */
  addImm64: (ra: number, rb: number, imm: number): number[] => [149, rr(ra, rb), ...le(imm, 4)],
  /** branch_ne_imm rA, imm, offset (OneRegImmOffset, 4-byte immediate and offset). */
  branchNeImm: (r: number, imm: number, offset: number): number[] => [82, (r & 15) | (4 << 4), ...le(imm, 4), ...le(offset, 4)],
  /** TwoRegOneImm memory ops: opcode 120..130, rA value/destination, rB base, imm offset. */
  memInd: (opcode: number, ra: number, rb: number, imm: number): number[] => [opcode, rr(ra, rb), ...le(imm, 4)],
  threeReg: (opcode: number, ra: number, rb: number, rd: number): number[] => [opcode, rr(ra, rb), rd & 15],
};

/** A code image from instructions (each array starts an instruction). */
export const assemble = (instrs: readonly (readonly number[])[], jumpTable: readonly number[] = []): CodeImage => layOut(instrs, jumpTable);

/** Start offsets of the instructions of a list. */
export function starts(instrs: readonly (readonly number[])[]): number[] {
  const out: number[] = [];
  let at = 0;
  for (const p of instrs) {
    out.push(at);
    at += p.length;
  }
  return out;
}

export { packBitmask } from '../../vectors/lib/containers.js';

/** A jar1 CODE sub-blob with the given jump-table entry size (default 4). */
export const codeBlob = (image: CodeImage, entrySize = 4): Uint8Array => containerCodeBlob(image, { entrySize });

/** One manifest entry: a CODE cap (its sub-blob) or a DATA cap with initial bytes. */
export type ManifestCap =
  | { readonly slot: number; readonly type: 'code'; readonly blob: Uint8Array }
  | { readonly slot: number; readonly type: 'data'; readonly basePage: number; readonly pageCount: number; readonly access: number; readonly data: Uint8Array };

/** A JAR v2 blob of raw entries (vectors/lib/containers.ts `manifestBlob`). */
export function jarBlob(memoryPages: number, invokeSlot: number, caps: readonly ManifestCap[]): Uint8Array {
  return manifestBlob(memoryPages, invokeSlot, caps.map((c) => (c.type === 'code' ? { slot: c.slot, type: 0, data: c.blob } : { ...c, type: 1 })));
}
