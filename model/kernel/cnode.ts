/**
 * Cap-table operations through ecall: DROP, MOVE, COPY, DOWNGRADE, SET_MAX_GAS.
 * Spec: Lean `handleDrop`, `handleMove`, `handleCopy`, `handleDowngrade`, `handleSetMaxGas`; Rust
 * `ecall_drop` etc.; spec-notes/0033 (DROP), 0041 (MOVE of DATA), 0045 (SET_MAX_GAS on a non-HANDLE).
 */
import { cont, what, type Dispatch } from './results.js';
import type { Place } from './resolve.js';
import { activeReg, capAt, isCopyable, noPages, setCap, withoutVm, type KernelState } from './state.js';

/** DROP (ecall 0x05): empties the slot; a DATA cap leaves the address space, a HANDLE destroys its VM (spec-notes/0033). */
export function drop(s: KernelState, at: Place): Dispatch {
  const cap = capAt(s, at.vm, at.slot);
  if (cap?.kind === 'handle') {
    const target = s.vms.get(cap.vm);
    if (target?.status === 'running' || target?.status === 'waiting') return what(s); // a VM on the call stack stays
    return cont(setCap(withoutVm(s, cap.vm), at.vm, at.slot, null));
  }
  return cont(setCap(s, at.vm, at.slot, null)); // an empty slot stays empty
}

/** MOVE (ecall 0x06): subject → object; a DATA cap that changes CNode arrives unmapped (spec-notes/0041). */
export function move(s: KernelState, subject: Place, object: Place): Dispatch {
  if (subject.vm === object.vm && subject.slot === object.slot) return cont(s); // moving onto itself: nothing
  if (capAt(s, object.vm, object.slot) !== undefined) return what(s); // destination occupied
  const cap = capAt(s, subject.vm, subject.slot);
  if (cap === undefined) return what(s); // nothing to move
  const moved = cap.kind === 'data' && subject.vm !== object.vm ? { ...cap, mapped: noPages } : cap;
  return cont(setCap(setCap(s, subject.vm, subject.slot, null), object.vm, object.slot, moved));
}

/** COPY (ecall 0x07): a copy of a copyable cap (UNTYPED, CODE, CALLABLE, protocol) at the object. */
export function copy(s: KernelState, subject: Place, object: Place): Dispatch {
  if (capAt(s, object.vm, object.slot) !== undefined) return what(s); // destination occupied
  const cap = capAt(s, subject.vm, subject.slot);
  if (cap === undefined || !isCopyable(cap)) return what(s); // nothing copyable there
  return cont(setCap(s, object.vm, object.slot, cap));
}

/** DOWNGRADE (ecall 0x0A): a CALLABLE to the HANDLE's VM, with the HANDLE's max gas, at the object. */
export function downgrade(s: KernelState, subject: Place, object: Place): Dispatch {
  const cap = capAt(s, subject.vm, subject.slot);
  if (cap?.kind !== 'handle') return what(s); // only a HANDLE downgrades
  if (capAt(s, object.vm, object.slot) !== undefined) return what(s); // destination occupied
  return cont(setCap(s, object.vm, object.slot, { kind: 'callable', vm: cap.vm, maxGas: cap.maxGas }));
}

/** SET_MAX_GAS (ecall 0x0B): the HANDLE's per-CALL gas ceiling := φ7 (spec-notes/0045: WHAT on anything else). */
export function setMaxGas(s: KernelState, at: Place): Dispatch {
  const cap = capAt(s, at.vm, at.slot);
  if (cap?.kind !== 'handle') return what(s); // only a HANDLE has a ceiling to set
  return cont(setCap(s, at.vm, at.slot, { ...cap, maxGas: activeReg(s, 7) }));
}
