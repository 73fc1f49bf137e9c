/**
 * CREATE (CALL on a CODE cap; model/kernel/vm.ts): a new IDLE VM running that code, whose cap table
 * holds copies of the caps at the φ7 bitmask's slots (0..63) of the CNode holding the CODE cap, and a
 * HANDLE to it at φ12. Spec: Lean `handleCreate`; spec-notes/0036 (validate first), 0039 (non-copyable),
 * 0040 (original bits in the child).
 */
import { resolveRef } from './resolve.js';
import { CONTINUE, what, type DispatchResult } from './results.js';
import { CAP_HANDLE, copyable, MAX_VMS, type KernelState, type Vm } from './state.js';

/** CREATE from CODE cap `codeId` held by `owner` (the bitmask's source); `vm` is the active VM. */
export function create(k: KernelState, vm: Vm, owner: Vm, codeId: number): DispatchResult {
  const c = k.contexts;
  if (k.vms.size >= MAX_VMS) return what(k, vm); // VM pool full
  const lo = c.lo(vm, 7);
  const hi = c.hi(vm, 7);
  for (let bits = lo, base = 0; base < 64; bits = hi, base += 32) {
    for (let b = bits; b !== 0; b &= b - 1) {
      const cap = owner.caps.get(base + 31 - Math.clz32(b & -b));
      if (cap !== undefined && !copyable(cap)) return what(k, vm); // a unique cap cannot be shared (empty slots are skipped)
    }
  }
  const dst = resolveRef(k, vm, c.lo(vm, 12));
  if (dst === null || dst.vm.caps.has(dst.slot)) return what(k, vm); // unreachable or occupied (spec-notes/0036: no VM made)
  const id = k.nextVmId++;
  const child = k.addVm(id, codeId);
  for (let bits = lo, base = 0; base < 64; bits = hi, base += 32) {
    for (let b = bits; b !== 0; b &= b - 1) {
      const slot = base + 31 - Math.clz32(b & -b);
      const cap = owner.caps.get(slot);
      if (cap !== undefined) child.caps.put(slot, cap);
    }
  }
  dst.vm.set(dst.slot, { kind: CAP_HANDLE, vm: id, maxGas: null });
  c.setSmall(vm, 7, dst.slot);
  return CONTINUE;
}
