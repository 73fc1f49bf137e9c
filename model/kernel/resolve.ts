/**
 * Cap references: byte 0 is the target slot; bytes 3, 2, 1 (in that order) name HANDLE slots to hop
 * through, 0 meaning no hop. Each hop needs a HANDLE whose VM is alive and neither running nor waiting.
 * Spec: Lean `Kernel.resolveCapRef`, Rust `resolve_cap_ref` (identical).
 */
import { vmOf, type KernelState } from './state.js';

export interface Place {
  readonly vm: number;
  readonly slot: number;
}

/** Resolves a u32 cap reference from the active VM, or null when a hop fails. */
export function resolveRef(s: KernelState, ref: number): Place | null {
  let vm = s.active;
  for (const shift of [24, 16, 8]) {
    const hop = (ref >>> shift) & 0xff;
    if (hop === 0) continue; // no hop at this level
    const cap = vmOf(s, vm).cnode.slots.get(hop);
    if (cap?.kind !== 'handle') return null; // a hop must go through a HANDLE
    const target = s.vms.get(cap.vm);
    if (target === undefined) return null; // its VM was dropped
    if (target.status === 'running' || target.status === 'waiting') return null; // never into a VM on the call stack
    vm = cap.vm;
  }
  return { vm, slot: ref & 0xff };
}

/** The low 32 bits of a register value as a cap reference. */
export const refOf = (v: bigint): number => Number(v & 0xffffffffn);
