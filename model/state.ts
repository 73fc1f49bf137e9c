/**
 * The core machine state and the only helpers that change it (STYLE.md: nothing is mutated).
 * Spec: GP A (ω registers, ı pc, ξ gas, μ memory); Lean `MachineState`.
 */
import { NUM_REGS } from '../vectors/lib/types.js';
import type { Memory } from './memory.js';
import { checkU64, invariant } from './numeric.js';

export interface CoreState {
  readonly pc: number;
  /** Remaining gas, 0..2^64-1. */
  readonly gas: bigint;
  /** φ0..φ12, each 0..2^64-1. */
  readonly regs: readonly bigint[];
  readonly memory: Memory;
  /** Whether the gas block containing pc is already paid (false at every run start and after a terminator). */
  readonly blockPaid: boolean;
}

/** A new state; registers are checked to be 13 values in range. */
export function makeState(pc: number, gas: bigint, regs: readonly bigint[], memory: Memory): CoreState {
  invariant(regs.length === NUM_REGS, `expected ${NUM_REGS} registers, got ${regs.length}`);
  regs.forEach((v, i) => checkU64(v, `φ${i}`));
  return Object.freeze({ pc, gas: checkU64(gas, 'gas'), regs: Object.freeze([...regs]), memory, blockPaid: false });
}

/** φ[i] of a state. */
export function reg(s: CoreState, i: number): bigint {
  const v = s.regs[i];
  invariant(v !== undefined, `register index ${i}`);
  return v;
}

/** The state with φ[i] := v (v must already be wrapped to 64 bits). */
export function withReg(s: CoreState, i: number, v: bigint): CoreState {
  checkU64(v, `φ${i}`);
  invariant(i >= 0 && i < NUM_REGS, `register index ${i}`);
  const regs = [...s.regs];
  regs[i] = v;
  return Object.freeze({ ...s, regs: Object.freeze(regs) });
}

/** The state with pc := pc. */
export const withPc = (s: CoreState, pc: number): CoreState => Object.freeze({ ...s, pc });

/** The state with gas := gas. */
export const withGas = (s: CoreState, gas: bigint): CoreState => Object.freeze({ ...s, gas: checkU64(gas, 'gas') });

/** The state with a new memory. */
export const withMemory = (s: CoreState, memory: Memory): CoreState => Object.freeze({ ...s, memory });

/** The state with the block-paid flag set. */
export const withBlockPaid = (s: CoreState, blockPaid: boolean): CoreState => Object.freeze({ ...s, blockPaid });
