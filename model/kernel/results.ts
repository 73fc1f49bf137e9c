/**
 * What a kernel operation returns: the next state and how the kernel loop goes on. WHAT results and
 * kernel-detected faults are made here and nowhere else.
 * Spec: Lean `Kernel.DispatchResult`; the fault variant is spec-notes/0034, 0037.
 */
import { CHILD_STATUS, LOW, WHAT } from '../../vectors/lib/types.js';
import { setActiveReg, type KernelState } from './state.js';

export type DispatchResult =
  | { readonly kind: 'continue' }
  /** A protocol cap was CALLed: exit to the host with its id. */
  | { readonly kind: 'protocol'; readonly id: number }
  /** The root VM REPLYed with an empty call stack: the invocation halts with φ7. */
  | { readonly kind: 'halt'; readonly value: bigint }
  /** The active VM faults (kernel-detected): out of gas in the kernel, or an invalid ecalli. */
  | { readonly kind: 'fault'; readonly status: bigint; readonly aux: bigint };

export interface Dispatch {
  readonly state: KernelState;
  readonly result: DispatchResult;
}

/** Continue running the active VM. */
export const cont = (state: KernelState): Dispatch => ({ state, result: { kind: 'continue' } });

/** The operation failed: φ7 := WHAT, nothing else changes, and the active VM runs on (kernel.md "results"). */
export const what = (s: KernelState): Dispatch => cont(setActiveReg(s, 7, WHAT));

/** A fault the kernel detects at an ecalli/ecall: the active VM stops with a child status and aux (spec-notes/0037: an invalid ecalli, status 5). */
export const kernelFault = (state: KernelState, status: bigint, aux: bigint): Dispatch => ({ state, result: { kind: 'fault', status, aux } });

/** The active VM cannot pay a kernel charge (dispatch, CALL overhead, RETYPE): it faults with status 3, LOW (spec-notes/0034). */
export const outOfGas = (s: KernelState): Dispatch => kernelFault(s, CHILD_STATUS.oog, LOW);
