/**
 * Which spec-notes a vector's expected value depends on, from the vector alone (runner, profile,
 * input, expected): `notesExercised`. A note is listed when the vector meets the situation the note
 * decides, in a way that the note's other option would give a different `expected` (a different exit,
 * pc, gas, register or load class). One rule per note, each a plain statement about the vector
 * (RULES below, `says`), checked by harness/test/vectors-notes.test.ts; the generator adds these notes
 * to every vector (vectors/gen/index.ts).
 *
 * Facts used: the exits of the run (isa: `expected.exit` at `expected.pc`; gp program: every step of
 * `expected.exits`; jar1 program: the kernel exits), the opcode at an exit's pc (the byte at an
 * instruction start of the code image), and, for isa and gp program vectors, the instructions the run
 * executes (a one-instruction-at-a-time model run from the input, host answers applied as the program
 * runner does; an instruction counts when it was started, including the one that exits, not one that
 * could not be paid). jar1 program vectors (which run under the kernel, over several VMs and code caps)
 * and kernel vectors are judged by their exits and load result only. Limits: rules that would need
 * operand values (0001, 0002, 0008, 0012, 0013) and the kernel notes (0029-0054, except 0053's
 * too_many_code_caps) are left to the case tables.
 */
import { loadJar1, modelCore, parseCode } from '../../model/index.js';
import { OPCODES, isTerminator } from '../../model/decode/opcodes.js';
import {
  codeFrom, fromHex, fromU64, memoryFrom, regsFrom,
  type CoreExitJson, type DecodeExpected, type GpProgramExpected, type GpProgramInput, type IsaExpected, type IsaInput,
  type Jar1ProgramExpected, type Jar1ProgramInput, type KernelExitJson, type PageJson, type Vector,
} from '../lib/format.js';
import type { CodeImage, CoreRunInput } from '../lib/types.js';

export type VectorLike = Pick<Vector, 'runner' | 'profile' | 'input' | 'expected'>;

/** One exit of the run: its kind and fields, and the pc the answer reports with it. */
interface ExitAt {
  readonly exit: CoreExitJson | KernelExitJson;
  readonly pc: number;
  /** The exit of a core run (isa, gp program), not a kernel exit of a jar1 program. */
  readonly core: boolean;
}

/** What the rules look at. */
export interface Facts {
  readonly v: VectorLike;
  /** The code image of a core run (isa, gp program), else null. */
  readonly image: CodeImage | null;
  readonly exits: readonly ExitAt[];
  /** The pcs of the instructions the run started, in order (isa, gp program), else []. */
  readonly executed: readonly number[];
  /** The accessible pages of the input (isa, gp program; address and length in bytes), else []. */
  readonly pages: readonly PageJson[];
  /** The first pc of the run (isa, gp program), else null. */
  readonly entry: number | null;
  /** The load result of a jar1 decode or program vector: null when accepted or not a load. */
  readonly loadClass: string | null;
}

// ---------------------------------------------------------------------------------------------
// Code facts, from the bytes

const opAt = (image: CodeImage | null, pc: number): number | null =>
  image !== null && pc >= 0 && pc < image.code.length && (image.bitmask[pc] ?? 0) !== 0 ? image.code[pc] ?? 0 : null;
const byteAt = (image: CodeImage, i: number): number => (i >= 0 && i < image.code.length ? image.code[i] ?? 0 : 0);
const nameOf = (op: number | null): string | null => (op === null ? null : OPCODES.get(op)?.name ?? null);
const isStore = (op: number | null): boolean => nameOf(op)?.startsWith('store_') ?? false;
const isLoad = (op: number | null): boolean => /^load_(ind_)?[ui](8|16|32|64)$/.test(nameOf(op) ?? '');
const isThreeReg = (op: number | null): boolean => op !== null && op >= 190 && op <= 230;
const isStaticJump = (op: number | null): boolean => op !== null && (op === 40 || op === 80 || (op >= 81 && op <= 90) || (op >= 170 && op <= 175));
const isDynamicJump = (op: number | null): boolean => op === 50 || op === 180;
/** The uncapped skip is more than 24: no instruction start among the 25 bytes after pc, all inside the code. */
function skipCapped(image: CodeImage, pc: number): boolean {
  if (pc + 25 >= image.code.length) return false; // a position past the end counts as a start
  for (let j = 1; j <= 25; j++) if ((image.bitmask[pc + j] ?? 0) !== 0) return false;
  return true;
}
const pageOf = (pages: readonly PageJson[], address: bigint): PageJson | undefined =>
  pages.find((p) => BigInt(p.address) <= address && address < BigInt(p.address) + BigInt(p.length));

