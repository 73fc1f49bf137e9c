/**
 * The JAR v2 capability manifest: 10-byte header, 19-byte cap entries, data section.
 * Spec: Lean `Decode.parseJarHeader`, `Decode.parseJarCapEntry`, `Interpreter.initCap`; Rust program.rs
 * `parse_blob` (pvm-core.md 4.1); spec-notes/0019 (bounds and validation), 0021 (Σ DATA pages ≤
 * memory_pages), 0058 (rejections neither source makes: duplicate slots, overlap, oversized data, pages ≥ 2^20).
 */
import { PAGE_SIZE, type CodeImage, type PageAccess } from '../../vectors/lib/types.js';
import { parseCodeBlob } from './code.js';
import { fail, ok, Reader, type Parsed } from './reader.js';

export const JAR_MAGIC = Uint8Array.of(0x4a, 0x41, 0x52, 0x02);
const HEADER = 10;
const ENTRY = 19;
const MAX_PAGES = 1 << 20;

export type JarCap =
  | { readonly slot: number; readonly type: 'code'; readonly image: CodeImage }
  | { readonly slot: number; readonly type: 'data'; readonly basePage: number; readonly pageCount: number; readonly access: PageAccess; readonly data: Uint8Array };

export interface JarProgram {
  readonly memoryPages: number;
  readonly invokeCap: number;
  readonly caps: readonly JarCap[];
}

interface RawEntry { slot: number; type: number; basePage: number; pageCount: number; access: number; offset: number; length: number }

/** Reads the 19-byte entries; null when the blob ends first. */
function readEntries(r: Reader, count: number): RawEntry[] | null {
  const out: RawEntry[] = [];
  for (let k = 0; k < count; k++) {
    const e = r.take(ENTRY);
    if (e === null) return null;
    const u32 = (at: number): number => (e[at] ?? 0) + (e[at + 1] ?? 0) * 2 ** 8 + (e[at + 2] ?? 0) * 2 ** 16 + (e[at + 3] ?? 0) * 2 ** 24;
    out.push({ slot: e[0] ?? 0, type: e[1] ?? 0, basePage: u32(2), pageCount: u32(6), access: e[10] ?? 0, offset: u32(11), length: u32(15) });
  }
  return out;
}

/** Validates one entry and builds its cap: data within the data section (0019), within its pages and the 2^20-page space (0058). */
function buildCap(e: RawEntry, k: number, data: Uint8Array): Parsed<JarCap> {
  const where = `cap entry ${k} (slot ${e.slot})`;
  if (e.type > 1) return fail('bad_cap_type', `${where}: cap_type = ${e.type}, expected 0 (CODE) or 1 (DATA)`);
  if (e.access > 1) return fail('bad_access', `${where}: init_access = ${e.access}, expected 0 (RO) or 1 (RW)`);
  if (e.length > 0 && e.offset + e.length > data.length) {
    return fail('out_of_bounds', `${where}: data [${e.offset}, ${e.offset + e.length}) reaches past the ${data.length}-byte data section`);
  }
  const bytes = e.length > 0 ? data.subarray(e.offset, e.offset + e.length) : new Uint8Array();
  if (e.type === 0) {
    const image = parseCodeBlob(bytes, where);
    return image.ok ? ok({ slot: e.slot, type: 'code', image: image.value }) : image;
  }
  if (e.basePage + e.pageCount > MAX_PAGES) return fail('out_of_bounds', `${where}: pages [${e.basePage}, ${e.basePage + e.pageCount}) exceed the 2^20-page address space`);
  if (bytes.length > e.pageCount * PAGE_SIZE) return fail('out_of_bounds', `${where}: ${bytes.length} data bytes do not fit in ${e.pageCount} pages`);
  return ok({ slot: e.slot, type: 'data', basePage: e.basePage, pageCount: e.pageCount, access: e.access === 1 ? 'W' : 'R', data: Uint8Array.from(bytes) });
}

/** Cross-entry rules: unique slots, an invoke cap that is CODE, DATA pages within budget and disjoint (spec-notes/0058). */
function manifestProblem(caps: readonly JarCap[], memoryPages: number, invokeCap: number): Parsed<null> {
  const slots = new Set<number>();
  for (const c of caps) {
    if (slots.has(c.slot)) return fail('duplicate_cap', `two cap entries name slot ${c.slot}`);
    slots.add(c.slot);
  }
  if (!caps.some((c) => c.slot === invokeCap && c.type === 'code')) return fail('no_invoke_cap', `invoke_cap = ${invokeCap} names no CODE cap entry`);
  const data = caps.flatMap((c) => (c.type === 'data' ? [c] : [])).sort((a, b) => a.basePage - b.basePage);
  const pages = data.reduce((n, c) => n + c.pageCount, 0);
  if (pages > memoryPages) return fail('too_many_pages', `DATA caps hold ${pages} pages, memory_pages is ${memoryPages}`);
  const covering = data.filter((c) => c.pageCount > 0); // a 0-page cap covers no page (spec-notes/0058)
  for (let k = 1; k < covering.length; k++) {
    const a = covering[k - 1];
    const b = covering[k];
    if (a && b && a.basePage + a.pageCount > b.basePage) return fail('overlapping_pages', `DATA caps in slots ${a.slot} and ${b.slot} overlap at page ${b.basePage}`);
  }
  return ok(null);
}

/** Parses a JAR v2 blob into its manifest, parsing every CODE cap. */
export function parseJarBlob(bytes: Uint8Array): Parsed<JarProgram> {
  if (bytes.length < HEADER) return fail('truncated', `jar blob: header needs ${HEADER} bytes, ${bytes.length} present`);
  if (!JAR_MAGIC.every((b, k) => bytes[k] === b)) {
    const got = [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    return fail('bad_magic', `jar blob: magic is ${got}, expected 4a 41 52 02 ('J','A','R',2)`);
  }
  const r = new Reader(bytes, 4);
  const memoryPages = r.uint(4) ?? 0;
  const count = r.uint(1) ?? 0;
  const invokeCap = r.uint(1) ?? 0;
  const entries = readEntries(r, count);
  if (entries === null) return fail('truncated', `jar blob: ${count} cap entries need ${HEADER + ENTRY * count} bytes, ${bytes.length} present`);
  const data = bytes.subarray(r.offset);
  const caps: JarCap[] = [];
  for (const [k, e] of entries.entries()) {
    const cap = buildCap(e, k, data);
    if (!cap.ok) return cap;
    caps.push(cap.value);
  }
  const problem = manifestProblem(caps, memoryPages, invokeCap);
  return problem.ok ? ok({ memoryPages, invokeCap, caps }) : problem;
}
