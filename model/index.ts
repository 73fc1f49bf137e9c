/**
 * The model's public surface: the executable specification of the JAVM core for both profiles.
 * Everything here is pure; states are immutable.
 */
import type { CoreEngine, CoreRunOptions, CoreSession } from '../vectors/lib/engine.js';
import type { CodeImage, CoreRunInput, CoreRunResult, LoadError, Profile, Result } from '../vectors/lib/types.js';
import { parseCodeBlob } from './blob/code.js';
import { parseGpBlob } from './blob/gp.js';
import { programFrom } from './decode/program.js';
import { run } from './interpreter.js';
import { loadJar1, type Jar1Options } from './init.js';
import { memoryFrom, nonZeroChunks, pageRanges } from './memory.js';
import { coreConfig } from './profile.js';
import { makeState, reg, withBlockPaid, withReg, type CoreState } from './state.js';

export { parseJarBlob, type JarCap, type JarProgram } from './blob/jar.js';
export { loadJar1, type Jar1Loaded, type Jar1Options } from './init.js';
export { disassemble, disassembleLines, type DisasmLine } from './disasm.js';

/** Parses a program blob of a profile into a code image (gp: GP deblob; jar1: CODE sub-blob). */
export function parseCode(profile: Profile, blob: Uint8Array): Result<CodeImage, LoadError> {
  return profile === 'gp' ? parseGpBlob(blob) : parseCodeBlob(blob);
}

/** The plain snapshot of a core state. */
function snapshot(s: CoreState): CoreRunResult['state'] {
  return { pc: s.pc, gas: s.gas, regs: s.regs, pages: pageRanges(s.memory), memory: nonZeroChunks(s.memory) };
}

/** Runs the core from a given machine state to its first exit (or maxSteps). */
export function runCore(input: CoreRunInput, options: CoreRunOptions = {}): CoreRunResult {
  const cfg = coreConfig(input.profile, input.memoryPages ?? 0);
  const start = makeState(input.pc, input.gas, input.regs, memoryFrom(input.pages, input.memory));
  const out = run(cfg, programFrom(input.image), start, options.maxSteps ?? Infinity);
  return { exit: out.exit, state: snapshot(out.state), steps: out.steps };
}

/**
 * A resumable run (CoreSession): the current state is an immutable CoreState that each run() or
 * setReg() replaces. After an exit the next run starts a new block charge (as the kernel resumes a
 * VM); after a step-budget stop the block stays paid, as in one uninterrupted run.
 */
export function startCore(input: CoreRunInput): CoreSession {
  const cfg = coreConfig(input.profile, input.memoryPages ?? 0);
  const program = programFrom(input.image);
  let state = makeState(input.pc, input.gas, input.regs, memoryFrom(input.pages, input.memory));
  return {
    run(maxSteps = Infinity) {
      const out = run(cfg, program, state, maxSteps);
      state = out.exit === null ? out.state : withBlockPaid(out.state, false);
      return { exit: out.exit, steps: out.steps };
    },
    get pc() {
      return state.pc;
    },
    get gas() {
      return state.gas;
    },
    getReg: (i) => reg(state, i),
    setReg: (i, v) => {
      state = withReg(state, i, v);
    },
    snapshot: () => snapshot(state),
  };
}

/** Parses, initialises and runs a jar1 blob on a single VM; an unpaid init ends in out-of-gas at pc 0. */
export function runJar1(blob: Uint8Array, opts: Jar1Options, options: CoreRunOptions = {}): Result<CoreRunResult, LoadError> {
  const loaded = loadJar1(blob, opts);
  if (!loaded.ok) return loaded;
  const { input, initOutOfGas } = loaded.value;
  if (initOutOfGas) {
    const s = makeState(0, 0n, input.regs, memoryFrom(input.pages, input.memory));
    return { ok: true, value: { exit: { kind: 'oog' }, state: snapshot(s), steps: 0 } };
  }
  return { ok: true, value: runCore(input, options) };
}

/** The model as a CoreEngine for the harness and the CLI. */
export const modelCore: CoreEngine = { name: 'model', parseCode, runCore, start: startCore };