// ---------------------------------------------------------------------------------------------
// The run's instructions (a model run, one instruction at a time)

const TRACE_LIMIT = 1_000_000;

function trace(input: CoreRunInput, host: readonly { r7: string; r8: string }[]): number[] {
  const start = modelCore.start;
  if (start === undefined) return [];
  const s = start(input);
  const pcs: number[] = [];
  let answered = 0;
  for (let n = 0; n < TRACE_LIMIT; n++) {
    const pc = s.pc;
    const r = s.run(1);
    if (r.exit === null) {
      pcs.push(pc);
      continue;
    }
    if (r.exit.kind !== 'oog') pcs.push(pc);
    const answer = host[answered];
    if ((r.exit.kind === 'ecalli' || r.exit.kind === 'ecall') && answer !== undefined) {
      answered++;
      s.setReg(7, fromU64(answer.r7));
      s.setReg(8, fromU64(answer.r8));
      continue;
    }
    break;
  }
  return pcs;
}

/** The facts of a vector. */
export function factsOf(v: VectorLike): Facts {
  const none = { image: null, exits: [], executed: [], pages: [], entry: null, loadClass: null };
  if (v.runner === 'isa') {
    const input = v.input as IsaInput;
    const expected = v.expected as IsaExpected;
    const image = codeFrom(input.code);
    const run: CoreRunInput = {
      profile: v.profile, image, pc: input.pc, gas: fromU64(input.gas), regs: regsFrom(input.regs),
      pages: input.pages, memory: memoryFrom(input.memory), memoryPages: input.memoryPages,
    };
    const exits = expected.exit === null ? [] : [{ exit: expected.exit, pc: expected.pc, core: true }];
    return { v, image, exits, executed: trace(run, []), pages: input.pages, entry: input.pc, loadClass: null };
  }
  if (v.runner === 'program' && v.profile === 'gp') {
    const input = v.input as GpProgramInput;
    const expected = v.expected as GpProgramExpected;
    const parsed = parseCode('gp', fromHex(input.blob));
    const image = parsed.ok ? parsed.value : null;
    const exits = expected.exits.flatMap((s) => (s.exit === null ? [] : [{ exit: s.exit, pc: s.pc, core: true }]));
    const executed = image === null ? [] : trace({
      profile: 'gp', image, pc: input.pc, gas: fromU64(input.gas), regs: regsFrom(input.regs), pages: input.pages, memory: memoryFrom(input.memory),
    }, input.host);
    return { v, image, exits, executed, pages: input.pages, entry: input.pc, loadClass: null };
  }
  if (v.runner === 'program') {
    const expected = v.expected as Jar1ProgramExpected;
    const exits = expected.exits.flatMap((s) => (s.exit === null ? [] : [{ exit: s.exit, pc: s.pc, core: false }]));
    return { ...none, v, exits, loadClass: expected.accepted ? null : expected.class ?? 'rejected' };
  }
  if (v.runner === 'decode' && v.profile === 'jar1') {
    const expected = v.expected as DecodeExpected;
    return { ...none, v, loadClass: expected.accepted ? null : expected.class ?? 'rejected' };
  }
  return { ...none, v };
}

// ---------------------------------------------------------------------------------------------
// The rules

export interface Rule {
  readonly note: string;
  /** When the vector depends on the note's decision, in one sentence. */
  readonly says: string;
  readonly applies: (f: Facts) => boolean;
}

