/**
 * What a trace runs: a core machine state (an isa vector, a gp program or blob) or a jar1 blob through
 * the kernel, with the host's answers; and the same case as the target protocol carries it, so that an
 * external implementation can be traced on it too.
 */
import type { CaseKind } from '../../vectors/lib/target.js';
import type { VectorInput } from '../../vectors/lib/format.js';
import type { HostAnswer } from '../../vectors/lib/kernel.js';
import type { CoreRunInput, Profile } from '../../vectors/lib/types.js';

/** The case as a target request carries it (vectors/TARGET.md). */
export interface TargetCase {
  readonly kind: CaseKind;
  readonly profile: Profile;
  readonly input: VectorInput;
}

export type TraceCase =
  | {
      readonly kind: 'core';
      readonly profile: Profile;
      readonly input: CoreRunInput;
      /** Answers to the ecalli/ecall exits, in order (φ7, φ8); the run ends at an exit without one. */
      readonly host: readonly HostAnswer[];
      readonly target: TargetCase;
    }
  | {
      readonly kind: 'kernel';
      readonly profile: 'jar1';
      readonly blob: Uint8Array;
      readonly gas: bigint;
      readonly reg7: bigint;
      readonly args: Uint8Array;
      /** Answers to the protocol exits, in order; the run ends at a protocol exit without one. */
      readonly host: readonly HostAnswer[];
      readonly target: TargetCase;
    };

/** Bounds of one traced run. */
export interface TraceLimits {
  /** The most records (instructions and out-of-gas records) the run may produce. */
  readonly maxSteps: number;
}

/** The kernel's name for the operation of a transition (KernelEvent cause and arg; spec/kernel.md). */
export function kernelOpName(cause: string, arg: number): string {
  if (cause === 'ecalli') return arg === 0 ? 'REPLY' : arg > 127 ? 'invalid ecalli' : 'CALL';
  if (cause !== 'ecall') return cause;
  const ops: Record<number, string> = {
    0x00: 'CALL', 0x02: 'MAP', 0x03: 'UNMAP', 0x04: 'SPLIT', 0x05: 'DROP', 0x06: 'MOVE', 0x07: 'COPY', 0x0a: 'DOWNGRADE', 0x0b: 'SET_MAX_GAS', 0x0d: 'RESUME',
  };
  return ops[arg] ?? 'invalid ecall op';
}

/**
 * The k-th host answer of a core trace, when a core session can apply it (φ7 and φ8 only); else why
 * the trace ends there (none left: no reason; memory writes or a gas charge: a note).
 */
export function coreAnswer(host: readonly HostAnswer[], k: number): { readonly answer: HostAnswer } | { readonly note: string | undefined } {
  const a = host[k];
  if (a === undefined) return { note: undefined };
  if ((a.writes?.length ?? 0) > 0 || (a.charge ?? 0n) > 0n) {
    return { note: `host answer ${k} writes memory or charges gas, which a core trace cannot apply; the trace ends here` };
  }
  return { answer: a };
}
