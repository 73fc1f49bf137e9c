/**
 * What a kernel operation returns: the next state and how the kernel loop goes on.
 * Spec: Lean `Kernel.DispatchResult`; the fault variant is spec-notes/0034, 0037.
 */
import { WHAT } from '../../vectors/lib/types.js';
import type { KernelState } from './state.js';

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

export const WHAT_RESULT = WHAT;
