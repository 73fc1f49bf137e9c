/**
 * Program containers for an assembled code image:
 * - the Gray Paper deblob `E(|j|) ‖ E1(z) ‖ E(|c|) ‖ j ‖ c ‖ packed bitmask` (GP A.2, pvm-core.md 4.4),
 *   E being the JAM compact natural;
 * - the jar1 CODE sub-blob `u32 jump_len ‖ u8 entry_size ‖ u32 code_len ‖ table ‖ code ‖ bitmask`
 *   (pvm-core.md 4.2);
 * - the JAR v2 manifest `'J','A','R',2 ‖ u32 memory_pages ‖ u8 cap_count ‖ u8 invoke_cap ‖ 19-byte cap
 *   entries ‖ data section` (pvm-core.md 4.1, spec-notes/0031).
 * All integers little-endian.
 */
import type { CodeImage, PageAccess } from '../../vectors/lib/types.js';

/** u32 little-endian. */
function u32(v: number): number[] {
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

/** One manifest entry: a CODE cap (an image, or a ready sub-blob) or a DATA cap. */
export type JarCapSpec =
  | { readonly slot: number; readonly type: 'code'; readonly image: CodeImage; readonly entrySize?: number }
  | { readonly slot: number; readonly type: 'code'; readonly blob: Uint8Array }
  | { readonly slot: number; readonly type: 'data'; readonly basePage: number; readonly pageCount: number; readonly access: PageAccess; readonly data?: Uint8Array };

export interface JarSpec {
  /** Untyped page budget; default the sum of the DATA caps' pages. */
  readonly memoryPages?: number;
  /** Slot of the CODE cap to start; default the first CODE cap's slot. */
  readonly invokeCap?: number;
  readonly caps: readonly JarCapSpec[];
}

/** The JAR v2 blob: header, one 19-byte entry per cap, then each cap's bytes in entry order (an empty cap gets offset 0). */
export function jarBlob(spec: JarSpec): Uint8Array {
  if (spec.caps.length > 255) throw new RangeError(`${spec.caps.length} caps, at most 255 fit the u8 cap_count`);
  const entries: number[] = [];
  const data: Uint8Array[] = [];
  let offset = 0;
  for (const c of spec.caps) {
    const bytes = c.type === 'data' ? c.data ?? new Uint8Array() : 'blob' in c ? c.blob : codeBlob(c.image, c.entrySize === undefined ? {} : { entrySize: c.entrySize });
    const [base, count, access] = c.type === 'data' ? [c.basePage, c.pageCount, c.access === 'W' ? 1 : 0] : [0, 0, 0];
    entries.push(c.slot & 0xff, c.type === 'code' ? 0 : 1, ...u32(base), ...u32(count), access, ...u32(bytes.length === 0 ? 0 : offset), ...u32(bytes.length));
    data.push(bytes);
    offset += bytes.length;
  }
  const pages = spec.caps.reduce((n, c) => n + (c.type === 'data' ? c.pageCount : 0), 0);
  const invoke = spec.invokeCap ?? spec.caps.find((c) => c.type === 'code')?.slot ?? 0;
  const head = [0x4a, 0x41, 0x52, 0x02, ...u32(spec.memoryPages ?? pages), spec.caps.length, invoke, ...entries];
  const out = new Uint8Array(head.length + offset);
  out.set(head);
  let at = head.length;
  for (const d of data) { out.set(d, at); at += d.length; }
  return out;
}
