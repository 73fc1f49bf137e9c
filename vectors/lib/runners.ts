/**
 * What an engine says a vector's `expected` should be: the one function both the generator (with the
 * model) and `javm vectors verify` (with any engine) call, so the vector format is interpreted in one
 * place. Each runner's semantics are in vectors/README.md and vectors/<runner>.md. It sits in
 * vectors/lib (engines come in as the `Engine` contract), so the generator needs nothing from harness/.
 */
import type { Engine } from './engine.js';
import type { KernelSession } from './kernel.js';
import {
  codeFrom, codeJson, coreExitJson, fromHex, fromU64, hostAnswerFrom, kernelExitJson, memoryFrom, memoryJson, pagesJson, regsFrom, regsJson,
  jar1LoadOf, snapshotFrom, snapshotJson, u64,
  type DecodeExpected, type DecodeInput, type GpProgramExpected, type GpProgramInput, type IsaExpected, type IsaInput,
  type Jar1ProgramExpected, type Jar1ProgramInput, type KernelExpected, type KernelInput, type ProgramStepJson, type Runner,
  type VectorExpected, type VectorInput,
} from './format.js';
import { answerCoreState } from './host.js';
import type { CoreRunResult, MemoryChunk, PageRange, Profile } from './types.js';

/** A safety bound on instructions per run; every vector ends far below it (gas bounds the runs). */
export const MAX_STEPS = 10_000_000;

/** decode: parse a gp deblob / CODE sub-blob with the core, a JAR manifest with the kernel's load. */
export function runDecode(engine: Engine, profile: Profile, input: DecodeInput): DecodeExpected {
  const blob = fromHex(input.blob);
  if (input.format === 'jar_manifest') {
    const r = engine.kernel.load(blob, { gas: 0n });
    return r.ok ? { accepted: true, class: null, image: null } : { accepted: false, class: r.error.class, image: null };
  }
  const r = engine.core.parseCode(profile, blob);
  return r.ok ? { accepted: true, class: null, image: codeJson(r.value) } : { accepted: false, class: r.error.class, image: null };
}

const isaOut = (r: CoreRunResult): IsaExpected => ({
  exit: coreExitJson(r.exit), pc: r.state.pc, gas: u64(r.state.gas), regs: regsJson(r.state.regs), pages: pagesJson(r.state.pages), memory: memoryJson(r.state.memory),
});

/** isa: run the core from the given machine state until it exits (exit null: the step bound came first). */
export function runIsa(engine: Engine, profile: Profile, input: IsaInput, maxSteps = MAX_STEPS): IsaExpected {
  const r = engine.core.runCore({
    profile, image: codeFrom(input.code), pc: input.pc, gas: fromU64(input.gas), regs: regsFrom(input.regs),
    pages: input.pages, memory: memoryFrom(input.memory), memoryPages: input.memoryPages,
  }, { maxSteps });
  return isaOut(r);
}

/** gp program: deblob, run to an exit; an ecalli/ecall with a host answer left gets it (charge, writes, φ7, φ8: spec-notes/0063, 0064) and goes on. */
function runGpProgram(engine: Engine, input: GpProgramInput, maxSteps: number): GpProgramExpected {
  const image = engine.core.parseCode('gp', fromHex(input.blob));
  if (!image.ok) return { exits: [], pages: [], memory: [] };
  let state: { pc: number; gas: bigint; regs: bigint[]; pages: readonly PageRange[]; memory: readonly MemoryChunk[] } = { pc: input.pc, gas: fromU64(input.gas), regs: regsFrom(input.regs), pages: input.pages, memory: memoryFrom(input.memory) };
  const exits: ProgramStepJson[] = [];
  for (let answered = 0; ; answered++) {
    const r = engine.core.runCore({ profile: 'gp', image: image.value, ...state }, { maxSteps });
    exits.push({ exit: coreExitJson(r.exit), vm: 0, pc: r.state.pc, gas: u64(r.state.gas), regs: regsJson(r.state.regs) });
    const answer = input.host[answered];
    const hostCall = r.exit?.kind === 'ecalli' || r.exit?.kind === 'ecall';
    if (!hostCall || answer === undefined) return { exits, pages: pagesJson(r.state.pages), memory: memoryJson(r.state.memory) };
    const applied = answerCoreState({ gas: r.state.gas, regs: r.state.regs, pages: r.state.pages, memory: r.state.memory }, hostAnswerFrom(answer));
    if (applied.rejected) { // a write the pages do not allow: the run ends with Panic, only the charge applied (spec-notes/0063)
      exits.push({ exit: { kind: 'panic' }, vm: 0, pc: r.state.pc, gas: u64(applied.state.gas), regs: regsJson(r.state.regs) });
      return { exits, pages: pagesJson(r.state.pages), memory: memoryJson(r.state.memory) };
    }
    state = { pc: r.state.pc, ...applied.state, regs: [...applied.state.regs] };
  }
}

