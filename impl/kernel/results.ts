/**
 * What a kernel operation returns (model/kernel/results.ts `DispatchResult`): CONTINUE (the active VM
 * runs on), an exit to the host (a protocol cap was CALLed; the root REPLYed), or a fault the kernel
 * detected at the ecalli/ecall (run.ts stops the VM at that instruction). The state itself is changed
 * in place. WHAT results and kernel out-of-gas faults are made here and nowhere else.
 * Spec: Lean `Kernel.DispatchResult`; spec-notes/0034 (kernel out of gas), 0037 (invalid ecalli).
 */
import { CHILD_STATUS, LOW, WHAT, type KernelExit } from '../../vectors/lib/types.js';
import type { KernelState, Vm } from './state.js';

/** The active VM runs on. */
export const CONTINUE = null;

/** A fault the kernel detects at an ecalli/ecall: the VM stops with this child status and aux (φ7 of its caller). */
export interface KernelFault {
  readonly kind: 'kernel-fault';
  readonly status: bigint;
  readonly aux: bigint;
}

/** The result of a kernel operation. */
export type DispatchResult = KernelExit | KernelFault | null;

/** WHAT (2^64 - 2) as the int32 halves the context store keeps. */
const WHAT_LO = Number(WHAT & 0xffffffffn) | 0;
const WHAT_HI = Number(WHAT >> 32n) | 0;

const OUT_OF_GAS: KernelFault = Object.freeze({ kind: 'kernel-fault', status: CHILD_STATUS.oog, aux: LOW });

/** The operation failed: φ7 := WHAT, nothing else changes, and the VM runs on (kernel.md "results"). */
export function what(k: KernelState, vm: Vm): DispatchResult {
  k.contexts.setHalves(vm, 7, WHAT_LO, WHAT_HI);
  return CONTINUE;
}

/** The VM cannot pay a kernel charge (dispatch, CALL overhead, RETYPE): it faults with status 3, LOW (spec-notes/0034). */
export const outOfGas = (): KernelFault => OUT_OF_GAS;

/** A kernel-detected fault with a child status (spec-notes/0037: an invalid ecalli, status 5). */
export const kernelFault = (status: bigint, aux: bigint): KernelFault => ({ kind: 'kernel-fault', status, aux });
