/**
 * The facts the note rules (./rules.ts, ./rules-kernel.ts) read from a vector: its exits and load
 * class, as the vector states them, and a replay of its run on the model, one instruction at a time:
 * every instruction started with its code image, decoded operands and the registers before it, the
 * gas blocks charged, and (under the kernel) every kernel transition with the state before and after.
 * Replays: isa and gp program vectors on the core session (modelCore.start, host answers applied as
 * the program runner does); jar1 program and kernel vectors on the model kernel's session
 * (ModelKernelSession, whose `state` is read between steps: nothing is changed).
 */
import { loadJar1, modelCore, parseCode } from '../../model/index.js';
import { type Program } from '../../model/decode/code.js';
import { programFrom } from '../../model/decode/program.js';
import { OPCODES, isTerminator } from '../../model/decode/opcodes.js';
import { decodeOperands, type Operands } from '../../model/decode/operands.js';
import { coreConfig } from '../../model/profile.js';
import { modelKernel, ModelKernelSession, type KernelState } from '../../model/kernel/index.js';
import type { KernelEvent, KernelSession } from '../lib/kernel.js';
import {
  codeFrom, fromHex, fromU64, hostAnswerFrom, jar1LoadOf, memoryFrom, regsFrom, snapshotFrom, type HostAnswerJson,
  type CoreExitJson, type DecodeExpected, type GpProgramExpected, type GpProgramInput, type IsaExpected, type IsaInput,
  type Jar1ProgramExpected, type Jar1ProgramInput, type KernelExitJson, type KernelExpected, type KernelInput, type PageJson, type Vector,
} from '../lib/format.js';
import type { CodeImage, CoreRunInput, Profile } from '../lib/types.js';

export type VectorLike = Pick<Vector, 'runner' | 'profile' | 'input' | 'expected'>;

/** One exit of the run: its kind and fields, and the pc the answer reports with it. */
export interface ExitAt {
  readonly exit: CoreExitJson | KernelExitJson;
  readonly pc: number;
  /** The exit of a core run (isa, gp program), not a kernel exit of a jar1 program or kernel vector. */
  readonly core: boolean;
}

/** One instruction the run started (including the one that exits; not one whose block could not be paid). */
export interface Step {
  readonly image: Program;
  readonly pc: number;
  readonly op: number;
  /** Its operands as the model decodes them (unused fields 0); null for an invalid opcode. */
  readonly ops: Operands | null;
  /** φ0..φ12 before it. */
  readonly regs: readonly bigint[];
  /** The VM that ran it (0 for a core run). */
  readonly vm: number;
  /** How its core stopped right after it (a core exit's kind: 'panic', 'ecalli', ...), or null. */
  readonly stop: string | null;
}

/** A gas block the run charged (or failed to pay: out of gas at its start). */
export interface Block {
  readonly image: Program;
  readonly start: number;
  readonly profile: Profile;
  readonly memCycles: number;
}

/**
 * One kernel transition: the event, the kernel state before the instruction that caused it and the
 * state after it. Both are known when the transition is the only one of its step; when one step
 * causes two (an out-of-gas at a block start, then the next VM's instruction), the first has no
 * `post` and the second no `pre`.
 */
export interface Transition {
  readonly event: KernelEvent;
  readonly pre: KernelState | null;
  readonly post: KernelState | null;
}

/** What the rules look at. */
export interface Facts {
  readonly v: VectorLike;
  /** The code image of a core run (isa, gp program), else null. */
  readonly image: Program | null;
  readonly exits: readonly ExitAt[];
  /** The instructions the run started, in order (isa, gp program, jar1 program, kernel). */
  readonly steps: readonly Step[];
  readonly blocks: readonly Block[];
  /** The kernel transitions (jar1 program, kernel), else []. */
  readonly transitions: readonly Transition[];
  /** The accessible pages of the input (isa, gp program; address and length in bytes), else []. */
  readonly pages: readonly PageJson[];
  /** The first pc of the run (isa, gp program), else null. */
  readonly entry: number | null;
  /** The load result of a jar1 decode or program vector: null when accepted or not a load. */
  readonly loadClass: string | null;
}

