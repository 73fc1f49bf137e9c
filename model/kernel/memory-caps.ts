/**
 * DATA caps and memory: a VM's address space (the mapped pages of the DATA caps in its own CNode),
 * RETYPE, MAP, UNMAP, SPLIT and the CALL-on-DATA copy. Bytes live in the backing store; DATA caps
 * are views of backing pages, so MAP/UNMAP/MOVE never copy. Spec: Lean `handleRetype`, `handleMap`,
 * `handleUnmap`, `handleSplit`, `handleCallData`; Rust `ecall_map` etc.; spec-notes/0029, 0033, 0036, 0042.
 */
import { PAGE_SIZE } from '../../vectors/lib/types.js';
import { memoryOfPages, type Memory, type Page } from '../memory.js';
import { invariant } from '../numeric.js';
import { refOf, resolveRef, type Place } from './resolve.js';
import { cont, what, type Dispatch } from './results.js';
import {
  activeReg, backingPage, capAt, noPages, pagesWith, pagesWithout, setActiveReg, setCap, vmOf, withBackingPages, withKernel,
  type DataCap, type KernelState,
} from './state.js';

const ADDRESS_PAGES = 1 << 20;
const ZERO_PAGE = new Uint8Array(PAGE_SIZE);

/** The page numbers first..last. */
function* pageRange(first: number, last: number): Generator<number> {
  for (let p = first; p <= last; p++) yield p;
}

/** The address-space page → backing page map of a VM (spec-notes/0029). */
export function addressSpace(s: KernelState, vm: number): Map<number, { backing: number; cap: DataCap }> {
  const out = new Map<number, { backing: number; cap: DataCap }>();
  for (const cap of vmOf(s, vm).cnode.slots.values()) {
    if (cap.kind !== 'data' || cap.base === null) continue;
    for (const p of cap.mapped) out.set(cap.base + p, { backing: cap.backing + p, cap });
  }
  return out;
}

/** The core's view of a VM's memory: mapped pages with their access and backing bytes. */
export function memoryOf(s: KernelState, vm: number): Memory {
  const pages: [number, Page][] = [];
  for (const [page, m] of addressSpace(s, vm)) pages.push([page, { access: m.cap.access ?? 'R', bytes: backingPage(s, m.backing) ?? null }]);
  return memoryOfPages(pages);
}

/** Writes back the pages a core run changed (compared by identity: the core copies a page on write). */
export function writeBack(s: KernelState, vm: number, before: Memory, after: Memory): KernelState {
  if (after.pages === before.pages) return s; // nothing written
  const space = addressSpace(s, vm);
  const written: [number, Uint8Array][] = [];
  for (const [page, p] of after.pages) {
    if (p.bytes === null || p.bytes === before.pages.get(page)?.bytes) continue;
    const m = space.get(page);
    invariant(m !== undefined, `core wrote page ${page}, which is not mapped`);
    written.push([m.backing, p.bytes]);
  }
  return withBackingPages(s, written);
}

/** The byte at offset of a DATA cap's backing pages. */
function byteOf(s: KernelState, cap: DataCap, offset: number): number {
  return (backingPage(s, cap.backing + Math.floor(offset / PAGE_SIZE)) ?? ZERO_PAGE)[offset % PAGE_SIZE] ?? 0;
}

/**
 * Copies len bytes from offset `from` of cap a to offset `to` of cap b, reading the old state (so
 * overlapping copies behave as memmove). Only backing pages that exist or receive a byte from an
 * existing page are visited: a copy of zeros onto absent pages changes nothing, whatever its length.
 */
