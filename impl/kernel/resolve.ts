/**
 * Cap references (model/kernel/resolve.ts): byte 0 is the target slot; bytes 3, 2, 1 (in that order)
 * name HANDLE slots to hop through, 0 meaning no hop. Each hop needs a HANDLE whose VM is alive and
 * neither RUNNING nor WAITING. Spec: Lean `Kernel.resolveCapRef`, Rust `resolve_cap_ref`.
 */
import { CAP_HANDLE, ST_RUNNING, ST_WAITING, type KernelState, type Vm } from './state.js';

/** A resolved cap reference: a slot of a VM's CNode. */
export interface Place {
  readonly vm: Vm;
  readonly slot: number;
}

/** Resolves a u32 cap reference from `vm` (the active VM), or null when a hop fails (Lean `resolveCapRef`). */
export function resolveRef(k: KernelState, vm: Vm, ref: number): Place | null {
  let at = vm;
  for (let shift = 24; shift >= 8; shift -= 8) {
    const hop = (ref >>> shift) & 0xff;
    if (hop === 0) continue; // no hop at this level
    const cap = at.caps.get(hop);
    if (cap?.kind !== CAP_HANDLE) return null; // a hop goes through a HANDLE
    const next = k.vms.get(cap.vm);
    if (next === undefined || next.status === ST_RUNNING || next.status === ST_WAITING) return null; // dropped, or on the call stack
    at = next;
  }
  return { vm: at, slot: ref & 0xff };
}
