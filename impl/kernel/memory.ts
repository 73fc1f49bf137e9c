/**
 * DATA caps in address spaces: a VM's address space holds the mapped pages of the DATA caps in its
 * own CNode (spec-notes/0029), each page a view of a backing-store page, so MAP/UNMAP/MOVE move no bytes.
 */
import { PAGE_SIZE } from '../../vectors/lib/types.js';
import type { AddressSpace } from '../core/api.js';
import { ZERO_PAGE, type Backing, type DataCap, type SpaceMaker, type Vm } from './state.js';

/** The VM's address space, created on first use (the run loop gives the machine a VM's space whenever it is not the one it has). */
function spaceOf(vm: Vm, create: SpaceMaker): AddressSpace {
  if (vm.space === null) vm.space = create();
  return vm.space;
}

/** Maps pages [first, first+count) of a DATA cap (base and access already set) into its owner's address space. */
export function mapPages(vm: Vm, cap: DataCap, first: number, count: number, backing: Backing, create: SpaceMaker): void {
  if (count === 0) return;
  const space = spaceOf(vm, create);
  const owners = (vm.owners ??= new Map());
  const mapped = (cap.mapped ??= new Set());
  const access = cap.access ?? 'R';
  for (let p = first; p < first + count; p++) {
    if (mapped.has(p)) continue;
    mapped.add(p);
    owners.set(cap.base + p, cap);
    const bytes = backing.pages.get(cap.backing + p);
    if (bytes === undefined && access === 'W') (vm.lazy ??= new Set()).add(cap.base + p); // allocated on first access
    else space.mapPage(cap.base + p, bytes ?? ZERO_PAGE, access); // never written and R: shared zeros
  }
}

/** Unmaps the listed pages of a DATA cap from its owner's address space. */
export function unmapPages(vm: Vm, cap: DataCap, pages: Iterable<number>): void {
  const mapped = cap.mapped;
  if (mapped === null || vm.space === null) return;
  for (const p of [...pages]) {
    if (!mapped.delete(p)) continue;
    vm.owners?.delete(cap.base + p);
    if (vm.lazy?.delete(cap.base + p) !== true) vm.space.unmapPage(cap.base + p);
  }
  if (mapped.size === 0) cap.mapped = null;
}

/** A fault on a lazily mapped RW page: its backing page is allocated and mapped; false if `page` is not one. */
export function materialise(vm: Vm, page: number, backing: Backing): boolean {
  if (vm.lazy === null || !vm.lazy.delete(page) || vm.space === null) return false;
  const cap = vm.owners?.get(page);
  if (cap === undefined) return false;
  vm.space.mapPage(page, backing.materialise(cap.backing + page - cap.base), 'W');
  return true;
}

/** Takes every page of a DATA cap out of its owner's address space (DROP, MOVE to another CNode, IPC). */
export function unmapAll(vm: Vm, cap: DataCap): void {
  if (cap.mapped !== null) unmapPages(vm, cap, cap.mapped);
}

/** Writes bytes at the start of a DATA cap's backing pages (init data and args). */
export function writeInitData(backing: Backing, cap: DataCap, bytes: Uint8Array): void {
  for (let q = 0; q * PAGE_SIZE < bytes.length; q++) backing.materialise(cap.backing + q).set(bytes.subarray(q * PAGE_SIZE, (q + 1) * PAGE_SIZE));
}

/**
 * Copies len bytes from byte `from` of cap a to byte `to` of cap b as a memmove (all reads see the
 * state before the copy). Only pages that hold bytes or receive bytes from a page that does are visited,
 * so a long copy of never-written pages costs nothing. A page of b that becomes materialised while b maps
 * it read-only (as shared zeros) is re-mapped in `bOwner`'s address space.
 */
export function copyBetween(backing: Backing, a: DataCap, from: number, b: DataCap, to: number, len: number, bOwner: Vm): void {
  const firstDst = Math.floor(to / PAGE_SIZE);
  const lastDst = Math.floor((to + len - 1) / PAGE_SIZE);
  const firstSrc = Math.floor(from / PAGE_SIZE);
  const lastSrc = Math.floor((from + len - 1) / PAGE_SIZE);
  const touched = new Set<number>();
  for (const page of backing.pages.keys()) {
    const q = page - b.backing;
    if (q >= firstDst && q <= lastDst) touched.add(q);
    const p = page - a.backing;
    if (p < firstSrc || p > lastSrc) continue;
    const lo = Math.max(p * PAGE_SIZE, from) - from + to;
    const hi = Math.min((p + 1) * PAGE_SIZE, from + len) - 1 - from + to;
    for (let k = Math.floor(lo / PAGE_SIZE); k <= Math.floor(hi / PAGE_SIZE); k++) touched.add(k);
  }
  const fresh: [number, Uint8Array][] = [];
  for (const q of touched) {
    const next = new Uint8Array(PAGE_SIZE);
    const old = backing.pages.get(b.backing + q);
    if (old !== undefined) next.set(old);
    const start = Math.max(q * PAGE_SIZE, to);
    const end = Math.min((q + 1) * PAGE_SIZE, to + len);
    for (let x = start; x < end; x++) {
      const s = x - to + from;
      next[x - q * PAGE_SIZE] = backing.pages.get(a.backing + Math.floor(s / PAGE_SIZE))?.[s % PAGE_SIZE] ?? 0;
    }
    fresh.push([q, next]);
  }
  for (const [q, bytes] of fresh) {
    const page = b.backing + q;
    const existing = backing.pages.get(page);
    if (existing !== undefined) {
      existing.set(bytes); // in place: address spaces hold views of it
      continue;
    }
    backing.pages.set(page, bytes);
    if (b.mapped?.has(q) !== true || bOwner.space === null) continue;
    bOwner.lazy?.delete(b.base + q);
    bOwner.space.mapPage(b.base + q, bytes, b.access ?? 'R'); // it was shared zeros, or not in the space yet
  }
}