function copyBytes(s: KernelState, a: DataCap, from: number, b: DataCap, to: number, len: number): KernelState {
  const dstPages = new Set<number>(); // page indices within b that may change
  const firstDst = Math.floor(to / PAGE_SIZE);
  const lastDst = Math.floor((to + len - 1) / PAGE_SIZE);
  const firstSrc = Math.floor(from / PAGE_SIZE);
  const lastSrc = Math.floor((from + len - 1) / PAGE_SIZE);
  // the written backing pages in either range: by the ranges or by the store, whichever is shorter
  const ranges = lastDst - firstDst + 1 + (lastSrc - firstSrc + 1);
  const candidates = ranges < s.backing.size
    ? [...pageRange(b.backing + firstDst, b.backing + lastDst), ...pageRange(a.backing + firstSrc, a.backing + lastSrc)].filter((page) => backingPage(s, page) !== undefined)
    : s.backing.keys();
  for (const page of candidates) {
    const q = page - b.backing;
    if (q >= firstDst && q <= lastDst) dstPages.add(q);
    const p = page - a.backing;
    if (p < firstSrc || p > lastSrc) continue;
    const lo = Math.max(p * PAGE_SIZE, from) - from + to; // where this source page lands in b
    const hi = Math.min((p + 1) * PAGE_SIZE, from + len) - 1 - from + to;
    for (let k = Math.floor(lo / PAGE_SIZE); k <= Math.floor(hi / PAGE_SIZE); k++) dstPages.add(k);
  }
  const written: [number, Uint8Array][] = [];
  for (const q of dstPages) {
    const data = Uint8Array.from(backingPage(s, b.backing + q) ?? ZERO_PAGE);
    const start = Math.max(q * PAGE_SIZE, to);
    const end = Math.min((q + 1) * PAGE_SIZE, to + len);
    for (let x = start; x < end; x++) data[x - q * PAGE_SIZE] = byteOf(s, a, x - to + from);
    written.push([b.backing + q, data]);
  }
  return withBackingPages(s, written);
}

/** Writes initial bytes into a DATA cap's first backing pages (kernel init and args). */
export function writeInitData(s: KernelState, cap: DataCap, bytes: Uint8Array): KernelState {
  const written: [number, Uint8Array][] = [];
  for (let q = 0; q * PAGE_SIZE < bytes.length; q++) {
    const data = Uint8Array.from(backingPage(s, cap.backing + q) ?? ZERO_PAGE); // later writes overlay earlier ones
    data.set(bytes.subarray(q * PAGE_SIZE, (q + 1) * PAGE_SIZE));
    written.push([cap.backing + q, data]);
  }
  return withBackingPages(s, written);
}

/** RETYPE (CALL on UNTYPED): φ7 pages into a new unmapped DATA cap at the φ12 reference; φ7 := slot. */
export function retype(s: KernelState): Dispatch {
  const n = activeReg(s, 7);
  const { offset, total } = s.untyped;
  if (BigInt(offset) + n > BigInt(total)) return what(s); // allocator exhausted
  const dst = resolveRef(s, refOf(activeReg(s, 12)));
  if (dst === null) return what(s); // destination unreachable
  if (capAt(s, dst.vm, dst.slot) !== undefined) return what(s); // occupied (spec-notes/0036: nothing consumed)
  const cap: DataCap = { kind: 'data', backing: offset, pages: Number(n), base: null, access: null, mapped: noPages };
  const bumped = withKernel(s, { untyped: { offset: offset + Number(n), total } });
  return cont(setActiveReg(setCap(bumped, dst.vm, dst.slot, cap), 7, BigInt(dst.slot)));
}

/** Pages already mapped in a VM's address space by DATA caps other than the one in `slot`. */
function takenPages(s: KernelState, vm: number, slot: number): Set<number> {
  const taken = new Set<number>();
  for (const [k, cap] of vmOf(s, vm).cnode.slots) {
    if (k === slot || cap.kind !== 'data' || cap.base === null) continue;
    for (const p of cap.mapped) taken.add(cap.base + p);
  }
  return taken;
}

