/**
 * Program containers, encoded from plain data (pvm-core.md 4): the Gray Paper deblob
 * `E(|j|) ‖ E1(z) ‖ E(|c|) ‖ j ‖ c ‖ packed bitmask` (E = JAM compact natural), the jar1 CODE sub-blob
 * `u32 jump_len ‖ u8 entry_size ‖ u32 code_len ‖ table ‖ code ‖ bitmask`, and the JAR v2 manifest
 * `magic ‖ u32 memory_pages ‖ u8 cap_count ‖ u8 invoke_cap ‖ 19-byte entries ‖ data section`.
 * All integers little-endian. One encoder for the assembler, the fuzzer and the vector generator;
 * nothing here decodes, so neither engine's parser is involved.
 */
import type { CodeImage } from './types.js';

/** u32 little-endian (the low 32 bits). */
export function u32(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
}

/** The JAM compact natural of v < 2^64 (GP C.6): 1 byte below 2^7, else a length prefix in the first byte. */
export function compactNatural(v: bigint | number): number[] {
  const x = BigInt(v);
  if (x < 0n || x >= 2n ** 64n) throw new RangeError(`compact natural out of range: ${x}`);
  if (x < 0x80n) return [Number(x)];
  for (let l = 1; l <= 7; l++) {
    if (x < 1n << BigInt(7 * (l + 1))) {
      // first byte: l leading one bits, then the bits of x above the l low bytes
      const head = 256 - (1 << (8 - l)) + Number(x >> BigInt(8 * l));
      const tail: number[] = [];
      for (let k = 0; k < l; k++) tail.push(Number((x >> BigInt(8 * k)) & 0xffn));
      return [head, ...tail];
    }
  }
  const tail: number[] = [];
  for (let k = 0; k < 8; k++) tail.push(Number((x >> BigInt(8 * k)) & 0xffn));
  return [0xff, ...tail];
}

/** The packed bitmask: bit i of byte i/8 (LSB first) is 1 where an instruction starts. */
export function packBitmask(bitmask: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(bitmask.length / 8));
  for (let i = 0; i < bitmask.length; i++) if (bitmask[i]) out[i >> 3] = (out[i >> 3] ?? 0) | (1 << (i & 7));
  return out;
}

/** The least entry size (1..4 bytes) that holds every jump-table entry. */
export function leastEntrySize(table: readonly number[]): number {
  const top = table.reduce((m, t) => Math.max(m, t), 0);
  return top < 0x100 ? 1 : top < 0x10000 ? 2 : top < 0x1000000 ? 3 : 4;
}

function concat(parts: readonly (ArrayLike<number>)[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

function tableBytes(table: readonly number[], z: number): number[] {
  return table.flatMap((t) => u32(t).slice(0, z));
}

export interface EntrySizeOption {
  /** Jump-table entry size in bytes; default the least that holds every entry (gp: 0 for an empty table, as the w3f blobs). */
  readonly entrySize?: number;
}

function checkEntrySize(image: CodeImage, z: number, min: number): void {
  if (!Number.isInteger(z) || z < min || z > 4 || image.jumpTable.some((t) => t >= 2 ** (8 * z))) {
    throw new RangeError(`jump-table entry size ${z} cannot hold the table [${image.jumpTable.join(', ')}]`);
  }
}

/** The GP deblob of a code image. */
export function gpBlob(image: CodeImage, opts: EntrySizeOption = {}): Uint8Array {
  const z = opts.entrySize ?? (image.jumpTable.length === 0 ? 0 : leastEntrySize(image.jumpTable));
  checkEntrySize(image, z, image.jumpTable.length === 0 ? 0 : 1);
  return concat([compactNatural(image.jumpTable.length), [z], compactNatural(image.code.length), tableBytes(image.jumpTable, z), image.code, packBitmask(image.bitmask)]);
}

/** The jar1 CODE sub-blob of a code image (entry size 1..4 even for an empty table). */
export function codeBlob(image: CodeImage, opts: EntrySizeOption = {}): Uint8Array {
  const z = opts.entrySize ?? leastEntrySize(image.jumpTable);
  checkEntrySize(image, z, 1);
  return concat([u32(image.jumpTable.length), [z], u32(image.code.length), tableBytes(image.jumpTable, z), image.code, packBitmask(image.bitmask)]);
}

/** One 19-byte manifest entry in raw numbers (any value, so that rejection cases can be written too). */
export interface ManifestEntry {
  readonly slot: number;
  /** 0 CODE, 1 DATA. */
  readonly type: number;
  readonly basePage?: number;
  readonly pageCount?: number;
  /** 0 read-only, 1 read-write. */
  readonly access?: number;
  /** The cap's bytes in the data section: a CODE sub-blob, or a DATA cap's initial bytes. */
  readonly data: Uint8Array;
  /** Its data_offset field; default where its bytes land (the running offset). */
  readonly offset?: number;
}

/** The JAR_MAGIC bytes 'J','A','R',0x02 (spec-notes/0031). */
export const JAR_MAGIC: readonly number[] = [0x4a, 0x41, 0x52, 0x02];

/** A JAR v2 manifest: header, one 19-byte entry per cap, then each cap's bytes in entry order. u8 fields keep their low byte. */
export function manifestBlob(memoryPages: number, invokeCap: number, entries: readonly ManifestEntry[], magic: readonly number[] = JAR_MAGIC): Uint8Array {
  const head: number[] = [...magic, ...u32(memoryPages), entries.length & 0xff, invokeCap & 0xff];
  let offset = 0;
  for (const e of entries) {
    head.push(e.slot & 0xff, e.type & 0xff, ...u32(e.basePage ?? 0), ...u32(e.pageCount ?? 0), (e.access ?? 0) & 0xff, ...u32(e.offset ?? offset), ...u32(e.data.length));
    offset += e.data.length;
  }
  return concat([head, ...entries.map((e) => e.data)]);
}