const TRACE_LIMIT = 1_000_000;

const stepAt = (image: Program, pc: number, regs: readonly bigint[], vm: number, stop: string | null): Step => {
  const op = pc < image.code.length ? image.code[pc] ?? 0 : 0;
  const info = OPCODES.get(op);
  return { image, pc, op, ops: info === undefined ? null : decodeOperands(image, pc, info.format), regs, vm, stop };
};

/**
 * The steps and blocks of a core run from its input (one instruction at a time), host answers applied
 * as φ7 and φ8 (a gp answer's memory writes and gas charge are not replayed: a CoreSession cannot take
 * them, so after such an answer the replay's registers and memory may differ from the vector's run).
 */
function traceCore(input: CoreRunInput, host: readonly { r7: string; r8: string }[]): { steps: Step[]; blocks: Block[] } {
  const steps: Step[] = [];
  const blocks: Block[] = [];
  const start = modelCore.start;
  if (start === undefined) return { steps, blocks };
  const image = programFrom(input.image);
  const memCycles = coreConfig(input.profile, input.memoryPages ?? 0).memCycles;
  const s = start(input);
  let answered = 0;
  let fresh = true; // the next instruction starts a block charge
  for (let n = 0; n < TRACE_LIMIT; n++) {
    const pc = s.pc;
    const regs = Array.from({ length: 13 }, (_, i) => s.getReg(i));
    if (fresh) blocks.push({ image, start: pc, profile: input.profile, memCycles });
    const r = s.run(1);
    if (r.exit?.kind !== 'oog') steps.push(stepAt(image, pc, regs, 0, r.exit?.kind ?? null));
    fresh = r.exit !== null || (pc < image.code.length && isTerminator(image.code[pc] ?? 0) && image.bitmask[pc] !== 0);
    if (r.exit === null) continue;
    const answer = host[answered];
    if ((r.exit.kind === 'ecalli' || r.exit.kind === 'ecall') && answer !== undefined) {
      answered++;
      s.setReg(7, fromU64(answer.r7));
      s.setReg(8, fromU64(answer.r8));
      continue;
    }
    break;
  }
  return { steps, blocks };
}

/** The steps, blocks and transitions of a kernel session run one instruction at a time until it exits without a host answer left (answers applied as the program runner does). */
function traceKernel(load: (sink: (e: KernelEvent) => void) => KernelSession | null, host: readonly HostAnswerJson[], once: boolean):
  { steps: Step[]; blocks: Block[]; transitions: Transition[] } {
  const steps: Step[] = [];
  const blocks: Block[] = [];
  const transitions: Transition[] = [];
  const events: KernelEvent[] = [];
  const session = load((e) => events.push(e));
  if (!(session instanceof ModelKernelSession)) return { steps, blocks, transitions };
  const programs = new Map<number, Program>();
  const programOf = (s: KernelState, code: number): Program | undefined => {
    const image = s.code[code];
    if (image !== undefined && !programs.has(code)) programs.set(code, programFrom(image));
    return programs.get(code);
  };
  let answered = 0;
  for (let n = 0; n < TRACE_LIMIT; n++) {
    const pre = session.state;
    const vm = pre.vms.get(pre.active);
    const image = vm === undefined ? undefined : programOf(pre, vm.code);
    events.length = 0;
    const r = session.run(1);
    const first = events[0];
    // a run(1) whose first transition is an out-of-gas at a block start ran its instruction in the VM active after it
    const stepped = r.steps > 0 && first?.cause !== 'oog';
    if (vm !== undefined && image !== undefined && (stepped || first?.cause === 'oog')) {
      if (!vm.blockPaid) blocks.push({ image, start: vm.pc, profile: 'jar1', memCycles: pre.memCycles });
      if (stepped) steps.push(stepAt(image, vm.pc, vm.regs, pre.active, first?.vm === pre.active && first.pc === vm.pc ? first.cause : null));
    }
    events.forEach((event, i) => transitions.push({ event, pre: i === 0 ? pre : null, post: i === events.length - 1 ? session.state : null }));
    if (once || r.exit === null) {
      if (once) break;
      continue;
    }
    const answer = host[answered];
    if (r.exit.kind !== 'protocol' || answer === undefined) break;
    answered++;
    if (session.answerProtocolCall(hostAnswerFrom(answer)) !== null) break; // the answer ended the invocation
  }
  return { steps, blocks, transitions };
}