/** MAP (ecall 0x02): φ7 base page, φ8 first page, φ9 count, φ10 access (0 RO, 1 RW) of the DATA cap at `at`. */
export function map(s: KernelState, at: Place): Dispatch {
  const cap = capAt(s, at.vm, at.slot);
  const [base, first, count, rawAccess] = [7, 8, 9, 10].map((i) => activeReg(s, i)) as [bigint, bigint, bigint, bigint];
  if (cap?.kind !== 'data') return what(s); // only DATA caps map
  if (rawAccess > 1n) return what(s); // access must be 0 (RO) or 1 (RW) (spec-notes/0046)
  const access = rawAccess === 1n ? 'W' : 'R';
  if (first + count > BigInt(cap.pages)) return what(s); // past the cap's pages
  if (cap.base !== null && BigInt(cap.base) !== base) return what(s); // base fixed by the first MAP
  if (cap.access !== null && cap.access !== access) return what(s); // access fixed by the first MAP
  if (base + first + count > BigInt(ADDRESS_PAGES)) return what(s); // past the 2^32 address space
  const taken = takenPages(s, at.vm, at.slot);
  for (let p = Number(first); p < Number(first + count); p++) if (taken.has(Number(base) + p)) return what(s); // no aliasing (spec-notes/0029)
  const mapped = pagesWith(cap.mapped, Number(first), Number(count));
  return cont(setCap(s, at.vm, at.slot, { ...cap, base: Number(base), access, mapped }));
}

/** UNMAP (ecall 0x03): φ7 first page, φ8 count; pages outside the cap are ignored; never-mapped caps are a no-op. */
export function unmap(s: KernelState, at: Place): Dispatch {
  const cap = capAt(s, at.vm, at.slot);
  if (cap?.kind !== 'data') return what(s); // only DATA caps unmap
  const first = activeReg(s, 7);
  const end = first + activeReg(s, 8);
  const mapped = pagesWithout(cap.mapped, (p) => BigInt(p) >= first && BigInt(p) < end);
  return cont(setCap(s, at.vm, at.slot, { ...cap, mapped }));
}

/** SPLIT (ecall 0x04): the unmapped DATA cap at `subject` keeps pages [0, φ7); the rest go to `object`. */
export function split(s: KernelState, subject: Place, object: Place): Dispatch {
  const cap = capAt(s, subject.vm, subject.slot);
  const at = activeReg(s, 7);
  if (cap?.kind !== 'data') return what(s); // only DATA caps split
  if (cap.mapped.size > 0) return what(s); // must be wholly unmapped
  if (at === 0n || at >= BigInt(cap.pages)) return what(s); // both halves non-empty
  if (capAt(s, object.vm, object.slot) !== undefined) return what(s); // destination occupied
  const k = Number(at);
  const lo: DataCap = { kind: 'data', backing: cap.backing, pages: k, base: null, access: null, mapped: noPages };
  const hi: DataCap = { kind: 'data', backing: cap.backing + k, pages: cap.pages - k, base: null, access: null, mapped: noPages };
  return cont(setCap(setCap(s, subject.vm, subject.slot, lo), object.vm, object.slot, hi));
}

/** CALL on DATA: copy φ8 bytes from offset φ7 of this cap to offset φ9 of the DATA cap at φ12; φ7 := φ8 (spec-notes/0042). */
export function copyData(s: KernelState, src: Place): Dispatch {
  const ref = refOf(activeReg(s, 12));
  if (ref === 0) return what(s); // a destination is required
  const dst = resolveRef(s, ref);
  if (dst === null) return what(s); // destination unreachable
  const from = capAt(s, src.vm, src.slot);
  const to = capAt(s, dst.vm, dst.slot);
  if (from?.kind !== 'data' || to?.kind !== 'data') return what(s); // both must be DATA caps
  const [srcOff, len, dstOff] = [activeReg(s, 7), activeReg(s, 8), activeReg(s, 9)];
  if (len === 0n) return what(s); // nothing to copy
  if (srcOff + len > BigInt(from.pages * PAGE_SIZE) || dstOff + len > BigInt(to.pages * PAGE_SIZE)) return what(s); // out of bounds
  return cont(setActiveReg(copyBytes(s, from, Number(srcOff), to, Number(dstOff), Number(len)), 7, len));
}