const exitsOf = (f: Facts, kind: string): ExitAt[] => f.exits.filter((e) => e.exit.kind === kind);
const coreExits = (f: Facts, kind: string): ExitAt[] => exitsOf(f, kind).filter((e) => e.core);
const ranOp = (f: Facts, p: (op: number, pc: number) => boolean): boolean =>
  f.executed.some((pc) => {
    const op = opAt(f.image, pc);
    return op !== null && p(op, pc);
  });
const panicsAt = (f: Facts, p: (op: number | null, pc: number) => boolean): boolean => coreExits(f, 'panic').some((e) => p(opAt(f.image, e.pc), e.pc));
const faultAddress = (e: ExitAt): bigint | null => (e.exit.kind === 'fault' ? fromU64(e.exit.address) : null);
/** An exit inside a gas block: an instruction after it would have been charged with it. */
const insideBlock = (f: Facts, e: ExitAt): boolean => {
  if (f.image === null) return false;
  if (e.pc >= f.image.code.length) return true; // the implicit trap, counted in the block that reached it
  const op = opAt(f.image, e.pc);
  return op === null || !isTerminator(op);
};
const reg = (nibble: number): number => Math.min(12, nibble);
/** Args that only fail to place: the blob loads without them. */
const argsRejected = (f: Facts): boolean => {
  if (f.v.runner !== 'program' || f.loadClass !== 'out_of_bounds') return false;
  const input = f.v.input as Jar1ProgramInput;
  return input.args.length > 0 && loadJar1(fromHex(input.blob), { gas: 0n }).ok;
};