/** The active VM's registers at an exit. */
function activeStep(s: KernelSession, exit: ProgramStepJson['exit']): ProgramStepJson {
  const snap = s.snapshot();
  const vm = snap.vms.find((v) => v.id === snap.active);
  return { exit, vm: snap.active, pc: vm?.pc ?? 0, gas: u64(vm?.gas ?? 0n), regs: regsJson(vm?.regs ?? []) };
}

/** jar1 program: load under the kernel, run to exits; a protocol exit with a host answer left is answered (KernelSession.answerProtocolCall) and resumed. */
function runJar1Program(engine: Engine, input: Jar1ProgramInput, maxSteps: number, withInitial: boolean): Jar1ProgramExpected {
  const { blob, options } = jar1LoadOf(input);
  const loaded = engine.kernel.load(blob, options);
  if (!loaded.ok) return { accepted: false, class: loaded.error.class, initGas: u64(0n), ...(withInitial ? { initial: null } : {}), exits: [] };
  const session = loaded.value;
  const initial = withInitial ? { initial: snapshotJson(session.snapshot()) } : {};
  const exits: ProgramStepJson[] = [];
  for (let answered = 0; ; answered++) {
    const r = session.run(maxSteps);
    exits.push(activeStep(session, kernelExitJson(r.exit)));
    const answer = input.host[answered];
    if (r.exit?.kind !== 'protocol' || answer === undefined) return { accepted: true, class: null, initGas: u64(session.initGas), ...initial, exits };
    const ended = session.answerProtocolCall(hostAnswerFrom(answer));
    if (ended !== null) { // the answer ended the invocation (a denied write: spec-notes/0063)
      exits.push(activeStep(session, kernelExitJson(ended)));
      return { accepted: true, class: null, initGas: u64(session.initGas), ...initial, exits };
    }
  }
}

/** kernel: from the pre-state, exactly one instruction of the active VM and the kernel transition it causes. */
export function runKernelVector(engine: Engine, input: KernelInput): KernelExpected {
  const session = engine.kernel.fromSnapshot(snapshotFrom(input.pre));
  const r = session.run(1);
  return { exit: kernelExitJson(r.exit), post: snapshotJson(session.snapshot()) };
}

export interface ExpectedOptions {
  /** Bounds each run between host answers; a run it cuts short shows as an exit null (the vectors never reach the default). */
  readonly maxSteps?: number;
  /** jar1 program: include `initial`, the kernel snapshot after load (default true; program.md). */
  readonly initial?: boolean;
}

/** The expected object of a vector's input according to an engine. */
export function expectedOf(engine: Engine, runner: Runner, profile: Profile, input: VectorInput, o: ExpectedOptions = {}): VectorExpected {
  const maxSteps = o.maxSteps ?? MAX_STEPS;
  switch (runner) {
    case 'decode': return runDecode(engine, profile, input as DecodeInput);
    case 'isa': return runIsa(engine, profile, input as IsaInput, maxSteps);
    case 'program': return profile === 'gp' ? runGpProgram(engine, input as GpProgramInput, maxSteps) : runJar1Program(engine, input as Jar1ProgramInput, maxSteps, o.initial ?? true);
    case 'kernel': return runKernelVector(engine, input as KernelInput);
  }
}