const loadClassOf = (e: { accepted: boolean; class?: string | null }): string | null => (e.accepted ? null : e.class ?? 'rejected');

/** The facts of a vector. */
export function factsOf(v: VectorLike): Facts {
  const none = { image: null, exits: [], steps: [], blocks: [], transitions: [], pages: [], entry: null, loadClass: null };
  if (v.runner === 'isa') {
    const input = v.input as IsaInput;
    const expected = v.expected as IsaExpected;
    const image = codeFrom(input.code);
    const run: CoreRunInput = {
      profile: v.profile, image, pc: input.pc, gas: fromU64(input.gas), regs: regsFrom(input.regs),
      pages: input.pages, memory: memoryFrom(input.memory), memoryPages: input.memoryPages,
    };
    const exits = expected.exit === null ? [] : [{ exit: expected.exit, pc: expected.pc, core: true }];
    return { ...none, v, image: programFrom(image), exits, ...traceCore(run, []), pages: input.pages, entry: input.pc };
  }
  if (v.runner === 'program' && v.profile === 'gp') {
    const input = v.input as GpProgramInput;
    const expected = v.expected as GpProgramExpected;
    const parsed = parseCode('gp', fromHex(input.blob));
    const image: CodeImage | null = parsed.ok ? parsed.value : null;
    const exits = expected.exits.flatMap((s) => (s.exit === null ? [] : [{ exit: s.exit, pc: s.pc, core: true }]));
    const run = image === null ? { steps: [], blocks: [] } : traceCore({
      profile: 'gp', image, pc: input.pc, gas: fromU64(input.gas), regs: regsFrom(input.regs), pages: input.pages, memory: memoryFrom(input.memory),
    }, input.host);
    return { ...none, v, image: image === null ? null : programFrom(image), exits, ...run, pages: input.pages, entry: input.pc };
  }
  if (v.runner === 'program') {
    const input = v.input as Jar1ProgramInput;
    const expected = v.expected as Jar1ProgramExpected;
    const exits = expected.exits.flatMap((s) => (s.exit === null ? [] : [{ exit: s.exit, pc: s.pc, core: false }]));
    const { blob, options } = jar1LoadOf(input);
    const run = !expected.accepted ? {} : traceKernel((trace) => {
      const loaded = modelKernel.load(blob, { ...options, trace });
      return loaded.ok ? loaded.value : null;
    }, input.host, false);
    return { ...none, v, exits, ...run, loadClass: loadClassOf(expected) };
  }
  if (v.runner === 'kernel') {
    const input = v.input as KernelInput;
    const expected = v.expected as KernelExpected;
    const exits = expected.exit === null ? [] : [{ exit: expected.exit, pc: -1, core: false }];
    return { ...none, v, exits, ...traceKernel((trace) => modelKernel.fromSnapshot(snapshotFrom(input.pre), trace), [], true) };
  }
  if (v.runner === 'decode' && v.profile === 'jar1') return { ...none, v, loadClass: loadClassOf(v.expected as DecodeExpected) };
  return { ...none, v };
}

/** Whether a jar1 blob loads without args (args that alone make it out_of_bounds: spec-notes/0022). */
export const loadsWithoutArgs = (blob: string): boolean => loadJar1(fromHex(blob), { gas: 0n }).ok;