export const RULES: readonly Rule[] = [
  {
    note: '0003', says: 'a three-register instruction whose destination byte B2 gives different registers as min(12, B2) and min(12, B2 & 15) is executed',
    applies: (f) => ranOp(f, (op, pc) => isThreeReg(op) && f.image !== null && reg(byteAt(f.image, pc + 2)) !== reg(byteAt(f.image, pc + 2) & 15)),
  },
  {
    note: '0004', says: 'load_imm_jump_ind (180) is executed with rA = rB, or panics (its φ[rA] write persists)',
    applies: (f) => ranOp(f, (op, pc) => op === 180 && f.image !== null && reg(byteAt(f.image, pc + 1) & 15) === reg(byteAt(f.image, pc + 1) >> 4))
      || panicsAt(f, (op) => op === 180),
  },
  {
    note: '0005', says: 'a dynamic jump (50, 180) panics, or a core run halts (the halt address)',
    applies: (f) => panicsAt(f, (op) => isDynamicJump(op)) || coreExits(f, 'halt').length > 0,
  },
  {
    note: '0006', says: 'a static jump or branch panics (its target is not a basic-block start)',
    applies: (f) => panicsAt(f, (op) => isStaticJump(op)),
  },
  { note: '0007', says: 'the run exits with a page fault (its address is the page base)', applies: (f) => exitsOf(f, 'fault').length > 0 },
  {
    note: '0009', says: 'a store faults on a read-only page of the input',
    applies: (f) => coreExits(f, 'fault').some((e) => {
      const a = faultAddress(e);
      return a !== null && isStore(opAt(f.image, e.pc)) && pageOf(f.pages, a)?.access === 'R';
    }),
  },
  { note: '0010', says: 'a core run ends out of gas (gas 0, pc at the block start)', applies: (f) => coreExits(f, 'oog').length > 0 },
  { note: '0014', says: 'ecall (3) is executed (it ends a gas block)', applies: (f) => ranOp(f, (op) => op === 3) || coreExits(f, 'ecall').length > 0 },
  { note: '0015', says: 'the run panics at opcode 101 (sbrk)', applies: (f) => panicsAt(f, (op) => op === 101) },
  { note: '0016', says: 'the run traps at pc ≥ |code|', applies: (f) => coreExits(f, 'trap').some((e) => f.image !== null && e.pc >= f.image.code.length) },
  { note: '0017', says: 'the run panics at an instruction start whose opcode is not in the table', applies: (f) => panicsAt(f, (op) => op !== null && !OPCODES.has(op)) },
  {
    note: '0018', says: 'the run panics at its entry pc, which is inside the code but not an instruction start',
    applies: (f) => panicsAt(f, (op, pc) => op === null && pc === f.entry && f.image !== null && pc < f.image.code.length),
  },
  {
    note: '0019', says: 'a jar1 blob is rejected as out_of_bounds (not by its args) or invalid_code',
    applies: (f) => (f.loadClass === 'out_of_bounds' && !argsRejected(f)) || f.loadClass === 'invalid_code',
  },
  {
    note: '0021', says: 'a jar1 program is charged init gas (DATA pages), or rejected as too_many_pages',
    applies: (f) => f.loadClass === 'too_many_pages'
      || (f.v.runner === 'program' && f.v.profile === 'jar1' && (f.v.expected as Jar1ProgramExpected).accepted && fromU64((f.v.expected as Jar1ProgramExpected).initGas) !== 0n),
  },
  {
    note: '0022', says: 'a jar1 program is given non-empty args (placed, or rejected as out_of_bounds only because of them)',
    applies: (f) => f.v.runner === 'program' && f.v.profile === 'jar1' && ((f.v.expected as Jar1ProgramExpected).accepted ? (f.v.input as Jar1ProgramInput).args.length > 0 : argsRejected(f)),
  },
  { note: '0023', says: 'the run exits with a page fault (pc kept at the faulting instruction)', applies: (f) => exitsOf(f, 'fault').length > 0 },
  { note: '0024', says: 'an instruction whose skip is capped at 24 is executed', applies: (f) => ranOp(f, (_op, pc) => f.image !== null && skipCapped(f.image, pc)) },
  {
    note: '0025', says: 'a core run exits at ecalli with an id ≥ 2^31 (the sign-extended immediate, low 32 bits)',
    applies: (f) => coreExits(f, 'ecalli').some((e) => e.exit.kind === 'ecalli' && e.exit.id >= 0x8000_0000),
  },
  {
    note: '0026', says: 'gp: a core run ends out of gas, or faults, panics or traps inside a gas block (charged at block entry)',
    applies: (f) => f.v.profile === 'gp' && f.exits.some((e) => e.core && (e.exit.kind === 'oog' || (['fault', 'panic', 'trap'].includes(e.exit.kind) && insideBlock(f, e)))),
  },
  {
    note: '0027', says: 'gp: a load or store panics (guard zone); jar1: a fault below 0x10000 (no guard zone)',
    applies: (f) => (f.v.profile === 'gp' && panicsAt(f, (op) => isLoad(op) || isStore(op)))
      || (f.v.profile === 'jar1' && exitsOf(f, 'fault').some((e) => (faultAddress(e) ?? 0x10000n) < 0x10000n)),
  },
  { note: '0028', says: 'unlikely (2) is executed (it ends a gas block)', applies: (f) => ranOp(f, (op) => op === 2) },
  { note: '0031', says: 'a jar1 blob is rejected as bad_magic', applies: (f) => f.loadClass === 'bad_magic' },
  { note: '0053', says: 'a jar1 blob is rejected as too_many_code_caps', applies: (f) => f.loadClass === 'too_many_code_caps' },
  { note: '0055', says: 'a core run exits at a host call (ecalli, ecall) with the next pc', applies: (f) => coreExits(f, 'ecalli').length > 0 || coreExits(f, 'ecall').length > 0 },
];

/** The notes whose decision the vector's expected value depends on (RULES), sorted. */
export function notesExercised(v: VectorLike): string[] {
  const f = factsOf(v);
  return RULES.filter((r) => r.applies(f)).map((r) => r.note).sort();
}

/** The rules that apply to a vector, with their sentences (for reports). */
export function rulesExercised(v: VectorLike): Rule[] {
  const f = factsOf(v);
  return RULES.filter((r) => r.applies(f));
}
