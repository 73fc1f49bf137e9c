/**
 * DATA caps and the UNTYPED allocator (model/kernel/memory-caps.ts): RETYPE, MAP, UNMAP, SPLIT and the
 * CALL-on-DATA copy. Bytes live in the backing store and DATA caps are views of backing pages, so
 * MAP/UNMAP never copy; the address-space plumbing is memory.ts. `vm` is the active VM.
 * Spec: Lean `handleRetype`, `handleMap`, `handleUnmap`, `handleSplit`, `handleCallData`;
 * spec-notes/0029 (no aliasing), 0036, 0042, 0046, 0051.
 */
import { PAGE_SIZE } from '../../vectors/lib/types.js';
import { copyBetween, mapPages, unmapPages } from './memory.js';
import { resolveRef, type Place } from './resolve.js';
import { CONTINUE, outOfGas, what, type DispatchResult } from './results.js';
import { ADDRESS_PAGES, CAP_DATA, DataCap, PAGE_GAS, type KernelState, type Vm } from './state.js';

/** RETYPE (CALL on UNTYPED): 10 + 1500·φ7 gas, then φ7 pages from the shared allocator into a new DATA cap at φ12; φ7 := slot (spec-notes/0036, 0051). */
export function retype(k: KernelState, vm: Vm): DispatchResult {
  const c = k.contexts;
  const n = c.reg(vm, 7);
  const cost = 10n + n * PAGE_GAS;
  const gas = c.gasOf(vm);
  if (gas < cost) return outOfGas(); // RETYPE's own cost (spec-notes/0051)
  c.setGas(vm, gas - cost);
  if (BigInt(k.untypedOffset) + n > BigInt(k.untypedTotal)) return what(k, vm); // allocator exhausted
  const dst = resolveRef(k, vm, c.lo(vm, 12));
  if (dst === null || dst.vm.caps.has(dst.slot)) return what(k, vm); // unreachable or occupied: nothing consumed
  dst.vm.set(dst.slot, new DataCap(k.untypedOffset, Number(n)));
  k.untypedOffset += Number(n);
  c.setSmall(vm, 7, dst.slot);
  return CONTINUE;
}

/** True when a page in [base + first, base + first + count) is mapped by a DATA cap other than `cap` (spec-notes/0029). */
function aliased(owner: Vm, cap: DataCap, base: number, first: number, count: number): boolean {
  const owners = owner.owners;
  if (owners === null) return false;
  for (let p = first; p < first + count; p++) {
    const o = owners.get(base + p);
    if (o !== undefined && o !== cap) return true;
  }
  return false;
}

/** MAP (ecall 0x02): φ7 base page, φ8 first page, φ9 count, φ10 access (0 RO, 1 RW) of the DATA cap at `at`; base/access fixed by the first MAP. */
export function map(k: KernelState, vm: Vm, at: Place): DispatchResult {
  const c = k.contexts;
  const cap = at.vm.caps.get(at.slot);
  if (cap?.kind !== CAP_DATA) return what(k, vm); // only DATA caps map
  const base = c.reg(vm, 7);
  const first = c.reg(vm, 8);
  const count = c.reg(vm, 9);
  const rawAccess = c.reg(vm, 10);
  if (rawAccess > 1n) return what(k, vm); // access must be 0 (RO) or 1 (RW) (spec-notes/0046)
  const access = rawAccess === 1n ? 'W' : 'R';
  if (first + count > BigInt(cap.pages)) return what(k, vm); // past the cap's pages
  if (cap.base >= 0 && BigInt(cap.base) !== base) return what(k, vm); // base fixed by the first MAP
  if (cap.access !== null && cap.access !== access) return what(k, vm); // access fixed by the first MAP
  if (base + first + count > BigInt(ADDRESS_PAGES)) return what(k, vm); // past the 2^32 address space
  if (aliased(at.vm, cap, Number(base), Number(first), Number(count))) return what(k, vm); // no aliasing (spec-notes/0029)
  cap.base = Number(base);
  cap.access = access;
  mapPages(at.vm, cap, Number(first), Number(count), k.backing, k.newSpace);
  return CONTINUE;
}

/** UNMAP (ecall 0x03): pages [φ7, φ7+φ8) of the DATA cap leave the address space; pages not mapped are ignored. */
export function unmap(k: KernelState, vm: Vm, at: Place): DispatchResult {
  const cap = at.vm.caps.get(at.slot);
  if (cap?.kind !== CAP_DATA) return what(k, vm); // only DATA caps unmap
  if (cap.mapped === null) return CONTINUE; // nothing mapped
  const first = k.contexts.reg(vm, 7);
  const end = first + k.contexts.reg(vm, 8);
  const gone: number[] = [];
  for (const p of cap.mapped) if (BigInt(p) >= first && BigInt(p) < end) gone.push(p);
  unmapPages(at.vm, cap, gone);
  return CONTINUE;
}

/** SPLIT (ecall 0x04): an unmapped DATA cap keeps pages [0, φ7), the object gets the rest; both halves start unmapped and unfixed. */
export function split(k: KernelState, vm: Vm, subject: Place, object: Place): DispatchResult {
  const cap = subject.vm.caps.get(subject.slot);
  const at = k.contexts.reg(vm, 7);
  if (cap?.kind !== CAP_DATA) return what(k, vm); // only DATA caps split
  if (cap.mapped !== null) return what(k, vm); // must be wholly unmapped
  if (at === 0n || at >= BigInt(cap.pages)) return what(k, vm); // both halves non-empty
  if (object.vm.caps.has(object.slot)) return what(k, vm); // destination occupied
  const n = Number(at);
  subject.vm.set(subject.slot, new DataCap(cap.backing, n));
  object.vm.set(object.slot, new DataCap(cap.backing + n, cap.pages - n));
  return CONTINUE;
}

/** CALL on a DATA cap: copy φ8 bytes from its byte φ7 to byte φ9 of the DATA cap at φ12; φ7 := φ8 (spec-notes/0042). */
export function copyData(k: KernelState, vm: Vm, from: DataCap): DispatchResult {
  const c = k.contexts;
  const ref = c.lo(vm, 12);
  if (ref === 0) return what(k, vm); // a destination is required
  const dst = resolveRef(k, vm, ref);
  if (dst === null) return what(k, vm); // destination unreachable
  const to = dst.vm.caps.get(dst.slot);
  if (to?.kind !== CAP_DATA) return what(k, vm); // both must be DATA caps
  const src = c.reg(vm, 7);
  const len = c.reg(vm, 8);
  const at = c.reg(vm, 9);
  if (len === 0n) return what(k, vm); // nothing to copy
  if (src + len > BigInt(from.pages * PAGE_SIZE) || at + len > BigInt(to.pages * PAGE_SIZE)) return what(k, vm); // out of bounds
  copyBetween(k.backing, from, Number(src), to, Number(at), Number(len), dst.vm);
  c.setReg(vm, 7, len);
  return CONTINUE;
}
