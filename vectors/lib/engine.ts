/**
 * The contract between the engines and everything that drives them (harness, CLI, vector runners).
 * Plain types only: model/ and impl/ each provide an object of this shape, written independently.
 */
import type { CodeImage, CoreRunInput, CoreRunResult, LoadError, Profile, Result } from './types.js';

export interface CoreRunOptions {
  /** Stop after this many instructions (the result's exit is then null). Default: no limit (gas bounds the run). */
  readonly maxSteps?: number;
}

/** The execution core of one engine: blob-to-code parsing and running from a given machine state. */
export interface CoreEngine {
  readonly name: string;
  /** gp: a Gray Paper deblob (varint header); jar1: a CODE sub-blob (u32 LE header). */
  parseCode(profile: Profile, blob: Uint8Array): Result<CodeImage, LoadError>;
  runCore(input: CoreRunInput, options?: CoreRunOptions): CoreRunResult;
}
