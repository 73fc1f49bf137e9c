/**
 * The contract between the engines and everything that drives them (harness, CLI, vector runners).
 * Plain types only: model/ and impl/ each provide an object of this shape, written independently.
 */
import type { KernelEngine } from './kernel.js';
import type { CodeImage, CoreExit, CoreRunInput, CoreRunResult, CoreSnapshot, LoadError, Profile, Result } from './types.js';

export interface CoreRunOptions {
  /** Stop after this many instructions (the result's exit is then null). Default: no limit (gas bounds the run). */
  readonly maxSteps?: number;
}

/** How one CoreSession.run ended. */
export interface CoreSessionRun {
  /** How the core stopped, or null when the step budget ran out first (not a VM outcome). */
  readonly exit: CoreExit | null;
  /** Instructions executed (started) by this run. */
  readonly steps: number;
}

/**
 * A core run that pauses and resumes with its machine state kept in the engine, so that a host can
 * answer many ecalli exits without rebuilding the machine and its memory each time. Each run()
 * continues from where the last stopped, as runCore from the snapshot would, except that a stop by
 * the step budget (exit null) leaves the current block paid, exactly as one uninterrupted run; after
 * any exit the next run() starts a new block charge. An ecalli/ecall exit leaves pc at the next
 * instruction: the host sets registers, then calls run() again.
 */
export interface CoreSession {
  run(maxSteps?: number): CoreSessionRun;
  readonly pc: number;
  readonly gas: bigint;
  /** φi, i in 0..12. */
  getReg(i: number): bigint;
  /** φi := v (v in 0..2^64-1; anything else is a caller bug and throws). */
  setReg(i: number, v: bigint): void;
  /** The machine state in plain form (as CoreRunResult.state). */
  snapshot(): CoreSnapshot;
}

/** The execution core of one engine: blob-to-code parsing and running from a given machine state. */
export interface CoreEngine {
  readonly name: string;
  /** gp: a Gray Paper deblob (varint header); jar1: a CODE sub-blob (u32 LE header). */
  parseCode(profile: Profile, blob: Uint8Array): Result<CodeImage, LoadError>;
  runCore(input: CoreRunInput, options?: CoreRunOptions): CoreRunResult;
  /** Optional: a resumable session from the same input runCore takes (drivers fall back to runCore without it). */
  start?(input: CoreRunInput): CoreSession;
}

/** One engine: a core (ISA, gas, blobs) and a capability kernel behind the shared contract (the registry of them is harness/engines.ts). */
export interface Engine {
  readonly name: string;
  readonly core: CoreEngine;
  readonly kernel: KernelEngine;
}
