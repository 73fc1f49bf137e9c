/**
 * Cap-table operations through ecall (model/kernel/cnode.ts): DROP, MOVE, COPY, DOWNGRADE, SET_MAX_GAS.
 * `vm` is the active VM (its φ7 gets WHAT on failure); the places come from its φ12 references.
 * Spec: Lean `handleDrop`, `handleMove`, `handleCopy`, `handleDowngrade`, `handleSetMaxGas`; spec-notes/0033
 * (DROP), 0041 (MOVE of DATA), 0045 (SET_MAX_GAS on a non-HANDLE).
 */
import { unmapAll } from './memory.js';
import type { Place } from './resolve.js';
import { CONTINUE, what, type DispatchResult } from './results.js';
import { CAP_CALLABLE, CAP_DATA, CAP_HANDLE, copyable, ST_RUNNING, ST_WAITING, type KernelState, type Vm, type VmCap } from './state.js';

/** DROP (ecall 0x05): empties the slot; a DATA cap leaves the address space; a HANDLE destroys its VM unless it is on the call stack (spec-notes/0033). */
export function drop(k: KernelState, vm: Vm, at: Place): DispatchResult {
  const cap = at.vm.caps.get(at.slot);
  if (cap?.kind === CAP_HANDLE) {
    const target = k.vms.get(cap.vm);
    if (target !== undefined && (target.status === ST_RUNNING || target.status === ST_WAITING)) return what(k, vm); // a VM on the call stack stays
    if (target !== undefined) k.removeVm(target);
  } else if (cap?.kind === CAP_DATA) {
    unmapAll(at.vm, cap);
  }
  at.vm.set(at.slot, null); // an empty slot stays empty
  return CONTINUE;
}

/** MOVE (ecall 0x06): subject → object; onto itself does nothing; a DATA cap that changes CNode arrives unmapped (spec-notes/0041). */
export function move(k: KernelState, vm: Vm, subject: Place, object: Place): DispatchResult {
  if (subject.vm === object.vm && subject.slot === object.slot) return CONTINUE; // moving onto itself: nothing
  if (object.vm.caps.has(object.slot)) return what(k, vm); // destination occupied
  const cap = subject.vm.caps.get(subject.slot);
  if (cap === undefined) return what(k, vm); // nothing to move
  if (cap.kind === CAP_DATA && subject.vm !== object.vm) unmapAll(subject.vm, cap);
  subject.vm.set(subject.slot, null);
  object.vm.set(object.slot, cap);
  return CONTINUE;
}

/** COPY (ecall 0x07): a copyable cap (UNTYPED, CODE, CALLABLE, protocol) duplicated at the object. */
export function copy(k: KernelState, vm: Vm, subject: Place, object: Place): DispatchResult {
  if (object.vm.caps.has(object.slot)) return what(k, vm); // destination occupied
  const cap = subject.vm.caps.get(subject.slot);
  if (cap === undefined || !copyable(cap)) return what(k, vm); // nothing copyable there
  object.vm.set(object.slot, cap);
  return CONTINUE;
}

/** DOWNGRADE (ecall 0x0A): a CALLABLE with the HANDLE's VM and max gas at the object. */
export function downgrade(k: KernelState, vm: Vm, subject: Place, object: Place): DispatchResult {
  const cap = subject.vm.caps.get(subject.slot);
  if (cap?.kind !== CAP_HANDLE) return what(k, vm); // only a HANDLE downgrades
  if (object.vm.caps.has(object.slot)) return what(k, vm); // destination occupied
  const callable: VmCap = { kind: CAP_CALLABLE, vm: cap.vm, maxGas: cap.maxGas };
  object.vm.set(object.slot, callable);
  return CONTINUE;
}

/** SET_MAX_GAS (ecall 0x0B): the HANDLE's per-CALL gas ceiling := φ7; anything else WHAT (spec-notes/0045). */
export function setMaxGas(k: KernelState, vm: Vm, at: Place): DispatchResult {
  const cap = at.vm.caps.get(at.slot);
  if (cap?.kind !== CAP_HANDLE) return what(k, vm); // only a HANDLE has a ceiling to set
  at.vm.set(at.slot, { kind: CAP_HANDLE, vm: cap.vm, maxGas: k.contexts.reg(vm, 7) });
  return CONTINUE;
}
