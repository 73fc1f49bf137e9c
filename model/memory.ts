/**
 * Paged memory: 2^20 pages of 4096 bytes, each inaccessible, read-only (R) or read-write (W).
 * Immutable: a write returns a new Memory sharing every page it does not touch; the page map is
 * persistent (Immutable.js), so a store costs the page it writes, not a copy of the page map (issue 14).
 * Spec: Lean `Memory.lean` (readBytes/writeBytes), pvm-core.md 1.2; spec-notes/0007, 0008, 0009, 0027.
 */
import { Map as PMap } from 'immutable';
import { PAGE_SIZE, type MemoryChunk, type PageAccess, type PageRange } from '../vectors/lib/types.js';
import { invariant, U32_MOD } from './numeric.js';

export const PAGE_COUNT = 1 << 20;

export interface Page {
  readonly access: PageAccess;
  /** null while the page has never been written: it reads as zeros. */
  readonly bytes: Uint8Array | null;
}

export interface Memory {
  /** Accessible pages by index, read with get/has/size/keys/iteration; built by memoryOfPages. */
  readonly pages: PMap<number, Page>;
}

/** The result of a memory access: the bytes read (or the new memory), or the failing address. */
export type MemResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly address: number };

export const emptyMemory: Memory = Object.freeze({ pages: PMap<number, Page>() });

/** The memory of the listed pages (index, page). */
export function memoryOfPages(pages: Iterable<readonly [number, Page]>): Memory {
  return Object.freeze({ pages: PMap(pages as Iterable<[number, Page]>) });
}

/** Memory with the given page ranges accessible and chunks written (ranges must be page aligned). */
export function memoryFrom(ranges: readonly PageRange[], chunks: readonly MemoryChunk[]): Memory {
  const pages: [number, Page][] = [];
  for (const r of ranges) {
    invariant(r.address % PAGE_SIZE === 0 && r.length % PAGE_SIZE === 0, `page range ${r.address}+${r.length} not aligned`);
    for (let a = r.address; a < r.address + r.length; a += PAGE_SIZE) pages.push([a / PAGE_SIZE, { access: r.access, bytes: null }]);
  }
  let mem = memoryOfPages(pages);
  for (const c of chunks) mem = pokeBytes(mem, c.address, c.bytes);
  return mem;
}

/** Address of byte i of an access at `address` (spec-notes/0008: addresses wrap mod 2^32). */
const byteAddress = (address: bigint, i: number): number => Number((address + BigInt(i)) % U32_MOD);

/** The numerically lowest address of the access that its page does not allow (spec-notes/0007), or null. */
function firstDenied(mem: Memory, address: bigint, n: number, write: boolean): number | null {
  let lowest: number | null = null;
  for (let i = 0; i < n; i++) {
    const a = byteAddress(address, i);
    const page = mem.pages.get(Math.floor(a / PAGE_SIZE));
    const allowed = page !== undefined && (!write || page.access === 'W');
    if (!allowed && (lowest === null || a < lowest)) lowest = a;
  }
  return lowest;
}

/** Reads n bytes at a 64-bit effective address; fails with the lowest inaccessible address. */
export function readBytes(mem: Memory, address: bigint, n: number): MemResult<Uint8Array> {
  const denied = firstDenied(mem, address, n, false);
  if (denied !== null) return { ok: false, address: denied };
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const a = byteAddress(address, i);
    out[i] = mem.pages.get(Math.floor(a / PAGE_SIZE))?.bytes?.[a % PAGE_SIZE] ?? 0;
  }
  return { ok: true, value: out };
}

/** Writes bytes at a 64-bit effective address if every byte's page is writable; nothing moves otherwise. */
export function writeBytes(mem: Memory, address: bigint, bytes: Uint8Array): MemResult<Memory> {
  const denied = firstDenied(mem, address, bytes.length, true);
  if (denied !== null) return { ok: false, address: denied };
  return { ok: true, value: pokeBytes(mem, Number(address % U32_MOD), bytes) };
}

/** Writes bytes without access checks (initialisation and the host only); the pages must exist. */
export function pokeBytes(mem: Memory, address: number, bytes: Uint8Array): Memory {
  const copies = new Map<number, { access: PageAccess; bytes: Uint8Array }>(); // the pages this write touches: 1 or 2
  for (let i = 0; i < bytes.length; i++) {
    const a = (address + i) % 2 ** 32;
    const index = Math.floor(a / PAGE_SIZE);
    let copy = copies.get(index);
    if (copy === undefined) {
      const page = mem.pages.get(index);
      invariant(page !== undefined, `poke at ${a}: page ${index} is not accessible`);
      copy = { access: page.access, bytes: new Uint8Array(PAGE_SIZE) };
      if (page.bytes !== null) copy.bytes.set(page.bytes);
      copies.set(index, copy);
    }
    copy.bytes[a % PAGE_SIZE] = bytes[i] ?? 0;
  }
  if (copies.size === 0) return mem;
  return Object.freeze({ pages: mem.pages.withMutations((m) => {
    for (const [index, page] of copies) m.set(index, Object.freeze(page));
  }) });
}

/** Accessible pages as maximal ranges of equal access, ascending. */
export function pageRanges(mem: Memory): PageRange[] {
  const indices = [...mem.pages.keys()].sort((a, b) => a - b);
  const out: { address: number; length: number; access: PageAccess }[] = [];
  for (const i of indices) {
    const access = mem.pages.get(i)?.access ?? 'R';
    const last = out[out.length - 1];
    if (last !== undefined && last.address + last.length === i * PAGE_SIZE && last.access === access) last.length += PAGE_SIZE;
    else out.push({ address: i * PAGE_SIZE, length: PAGE_SIZE, access });
  }
  return out;
}

/** Runs of non-zero bytes, ascending (the form the w3f vectors and our snapshots use). */
export function nonZeroChunks(mem: Memory): MemoryChunk[] {
  const out: MemoryChunk[] = [];
  let start = -1;
  let run: number[] = [];
  const flush = (): void => {
    if (run.length > 0) out.push({ address: start, bytes: Uint8Array.from(run) });
    run = [];
  };
  for (const i of [...mem.pages.keys()].sort((a, b) => a - b)) {
    const bytes = mem.pages.get(i)?.bytes;
    if (!bytes) continue;
    for (let j = 0; j < PAGE_SIZE; j++) {
      const b = bytes[j] ?? 0;
      const a = i * PAGE_SIZE + j;
      if (b === 0) continue;
      if (run.length > 0 && start + run.length === a) run.push(b);
      else {
        flush();
        start = a;
        run = [b];
      }
    }
  }
  flush();
  return out;
}
