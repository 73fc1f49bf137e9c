/**
 * `javm-kit`: the kit as a library (package.json `exports`). The plain types of the engine contract
 * (vectors/lib: what model/ and impl/ both implement), the engines by name, and the few functions most
 * users need: assemble a program, build a blob, run it, read a vector. Each subpath has the rest of
 * its part: `javm-kit/model`, `javm-kit/impl`, `javm-kit/asm`, `javm-kit/vectors`, `javm-kit/target`.
 * Nothing else of the kit is public; the `javm` command is the other interface.
 */
export {
  CHILD_STATUS, HUH, LOW, NUM_REGS, PAGE_SIZE, PROFILES, WHAT,
  type CodeImage, type CoreExit, type CoreExitKind, type CoreRunInput, type CoreRunResult, type CoreSnapshot, type KernelExit, type LoadError,
  type LoadErrorClass, type MemoryChunk, type PageAccess, type PageRange, type Profile, type Result,
} from '../../vectors/lib/types.js';
export type { CoreEngine, CoreRunOptions, CoreSession, CoreSessionRun } from '../../vectors/lib/engine.js';
export type {
  BackingPage, CapSnapshot, FrameSnapshot, HostAnswer, HostWrite, KernelEngine, KernelEvent, KernelLoadOptions, KernelRunResult, KernelSession, KernelSnapshot,
  SlotSnapshot, TraceSink, VmSnapshot, VmStatusName,
} from '../../vectors/lib/kernel.js';
export { ENGINES, UsageError, engineByName, type Engine } from '../engines.js';
export { modelCore, modelKernel } from './model.js';
export { implCore, implKernel } from './impl.js';
export { asm, assemble, gpBlob, jarBlob, type Assembled, type JarSpec } from './asm.js';
export { readVector, parseVector, verify, engineTarget, defaultVectorDir, type Vector } from './vectors.js';
export { kitVersion } from '../version.js';
